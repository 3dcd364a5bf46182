//! Adding social workers (as a city imports its existing ones, or one at a time), their
//! record, the list, continuing-education records and correcting a certificate.

use chrono::{NaiveDate, Utc};
use domain::Violation;
use domain::identifiers::resident_id::{ResidentId, mask};
use domain::identity::{Permission, Role};
use domain::social_work::education::parse_hours;
use domain::social_work::registration::{Period, check_first_registration};
use domain::social_work::{CertificateLevel, SocialWorkRules, check_obtained_on, parse_certificate_number};
use serde::{Deserialize, Serialize};
use store::entity::{person, social_worker, social_worker_registration, social_worker_training};
use store::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

use super::Access;
use super::employer::months_in_arrears;
use super::view::{SocialWorkerDetail, SocialWorkerList, SocialWorkerRow, current_period, detail, standing};
use crate::community::posts::find_or_create_person;
use crate::error::{Checks, optional_text, required_text};
use crate::identity::account_with_role;
use crate::paging::{PageRequest, PageSpan};
use crate::tx::{Change, WriteTx};
use crate::{Actor, App, AppError};
use domain::date::past_day;

const PAGE_SIZE: u64 = 20;

/// The national certificate as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct CertificateInput {
    /// assistant, intermediate or senior
    pub level: String,
    pub number: String,
    /// YYYY-MM-DD
    pub obtained_on: String,
}

/// Education as typed; `completed_on` of a social-work degree counts 90 hours in its period.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct EducationInput {
    pub degree: String,
    pub major: String,
    pub social_work: bool,
    /// YYYY-MM-DD
    pub completed_on: String,
}

/// A social worker to add: a person (found by ID number, or created) with their record.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct NewSocialWorker {
    pub name: String,
    pub id_number: String,
    pub phone: String,
    /// The region whose office keeps the record.
    pub region_code: String,
    pub certificate: Option<CertificateInput>,
    /// A registration already completed (YYYY-MM-DD), as when a city imports its workers.
    pub registered_on: String,
    pub education: Option<EducationInput>,
    /// A `social_worker` account that reads this record as its own.
    pub username: String,
}

/// A continuing-education record.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct NewTraining {
    /// A number; halves allowed (1.5).
    #[schema(value_type = f64)]
    pub hours: serde_json::Value,
    /// YYYY-MM-DD
    pub completed_on: String,
    pub course: String,
    pub provider: String,
}

/// A certificate whose every field has been checked.
#[derive(Debug, Clone, Serialize)]
pub(super) struct ValidCertificate {
    pub level: CertificateLevel,
    pub number: String,
    pub obtained_on: NaiveDate,
}

impl CertificateInput {
    pub(super) fn validate(
        &self,
        checks: &mut Checks,
        rules: &SocialWorkRules,
        today: NaiveDate,
    ) -> Option<ValidCertificate> {
        let level = checks.field(
            "certificate.level",
            CertificateLevel::parse(self.level.trim()).ok_or(Violation::new("unknown-choice")),
        );
        let number = checks.field("certificate.number", parse_certificate_number(&self.number));
        let obtained_on = checks.field(
            "certificate.obtained_on",
            past_day(&self.obtained_on, today).and_then(|d| check_obtained_on(rules, d, today).map(|()| d)),
        );
        Some(ValidCertificate { level: level?, number: number?, obtained_on: obtained_on? })
    }
}

#[derive(Serialize)]
struct WorkerAudit<'a> {
    name: &'a str,
    id_number: String,
    certificate: Option<&'a ValidCertificate>,
    registered_on: Option<NaiveDate>,
    account_id: Option<i64>,
}

/// A social worker whose every field has been checked, ready to write.
pub(super) struct CheckedWorker {
    pub region: String,
    pub name: String,
    pub id: ResidentId,
    pub phone: String,
    pub certificate: Option<ValidCertificate>,
    pub registered_on: Option<NaiveDate>,
    pub degree: String,
    pub major: String,
    pub degree_on: Option<NaiveDate>,
    pub rules: SocialWorkRules,
}

