//! The registry (4A): civil affairs registers an organisation, which classified supervision
//! assigns to a supervising unit; staff list what their scope covers; anyone searches the
//! public facts by name or USCC.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;
use domain::Violation;
use domain::identifiers::resident_id::ResidentId;
use domain::identifiers::uscc::Uscc;
use domain::identity::{Permission, Role, Scope};
use domain::organization::inspection::PartyForm;
use domain::organization::{Category, OrgKind, OrgStatus, grade_in_force, registration_code, short_name};
use domain::region::Level;
use serde::{Deserialize, Serialize};
use store::entity::{organization, person, supervising_unit};
use store::sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};

use super::credit::ListStanding;
use super::inspection::{InspectionResult, check_party};
use super::search::SearchKey;
use super::supervision::{SupervisingUnitRef, unit_for};
use super::view::{PublicOrganization, RegionRef};
use super::{refusal, registers, sees, visible_rows};
use crate::community::posts::find_or_create_person;
use crate::error::{Checks, optional_text, required_text};
use crate::identity::check_login;
use crate::paging::{PageRequest, PageSpan};
use crate::tx::{Change, WriteTx};
use crate::{Actor, App, AppError, Grant, RegionTree};

const PAGE_SIZE: u64 = 50;

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct NewOrganization {
    pub name: String,
    /// The unified social credit code civil affairs issued (51…, 52…, 53… or 59…).
    pub uscc: String,
    /// social_group, private_non_enterprise or foundation.
    pub kind: String,
    /// trade_association, social_science, natural_science, culture_art, charity,
    /// community, professional or other: decides the supervising unit.
    pub category: String,
    /// Where it is domiciled: a city, county or township code.
    pub region_code: String,
    /// YYYY-MM-DD
    pub registered_on: String,
    pub domicile: String,
    pub legal_representative_name: String,
    pub legal_representative_id_number: String,
    pub business_scope: String,
    pub registered_capital_fen: i64,
    /// Party-building facts at registration (4C): party members …
    pub party_members: i32,
    /// … and none, independent, joint, association_party or instructor; empty when not
    /// collected.
    pub party_form: String,
}

/// The organisation's own login, which files its applications and annual reports.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct NewOrganizationAccount {
    pub username: String,
    pub display_name: String,
    pub password: String,
}

/// An organisation's registration facts (all of them public).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OrganizationView {
    pub id: i64,
    pub name: String,
    pub uscc: String,
    #[schema(value_type = String)]
    pub kind: OrgKind,
    #[schema(value_type = String)]
    pub category: Category,
    /// The registering civil-affairs authority and its level (city or county).
    pub authority: RegionRef,
    #[schema(value_type = String)]
    pub authority_level: Level,
    pub region: RegionRef,
    pub registered_on: NaiveDate,
    pub domicile: String,
    pub legal_representative: Option<String>,
    pub business_scope: String,
    pub registered_capital_fen: i64,
    pub supervising_unit: SupervisingUnitRef,
    #[schema(value_type = String)]
    pub status: OrgStatus,
    /// The evaluation grade in force today (1A–5A), none once it has expired.
    pub grade: Option<String>,
    /// The last grade's expiry, shown even when it has passed.
    pub grade_expires_on: Option<NaiveDate>,
    /// Annual inspections, newest first.
    pub inspections: Vec<InspectionResult>,
    /// Standing on the abnormal-activity and serious lists.
    pub standing: ListStanding,
    /// Party-building facts given at registration, when collected.
    pub party_members: Option<i32>,
    #[schema(value_type = Option<String>)]
    pub party_form: Option<PartyForm>,
}

