//! Social organisations (4A–4D) over HTTP: the registry, classified supervision, the
//! public query and complaints, Excel import and export.

use app::organization::{
    ComplaintClosing, ComplaintView, FiledComplaint, NewComplaint, NewOrganization, NewOrganizationAccount,
    NewSupervisingUnit, ORGANIZATION_SHEET, OrganizationList, OrganizationQuery, OrganizationView, PublicOrganization,
    SupervisingUnitRef, parse_organization_sheet,
};
use app::sheet::Language;
use axum::Json;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::floor::sheet::{ImportQuery, ImportResult};
use crate::floor::sheet::{SheetUpload, spreadsheet_response};
use crate::floor::{ApiUser, AppState, Created, Importer, WebError};

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
    _: Importer,
    upload: SheetUpload,
) -> Result<Json<ImportResult>, WebError> {
    let rows = upload.rows(parse_organization_sheet).await?;
    Ok(upload.answer(
        &app::organization::ORGANIZATION_SHEET,
        &state.app.import_organizations(&auth.actor, &rows, upload.dry_run, &|_| {}).await?,
    ))
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
    let list = OrganizationQuery { q: query.q, status: query.status, category: query.category, ..Default::default() };
    let rows = state.app.export_organizations(&auth.actor, &list).await?;
    spreadsheet_response(&query.format, "organizations", &ORGANIZATION_SHEET.headers(Language::Chinese), &rows)
}
