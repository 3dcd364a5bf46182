//! What a social worker's record shows: the certificate, the registration as it stands
//! today, the current period's continuing education, training and hires. ID numbers masked.

use chrono::NaiveDate;
use domain::identifiers::resident_id::mask;
use domain::social_work::education::{hours, progress};
use domain::social_work::registration::{Period, Standing};
use domain::social_work::{CertificateLevel, SocialWorkRules};
use serde::Serialize;
use store::entity::{
    person, social_work_hire, social_work_post, social_worker, social_worker_application, social_worker_registration,
    social_worker_training,
};
use store::sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::city::{LocalQualificationView, local_qualification};
use super::pay::{AllowanceMonth, AwardView, PayView};
use crate::AppError;
use crate::paging::PageSpan;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CertificateView {
    /// assistant, intermediate or senior
    pub level: String,
    pub number: String,
    pub obtained_on: NaiveDate,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RegistrationView {
    /// unregistered, registered, renewal_open or lapsed (today)
    pub status: String,
    /// First day of the current period.
    pub starts_on: Option<NaiveDate>,
    /// Last day of the current period.
    pub valid_until: Option<NaiveDate>,
    pub renewal_opens_on: Option<NaiveDate>,
    /// Last day of the renewed period, once renewed.
    pub renewed_until: Option<NaiveDate>,
    /// The latest application for first registration and its state.
    pub application_id: Option<i64>,
    pub application_state: Option<String>,
    /// Whether the record can no longer be edited (after a first approval).
    pub frozen: bool,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EducationView {
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub hours: f64,
    pub required_hours: f64,
    pub shortfall_hours: f64,
    pub met: bool,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TrainingView {
    pub id: i64,
    pub course: String,
    pub provider: String,
    pub hours: f64,
    pub completed_on: NaiveDate,
    /// The city's yearly course this record is attendance of.
    pub city_course_id: Option<i64>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct HireView {
    pub id: i64,
    pub post_id: i64,
    pub post_title: String,
    pub hired_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    /// Why the worker left: contract_ended, resigned, dismissed, transferred, retired, other.
    pub exit_reason: Option<String>,
    /// The post is bought by government.
    pub purchased: bool,
    /// Where the post is: public_service, welfare_institution, mass_organization, community
    /// or private_agency.
    pub employer_kind: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SocialWorkerDetail {
    pub id: i64,
    pub person_id: i64,
    pub name: String,
    /// Masked.
    pub id_number: String,
    pub region_code: String,
    pub certificate: Option<CertificateView>,
    /// The qualification the city's review granted, for a worker without the certificate.
    pub local_qualification: Option<LocalQualificationView>,
    pub degree: String,
    pub major: String,
    pub social_work_degree_on: Option<NaiveDate>,
    pub registration: RegistrationView,
    /// The current registration period's hours; absent before the first registration.
    pub continuing_education: Option<EducationView>,
    pub trainings: Vec<TrainingView>,
    pub hires: Vec<HireView>,
    /// The pay-guidance tier today (absent only where the record is read for a check).
    pub pay: Option<PayView>,
    /// This year's months so far: the title allowance due or not, and why not.
    pub title_allowance: Vec<AllowanceMonth>,
    pub awards: Vec<AwardView>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SocialWorkerRow {
    pub id: i64,
    pub name: String,
    /// Masked.
    pub id_number: String,
    pub region_code: String,
    pub level: Option<String>,
    pub status: String,
    pub valid_until: Option<NaiveDate>,
    /// Months of social insurance in arrears today (unpaid, late or short).
    pub arrears_months: usize,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SocialWorkerList {
    pub items: Vec<SocialWorkerRow>,
    #[serde(flatten)]
    pub span: PageSpan,
}

/// The period that stands for the registration today: the one covering today, else the
/// last that started before it; and the period after it, if renewed.
pub(super) fn current_period(
    periods: &[social_worker_registration::Model],
    today: NaiveDate,
) -> Option<(Period, Option<Period>)> {
    let mut sorted: Vec<Period> =
        periods.iter().map(|r| Period { start: r.starts_on, valid_until: r.valid_until }).collect();
    sorted.sort_by_key(|p| p.start);
    let index =
        sorted.iter().position(|p| p.contains(today)).or_else(|| sorted.iter().rposition(|p| p.start <= today))?;
    Some((sorted[index], sorted.get(index + 1).copied()))
}

/// How the registration stands today: a renewed registration is not waiting for renewal.
pub(super) fn standing(
    rules: &SocialWorkRules,
    current: Option<(Period, Option<Period>)>,
    today: NaiveDate,
) -> Standing {
    match current {
        None => Standing::Unregistered,
        Some((period, Some(_))) if period.contains(today) => Standing::Registered,
        Some((period, _)) => period.standing(rules, today),
    }
}

/// The current registration period's continuing education of `worker`, from all their
/// training records; none before the first registration or without a certificate.
pub(super) fn education(
    rules: &SocialWorkRules,
    worker: &social_worker::Model,
    current: Option<(Period, Option<Period>)>,
    trainings: &[social_worker_training::Model],
) -> Option<EducationView> {
    let (Some((period, _)), Some(level)) = (current, worker.certificate_level.map(|l| l.0)) else { return None };
    let done: Vec<(NaiveDate, u32)> = trainings
        .iter()
        .filter(|t| t.social_worker_id == worker.id)
        .map(|t| (t.completed_on, u32::try_from(t.minutes).unwrap_or(0)))
        .collect();
    let p = progress(rules, level, period, &done, worker.social_work_degree_on);
    Some(EducationView {
        period_start: period.start,
        period_end: period.valid_until,
        hours: hours(p.minutes),
        required_hours: hours(p.required_minutes),
        shortfall_hours: hours(p.shortfall_minutes()),
        met: p.met(),
    })
}

/// Everything the record shows, read in `db` (a transaction or the pool).
pub(super) async fn detail(
    db: &impl ConnectionTrait,
    rules: &SocialWorkRules,
    worker: social_worker::Model,
    today: NaiveDate,
) -> Result<SocialWorkerDetail, AppError> {
    let person = person::Entity::find_by_id(worker.person_id).one(db).await?.ok_or(AppError::NotFound)?;
    let periods = social_worker_registration::Entity::find()
        .filter(social_worker_registration::Column::SocialWorkerId.eq(worker.id))
        .all(db)
        .await?;
    let application = social_worker_application::Entity::find()
        .filter(social_worker_application::Column::SocialWorkerId.eq(worker.id))
        .order_by_desc(social_worker_application::Column::Id)
        .one(db)
        .await?;
    let trainings = social_worker_training::Entity::find()
        .filter(social_worker_training::Column::SocialWorkerId.eq(worker.id))
        .order_by_asc(social_worker_training::Column::CompletedOn)
        .all(db)
        .await?;
    let hires = social_work_hire::Entity::find()
        .filter(social_work_hire::Column::SocialWorkerId.eq(worker.id))
        .order_by_asc(social_work_hire::Column::HiredOn)
        .all(db)
        .await?;
    let posts = social_work_post::Entity::find()
        .filter(social_work_post::Column::Id.is_in(hires.iter().map(|h| h.post_id)))
        .all(db)
        .await?;
    let current = current_period(&periods, today);
    let level: Option<CertificateLevel> = worker.certificate_level.map(|l| l.0);
    let continuing_education = education(rules, &worker, current, &trainings);
    let state = application.as_ref().map(|a| a.state.0);
    let registration = RegistrationView {
        status: standing(rules, current, today).as_str().to_string(),
        starts_on: current.map(|(p, _)| p.start),
        valid_until: current.map(|(p, _)| p.valid_until),
        renewal_opens_on: current.map(|(p, _)| p.renewal_opens_on(rules)),
        renewed_until: current.and_then(|(_, next)| next).map(|p| p.valid_until),
        application_id: application.as_ref().map(|a| a.id),
        application_state: state.map(|s| s.as_str().to_string()),
        frozen: state.is_some_and(|s| s.freezes_record()) || !periods.is_empty(),
    };
    let certificate = match (level, worker.certificate_number, worker.certificate_obtained_on) {
        (Some(level), Some(number), Some(obtained_on)) => {
            Some(CertificateView { level: level.as_str().to_string(), number, obtained_on })
        }
        _ => None,
    };
    Ok(SocialWorkerDetail {
        id: worker.id,
        person_id: person.id,
        name: person.name,
        id_number: mask(&person.id_number),
        region_code: worker.region_code,
        certificate,
        local_qualification: local_qualification(db, worker.id).await?.map(LocalQualificationView::from),
        degree: worker.degree,
        major: worker.major,
        social_work_degree_on: worker.social_work_degree_on,
        registration,
        continuing_education,
        trainings: trainings
            .into_iter()
            .map(|t| TrainingView {
                id: t.id,
                course: t.course,
                provider: t.provider,
                hours: hours(u32::try_from(t.minutes).unwrap_or(0)),
                completed_on: t.completed_on,
                city_course_id: t.city_course_id,
            })
            .collect(),
        hires: hires
            .into_iter()
            .map(|h| HireView {
                id: h.id,
                post_id: h.post_id,
                post_title: posts.iter().find(|p| p.id == h.post_id).map(|p| p.title.clone()).unwrap_or_default(),
                purchased: posts.iter().any(|p| p.id == h.post_id && p.purchased),
                employer_kind: posts
                    .iter()
                    .find(|p| p.id == h.post_id)
                    .map(|p| p.employer_kind.into())
                    .unwrap_or_default(),
                hired_on: h.hired_on,
                ended_on: h.ended_on,
                exit_reason: h.exit_reason,
            })
            .collect(),
        pay: None,
        title_allowance: Vec::new(),
        awards: Vec::new(),
    })
}