impl NewSocialWorker {
    /// Checks every field against the rules of the worker's region; all errors at once.
    pub(super) fn check(
        self,
        region: String,
        rules: SocialWorkRules,
        today: NaiveDate,
    ) -> Result<CheckedWorker, AppError> {
        let mut checks = Checks::default();
        let name = checks.field("name", required_text(&self.name, 40));
        let id = checks.field("id_number", ResidentId::parse(&self.id_number, today));
        let phone = checks.field("phone", optional_text(&self.phone, 40));
        let certificate = self.certificate.as_ref().and_then(|c| c.validate(&mut checks, &rules, today));
        let registered_on = match self.registered_on.trim() {
            "" => None,
            text => checks.field("registered_on", past_day(text, today)),
        };
        match (registered_on, &self.certificate, &certificate) {
            (Some(_), None, _) => checks.push(Violation::new("registration-needs-certificate").on("registered_on")),
            (Some(on), _, Some(c)) => {
                checks.field("registered_on", check_first_registration(&rules, c.obtained_on, on));
            }
            _ => {}
        }
        let education = self.education.unwrap_or_default();
        let degree = checks.field("education.degree", optional_text(&education.degree, 40));
        let major = checks.field("education.major", optional_text(&education.major, 60));
        let degree_on = match (education.social_work, education.completed_on.trim()) {
            (false, _) | (true, "") => None,
            (true, text) => checks.field("education.completed_on", past_day(text, today)),
        };
        let (name, id, phone, degree, major) = checks.finish_with((name, id, phone, degree, major))?;
        Ok(CheckedWorker { region, name, id, phone, certificate, registered_on, degree, major, degree_on, rules })
    }
}

impl CheckedWorker {
    /// Writes the worker (and the person, if new) with an imported registration period.
    pub(super) async fn write(self, tx: &mut WriteTx, account_id: Option<i64>) -> Result<i64, AppError> {
        let Self { region, name, id, phone, certificate, registered_on, degree, major, degree_on, rules } = self;
        let person_id = find_or_create_person(tx, &region, &name, &id, &phone).await?;
        let taken =
            social_worker::Entity::find().filter(social_worker::Column::PersonId.eq(person_id)).count(tx.conn());
        if taken.await? > 0 {
            return Err(AppError::Conflict(Violation::new("social-worker-exists").on("id_number")));
        }
        let inserted = social_worker::Entity::insert(social_worker::ActiveModel {
            person_id: Set(person_id),
            region_code: Set(region.clone()),
            certificate_level: Set(certificate.as_ref().map(|c| c.level.into())),
            certificate_number: Set(certificate.as_ref().map(|c| c.number.clone())),
            certificate_obtained_on: Set(certificate.as_ref().map(|c| c.obtained_on)),
            degree: Set(degree),
            major: Set(major),
            social_work_degree_on: Set(degree_on),
            account_id: Set(account_id),
            created_at: Set(Utc::now()),
            ..Default::default()
        })
        .exec(tx.conn())
        .await?;
        let worker_id = inserted.last_insert_id;
        let audit = WorkerAudit {
            name: &name,
            id_number: mask(id.as_str()),
            certificate: certificate.as_ref(),
            registered_on,
            account_id,
        };
        tx.record(Change::new("create", "social_worker", worker_id, &region).after(&audit)).await?;
        if let Some(on) = registered_on {
            add_period(tx, worker_id, &region, "imported", Period::starting(&rules, on), None).await?;
        }
        Ok(worker_id)
    }
}

