//! Spreadsheets in and out, shared by every import and export: the uploaded file, the
//! per-row report in the caller's language, and the .xlsx/CSV download.

use app::AppError;
use app::sheet::{ImportFormat, Language, SheetFormat, write_sheet};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Multipart, Query, Request};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use tokio::sync::Semaphore;
use utoipa::{IntoParams, ToSchema};

use super::i18n::{self, Lang, request_lang};
use super::problem::WebError;

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
    /// The field's column header in the caller's language.
    pub column: String,
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
    pub fn new(lang: Lang, sheet: &SheetFormat, report: &app::sheet::ImportReport) -> Self {
        Self { total: report.total, committed: report.committed, errors: report_rows(lang, sheet, &report.errors) }
    }
}

fn sheet_language(lang: Lang) -> Language {
    match lang {
        Lang::Zh => Language::Chinese,
        Lang::En => Language::English,
    }
}

/// Localised rows of an import report.
pub fn report_rows(lang: Lang, sheet: &SheetFormat, errors: &[app::sheet::RowError]) -> Vec<ReportRow> {
    let language = sheet_language(lang);
    errors
        .iter()
        .map(|e| {
            let args: Vec<(&str, String)> = e.args.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
            ReportRow {
                row: e.row,
                field: e.field.clone(),
                column: sheet.header_of(&e.field, language).to_string(),
                code: e.code.clone(),
                message: i18n::message(lang, &e.code, &args),
            }
        })
        .collect()
}

/// Reads the `file` field of a multipart upload: its name and bytes.
pub async fn uploaded_file(mut multipart: Multipart) -> Result<(String, Bytes), WebError> {
    let bad = |e: axum::extract::multipart::MultipartError| match e.status() {
        axum::http::StatusCode::PAYLOAD_TOO_LARGE => WebError::TooLarge,
        _ => WebError::App(app::AppError::invalid("file", domain::Violation::new("import-unreadable"))),
    };
    while let Some(field) = multipart.next_field().await.map_err(bad)? {
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or("upload").to_string();
            return Ok((name, field.bytes().await.map_err(bad)?));
        }
    }
    Err(WebError::App(app::AppError::invalid("file", domain::Violation::new("required"))))
}

/// Sheets read at once, by all users together: reading one may take a few hundred MB (a
/// full 100,000-row .xlsx and its shared strings), so a few imports at a time cannot
/// exhaust the server; the others wait their turn.
static READING: Semaphore = Semaphore::const_new(2);

/// The rows of an uploaded file, read by `parse` off the request workers (reading a large
/// .xlsx takes seconds of CPU), at most `READING` files at a time.
pub async fn read_rows<T: Send + 'static>(
    file_name: &str,
    bytes: Bytes,
    parse: fn(ImportFormat, &[u8]) -> Result<T, AppError>,
) -> Result<T, AppError> {
    let format = ImportFormat::detect(file_name, &bytes);
    let _turn = READING.acquire().await.map_err(|e| AppError::Internal(e.to_string()))?;
    tokio::task::spawn_blocking(move || parse(format, &bytes)).await.map_err(|e| AppError::Internal(e.to_string()))?
}

/// A spreadsheet posted to an import route: the file (multipart field `file`), whether to
/// write it (`?commit=true`; otherwise a dry run) and the caller's language for the report.
/// The caller's permission is checked by the extractors before it, so before the body is read.
pub struct SheetUpload {
    file_name: String,
    bytes: Bytes,
    pub dry_run: bool,
    lang: Lang,
}

impl<S: Send + Sync> FromRequest<S> for SheetUpload {
    type Rejection = WebError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = request.into_parts();
        let Query(query) = Query::<ImportQuery>::from_request_parts(&mut parts, state).await?;
        let lang = request_lang(&parts.headers);
        let multipart = Multipart::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(|_| WebError::App(app::AppError::invalid("file", domain::Violation::new("import-unreadable"))))?;
        let (file_name, bytes) = uploaded_file(multipart).await?;
        Ok(Self { file_name, bytes, dry_run: !query.commit, lang })
    }
}

impl SheetUpload {
    /// The file's rows, as `parse` reads them (see `read_rows`).
    pub async fn rows<T: Send + 'static>(
        &self,
        parse: fn(ImportFormat, &[u8]) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        read_rows(&self.file_name, self.bytes.clone(), parse).await
    }

    /// The import's report on `sheet`, in the caller's language.
    pub fn answer(&self, sheet: &SheetFormat, report: &app::sheet::ImportReport) -> Json<ImportResult> {
        Json(ImportResult::new(self.lang, sheet, report))
    }
}

/// A download of `rows` under `columns` as .xlsx or CSV (`format`), named `stem`.
pub fn spreadsheet_response<R: AsRef<[String]>>(
    format: &str,
    stem: &str,
    columns: &[&str],
    rows: &[R],
) -> Result<Response, WebError> {
    let format = DownloadFormat::named(format);
    download(format, stem, write_sheet(format.sheet, columns, rows)?)
}

/// An import's template to fill in, in the caller's language (`format` as above).
pub fn template_response(format: &str, stem: &str, sheet: &SheetFormat, lang: Lang) -> Result<Response, WebError> {
    let format = DownloadFormat::named(format);
    download(format, stem, sheet.template(format.sheet, sheet_language(lang))?)
}

#[derive(Clone, Copy)]
struct DownloadFormat {
    sheet: ImportFormat,
    mime: &'static str,
    ext: &'static str,
}

impl DownloadFormat {
    /// CSV when asked for, else .xlsx.
    fn named(format: &str) -> Self {
        if format == "csv" {
            Self { sheet: ImportFormat::Csv, mime: "text/csv; charset=utf-8", ext: "csv" }
        } else {
            let mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
            Self { sheet: ImportFormat::Xlsx, mime, ext: "xlsx" }
        }
    }
}

fn download(format: DownloadFormat, stem: &str, bytes: Vec<u8>) -> Result<Response, WebError> {
    let disposition = format!("attachment; filename=\"{stem}.{}\"", format.ext);
    Ok(([(header::CONTENT_TYPE, format.mime.to_string()), (header::CONTENT_DISPOSITION, disposition)], bytes)
        .into_response())
}

/// A download's header row in `lang`, from message keys.
pub fn headers(lang: Lang, keys: &[&str]) -> Vec<String> {
    keys.iter().map(|key| i18n::message(lang, key, &[])).collect()
}
