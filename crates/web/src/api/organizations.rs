//! Social organisations (4A–4D) over HTTP: the registry, classified supervision, the
//! public query and complaints, inspection, applications, evaluation and cultivation.

use app::organization::{
    AnnualReportView, ApplicationStep, ApplicationView, ComplaintClosing, ComplaintView, CoverageRow, CultivationRow,
    EvaluationView, FiledComplaint, FilingView, IMPORT_COLUMNS, ListedOrganization, NewAnnualReport, NewApplication,
    NewComplaint, NewFiling, NewOrganization, NewOrganizationAccount, NewSanction, NewSupervisingUnit,
    OrganizationList, OrganizationQuery, OrganizationView, PublicOrganization, StandardInput, SupervisingUnitRef,
    parse_organization_sheet,
};
use app::sheet::ImportFormat;
use axum::Json;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::Datelike;
use domain::organization::PriorityKind;
use domain::organization::application::Step;
use domain::organization::inspection::ListStatus;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::communities::{ImportQuery, ImportResult};
use super::elections::Created;
use super::{spreadsheet_response, uploaded_file};
use crate::AppState;
use crate::auth::{ApiUser, request_lang};
use crate::problem::WebError;

/// Registers a social organisation (a civil-affairs registrar in scope).
#[utoipa::path(post, path = "/api/v1/organizations", tag = "organizations", request_body = NewOrganization,
    responses((status = 201, body = Created), (status = 404), (status = 409), (status = 422)))]
pub async fn register_organization(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    body: Result<Json<NewOrganization>, JsonRejection>,
) -> Result<(StatusCode, Json<Created>), WebError> {
    let Json(input) = body?;
    let id = state.app.register_organization(&auth.actor, input).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// The organisations the caller may see: a registrar's region, a supervising unit's own,
/// an organisation itself.
#[utoipa::path(get, path = "/api/v1/organizations", tag = "organizations", params(OrganizationQuery),
    responses((status = 200, body = OrganizationList), (status = 404)))]
pub async fn list_organizations(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    query: Result<Query<OrganizationQuery>, QueryRejection>,
) -> Result<Json<OrganizationList>, WebError> {
    let Query(query) = query?;
    Ok(Json(state.app.list_organizations(&auth.actor, &query).await?))
}

#[utoipa::path(get, path = "/api/v1/organizations/{id}", tag = "organizations", params(("id" = i64, Path)),
    responses((status = 200, body = OrganizationView), (status = 404)))]
pub async fn get_organization(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<OrganizationView>, WebError> {
    Ok(Json(state.app.organization(&auth.actor, id).await?))
}

/// Gives an organisation its own login (its registrar).
#[utoipa::path(post, path = "/api/v1/organizations/{id}/accounts", tag = "organizations", params(("id" = i64, Path)),
    request_body = NewOrganizationAccount, responses((status = 201, body = Created), (status = 404), (status = 409), (status = 422)))]
pub async fn create_organization_account(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
    body: Result<Json<NewOrganizationAccount>, JsonRejection>,
) -> Result<(StatusCode, Json<Created>), WebError> {
    let Json(input) = body?;
    let id = state.app.create_organization_account(&auth.actor, id, input).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct SearchQuery {
    /// The start of a name (with or without the region names it begins with) or of a USCC.
    #[serde(default)]
    q: String,
}

#[derive(Serialize, ToSchema)]
pub struct SearchResults {
    items: Vec<PublicOrganization>,
}

/// Finds organisations by name or USCC (no login): at most 20, by name.
#[utoipa::path(get, path = "/api/v1/public/organizations", tag = "organizations", params(SearchQuery),
    responses((status = 200, body = SearchResults)))]
pub async fn search_organizations(
    State(state): State<AppState>,
    query: Result<Query<SearchQuery>, QueryRejection>,
) -> Result<Json<SearchResults>, WebError> {
    let Query(query) = query?;
    Ok(Json(SearchResults { items: state.app.search_organizations(&query.q).await? }))
}

/// An organisation's public registration facts (no login).
#[utoipa::path(get, path = "/api/v1/public/organizations/{id}", tag = "organizations", params(("id" = i64, Path)),
    responses((status = 200, body = OrganizationView), (status = 404)))]
