use sea_orm::entity::prelude::*;

/// A volunteer team under a community, an organisation or an association, guided by a social worker.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "volunteer_teams")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    pub region_code: String,
    /// community, organization or association
    pub kind: String,
    pub organization_id: Option<i64>,
    pub guide_social_worker_id: Option<i64>,
    pub founded_on: Date,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
