//! The city's qualification review and its yearly course (5A, 5C): the office records the
//! qualification its review granted, and the course with the ID numbers of those who
//! attended; each attendance becomes a continuing-education record naming the course.

use chrono::{NaiveDate, Utc};
use domain::Violation;
use domain::identifiers::resident_id::{ResidentId, mask};
use domain::identity::Permission;
use domain::social_work::city::{check_attendance, check_course, check_local_dates, check_local_level};
use domain::social_work::education::hours;
use domain::social_work::{CertificateLevel, parse_certificate_number};
use serde::{Deserialize, Serialize};
use store::entity::{city_course, person, social_worker, social_worker_local_qualification, social_worker_training};
use store::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder,
};

use super::Access;
use crate::error::{Checks, optional_text, required_text};
use crate::tx::{Change, WriteTx};
use crate::{Actor, App, AppError};
use domain::date::required_day;

/// The most ID numbers one attendance list may carry: a course hall, not the city.
pub const MAX_ATTENDEES: usize = 2000;

/// The qualification the city's review granted, as typed.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct LocalQualificationInput {
    /// assistant or intermediate (the senior level is national only)
    pub level: String,
    pub number: String,
    /// YYYY-MM-DD
    pub exam_passed_on: String,
    /// YYYY-MM-DD
    pub granted_on: String,
    /// The reviewing body, e.g. 嘉兴市社会工作者职业资格评审委员会.
    pub reviewed_by: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LocalQualificationView {
    pub level: String,
    pub number: String,
    pub exam_passed_on: NaiveDate,
    pub granted_on: NaiveDate,
    pub reviewed_by: String,
}

impl From<social_worker_local_qualification::Model> for LocalQualificationView {
    fn from(q: social_worker_local_qualification::Model) -> Self {
        Self {
            level: q.level.0.as_str().to_string(),
            number: q.number,
            exam_passed_on: q.exam_passed_on,
            granted_on: q.granted_on,
            reviewed_by: q.reviewed_by,
        }
    }
}

/// A city course as typed.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct NewCityCourse {
    /// The region whose office runs it (the city).
    pub region_code: String,
    pub year: Option<i32>,
    pub title: String,
    pub provider: String,
    /// A number, halves allowed.
    pub hours: Option<f64>,
    /// YYYY-MM-DD
    pub starts_on: String,
    /// YYYY-MM-DD
    pub ends_on: String,
}

