use sea_orm::entity::prelude::*;

/// A secret ballot. Slots are made empty, with random ids (sorted, so the table keeps them
/// in id order), when voting codes are issued; casting fills an empty slot from a run that
/// starts at a random id, and the slot's id is the voter's receipt.
/// Nothing here (id, position, time) refers to a voter or to when the ballot was cast.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ballots")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub election_id: i64,
    /// The names written for each post (JSON), once cast.
    #[sea_orm(column_type = "Text", nullable)]
    pub content: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
