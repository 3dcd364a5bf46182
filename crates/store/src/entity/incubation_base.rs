use sea_orm::entity::prelude::*;

/// An incubation base (孵化基地) that hosts groups on their way to registration (4B).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "incubation_bases")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub region_code: String,
    pub name: String,
    /// Who runs it (often a hub organisation commissioned by civil affairs).
    pub operator: String,
    pub address: String,
    pub opened_on: Date,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
