use sea_orm::entity::prelude::*;

/// A hire into a professional post that the certificate gate refused (5A), kept for the
/// region's figures; `code` is the refusal's violation code.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "social_work_gate_refusals")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub post_id: i64,
    pub social_worker_id: i64,
    pub region_code: String,
    pub hired_on: Date,
    pub code: String,
    pub refused_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