/// Who attended, by ID number (one a line on the page).
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct AttendanceInput {
    pub id_numbers: Vec<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AttendanceOutcome {
    /// Attendances newly recorded.
    pub recorded: u64,
    /// Already recorded before: left as they were.
    pub already: u64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AttendeeView {
    pub social_worker_id: i64,
    pub name: String,
    /// Masked.
    pub id_number: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CityCourseView {
    pub id: i64,
    pub region_code: String,
    pub year: i32,
    pub title: String,
    pub provider: String,
    pub hours: f64,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub attendees: u64,
    /// Social workers kept in the course's region and below.
    pub workers: u64,
    /// Attendees per thousand workers (625 = 62.5%).
    pub attendance_permille: u64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CityCourseDetail {
    #[serde(flatten)]
    pub course: CityCourseView,
    pub attendance: Vec<AttendeeView>,
}

impl App {
    /// Records (or corrects) the qualification the city's review granted a worker; refused
    /// (409) for a worker who holds the national certificate, which it would only repeat.
    pub async fn record_local_qualification(
        &self,
        actor: &Actor,
        worker_id: i64,
        input: LocalQualificationInput,
    ) -> Result<(), AppError> {
        let found = self.worker_for(&self.db, actor, worker_id, Access::Write).await?;
        let rules = self.social_work_rules(&self.db, &found.region_code).await?;
        let today = self.settings.today();
        let mut checks = Checks::default();
        let level = checks.field(
            "level",
            CertificateLevel::parse(input.level.trim()).ok_or(Violation::new("unknown-choice")).and_then(|l| {
                check_local_level(l)?;
                Ok(l)
            }),
        );
        let number = checks.field("number", parse_certificate_number(&input.number));
        let exam_passed_on = checks.field("exam_passed_on", required_day(&input.exam_passed_on));
        let granted_on = checks.field("granted_on", required_day(&input.granted_on));
        let reviewed_by = checks.field("reviewed_by", required_text(&input.reviewed_by, 100));
        let (level, number, exam_passed_on, granted_on, reviewed_by) =
            checks.finish_with((level, number, exam_passed_on, granted_on, reviewed_by))?;
        check_local_dates(&rules, exam_passed_on, granted_on, today).map_err(|(f, v)| AppError::invalid(f, v))?;
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let worker = self.worker_for(tx.conn(), actor, worker_id, Access::Write).await?;
        if worker.certificate_level.is_some() {
            return Err(AppError::Conflict(Violation::new("local-qualification-national-held").on("level")));
        }
        let existing = local_qualification(tx.conn(), worker.id).await?;
        let after = serde_json::json!({ "social_worker_id": worker.id, "level": level.as_str(), "number": number,
            "exam_passed_on": exam_passed_on, "granted_on": granted_on, "reviewed_by": reviewed_by });
        let change = match existing {
            Some(row) => {
                let id = row.id;
                let before = serde_json::json!(LocalQualificationView::from(row.clone()));
                let mut row = row.into_active_model();
                row.level = Set(level.into());
                row.number = Set(number);
                row.exam_passed_on = Set(exam_passed_on);
                row.granted_on = Set(granted_on);
                row.reviewed_by = Set(reviewed_by);
                row.update(tx.conn()).await?;
                Change::new("update", "social_worker_local_qualification", id, &worker.region_code).before(&before)
            }
            None => {
                let row = social_worker_local_qualification::ActiveModel {
                    social_worker_id: Set(worker.id),
                    region_code: Set(worker.region_code.clone()),
                    level: Set(level.into()),
                    number: Set(number),
                    exam_passed_on: Set(exam_passed_on),
                    granted_on: Set(granted_on),
                    reviewed_by: Set(reviewed_by),
                    created_at: Set(Utc::now()),
                    ..Default::default()
                };
                let id = social_worker_local_qualification::Entity::insert(row).exec(tx.conn()).await?.last_insert_id;
                Change::new("create", "social_worker_local_qualification", id, &worker.region_code)
            }
        };
        tx.record(change.after(&after)).await?;
        tx.commit().await
    }

    /// Adds the year's city course; one a region and year.
    pub async fn add_city_course(&self, actor: &Actor, input: NewCityCourse) -> Result<i64, AppError> {
        let region = self.registry_region(actor, &input.region_code)?;
        let mut checks = Checks::default();
        let year = checks.field("year", input.year.ok_or(Violation::new("required")));
        let title = checks.field("title", required_text(&input.title, 100));
        let provider = checks.field("provider", optional_text(&input.provider, 100));
        let hours = checks.field("hours", input.hours.ok_or(Violation::new("required")));
        let starts_on = checks.field("starts_on", required_day(&input.starts_on));
        let ends_on = checks.field("ends_on", required_day(&input.ends_on));
        let (year, title, provider, hours, starts_on, ends_on) =
            checks.finish_with((year, title, provider, hours, starts_on, ends_on))?;
        let minutes = check_course(year, starts_on, ends_on, hours).map_err(|(f, v)| AppError::invalid(f, v))?;
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let row = city_course::ActiveModel {
            region_code: Set(region.clone()),
            year: Set(year),
            title: Set(title.clone()),
            provider: Set(provider.clone()),
            minutes: Set(i32::try_from(minutes).unwrap_or(i32::MAX)),
            starts_on: Set(starts_on),
            ends_on: Set(ends_on),
            created_at: Set(Utc::now()),
            ..Default::default()
        };
        let id = city_course::Entity::insert(row).exec(tx.conn()).await?.last_insert_id;
        let after = serde_json::json!({ "year": year, "title": title, "provider": provider, "minutes": minutes,
            "starts_on": starts_on, "ends_on": ends_on });
        tx.record(Change::new("create", "city_course", id, &region).after(&after)).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The city courses the actor's offices ran, latest year first.
    pub async fn city_courses(&self, actor: &Actor) -> Result<Vec<CityCourseView>, AppError> {
        let codes = self.kept_codes(actor)?;
        let courses = city_course::Entity::find()
            .filter(city_course::Column::RegionCode.is_in(codes))
            .order_by_desc(city_course::Column::Year)
            .all(&self.db)
            .await?;
        let mut views = Vec::with_capacity(courses.len());
        for course in courses {
            views.push(self.course_view(&self.db, course).await?);
        }
        Ok(views)
    }

    pub async fn city_course(&self, actor: &Actor, id: i64) -> Result<CityCourseDetail, AppError> {
        let course = self.course_for(&self.db, actor, id).await?;
        let records = social_worker_training::Entity::find()
            .filter(social_worker_training::Column::CityCourseId.eq(course.id))
            .all(&self.db)
            .await?;
        let workers = social_worker::Entity::find()
            .filter(social_worker::Column::Id.is_in(records.iter().map(|r| r.social_worker_id)))
            .all(&self.db)
            .await?;
        let persons = person::Entity::find()
            .filter(person::Column::Id.is_in(workers.iter().map(|w| w.person_id)))
            .order_by_asc(person::Column::Name)
            .all(&self.db)
            .await?;
        let attendance = persons
            .iter()
            .filter_map(|p| {
                let worker = workers.iter().find(|w| w.person_id == p.id)?;
                Some(AttendeeView { social_worker_id: worker.id, name: p.name.clone(), id_number: mask(&p.id_number) })
            })
            .collect();
        Ok(CityCourseDetail { course: self.course_view(&self.db, course).await?, attendance })
    }

    /// Records who attended, by ID number: every number must be a social worker kept in
    /// the course's region, or nothing is recorded; those already recorded are left alone.
    pub async fn record_attendance(
        &self,
        actor: &Actor,
        course_id: i64,
        input: AttendanceInput,
    ) -> Result<AttendanceOutcome, AppError> {
        let today = self.settings.today();
        let course = self.course_for(&self.db, actor, course_id).await?;
        check_attendance(course.ends_on, today).map_err(|v| AppError::Conflict(v.on("ends_on")))?;
        if input.id_numbers.is_empty() {
            return Err(AppError::invalid("id_numbers", Violation::new("required")));
        }
        if input.id_numbers.len() > MAX_ATTENDEES {
            return Err(AppError::invalid(
                "id_numbers",
                Violation::new("attendance-too-many").with("max", MAX_ATTENDEES),
            ));
        }
        let mut checks = Checks::default();
        let ids: Vec<Option<ResidentId>> = input
            .id_numbers
            .iter()
            .enumerate()
            .map(|(i, text)| checks.field(&format!("id_numbers[{i}]"), ResidentId::parse(text, today)))
            .collect();
        checks.finish()?;
        let ids: Vec<ResidentId> = ids.into_iter().flatten().collect();
        let tree = self.regions();
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let persons = person::Entity::find()
            .filter(person::Column::IdNumber.is_in(ids.iter().map(|id| id.as_str().to_string())))
            .all(tx.conn())
            .await?;
        let workers = social_worker::Entity::find()
            .filter(social_worker::Column::PersonId.is_in(persons.iter().map(|p| p.id)))
            .all(tx.conn())
            .await?;
        let course_node = tree.get(&course.region_code).ok_or(AppError::NotFound)?;
        let mut checks = Checks::default();
        let mut attending = Vec::new();
        for (i, id) in ids.iter().enumerate() {
            let worker = persons
                .iter()
                .find(|p| p.id_number == id.as_str())
                .and_then(|p| workers.iter().find(|w| w.person_id == p.id))
                .filter(|w| tree.get(&w.region_code).is_some_and(|n| n.path.starts_with(&course_node.path)))
                .filter(|w| actor.may(Permission::ManageSocialWorkers, &w.region_code, &tree));
            match worker {
                Some(w) if !attending.iter().any(|a: &&social_worker::Model| a.id == w.id) => attending.push(w),
                Some(_) => {}
                None => checks.push(Violation::new("social-worker-unknown").on(format!("id_numbers[{i}]"))),
            }
        }
        checks.finish()?;
        let recorded_before = social_worker_training::Entity::find()
            .filter(social_worker_training::Column::CityCourseId.eq(course.id))
            .all(tx.conn())
            .await?;
        let (mut recorded, mut already) = (0, 0);
        for worker in attending {
            if recorded_before.iter().any(|r| r.social_worker_id == worker.id) {
                already += 1;
                continue;
            }
            let row = social_worker_training::ActiveModel {
                social_worker_id: Set(worker.id),
                region_code: Set(worker.region_code.clone()),
                course: Set(course.title.clone()),
                provider: Set(course.provider.clone()),
                minutes: Set(course.minutes),
                completed_on: Set(course.ends_on),
                city_course_id: Set(Some(course.id)),
                created_at: Set(Utc::now()),
                ..Default::default()
            };
            let id = social_worker_training::Entity::insert(row).exec(tx.conn()).await?.last_insert_id;
            let after = serde_json::json!({ "social_worker_id": worker.id, "city_course_id": course.id,
                "minutes": course.minutes, "completed_on": course.ends_on });
            tx.record(Change::new("create", "social_worker_training", id, &worker.region_code).after(&after)).await?;
            recorded += 1;
        }
        tx.commit().await?;
        Ok(AttendanceOutcome { recorded, already })
    }

    /// The course `id` if the actor keeps social workers in its region.
    async fn course_for(
        &self,
        db: &impl ConnectionTrait,
        actor: &Actor,
        id: i64,
    ) -> Result<city_course::Model, AppError> {
        let course = city_course::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
        actor.require(Permission::ManageSocialWorkers, &course.region_code, &self.regions())?;
        Ok(course)
    }

    async fn course_view(
        &self,
        db: &impl ConnectionTrait,
        course: city_course::Model,
    ) -> Result<CityCourseView, AppError> {
        let tree = self.regions();
        let codes: Vec<String> =
            tree.get(&course.region_code).map(|n| tree.codes_with_path_prefix(&n.path)).unwrap_or_default();
        let workers =
            social_worker::Entity::find().filter(social_worker::Column::RegionCode.is_in(codes)).count(db).await?;
        let attendees = social_worker_training::Entity::find()
            .filter(social_worker_training::Column::CityCourseId.eq(course.id))
            .count(db)
            .await?;
        Ok(CityCourseView {
            id: course.id,
            region_code: course.region_code,
            year: course.year,
            title: course.title,
            provider: course.provider,
            hours: hours(u32::try_from(course.minutes).unwrap_or(0)),
            starts_on: course.starts_on,
            ends_on: course.ends_on,
            attendees,
            workers,
            attendance_permille: (attendees * 1000).checked_div(workers).unwrap_or(0),
        })
    }
}

/// The qualification the city's review granted a worker, if any.
pub(super) async fn local_qualification(
    db: &impl ConnectionTrait,
    worker_id: i64,
) -> Result<Option<social_worker_local_qualification::Model>, AppError> {
    Ok(social_worker_local_qualification::Entity::find()
        .filter(social_worker_local_qualification::Column::SocialWorkerId.eq(worker_id))
        .one(db)
        .await?)
}
