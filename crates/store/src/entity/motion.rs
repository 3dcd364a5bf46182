use super::Stored;
use domain::governance::meeting::FollowUp;
use sea_orm::entity::prelude::*;

/// A motion put to a meeting, its votes, and the follow-up of a decision.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "motions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub meeting_id: i64,
    pub position: i32,
    #[sea_orm(column_type = "Text")]
    pub text: String,
    pub yes: i32,
    pub no: i32,
    pub abstain: i32,
    /// `pending`, `in_progress` or `done`.
    pub follow_up: Stored<FollowUp>,
    #[sea_orm(column_type = "Text", nullable)]
    pub follow_up_note: Option<String>,
    pub done_on: Option<Date>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
