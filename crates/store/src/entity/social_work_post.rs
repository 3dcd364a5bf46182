use super::Stored;
use domain::social_work::ServiceField;
use domain::social_work::pay::EmployerKind;
use sea_orm::entity::prelude::*;

/// A social-work post (5D) with its service field; a professional post is under the gate.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "social_work_posts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub title: String,
    pub region_code: String,
    pub service_field: Stored<ServiceField>,
    pub professional: bool,
    pub organization_id: Option<i64>,
    /// Bought by government (政府购买岗位); the purchase itself is kept with the funding.
    pub purchased: bool,
    /// Where the post is: the title allowance is for community posts.
    pub employer_kind: Stored<EmployerKind>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
