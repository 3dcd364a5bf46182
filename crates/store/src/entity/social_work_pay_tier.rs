use super::Stored;
use domain::social_work::CertificateLevel;
use domain::social_work::pay::{Degree, EmployerKind};
use sea_orm::entity::prelude::*;

/// One row of a region's pay guidance for social workers (5B), in the order typed; a
/// condition left empty asks nothing. Regions without rows follow the nearest ancestor's.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "social_work_pay_tiers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub region_code: String,
    pub position: i32,
    pub certificate_level: Option<Stored<CertificateLevel>>,
    pub min_degree: Option<Stored<Degree>>,
    pub employer_kind: Option<Stored<EmployerKind>>,
    pub min_years: i32,
    pub monthly_fen: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
