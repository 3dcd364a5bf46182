//! The yearly evaluation of a social worker (5A): quality and results as typed by the
//! office, service satisfaction from the worker's survey that closed that year (never
//! typed), weighted and graded by the rules of the worker's region for that year.

use chrono::{Datelike, Utc};
use domain::Violation;
use domain::social_work::evaluation::{EvaluationRules, Scores, parse_score};
use domain::survey::{SubjectKind, from_tenths};
use serde::{Deserialize, Serialize};
use store::entity::{social_work_evaluation_rule, social_worker_evaluation};
use store::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder,
};

use super::Access;
use crate::error::Checks;
use crate::survey::closed_survey;
use crate::tx::{Change, WriteTx};
use crate::{Actor, App, AppError};

/// Evaluations and rules are for years from this one.
const FIRST_YEAR: i32 = 2000;

/// An evaluation to record; satisfaction comes from the year's survey.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct NewEvaluation {
    pub year: Option<i32>,
    /// Professional quality, 0–100 with at most one decimal.
    pub quality: Option<f64>,
    /// Results, 0–100 with at most one decimal.
    pub results: Option<f64>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EvaluationView {
    pub id: i64,
    pub year: i32,
    /// The survey whose satisfaction counted.
    pub survey_id: i64,
    pub quality: f64,
    pub results: f64,
    pub satisfaction: f64,
    /// The weighted total to a tenth, as graded.
    pub total: f64,
    /// excellent, pass, basic or fail
    pub grade: String,
}

/// A region's weights (percent, summing to 100) and band floors (points) for a year.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct EvaluationRulesInput {
    pub quality_weight: Option<u32>,
    pub results_weight: Option<u32>,
    pub satisfaction_weight: Option<u32>,
    pub excellent_from: Option<f64>,
    pub pass_from: Option<f64>,
    /// Optional: a 基本合格 band between pass and fail.
    pub basic_from: Option<f64>,
    /// Answers the worker's survey needs before its satisfaction counts.
    pub min_answers: Option<u32>,
}

fn tenths(value: i32) -> f64 {
    from_tenths(u32::try_from(value).unwrap_or(0))
}

fn stored(value: u32) -> i32 {
    i32::try_from(value).unwrap_or(i32::MAX)
}

fn view(e: social_worker_evaluation::Model) -> EvaluationView {
    EvaluationView {
        id: e.id,
        year: e.year,
        survey_id: e.survey_id,
        quality: tenths(e.quality),
        results: tenths(e.results),
        satisfaction: tenths(e.satisfaction),
        total: tenths(e.total),
        grade: e.grade.into(),
    }
}

fn rules_of(row: &social_work_evaluation_rule::Model) -> EvaluationRules {
    let count = |v: i32| u32::try_from(v).unwrap_or(0);
    EvaluationRules {
        quality_weight: count(row.quality_weight),
        results_weight: count(row.results_weight),
        satisfaction_weight: count(row.satisfaction_weight),
        excellent_from: count(row.excellent_from),
        pass_from: count(row.pass_from),
        basic_from: row.basic_from.map(count),
        min_answers: count(row.min_answers),
    }
}

/// A year from `FIRST_YEAR` to `last`.
fn check_year(year: Option<i32>, last: i32) -> Result<i32, Violation> {
    match year {
        None => Err(Violation::new("required")),
        Some(y) if (FIRST_YEAR..=last).contains(&y) => Ok(y),
        Some(_) => Err(Violation::new("year-out-of-range")),
    }
}

