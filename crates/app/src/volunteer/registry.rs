//! The real-name registry: one volunteer per person, numbered when registered; a
//! volunteer who registers themselves waits for the approval of the office or the
//! organisation they chose. Totals and stars are read from the ledger, never stored.

use chrono::{NaiveDate, Utc};
use domain::Violation;
use domain::identifiers::phone::{check_phone, mask_phone};
use domain::identifiers::resident_id::{ResidentId, mask};
use domain::identity::{Permission, Role};
use serde::{Deserialize, Serialize};
use store::entity::{person, volunteer};
use store::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};

use super::Access;
use crate::community::posts::find_or_create_person;
use crate::error::{Checks, optional_text, required_text};
use crate::identity::account_with_role;
use crate::paging::{PageRequest, PageSpan};
use crate::tx::{Change, WriteTx};
use crate::{Actor, App, AppError};

const PAGE_SIZE: u64 = 50;

/// The service fields a volunteer offers and an activity serves (志愿服务领域).
pub const SERVICE_FIELDS: [&str; 10] = [
    "elderly",
    "children",
    "disability",
    "poverty",
    "community",
    "environment",
    "culture",
    "health",
    "emergency",
    "legal",
];

/// A volunteer as typed by an office or organisation, or by the volunteer on the sign-up page.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct NewVolunteer {
    pub name: String,
    pub id_number: String,
    /// A mobile number.
    pub phone: String,
    /// The community (or other division) the volunteer lives and serves in.
    pub region_code: String,
    pub skills: String,
    pub availability: String,
    /// Service-field codes (elderly, children, disability, poverty, community, environment,
    /// culture, health, emergency, legal).
    pub service_fields: Vec<String>,
    /// Whether the volunteer agrees to have their name published (honour rolls, notices).
    pub consent_to_publish: bool,
    /// A `volunteer` account that signs in as this volunteer (optional).
    pub username: String,
}

