use super::Stored;
use domain::organization::credit::SanctionKind;
use sea_orm::entity::prelude::*;

/// A sanction on an organisation by its legal kind (warning, fine, suspension, change
/// revoked, revocation, dishonest debtor), or an investigation (open while `closed_on` is
/// empty).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "org_sanctions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organization_id: i64,
    pub kind: Stored<SanctionKind>,
    /// A fine's amount; empty for every other kind.
    pub amount_fen: Option<i64>,
    pub decided_on: Date,
    pub closed_on: Option<Date>,
    #[sea_orm(column_type = "Text")]
    pub reason: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
