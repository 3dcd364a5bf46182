use app::community::{COLUMNS as POST_COLUMNS, CommunityDetail, CommunityList, NewPost, ProfileInput, parse_import};
use app::sheet::{ImportFormat, write_sheet};
use axum::Json;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::auth::{ApiUser, request_lang};
use crate::i18n::{self, Lang};
use crate::problem::WebError;

/// The community list's filters, for the API and the page alike.
#[derive(Deserialize, IntoParams)]
pub struct ListQuery {
    /// Part of the name, or the start of the code.
    #[serde(default)]
    pub q: String,
    /// Only units below this region.
    #[serde(default)]
    pub within: String,
    /// Zero-based page of 20.
    #[serde(default)]
    pub page: usize,
}

/// Village-level units (communities and villages) in the caller's scope.
#[utoipa::path(get, path = "/api/v1/communities", tag = "communities", params(ListQuery),
    responses((status = 200, body = CommunityList), (status = 404)))]
pub async fn list_communities(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Json<CommunityList>, WebError> {
    let Query(q) = query?;
    Ok(Json(state.app.list_communities(&auth.actor, &q.q, &q.within, q.page).await?))
}

/// A community's profile, bodies and posts; ID numbers masked.
#[utoipa::path(get, path = "/api/v1/communities/{code}", tag = "communities",
    params(("code" = String, Path)), responses((status = 200, body = CommunityDetail), (status = 404)))]
pub async fn get_community(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(code): Path<String>,
) -> Result<Json<CommunityDetail>, WebError> {
    Ok(Json(state.app.community(&auth.actor, &code).await?))
}

/// Replaces the profile's figures and contacts.
#[utoipa::path(put, path = "/api/v1/communities/{code}/profile", tag = "communities", request_body = ProfileInput,
    params(("code" = String, Path)), responses((status = 204), (status = 404), (status = 422)))]
pub async fn update_profile(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(code): Path<String>,
    body: Result<Json<ProfileInput>, JsonRejection>,
) -> Result<StatusCode, WebError> {
    let Json(input) = body?;
    state.app.update_profile(&auth.actor, &code, input).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct Created {
    id: i64,
}

/// Puts a person (found by ID number, or created) into a post of one of the bodies.
#[utoipa::path(post, path = "/api/v1/communities/{code}/posts", tag = "communities", request_body = NewPost,
    params(("code" = String, Path)), responses((status = 201, body = Created), (status = 404), (status = 409), (status = 422)))]
pub async fn add_post(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(code): Path<String>,
    body: Result<Json<NewPost>, JsonRejection>,
) -> Result<(StatusCode, Json<Created>), WebError> {
    let Json(input) = body?;
    let id = state.app.add_post(&auth.actor, &code, input).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
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
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    path: Result<Path<(String, i64)>, PathRejection>,
    body: Result<Json<EndPost>, JsonRejection>,
) -> Result<StatusCode, WebError> {
    let Path((code, id)) = path?;
    let Json(input) = body?;
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
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    path: Result<Path<(String, i64)>, PathRejection>,
) -> Result<Json<Revealed>, WebError> {
    let Path((code, id)) = path?;
    Ok(Json(Revealed { id_number: state.app.reveal_id_number(&auth.actor, &code, id).await? }))
}

#[derive(Deserialize, IntoParams)]
pub struct ImportQuery {
    /// Write the rows when all are valid; otherwise (the default) only check them.
    #[serde(default)]
    pub commit: bool,
}

#[derive(Serialize, ToSchema)]
pub struct ReportRow {
    pub row: usize,
    pub field: String,
    pub code: String,
    pub message: String,
}

#[derive(Serialize, ToSchema)]
pub struct ImportResult {
    total: usize,
    committed: bool,
    errors: Vec<ReportRow>,
}

impl ImportResult {
    pub fn new(lang: Lang, report: &app::sheet::ImportReport) -> Self {
        Self { total: report.total, committed: report.committed, errors: report_rows(lang, &report.errors) }
    }
}

/// Localised rows of an import report.
pub fn report_rows(lang: Lang, errors: &[app::sheet::RowError]) -> Vec<ReportRow> {
    errors
        .iter()
        .map(|e| {
            let args: Vec<(&str, String)> = e.args.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
            ReportRow {
                row: e.row,
                field: e.field.clone(),
                code: e.code.clone(),
                message: i18n::message(lang, &e.code, &args),
            }
        })
        .collect()
}

/// Reads the `file` field of a multipart upload.
pub async fn uploaded_file(mut multipart: Multipart) -> Result<(String, Vec<u8>), WebError> {
    let bad = || WebError::App(app::AppError::invalid("file", domain::Violation::new("import-unreadable")));
    while let Some(field) = multipart.next_field().await.map_err(|_| bad())? {
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or("upload").to_string();
            let bytes = field.bytes().await.map_err(|_| bad())?;
            return Ok((name, bytes.to_vec()));
        }
    }
    Err(WebError::App(app::AppError::invalid("file", domain::Violation::new("required"))))
}

/// Imports people and posts from an .xlsx or CSV file (multipart field `file`): a dry
/// run unless `commit=true`; all rows or none.
#[utoipa::path(post, path = "/api/v1/communities/import", tag = "communities", params(ImportQuery),
    request_body(content_type = "multipart/form-data", description = "field `file`: .xlsx or .csv in the template's columns"),
    responses((status = 200, body = ImportResult), (status = 422)))]
pub async fn import_posts(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    headers: axum::http::HeaderMap,
    query: Result<Query<ImportQuery>, QueryRejection>,
    multipart: Multipart,
) -> Result<Json<ImportResult>, WebError> {
    let Query(query) = query?;
    let (name, bytes) = uploaded_file(multipart).await?;
    let rows = parse_import(ImportFormat::detect(&name, &bytes), &bytes)?;
    let report = state.app.import_posts(&auth.actor, &rows, !query.commit, &|_| {}).await?;
    Ok(Json(ImportResult::new(request_lang(&headers), &report)))
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
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    query: Result<Query<ExportQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let Query(query) = query?;
    let rows = state.app.export_rows(&auth.actor, query.code.as_deref().filter(|c| !c.is_empty())).await?;
    spreadsheet_response(&query.format, "posts", &POST_COLUMNS, &rows)
}

/// A download of `rows` under `columns` as .xlsx or CSV (`format`), named `stem`.
pub fn spreadsheet_response<R: AsRef<[String]>>(
    format: &str,
    stem: &str,
    columns: &[&str],
    rows: &[R],
) -> Result<Response, WebError> {
    let (format, mime, ext) = if format == "csv" {
        (ImportFormat::Csv, "text/csv; charset=utf-8", "csv")
    } else {
        (ImportFormat::Xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")
    };
    // Wide columns for codes and ID numbers, which run to 18 characters.
    let widths: Vec<u16> =
        columns.iter().map(|c| if c.contains("代码") || c.contains("身份证") { 22 } else { 14 }).collect();
    let bytes = write_sheet(format, columns, &widths, rows)?;
    let disposition = format!("attachment; filename=\"{stem}.{ext}\"");
    Ok(([(header::CONTENT_TYPE, mime.to_string()), (header::CONTENT_DISPOSITION, disposition)], bytes).into_response())
}
