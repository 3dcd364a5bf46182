use super::Stored;
use domain::organization::evaluation::SanctionKind;
use sea_orm::entity::prelude::*;

/// An administrative penalty or an investigation of an organisation (open while
/// `closed_on` is empty).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "org_sanctions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organization_id: i64,
    /// penalty or investigation.
    pub kind: Stored<SanctionKind>,
    pub decided_on: Date,
    pub closed_on: Option<Date>,
    #[sea_orm(column_type = "Text")]
    pub reason: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
