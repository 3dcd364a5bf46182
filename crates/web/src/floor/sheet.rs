//! Spreadsheets in and out, shared by every import and export: the uploaded file, the
//! per-row report in the caller's language, and the .xlsx/CSV download.

use app::sheet::{ImportFormat, write_sheet};
use axum::extract::Multipart;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::i18n::{self, Lang};
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

/// A download's header row in `lang`, from message keys.
pub fn headers(lang: Lang, keys: &[&str]) -> Vec<String> {
    keys.iter().map(|key| i18n::message(lang, key, &[])).collect()
}
