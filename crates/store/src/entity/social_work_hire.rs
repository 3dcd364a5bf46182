use sea_orm::entity::prelude::*;

/// A social worker hired into a post; `ended_on` and the reason once they leave it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "social_work_hires")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub post_id: i64,
    pub social_worker_id: i64,
    pub region_code: String,
    pub hired_on: Date,
    pub ended_on: Option<Date>,
    #[sea_orm(column_type = "Text", nullable)]
    pub exit_reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
