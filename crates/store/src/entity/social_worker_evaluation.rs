use super::Stored;
use domain::social_work::evaluation::Grade;
use sea_orm::entity::prelude::*;

/// A social worker's evaluation for one year (5A); scores and total in tenths of a point.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "social_worker_evaluations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub social_worker_id: i64,
    pub region_code: String,
    pub year: i32,
    /// The survey whose satisfaction the evaluation took.
    pub survey_id: i64,
    pub quality: i32,
    pub results: i32,
    pub satisfaction: i32,
    pub total: i32,
    pub grade: Stored<Grade>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
