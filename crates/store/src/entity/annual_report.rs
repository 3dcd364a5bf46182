use super::Stored;
use domain::organization::inspection::{Conclusion, PartyForm};
use sea_orm::entity::prelude::*;

/// One organisation's annual report for a year, and the inspection of it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "annual_reports")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organization_id: i64,
    pub year: i32,
    pub filed_on: Date,
    #[sea_orm(column_type = "Text")]
    pub activities: String,
    pub income_fen: i64,
    pub expenditure_fen: i64,
    pub net_assets_fen: i64,
    pub staff: i32,
    pub party_members: i32,
    pub party_form: Stored<PartyForm>,
    #[sea_orm(column_type = "Text", nullable)]
    pub unit_opinion: Option<String>,
    pub unit_reviewed_by: Option<String>,
    pub unit_reviewed_on: Option<Date>,
    pub conclusion: Option<Stored<Conclusion>>,
    pub concluded_by: Option<String>,
    pub concluded_on: Option<Date>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
