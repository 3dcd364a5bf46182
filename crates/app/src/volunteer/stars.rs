//! Star levels: the thresholds and the application rule in force in a region (each the
//! nearest region's own along the lineage, looked up apart), and where a region requires
//! it, the application, the office's review, the public notice with its objections and the
//! award the office confirms once the notice is over (`domain::volunteer::award`).
//!
//! The award is an act of the office, not a date passing: someone answers for it in the
//! audit trail, as an issuer answers for a proof, and an objection needs a person to weigh
//! it. So the stars shown change only by an audited write, never by a clock.

use chrono::{DateTime, NaiveDate, Utc};
use domain::Violation;
use domain::identity::Permission;
use domain::volunteer::award::{StarRule, check_application, may_award, may_object};
use domain::volunteer::stars::StarThresholds;
use serde::{Deserialize, Serialize};
use store::entity::{
    volunteer, volunteer_star_application as application, volunteer_star_objection as objection, volunteer_star_rule,
    volunteer_star_threshold,
};
use store::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder,
};

use super::Access;
use super::ledger::confirmed_minutes;
use super::proofs::masked_name;
use super::registry::numbers_and_names;
use crate::error::{Checks, required_text};
use crate::region::nearest;
use crate::tx::{Change, WriteTx};
use crate::{Actor, App, AppError};

/// The statuses of an application still under way: one at a time per volunteer.
const OPEN: [&str; 2] = ["applied", "notice"];

/// Where a volunteer stands: the rule of their region, the stars their hours reach and the
/// level the office has awarded.
pub(super) struct Standing {
    pub thresholds: StarThresholds,
    pub rule: StarRule,
    pub minutes: i64,
    pub eligible: u8,
    pub awarded: u8,
}

impl Standing {
    pub fn stars(&self) -> u8 {
        self.rule.stars(self.eligible, self.awarded)
    }
}

/// An application as the volunteer, their organiser and the office see it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StarApplicationView {
    pub id: i64,
    pub volunteer_id: i64,
    pub volunteer_number: String,
    pub name: String,
    pub level: u8,
    /// Confirmed minutes when applying.
    pub minutes: i64,
    /// applied, notice, awarded or refused
    pub status: String,
    pub applied_by: String,
    pub applied_at: DateTime<Utc>,
    pub notice_starts_on: Option<NaiveDate>,
    /// The notice's last day.
    pub notice_ends_on: Option<NaiveDate>,
    /// On notice and past its last day: the office may confirm the award.
    pub notice_over: bool,
    pub refusal_reason: Option<String>,
    pub awarded_on: Option<NaiveDate>,
    /// Objections lodged during the notice; for the office only (empty for anyone else).
    pub objections: Vec<StarObjectionView>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StarObjectionView {
    pub id: i64,
    pub message: String,
    pub lodged_at: DateTime<Utc>,
    pub answer: Option<String>,
    pub answered_by: Option<String>,
}

/// A star on public notice, as anyone may read it: the name masked.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StarNotice {
    /// The application's id, to lodge an objection against.
    pub id: i64,
    /// Masked: 张*.
    pub name: String,
    pub volunteer_number: String,
    pub level: u8,
    pub minutes: i64,
    pub notice_starts_on: NaiveDate,
    pub notice_ends_on: NaiveDate,
}

/// The office's decision on an application: `approve` (to public notice) or `refuse`
/// with a reason.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct StarReview {
    pub decision: String,
    pub reason: String,
}

impl App {
    /// The star thresholds in force in `code`: the nearest region (itself or an ancestor)
    /// that sets its own, else the national default.
    pub(super) async fn star_thresholds(
        &self,
        db: &impl ConnectionTrait,
        code: &str,
    ) -> Result<StarThresholds, AppError> {
        let lineage = self.lineage_codes(code);
        let rows = volunteer_star_threshold::Entity::find()
            .filter(volunteer_star_threshold::Column::RegionCode.is_in(lineage.clone()))
            .all(db)
            .await?;
        let nearest = nearest(&lineage, &rows, |r| &r.region_code);
        Ok(nearest.and_then(|r| parse_hours(&r.hours)).unwrap_or_default())
    }

