use sea_orm::entity::prelude::*;

/// A stack of paper ballots, counted once two tellers' entries of it agree.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "paper_batches")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub election_id: i64,
    /// 1: the first round; 2: the further round.
    pub round: i32,
    pub number: i32,
    /// The agreed ballots (JSON list of `Ballot`), once two entries match.
    #[sea_orm(column_type = "Text", nullable)]
    pub confirmed_content: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
