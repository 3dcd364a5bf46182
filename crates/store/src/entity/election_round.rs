use sea_orm::entity::prelude::*;

/// A round after the first of one election: the further round (另行选举) or a new vote
/// between the tied or between kin, held on paper.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "election_rounds")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub election_id: i64,
    /// 2, 3, …; paper batches of the round carry the same number.
    pub number: i32,
    /// The round's ballot (JSON list of `PostSpec`).
    #[sea_orm(column_type = "Text")]
    pub posts: String,
    /// Its count (JSON `RoundResult`), once counted.
    #[sea_orm(column_type = "Text", nullable)]
    pub result: Option<String>,
    pub paper_voters: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
