//! Evaluation 1A–5A (4D): the registrar sets its standard for a year (indicators and
//! cut-offs as data); the organisation applies and eligibility is computed from its
//! record; scores give a total and a grade; the result is published for a notice period
//! in which the organisation may ask for a review; then the grade is given for five years.

use std::collections::HashMap;

use chrono::{Datelike, Duration, NaiveDate};
use domain::Violation;
use domain::identity::Permission;
use domain::organization::credit::{SanctionKind, check_sanction};
use domain::organization::evaluation::{
    EvaluationStatus, Grade, Indicator, Record, Standard, eligibility, valid_until,
};
use domain::organization::inspection::ListStatus;
use serde::{Deserialize, Serialize};
use store::entity::{annual_report, evaluation, evaluation_standard, org_sanction, organization};
use store::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
};

use super::{refusal, registers, sees};
use crate::error::{Checks, required_text};
use crate::tx::{Change, WriteTx};
use crate::{Actor, App, AppError};

#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct StandardInput {
    #[schema(value_type = Vec<Object>)]
    pub indicators: Vec<Indicator>,
    /// The lowest score of each grade: {"5A": 950, "4A": 850, …}.
    pub cutoffs: HashMap<String, u32>,
    /// Days the result is published before the grade is given.
    pub notice_days: i32,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EvaluationView {
    pub id: i64,
    pub organization_id: i64,
    pub applied_on: NaiveDate,
    #[schema(value_type = String)]
    pub status: EvaluationStatus,
    pub total: Option<i32>,
    pub grade: Option<String>,
    pub notice_ends_on: Option<NaiveDate>,
    pub review_reason: Option<String>,
    pub granted_on: Option<NaiveDate>,
    pub valid_until: Option<NaiveDate>,
    /// The indicators of the standard it is scored against, for the experts' form.
    #[schema(value_type = Vec<Object>)]
    pub indicators: Vec<Indicator>,
    /// The scores given, by indicator code.
    #[schema(value_type = Object)]
    pub scores: HashMap<String, u32>,
}

impl EvaluationView {
    /// A stored evaluation with the indicators of the standard it is scored against.
    fn from_row(e: evaluation::Model, standard: &evaluation_standard::Model) -> Result<Self, AppError> {
        let scores = match &e.scores {
            Some(text) => serde_json::from_str(text).map_err(|_| AppError::Internal("stored scores".into()))?,
            None => HashMap::new(),
        };
        Ok(Self {
            indicators: parse_standard(standard)?.indicators,
            scores,
            status: e.status.0,
            valid_until: e.granted_on.filter(|_| e.grade.is_some()).and_then(valid_until),
            id: e.id,
            organization_id: e.organization_id,
            applied_on: e.applied_on,
            total: e.total,
            grade: e.grade,
            notice_ends_on: e.notice_ends_on,
            review_reason: e.review_reason,
            granted_on: e.granted_on,
        })
    }
}

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct NewSanction {
    /// warning, fine, suspension, change_revoked, revocation, dishonest_debtor or
    /// investigation.
    pub kind: String,
    /// A fine's amount in fen: a positive integer, required for a fine and for nothing else.
    /// Taken as any JSON value so that a wrong one is a field error, not a malformed body.
    #[schema(value_type = Option<i64>)]
    pub amount_fen: Option<serde_json::Value>,
    /// YYYY-MM-DD
    pub decided_on: String,
    pub reason: String,
}

/// A JSON amount as whole fen: absent or null is none, anything but an integer is refused.
fn amount(value: Option<&serde_json::Value>) -> Result<Option<i64>, Violation> {
    match value {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(v) => v.as_i64().map(Some).ok_or_else(|| Violation::new("must-be-number")),
    }
}

/// Longest notice period a standard may set.
const MAX_NOTICE_DAYS: i32 = 30;

fn parse_standard(row: &evaluation_standard::Model) -> Result<Standard, AppError> {
    serde_json::from_str(&row.standard).map_err(|_| AppError::Internal("stored evaluation standard".into()))
}

