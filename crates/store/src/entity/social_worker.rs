use super::Stored;
use domain::social_work::CertificateLevel;
use sea_orm::entity::prelude::*;

/// A social worker: a person (one row of `persons`) with their certificate and education.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "social_workers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub person_id: i64,
    /// The region whose office keeps the record.
    pub region_code: String,
    pub certificate_level: Option<Stored<CertificateLevel>>,
    pub certificate_number: Option<String>,
    pub certificate_obtained_on: Option<Date>,
    pub degree: String,
    pub major: String,
    /// The day a social-work degree was completed, if the worker holds one.
    pub social_work_degree_on: Option<Date>,
    pub account_id: Option<i64>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
