use app::community::{CommunityDetail, CommunityList, NewPost, POST_SHEET, ProfileInput, parse_import};
use app::paging::PageRequest;
use app::sheet::Language;
use axum::Json;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::floor::sheet::{ImportQuery, ImportResult, SheetUpload, spreadsheet_response};
use crate::floor::{ApiCall, Created, CreatedResponse, Importer, JsonBody, PathParam, QueryParams, WebError, created};

/// The community list's filters, for the API and the page alike.
#[derive(Deserialize, IntoParams)]
pub struct ListQuery {
    /// Part of the name, or the start of the code.
    #[serde(default)]
    pub q: String,
    /// Only units below this region.
    #[serde(default)]
    pub within: String,
    /// Zero-based page.
    #[serde(default)]
    pub page: u64,
    /// Rows a page: 20 (the default), 50, 100 or 200.
    #[serde(default)]
    pub size: u64,
}

/// Village-level units (communities and villages) in the caller's scope.
#[utoipa::path(get, path = "/api/v1/communities", tag = "communities", params(ListQuery),
    responses((status = 200, body = CommunityList), (status = 404)))]
pub async fn list_communities(
    ApiCall { state, auth }: ApiCall,
    QueryParams(q): QueryParams<ListQuery>,
) -> Result<Json<CommunityList>, WebError> {
    Ok(Json(state.app.list_communities(&auth.actor, &q.q, &q.within, PageRequest::new(q.page, q.size)).await?))
}

/// A community's profile, bodies and posts; ID numbers masked.
#[utoipa::path(get, path = "/api/v1/communities/{code}", tag = "communities",
    params(("code" = String, Path)), responses((status = 200, body = CommunityDetail), (status = 404)))]
pub async fn get_community(
    ApiCall { state, auth }: ApiCall,
    Path(code): Path<String>,
) -> Result<Json<CommunityDetail>, WebError> {
    Ok(Json(state.app.community(&auth.actor, &code).await?))
}

/// Replaces the profile's figures and contacts.
#[utoipa::path(put, path = "/api/v1/communities/{code}/profile", tag = "communities", request_body = ProfileInput,
    params(("code" = String, Path)), responses((status = 204), (status = 404), (status = 422)))]
pub async fn update_profile(
    ApiCall { state, auth }: ApiCall,
    Path(code): Path<String>,
    JsonBody(input): JsonBody<ProfileInput>,
) -> Result<StatusCode, WebError> {
    state.app.update_profile(&auth.actor, &code, input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Puts a person (found by ID number, or created) into a post of one of the bodies.
#[utoipa::path(post, path = "/api/v1/communities/{code}/posts", tag = "communities", request_body = NewPost,
    params(("code" = String, Path)), responses((status = 201, body = Created), (status = 404), (status = 409), (status = 422)))]
pub async fn add_post(
    ApiCall { state, auth }: ApiCall,
    Path(code): Path<String>,
    JsonBody(input): JsonBody<NewPost>,
) -> CreatedResponse {
    created(state.app.add_post(&auth.actor, &code, input).await?)
}

#[derive(Deserialize, ToSchema)]
pub struct EndPost {
    /// YYYY-MM-DD
    ended_on: String,
}

/// Ends a post (the person leaves it).
#[utoipa::path(post, path = "/api/v1/communities/{code}/posts/{id}/end", tag = "communities", request_body = EndPost,
    params(("code" = String, Path), ("id" = i64, Path)), responses((status = 204), (status = 404), (status = 409), (status = 422)))]
pub async fn end_post(
    ApiCall { state, auth }: ApiCall,
    PathParam((code, id)): PathParam<(String, i64)>,
    JsonBody(input): JsonBody<EndPost>,
) -> Result<StatusCode, WebError> {
    state.app.end_post(&auth.actor, &code, id, &input.ended_on).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct Revealed {
    id_number: String,
}

/// The full ID number of a post holder; recorded in the audit trail.
#[utoipa::path(post, path = "/api/v1/communities/{code}/persons/{id}/reveal", tag = "communities",
    params(("code" = String, Path), ("id" = i64, Path)), responses((status = 200, body = Revealed), (status = 403), (status = 404)))]
pub async fn reveal_id_number(
    ApiCall { state, auth }: ApiCall,
    PathParam((code, id)): PathParam<(String, i64)>,
) -> Result<Json<Revealed>, WebError> {
    Ok(Json(Revealed { id_number: state.app.reveal_id_number(&auth.actor, &code, id).await? }))
}

/// Imports people and posts from an .xlsx or CSV file (multipart field `file`): a dry
/// run unless `commit=true`; all rows or none.
#[utoipa::path(post, path = "/api/v1/communities/import", tag = "communities", params(ImportQuery),
    request_body(content_type = "multipart/form-data", description = "field `file`: .xlsx or .csv in the template's columns"),
    responses((status = 200, body = ImportResult), (status = 422)))]
pub async fn import_posts(
    ApiCall { state, auth }: ApiCall,
    _: Importer,
    upload: SheetUpload,
) -> Result<Json<ImportResult>, WebError> {
    let rows = upload.rows(parse_import).await?;
    Ok(upload.answer(
        &app::community::POST_SHEET,
        &state.app.import_posts(&auth.actor, &rows, upload.dry_run, &|_| {}).await?,
    ))
}

#[derive(Deserialize, IntoParams)]
pub struct ExportQuery {
    /// xlsx (default) or csv
    #[serde(default)]
    format: String,
    /// One community; all in scope when absent.
    #[serde(default)]
    code: Option<String>,
}

/// Exports posts in the import template's columns (ID numbers masked); audited.
#[utoipa::path(get, path = "/api/v1/communities/export", tag = "communities", params(ExportQuery),
    responses((status = 200, description = "The spreadsheet"), (status = 404)))]
pub async fn export_posts(
    ApiCall { state, auth }: ApiCall,
    QueryParams(query): QueryParams<ExportQuery>,
) -> Result<Response, WebError> {
    let rows = state.app.export_rows(&auth.actor, query.code.as_deref().filter(|c| !c.is_empty())).await?;
    spreadsheet_response(&query.format, "posts", &POST_SHEET.headers(Language::Chinese), &rows)
}
