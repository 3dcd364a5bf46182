use sea_orm::entity::prelude::*;

/// A person holding a post in a community body; `ended_on` set once they leave it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "posts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub body_id: i64,
    pub person_id: i64,
    pub region_code: String,
    pub title: String,
    pub employment: String,
    pub started_on: Date,
    pub ended_on: Option<Date>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
