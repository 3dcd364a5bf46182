use super::Stored;
use domain::social_work::pay::AwardLevel;
use sea_orm::entity::prelude::*;

/// An award a social worker received (5B), and who gave it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "social_worker_awards")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub social_worker_id: i64,
    pub region_code: String,
    pub title: String,
    pub awarding_body: String,
    pub level: Stored<AwardLevel>,
    pub awarded_on: Date,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