    /// Whether stars need an application in `code`: the nearest region's rule, else none.
    async fn star_rule(&self, db: &impl ConnectionTrait, code: &str) -> Result<StarRule, AppError> {
        let lineage = self.lineage_codes(code);
        let rows = volunteer_star_rule::Entity::find()
            .filter(volunteer_star_rule::Column::RegionCode.is_in(lineage.clone()))
            .all(db)
            .await?;
        let nearest = nearest(&lineage, &rows, |r| &r.region_code);
        Ok(nearest
            .and_then(|r| StarRule::new(r.requires_application, u32::try_from(r.notice_days).ok()?).ok())
            .unwrap_or_default())
    }

    /// A volunteer's minutes, eligible stars and awarded level under their region's rules.
    pub(super) async fn star_standing(
        &self,
        db: &impl ConnectionTrait,
        v: &volunteer::Model,
    ) -> Result<Standing, AppError> {
        let minutes = confirmed_minutes(db, v.id).await?;
        let thresholds = self.star_thresholds(db, &v.region_code).await?;
        let rule = self.star_rule(db, &v.region_code).await?;
        let awarded = application::Entity::find()
            .filter(application::Column::VolunteerId.eq(v.id))
            .filter(application::Column::Status.eq("awarded"))
            .all(db)
            .await?
            .iter()
            .map(|a| u8::try_from(a.level).unwrap_or(0))
            .max()
            .unwrap_or(0);
        let eligible = thresholds.stars(u64::try_from(minutes).unwrap_or(0));
        Ok(Standing { thresholds, rule, minutes, eligible, awarded })
    }

    /// Sets the star thresholds of a region the actor keeps volunteers in.
    pub async fn set_star_thresholds(&self, actor: &Actor, code: &str, hours: [u32; 5]) -> Result<(), AppError> {
        actor.require(Permission::ManageVolunteers, code, &self.regions())?;
        let thresholds = StarThresholds::new(hours).map_err(|v| AppError::invalid("hours", v))?;
        let text = thresholds.hours.map(|h| h.to_string()).join(",");
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let existing = volunteer_star_threshold::Entity::find()
            .filter(volunteer_star_threshold::Column::RegionCode.eq(code))
            .one(tx.conn())
            .await?;
        let id = match existing {
            Some(row) => {
                let id = row.id;
                let mut row = row.into_active_model();
                row.hours = Set(text.clone());
                row.updated_at = Set(Utc::now());
                row.update(tx.conn()).await?;
                id
            }
            None => {
                let row = volunteer_star_threshold::ActiveModel {
                    region_code: Set(code.to_string()),
                    hours: Set(text.clone()),
                    updated_at: Set(Utc::now()),
                    ..Default::default()
                };
                volunteer_star_threshold::Entity::insert(row).exec(tx.conn()).await?.last_insert_id
            }
        };
        let after = serde_json::json!({ "hours": text });
        tx.record(Change::new("update", "volunteer_star_thresholds", id, code).after(&after)).await?;
        tx.commit().await
    }

    /// Sets whether stars need an application in a region the actor keeps volunteers in,
    /// and how many days their notice runs.
    pub async fn set_star_rule(
        &self,
        actor: &Actor,
        code: &str,
        requires_application: bool,
        notice_days: u32,
    ) -> Result<(), AppError> {
        actor.require(Permission::ManageVolunteers, code, &self.regions())?;
        let rule = StarRule::new(requires_application, notice_days).map_err(|v| AppError::invalid("notice_days", v))?;
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let existing = volunteer_star_rule::Entity::find()
            .filter(volunteer_star_rule::Column::RegionCode.eq(code))
            .one(tx.conn())
            .await?;
        let mut row = match existing {
            Some(row) => row.into_active_model(),
            None => volunteer_star_rule::ActiveModel { region_code: Set(code.to_string()), ..Default::default() },
        };
        row.requires_application = Set(rule.requires_application);
        row.notice_days = Set(i32::try_from(rule.notice_days).unwrap_or(i32::MAX));
        row.updated_at = Set(Utc::now());
        let id = row.save(tx.conn()).await?.id.unwrap();
        let after = serde_json::json!({ "requires_application": rule.requires_application,
            "notice_days": rule.notice_days });
        tx.record(Change::new("update", "volunteer_star_rules", id, code).after(&after)).await?;
        tx.commit().await
    }

