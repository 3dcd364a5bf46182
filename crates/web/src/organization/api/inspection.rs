//! Social organisations over HTTP (4B–4D): annual inspection, the public lists, party
//! coverage.

use app::organization::{AnnualReportView, CoverageRow, ListedOrganization, NewAnnualReport};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::Datelike;
use domain::organization::inspection::ListStatus;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::floor::sheet::{headers, spreadsheet_response};
use crate::floor::{ApiCall, AppState, JsonBody, QueryParams, WebError, request_lang};
#[derive(Deserialize, ToSchema)]
pub struct DueInput {
    /// YYYY-MM-DD, in a later year than the reports'.
    due_on: String,
}

/// Announces a year's annual inspection for an authority's organisations (its registrar).
#[utoipa::path(put, path = "/api/v1/inspection-years/{authority}/{year}", tag = "organizations",
    params(("authority" = String, Path), ("year" = i32, Path)), request_body = DueInput,
    responses((status = 204), (status = 404), (status = 422)))]
pub async fn set_inspection_year(
    ApiCall { state, auth }: ApiCall,
    Path((authority, year)): Path<(String, i32)>,
    JsonBody(input): JsonBody<DueInput>,
) -> Result<StatusCode, WebError> {
    state.app.set_inspection_year(&auth.actor, &authority, year, &input.due_on).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct ReportList {
    items: Vec<AnnualReportView>,
}

/// Files a year's annual report (the organisation's own account, or its registrar).
#[utoipa::path(post, path = "/api/v1/organizations/{id}/annual-reports", tag = "organizations",
    params(("id" = i64, Path)), request_body = NewAnnualReport,
    responses((status = 201), (status = 404), (status = 409), (status = 422)))]
pub async fn file_annual_report(
    ApiCall { state, auth }: ApiCall,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<NewAnnualReport>,
) -> Result<StatusCode, WebError> {
    state.app.file_annual_report(&auth.actor, id, input).await?;
    Ok(StatusCode::CREATED)
}

/// An organisation's annual reports, newest first.
#[utoipa::path(get, path = "/api/v1/organizations/{id}/annual-reports", tag = "organizations",
    params(("id" = i64, Path)), responses((status = 200, body = ReportList), (status = 404)))]
pub async fn list_annual_reports(
    ApiCall { state, auth }: ApiCall,
    Path(id): Path<i64>,
) -> Result<Json<ReportList>, WebError> {
    Ok(Json(ReportList { items: state.app.annual_reports(&auth.actor, id).await? }))
}

#[derive(Deserialize, ToSchema)]
pub struct OpinionInput {
    opinion: String,
}

/// The supervising unit's opinion on a year's report.
#[utoipa::path(post, path = "/api/v1/organizations/{id}/annual-reports/{year}/review", tag = "organizations",
    params(("id" = i64, Path), ("year" = i32, Path)), request_body = OpinionInput,
    responses((status = 204), (status = 404), (status = 409), (status = 422)))]
pub async fn review_annual_report(
    ApiCall { state, auth }: ApiCall,
    Path((id, year)): Path<(i64, i32)>,
    JsonBody(input): JsonBody<OpinionInput>,
) -> Result<StatusCode, WebError> {
    state.app.review_annual_report(&auth.actor, id, year, &input.opinion).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
pub struct ConclusionInput {
    /// qualified, basically_qualified or unqualified.
    conclusion: String,
}

/// Civil affairs' conclusion on a year's report, after the unit's review.
#[utoipa::path(post, path = "/api/v1/organizations/{id}/annual-reports/{year}/conclude", tag = "organizations",
    params(("id" = i64, Path), ("year" = i32, Path)), request_body = ConclusionInput,
    responses((status = 204), (status = 404), (status = 409), (status = 422)))]
pub async fn conclude_annual_report(
    ApiCall { state, auth }: ApiCall,
    Path((id, year)): Path<(i64, i32)>,
    JsonBody(input): JsonBody<ConclusionInput>,
) -> Result<StatusCode, WebError> {
    state.app.conclude_annual_report(&auth.actor, id, year, &input.conclusion).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct ListedList {
    items: Vec<ListedOrganization>,
}

/// The organisations on a public list today: `abnormal` (活动异常名录) or `serious`
/// (严重违法失信名单), each with `uscc`, `name` and the `reasons` it is there (`cause`,
/// `listed_on`, `decision`); no login.
#[utoipa::path(get, path = "/api/v1/public/organization-lists/{list}", tag = "organizations",
    params(("list" = String, Path)), responses((status = 200, body = ListedList), (status = 404)))]
pub async fn public_list(
    State(state): State<AppState>,
    Path(list): Path<String>,
) -> Result<Json<ListedList>, WebError> {
    let status = match ListStatus::parse(&list) {
        Some(status @ (ListStatus::Abnormal | ListStatus::Serious)) => status,
        _ => return Err(WebError::App(app::AppError::NotFound)),
    };
    Ok(Json(ListedList { items: state.app.listed_organizations(status).await? }))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct CoverageQuery {
    /// The year; for party coverage last year, for cultivation this year when absent.
    pub(super) year: Option<i32>,
    /// For an export: xlsx (default) or csv.
    #[serde(default)]
    pub(super) format: String,
}

#[derive(Serialize, ToSchema)]
pub struct CoverageList {
    year: i32,
    items: Vec<CoverageRow>,
}

/// Party-building coverage per county, from a year's annual reports (for the
/// organisation department; the organisations the caller sees).
#[utoipa::path(get, path = "/api/v1/organizations/party-coverage", tag = "organizations", params(CoverageQuery),
    responses((status = 200, body = CoverageList), (status = 404)))]
pub async fn party_coverage(
    ApiCall { state, auth }: ApiCall,
    QueryParams(query): QueryParams<CoverageQuery>,
) -> Result<Json<CoverageList>, WebError> {
    let year = query.year.unwrap_or_else(|| state.app.settings.today().year() - 1);
    Ok(Json(CoverageList { year, items: state.app.party_coverage(&auth.actor, year).await? }))
}

/// The party-coverage table as a spreadsheet, headers in the request's language; audited.
#[utoipa::path(get, path = "/api/v1/organizations/party-coverage/export", tag = "organizations",
    params(CoverageQuery), responses((status = 200, description = "The spreadsheet"), (status = 404)))]
pub async fn export_party_coverage(
    ApiCall { state, auth }: ApiCall,
    request: HeaderMap,
    QueryParams(query): QueryParams<CoverageQuery>,
) -> Result<Response, WebError> {
    let year = query.year.unwrap_or_else(|| state.app.settings.today().year() - 1);
    let rows: Vec<Vec<String>> = state
        .app
        .export_party_coverage(&auth.actor, year)
        .await?
        .into_iter()
        .map(|r| {
            let percent = format!("{}.{}", r.coverage_permille / 10, r.coverage_permille % 10);
            vec![
                r.region_code,
                r.region_name,
                r.organizations.to_string(),
                r.reported.to_string(),
                r.with_party_members.to_string(),
                r.party_members.to_string(),
                r.organised.to_string(),
                r.instructor.to_string(),
                percent,
            ]
        })
        .collect();
    let columns = headers(
        request_lang(&request),
        &[
            "label-region-code",
            "org-region",
            "coverage-organizations",
            "coverage-reported",
            "coverage-with-members",
            "report-party-members",
            "coverage-organised",
            "coverage-instructor",
            "coverage-rate-percent",
        ],
    );
    let columns: Vec<&str> = columns.iter().map(String::as_str).collect();
    spreadsheet_response(&query.format, &format!("party-coverage-{year}"), &columns, &rows)
}
