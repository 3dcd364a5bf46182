//! Social organisations (4A–4D) over HTTP: the registry, classified supervision, the
//! public query and complaints, Excel import and export.

use app::organization::{
    ComplaintClosing, ComplaintView, FiledComplaint, NewComplaint, NewOrganization, NewOrganizationAccount,
    NewSupervisingUnit, ORGANIZATION_SHEET, OrganizationList, OrganizationQuery, OrganizationView, PublicOrganization,
    SupervisingUnitRef, parse_organization_sheet,
};
use app::sheet::Language;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::floor::sheet::{ImportQuery, ImportResult};
use crate::floor::sheet::{SheetUpload, spreadsheet_response};
use crate::floor::{
    ApiCall, ApiUser, AppState, Created, CreatedResponse, Importer, JsonBody, QueryParams, WebError, created,
};

/// Registers a social organisation (a civil-affairs registrar in scope).
#[utoipa::path(post, path = "/api/v1/organizations", tag = "organizations", request_body = NewOrganization,
    responses((status = 201, body = Created), (status = 404), (status = 409), (status = 422)))]
pub async fn register_organization(
    ApiCall { state, auth }: ApiCall,
    JsonBody(input): JsonBody<NewOrganization>,
) -> CreatedResponse {
    created(state.app.register_organization(&auth.actor, input).await?)
}

/// The organisations the caller may see: a registrar's region, a supervising unit's own,
/// an organisation itself.
#[utoipa::path(get, path = "/api/v1/organizations", tag = "organizations", params(OrganizationQuery),
    responses((status = 200, body = OrganizationList), (status = 404)))]
pub async fn list_organizations(
    ApiCall { state, auth }: ApiCall,
    QueryParams(query): QueryParams<OrganizationQuery>,
) -> Result<Json<OrganizationList>, WebError> {
    Ok(Json(state.app.list_organizations(&auth.actor, &query).await?))
}

#[utoipa::path(get, path = "/api/v1/organizations/{id}", tag = "organizations", params(("id" = i64, Path)),
    responses((status = 200, body = OrganizationView), (status = 404)))]
pub async fn get_organization(
    ApiCall { state, auth }: ApiCall,
    Path(id): Path<i64>,
) -> Result<Json<OrganizationView>, WebError> {
    Ok(Json(state.app.organization(&auth.actor, id).await?))
}

/// Gives an organisation its own login (its registrar).
#[utoipa::path(post, path = "/api/v1/organizations/{id}/accounts", tag = "organizations", params(("id" = i64, Path)),
    request_body = NewOrganizationAccount, responses((status = 201, body = Created), (status = 404), (status = 409), (status = 422)))]
pub async fn create_organization_account(
    ApiCall { state, auth }: ApiCall,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<NewOrganizationAccount>,
) -> CreatedResponse {
    created(state.app.create_organization_account(&auth.actor, id, input).await?)
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
    QueryParams(query): QueryParams<SearchQuery>,
) -> Result<Json<SearchResults>, WebError> {
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
    JsonBody(input): JsonBody<NewComplaint>,
) -> Result<(StatusCode, Json<FiledComplaint>), WebError> {
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
    ApiCall { state, auth }: ApiCall,
    QueryParams(query): QueryParams<ComplaintQuery>,
) -> Result<Json<ComplaintList>, WebError> {
    Ok(Json(ComplaintList { items: state.app.complaints(&auth.actor, query.organization_id).await? }))
}

/// Takes a filed complaint up (its registrar or supervising unit).
#[utoipa::path(post, path = "/api/v1/complaints/{id}/take-up", tag = "organizations", params(("id" = i64, Path)),
    responses((status = 204), (status = 404), (status = 409)))]
pub async fn take_up_complaint(ApiCall { state, auth }: ApiCall, Path(id): Path<i64>) -> Result<StatusCode, WebError> {
    state.app.take_up_complaint(&auth.actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Records a complaint's finding and outcome, closing it.
#[utoipa::path(post, path = "/api/v1/complaints/{id}/close", tag = "organizations", params(("id" = i64, Path)),
    request_body = ComplaintClosing, responses((status = 204), (status = 404), (status = 409), (status = 422)))]
pub async fn close_complaint(
    ApiCall { state, auth }: ApiCall,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<ComplaintClosing>,
) -> Result<StatusCode, WebError> {
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
    ApiCall { state, auth }: ApiCall,
    JsonBody(input): JsonBody<NewSupervisingUnit>,
) -> CreatedResponse {
    created(state.app.create_supervising_unit(&auth.actor, input).await?)
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
    ApiCall { state, auth }: ApiCall,
    Path((authority, category)): Path<(String, String)>,
    JsonBody(input): JsonBody<RuleInput>,
) -> Result<StatusCode, WebError> {
    state.app.set_supervision_rule(&auth.actor, &authority, &category, input.unit_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Imports organisations from an .xlsx or CSV file in the template's columns (multipart
/// field `file`): a dry run unless `commit=true`; all rows or none.
#[utoipa::path(post, path = "/api/v1/organizations/import", tag = "organizations", params(ImportQuery),
    request_body(content_type = "multipart/form-data", description = "field `file`: .xlsx or .csv in the template's columns"),
    responses((status = 200, body = ImportResult), (status = 404), (status = 422)))]
pub async fn import_organizations(
    ApiCall { state, auth }: ApiCall,
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
    ApiCall { state, auth }: ApiCall,
    QueryParams(query): QueryParams<ExportQuery>,
) -> Result<Response, WebError> {
    let list = OrganizationQuery { q: query.q, status: query.status, category: query.category, ..Default::default() };
    let rows = state.app.export_organizations(&auth.actor, &list).await?;
    spreadsheet_response(&query.format, "organizations", &ORGANIZATION_SHEET.headers(Language::Chinese), &rows)
}
