//! Supervision relations (督导, 5C) and their sessions. A supervisor is a social worker
//! with a senior certificate held on the start day, or a member of the expert pool that
//! day; a social worker in the pool supervises as that worker, so their load is one count.
//!
//! Who may: the office keeping the supervised worker's record records relations and
//! sessions; a `social_worker` account reads the relations it is part of.

use chrono::{NaiveDate, Utc};
use domain::Violation;
use domain::date::{past_day, required_day};
use domain::identity::Permission;
use domain::social_work::education::{hours, parse_hours_up_to};
use domain::social_work::supervision::{
    MAX_SESSION_HOURS, Qualification, SessionForm, Span, check_session_day, check_supervisor, last_day,
};
use serde::{Deserialize, Serialize};
use store::entity::{social_work_expert, social_worker, supervision, supervision_session};
use store::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder,
};

use super::Access;
use super::pool::pool_span;
use super::ratio::{SupervisorKey, SupervisorLoad};
use crate::error::{Checks, required_text};
use crate::tx::{Change, WriteTx};
use crate::{Actor, App, AppError};

/// A supervision relation to record.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct NewSupervision {
    /// The supervised social worker.
    pub social_worker_id: Option<i64>,
    /// The supervisor, a social worker…
    pub supervisor_worker_id: Option<i64>,
    /// …or else an expert of the pool.
    pub supervisor_expert_id: Option<i64>,
    /// YYYY-MM-DD
    pub starts_on: String,
    /// The last day, YYYY-MM-DD; empty while open-ended.
    pub ends_on: String,
}

/// A supervision session to record.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct NewSession {
    /// YYYY-MM-DD, within the relation's dates and not in the future.
    pub held_on: String,
    /// Hours, to the half hour (1.5).
    pub hours: Option<f64>,
    /// individual or group
    pub form: String,
    pub topic: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SessionView {
    pub id: i64,
    pub held_on: NaiveDate,
    pub hours: f64,
    pub form: String,
    pub topic: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SupervisionView {
    pub id: i64,
    pub region_code: String,
    pub social_worker_id: i64,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    /// Today falls within the relation's dates.
    pub active: bool,
    /// The supervisor with today's load against their region's ratio.
    pub supervisor: SupervisorLoad,
    pub sessions: Vec<SessionView>,
}

/// The days a relation runs.
pub(super) fn relation_span(row: &supervision::Model) -> Span {
    Span { from: row.starts_on, until: row.ends_on }
}

/// The supervisor as the input names them.
#[derive(Debug, Clone, Copy)]
enum Named {
    Worker(i64),
    Expert(i64),
}

impl Named {
    /// The input field that names them, where a refusal points.
    fn field(self) -> &'static str {
        match self {
            Named::Worker(_) => "supervisor_worker_id",
            Named::Expert(_) => "supervisor_expert_id",
        }
    }
}

/// The supervisor a relation names, with what qualifies them.
struct Supervisor {
    key: SupervisorKey,
    qualification: Qualification,
}

impl App {
    /// Records a supervision relation; 422 naming the supervisor's field when the
    /// supervisor is not qualified on the start day or is the supervised worker.
    pub async fn add_supervision(&self, actor: &Actor, input: NewSupervision) -> Result<i64, AppError> {
        if !actor.has_anywhere(Permission::ManageSocialWorkers) {
            return Err(AppError::Forbidden);
        }
        let mut checks = Checks::default();
        let worker_id = checks.field("social_worker_id", input.social_worker_id.ok_or(Violation::new("required")));
        let named = match (input.supervisor_worker_id, input.supervisor_expert_id) {
            (Some(id), None) => Some(Named::Worker(id)),
            (None, Some(id)) => Some(Named::Expert(id)),
            (None, None) => checks.field("supervisor_worker_id", Err(Violation::new("required"))),
            (Some(_), Some(_)) => checks.field("supervisor_expert_id", Err(Violation::new("supervisor-one-of"))),
        };
        let starts_on = checks.field("starts_on", required_day(&input.starts_on));
        let ends_on = match input.ends_on.trim() {
            "" => Some(None),
            text => checks.field("ends_on", required_day(text).map(Some)),
        };
        let span = match (starts_on, ends_on) {
            (Some(from), Some(until)) => checks.field("ends_on", Span::new(from, until)),
            _ => None,
        };
        let (worker_id, named, span) = checks.finish_with((worker_id, named, span))?;
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let tree = self.regions();
        // A worker the actor does not keep is unknown to it, whether or not it exists.
        let worker = social_worker::Entity::find_by_id(worker_id)
            .one(tx.conn())
            .await?
            .filter(|w| actor.may(Permission::ManageSocialWorkers, &w.region_code, &tree))
            .ok_or_else(|| AppError::invalid("social_worker_id", Violation::new("social-worker-unknown")))?;
        let supervisor = self.named_supervisor(tx.conn(), actor, &worker.region_code, named).await?;
        if supervisor.key.worker == Some(worker.id) {
            return Err(AppError::invalid(named.field(), Violation::new("supervision-self")));
        }
        check_supervisor(&supervisor.qualification, span.from).map_err(|v| AppError::invalid(named.field(), v))?;
        let same_pair = supervision::Entity::find()
            .filter(supervision::Column::SocialWorkerId.eq(worker.id))
            .filter(supervisor.key.condition())
            .all(tx.conn())
            .await?;
        if same_pair.iter().any(|r| relation_span(r).overlaps(&span)) {
            return Err(AppError::Conflict(Violation::new("supervision-exists").on("starts_on")));
        }
        let inserted = supervision::Entity::insert(supervision::ActiveModel {
            region_code: Set(worker.region_code.clone()),
            social_worker_id: Set(worker.id),
            supervisor_worker_id: Set(supervisor.key.worker),
            supervisor_expert_id: Set(supervisor.key.expert),
            starts_on: Set(span.from),
            ends_on: Set(span.until),
            created_at: Set(Utc::now()),
            ..Default::default()
        })
        .exec(tx.conn())
        .await?;
        let after = serde_json::json!({ "social_worker_id": worker.id, "supervisor_worker_id": supervisor.key.worker,
            "supervisor_expert_id": supervisor.key.expert, "starts_on": span.from, "ends_on": span.until });
        tx.record(Change::new("create", "supervision", inserted.last_insert_id, &worker.region_code).after(&after))
            .await?;
        tx.commit().await?;
        Ok(inserted.last_insert_id)
    }

