use sea_orm::entity::prelude::*;

/// A topic a resident proposes for a meeting; its id is the tracking code.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "meeting_topics")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub region_code: String,
    #[sea_orm(column_type = "Text")]
    pub text: String,
    pub proposer: String,
    pub phone: String,
    pub proposed_on: Date,
    /// `proposed`, `scheduled` or `declined`.
    pub status: String,
    pub meeting_id: Option<i64>,
    #[sea_orm(column_type = "Text", nullable)]
    pub reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
