use sea_orm::entity::prelude::*;

/// A social worker's social-insurance contribution for one month (`month` is its first
/// day): what was due on the base, what was paid and when.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "social_worker_contributions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub social_worker_id: i64,
    pub region_code: String,
    pub month: Date,
    pub due_fen: i64,
    pub paid_fen: i64,
    pub paid_on: Option<Date>,
    pub recorded_by: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
