use sea_orm::entity::prelude::*;

/// A region's own day from which a professional post needs a certificate (5A); regions
/// without one follow the nearest ancestor that has one, else the national 2012-01-01.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "social_work_gates")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub region_code: String,
    pub certificate_required_from: Date,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