    /// The supervisor the input names: one the actor keeps, or one kept in the supervised
    /// worker's region or above it (a city's senior workers and experts serve its
    /// townships); any other is unknown (422).
    async fn named_supervisor(
        &self,
        db: &impl ConnectionTrait,
        actor: &Actor,
        supervisee_region: &str,
        named: Named,
    ) -> Result<Supervisor, AppError> {
        let tree = self.regions();
        let usable = |region: &str| {
            actor.may(Permission::ManageSocialWorkers, region, &tree) || tree.contains(region, supervisee_region)
        };
        let worker_id = match named {
            Named::Worker(id) => id,
            Named::Expert(id) => {
                let expert = social_work_expert::Entity::find_by_id(id)
                    .one(db)
                    .await?
                    .filter(|e| usable(&e.region_code))
                    .ok_or_else(|| AppError::invalid(named.field(), Violation::new("expert-unknown")))?;
                let Some(worker_id) = expert.social_worker_id else {
                    let qualification = Qualification { certificate: None, pool: vec![pool_span(&expert)] };
                    return Ok(Supervisor {
                        key: SupervisorKey { worker: None, expert: Some(expert.id) },
                        qualification,
                    });
                };
                worker_id
            }
        };
        let worker = social_worker::Entity::find_by_id(worker_id)
            .one(db)
            .await?
            .filter(|w| usable(&w.region_code))
            .ok_or_else(|| AppError::invalid(named.field(), Violation::new("social-worker-unknown")))?;
        let memberships = social_work_expert::Entity::find()
            .filter(social_work_expert::Column::SocialWorkerId.eq(worker.id))
            .all(db)
            .await?;
        let qualification = Qualification {
            certificate: worker.certificate_level.zip(worker.certificate_obtained_on).map(|(level, on)| (level.0, on)),
            pool: memberships.iter().map(pool_span).collect(),
        };
        Ok(Supervisor { key: SupervisorKey { worker: Some(worker.id), expert: None }, qualification })
    }

    /// Records a session on a relation running today, dated within its days.
    pub async fn add_supervision_session(&self, actor: &Actor, id: i64, input: NewSession) -> Result<i64, AppError> {
        let today = self.settings.today();
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let relation = supervision::Entity::find_by_id(id).one(tx.conn()).await?.ok_or(AppError::NotFound)?;
        actor.require(Permission::ManageSocialWorkers, &relation.region_code, &self.regions())?;
        let span = relation_span(&relation);
        if !span.contains(today) {
            return Err(AppError::Conflict(Violation::new("supervision-not-active").on("supervision")));
        }
        let mut checks = Checks::default();
        let held_on = checks
            .field("held_on", past_day(&input.held_on, today).and_then(|d| check_session_day(&span, d).map(|()| d)));
        let minutes = checks.field(
            "hours",
            input.hours.ok_or(Violation::new("required")).and_then(|h| parse_hours_up_to(h, MAX_SESSION_HOURS)),
        );
        let form = checks.field("form", SessionForm::parse(input.form.trim()).ok_or(Violation::new("unknown-choice")));
        let topic = checks.field("topic", required_text(&input.topic, 100));
        let (held_on, minutes, form, topic) = checks.finish_with((held_on, minutes, form, topic))?;
        let inserted = supervision_session::Entity::insert(supervision_session::ActiveModel {
            supervision_id: Set(relation.id),
            region_code: Set(relation.region_code.clone()),
            held_on: Set(held_on),
            // At most MAX_SESSION_HOURS, so it fits.
            minutes: Set(i32::try_from(minutes).unwrap_or(i32::MAX)),
            form: Set(form.into()),
            topic: Set(topic.clone()),
            created_at: Set(Utc::now()),
            ..Default::default()
        })
        .exec(tx.conn())
        .await?;
        let after = serde_json::json!({ "supervision_id": relation.id, "held_on": held_on, "minutes": minutes,
            "form": form, "topic": topic });
        tx.record(
            Change::new("create", "supervision_session", inserted.last_insert_id, &relation.region_code).after(&after),
        )
        .await?;
        tx.commit().await?;
        Ok(inserted.last_insert_id)
    }

