use sea_orm::entity::prelude::*;

/// Classified supervision as data: which unit supervises a category of organisations
/// registered by a civil-affairs authority (a city's rules serve its counties that have none).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "supervision_rules")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub authority_code: String,
    pub category: String,
    pub unit_id: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
