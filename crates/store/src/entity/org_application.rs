use super::Stored;
use domain::organization::application::{ApplicationKind, ApplicationStatus};
use sea_orm::entity::prelude::*;

/// A change or deregistration an organisation applied for, and the two steps on it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "org_applications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organization_id: i64,
    pub region_code: String,
    pub supervising_unit_id: i64,
    pub kind: Stored<ApplicationKind>,
    /// The facts to change, as JSON (empty object for a deregistration).
    #[sea_orm(column_type = "Text")]
    pub changes: String,
    #[sea_orm(column_type = "Text")]
    pub reason: String,
    pub filed_by: String,
    pub filed_on: Date,
    pub status: Stored<ApplicationStatus>,
    #[sea_orm(column_type = "Text", nullable)]
    pub unit_opinion: Option<String>,
    pub unit_by: Option<String>,
    pub unit_on: Option<Date>,
    #[sea_orm(column_type = "Text", nullable)]
    pub decision_note: Option<String>,
    pub decided_by: Option<String>,
    pub decided_on: Option<Date>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
