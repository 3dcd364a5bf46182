//! The pay rules on a page (issue 13 point 6): a region's pay-guidance table, as it
//! applies and from which region, edited as rows of selects and inputs (blank rows at the
//! end to add, a box to remove), and the year's title-allowance rates. Amounts are typed in
//! yuan and become fen exactly (`parse_yuan`, never a float); errors stand beside their
//! row and field and are listed by row above the table.

use app::AppError;
use app::social_work::{AllowanceRatesInput, PayTierInput, PayTiersInput};
use askama::Template;
use axum::Router;
use axum::extract::{Form, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::Datelike;
use domain::identity::Permission;
use domain::money::{parse_yuan, yuan};
use domain::region::Level;
use domain::social_work::CertificateLevel;
use domain::social_work::pay::{Degree, EmployerKind, MAX_YEARS};
use domain::{FieldError, Violation};
use serde::Deserialize;

use crate::floor::{
    AppState, Chrome, FormErrors, PageCall, PageUser, RegionPicker, WebError, form_errors, i18n, render, render_with,
    urlencode,
};

/// Blank rows offered under a table, to add rows without a script.
const BLANK_ROWS: usize = 3;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/social-workers/pay-rules", get(page))
        .route("/social-workers/pay-rules/tiers", post(save_tiers))
        .route("/social-workers/pay-rules/allowance", post(save_rates))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RulesQuery {
    region: String,
    year: Option<i32>,
    saved: String,
}

/// One row of the table as typed (or as stored, amounts in yuan), with its errors.
#[derive(Default, Clone)]
struct TierRow {
    level: String,
    degree: String,
    employer: String,
    years: String,
    amount: String,
    remove: bool,
}

impl TierRow {
    fn is_blank(&self) -> bool {
        [&self.level, &self.degree, &self.employer, &self.years, &self.amount].iter().all(|t| t.trim().is_empty())
    }
}

/// The rates form as typed, in yuan.
#[derive(Deserialize, Default)]
#[serde(default)]
struct RatesForm {
    region: String,
    year: i32,
    assistant_fen: String,
    intermediate_fen: String,
    senior_fen: String,
}

#[derive(Template)]
#[template(path = "social_work/pay_rules.html")]
struct RulesPage {
    c: Chrome,
    picker: RegionPicker,
    region: String,
    year: i32,
    saved: String,
    /// The region whose table applies, when not this one's own (or none at all).
    tiers_from: Option<String>,
    rows: Vec<TierRow>,
    tier_errors: FormErrors,
    /// Every table error with its row, for the list above the table.
    tier_summary: Vec<String>,
    rates_from: Option<String>,
    rates: RatesForm,
    rate_errors: FormErrors,
    levels: Vec<&'static str>,
    degrees: Vec<&'static str>,
    employers: Vec<&'static str>,
}

impl RulesPage {
    /// The error of row `i`'s `field` (empty: the row as a whole).
    fn row_error(&self, i: &usize, field: &str) -> &str {
        let key = if field.is_empty() { format!("tiers[{i}]") } else { format!("tiers[{i}].{field}") };
        self.tier_errors.get(&key)
    }
}

fn name_of(state: &AppState, code: &str) -> String {
    state.app.regions().get(code).map(|n| n.name.clone()).unwrap_or_else(|| code.to_string())
}

/// The page as stored for `region` and `year`; forms that came back replace their part.
async fn rules_page(state: &AppState, user: &PageUser, q: RulesQuery) -> Result<RulesPage, WebError> {
    let actor = &user.auth.actor;
    let kept = actor.regions_with(Permission::ManageSocialWorkers);
    let region = if q.region.trim().is_empty() { kept.first().copied().unwrap_or_default() } else { q.region.trim() };
    let region = region.to_string();
    let year = q.year.unwrap_or_else(|| state.app.settings.today().year());
    let table = state.app.pay_tiers(actor, &region).await?;
    let mut rows: Vec<TierRow> = table
        .tiers
        .iter()
        .map(|t| TierRow {
            level: t.certificate_level.clone().unwrap_or_default(),
            degree: t.min_degree.clone().unwrap_or_default(),
            employer: t.employer_kind.clone().unwrap_or_default(),
            years: t.min_years.to_string(),
            amount: yuan(t.monthly_fen),
            remove: false,
        })
        .collect();
    rows.extend(std::iter::repeat_n(TierRow::default(), BLANK_ROWS));
    let (rates, rates_from, rate_errors) = match state.app.title_allowance(actor, &region, year).await {
        Ok(r) => {
            let shown = |fen: Option<i64>| fen.map(yuan).unwrap_or_default();
            let form = RatesForm {
                region: region.clone(),
                year,
                assistant_fen: shown(r.assistant_fen),
                intermediate_fen: shown(r.intermediate_fen),
                senior_fen: shown(r.senior_fen),
            };
            (form, r.applies_from, FormErrors::default())
        }
        Err(e) => (RatesForm { region: region.clone(), year, ..Default::default() }, None, form_errors(user.lang, e)?),
    };
    let tree = state.app.regions();
    Ok(RulesPage {
        c: Chrome::new(state, user, "/social-workers"),
        picker: RegionPicker::new(&tree, user.lang, "region", &kept, &region, Level::Township),
        tiers_from: table.applies_from.filter(|f| *f != region).map(|f| name_of(state, &f)),
        rates_from: rates_from.filter(|f| *f != region).map(|f| name_of(state, &f)),
        region,
        year,
        saved: q.saved,
        rows,
        tier_errors: FormErrors::default(),
        tier_summary: Vec::new(),
        rates,
        rate_errors,
        levels: CertificateLevel::ALL.iter().map(|l| l.as_str()).collect(),
        degrees: Degree::ALL.iter().map(|d| d.as_str()).collect(),
        employers: EmployerKind::ALL.iter().map(|e| e.as_str()).collect(),
    })
}

async fn page(PageCall { state, user }: PageCall, Query(q): Query<RulesQuery>) -> Result<Response, WebError> {
    Ok(render(&rules_page(&state, &user, q).await?))
}

fn saved_to(region: &str, year: i32, what: &str) -> Response {
    Redirect::to(&format!("/social-workers/pay-rules?region={}&year={year}&saved={what}#{what}", urlencode(region)))
        .into_response()
}

/// The rows of a posted table (`tiers[3].min_years` …) in their order, and the rest.
fn posted_rows(fields: &[(String, String)]) -> (Vec<TierRow>, String, i32) {
    let mut rows: Vec<TierRow> = Vec::new();
    let (mut region, mut year) = (String::new(), 0);
    for (key, value) in fields {
        let Some((index, field)) = key
            .strip_prefix("tiers[")
            .and_then(|rest| rest.split_once("]."))
            .and_then(|(i, f)| i.parse::<usize>().ok().filter(|i| *i < 500).map(|i| (i, f)))
        else {
            match key.as_str() {
                "region" => region = value.clone(),
                "year" => year = value.trim().parse().unwrap_or_default(),
                _ => {}
            }
            continue;
        };
        if rows.len() <= index {
            rows.resize(index + 1, TierRow::default());
        }
        let row = &mut rows[index];
        match field {
            "certificate_level" => row.level = value.clone(),
            "min_degree" => row.degree = value.clone(),
            "employer_kind" => row.employer = value.clone(),
            "min_years" => row.years = value.clone(),
            "monthly_yuan" => row.amount = value.clone(),
            "remove" => row.remove = true,
            _ => {}
        }
    }
    (rows, region, year)
}

/// The table to save and what could not be read as typed (years, yuan), by row.
fn tiers_input(rows: &[TierRow]) -> (PayTiersInput, Vec<FieldError>) {
    let mut unread = Vec::new();
    let text = |t: &str| (!t.trim().is_empty()).then(|| t.trim().to_string());
    let tiers = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let min_years = text(&r.years).map(|y| {
                y.parse::<i64>().unwrap_or_else(|_| {
                    unread
                        .push(Violation::new("years-range").with("max", MAX_YEARS).on(format!("tiers[{i}].min_years")));
                    0
                })
            });
            let monthly_fen = text(&r.amount).map(|a| {
                parse_yuan(&a).unwrap_or_else(|v| {
                    unread.push(v.on(format!("tiers[{i}].monthly_fen")));
                    1
                })
            });
            PayTierInput {
                certificate_level: text(&r.level),
                min_degree: text(&r.degree),
                employer_kind: text(&r.employer),
                min_years,
                monthly_fen,
            }
        })
        .collect();
    (PayTiersInput { tiers }, unread)
}

