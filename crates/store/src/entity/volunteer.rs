use sea_orm::entity::prelude::*;

/// A real-name volunteer (5E): one per person, numbered when registered.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "volunteers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub person_id: i64,
    pub number: Option<String>,
    pub region_code: String,
    /// pending (self-registered, awaiting approval), active or merged
    pub status: String,
    /// The organisation that approves a self-registration, if one was chosen.
    pub organization_id: Option<i64>,
    pub account_id: Option<i64>,
    pub skills: String,
    pub availability: String,
    /// Service-field codes, comma-separated.
    pub service_fields: String,
    pub consent_to_publish: bool,
    pub merged_into: Option<i64>,
    pub created_at: DateTimeUtc,
    pub approved_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
