//! Evaluation and annual reports on pages (4C, 4D): civil affairs sets its standard for a
//! year and scores, publishes and grades; an organisation's own account files its annual
//! report, applies for evaluation and may ask for a review during the notice; the party
//! coverage the reports give, per county.

use std::collections::HashMap;

use app::AppError;
use app::organization::{CoverageRow, NewAnnualReport, StandardInput};
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::Datelike;
use domain::Violation;
use domain::identity::Permission;
use domain::money::parse_yuan;
use domain::organization::evaluation::{Grade, Indicator};
use serde::Deserialize;

use super::registry::after_step;
use crate::floor::{
    AppState, Choice, Chrome, FormErrors, PageCall, PageUser, WebError, form_errors, region_choices, render,
    render_with,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/evaluation-standards", get(standards).post(set_standard))
        .route("/party-coverage", get(party_coverage))
        .route("/organizations/{id}/annual-reports", post(file_report))
        .route("/organizations/{id}/evaluations", post(apply))
        .route("/organizations/{id}/evaluations/{evaluation}/{step}", post(step))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct StandardQuery {
    authority: String,
    year: Option<i32>,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct StandardForm {
    authority: String,
    year: String,
    /// One indicator per line: `code, name, max`.
    indicators: String,
    cutoff_5a: String,
    cutoff_4a: String,
    cutoff_3a: String,
    cutoff_2a: String,
    cutoff_1a: String,
    notice_days: String,
}

impl StandardForm {
    fn from_standard(authority: &str, year: i32, standard: StandardInput) -> Self {
        let cutoff = |grade: Grade| standard.cutoffs.get(grade.as_str()).map(u32::to_string).unwrap_or_default();
        let lines: Vec<String> =
            standard.indicators.iter().map(|i| format!("{}, {}, {}", i.code, i.name, i.max)).collect();
        Self {
            authority: authority.to_string(),
            year: year.to_string(),
            indicators: lines.join("\n"),
            cutoff_5a: cutoff(Grade::FiveA),
            cutoff_4a: cutoff(Grade::FourA),
            cutoff_3a: cutoff(Grade::ThreeA),
            cutoff_2a: cutoff(Grade::TwoA),
            cutoff_1a: cutoff(Grade::OneA),
            notice_days: standard.notice_days.to_string(),
        }
    }

    /// The typed standard, or the first line or number that cannot be read.
    fn to_input(&self) -> Result<StandardInput, AppError> {
        let mut indicators = Vec::new();
        for (n, line) in self.indicators.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
            let parts: Vec<&str> = line.split([',', '，']).map(str::trim).collect();
            let max = parts.get(2).and_then(|m| m.parse::<u32>().ok());
            match (parts.as_slice(), max) {
                ([code, name, _], Some(max)) if !code.is_empty() && !name.is_empty() => {
                    indicators.push(Indicator { code: code.to_string(), name: name.to_string(), max })
                }
                _ => {
                    let violation = Violation::new("evaluation-indicator-line").with("line", n + 1);
                    return Err(AppError::invalid("indicators", violation));
                }
            }
        }
        let mut cutoffs = HashMap::new();
        let typed = [
            (Grade::FiveA, &self.cutoff_5a),
            (Grade::FourA, &self.cutoff_4a),
            (Grade::ThreeA, &self.cutoff_3a),
            (Grade::TwoA, &self.cutoff_2a),
            (Grade::OneA, &self.cutoff_1a),
        ];
        for (grade, text) in typed {
            let min =
                text.trim().parse::<u32>().map_err(|_| AppError::invalid("cutoffs", Violation::new("not-a-number")))?;
            cutoffs.insert(grade.as_str().to_string(), min);
        }
        let notice_days = self
            .notice_days
            .trim()
            .parse()
            .map_err(|_| AppError::invalid("notice_days", Violation::new("not-a-number")))?;
        Ok(StandardInput { indicators, cutoffs, notice_days })
    }
}

#[derive(Template)]
#[template(path = "organization/evaluation_standards.html")]
struct StandardsPage {
    c: Chrome,
    /// The authorities the user sets standards for.
    authorities: Vec<Choice>,
    /// The standard shown is set (not a blank form).
    exists: bool,
    form: StandardForm,
    errors: FormErrors,
}

async fn standards_page(
    state: &AppState,
    user: &PageUser,
    query: StandardQuery,
    typed: Option<StandardForm>,
    errors: FormErrors,
) -> Result<StandardsPage, AppError> {
    let actor = &user.auth.actor;
    let authorities = region_choices(state, actor, Permission::RegisterOrganizations);
    let authority = match authorities.iter().find(|a| a.value == query.authority).or(authorities.first()) {
        Some(first) => first.value.clone(),
        None => return Err(AppError::NotFound),
    };
    let year = query.year.unwrap_or_else(|| state.app.settings.today().year());
    let stored = state.app.evaluation_standard(actor, &authority, year).await?;
    let exists = stored.is_some();
    let form = match (typed, stored) {
        (Some(typed), _) => typed,
        (None, Some(stored)) => StandardForm::from_standard(&authority, year, stored),
        (None, None) => {
            StandardForm { authority, year: year.to_string(), notice_days: "7".into(), ..Default::default() }
        }
    };
    Ok(StandardsPage { c: Chrome::new(state, user, "/evaluation-standards"), authorities, exists, form, errors })
}

async fn standards(
    PageCall { state, user }: PageCall,
    Query(query): Query<StandardQuery>,
) -> Result<Response, WebError> {
    Ok(render(&standards_page(&state, &user, query, None, FormErrors::default()).await?))
}

async fn set_standard(
    PageCall { state, user }: PageCall,
    Form(form): Form<StandardForm>,
) -> Result<Response, WebError> {
    let year = form.year.trim().parse::<i32>().ok();
    let done = match (form.to_input(), year) {
        (Ok(input), Some(year)) => {
            state.app.set_evaluation_standard(&user.auth.actor, &form.authority, year, input).await
        }
        (Err(error), _) => Err(error),
        (_, None) => Err(AppError::invalid("year", Violation::new("not-a-number"))),
    };
    let query = StandardQuery { authority: form.authority.clone(), year };
    match done {
        Ok(()) => {
            let year = query.year.unwrap_or_default();
            Ok(Redirect::to(&format!("/evaluation-standards?authority={}&year={year}", query.authority))
                .into_response())
        }
        Err(error) => {
            let errors = form_errors(user.lang, error)?;
            let page = standards_page(&state, &user, query, Some(form), errors).await?;
            Ok(render_with(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ReportForm {
    year: String,
    activities: String,
    income: String,
    expenditure: String,
    net_assets: String,
    staff: String,
    party_members: String,
    party_form: String,
}

/// Yuan typed into a report field, as fen; blank is zero.
fn fen(field: &str, text: &str) -> Result<i64, AppError> {
    if text.trim().is_empty() { Ok(0) } else { parse_yuan(text).map_err(|v| AppError::invalid(field, v)) }
}

/// A count typed into a report field; blank is zero.
fn count(field: &str, text: &str) -> Result<i32, AppError> {
    match text.trim() {
        "" => Ok(0),
        typed => typed.parse().map_err(|_| AppError::invalid(field, Violation::new("not-a-number"))),
    }
}

impl ReportForm {
    fn to_input(&self) -> Result<NewAnnualReport, AppError> {
        Ok(NewAnnualReport {
            year: self.year.trim().parse().map_err(|_| AppError::invalid("year", Violation::new("not-a-number")))?,
            activities: self.activities.clone(),
            income_fen: fen("income_fen", &self.income)?,
            expenditure_fen: fen("expenditure_fen", &self.expenditure)?,
            net_assets_fen: fen("net_assets_fen", &self.net_assets)?,
            staff: count("staff", &self.staff)?,
            party_members: count("party_members", &self.party_members)?,
            party_form: self.party_form.clone(),
        })
    }
}

async fn file_report(
    PageCall { state, user }: PageCall,
    Path(id): Path<i64>,
    Form(form): Form<ReportForm>,
) -> Result<Response, WebError> {
    let done = match form.to_input() {
        Ok(input) => state.app.file_annual_report(&user.auth.actor, id, input).await,
        Err(error) => Err(error),
    };
    after_step(&state, &user, id, done).await
}

async fn apply(State(state): State<AppState>, user: PageUser, Path(id): Path<i64>) -> Result<Response, WebError> {
    let done = state.app.apply_for_evaluation(&user.auth.actor, id).await.map(|_| ());
    after_step(&state, &user, id, done).await
}

/// The experts' scores (`scores`, one field per indicator code), `publish`, `grant`, or the
/// organisation's `review-request` (with its reason).
async fn step(
    PageCall { state, user }: PageCall,
    Path((id, evaluation, step)): Path<(i64, i64, String)>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let actor = &user.auth.actor;
    let done = match step.as_str() {
        "scores" => match scores_of(&form) {
            Ok(scores) => state.app.score_evaluation(actor, evaluation, scores).await.map(|_| ()),
            Err(error) => Err(error),
        },
        "publish" => state.app.publish_evaluation(actor, evaluation).await.map(|_| ()),
        "grant" => state.app.grant_evaluation(actor, evaluation).await.map(|_| ()),
        "review-request" => {
            let reason = form.get("reason").map(String::as_str).unwrap_or_default();
            state.app.request_evaluation_review(actor, evaluation, reason).await
        }
        _ => return Err(AppError::NotFound.into()),
    };
    after_step(&state, &user, id, done).await
}

/// The `score-CODE` fields of the scoring form, by code.
fn scores_of(form: &HashMap<String, String>) -> Result<HashMap<String, u32>, AppError> {
    form.iter()
        .filter_map(|(field, value)| field.strip_prefix("score-").map(|code| (code, value)))
        .map(|(code, value)| {
            let score =
                value.trim().parse::<u32>().map_err(|_| AppError::invalid("scores", Violation::new("not-a-number")))?;
            Ok((code.to_string(), score))
        })
        .collect()
}

#[derive(Template)]
#[template(path = "organization/party_coverage.html")]
struct CoveragePage {
    c: Chrome,
    year: i32,
    years: Vec<i32>,
    rows: Vec<CoverageRow>,
}

impl CoveragePage {
    /// Per mille as a percentage with one decimal ("83.3").
    fn percent(&self, permille: &u32) -> String {
        format!("{}.{}", permille / 10, permille % 10)
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct YearQuery {
    year: Option<i32>,
}

/// Party-building coverage per county from a year's reports (last year's by default).
async fn party_coverage(
    PageCall { state, user }: PageCall,
    Query(query): Query<YearQuery>,
) -> Result<Response, WebError> {
    let last_year = state.app.settings.today().year() - 1;
    let year = query.year.filter(|y| (last_year - 30..=last_year).contains(y)).unwrap_or(last_year);
    let rows = state.app.party_coverage(&user.auth.actor, year).await?;
    let years = (last_year - 5..=last_year).rev().collect();
    Ok(render(&CoveragePage { c: Chrome::new(&state, &user, "/party-coverage"), year, years, rows }))
}
