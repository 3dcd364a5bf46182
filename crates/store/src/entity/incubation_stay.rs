use super::Stored;
use domain::organization::cultivation::Graduation;
use sea_orm::entity::prelude::*;

/// A group hosted at an incubation base, from entry to graduation.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "incubation_stays")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub base_id: i64,
    /// The group's name while hosted (it may not be registered yet).
    pub name: String,
    /// The registered organisation, once there is one.
    pub organization_id: Option<i64>,
    pub entered_on: Date,
    pub graduated_on: Option<Date>,
    /// registered, filed or withdrawn, set at graduation.
    pub outcome: Option<Stored<Graduation>>,
    #[sea_orm(column_type = "Text")]
    pub note: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
