use super::Stored;
use domain::organization::complaint::{ComplaintStatus, Finding};
use sea_orm::entity::prelude::*;

/// A complaint about a social organisation from anyone, followed by tracking number.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "org_complaints")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub tracking_number: String,
    pub organization_id: i64,
    /// The organisation's region and unit when filed: where the complaint is routed.
    pub region_code: String,
    pub supervising_unit_id: i64,
    pub subject: String,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    pub complainant: String,
    pub phone: String,
    pub filed_on: Date,
    pub deadline: Date,
    pub status: Stored<ComplaintStatus>,
    pub finding: Option<Stored<Finding>>,
    #[sea_orm(column_type = "Text", nullable)]
    pub outcome: Option<String>,
    pub handled_by: Option<String>,
    pub closed_on: Option<Date>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