/// Each table error named by its row: "第 2 行 金额：…".
fn summary(lang: i18n::Lang, errors: &[FieldError]) -> Vec<String> {
    errors
        .iter()
        .map(|e| {
            let (row, field) = e
                .field
                .strip_prefix("tiers[")
                .and_then(|rest| rest.split_once(']'))
                .map(|(i, f)| (i.parse::<usize>().unwrap_or_default() + 1, f.trim_start_matches('.')))
                .unwrap_or((0, ""));
            let label =
                if field.is_empty() { String::new() } else { i18n::message(lang, &format!("swp-{field}"), &[]) };
            let args = [("row", row.to_string()), ("field", label), ("message", i18n::violation(lang, &e.violation))];
            i18n::message(lang, "swp-row-error", &args)
        })
        .collect()
}

async fn save_tiers(
    PageCall { state, user }: PageCall,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let (rows, region, year) = posted_rows(&fields);
    // Removed and blank rows are dropped, so the rows shown again are the rows checked.
    let rows: Vec<TierRow> = rows.into_iter().filter(|r| !r.remove && !r.is_blank()).collect();
    let (input, unread) = tiers_input(&rows);
    let outcome = if unread.is_empty() {
        state.app.set_pay_tiers(&user.auth.actor, &region, input).await
    } else {
        // What was read is checked too, so every error shows at once; a row whose years
        // could not be read is not also called a duplicate.
        let mut all = unread.clone();
        if let Err(AppError::Invalid(more)) = input.validate() {
            let unread_years = |f: &str| unread.iter().any(|u| u.field == format!("{f}.min_years"));
            all.extend(
                more.into_iter().filter(|m| !unread.iter().any(|u| u.field == m.field) && !unread_years(&m.field)),
            );
        }
        Err(AppError::Invalid(all))
    };
    match outcome {
        Ok(()) => Ok(saved_to(&region, year, "tiers")),
        Err(AppError::Invalid(errors)) => {
            let q = RulesQuery { region: region.clone(), year: Some(year), saved: String::new() };
            let mut page = rules_page(&state, &user, q).await?;
            page.tier_summary = summary(user.lang, &errors);
            page.tier_errors = FormErrors::from_fields(user.lang, &errors);
            page.rows = rows;
            page.rows.extend(std::iter::repeat_n(TierRow::default(), BLANK_ROWS));
            Ok(render_with(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(other) => Err(other.into()),
    }
}

async fn save_rates(PageCall { state, user }: PageCall, Form(form): Form<RatesForm>) -> Result<Response, WebError> {
    let mut unread = Vec::new();
    let mut fen = |field: &str, text: &str| {
        if text.trim().is_empty() {
            return None;
        }
        parse_yuan(text).map_err(|v| unread.push(v.on(field))).ok().or(Some(1))
    };
    let input = AllowanceRatesInput {
        assistant_fen: fen("assistant_fen", &form.assistant_fen),
        intermediate_fen: fen("intermediate_fen", &form.intermediate_fen),
        senior_fen: fen("senior_fen", &form.senior_fen),
    };
    let outcome = if unread.is_empty() {
        state.app.set_title_allowance(&user.auth.actor, &form.region, form.year, input).await
    } else {
        Err(AppError::Invalid(unread))
    };
    match outcome {
        Ok(()) => Ok(saved_to(&form.region, form.year, "rates")),
        Err(e) => {
            let errors = form_errors(user.lang, e)?;
            let q = RulesQuery { region: form.region.clone(), year: Some(form.year), saved: String::new() };
            let mut page = rules_page(&state, &user, q).await?;
            (page.rates, page.rate_errors) = (form, errors);
            Ok(render_with(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
    }
}
