use super::Stored;
use domain::organization::Category;
use sea_orm::entity::prelude::*;

/// A community-level organisation filed with its township (备案), not registered.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "community_org_filings")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub township_code: String,
    /// The community (or the township itself) where it is active.
    pub region_code: String,
    pub name: String,
    pub category: Stored<Category>,
    pub leader: String,
    pub members: i32,
    #[sea_orm(column_type = "Text")]
    pub activities: String,
    pub filed_on: Date,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
