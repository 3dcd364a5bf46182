//! Social-work posts (5D) and hires into them under the certificate gate (5A), and the
//! region's own gate day.

use chrono::{NaiveDate, Utc};
use domain::Violation;
use domain::identity::Permission;
use domain::social_work::ServiceField;
use domain::social_work::city::qualified_on;
use domain::social_work::hire::{ExitReason, check_exit, check_hire};
use domain::social_work::pay::EmployerKind;
use serde::{Deserialize, Serialize};
use store::entity::{
    organization, social_work_gate, social_work_gate_refusal, social_work_hire, social_work_post, social_worker,
};
use store::sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter};

use super::city::local_qualification;
use crate::error::{Checks, required_text};
use crate::tx::{Change, WriteTx};
use crate::{Actor, App, AppError};
use domain::date::past_day;

/// A social-work post to create.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct NewPost {
    pub title: String,
    pub region_code: String,
    /// One of the 14 service fields (welfare, assistance, …, marriage_family).
    pub service_field: String,
    /// A professional post: hires from the gate day need a certificate.
    pub professional: Option<bool>,
    /// The employing organisation.
    pub organization_id: Option<i64>,
    /// Bought by government (post purchase, 5D/6B).
    pub purchased: bool,
    /// Where the post is: public_service, welfare_institution, mass_organization, community
    /// or private_agency. When absent: private_agency with an `organization_id`, else community.
    pub employer_kind: String,
}

/// A worker leaving a post.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct HireExit {
    /// YYYY-MM-DD, from the hire day to today.
    pub ended_on: String,
    /// contract_ended, resigned, dismissed, transferred, retired or other.
    pub reason: String,
}

/// A hire into a post.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct NewHire {
    pub social_worker_id: Option<i64>,
    /// YYYY-MM-DD
    pub hired_on: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PostView {
    pub id: i64,
    pub title: String,
    pub region_code: String,
    pub service_field: String,
    pub professional: bool,
    pub organization_id: Option<i64>,
    pub purchased: bool,
    /// public_service, welfare_institution, mass_organization, community or private_agency.
    pub employer_kind: String,
    /// The day from which a hire into this post needs a certificate (if professional).
    pub certificate_required_from: NaiveDate,
}

impl App {
    pub async fn add_social_work_post(&self, actor: &Actor, input: NewPost) -> Result<i64, AppError> {
        let region = self.registry_region(actor, &input.region_code)?;
        let mut checks = Checks::default();
        let title = checks.field("title", required_text(&input.title, 60));
        let field = checks.field(
            "service_field",
            ServiceField::parse(input.service_field.trim()).ok_or(Violation::new("unknown-choice")),
        );
        let professional = checks.field("professional", input.professional.ok_or(Violation::new("required")));
        let employer = checks.field(
            "employer_kind",
            match input.employer_kind.trim() {
                "" if input.organization_id.is_some() => Ok(EmployerKind::PrivateAgency),
                "" => Ok(EmployerKind::Community),
                kind => EmployerKind::parse(kind).ok_or(Violation::new("unknown-choice")),
            },
        );
        let (title, field, professional, employer) = checks.finish_with((title, field, professional, employer))?;
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        if let Some(org) = input.organization_id
            && organization::Entity::find_by_id(org).one(tx.conn()).await?.is_none()
        {
            return Err(AppError::invalid("organization_id", Violation::new("organization-unknown")));
        }
        let inserted = social_work_post::Entity::insert(social_work_post::ActiveModel {
            title: Set(title.clone()),
            region_code: Set(region.clone()),
            service_field: Set(field.into()),
            professional: Set(professional),
            organization_id: Set(input.organization_id),
            purchased: Set(input.purchased),
            employer_kind: Set(employer.into()),
            created_at: Set(Utc::now()),
            ..Default::default()
        })
        .exec(tx.conn())
        .await?;
        let after = serde_json::json!({ "title": title, "service_field": field.as_str(), "professional": professional,
            "organization_id": input.organization_id, "purchased": input.purchased,
            "employer_kind": employer.as_str() });
        tx.record(Change::new("create", "social_work_post", inserted.last_insert_id, &region).after(&after)).await?;
        tx.commit().await?;
        Ok(inserted.last_insert_id)
    }

