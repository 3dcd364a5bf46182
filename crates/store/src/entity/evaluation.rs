use super::Stored;
use domain::organization::evaluation::EvaluationStatus;
use sea_orm::entity::prelude::*;

/// One organisation's evaluation: applied, scored, published for notice, perhaps asked
/// to be reviewed, and finally granted.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "evaluations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organization_id: i64,
    pub standard_id: i64,
    pub applied_on: Date,
    pub status: Stored<EvaluationStatus>,
    /// Scores per indicator code, JSON.
    #[sea_orm(column_type = "Text", nullable)]
    pub scores: Option<String>,
    pub total: Option<i32>,
    pub grade: Option<String>,
    pub notice_ends_on: Option<Date>,
    #[sea_orm(column_type = "Text", nullable)]
    pub review_reason: Option<String>,
    pub granted_on: Option<Date>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
