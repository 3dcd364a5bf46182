use sea_orm::entity::prelude::*;

/// A secret ballot. Slots are made, empty and in random order, when voting codes are
/// issued; casting fills a random empty slot. Nothing here (id, position, receipt, time)
/// refers to a voter or to when the ballot was cast.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ballots")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub election_id: i64,
    pub receipt: Option<String>,
    /// The names written for each post (JSON), once cast.
    #[sea_orm(column_type = "Text", nullable)]
    pub content: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
