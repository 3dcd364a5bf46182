use sea_orm::entity::prelude::*;

/// A continuing-education record; durations in minutes (to the half hour).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "social_worker_trainings")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub social_worker_id: i64,
    pub region_code: String,
    pub course: String,
    pub provider: String,
    pub minutes: i32,
    pub completed_on: Date,
    /// Set when the record is attendance of the city's yearly course.
    pub city_course_id: Option<i64>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
