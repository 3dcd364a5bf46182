use sea_orm::entity::prelude::*;

/// A region's own number of workers one supervisor may have; regions without one follow
/// the nearest ancestor that has one, else the default 40.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "supervision_ratios")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub region_code: String,
    pub workers_per_supervisor: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
