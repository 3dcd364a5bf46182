use super::Stored;
use domain::social_work::supervision::ExpertLevel;
use sea_orm::entity::prelude::*;

/// A member of a region's expert pool (专家库, 5C): a social worker or an external expert.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "social_work_experts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub region_code: String,
    pub social_worker_id: Option<i64>,
    /// An external expert's name; empty for a social worker.
    pub name: String,
    pub title: String,
    pub employer: String,
    /// Service-field names, comma-separated.
    pub fields: String,
    pub level: Stored<ExpertLevel>,
    pub admitted_on: Date,
    /// The last day in the pool.
    pub left_on: Option<Date>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