    /// Applies for `level` for a volunteer, where their region requires applications:
    /// the volunteer themselves, the office, or an organisation working with them.
    pub async fn apply_for_star(&self, actor: &Actor, volunteer_id: i64, level: i64) -> Result<i64, AppError> {
        // Whoever may read the record: the volunteer, their organiser, their office.
        self.volunteer_for(&self.db, actor, volunteer_id, Access::Read).await?;
        let level = u8::try_from(level).unwrap_or(0);
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let v = self.volunteer_for(tx.conn(), actor, volunteer_id, Access::Read).await?;
        let standing = self.star_standing(tx.conn(), &v).await?;
        if !standing.rule.requires_application {
            return Err(AppError::Conflict(Violation::new("star-application-not-required").on("level")));
        }
        let open = application::Entity::find()
            .filter(application::Column::VolunteerId.eq(v.id))
            .filter(application::Column::Status.is_in(OPEN))
            .count(tx.conn())
            .await?;
        let minutes = u64::try_from(standing.minutes).unwrap_or(0);
        check_application(level, &standing.thresholds, minutes, standing.awarded, open > 0).map_err(|e| {
            match e.code {
                "star-level-range" => AppError::invalid("level", e),
                _ => AppError::Conflict(e.on("level")),
            }
        })?;
        let row = application::ActiveModel {
            volunteer_id: Set(v.id),
            region_code: Set(v.region_code.clone()),
            level: Set(i32::from(level)),
            minutes: Set(standing.minutes),
            status: Set("applied".into()),
            applied_by: Set(actor.username.clone()),
            applied_at: Set(Utc::now()),
            ..Default::default()
        };
        let id = application::Entity::insert(row).exec(tx.conn()).await?.last_insert_id;
        let after = serde_json::json!({ "volunteer_id": v.id, "level": level, "minutes": standing.minutes });
        tx.record(Change::new("apply", "volunteer_star_application", id, &v.region_code).after(&after)).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// A volunteer's applications, newest first; objections shown to the office only.
    pub async fn star_applications(
        &self,
        actor: &Actor,
        volunteer_id: i64,
    ) -> Result<Vec<StarApplicationView>, AppError> {
        let v = self.volunteer_for(&self.db, actor, volunteer_id, Access::Read).await?;
        let rows = application::Entity::find()
            .filter(application::Column::VolunteerId.eq(v.id))
            .order_by_desc(application::Column::Id)
            .all(&self.db)
            .await?;
        self.application_views(actor, rows).await
    }

    /// The applications under way in the regions the actor keeps volunteers in, oldest
    /// first; none for an account that keeps none (an organisation's).
    pub async fn star_applications_to_review(&self, actor: &Actor) -> Result<Vec<StarApplicationView>, AppError> {
        let Ok(codes) = self.volunteer_codes(actor) else { return Ok(Vec::new()) };
        let rows = application::Entity::find()
            .filter(application::Column::RegionCode.is_in(codes))
            .filter(application::Column::Status.is_in(OPEN))
            .order_by_asc(application::Column::Id)
            .all(&self.db)
            .await?;
        self.application_views(actor, rows).await
    }

    async fn application_views(
        &self,
        actor: &Actor,
        rows: Vec<application::Model>,
    ) -> Result<Vec<StarApplicationView>, AppError> {
        let today = self.settings.today();
        let tree = self.regions();
        let names = numbers_and_names(&self.db, rows.iter().map(|a| a.volunteer_id).collect()).await?;
        let kept: Vec<i64> = rows
            .iter()
            .filter(|a| actor.may(Permission::ManageVolunteers, &a.region_code, &tree))
            .map(|a| a.id)
            .collect();
        let objections = objection::Entity::find()
            .filter(objection::Column::ApplicationId.is_in(kept))
            .order_by_asc(objection::Column::Id)
            .all(&self.db)
            .await?;
        Ok(rows
            .into_iter()
            .map(|a| {
                let (number, name) = names.get(&a.volunteer_id).cloned().unwrap_or_default();
                StarApplicationView {
                    objections: objections
                        .iter()
                        .filter(|o| o.application_id == a.id)
                        .map(|o| StarObjectionView {
                            id: o.id,
                            message: o.message.clone(),
                            lodged_at: o.lodged_at,
                            answer: o.answer.clone(),
                            answered_by: o.answered_by.clone(),
                        })
                        .collect(),
                    notice_over: a.status == "notice" && a.notice_ends_on.is_some_and(|end| today > end),
                    id: a.id,
                    volunteer_id: a.volunteer_id,
                    volunteer_number: number,
                    name,
                    level: u8::try_from(a.level).unwrap_or(0),
                    minutes: a.minutes,
                    status: a.status,
                    applied_by: a.applied_by,
                    applied_at: a.applied_at,
                    notice_starts_on: a.notice_starts_on,
                    notice_ends_on: a.notice_ends_on,
                    refusal_reason: a.refusal_reason,
                    awarded_on: a.awarded_on,
                }
            })
            .collect())
    }

    /// An application the actor's office reviews: in a region it keeps volunteers in.
    async fn reviewed(
        &self,
        db: &impl ConnectionTrait,
        actor: &Actor,
        id: i64,
    ) -> Result<application::Model, AppError> {
        let found = application::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
        actor.require(Permission::ManageVolunteers, &found.region_code, &self.regions())?;
        Ok(found)
    }

    /// The office approves an application to public notice from today for the region's
    /// notice days, or refuses it with a reason (also during the notice, after an
    /// objection it upheld).
    pub async fn review_star_application(&self, actor: &Actor, id: i64, input: StarReview) -> Result<(), AppError> {
        self.reviewed(&self.db, actor, id).await?;
        let mut checks = Checks::default();
        let decision = checks.field(
            "decision",
            ["approve", "refuse"]
                .into_iter()
                .find(|d| *d == input.decision.trim())
                .ok_or(Violation::new("unknown-choice")),
        );
        let reason = match decision {
            Some("refuse") => checks.field("reason", required_text(&input.reason, 500)),
            _ => Some(String::new()),
        };
        let (decision, reason) = checks.finish_with((decision, reason))?;
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let found = self.reviewed(tx.conn(), actor, id).await?;
        let allowed: &[&str] = if decision == "approve" { &["applied"] } else { &OPEN };
        if !allowed.contains(&found.status.as_str()) {
            return Err(AppError::Conflict(Violation::new("star-application-decided").on("decision")));
        }
        let region = found.region_code.clone();
        let mut row = found.into_active_model();
        row.decided_by = Set(Some(actor.username.clone()));
        row.decided_at = Set(Some(Utc::now()));
        let after = if decision == "approve" {
            let rule = self.star_rule(tx.conn(), &region).await?;
            let starts = self.settings.today();
            let ends = rule.notice_ends_on(starts);
            row.status = Set("notice".into());
            row.notice_starts_on = Set(Some(starts));
            row.notice_ends_on = Set(Some(ends));
            serde_json::json!({ "status": "notice", "notice_starts_on": starts, "notice_ends_on": ends })
        } else {
            row.status = Set("refused".into());
            row.refusal_reason = Set(Some(reason.clone()));
            serde_json::json!({ "status": "refused", "reason": reason })
        };
        row.update(tx.conn()).await?;
        tx.record(Change::new(decision, "volunteer_star_application", id, &region).after(&after)).await?;
        tx.commit().await
    }

    /// The office confirms the award once the notice is over and every objection answered.
    pub async fn award_star(&self, actor: &Actor, id: i64) -> Result<(), AppError> {
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let found = self.reviewed(tx.conn(), actor, id).await?;
        let ends_on = match (found.status.as_str(), found.notice_ends_on) {
            ("notice", Some(ends_on)) => ends_on,
            _ => return Err(AppError::Conflict(Violation::new("star-application-decided").on("status"))),
        };
        let unanswered = objection::Entity::find()
            .filter(objection::Column::ApplicationId.eq(id))
            .filter(objection::Column::Answer.is_null())
            .count(tx.conn())
            .await?;
        let today = self.settings.today();
        may_award(today, ends_on, usize::try_from(unanswered).unwrap_or(usize::MAX))
            .map_err(|e| AppError::Conflict(e.on("status")))?;
        let region = found.region_code.clone();
        let mut row = found.into_active_model();
        row.status = Set("awarded".into());
        row.awarded_on = Set(Some(today));
        row.decided_by = Set(Some(actor.username.clone()));
        row.decided_at = Set(Some(Utc::now()));
        row.update(tx.conn()).await?;
        let after = serde_json::json!({ "status": "awarded", "awarded_on": today });
        tx.record(Change::new("award", "volunteer_star_application", id, &region).after(&after)).await?;
        tx.commit().await
    }

    /// The stars on public notice today, the notice ending soonest first.
    pub async fn star_notices(&self) -> Result<Vec<StarNotice>, AppError> {
        let today = self.settings.today();
        let rows = application::Entity::find()
            .filter(application::Column::Status.eq("notice"))
            .filter(application::Column::NoticeEndsOn.gte(today))
            .order_by_asc(application::Column::NoticeEndsOn)
            .order_by_asc(application::Column::Id)
            .all(&self.db)
            .await?;
        let names = numbers_and_names(&self.db, rows.iter().map(|a| a.volunteer_id).collect()).await?;
        Ok(rows
            .into_iter()
            .filter_map(|a| {
                let (number, name) = names.get(&a.volunteer_id).cloned().unwrap_or_default();
                Some(StarNotice {
                    id: a.id,
                    name: masked_name(&name),
                    volunteer_number: number,
                    level: u8::try_from(a.level).ok()?,
                    minutes: a.minutes,
                    notice_starts_on: a.notice_starts_on?,
                    notice_ends_on: a.notice_ends_on?,
                })
            })
            .collect())
    }

    /// Anyone lodges an objection against a star on notice, through its last day.
    pub async fn object_to_star(&self, id: i64, message: &str) -> Result<i64, AppError> {
        let message = required_text(message, 500).map_err(|v| AppError::invalid("message", v))?;
        let mut tx = WriteTx::begin(self, crate::Author::system()).await?;
        let found = application::Entity::find_by_id(id).one(tx.conn()).await?.ok_or(AppError::NotFound)?;
        let ends_on = match (found.status.as_str(), found.notice_ends_on) {
            ("notice", Some(ends_on)) => ends_on,
            _ => return Err(AppError::NotFound),
        };
        may_object(self.settings.today(), ends_on).map_err(|e| AppError::Conflict(e.on("message")))?;
        let row = objection::ActiveModel {
            application_id: Set(id),
            message: Set(message.clone()),
            lodged_at: Set(Utc::now()),
            ..Default::default()
        };
        let objection_id = objection::Entity::insert(row).exec(tx.conn()).await?.last_insert_id;
        let after = serde_json::json!({ "application_id": id, "message": message });
        tx.record(Change::new("object", "volunteer_star_objection", objection_id, &found.region_code).after(&after))
            .await?;
        tx.commit().await?;
        Ok(objection_id)
    }

    /// The office answers an objection against an application it reviews, once.
    pub async fn answer_star_objection(&self, actor: &Actor, id: i64, answer: &str) -> Result<(), AppError> {
        let found = objection::Entity::find_by_id(id).one(&self.db).await?.ok_or(AppError::NotFound)?;
        let application = self.reviewed(&self.db, actor, found.application_id).await?;
        let answer = required_text(answer, 500).map_err(|v| AppError::invalid("answer", v))?;
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let answered = objection::Entity::update_many()
            .set(objection::ActiveModel {
                answer: Set(Some(answer.clone())),
                answered_by: Set(Some(actor.username.clone())),
                answered_at: Set(Some(Utc::now())),
                ..Default::default()
            })
            .filter(objection::Column::Id.eq(id))
            .filter(objection::Column::Answer.is_null())
            .exec(tx.conn())
            .await?;
        if answered.rows_affected == 0 {
            return Err(AppError::Conflict(Violation::new("star-objection-answered").on("answer")));
        }
        let after = serde_json::json!({ "answer": answer });
        tx.record(Change::new("answer", "volunteer_star_objection", id, &application.region_code).after(&after))
            .await?;
        tx.commit().await
    }
}

fn parse_hours(text: &str) -> Option<StarThresholds> {
    let hours: Vec<u32> = text.split(',').filter_map(|h| h.trim().parse().ok()).collect();
    StarThresholds::new(hours.try_into().ok()?).ok()
}
