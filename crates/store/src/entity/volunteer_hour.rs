use sea_orm::entity::prelude::*;

/// One entry of an organiser's hours ledger: appended, never edited (domain::volunteer::ledger).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "volunteer_hours")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub chain: String,
    pub seq: i64,
    pub volunteer_id: i64,
    pub activity_id: Option<i64>,
    /// RFC 3339 for timed service, YYYY-MM-DD for service recorded by the day.
    pub started_at: String,
    pub served_on: Date,
    pub minutes: i64,
    /// qr, organiser, import, history or confirmation
    pub source: String,
    pub corrects: Option<i64>,
    pub description: String,
    pub recorded_at: String,
    pub recorded_by: String,
    pub prev_hash: String,
    pub hash: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
