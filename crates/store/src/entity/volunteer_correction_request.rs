use sea_orm::entity::prelude::*;

/// A volunteer's request to correct an error or gap in an organiser's record, and its answer.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "volunteer_correction_requests")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub volunteer_id: i64,
    pub chain: String,
    pub about_seq: Option<i64>,
    pub message: String,
    /// open, fixed or refused
    pub status: String,
    pub answer: Option<String>,
    pub answered_by: Option<String>,
    pub created_at: DateTimeUtc,
    pub answered_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