    pub async fn social_work_post(&self, actor: &Actor, id: i64) -> Result<PostView, AppError> {
        let post = social_work_post::Entity::find_by_id(id).one(&self.db).await?.ok_or(AppError::NotFound)?;
        actor.require(Permission::ManageSocialWorkers, &post.region_code, &self.regions())?;
        let rules = self.social_work_rules(&self.db, &post.region_code).await?;
        Ok(PostView {
            id: post.id,
            title: post.title,
            region_code: post.region_code,
            service_field: post.service_field.into(),
            professional: post.professional,
            organization_id: post.organization_id,
            purchased: post.purchased,
            employer_kind: post.employer_kind.into(),
            certificate_required_from: rules.certificate_required_from,
        })
    }

    /// Hires a social worker into a post: from the region's gate day, a professional post
    /// needs a certificate held on the hire date (422 on `certificate` otherwise).
    pub async fn hire_social_worker(&self, actor: &Actor, post_id: i64, input: NewHire) -> Result<i64, AppError> {
        let today = self.settings.today();
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let post = social_work_post::Entity::find_by_id(post_id).one(tx.conn()).await?.ok_or(AppError::NotFound)?;
        let tree = self.regions();
        actor.require(Permission::ManageSocialWorkers, &post.region_code, &tree)?;
        let mut checks = Checks::default();
        let worker_id = checks.field("social_worker_id", input.social_worker_id.ok_or(Violation::new("required")));
        let hired_on = checks.field("hired_on", past_day(&input.hired_on, today));
        let (worker_id, hired_on) = checks.finish_with((worker_id, hired_on))?;
        // A worker the actor does not keep is unknown to it, whether or not it exists.
        let worker = social_worker::Entity::find_by_id(worker_id)
            .one(tx.conn())
            .await?
            .filter(|w| actor.may(Permission::ManageSocialWorkers, &w.region_code, &tree))
            .ok_or_else(|| AppError::invalid("social_worker_id", Violation::new("social-worker-unknown")))?;
        let rules = self.social_work_rules(tx.conn(), &post.region_code).await?;
        let local = local_qualification(tx.conn(), worker.id).await?.map(|q| q.granted_on);
        let qualified = qualified_on(worker.certificate_obtained_on, local);
        if let Err(refusal) = check_hire(rules.certificate_required_from, post.professional, hired_on, qualified) {
            drop(tx);
            self.keep_gate_refusal(actor, &post, worker.id, hired_on, refusal.code).await?;
            return Err(AppError::invalid("certificate", refusal));
        }
        let held = social_work_hire::Entity::find()
            .filter(social_work_hire::Column::PostId.eq(post.id))
            .filter(social_work_hire::Column::EndedOn.is_null())
            .one(tx.conn())
            .await?;
        if held.is_some() {
            return Err(AppError::Conflict(Violation::new("social-work-post-held").on("post")));
        }
        let inserted = social_work_hire::Entity::insert(social_work_hire::ActiveModel {
            post_id: Set(post.id),
            social_worker_id: Set(worker.id),
            region_code: Set(post.region_code.clone()),
            hired_on: Set(hired_on),
            ..Default::default()
        })
        .exec(tx.conn())
        .await?;
        let after = serde_json::json!({ "post_id": post.id, "social_worker_id": worker.id, "hired_on": hired_on });
        tx.record(Change::new("create", "social_work_hire", inserted.last_insert_id, &post.region_code).after(&after))
            .await?;
        tx.commit().await?;
        Ok(inserted.last_insert_id)
    }