    /// Sets the last day of a relation, once: not before its start nor its latest session.
    pub async fn end_supervision(&self, actor: &Actor, id: i64, ends_on: &str) -> Result<(), AppError> {
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let relation = supervision::Entity::find_by_id(id).one(tx.conn()).await?.ok_or(AppError::NotFound)?;
        actor.require(Permission::ManageSocialWorkers, &relation.region_code, &self.regions())?;
        if relation.ends_on.is_some() {
            return Err(AppError::Conflict(Violation::new("supervision-ended").on("ends_on")));
        }
        let last_session = supervision_session::Entity::find()
            .filter(supervision_session::Column::SupervisionId.eq(relation.id))
            .order_by_desc(supervision_session::Column::HeldOn)
            .one(tx.conn())
            .await?
            .map(|s| s.held_on);
        let day = last_day(ends_on, relation.starts_on)
            .and_then(|day| match last_session {
                Some(held) if held > day => Err(Violation::new("session-after-end").with("date", held)),
                _ => Ok(day),
            })
            .map_err(|v| AppError::invalid("ends_on", v))?;
        let region = relation.region_code.clone();
        let mut row = relation.into_active_model();
        row.ends_on = Set(Some(day));
        row.update(tx.conn()).await?;
        tx.record(Change::new("update", "supervision", id, &region).after(&serde_json::json!({ "ends_on": day })))
            .await?;
        tx.commit().await
    }

    /// One relation with its sessions: for the office keeping the supervised worker, or
    /// the account of either worker in it.
    pub async fn supervision(&self, actor: &Actor, id: i64) -> Result<SupervisionView, AppError> {
        let relation = supervision::Entity::find_by_id(id).one(&self.db).await?.ok_or(AppError::NotFound)?;
        let own = social_worker::Entity::find()
            .filter(social_worker::Column::AccountId.eq(actor.account_id))
            .one(&self.db)
            .await?
            .map(|w| w.id);
        let party = own.is_some_and(|me| me == relation.social_worker_id || Some(me) == relation.supervisor_worker_id);
        if !party {
            actor.require(Permission::ManageSocialWorkers, &relation.region_code, &self.regions())?;
        }
        let mut views = self.supervision_views(vec![relation]).await?;
        views.pop().ok_or(AppError::NotFound)
    }

    /// The relations a social worker is in, supervised or supervising, latest first.
    pub async fn worker_supervisions(&self, actor: &Actor, worker_id: i64) -> Result<Vec<SupervisionView>, AppError> {
        let worker = self.worker_for(&self.db, actor, worker_id, Access::Read).await?;
        let rows = supervision::Entity::find()
            .filter(
                Condition::any()
                    .add(supervision::Column::SocialWorkerId.eq(worker.id))
                    .add(supervision::Column::SupervisorWorkerId.eq(worker.id)),
            )
            .order_by_desc(supervision::Column::StartsOn)
            .all(&self.db)
            .await?;
        self.supervision_views(rows).await
    }

    async fn supervision_views(&self, rows: Vec<supervision::Model>) -> Result<Vec<SupervisionView>, AppError> {
        let today = self.settings.today();
        let keys: Vec<SupervisorKey> = rows.iter().map(SupervisorKey::of).collect();
        let loads = self.supervisor_loads(&keys, today).await?;
        let sessions = supervision_session::Entity::find()
            .filter(supervision_session::Column::SupervisionId.is_in(rows.iter().map(|r| r.id)))
            .order_by_asc(supervision_session::Column::HeldOn)
            .all(&self.db)
            .await?;
        Ok(rows
            .into_iter()
            .zip(loads)
            .map(|(row, supervisor)| SupervisionView {
                active: relation_span(&row).contains(today),
                sessions: sessions
                    .iter()
                    .filter(|s| s.supervision_id == row.id)
                    .map(|s| SessionView {
                        id: s.id,
                        held_on: s.held_on,
                        hours: hours(u32::try_from(s.minutes).unwrap_or_default()),
                        form: s.form.into(),
                        topic: s.topic.clone(),
                    })
                    .collect(),
                supervisor,
                id: row.id,
                region_code: row.region_code,
                social_worker_id: row.social_worker_id,
                starts_on: row.starts_on,
                ends_on: row.ends_on,
            })
            .collect())
    }
}
