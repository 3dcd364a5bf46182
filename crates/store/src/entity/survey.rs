use super::Stored;
use domain::survey::SubjectKind;
use sea_orm::entity::prelude::*;

/// A satisfaction survey about one subject, open for a period, answered with one-time codes.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "surveys")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub title: String,
    pub subject_kind: Stored<SubjectKind>,
    pub subject_id: i64,
    /// The subject's region: whoever keeps the subject keeps the survey.
    pub region_code: String,
    pub opens_on: Date,
    pub closes_on: Date,
    /// The rated questions, a JSON array of texts.
    pub questions: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
