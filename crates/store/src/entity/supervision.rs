use sea_orm::entity::prelude::*;

/// A supervision relation (督导, 5C): a supervisor (a social worker or an external pool
/// expert) and a supervised social worker, over a span of days.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "supervisions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The supervised worker's region.
    pub region_code: String,
    pub social_worker_id: i64,
    pub supervisor_worker_id: Option<i64>,
    /// Set only for an external expert; a social worker in the pool is named above.
    pub supervisor_expert_id: Option<i64>,
    pub starts_on: Date,
    /// The last day, included.
    pub ends_on: Option<Date>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