    /// Keeps a hire the gate refused, for the region's figures (its own write: the hire
    /// itself is not made).
    async fn keep_gate_refusal(
        &self,
        actor: &Actor,
        post: &social_work_post::Model,
        worker_id: i64,
        hired_on: NaiveDate,
        code: &str,
    ) -> Result<(), AppError> {
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let inserted = social_work_gate_refusal::Entity::insert(social_work_gate_refusal::ActiveModel {
            post_id: Set(post.id),
            social_worker_id: Set(worker_id),
            region_code: Set(post.region_code.clone()),
            hired_on: Set(hired_on),
            code: Set(code.to_string()),
            refused_at: Set(Utc::now()),
            ..Default::default()
        })
        .exec(tx.conn())
        .await?;
        let after = serde_json::json!({ "post_id": post.id, "social_worker_id": worker_id, "hired_on": hired_on,
            "code": code });
        tx.record(Change::new("refuse", "social_work_hire", inserted.last_insert_id, &post.region_code).after(&after))
            .await?;
        tx.commit().await
    }

    /// Ends a hire: the worker leaves the post on `ended_on` for a reason (5A's exits).
    pub async fn end_hire(&self, actor: &Actor, hire_id: i64, input: HireExit) -> Result<(), AppError> {
        let today = self.settings.today();
        let found = social_work_hire::Entity::find_by_id(hire_id).one(&self.db).await?.ok_or(AppError::NotFound)?;
        actor.require(Permission::ManageSocialWorkers, &found.region_code, &self.regions())?;
        let mut checks = Checks::default();
        let ended_on = checks.field(
            "ended_on",
            domain::date::required_day(&input.ended_on).and_then(|d| check_exit(found.hired_on, d, today).map(|()| d)),
        );
        let reason =
            checks.field("reason", ExitReason::parse(input.reason.trim()).ok_or(Violation::new("unknown-choice")));
        let (ended_on, reason) = checks.finish_with((ended_on, reason))?;
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        // Read again under the write lock: two exits at once end it once.
        let found = social_work_hire::Entity::find_by_id(hire_id).one(tx.conn()).await?.ok_or(AppError::NotFound)?;
        if found.ended_on.is_some() {
            return Err(AppError::Conflict(Violation::new("social-work-hire-ended").on("ended_on")));
        }
        let region = found.region_code.clone();
        let mut row = found.into_active_model();
        row.ended_on = Set(Some(ended_on));
        row.exit_reason = Set(Some(reason.as_str().to_string()));
        row.update(tx.conn()).await?;
        let after = serde_json::json!({ "ended_on": ended_on, "reason": reason.as_str() });
        tx.record(Change::new("end", "social_work_hire", hire_id, &region).after(&after)).await?;
        tx.commit().await
    }

    /// Sets the day from which hires into professional posts in `code` (and below, where
    /// no nearer region sets its own) need a certificate.
    pub async fn set_certificate_gate(&self, actor: &Actor, code: &str, required_from: &str) -> Result<(), AppError> {
        let code = self.registry_region(actor, code)?;
        let day =
            past_day(required_from, NaiveDate::MAX).map_err(|v| AppError::invalid("certificate_required_from", v))?;
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let existing = social_work_gate::Entity::find()
            .filter(social_work_gate::Column::RegionCode.eq(&code))
            .one(tx.conn())
            .await?;
        let before =
            existing.as_ref().map(|g| serde_json::json!({ "certificate_required_from": g.certificate_required_from }));
        let id = match existing {
            Some(gate) => {
                let mut row = gate.into_active_model();
                row.certificate_required_from = Set(day);
                row.update(tx.conn()).await?.id
            }
            None => {
                let row = social_work_gate::ActiveModel {
                    region_code: Set(code.clone()),
                    certificate_required_from: Set(day),
                    ..Default::default()
                };
                social_work_gate::Entity::insert(row).exec(tx.conn()).await?.last_insert_id
            }
        };
        let mut change = Change::new("update", "social_work_gate", id, &code)
            .after(&serde_json::json!({ "certificate_required_from": day }));
        if let Some(before) = before {
            change = change.before(&before);
        }
        tx.record(change).await?;
        tx.commit().await
    }
}
