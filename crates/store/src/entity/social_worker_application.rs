use super::Stored;
use domain::social_work::registration::ApplicationState;
use sea_orm::entity::prelude::*;

/// An application for first registration and the steps taken on it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "social_worker_applications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub social_worker_id: i64,
    pub region_code: String,
    pub state: Stored<ApplicationState>,
    pub submitted_on: Date,
    pub first_review_on: Option<Date>,
    pub first_review_by: Option<String>,
    pub final_review_on: Option<Date>,
    pub final_review_by: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub note: Option<String>,
    pub registered_on: Option<Date>,
    pub certificate_issued_on: Option<Date>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