pub async fn public_organization(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<OrganizationView>, WebError> {
    Ok(Json(state.app.public_organization(id).await?))
}

/// Files a complaint about an organisation (no login); answers its tracking number.
#[utoipa::path(post, path = "/api/v1/public/organizations/{id}/complaints", tag = "organizations",
    params(("id" = i64, Path)), request_body = NewComplaint,
    responses((status = 201, body = FiledComplaint), (status = 404), (status = 422)))]
pub async fn file_complaint(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    body: Result<Json<NewComplaint>, JsonRejection>,
) -> Result<(StatusCode, Json<FiledComplaint>), WebError> {
    let Json(input) = body?;
    Ok((StatusCode::CREATED, Json(state.app.file_complaint(id, input).await?)))
}

/// A complaint's status and outcome by tracking number (no login, no contact details).
#[utoipa::path(get, path = "/api/v1/public/complaints/{tracking}", tag = "organizations",
    params(("tracking" = String, Path)), responses((status = 200, body = ComplaintView), (status = 404)))]
pub async fn public_complaint(
    State(state): State<AppState>,
    Path(tracking): Path<String>,
) -> Result<Json<ComplaintView>, WebError> {
    Ok(Json(state.app.public_complaint(&tracking).await?))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct ComplaintQuery {
    organization_id: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct ComplaintList {
    items: Vec<ComplaintView>,
}

/// The complaints routed to the caller, open ones first by deadline.
#[utoipa::path(get, path = "/api/v1/complaints", tag = "organizations", params(ComplaintQuery),
    responses((status = 200, body = ComplaintList), (status = 404)))]
pub async fn list_complaints(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    query: Result<Query<ComplaintQuery>, QueryRejection>,
) -> Result<Json<ComplaintList>, WebError> {
    let Query(query) = query?;
    Ok(Json(ComplaintList { items: state.app.complaints(&auth.actor, query.organization_id).await? }))
}

/// Takes a filed complaint up (its registrar or supervising unit).
#[utoipa::path(post, path = "/api/v1/complaints/{id}/take-up", tag = "organizations", params(("id" = i64, Path)),
    responses((status = 204), (status = 404), (status = 409)))]
pub async fn take_up_complaint(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
) -> Result<StatusCode, WebError> {
    state.app.take_up_complaint(&auth.actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Records a complaint's finding and outcome, closing it.
#[utoipa::path(post, path = "/api/v1/complaints/{id}/close", tag = "organizations", params(("id" = i64, Path)),
    request_body = ComplaintClosing, responses((status = 204), (status = 404), (status = 409), (status = 422)))]
pub async fn close_complaint(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
    body: Result<Json<ComplaintClosing>, JsonRejection>,
) -> Result<StatusCode, WebError> {
    let Json(input) = body?;
    state.app.close_complaint(&auth.actor, id, input).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct UnitList {
    items: Vec<SupervisingUnitRef>,
}

/// Every supervising unit.
#[utoipa::path(get, path = "/api/v1/supervising-units", tag = "organizations",
    responses((status = 200, body = UnitList)))]
pub async fn list_units(State(state): State<AppState>, _user: ApiUser) -> Result<Json<UnitList>, WebError> {
    Ok(Json(UnitList { items: state.app.supervising_units().await? }))
}

/// Adds a supervising unit (a registrar of its region).
#[utoipa::path(post, path = "/api/v1/supervising-units", tag = "organizations", request_body = NewSupervisingUnit,
    responses((status = 201, body = Created), (status = 404), (status = 409), (status = 422)))]
pub async fn create_unit(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    body: Result<Json<NewSupervisingUnit>, JsonRejection>,
) -> Result<(StatusCode, Json<Created>), WebError> {
    let Json(input) = body?;
    let id = state.app.create_supervising_unit(&auth.actor, input).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

#[derive(Deserialize, ToSchema)]
pub struct RuleInput {
    unit_id: i64,
}

/// Sets the unit that supervises a category for an authority's organisations.
#[utoipa::path(put, path = "/api/v1/supervision-rules/{authority}/{category}", tag = "organizations",
    params(("authority" = String, Path), ("category" = String, Path)), request_body = RuleInput,
    responses((status = 204), (status = 404), (status = 422)))]