impl EvaluationRulesInput {
    /// Every field present and in range, then the rules consistent as a whole.
    fn validate(&self) -> Result<EvaluationRules, AppError> {
        let mut checks = Checks::default();
        let required = |v: Option<u32>| v.ok_or(Violation::new("required"));
        let score = |v: Option<f64>| v.ok_or(Violation::new("required")).and_then(parse_score);
        let quality_weight = checks.field("quality_weight", required(self.quality_weight));
        let results_weight = checks.field("results_weight", required(self.results_weight));
        let satisfaction_weight = checks.field("satisfaction_weight", required(self.satisfaction_weight));
        let excellent_from = checks.field("excellent_from", score(self.excellent_from));
        let pass_from = checks.field("pass_from", score(self.pass_from));
        let basic_from = checks.field("basic_from", self.basic_from.map(parse_score).transpose());
        let min_answers = checks.field("min_answers", required(self.min_answers));
        let (quality_weight, results_weight, satisfaction_weight, excellent_from, pass_from, basic_from, min_answers) =
            checks.finish_with((
                quality_weight,
                results_weight,
                satisfaction_weight,
                excellent_from,
                pass_from,
                basic_from,
                min_answers,
            ))?;
        let rules = EvaluationRules {
            quality_weight,
            results_weight,
            satisfaction_weight,
            excellent_from,
            pass_from,
            basic_from,
            min_answers,
        };
        let errors = rules.check();
        if errors.is_empty() { Ok(rules) } else { Err(AppError::Invalid(errors)) }
    }
}

/// Writes `rules` into a row of the rules table.
fn fill(row: &mut social_work_evaluation_rule::ActiveModel, rules: &EvaluationRules) {
    row.quality_weight = Set(stored(rules.quality_weight));
    row.results_weight = Set(stored(rules.results_weight));
    row.satisfaction_weight = Set(stored(rules.satisfaction_weight));
    row.excellent_from = Set(stored(rules.excellent_from));
    row.pass_from = Set(stored(rules.pass_from));
    row.basic_from = Set(rules.basic_from.map(stored));
    row.min_answers = Set(stored(rules.min_answers));
}

impl App {
    /// The rules for `year` in `code`: the nearest region's (the code or an ancestor) that
    /// set that year's, else the defaults.
    async fn evaluation_rules(
        &self,
        db: &impl ConnectionTrait,
        code: &str,
        year: i32,
    ) -> Result<EvaluationRules, AppError> {
        let lineage: Vec<String> = self.regions().lineage(code).into_iter().map(|n| n.code.clone()).collect();
        let rows = social_work_evaluation_rule::Entity::find()
            .filter(social_work_evaluation_rule::Column::RegionCode.is_in(lineage.clone()))
            .filter(social_work_evaluation_rule::Column::Year.eq(year))
            .all(db)
            .await?;
        let nearest = lineage.iter().rev().find_map(|c| rows.iter().find(|r| &r.region_code == c));
        Ok(nearest.map(rules_of).unwrap_or_default())
    }

