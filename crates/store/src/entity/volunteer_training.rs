use sea_orm::entity::prelude::*;

/// Training a volunteer received, social-work skills marked (5E).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "volunteer_trainings")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub volunteer_id: i64,
    pub title: String,
    pub provider: String,
    pub minutes: i32,
    pub trained_on: Date,
    pub social_work_skills: bool,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
