use super::Stored;
use domain::organization::inspection::PartyForm;
use domain::organization::{Category, OrgKind, OrgStatus};
use sea_orm::entity::prelude::*;

/// A registered social organisation.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "organizations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub name: String,
    /// The name without the region names it starts with, for prefix search.
    pub short_name: String,
    #[sea_orm(unique)]
    pub uscc: String,
    pub kind: Stored<OrgKind>,
    pub category: Stored<Category>,
    /// The civil-affairs authority that registered it: a city or a county.
    pub authority_code: String,
    pub region_code: String,
    pub registered_on: Date,
    pub domicile: String,
    pub legal_representative_id: Option<i64>,
    #[sea_orm(column_type = "Text")]
    pub business_scope: String,
    pub registered_capital_fen: i64,
    pub supervising_unit_id: i64,
    pub status: Stored<OrgStatus>,
    pub grade: Option<String>,
    pub grade_expires_on: Option<Date>,
    /// Party-building facts given at registration (4C); empty when not collected.
    pub party_members: Option<i32>,
    pub party_form: Option<Stored<PartyForm>>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::supervising_unit::Entity",
        from = "Column::SupervisingUnitId",
        to = "super::supervising_unit::Column::Id"
    )]
    SupervisingUnit,
}

impl Related<super::supervising_unit::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::SupervisingUnit.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