impl App {
    pub async fn add_social_worker(&self, actor: &Actor, input: NewSocialWorker) -> Result<i64, AppError> {
        let region = self.registry_region(actor, &input.region_code)?;
        let rules = self.social_work_rules(&self.db, &region).await?;
        let username = input.username.trim().to_string();
        let checked = input.check(region, rules, self.settings.today())?;
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let account_id = match username.as_str() {
            "" => None,
            username => {
                Some(account_with_role(tx.conn(), username, Role::SocialWorker, "social-worker-account-unknown").await?)
            }
        };
        let worker_id = checked.write(&mut tx, account_id).await?;
        tx.commit().await?;
        Ok(worker_id)
    }

    /// The record a `social_worker` account reads as its own, if one is linked to it.
    pub async fn own_social_worker(&self, actor: &Actor) -> Result<Option<i64>, AppError> {
        let own = social_worker::Entity::find().filter(social_worker::Column::AccountId.eq(actor.account_id));
        Ok(own.one(&self.db).await?.map(|w| w.id))
    }

    pub async fn social_worker(&self, actor: &Actor, id: i64) -> Result<SocialWorkerDetail, AppError> {
        let worker = self.worker_for(&self.db, actor, id, Access::Read).await?;
        let rules = self.social_work_rules(&self.db, &worker.region_code).await?;
        let today = self.settings.today();
        let mut shown = detail(&self.db, &rules, worker.clone(), today).await?;
        self.add_pay(&self.db, &mut shown, &worker, today).await?;
        Ok(shown)
    }

    /// The social workers kept in `region` (or all the actor keeps), by name.
    pub async fn list_social_workers(
        &self,
        actor: &Actor,
        region: &str,
        page: PageRequest,
    ) -> Result<SocialWorkerList, AppError> {
        let tree = self.regions();
        let codes = match region.trim() {
            "" => self.kept_codes(actor)?,
            region => {
                actor.require(Permission::ManageSocialWorkers, region, &tree)?;
                tree.get(region).map(|n| tree.codes_with_path_prefix(&n.path)).unwrap_or_default()
            }
        };
        let query = social_worker::Entity::find()
            .filter(social_worker::Column::RegionCode.is_in(codes))
            .order_by_asc(social_worker::Column::Id);
        let span = PageSpan::new(page, PAGE_SIZE, query.clone().count(&self.db).await?);
        let workers = query.offset(span.page * span.size).limit(span.size).all(&self.db).await?;
        let ids: Vec<i64> = workers.iter().map(|w| w.id).collect();
        let persons =
            person::Entity::find().filter(person::Column::Id.is_in(workers.iter().map(|w| w.person_id))).all(&self.db);
        let persons = persons.await?;
        let periods = social_worker_registration::Entity::find()
            .filter(social_worker_registration::Column::SocialWorkerId.is_in(ids.clone()))
            .all(&self.db)
            .await?;
        let today = self.settings.today();
        let in_arrears = months_in_arrears(&self.db, &ids, today).await?;
        let rules = SocialWorkRules::default();
        let items = workers
            .into_iter()
            .map(|w| {
                let own: Vec<_> = periods.iter().filter(|p| p.social_worker_id == w.id).cloned().collect();
                let current = current_period(&own, today);
                let person = persons.iter().find(|p| p.id == w.person_id);
                SocialWorkerRow {
                    id: w.id,
                    name: person.map(|p| p.name.clone()).unwrap_or_default(),
                    id_number: person.map(|p| mask(&p.id_number)).unwrap_or_default(),
                    region_code: w.region_code,
                    level: w.certificate_level.map(String::from),
                    status: standing(&rules, current, today).as_str().to_string(),
                    valid_until: current.map(|(p, _)| p.valid_until),
                    arrears_months: in_arrears.iter().filter(|m| m.0 == w.id).count(),
                }
            })
            .collect();
        Ok(SocialWorkerList { items, span })
    }

