use super::Stored;
use domain::governance::register::Kinship;
use sea_orm::entity::prelude::*;

/// Two voters of one register who are close kin (spouse, parent or child, sibling), so
/// that both cannot sit on the committee (Art. 31). `kinship` is the kin seen from the voter.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "voter_kin")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub election_id: i64,
    pub voter_id: i64,
    pub kin_id: i64,
    pub kinship: Stored<Kinship>,
    pub declared_on: Date,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