pub async fn set_rule(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path((authority, category)): Path<(String, String)>,
    body: Result<Json<RuleInput>, JsonRejection>,
) -> Result<StatusCode, WebError> {
    let Json(input) = body?;
    state.app.set_supervision_rule(&auth.actor, &authority, &category, input.unit_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Imports organisations from an .xlsx or CSV file in the template's columns (multipart
/// field `file`): a dry run unless `commit=true`; all rows or none.
#[utoipa::path(post, path = "/api/v1/organizations/import", tag = "organizations", params(ImportQuery),
    request_body(content_type = "multipart/form-data", description = "field `file`: .xlsx or .csv in the template's columns"),
    responses((status = 200, body = ImportResult), (status = 404), (status = 422)))]
pub async fn import_organizations(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    headers: axum::http::HeaderMap,
    query: Result<Query<ImportQuery>, QueryRejection>,
    multipart: Multipart,
) -> Result<Json<ImportResult>, WebError> {
    let Query(query) = query?;
    let (name, bytes) = uploaded_file(multipart).await?;
    let rows = parse_organization_sheet(ImportFormat::detect(&name, &bytes), &bytes)?;
    let report = state.app.import_organizations(&auth.actor, &rows, !query.commit, &|_| {}).await?;
    Ok(Json(ImportResult::new(request_lang(&headers), &report)))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct ExportQuery {
    /// xlsx (default) or csv
    #[serde(default)]
    format: String,
    /// The list's filters, as on `GET /api/v1/organizations`.
    #[serde(default)]
    q: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    category: String,
}

/// Exports the list (every page, same filters) in the import template's columns; audited.
#[utoipa::path(get, path = "/api/v1/organizations/export", tag = "organizations", params(ExportQuery),
    responses((status = 200, description = "The spreadsheet"), (status = 404)))]
pub async fn export_organizations(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    query: Result<Query<ExportQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let Query(query) = query?;
    let list = OrganizationQuery { q: query.q, status: query.status, category: query.category, page: 0 };
    let rows = state.app.export_organizations(&auth.actor, &list).await?;
    spreadsheet_response(&query.format, "organizations", &IMPORT_COLUMNS, &rows)
}

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
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path((authority, year)): Path<(String, i32)>,
    body: Result<Json<DueInput>, JsonRejection>,
) -> Result<StatusCode, WebError> {
    let Json(input) = body?;
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
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
    body: Result<Json<NewAnnualReport>, JsonRejection>,
) -> Result<StatusCode, WebError> {
    let Json(input) = body?;
    state.app.file_annual_report(&auth.actor, id, input).await?;
    Ok(StatusCode::CREATED)
}

/// An organisation's annual reports, newest first.
#[utoipa::path(get, path = "/api/v1/organizations/{id}/annual-reports", tag = "organizations",
    params(("id" = i64, Path)), responses((status = 200, body = ReportList), (status = 404)))]
pub async fn list_annual_reports(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
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
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path((id, year)): Path<(i64, i32)>,
    body: Result<Json<OpinionInput>, JsonRejection>,
) -> Result<StatusCode, WebError> {
    let Json(input) = body?;
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
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path((id, year)): Path<(i64, i32)>,
    body: Result<Json<ConclusionInput>, JsonRejection>,
) -> Result<StatusCode, WebError> {
    let Json(input) = body?;
    state.app.conclude_annual_report(&auth.actor, id, year, &input.conclusion).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct ListedList {
    items: Vec<ListedOrganization>,
}

/// The organisations on a public list today: `abnormal` (活动异常名录) or `serious`
/// (严重违法失信名单), each with its listings (no login).
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
    year: Option<i32>,
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
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    query: Result<Query<CoverageQuery>, QueryRejection>,
) -> Result<Json<CoverageList>, WebError> {
    let Query(query) = query?;
    let year = query.year.unwrap_or_else(|| state.app.settings.today().year() - 1);
    Ok(Json(CoverageList { year, items: state.app.party_coverage(&auth.actor, year).await? }))
}

#[derive(Serialize, ToSchema)]
pub struct ApplicationList {
    items: Vec<ApplicationView>,
}