    pub async fn add_training(&self, actor: &Actor, id: i64, input: NewTraining) -> Result<i64, AppError> {
        let worker = self.worker_for(&self.db, actor, id, Access::Write).await?;
        let today = self.settings.today();
        let mut checks = Checks::default();
        let minutes = checks.field(
            "hours",
            match &input.hours {
                serde_json::Value::Null => Err(Violation::new("required")),
                serde_json::Value::Number(n) => {
                    n.as_f64().ok_or(Violation::new("hours-positive")).and_then(parse_hours)
                }
                _ => Err(Violation::new("hours-number")),
            },
        );
        let completed_on = checks.field("completed_on", past_day(&input.completed_on, today));
        let course = checks.field("course", required_text(&input.course, 100));
        let provider = checks.field("provider", optional_text(&input.provider, 100));
        let (minutes, completed_on, course, provider) =
            checks.finish_with((minutes, completed_on, course, provider))?;
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let inserted = social_worker_training::Entity::insert(social_worker_training::ActiveModel {
            social_worker_id: Set(worker.id),
            region_code: Set(worker.region_code.clone()),
            course: Set(course.clone()),
            provider: Set(provider.clone()),
            minutes: Set(i32::try_from(minutes).unwrap_or(i32::MAX)),
            completed_on: Set(completed_on),
            created_at: Set(Utc::now()),
            ..Default::default()
        })
        .exec(tx.conn())
        .await?;
        let after = serde_json::json!({ "social_worker_id": worker.id, "course": course, "provider": provider,
            "minutes": minutes, "completed_on": completed_on });
        tx.record(
            Change::new("create", "social_worker_training", inserted.last_insert_id, &worker.region_code).after(&after),
        )
        .await?;
        tx.commit().await?;
        Ok(inserted.last_insert_id)
    }

    /// Corrects the certificate, until the first approval of a registration freezes it.
    pub async fn update_certificate(&self, actor: &Actor, id: i64, input: CertificateInput) -> Result<(), AppError> {
        let found = self.worker_for(&self.db, actor, id, Access::Write).await?;
        let today = self.settings.today();
        let rules = self.social_work_rules(&self.db, &found.region_code).await?;
        let mut checks = Checks::default();
        let certificate = input.validate(&mut checks, &rules, today);
        let certificate = checks.finish_with(certificate)?;
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let worker = self.worker_for(tx.conn(), actor, id, Access::Write).await?;
        let shown = detail(tx.conn(), &rules, worker.clone(), today).await?;
        if shown.registration.frozen {
            return Err(AppError::Conflict(Violation::new("social-worker-record-frozen").on("certificate")));
        }
        let before = serde_json::json!({ "level": worker.certificate_level.map(String::from),
            "number": worker.certificate_number, "obtained_on": worker.certificate_obtained_on });
        let region = worker.region_code.clone();
        let mut row = worker.into_active_model();
        row.certificate_level = Set(Some(certificate.level.into()));
        row.certificate_number = Set(Some(certificate.number.clone()));
        row.certificate_obtained_on = Set(Some(certificate.obtained_on));
        row.update(tx.conn()).await?;
        tx.record(Change::new("update", "social_worker", id, &region).before(&before).after(&certificate)).await?;
        tx.commit().await
    }
}

/// Writes one registration period, audited.
pub(super) async fn add_period(
    tx: &mut WriteTx,
    worker_id: i64,
    region: &str,
    kind: &str,
    period: Period,
    application_id: Option<i64>,
) -> Result<i64, AppError> {
    let inserted = social_worker_registration::Entity::insert(social_worker_registration::ActiveModel {
        social_worker_id: Set(worker_id),
        region_code: Set(region.to_string()),
        kind: Set(kind.to_string()),
        starts_on: Set(period.start),
        valid_until: Set(period.valid_until),
        application_id: Set(application_id),
        created_at: Set(Utc::now()),
        ..Default::default()
    })
    .exec(tx.conn())
    .await?;
    let after = serde_json::json!({ "social_worker_id": worker_id, "kind": kind, "starts_on": period.start,
        "valid_until": period.valid_until });
    tx.record(Change::new("create", "social_worker_registration", inserted.last_insert_id, region).after(&after))
        .await?;
    Ok(inserted.last_insert_id)
}