/// A volunteer's record as the office, an organisation or the volunteer sees it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct VolunteerView {
    pub id: i64,
    pub number: String,
    pub name: String,
    /// Masked.
    pub id_number: String,
    /// Masked.
    pub phone: String,
    pub region_code: String,
    /// pending, active or merged
    pub status: String,
    pub skills: String,
    pub availability: String,
    pub service_fields: Vec<String>,
    pub consent_to_publish: bool,
    /// Confirmed service in all organisers' ledgers, in minutes.
    pub total_minutes: i64,
    /// 0–5: the level awarded where the region requires application and public notice,
    /// else `eligible_stars`.
    pub stars: u8,
    /// 0–5: the level the confirmed hours reach under the region's thresholds.
    pub eligible_stars: u8,
    /// Whether the region awards stars on application and public notice.
    pub stars_by_application: bool,
    /// The hours each star needs in the volunteer's region.
    pub star_hours: Vec<u32>,
    /// Minutes still needed to be eligible for the next star; none at five.
    pub next_star_minutes: Option<i64>,
    pub registered_on: NaiveDate,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct VolunteerRow {
    pub id: i64,
    pub number: String,
    pub name: String,
    pub id_number: String,
    pub region_code: String,
    pub status: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct VolunteerList {
    pub items: Vec<VolunteerRow>,
    #[serde(flatten)]
    pub span: PageSpan,
}

/// A new volunteer whose every field has been checked.
pub(super) struct Checked {
    name: String,
    pub(super) id: ResidentId,
    phone: String,
    skills: String,
    availability: String,
    fields: String,
}

impl NewVolunteer {
    pub(super) fn check(&self, today: NaiveDate) -> Result<Checked, AppError> {
        let mut checks = Checks::default();
        let name = checks.field("name", required_text(&self.name, 40));
        let id = checks.field("id_number", ResidentId::parse(&self.id_number, today));
        let phone = checks.field("phone", check_phone(&self.phone));
        let skills = checks.field("skills", optional_text(&self.skills, 200));
        let availability = checks.field("availability", optional_text(&self.availability, 200));
        let fields = checks.field("service_fields", service_fields(&self.service_fields));
        let (name, id, phone, skills, availability, fields) =
            checks.finish_with((name, id, phone, skills, availability, fields))?;
        Ok(Checked { name, id, phone, skills, availability, fields })
    }
}

/// Service-field codes as stored: known ones only, each once, in the list's order.
fn service_fields(codes: &[String]) -> Result<String, Violation> {
    let mut kept: Vec<&str> = Vec::new();
    for code in codes.iter().map(|c| c.trim()).filter(|c| !c.is_empty()) {
        let known = SERVICE_FIELDS.iter().find(|f| **f == code).ok_or(Violation::new("unknown-choice"))?;
        if !kept.contains(known) {
            kept.push(known);
        }
    }
    kept.sort_by_key(|k| SERVICE_FIELDS.iter().position(|f| f == k));
    Ok(kept.join(","))
}

impl App {
    /// Registers a volunteer for the office of `region_code` or for the actor's
    /// organisation; active at once. A person already registered is refused (409).
    pub async fn register_volunteer(&self, actor: &Actor, input: NewVolunteer) -> Result<i64, AppError> {
        let region = self.volunteer_region(actor, &input.region_code)?;
        let checked = input.check(self.settings.today())?;
        let organization = actor.organizations().first().copied();
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let account = match input.username.trim() {
            "" => None,
            username => {
                Some(account_with_role(tx.conn(), username, Role::Volunteer, "volunteer-account-unknown").await?)
            }
        };
        let id = write_volunteer(&mut tx, &region, checked, input.consent_to_publish, organization, account, "active")
            .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// A region volunteers are registered in: a current division the actor keeps
    /// volunteers in (any, for an organisation's account, which serves residents from
    /// anywhere). An unknown code is the caller's mistake.
    pub(super) fn volunteer_region(&self, actor: &Actor, code: &str) -> Result<String, AppError> {
        let code = code.trim();
        let tree = self.regions();
        if tree.get(code).is_none() {
            if actor.organizations().is_empty() && !actor.has_anywhere(Permission::ManageVolunteers) {
                return Err(AppError::NotFound);
            }
            let violation = if code.is_empty() { "required" } else { "region-unknown" };
            return Err(AppError::invalid("region_code", Violation::new(violation)));
        }
        if actor.organizations().is_empty() {
            actor.require(Permission::ManageVolunteers, code, &tree)?;
        }
        Ok(code.to_string())
    }

    /// A volunteer's record with confirmed minutes and stars.
    pub async fn volunteer(&self, actor: &Actor, id: i64) -> Result<VolunteerView, AppError> {
        let v = self.volunteer_for(&self.db, actor, id, Access::Read).await?;
        self.volunteer_view(&self.db, v).await
    }

    pub(super) async fn volunteer_view(
        &self,
        db: &impl ConnectionTrait,
        v: volunteer::Model,
    ) -> Result<VolunteerView, AppError> {
        let person = person::Entity::find_by_id(v.person_id).one(db).await?.ok_or(AppError::NotFound)?;
        let standing = self.star_standing(db, &v).await?;
        let total_minutes = standing.minutes;
        let next_star_minutes =
            standing.thresholds.hours.get(usize::from(standing.eligible)).map(|h| i64::from(*h) * 60 - total_minutes);
        Ok(VolunteerView {
            id: v.id,
            number: v.number.unwrap_or_default(),
            name: person.name,
            id_number: mask(&person.id_number),
            phone: mask_phone(&person.phone),
            region_code: v.region_code,
            status: v.status,
            skills: v.skills,
            availability: v.availability,
            service_fields: v.service_fields.split(',').filter(|f| !f.is_empty()).map(String::from).collect(),
            consent_to_publish: v.consent_to_publish,
            total_minutes,
            stars: standing.stars(),
            eligible_stars: standing.eligible,
            stars_by_application: standing.rule.requires_application,
            star_hours: standing.thresholds.hours.to_vec(),
            next_star_minutes,
            registered_on: v.created_at.date_naive(),
        })
    }

    /// The volunteers kept in the actor's regions, newest first.
    pub async fn list_volunteers(&self, actor: &Actor, page: PageRequest) -> Result<VolunteerList, AppError> {
        let codes = self.volunteer_codes(actor)?;
        let query = volunteer::Entity::find()
            .filter(volunteer::Column::RegionCode.is_in(codes))
            .order_by_desc(volunteer::Column::Id);
        let span = PageSpan::new(page, PAGE_SIZE, query.clone().count(&self.db).await?);
        let rows = query.offset(span.page * span.size).limit(span.size).all(&self.db).await?;
        let persons = person::Entity::find()
            .filter(person::Column::Id.is_in(rows.iter().map(|v| v.person_id)))
            .all(&self.db)
            .await?;
        let items = rows
            .into_iter()
            .map(|v| {
                let p = persons.iter().find(|p| p.id == v.person_id);
                VolunteerRow {
                    id: v.id,
                    number: v.number.unwrap_or_default(),
                    name: p.map(|p| p.name.clone()).unwrap_or_default(),
                    id_number: p.map(|p| mask(&p.id_number)).unwrap_or_default(),
                    region_code: v.region_code,
                    status: v.status,
                }
            })
            .collect();
        Ok(VolunteerList { items, span })
    }

    /// Approves a self-registered volunteer: the office of their region, or the
    /// organisation they chose.
    pub async fn approve_volunteer(&self, actor: &Actor, id: i64) -> Result<(), AppError> {
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let v = self.volunteer_for(tx.conn(), actor, id, Access::Write).await?;
        if v.status != "pending" {
            return Err(AppError::Conflict(Violation::new("volunteer-not-pending").on("status")));
        }
        let region = v.region_code.clone();
        let mut row = v.into_active_model();
        row.status = Set("active".into());
        row.approved_at = Set(Some(Utc::now()));
        row.update(tx.conn()).await?;
        let after = serde_json::json!({ "status": "active" });
        tx.record(Change::new("approve", "volunteer", id, &region).after(&after)).await?;
        tx.commit().await
    }
}

/// Writes a checked volunteer (and the person, if new) and numbers them: the first six
/// digits of the region and the record's id, so a number never changes or repeats.
pub(super) async fn write_volunteer(
    tx: &mut WriteTx,
    region: &str,
    c: Checked,
    consent: bool,
    organization: Option<i64>,
    account: Option<i64>,
    status: &str,
) -> Result<i64, AppError> {
    let person_id = find_or_create_person(tx, region, &c.name, &c.id, &c.phone).await?;
    let taken = volunteer::Entity::find().filter(volunteer::Column::PersonId.eq(person_id)).count(tx.conn());
    if taken.await? > 0 {
        return Err(AppError::Conflict(Violation::new("volunteer-exists").on("id_number")));
    }
    let row = volunteer::ActiveModel {
        person_id: Set(person_id),
        region_code: Set(region.to_string()),
        status: Set(status.to_string()),
        organization_id: Set(organization),
        account_id: Set(account),
        skills: Set(c.skills),
        availability: Set(c.availability),
        service_fields: Set(c.fields.clone()),
        consent_to_publish: Set(consent),
        created_at: Set(Utc::now()),
        approved_at: Set((status == "active").then(Utc::now)),
        ..Default::default()
    };
    let id = volunteer::Entity::insert(row).exec(tx.conn()).await?.last_insert_id;
    let number = format!("{}{:08}", &region[..region.len().min(6)], id);
    volunteer::Entity::update(volunteer::ActiveModel {
        id: Set(id),
        number: Set(Some(number.clone())),
        ..Default::default()
    })
    .exec(tx.conn())
    .await?;
    let after = serde_json::json!({ "number": number, "name": c.name, "id_number": mask(c.id.as_str()),
        "service_fields": c.fields, "consent_to_publish": consent, "organization_id": organization, "status": status });
    tx.record(Change::new("create", "volunteer", id, region).after(&after)).await?;
    Ok(id)
}

/// A resident registering themselves on the sign-up page: the volunteer's fields, the
/// account they will sign in with, and the organisation they ask to approve them (else the
/// office of their region does).
#[derive(Debug, Clone, Default)]
pub struct SelfRegistration {
    pub volunteer: NewVolunteer,
    pub username: String,
    pub password: String,
    pub organization_id: Option<i64>,
}

impl App {
    /// Registers a resident as a volunteer waiting for approval, with a `volunteer`
    /// account over their region; refused (409) for a person already registered.
    pub async fn self_register(&self, input: SelfRegistration) -> Result<i64, AppError> {
        let today = self.settings.today();
        let region = input.volunteer.region_code.trim().to_string();
        let mut checks = Checks::default();
        let login = crate::identity::check_login(&mut checks, &input.username, &input.volunteer.name, &input.password);
        if self.regions().get(&region).is_none() {
            let code = if region.is_empty() { "required" } else { "region-unknown" };
            checks.push(Violation::new(code).on("region_code"));
        }
        let checked = match input.volunteer.check(today) {
            Ok(c) => Some(c),
            Err(AppError::Invalid(errors)) => {
                errors.into_iter().for_each(|e| checks.push(e));
                None
            }
            Err(e) => return Err(e),
        };
        let ((username, _), checked) = checks.finish_with((login, checked))?;
        if let Some(org) = input.organization_id {
            let found = store::entity::organization::Entity::find_by_id(org).one(&self.db).await?;
            if found.is_none() {
                return Err(AppError::invalid("organization_id", Violation::new("unknown-choice")));
            }
        }
        let password_hash = crate::identity::hash_password_blocking(input.password).await?;
        let mut tx = WriteTx::begin(self, crate::Author::system()).await?;
        let taken = store::entity::account::Entity::find()
            .filter(store::entity::account::Column::Username.eq(&username))
            .count(tx.conn())
            .await?;
        if taken > 0 {
            return Err(AppError::Conflict(Violation::new("username-taken").on("username")));
        }
        let display = checked.name.clone();
        let account = crate::identity::insert_account_in(&tx, &username, &display, password_hash).await?;
        let grant = crate::Grant {
            role: domain::identity::Role::Volunteer,
            scope: domain::identity::Scope::Region(region.clone()),
        };
        crate::identity::insert_grant_in(&tx, account, &grant).await?;
        let after = serde_json::json!({ "username": username, "grant": grant });
        tx.record(Change::new("create", "account", account, &region).after(&after)).await?;
        let consent = input.volunteer.consent_to_publish;
        let id = write_volunteer(&mut tx, &region, checked, consent, input.organization_id, Some(account), "pending")
            .await?;
        tx.commit().await?;
        Ok(id)
    }
}

/// The number and name of each volunteer in `ids`, by id (two queries for a whole list).
pub(super) async fn numbers_and_names(
    db: &impl ConnectionTrait,
    ids: Vec<i64>,
) -> Result<std::collections::HashMap<i64, (String, String)>, AppError> {
    let volunteers = volunteer::Entity::find().filter(volunteer::Column::Id.is_in(ids)).all(db).await?;
    let persons =
        person::Entity::find().filter(person::Column::Id.is_in(volunteers.iter().map(|v| v.person_id))).all(db).await?;
    Ok(volunteers
        .into_iter()
        .map(|v| {
            let name = persons.iter().find(|p| p.id == v.person_id).map(|p| p.name.clone()).unwrap_or_default();
            (v.id, (v.number.unwrap_or_default(), name))
        })
        .collect())
}