/// The organisation's own account applies for a change of its facts or for deregistration.
#[utoipa::path(post, path = "/api/v1/organizations/{id}/applications", tag = "organizations",
    params(("id" = i64, Path)), request_body = NewApplication,
    responses((status = 201, body = Created), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn file_application(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
    body: Result<Json<NewApplication>, JsonRejection>,
) -> Result<(StatusCode, Json<Created>), WebError> {
    let Json(input) = body?;
    let id = state.app.file_application(&auth.actor, id, input).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// An organisation's applications, newest first.
#[utoipa::path(get, path = "/api/v1/organizations/{id}/applications", tag = "organizations",
    params(("id" = i64, Path)), responses((status = 200, body = ApplicationList), (status = 404)))]
pub async fn list_applications(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<ApplicationList>, WebError> {
    Ok(Json(ApplicationList { items: state.app.applications(&auth.actor, id).await? }))
}

/// The supervising unit's review of an application (agree or refuse, with its opinion).
#[utoipa::path(post, path = "/api/v1/applications/{id}/review", tag = "organizations", params(("id" = i64, Path)),
    request_body = ApplicationStep, responses((status = 204), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn review_application(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
    body: Result<Json<ApplicationStep>, JsonRejection>,
) -> Result<StatusCode, WebError> {
    let Json(input) = body?;
    state.app.decide_application(&auth.actor, id, Step::Unit, input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Civil affairs' decision on a reviewed application; approval applies it to the registry.
#[utoipa::path(post, path = "/api/v1/applications/{id}/decide", tag = "organizations", params(("id" = i64, Path)),
    request_body = ApplicationStep, responses((status = 204), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn decide_application(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
    body: Result<Json<ApplicationStep>, JsonRejection>,
) -> Result<StatusCode, WebError> {
    let Json(input) = body?;
    state.app.decide_application(&auth.actor, id, Step::Registrar, input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Sets a registrar's evaluation standard for a year: indicators, cut-offs, notice days.
#[utoipa::path(put, path = "/api/v1/evaluation-standards/{authority}/{year}", tag = "organizations",
    params(("authority" = String, Path), ("year" = i32, Path)), request_body = StandardInput,
    responses((status = 204), (status = 404), (status = 422)))]
pub async fn set_evaluation_standard(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path((authority, year)): Path<(String, i32)>,
    body: Result<Json<StandardInput>, JsonRejection>,
) -> Result<StatusCode, WebError> {
    let Json(input) = body?;
    state.app.set_evaluation_standard(&auth.actor, &authority, year, input).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct EvaluationList {
    items: Vec<EvaluationView>,
}

/// The organisation applies for evaluation; 422 names why it is not eligible.
#[utoipa::path(post, path = "/api/v1/organizations/{id}/evaluations", tag = "organizations",
    params(("id" = i64, Path)), responses((status = 201, body = Created), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn apply_for_evaluation(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
) -> Result<(StatusCode, Json<Created>), WebError> {
    let id = state.app.apply_for_evaluation(&auth.actor, id).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// An organisation's evaluations, newest first.
#[utoipa::path(get, path = "/api/v1/organizations/{id}/evaluations", tag = "organizations",
    params(("id" = i64, Path)), responses((status = 200, body = EvaluationList), (status = 404)))]
pub async fn list_evaluations(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<EvaluationList>, WebError> {
    Ok(Json(EvaluationList { items: state.app.evaluations(&auth.actor, id).await? }))
}

#[derive(Deserialize, ToSchema)]
pub struct ScoresInput {
    /// Score per indicator code.
    scores: std::collections::HashMap<String, u32>,
}

/// The experts' scores (entered by civil affairs); the total and grade follow.
#[utoipa::path(post, path = "/api/v1/evaluations/{id}/scores", tag = "organizations", params(("id" = i64, Path)),
    request_body = ScoresInput, responses((status = 200, body = EvaluationView), (status = 404), (status = 409), (status = 422)))]
pub async fn score_evaluation(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
    body: Result<Json<ScoresInput>, JsonRejection>,
) -> Result<Json<EvaluationView>, WebError> {
    let Json(input) = body?;
    Ok(Json(state.app.score_evaluation(&auth.actor, id, input.scores).await?))
}

/// Publishes a scored evaluation for its notice period.
#[utoipa::path(post, path = "/api/v1/evaluations/{id}/publish", tag = "organizations", params(("id" = i64, Path)),
    responses((status = 200, body = EvaluationView), (status = 404), (status = 409)))]
pub async fn publish_evaluation(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<EvaluationView>, WebError> {
    Ok(Json(state.app.publish_evaluation(&auth.actor, id).await?))
}

/// Gives the grade after a notice period without a review request (valid five years).
#[utoipa::path(post, path = "/api/v1/evaluations/{id}/grant", tag = "organizations", params(("id" = i64, Path)),
    responses((status = 200, body = EvaluationView), (status = 404), (status = 409)))]
pub async fn grant_evaluation(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<EvaluationView>, WebError> {
    Ok(Json(state.app.grant_evaluation(&auth.actor, id).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct ReviewRequest {
    reason: String,
}

/// The organisation asks for a review during the notice period.
#[utoipa::path(post, path = "/api/v1/evaluations/{id}/review-request", tag = "organizations",
    params(("id" = i64, Path)), request_body = ReviewRequest,
    responses((status = 204), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn request_evaluation_review(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
    body: Result<Json<ReviewRequest>, JsonRejection>,
) -> Result<StatusCode, WebError> {
    let Json(input) = body?;
    state.app.request_evaluation_review(&auth.actor, id, &input.reason).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Records a penalty or an investigation (civil affairs); evaluation eligibility reads them.
#[utoipa::path(post, path = "/api/v1/organizations/{id}/sanctions", tag = "organizations",
    params(("id" = i64, Path)), request_body = NewSanction,
    responses((status = 201, body = Created), (status = 403), (status = 404), (status = 422)))]
pub async fn record_sanction(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
    body: Result<Json<NewSanction>, JsonRejection>,
) -> Result<(StatusCode, Json<Created>), WebError> {
    let Json(input) = body?;
    let id = state.app.record_sanction(&auth.actor, id, input).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

#[derive(Serialize, ToSchema)]
pub struct CultivationList {
    year: i32,
    /// The order of each row's counts.
    kinds: Vec<&'static str>,
    items: Vec<CultivationRow>,
}

/// Organisations of the five priority kinds per county at the end of a year, and those
/// registered that year (the organisations the caller sees).
#[utoipa::path(get, path = "/api/v1/organizations/cultivation", tag = "organizations", params(CoverageQuery),
    responses((status = 200, body = CultivationList), (status = 404)))]
pub async fn cultivation_counts(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    query: Result<Query<CoverageQuery>, QueryRejection>,
) -> Result<Json<CultivationList>, WebError> {
    let Query(query) = query?;
    let year = query.year.unwrap_or_else(|| state.app.settings.today().year());
    let kinds = PriorityKind::ALL.iter().map(|k| k.as_str()).collect();
    Ok(Json(CultivationList { year, kinds, items: state.app.cultivation_counts(&auth.actor, year).await? }))
}

/// A township files a community-level organisation (备案) without full registration.
#[utoipa::path(post, path = "/api/v1/regions/{code}/community-organizations", tag = "organizations",
    params(("code" = String, Path)), request_body = NewFiling,
    responses((status = 201, body = Created), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn file_community_organization(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(code): Path<String>,
    body: Result<Json<NewFiling>, JsonRejection>,
) -> Result<(StatusCode, Json<Created>), WebError> {
    let Json(input) = body?;
    let id = state.app.file_community_organization(&auth.actor, &code, input).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

#[derive(Serialize, ToSchema)]
pub struct FilingList {
    items: Vec<FilingView>,
}

/// The community-level organisations filed below a region, by name.
#[utoipa::path(get, path = "/api/v1/regions/{code}/community-organizations", tag = "organizations",
    params(("code" = String, Path)), responses((status = 200, body = FilingList), (status = 404)))]
pub async fn list_community_organizations(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(code): Path<String>,
) -> Result<Json<FilingList>, WebError> {
    Ok(Json(FilingList { items: state.app.community_organizations(&auth.actor, &code).await? }))
}
