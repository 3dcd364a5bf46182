use super::Stored;
use domain::governance::meeting::MeetingKind;
use sea_orm::entity::prelude::*;

/// A residents' meeting, representative meeting or deliberation meeting.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "meetings")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub region_code: String,
    pub kind: Stored<MeetingKind>,
    pub title: String,
    pub held_on: Date,
    pub place: String,
    /// Members of the meeting: the base of its quorum.
    pub members: i32,
    /// JSON list of agenda items.
    #[sea_orm(column_type = "Text")]
    pub agenda: String,
    /// The Art. 10 request the meeting answers, if any.
    pub request_id: Option<i64>,
    /// Members present, once the meeting has been held and recorded.
    pub present: Option<i32>,
    #[sea_orm(column_type = "Text", nullable)]
    pub minutes: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
