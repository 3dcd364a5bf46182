use sea_orm::entity::prelude::*;

/// The profile of one village-level unit, keyed by its region code.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "communities")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub region_code: String,
    pub name: String,
    pub urban: bool,
    pub households: i64,
    pub population: i64,
    pub address: String,
    pub phone: String,
    pub contact_person: String,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