    /// Records a worker's evaluation for a year: 409 when no survey of the worker closed
    /// that year, when it has fewer answers than the rules ask, or when the year is done.
    pub async fn evaluate_social_worker(&self, actor: &Actor, id: i64, input: NewEvaluation) -> Result<i64, AppError> {
        let today = self.settings.today();
        let mut checks = Checks::default();
        let year = checks.field("year", check_year(input.year, today.year()));
        let score = |v: Option<f64>| v.ok_or(Violation::new("required")).and_then(parse_score);
        let quality = checks.field("quality", score(input.quality));
        let results = checks.field("results", score(input.results));
        let worker = self.worker_for(&self.db, actor, id, Access::Write).await?;
        let (year, quality, results) = checks.finish_with((year, quality, results))?;
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let rules = self.evaluation_rules(tx.conn(), &worker.region_code, year).await?;
        let survey = closed_survey(tx.conn(), SubjectKind::SocialWorker, worker.id, year, today).await?;
        let Some((survey, tally)) = survey else {
            return Err(AppError::Conflict(
                Violation::new("evaluation-needs-survey").with("year", year).on("satisfaction"),
            ));
        };
        let satisfaction = match tally.satisfaction {
            Some(s) if tally.answers >= u64::from(rules.min_answers) => s,
            _ => {
                let few = Violation::new("evaluation-few-answers").with("answers", tally.answers);
                return Err(AppError::Conflict(few.with("min", rules.min_answers).on("satisfaction")));
            }
        };
        let done = social_worker_evaluation::Entity::find()
            .filter(social_worker_evaluation::Column::SocialWorkerId.eq(worker.id))
            .filter(social_worker_evaluation::Column::Year.eq(year))
            .one(tx.conn())
            .await?;
        if done.is_some() {
            return Err(AppError::Conflict(Violation::new("evaluation-exists").on("year")));
        }
        let scores = Scores { quality, results, satisfaction };
        let total = rules.total(scores);
        let grade = rules.grade(total);
        let row = social_worker_evaluation::ActiveModel {
            social_worker_id: Set(worker.id),
            region_code: Set(worker.region_code.clone()),
            year: Set(year),
            survey_id: Set(survey.id),
            quality: Set(stored(quality)),
            results: Set(stored(results)),
            satisfaction: Set(stored(satisfaction)),
            total: Set(stored(total)),
            grade: Set(grade.into()),
            created_at: Set(Utc::now()),
            ..Default::default()
        };
        let inserted = social_worker_evaluation::Entity::insert(row).exec(tx.conn()).await?.last_insert_id;
        let after = serde_json::json!({ "social_worker_id": worker.id, "year": year, "survey_id": survey.id,
            "quality": quality, "results": results, "satisfaction": satisfaction, "total": total,
            "grade": grade.as_str(), "rules": rules });
        tx.record(Change::new("create", "social_worker_evaluation", inserted, &worker.region_code).after(&after))
            .await?;
        tx.commit().await?;
        Ok(inserted)
    }

    /// A worker's evaluations, latest year first; the worker's own account reads them too.
    pub async fn social_worker_evaluations(&self, actor: &Actor, id: i64) -> Result<Vec<EvaluationView>, AppError> {
        let worker = self.worker_for(&self.db, actor, id, Access::Read).await?;
        let rows = social_worker_evaluation::Entity::find()
            .filter(social_worker_evaluation::Column::SocialWorkerId.eq(worker.id))
            .order_by_desc(social_worker_evaluation::Column::Year)
            .all(&self.db)
            .await?;
        Ok(rows.into_iter().map(view).collect())
    }

    /// Sets a region's weights and bands for a year (and for regions below that set none).
    pub async fn set_evaluation_rules(
        &self,
        actor: &Actor,
        code: &str,
        year: i32,
        input: EvaluationRulesInput,
    ) -> Result<(), AppError> {
        let code = self.registry_region(actor, code)?;
        // Rules may be set a year ahead, before the evaluations they will grade.
        let last = self.settings.today().year() + 1;
        let year = check_year(Some(year), last).map_err(|v| AppError::invalid("year", v))?;
        let rules = input.validate()?;
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let existing = social_work_evaluation_rule::Entity::find()
            .filter(social_work_evaluation_rule::Column::RegionCode.eq(&code))
            .filter(social_work_evaluation_rule::Column::Year.eq(year))
            .one(tx.conn())
            .await?;
        let before = existing.as_ref().map(rules_of);
        let id = match existing {
            Some(found) => {
                let mut row = found.into_active_model();
                fill(&mut row, &rules);
                row.update(tx.conn()).await?.id
            }
            None => {
                let mut row = social_work_evaluation_rule::ActiveModel {
                    region_code: Set(code.clone()),
                    year: Set(year),
                    ..Default::default()
                };
                fill(&mut row, &rules);
                social_work_evaluation_rule::Entity::insert(row).exec(tx.conn()).await?.last_insert_id
            }
        };
        let mut change = Change::new("update", "social_work_evaluation_rule", id, &code).after(&rules);
        if let Some(before) = before {
            change = change.before(&before);
        }
        tx.record(change).await?;
        tx.commit().await
    }
}