#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(default)]
pub struct OrganizationQuery {
    /// A name or short-name prefix, or a USCC prefix.
    pub q: String,
    pub status: String,
    pub category: String,
    /// From 0.
    pub page: u64,
    /// Rows a page: 20, 50 (the default), 100 or 200.
    pub size: u64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OrganizationList {
    pub items: Vec<PublicOrganization>,
    #[serde(flatten)]
    pub span: PageSpan,
}

/// The facts of a proposed organisation that passed their checks: all but the code and
/// the day civil affairs gives it.
pub(crate) struct Facts {
    pub name: String,
    pub kind: OrgKind,
    pub category: Category,
    pub region: String,
    pub domicile: String,
    pub business_scope: String,
    pub capital_fen: i64,
    /// The legal representative's name and ID number, when the ID number is given.
    pub representative: Option<(String, ResidentId)>,
    /// Party members and the form of party organisation, when given.
    pub party: Option<(i32, PartyForm)>,
}

/// A registration whose every field passed its checks.
pub(crate) struct CheckedOrganization {
    pub facts: Facts,
    pub uscc: Uscc,
    pub registered_on: NaiveDate,
}

impl CheckedOrganization {
    /// The new row, active and not yet evaluated.
    pub(crate) fn into_row(
        self,
        tree: &RegionTree,
        authority: String,
        unit: i64,
        representative: Option<i64>,
    ) -> organization::ActiveModel {
        let facts = self.facts;
        let names: Vec<&str> = tree.lineage(&facts.region).into_iter().map(|n| n.name.as_str()).collect();
        organization::ActiveModel {
            short_name: Set(short_name(&facts.name, &names).to_string()),
            name: Set(facts.name),
            uscc: Set(self.uscc.as_str().to_string()),
            kind: Set(facts.kind.into()),
            category: Set(facts.category.into()),
            authority_code: Set(authority),
            region_code: Set(facts.region),
            registered_on: Set(self.registered_on),
            domicile: Set(facts.domicile),
            legal_representative_id: Set(representative),
            business_scope: Set(facts.business_scope),
            registered_capital_fen: Set(facts.capital_fen),
            party_members: Set(facts.party.map(|(members, _)| members)),
            party_form: Set(facts.party.map(|(_, form)| form.into())),
            supervising_unit_id: Set(unit),
            status: Set(OrgStatus::Active.into()),
            ..Default::default()
        }
    }
}

/// 409 when the name or the code is already registered. Run inside the transaction that
/// registers, so no other registration comes between the check and the insert.
pub(crate) async fn check_unregistered(conn: &impl ConnectionTrait, name: &str, uscc: &str) -> Result<(), AppError> {
    let clash = organization::Entity::find()
        .filter(Condition::any().add(organization::Column::Uscc.eq(uscc)).add(organization::Column::Name.eq(name)))
        .one(conn)
        .await?;
    match clash {
        Some(org) if org.uscc == uscc => Err(AppError::Conflict(Violation::new("uscc-registered").on("uscc"))),
        Some(_) => Err(AppError::Conflict(Violation::new("name-taken").on("name"))),
        None => Ok(()),
    }
}

impl App {
    /// Checks every field of a registration, reporting all that fail at once.
    pub(crate) fn check_organization(
        &self,
        tree: &RegionTree,
        input: &NewOrganization,
    ) -> Result<CheckedOrganization, AppError> {
        let mut checks = Checks::default();
        let facts = self.check_facts(&mut checks, tree, input);
        let uscc = checks.field(
            "uscc",
            match OrgKind::parse(input.kind.trim()) {
                Some(kind) => registration_code(&input.uscc, kind),
                None => Uscc::parse(&input.uscc),
            },
        );
        let registered_on = checks.field("registered_on", self.past_date(&input.registered_on));
        let (facts, uscc, registered_on) = checks.finish_with((facts, uscc, registered_on))?;
        Ok(CheckedOrganization { facts, uscc, registered_on })
    }

    /// Checks the facts of a proposed organisation (all but `uscc` and `registered_on`),
    /// adding what fails to `checks`.
    pub(crate) fn check_facts(&self, checks: &mut Checks, tree: &RegionTree, input: &NewOrganization) -> Option<Facts> {
        let name = checks.field("name", required_text(&input.name, 100));
        let kind = checks.field("kind", OrgKind::parse(input.kind.trim()).ok_or(Violation::new("unknown-choice")));
        let category =
            checks.field("category", Category::parse(input.category.trim()).ok_or(Violation::new("unknown-choice")));
        let region = input.region_code.trim();
        let region_known = tree.get(region).is_some_and(|n| n.level <= Level::Township);
        if !region_known {
            checks.push(Violation::new("region-unknown").on("region_code"));
        }
        let domicile = checks.field("domicile", optional_text(&input.domicile, 200));
        let business_scope = checks.field("business_scope", optional_text(&input.business_scope, 2000));
        if input.registered_capital_fen < 0 {
            checks.push(Violation::new("must-not-be-negative").on("registered_capital_fen"));
        }
        let representative =
            checks.field("legal_representative_name", optional_text(&input.legal_representative_name, 40));
        let representative_id = match input.legal_representative_id_number.trim() {
            "" => None,
            text => checks.field("legal_representative_id_number", ResidentId::parse(text, self.settings.today())),
        };
        // The representative is a person, known by ID number: both or neither.
        match (representative.as_deref().is_some_and(|n| !n.is_empty()), input.legal_representative_id_number.trim()) {
            (false, id) if !id.is_empty() => checks.push(Violation::new("required").on("legal_representative_name")),
            (true, "") => checks.push(Violation::new("required").on("legal_representative_id_number")),
            _ => {}
        }
        let party = match (input.party_form.trim(), input.party_members) {
            ("", 0) => Some(None),
            ("", _) => {
                checks.push(Violation::new("required").on("party_form"));
                None
            }
            (form, members) => check_party(checks, members, form).map(|form| Some((members, form))),
        };
        Some(Facts {
            party: party?,
            name: name?,
            kind: kind?,
            category: category?,
            region: region_known.then(|| region.to_string())?,
            domicile: domicile?,
            business_scope: business_scope?,
            capital_fen: input.registered_capital_fen,
            representative: representative.zip(representative_id),
        })
    }

