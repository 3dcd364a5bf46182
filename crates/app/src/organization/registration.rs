//! Registration applications (4A, the applicant's side of registration): founders file the
//! proposed organisation without an account and follow it by tracking number; the
//! supervising unit that classified supervision assigns reviews it (前置审查), then civil
//! affairs decides and, approving, issues the code: the organisation is registered in the
//! same transaction. Every step is audited.

use chrono::NaiveDate;
use domain::Violation;
use domain::identifiers::phone::{check_contact_phone, mask_phone};
use domain::identifiers::resident_id::ResidentId;
use domain::identifiers::tracking::{parse_tracking_number, tracking_number};
use domain::identity::Permission;
use domain::organization::application::{ApplicationStatus, REGISTRATION_TRACKING_PREFIX, Step, next_status};
use domain::organization::inspection::PartyForm;
use domain::organization::{Category, OrgKind};
use serde::{Deserialize, Serialize};
use store::entity::organization;
use store::entity::registration_application as application;
use store::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder,
};

use super::registry::check_unregistered;
use super::supervision::unit_for;
use super::{NewOrganization, county_of};
use crate::community::posts::find_or_create_person;
use crate::error::{Checks, required_text};
use crate::tx::{Author, Change, WriteTx};
use crate::{Actor, App, AppError};

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct NewRegistration {
    pub name: String,
    /// social_group, private_non_enterprise or foundation.
    pub kind: String,
    /// Decides the supervising unit that reviews the application.
    pub category: String,
    /// The city (a city-level organisation), county or township where it will be domiciled.
    pub region_code: String,
    pub domicile: String,
    pub business_scope: String,
    pub registered_capital_fen: i64,
    pub legal_representative_name: String,
    pub legal_representative_id_number: String,
    /// Party-building facts (4C): party members and the form of party organisation
    /// (none, independent, joint, association_party or instructor).
    pub party_members: i32,
    pub party_form: String,
    /// Who civil affairs calls about the application.
    pub contact_name: String,
    pub contact_phone: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct FiledRegistration {
    pub tracking_number: String,
}

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct RegistrationDecision {
    pub agree: bool,
    /// The unit's opinion or the registrar's note; required either way.
    pub note: String,
    /// The code civil affairs issues when it approves (the registrar's step only).
    pub uscc: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RegistrationView {
    pub id: i64,
    pub tracking_number: String,
    pub name: String,
    #[schema(value_type = String)]
    pub kind: OrgKind,
    #[schema(value_type = String)]
    pub category: Category,
    pub region_name: String,
    pub supervising_unit_id: i64,
    pub supervising_unit: String,
    pub domicile: String,
    pub business_scope: String,
    pub registered_capital_fen: i64,
    pub filed_on: NaiveDate,
    #[schema(value_type = String)]
    pub status: ApplicationStatus,
    pub unit_opinion: Option<String>,
    pub unit_on: Option<NaiveDate>,
    pub decision_note: Option<String>,
    pub decided_on: Option<NaiveDate>,
    /// The registered organisation, once approved.
    pub organization_id: Option<i64>,
    /// Staff only: the legal representative's name and the contact, phone masked.
    pub legal_representative: Option<String>,
    pub contact: Option<String>,
    /// Party-building facts given in the application (4C): members and the form of party
    /// organisation, when the founders gave them.
    pub party_members: Option<i32>,
    #[schema(value_type = Option<String>)]
    pub party_form: Option<PartyForm>,
}

impl App {
    /// Founders apply to register an organisation (anyone, no login).
    pub async fn file_registration(&self, input: NewRegistration) -> Result<FiledRegistration, AppError> {
        let tree = self.regions();
        let proposal = NewOrganization {
            name: input.name,
            kind: input.kind,
            category: input.category,
            region_code: input.region_code,
            domicile: input.domicile,
            legal_representative_name: input.legal_representative_name,
            legal_representative_id_number: input.legal_representative_id_number,
            business_scope: input.business_scope,
            registered_capital_fen: input.registered_capital_fen,
            party_members: input.party_members,
            party_form: input.party_form,
            ..Default::default()
        };
        let mut checks = Checks::default();
        let facts = self.check_facts(&mut checks, &tree, &proposal);
        let contact_name = checks.field("contact_name", required_text(&input.contact_name, 40));
        let contact_phone = checks.field("contact_phone", check_contact_phone(&input.contact_phone));
        let (facts, contact_name, contact_phone) = checks.finish_with((facts, contact_name, contact_phone))?;
        let (authority, _) = county_of(&tree, &facts.region);
        let unit = unit_for(&self.db, &tree, &authority, facts.category)
            .await?
            .ok_or_else(|| AppError::invalid("category", Violation::new("supervision-rule-missing")))?;
        let filed_on = self.settings.today();
        let number = tracking_number(REGISTRATION_TRACKING_PREFIX, filed_on, &rand::random());
        // The representative is not looked up among persons here: a mismatch would tell an
        // anonymous caller whose ID number it is. Approval makes them a person.
        let (representative_name, representative_id) = match &facts.representative {
            Some((who, id)) => (Some(who.clone()), Some(id.as_str().to_string())),
            None => (None, None),
        };
        let mut tx = WriteTx::begin(self, Author::system()).await?;
        check_name_unclaimed(tx.conn(), &facts.name).await?;
        let id = application::Entity::insert(application::ActiveModel {
            tracking_number: Set(number.clone()),
            name: Set(facts.name.clone()),
            kind: Set(facts.kind.into()),
            category: Set(facts.category.into()),
            region_code: Set(facts.region.clone()),
            authority_code: Set(authority),
            supervising_unit_id: Set(unit),
            domicile: Set(facts.domicile),
            business_scope: Set(facts.business_scope),
            registered_capital_fen: Set(facts.capital_fen),
            party_members: Set(facts.party.map(|(members, _)| members)),
            party_form: Set(facts.party.map(|(_, form)| form.into())),
            legal_representative_name: Set(representative_name),
            legal_representative_id_number: Set(representative_id),
            contact_name: Set(contact_name),
            contact_phone: Set(contact_phone),
            filed_on: Set(filed_on),
            status: Set(ApplicationStatus::Filed.into()),
            ..Default::default()
        })
        .exec(tx.conn())
        .await?
        .last_insert_id;
        // Who applied stays out of the trail: staff who may see the row see the contact.
        let after = serde_json::json!({ "name": facts.name, "kind": facts.kind, "category": facts.category,
            "supervising_unit_id": unit, "party": facts.party });
        tx.record(Change::new("file", "registration_application", id, &facts.region).after(&after)).await?;
        tx.commit().await?;
        Ok(FiledRegistration { tracking_number: number })
    }

    async fn registration_view(&self, row: application::Model, staff: bool) -> Result<RegistrationView, AppError> {
        let tree = self.regions();
        let units = self.unit_names().await?;
        Ok(RegistrationView {
            kind: row.kind.0,
            category: row.category.0,
            status: row.status.0,
            region_name: tree.get(&row.region_code).map(|n| n.name.clone()).unwrap_or_default(),
            supervising_unit: units.get(&row.supervising_unit_id).cloned().unwrap_or_default(),
            contact: staff.then(|| format!("{} {}", row.contact_name, mask_phone(&row.contact_phone))),
            legal_representative: row.legal_representative_name.filter(|_| staff),
            id: row.id,
            supervising_unit_id: row.supervising_unit_id,
            tracking_number: row.tracking_number,
            name: row.name,
            domicile: row.domicile,
            business_scope: row.business_scope,
            registered_capital_fen: row.registered_capital_fen,
            filed_on: row.filed_on,
            unit_opinion: row.unit_opinion,
            unit_on: row.unit_on,
            decision_note: row.decision_note,
            decided_on: row.decided_on,
            organization_id: row.organization_id,
            party_members: row.party_members,
            party_form: row.party_form.map(|form| form.0),
        })
    }

    /// An application by tracking number, as its founders see it (no contact details).
    pub async fn public_registration(&self, tracking: &str) -> Result<RegistrationView, AppError> {
        let number = parse_tracking_number(REGISTRATION_TRACKING_PREFIX, tracking).map_err(|_| AppError::NotFound)?;
        let row = application::Entity::find()
            .filter(application::Column::TrackingNumber.eq(number))
            .one(&self.db)
            .await?
            .ok_or(AppError::NotFound)?;
        self.registration_view(row, false).await
    }

    /// The applications the actor acts on: their supervising unit's, or those whose
    /// authority lies in a region where they register; newest first.
    pub async fn registrations(&self, actor: &Actor) -> Result<Vec<RegistrationView>, AppError> {
        let tree = self.regions();
        let mut any = Condition::any();
        let units = actor.supervising_units();
        if !units.is_empty() {
            any = any.add(application::Column::SupervisingUnitId.is_in(units));
        }
        let mut authorities: Vec<String> = Vec::new();
        for node in actor.regions_with(Permission::RegisterOrganizations).into_iter().filter_map(|c| tree.get(c)) {
            authorities.extend(tree.codes_with_path_prefix(&node.path).into_iter().filter(|c| c.len() <= 6));
        }
        if !authorities.is_empty() {
            any = any.add(application::Column::AuthorityCode.is_in(authorities));
        }
        if any.is_empty() {
            return Err(AppError::NotFound);
        }
        let rows = application::Entity::find().filter(any).order_by_desc(application::Column::Id).all(&self.db).await?;
        let mut views = Vec::with_capacity(rows.len());
        for row in rows {
            views.push(self.registration_view(row, true).await?);
        }
        Ok(views)
    }

    /// The supervising unit's review, then civil affairs' decision; approval registers the
    /// organisation under the code the registrar issues.
    pub async fn decide_registration(
        &self,
        actor: &Actor,
        id: i64,
        step: Step,
        input: RegistrationDecision,
    ) -> Result<(), AppError> {
        let found = application::Entity::find_by_id(id).one(&self.db).await?.ok_or(AppError::NotFound)?;
        let tree = self.regions();
        let may = match step {
            Step::Unit => actor.supervising_units().contains(&found.supervising_unit_id),
            Step::Registrar => actor.may(Permission::RegisterOrganizations, &found.authority_code, &tree),
        };
        if !may {
            let sees = actor.supervising_units().contains(&found.supervising_unit_id)
                || actor.may(Permission::RegisterOrganizations, &found.authority_code, &tree);
            return Err(if sees { AppError::Forbidden } else { AppError::NotFound });
        }
        let note = required_text(&input.note, 2000).map_err(|v| AppError::invalid("note", v))?;
        let status = found.status.0;
        let next = next_status(status, step, input.agree).map_err(|v| AppError::Conflict(v.on("agree")))?;
        // Approval registers: the code is checked against the proposed kind like any registration.
        let registration = if next == ApplicationStatus::Approved {
            let proposal = NewOrganization {
                name: found.name.clone(),
                uscc: input.uscc.clone(),
                kind: found.kind.into(),
                category: found.category.into(),
                region_code: found.region_code.clone(),
                registered_on: self.settings.today().to_string(),
                domicile: found.domicile.clone(),
                business_scope: found.business_scope.clone(),
                registered_capital_fen: found.registered_capital_fen,
                party_members: found.party_members.unwrap_or(0),
                party_form: found.party_form.map(String::from).unwrap_or_default(),
                ..Default::default()
            };
            let checked = self.check_organization(&tree, &proposal)?;
            let representative = match (&found.legal_representative_name, &found.legal_representative_id_number) {
                (Some(who), Some(number)) => {
                    let id = ResidentId::parse(number, self.settings.today())
                        .map_err(|_| AppError::Internal("stored ID number".into()))?;
                    Some((who.clone(), id))
                }
                _ => None,
            };
            Some((checked, representative))
        } else {
            None
        };
        let today = self.settings.today();
        let (region, authority, unit) =
            (found.region_code.clone(), found.authority_code.clone(), found.supervising_unit_id);
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let mut row = found.into_active_model();
        row.status = Set(next.into());
        mark_step!(row, step, &note, &actor.display_name, today);
        if let Some((checked, representative)) = registration {
            check_unregistered(tx.conn(), &checked.facts.name, checked.uscc.as_str()).await?;
            // Made a person only now; a name that disagrees with a known ID number is for the
            // registrar to resolve (409), never shown to the applicant.
            let representative = match &representative {
                Some((who, id)) => Some(find_or_create_person(&mut tx, &region, who, id, "").await?),
                None => None,
            };
            let organization = self.insert_registration(&mut tx, checked, authority, unit, representative).await?;
            row.organization_id = Set(Some(organization));
        }
        row.update(tx.conn()).await?;
        let action = if input.agree { "approve" } else { "refuse" };
        let after = serde_json::json!({ "status": next, "note": note });
        tx.record(Change::new(action, "registration_application", id, &region).after(&after)).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// 409 when the name is registered or another application for it is open. Run inside the
/// filing's transaction: applications have no unique name (a refused one frees it), so
/// only the serialised check keeps two filings at once from both getting in.
async fn check_name_unclaimed(conn: &impl ConnectionTrait, name: &str) -> Result<(), AppError> {
    let registered = organization::Entity::find().filter(organization::Column::Name.eq(name)).one(conn).await?;
    if registered.is_some() {
        return Err(AppError::Conflict(Violation::new("name-taken").on("name")));
    }
    let pending = application::Entity::find()
        .filter(application::Column::Name.eq(name))
        .filter(application::Column::Status.is_in(open_statuses()))
        .one(conn)
        .await?;
    if pending.is_some() {
        return Err(AppError::Conflict(Violation::new("registration-name-pending").on("name")));
    }
    Ok(())
}

fn open_statuses() -> [&'static str; 2] {
    [ApplicationStatus::Filed.as_str(), ApplicationStatus::UnitApproved.as_str()]
}
