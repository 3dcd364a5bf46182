use super::Stored;
use domain::social_work::supervision::SessionForm;
use sea_orm::entity::prelude::*;

/// One supervision session on a relation.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "supervision_sessions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub supervision_id: i64,
    pub region_code: String,
    pub held_on: Date,
    pub minutes: i32,
    pub form: Stored<SessionForm>,
    pub topic: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
