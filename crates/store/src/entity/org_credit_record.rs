use super::Stored;
use domain::organization::credit::RecordKind;
use sea_orm::entity::prelude::*;

/// A fact of an organisation's credit file other than a sanction or an annual report: a
/// rectification order, an unsigned registered letter, a finding, a certificate of no
/// direct responsibility, an objection, a removal from the serious list on application.
/// What the dates mean depends on the kind (`domain::organization::credit::RecordKind`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "org_credit_records")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organization_id: i64,
    pub kind: Stored<RecordKind>,
    pub dated_on: Date,
    /// A rectification's deadline, or the day a letter came back unsigned.
    pub until_on: Option<Date>,
    /// The fact a certificate or an objection is about, as `entity:id`.
    pub concerns: Option<String>,
    /// The day the obligation was met (checked by the registrar), or an objection decided.
    pub closed_on: Option<Date>,
    /// An objection's outcome: upheld or rejected.
    pub outcome: Option<String>,
    /// The day the organisation applied for removal, its obligation met: the registrar
    /// checks and removes it within 5 working days.
    pub removal_applied_on: Option<Date>,
    #[sea_orm(column_type = "Text")]
    pub note: String,
    pub recorded_by: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
