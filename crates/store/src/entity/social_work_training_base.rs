use sea_orm::entity::prelude::*;

/// A social-work training base (社会工作实训基地, 5C) recognised in a region.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "social_work_training_bases")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub region_code: String,
    pub name: String,
    /// The registered organisation that hosts it; none for a public body.
    pub host_organization_id: Option<i64>,
    /// The public body that hosts it, when no organisation does.
    pub host_name: String,
    /// Service-field names, comma-separated.
    pub fields: String,
    pub recognised_on: Date,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
