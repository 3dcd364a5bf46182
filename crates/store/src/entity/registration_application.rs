use super::Stored;
use domain::organization::application::ApplicationStatus;
use domain::organization::inspection::PartyForm;
use domain::organization::{Category, OrgKind};
use sea_orm::entity::prelude::*;

/// An application to register a new organisation: the founders' proposal, the
/// supervising unit's review and civil affairs' decision, and the organisation it became.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "registration_applications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub tracking_number: String,
    pub name: String,
    pub kind: Stored<OrgKind>,
    pub category: Stored<Category>,
    pub region_code: String,
    /// The civil-affairs authority that decides (the county of the region, or the city).
    pub authority_code: String,
    pub supervising_unit_id: i64,
    pub domicile: String,
    #[sea_orm(column_type = "Text")]
    pub business_scope: String,
    pub registered_capital_fen: i64,
    /// The proposed legal representative, made a person when the application is approved.
    pub legal_representative_name: Option<String>,
    pub legal_representative_id_number: Option<String>,
    pub contact_name: String,
    pub contact_phone: String,
    pub filed_on: Date,
    /// filed, unit_approved, approved or refused.
    pub status: Stored<ApplicationStatus>,
    #[sea_orm(column_type = "Text", nullable)]
    pub unit_opinion: Option<String>,
    pub unit_by: Option<String>,
    pub unit_on: Option<Date>,
    #[sea_orm(column_type = "Text", nullable)]
    pub decision_note: Option<String>,
    pub decided_by: Option<String>,
    pub decided_on: Option<Date>,
    pub organization_id: Option<i64>,
    /// Party-building facts given at registration (4C); empty when not collected.
    pub party_members: Option<i32>,
    pub party_form: Option<Stored<PartyForm>>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
