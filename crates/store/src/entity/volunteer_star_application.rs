use sea_orm::entity::prelude::*;

/// A volunteer's application for a star level, its public notice and the office's decision.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "volunteer_star_applications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub volunteer_id: i64,
    pub region_code: String,
    pub level: i32,
    pub minutes: i64,
    /// applied, notice, awarded or refused
    pub status: String,
    pub applied_by: String,
    pub applied_at: DateTimeUtc,
    pub notice_starts_on: Option<Date>,
    pub notice_ends_on: Option<Date>,
    pub refusal_reason: Option<String>,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTimeUtc>,
    pub awarded_on: Option<Date>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
