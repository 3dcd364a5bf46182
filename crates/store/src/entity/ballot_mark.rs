use sea_orm::entity::prelude::*;

/// That a voter has voted; its primary key makes a second ballot impossible.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ballot_marks")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub voter_id: i64,
    pub election_id: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
