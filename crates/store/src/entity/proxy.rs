use super::Stored;
use domain::governance::register::Kinship;
use sea_orm::entity::prelude::*;

/// A written proxy from one voter to a close relative who votes for them (Art. 25).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "proxies")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub election_id: i64,
    pub grantor_id: i64,
    pub holder_id: i64,
    pub kinship: Stored<Kinship>,
    pub filed_on: Date,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
