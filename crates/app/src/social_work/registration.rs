//! The national registration workflow: an application (dated the day it is filed, within
//! a year of the certificate), a first and a final review, registration (the period
//! starts that day) and the certificate of registration; renewal in the last three
//! months of a period, with the period's continuing education.

use domain::Violation;
use domain::social_work::education::progress;
use domain::social_work::registration::{
    ApplicationState, Period, Step, check_first_registration, check_refusal_reason, next_state,
};
use serde::{Deserialize, Serialize};
use store::entity::{social_worker, social_worker_application, social_worker_registration, social_worker_training};
use store::sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter};

use super::Access;
use super::view::current_period;
use super::workers::add_period;
use crate::error::optional_text;
use crate::tx::{Change, WriteTx};
use crate::{Actor, App, AppError};

/// A step an office takes on an application.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct StepInput {
    /// first_review, final_review, register or issue_certificate
    pub step: String,
    /// For the reviews: agree (default) or refuse.
    pub agree: Option<bool>,
    /// Required when a review refuses: the reason given.
    pub note: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StepOutcome {
    pub id: i64,
    pub state: String,
}

impl App {
    /// Files an application for first registration, dated today.
    pub async fn apply_for_registration(&self, actor: &Actor, worker_id: i64) -> Result<i64, AppError> {
        let today = self.settings.today();
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let worker = self.worker_for(tx.conn(), actor, worker_id, Access::Write).await?;
        let rules = self.social_work_rules(tx.conn(), &worker.region_code).await?;
        let Some(obtained_on) = worker.certificate_obtained_on else {
            return Err(AppError::invalid("certificate", Violation::new("registration-needs-certificate")));
        };
        let periods = social_worker_registration::Entity::find()
            .filter(social_worker_registration::Column::SocialWorkerId.eq(worker.id))
            .all(tx.conn())
            .await?;
        if !periods.is_empty() {
            return Err(AppError::Conflict(Violation::new("social-worker-registered").on("registration")));
        }
        let applications = social_worker_application::Entity::find()
            .filter(social_worker_application::Column::SocialWorkerId.eq(worker.id))
            .all(tx.conn())
            .await?;
        if applications.iter().any(|a| a.state.0.is_open()) {
            return Err(AppError::Conflict(Violation::new("registration-application-open").on("registration")));
        }
        check_first_registration(&rules, obtained_on, today).map_err(|v| AppError::invalid("certificate", v))?;
        let inserted = social_worker_application::Entity::insert(social_worker_application::ActiveModel {
            social_worker_id: Set(worker.id),
            region_code: Set(worker.region_code.clone()),
            state: Set(ApplicationState::Submitted.into()),
            submitted_on: Set(today),
            ..Default::default()
        })
        .exec(tx.conn())
        .await?;
        let after = serde_json::json!({ "social_worker_id": worker.id, "state": "submitted", "submitted_on": today });
        tx.record(
            Change::new("create", "social_worker_application", inserted.last_insert_id, &worker.region_code)
                .after(&after),
        )
        .await?;
        tx.commit().await?;
        Ok(inserted.last_insert_id)
    }

    /// Takes one step on an application; registering starts the period today.
    pub async fn registration_step(&self, actor: &Actor, id: i64, input: StepInput) -> Result<StepOutcome, AppError> {
        let today = self.settings.today();
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let found =
            social_worker_application::Entity::find_by_id(id).one(tx.conn()).await?.ok_or(AppError::NotFound)?;
        actor.require(domain::identity::Permission::ManageSocialWorkers, &found.region_code, &self.regions())?;
        let step = Step::parse(input.step.trim())
            .ok_or_else(|| AppError::invalid("step", Violation::new("unknown-choice")))?;
        let note = optional_text(&input.note, 500).map_err(|v| AppError::invalid("note", v))?;
        let agree = input.agree.unwrap_or(true);
        let state = next_state(found.state.0, step, agree).map_err(|v| AppError::Conflict(v.on("step")))?;
        check_refusal_reason(step, agree, &note).map_err(|v| AppError::invalid("note", v))?;
        let rules = self.social_work_rules(tx.conn(), &found.region_code).await?;
        let before = serde_json::json!({ "state": found.state.0.as_str() });
        let (worker_id, region) = (found.social_worker_id, found.region_code.clone());
        let mut row = found.into_active_model();
        row.state = Set(state.into());
        if !note.is_empty() {
            row.note = Set(Some(note));
        }
        match step {
            Step::FirstReview => {
                row.first_review_on = Set(Some(today));
                row.first_review_by = Set(Some(actor.username.clone()));
            }
            Step::FinalReview => {
                row.final_review_on = Set(Some(today));
                row.final_review_by = Set(Some(actor.username.clone()));
            }
            Step::Register => row.registered_on = Set(Some(today)),
            Step::IssueCertificate => row.certificate_issued_on = Set(Some(today)),
        }
        row.update(tx.conn()).await?;
        let after = serde_json::json!({ "state": state.as_str(), "step": step.as_str() });
        tx.record(Change::new("update", "social_worker_application", id, &region).before(&before).after(&after))
            .await?;
        if step == Step::Register {
            add_period(&mut tx, worker_id, &region, "first", Period::starting(&rules, today), Some(id)).await?;
        }
        tx.commit().await?;
        Ok(StepOutcome { id, state: state.as_str().to_string() })
    }

    /// Renews the current registration, dated today: in its last three months and with its
    /// continuing education done; the new period follows the old one without a gap.
    pub async fn renew_registration(&self, actor: &Actor, worker_id: i64) -> Result<i64, AppError> {
        let today = self.settings.today();
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let worker: social_worker::Model = self.worker_for(tx.conn(), actor, worker_id, Access::Write).await?;
        let rules = self.social_work_rules(tx.conn(), &worker.region_code).await?;
        let periods = social_worker_registration::Entity::find()
            .filter(social_worker_registration::Column::SocialWorkerId.eq(worker.id))
            .all(tx.conn())
            .await?;
        let refuse = |v: Violation| AppError::Conflict(v.on("registration"));
        let (period, next) =
            current_period(&periods, today).ok_or_else(|| refuse(Violation::new("social-worker-unregistered")))?;
        if next.is_some() {
            return Err(refuse(Violation::new("registration-renewed")));
        }
        let renewed = period.renewal_on(&rules, today).map_err(refuse)?;
        let level = worker
            .certificate_level
            .map(|l| l.0)
            .ok_or_else(|| refuse(Violation::new("social-worker-unregistered")))?;
        let trainings = social_worker_training::Entity::find()
            .filter(social_worker_training::Column::SocialWorkerId.eq(worker.id))
            .all(tx.conn())
            .await?;
        let done: Vec<_> = trainings.iter().map(|t| (t.completed_on, u32::try_from(t.minutes).unwrap_or(0))).collect();
        progress(&rules, level, period, &done, worker.social_work_degree_on)
            .check_for_renewal()
            .map_err(|v| AppError::invalid("continuing_education", v))?;
        let id = add_period(&mut tx, worker.id, &worker.region_code, "renewal", renewed, None).await?;
        tx.commit().await?;
        Ok(id)
    }
}