impl App {
    /// Sets a registrar's evaluation standard for a year (bounds checked).
    pub async fn set_evaluation_standard(
        &self,
        actor: &Actor,
        authority: &str,
        year: i32,
        input: StandardInput,
    ) -> Result<(), AppError> {
        actor.require(Permission::RegisterOrganizations, authority, &self.regions())?;
        let mut cutoffs = Vec::new();
        for (grade, min) in &input.cutoffs {
            let grade = Grade::parse(grade)
                .ok_or_else(|| AppError::invalid("cutoffs", Violation::new("evaluation-cutoffs").with("total", 0)))?;
            cutoffs.push((grade, *min));
        }
        let standard = Standard { indicators: input.indicators, cutoffs };
        standard.check().map_err(|v| AppError::invalid("standard", v))?;
        if !(1..=MAX_NOTICE_DAYS).contains(&input.notice_days) {
            return Err(AppError::invalid(
                "notice_days",
                Violation::new("evaluation-notice-days").with("max", MAX_NOTICE_DAYS),
            ));
        }
        let text = serde_json::to_string(&standard).map_err(|e| AppError::Internal(e.to_string()))?;
        let existing = evaluation_standard::Entity::find()
            .filter(evaluation_standard::Column::AuthorityCode.eq(authority))
            .filter(evaluation_standard::Column::Year.eq(year))
            .one(&self.db)
            .await?;
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let after = serde_json::json!({ "authority_code": authority, "year": year, "standard": standard,
            "notice_days": input.notice_days });
        let id = match existing {
            Some(row) => {
                let id = row.id;
                let mut row = row.into_active_model();
                row.standard = Set(text);
                row.notice_days = Set(input.notice_days);
                row.update(tx.conn()).await?;
                id
            }
            None => {
                evaluation_standard::Entity::insert(evaluation_standard::ActiveModel {
                    authority_code: Set(authority.to_string()),
                    year: Set(year),
                    standard: Set(text),
                    notice_days: Set(input.notice_days),
                    ..Default::default()
                })
                .exec(tx.conn())
                .await?
                .last_insert_id
            }
        };
        tx.record(Change::new("set", "evaluation_standard", id, authority).after(&after)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// An authority's own standard for a year, for whoever reads organisations there.
    pub async fn evaluation_standard(
        &self,
        actor: &Actor,
        authority: &str,
        year: i32,
    ) -> Result<Option<StandardInput>, AppError> {
        actor.require(Permission::ReadOrganizations, authority, &self.regions())?;
        let row = evaluation_standard::Entity::find()
            .filter(evaluation_standard::Column::AuthorityCode.eq(authority))
            .filter(evaluation_standard::Column::Year.eq(year))
            .one(&self.db)
            .await?;
        let Some(row) = row else { return Ok(None) };
        let standard = parse_standard(&row)?;
        Ok(Some(StandardInput {
            indicators: standard.indicators,
            cutoffs: standard.cutoffs.into_iter().map(|(grade, min)| (grade.as_str().to_string(), min)).collect(),
            notice_days: row.notice_days,
        }))
    }

    /// The standard that applies to an authority's organisations in a year: its own, else
    /// the nearest ancestor's.
    async fn standard_for(&self, authority: &str, year: i32) -> Result<Option<evaluation_standard::Model>, AppError> {
        let lineage: Vec<String> = self.regions().lineage(authority).into_iter().map(|n| n.code.clone()).collect();
        let rows = evaluation_standard::Entity::find()
            .filter(evaluation_standard::Column::AuthorityCode.is_in(lineage.clone()))
            .filter(evaluation_standard::Column::Year.eq(year))
            .all(&self.db)
            .await?;
        Ok(lineage.iter().rev().find_map(|code| rows.iter().find(|r| &r.authority_code == code)).cloned())
    }

    /// What eligibility depends on, read from the registry.
    async fn evaluation_record(&self, org: &organization::Model, today: NaiveDate) -> Result<Record, AppError> {
        let inspections = annual_report::Entity::find()
            .filter(annual_report::Column::OrganizationId.eq(org.id))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|r| (r.year, r.conclusion.map(|v| v.0)))
            .collect();
        let sanctions =
            org_sanction::Entity::find().filter(org_sanction::Column::OrganizationId.eq(org.id)).all(&self.db).await?;
        let last_year = today.year() - 1;
        let due = self.due_dates().await?.of(&self.regions(), &org.authority_code).into_iter().collect();
        let listed = self.credit_standing(org).await?.status != ListStatus::Clear;
        Ok(Record {
            registered_on: Some(org.registered_on),
            grade_expires_on: org.grade_expires_on,
            inspections,
            due,
            listed,
            penalised_last_year: sanctions.iter().any(|s| s.kind.0.is_penalty() && s.decided_on.year() == last_year),
            under_investigation: sanctions
                .iter()
                .any(|s| s.kind == SanctionKind::Investigation && s.closed_on.is_none_or(|c| c > today)),
        })
    }

    async fn evaluation_of(&self, id: i64) -> Result<(evaluation::Model, organization::Model), AppError> {
        let found = evaluation::Entity::find_by_id(id).one(&self.db).await?.ok_or(AppError::NotFound)?;
        let org = organization::Entity::find_by_id(found.organization_id).one(&self.db).await?;
        Ok((found, org.ok_or(AppError::NotFound)?))
    }

    /// The organisation's own account applies; eligibility is computed, not declared.
    pub async fn apply_for_evaluation(&self, actor: &Actor, id: i64) -> Result<i64, AppError> {
        let org = organization::Entity::find_by_id(id).one(&self.db).await?.ok_or(AppError::NotFound)?;
        if !actor.organizations().contains(&id) {
            return Err(refusal(actor, &self.regions(), &org));
        }
        let today = self.settings.today();
        eligibility(&self.evaluation_record(&org, today).await?, today)
            .map_err(|v| AppError::invalid("eligibility", v))?;
        let standard = self.standard_for(&org.authority_code, today.year()).await?;
        let standard = standard
            .ok_or_else(|| AppError::Conflict(Violation::new("evaluation-standard-missing").on("eligibility")))?;
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let open = evaluation::Entity::find()
            .filter(evaluation::Column::OrganizationId.eq(id))
            .filter(evaluation::Column::Status.ne(EvaluationStatus::Granted.as_str()))
            .one(tx.conn())
            .await?;
        if open.is_some() {
            return Err(AppError::Conflict(Violation::new("evaluation-open").on("eligibility")));
        }
        let evaluation_id = evaluation::Entity::insert(evaluation::ActiveModel {
            organization_id: Set(id),
            standard_id: Set(standard.id),
            applied_on: Set(today),
            status: Set(EvaluationStatus::Applied.into()),
            ..Default::default()
        })
        .exec(tx.conn())
        .await?
        .last_insert_id;
        let after = serde_json::json!({ "organization_id": id, "standard_id": standard.id });
        tx.record(Change::new("apply", "evaluation", evaluation_id, &org.region_code).after(&after)).await?;
        tx.commit().await?;
        Ok(evaluation_id)
    }

    /// One step of civil affairs on an evaluation: `transition` checks the status and
    /// changes the row; the step is audited with what it set.
    async fn registrar_step(
        &self,
        actor: &Actor,
        id: i64,
        action: &str,
        transition: impl FnOnce(
            &mut evaluation::ActiveModel,
            &evaluation::Model,
            &evaluation_standard::Model,
        ) -> Result<(), AppError>,
    ) -> Result<EvaluationView, AppError> {
        let (found, org) = self.evaluation_of(id).await?;
        if !registers(actor, &self.regions(), &org) {
            return Err(refusal(actor, &self.regions(), &org));
        }
        let standard = evaluation_standard::Entity::find_by_id(found.standard_id).one(&self.db).await?;
        let standard = standard.ok_or_else(|| AppError::Internal("evaluation without standard".into()))?;
        let mut row = found.clone().into_active_model();
        transition(&mut row, &found, &standard)?;
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let updated = row.update(tx.conn()).await?;
        let after = serde_json::json!({ "status": updated.status, "total": updated.total, "grade": updated.grade,
            "notice_ends_on": updated.notice_ends_on });
        tx.record(Change::new(action, "evaluation", id, &org.region_code).after(&after)).await?;
        if updated.status == EvaluationStatus::Granted && updated.grade.is_some() {
            let before = serde_json::json!({ "grade": org.grade, "grade_expires_on": org.grade_expires_on });
            let (org_id, region) = (org.id, org.region_code.clone());
            let mut graded = org.into_active_model();
            graded.grade = Set(updated.grade.clone());
            graded.grade_expires_on = Set(updated.granted_on.and_then(valid_until));
            let graded = graded.update(tx.conn()).await?;
            let after = serde_json::json!({ "grade": graded.grade, "grade_expires_on": graded.grade_expires_on });
            tx.record(Change::new("grade", "organization", org_id, &region).before(&before).after(&after)).await?;
        }
        tx.commit().await?;
        EvaluationView::from_row(updated, &standard)
    }

    /// The experts' scores per indicator: the total and the grade follow from the standard.
    pub async fn score_evaluation(
        &self,
        actor: &Actor,
        id: i64,
        scores: HashMap<String, u32>,
    ) -> Result<EvaluationView, AppError> {
        let updated = self
            .registrar_step(actor, id, "score", |row, found, standard| {
                if !matches!(found.status.0, EvaluationStatus::Applied | EvaluationStatus::ReviewRequested) {
                    return Err(AppError::Conflict(Violation::new("evaluation-step").on("scores")));
                }
                let standard = parse_standard(standard)?;
                let total = standard.total(&scores).map_err(|v| AppError::invalid("scores", v))?;
                let text = serde_json::to_string(&scores).map_err(|e| AppError::Internal(e.to_string()))?;
                row.scores = Set(Some(text));
                row.total = Set(Some(total as i32));
                row.grade = Set(standard.grade(total).map(|g| g.as_str().to_string()));
                row.status = Set(EvaluationStatus::Scored.into());
                Ok(())
            })
            .await?;
        Ok(updated)
    }

    /// Publishes the result; the notice runs for the standard's days.
    pub async fn publish_evaluation(&self, actor: &Actor, id: i64) -> Result<EvaluationView, AppError> {
        let today = self.settings.today();
        let updated = self
            .registrar_step(actor, id, "publish", |row, found, standard| {
                if found.status != EvaluationStatus::Scored {
                    return Err(AppError::Conflict(Violation::new("evaluation-step").on("status")));
                }
                row.notice_ends_on = Set(Some(today + Duration::days(i64::from(standard.notice_days))));
                row.status = Set(EvaluationStatus::Notice.into());
                Ok(())
            })
            .await?;
        Ok(updated)
    }

    /// Gives the grade once the notice has ended without a review request.
    pub async fn grant_evaluation(&self, actor: &Actor, id: i64) -> Result<EvaluationView, AppError> {
        let today = self.settings.today();
        let updated = self
            .registrar_step(actor, id, "grant", |row, found, _| {
                if found.status != EvaluationStatus::Notice {
                    return Err(AppError::Conflict(Violation::new("evaluation-step").on("status")));
                }
                if found.notice_ends_on.is_none_or(|end| today <= end) {
                    return Err(AppError::Conflict(Violation::new("evaluation-notice-running").on("status")));
                }
                row.granted_on = Set(Some(today));
                row.status = Set(EvaluationStatus::Granted.into());
                Ok(())
            })
            .await?;
        Ok(updated)
    }

    /// The organisation asks for a review during the notice period; the experts score again.
    pub async fn request_evaluation_review(&self, actor: &Actor, id: i64, reason: &str) -> Result<(), AppError> {
        let (found, org) = self.evaluation_of(id).await?;
        if !actor.organizations().contains(&org.id) {
            return Err(refusal(actor, &self.regions(), &org));
        }
        let reason = required_text(reason, 2000).map_err(|v| AppError::invalid("reason", v))?;
        let today = self.settings.today();
        let in_notice =
            found.status == EvaluationStatus::Notice && found.notice_ends_on.is_some_and(|end| today <= end);
        if !in_notice {
            return Err(AppError::Conflict(Violation::new("evaluation-notice-over").on("reason")));
        }
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let mut row = found.into_active_model();
        row.status = Set(EvaluationStatus::ReviewRequested.into());
        row.review_reason = Set(Some(reason.clone()));
        row.update(tx.conn()).await?;
        let after = serde_json::json!({ "status": EvaluationStatus::ReviewRequested, "reason": reason });
        tx.record(Change::new("request_review", "evaluation", id, &org.region_code).after(&after)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// An organisation's evaluations, newest first, for whoever sees it.
    pub async fn evaluations(&self, actor: &Actor, id: i64) -> Result<Vec<EvaluationView>, AppError> {
        let org = organization::Entity::find_by_id(id).one(&self.db).await?.ok_or(AppError::NotFound)?;
        if !sees(actor, &self.regions(), &org) {
            return Err(AppError::NotFound);
        }
        let rows = evaluation::Entity::find()
            .filter(evaluation::Column::OrganizationId.eq(id))
            .order_by_desc(evaluation::Column::Id)
            .all(&self.db)
            .await?;
        let ids: Vec<i64> = rows.iter().map(|e| e.standard_id).collect();
        let standards = evaluation_standard::Entity::find()
            .filter(evaluation_standard::Column::Id.is_in(ids))
            .all(&self.db)
            .await?;
        rows.into_iter()
            .map(|e| {
                let standard = standards.iter().find(|s| s.id == e.standard_id);
                let standard = standard.ok_or_else(|| AppError::Internal("evaluation without standard".into()))?;
                EvaluationView::from_row(e, standard)
            })
            .collect()
    }

    /// Records a sanction by its legal kind (a fine with its amount) or an opened
    /// investigation (civil affairs).
    pub async fn record_sanction(&self, actor: &Actor, id: i64, input: NewSanction) -> Result<i64, AppError> {
        let org = self.registered_org(actor, id).await?;
        let mut checks = Checks::default();
        let kind = checks.field("kind", SanctionKind::parse(input.kind.trim()).ok_or(Violation::new("unknown-choice")));
        let amount = checks.field("amount_fen", amount(input.amount_fen.as_ref()));
        let amount = match (kind, amount) {
            (Some(kind), Some(amount)) => checks.field("amount_fen", check_sanction(kind, amount)),
            _ => None,
        };
        let decided_on = checks.field("decided_on", self.past_date(&input.decided_on));
        let reason = checks.field("reason", required_text(&input.reason, 2000));
        let (kind, amount, decided_on, reason) = checks.finish_with((kind, amount, decided_on, reason))?;
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let sanction = insert_sanction(&mut tx, id, &org.region_code, kind, amount, decided_on, &reason).await?;
        tx.commit().await?;
        Ok(sanction)
    }
}

/// Writes a sanction on an organisation, audited.
pub(super) async fn insert_sanction(
    tx: &mut WriteTx,
    organization_id: i64,
    region: &str,
    kind: SanctionKind,
    amount_fen: Option<i64>,
    decided_on: NaiveDate,
    reason: &str,
) -> Result<i64, AppError> {
    let sanction = org_sanction::Entity::insert(org_sanction::ActiveModel {
        organization_id: Set(organization_id),
        kind: Set(kind.into()),
        amount_fen: Set(amount_fen),
        decided_on: Set(decided_on),
        reason: Set(reason.to_string()),
        ..Default::default()
    })
    .exec(tx.conn())
    .await?
    .last_insert_id;
    let after = serde_json::json!({ "organization_id": organization_id, "kind": kind, "amount_fen": amount_fen,
        "decided_on": decided_on, "reason": reason });
    tx.record(Change::new("record", "org_sanction", sanction, region).after(&after)).await?;
    Ok(sanction)
}
