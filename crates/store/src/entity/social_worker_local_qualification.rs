use super::Stored;
use domain::social_work::CertificateLevel;
use sea_orm::entity::prelude::*;

/// The qualification the city's own review granted (嘉兴市评审, 5A): a worker without the
/// national exam's schooling, trained and examined by the city, holds its level.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "social_worker_local_qualifications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub social_worker_id: i64,
    pub region_code: String,
    pub level: Stored<CertificateLevel>,
    #[sea_orm(unique)]
    pub number: String,
    pub exam_passed_on: Date,
    pub granted_on: Date,
    pub reviewed_by: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
