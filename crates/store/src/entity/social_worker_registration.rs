use sea_orm::entity::prelude::*;

/// One registration period: the first (from an application or imported) or a renewal.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "social_worker_registrations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub social_worker_id: i64,
    pub region_code: String,
    /// `first`, `renewal` or `imported`.
    pub kind: String,
    pub starts_on: Date,
    pub valid_until: Date,
    pub application_id: Option<i64>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
