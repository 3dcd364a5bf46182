//! Pay of social workers (5B): the pay-guidance table and the title allowance rates per
//! region over JSON, who is due the allowance in a month (JSON, a page and a spreadsheet
//! for finance), and awards.

use app::social_work::{AllowanceList, AllowanceRatesInput, AllowanceRatesView, NewAward, PayTable, PayTiersInput};
use askama::Template;
use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::{Json, Router};
use domain::identity::Permission;
use domain::money::yuan;
use domain::region::Level;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::floor::sheet::{headers, spreadsheet_response};
use crate::floor::{
    ApiCall, AppState, Chrome, Created, CreatedResponse, JsonBody, PageCall, PathParam, QueryParams, RegionPicker,
    WebError, created, form_errors, i18n, render,
};

pub fn pages() -> Router<AppState> {
    Router::new()
        .route("/social-workers/allowances", get(allowances_page))
        .route("/social-workers/allowances/export", get(export_allowances))
}

/// Replaces a region's pay-guidance table: rows of (certificate level held at least, degree
/// at least, employer kind, whole years in social work at least, monthly guidance in fen).
/// Amounts above zero, years 0–50, no two rows with the same conditions; an empty table
/// removes the region's own, so the nearest ancestor's applies.
#[utoipa::path(put, path = "/api/v1/regions/{code}/social-work-pay-tiers", tag = "social_work",
    request_body = PayTiersInput, params(("code" = String, Path)),
    responses((status = 204), (status = 403), (status = 404), (status = 422)))]
pub async fn set_pay_tiers(
    ApiCall { state, auth }: ApiCall,
    PathParam(code): PathParam<String>,
    JsonBody(input): JsonBody<PayTiersInput>,
) -> Result<StatusCode, WebError> {
    state.app.set_pay_tiers(&auth.actor, &code, input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The pay-guidance table in force in a region: its own or the nearest ancestor's.
#[utoipa::path(get, path = "/api/v1/regions/{code}/social-work-pay-tiers", tag = "social_work",
    params(("code" = String, Path)), responses((status = 200, body = PayTable), (status = 403), (status = 404)))]
pub async fn pay_tiers(
    ApiCall { state, auth }: ApiCall,
    PathParam(code): PathParam<String>,
) -> Result<Json<PayTable>, WebError> {
    Ok(Json(state.app.pay_tiers(&auth.actor, &code).await?))
}

/// Sets a region's monthly title allowance for a year, in fen per certificate level.
#[utoipa::path(put, path = "/api/v1/regions/{code}/title-allowance/{year}", tag = "social_work",
    request_body = AllowanceRatesInput, params(("code" = String, Path), ("year" = i32, Path)),
    responses((status = 204), (status = 403), (status = 404), (status = 422)))]
pub async fn set_title_allowance(
    ApiCall { state, auth }: ApiCall,
    PathParam((code, year)): PathParam<(String, i32)>,
    JsonBody(input): JsonBody<AllowanceRatesInput>,
) -> Result<StatusCode, WebError> {
    state.app.set_title_allowance(&auth.actor, &code, year, input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The title allowance in force in a region for a year: its own or the nearest ancestor's.
#[utoipa::path(get, path = "/api/v1/regions/{code}/title-allowance/{year}", tag = "social_work",
    params(("code" = String, Path), ("year" = i32, Path)),
    responses((status = 200, body = AllowanceRatesView), (status = 403), (status = 404), (status = 422)))]
pub async fn title_allowance(
    ApiCall { state, auth }: ApiCall,
    PathParam((code, year)): PathParam<(String, i32)>,
) -> Result<Json<AllowanceRatesView>, WebError> {
    Ok(Json(state.app.title_allowance(&auth.actor, &code, year).await?))
}

#[derive(Deserialize, IntoParams, Default)]
#[serde(default)]
pub struct MonthQuery {
    /// YYYY-MM, not after the current month.
    month: String,
}

/// The workers kept in a region and below who are due the title allowance for a month (a
/// community post that month, a certificate by its last day, the previous year's
/// evaluation excellent or pass), each with the amount, and the exact total in fen.
#[utoipa::path(get, path = "/api/v1/regions/{code}/title-allowances", tag = "social_work",
    params(("code" = String, Path), MonthQuery),
    responses((status = 200, body = AllowanceList), (status = 403), (status = 404), (status = 422)))]
pub async fn title_allowances(
    ApiCall { state, auth }: ApiCall,
    PathParam(code): PathParam<String>,
    QueryParams(q): QueryParams<MonthQuery>,
) -> Result<Json<AllowanceList>, WebError> {
    Ok(Json(state.app.title_allowances(&auth.actor, &code, &q.month).await?))
}

