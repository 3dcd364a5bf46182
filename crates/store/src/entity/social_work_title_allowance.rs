use sea_orm::entity::prelude::*;

/// A region's monthly title allowance for community social workers in one year (5B), in
/// fen per certificate level; regions without a row follow the nearest ancestor's.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "social_work_title_allowances")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub region_code: String,
    pub year: i32,
    pub assistant_fen: i64,
    pub intermediate_fen: i64,
    pub senior_fen: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