    /// The deepest region in which the actor registers organisations and which contains
    /// `code`: the registering authority, a city or a county civil-affairs bureau.
    pub(crate) fn registering_authority(&self, actor: &Actor, code: &str) -> Result<String, AppError> {
        let tree = self.regions();
        actor.require(Permission::RegisterOrganizations, code, &tree)?;
        actor
            .regions_with(Permission::RegisterOrganizations)
            .into_iter()
            .filter(|scope| tree.contains(scope, code))
            .filter(|scope| tree.get(scope).is_some_and(|n| matches!(n.level, Level::City | Level::County)))
            .max_by_key(|scope| scope.len())
            .map(str::to_string)
            .ok_or(AppError::Forbidden)
    }

    /// Registers an organisation (the registrar's side of registration).
    pub async fn register_organization(&self, actor: &Actor, input: NewOrganization) -> Result<i64, AppError> {
        if !actor.has_anywhere(Permission::RegisterOrganizations) {
            let reads = actor.has_anywhere(Permission::ReadOrganizations);
            return Err(if reads { AppError::Forbidden } else { AppError::NotFound });
        }
        let tree = self.regions();
        let checked = self.check_organization(&tree, &input)?;
        let authority = self.registering_authority(actor, &checked.facts.region)?;
        let unit = unit_for(&self.db, &tree, &authority, checked.facts.category)
            .await?
            .ok_or_else(|| AppError::invalid("category", Violation::new("supervision-rule-missing")))?;
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        check_unregistered(tx.conn(), &checked.facts.name, checked.uscc.as_str()).await?;
        let representative = match &checked.facts.representative {
            Some((who, id)) => Some(find_or_create_person(&mut tx, &checked.facts.region, who, id, "").await?),
            None => None,
        };
        let id = self.insert_registration(&mut tx, checked, authority, unit, representative).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Writes a checked registration, audited.
    pub(crate) async fn insert_registration(
        &self,
        tx: &mut WriteTx,
        checked: CheckedOrganization,
        authority: String,
        unit: i64,
        representative: Option<i64>,
    ) -> Result<i64, AppError> {
        let after = serde_json::json!({ "name": checked.facts.name, "uscc": checked.uscc.as_str(),
            "kind": checked.facts.kind, "category": checked.facts.category, "authority_code": authority,
            "supervising_unit_id": unit, "registered_on": checked.registered_on, "party": checked.facts.party });
        let region = checked.facts.region.clone();
        let id = organization::Entity::insert(checked.into_row(&self.regions(), authority, unit, representative))
            .exec(tx.conn())
            .await?
            .last_insert_id;
        tx.record(Change::new("register", "organization", id, &region).after(&after)).await?;
        Ok(id)
    }

    /// A YYYY-MM-DD date not after today.
    pub(crate) fn past_date(&self, text: &str) -> Result<NaiveDate, Violation> {
        domain::date::past_day(text, self.settings.today())
    }

    /// Every supervising unit's name by id, cached until the next write: a city has a few
    /// dozen units, and the public search names one on every line.
    pub(crate) async fn unit_names(&self) -> Result<Arc<HashMap<i64, String>>, AppError> {
        let epoch = self.epoch.current();
        if let Some(names) = self.unit_names.get(&(), epoch) {
            return Ok(names);
        }
        let rows = supervising_unit::Entity::find().all(&self.db).await?;
        let names: Arc<HashMap<i64, String>> = Arc::new(rows.into_iter().map(|u| (u.id, u.name)).collect());
        self.unit_names.put((), epoch, Arc::clone(&names));
        Ok(names)
    }

    /// List lines of organisations, each with its supervising unit's name.
    pub(crate) async fn list_lines(&self, rows: Vec<organization::Model>) -> Result<Vec<PublicOrganization>, AppError> {
        let units = self.unit_names().await?;
        let tree = self.regions();
        let today = self.settings.today();
        Ok(rows
            .into_iter()
            .map(|o| {
                let unit = units.get(&o.supervising_unit_id).cloned().unwrap_or_default();
                PublicOrganization::from_row(o, unit, &tree, today)
            })
            .collect())
    }

    /// The organisations the actor may see, filtered and a page at a time.
    pub async fn list_organizations(
        &self,
        actor: &Actor,
        query: &OrganizationQuery,
    ) -> Result<OrganizationList, AppError> {
        let tree = self.regions();
        let scope = visible_rows(
            actor,
            &tree,
            organization::Column::RegionCode,
            organization::Column::SupervisingUnitId,
            Some(organization::Column::Id),
        )
        .ok_or(AppError::NotFound)?;
        let mut select = organization::Entity::find().filter(scope);
        if let Some(key) = SearchKey::parse(&query.q) {
            select = select.filter(key.condition());
        }
        if !query.status.is_empty() {
            let status = OrgStatus::parse(&query.status)
                .ok_or_else(|| AppError::invalid("status", Violation::new("unknown-choice")))?;
            select = select.filter(organization::Column::Status.eq(status.as_str()));
        }
        if !query.category.is_empty() {
            let category = Category::parse(&query.category)
                .ok_or_else(|| AppError::invalid("category", Violation::new("unknown-choice")))?;
            select = select.filter(organization::Column::Category.eq(category.as_str()));
        }
        let total = select.clone().count(&self.db).await?;
        let span = PageSpan::new(PageRequest::new(query.page, query.size), PAGE_SIZE, total);
        let rows =
            select.order_by_asc(organization::Column::Name).paginate(&self.db, span.size).fetch_page(span.page).await?;
        Ok(OrganizationList { items: self.list_lines(rows).await?, span })
    }

    async fn organization_view(&self, o: organization::Model) -> Result<OrganizationView, AppError> {
        let tree = self.regions();
        let representative = match o.legal_representative_id {
            Some(id) => person::Entity::find_by_id(id).one(&self.db).await?.map(|p| p.name),
            None => None,
        };
        let units = self.unit_names().await?;
        let (inspections, standing) = self.inspection_record(&o).await?;
        Ok(OrganizationView {
            inspections,
            standing,
            grade: grade_in_force(o.grade.as_deref(), o.grade_expires_on, self.settings.today()).map(str::to_string),
            kind: o.kind.0,
            category: o.category.0,
            status: o.status.0,
            authority_level: tree.get(&o.authority_code).map(|n| n.level).unwrap_or(Level::County),
            authority: RegionRef::of(&tree, &o.authority_code),
            region: RegionRef::of(&tree, &o.region_code),
            supervising_unit: SupervisingUnitRef {
                id: o.supervising_unit_id,
                name: units.get(&o.supervising_unit_id).cloned().unwrap_or_default(),
            },
            legal_representative: representative,
            id: o.id,
            name: o.name,
            uscc: o.uscc,
            registered_on: o.registered_on,
            domicile: o.domicile,
            business_scope: o.business_scope,
            registered_capital_fen: o.registered_capital_fen,
            grade_expires_on: o.grade_expires_on,
            party_members: o.party_members,
            party_form: o.party_form.map(|f| f.0),
        })
    }

    /// One organisation for staff: "not found" outside the actor's sight.
    pub async fn organization(&self, actor: &Actor, id: i64) -> Result<OrganizationView, AppError> {
        let found = organization::Entity::find_by_id(id).one(&self.db).await?.ok_or(AppError::NotFound)?;
        if !sees(actor, &self.regions(), &found) {
            return Err(AppError::NotFound);
        }
        self.organization_view(found).await
    }

    /// Gives an organisation its own account (its registrar does this).
    pub async fn create_organization_account(
        &self,
        actor: &Actor,
        id: i64,
        input: NewOrganizationAccount,
    ) -> Result<i64, AppError> {
        let found = organization::Entity::find_by_id(id).one(&self.db).await?.ok_or(AppError::NotFound)?;
        let tree = self.regions();
        if !registers(actor, &tree, &found) {
            return Err(refusal(actor, &tree, &found));
        }
        let mut checks = Checks::default();
        let login = check_login(&mut checks, &input.username, &input.display_name, &input.password);
        let (username, display_name) = checks.finish_with(login)?;
        let grant = Grant { role: Role::Organization, scope: Scope::Organization(id) };
        self.insert_new_account(actor.into(), (&username, &display_name), input.password, grant, &found.region_code)
            .await
    }

    /// One organisation's public facts (no login).
    pub async fn public_organization(&self, id: i64) -> Result<OrganizationView, AppError> {
        let found = organization::Entity::find_by_id(id).one(&self.db).await?.ok_or(AppError::NotFound)?;
        self.organization_view(found).await
    }
}