/// Records an award of a social worker: title, awarding body, level (county, city,
/// province or national) and the day, not in the future.
#[utoipa::path(post, path = "/api/v1/social-workers/{id}/awards", tag = "social_work", request_body = NewAward,
    params(("id" = i64, Path)), responses((status = 201, body = Created), (status = 403), (status = 404), (status = 422)))]
pub async fn add_award(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
    JsonBody(input): JsonBody<NewAward>,
) -> CreatedResponse {
    created(state.app.add_award(&auth.actor, id, input).await?)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct AllowanceQuery {
    region: String,
    month: String,
    format: String,
}

impl AllowanceQuery {
    /// The region asked for, else the user's first region that keeps social workers; the
    /// month asked for, else the current one.
    fn resolve(mut self, state: &AppState, user: &crate::floor::PageUser) -> Self {
        if self.region.is_empty() {
            let kept = user.auth.actor.regions_with(Permission::ManageSocialWorkers);
            self.region = kept.first().copied().unwrap_or_default().to_string();
        }
        if self.month.is_empty() {
            self.month = state.app.settings.today().format("%Y-%m").to_string();
        }
        self
    }
}

/// One line of the list as people read it.
struct AllowanceLine {
    id: i64,
    name: String,
    id_number: String,
    region: String,
    level: String,
    amount: String,
    why: String,
}

#[derive(Template)]
#[template(path = "social_work/allowances.html")]
struct AllowancesPage {
    c: Chrome,
    picker: RegionPicker,
    month: String,
    region: String,
    lines: Vec<AllowanceLine>,
    total: String,
    errors: crate::floor::FormErrors,
}

fn lines(state: &AppState, lang: i18n::Lang, list: &AllowanceList) -> Vec<AllowanceLine> {
    let tree = state.app.regions();
    list.items
        .iter()
        .map(|i| {
            let level = i18n::message(lang, &format!("sw-level-{}", i.level), &[]);
            let grade = i18n::message(lang, &format!("sw-grade-{}", i.grade), &[]);
            let args = [("post", i.post_title.clone()), ("year", i.evaluation_year.to_string()), ("grade", grade)];
            let why = i18n::message(lang, "pay-allowance-why", &args);
            AllowanceLine {
                id: i.social_worker_id,
                name: i.name.clone(),
                id_number: i.id_number.clone(),
                region: tree.get(&i.region_code).map(|n| n.name.clone()).unwrap_or_else(|| i.region_code.clone()),
                level,
                amount: yuan(i.amount_fen),
                why,
            }
        })
        .collect()
}

async fn allowances_page(
    PageCall { state, user }: PageCall,
    Query(q): Query<AllowanceQuery>,
) -> Result<Response, WebError> {
    let q = q.resolve(&state, &user);
    let tree = state.app.regions();
    let kept = user.auth.actor.regions_with(Permission::ManageSocialWorkers);
    let picker = RegionPicker::new(&tree, user.lang, "region", &kept, &q.region, Level::Township);
    let (lines, total, errors) = match state.app.title_allowances(&user.auth.actor, &q.region, &q.month).await {
        Ok(list) => (lines(&state, user.lang, &list), yuan(list.total_fen), Default::default()),
        Err(e) => (Vec::new(), yuan(0), form_errors(user.lang, e)?),
    };
    Ok(render(&AllowancesPage {
        c: Chrome::new(&state, &user, "/social-workers"),
        picker,
        month: q.month,
        region: q.region,
        lines,
        total,
        errors,
    }))
}

/// The list for finance: one row a worker, the total last.
async fn export_allowances(
    PageCall { state, user }: PageCall,
    Query(q): Query<AllowanceQuery>,
) -> Result<Response, WebError> {
    let q = q.resolve(&state, &user);
    let list = state.app.export_title_allowances(&user.auth.actor, &q.region, &q.month).await?;
    let mut rows: Vec<Vec<String>> = lines(&state, user.lang, &list)
        .into_iter()
        .map(|l| vec![list.month.clone(), l.name, l.id_number, l.region, l.level, l.amount, l.why])
        .collect();
    let total = i18n::message(user.lang, "pay-total", &[]);
    rows.push(vec![
        list.month.clone(),
        total,
        String::new(),
        String::new(),
        String::new(),
        yuan(list.total_fen),
        String::new(),
    ]);
    let columns = headers(user.lang, &ALLOWANCE_COLUMNS);
    let columns: Vec<&str> = columns.iter().map(String::as_str).collect();
    spreadsheet_response(&q.format, &format!("title-allowances-{}", list.month), &columns, &rows)
}

/// The export's columns, as message keys.
const ALLOWANCE_COLUMNS: [&str; 7] =
    ["pay-month", "sw-name", "sw-id-number", "sw-region", "sw-level", "pay-amount-yuan", "pay-why"];
