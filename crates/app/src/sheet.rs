//! Spreadsheets in and out: .xlsx (first sheet) or CSV, a header row that must match the
//! template, per-row errors for a dry run, and writing a list back in the same columns.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use domain::{FieldError, Violation};
use rust_xlsxwriter::Workbook;
use serde::Serialize;

use crate::AppError;

/// The largest file an import accepts, in data rows.
pub const MAX_ROWS: usize = 100_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportFormat {
    Xlsx,
    Csv,
}

impl ImportFormat {
    /// By file name, else by content: an .xlsx is a ZIP archive.
    pub fn detect(file_name: &str, bytes: &[u8]) -> Self {
        let lower = file_name.to_lowercase();
        if lower.ends_with(".csv") {
            Self::Csv
        } else if lower.ends_with(".xlsx") || bytes.starts_with(b"PK") {
            Self::Xlsx
        } else {
            Self::Csv
        }
    }
}

/// One bad row: its line in the file (the header is line 1), the field and why.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct RowError {
    pub row: usize,
    pub field: String,
    pub code: String,
    pub args: std::collections::BTreeMap<String, String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct ImportReport {
    pub total: usize,
    pub errors: Vec<RowError>,
    /// True only when every row was written.
    pub committed: bool,
}

pub(crate) fn row_error(row: usize, error: FieldError) -> RowError {
    RowError {
        row,
        field: error.field,
        code: error.violation.code.to_string(),
        args: error.violation.args.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
    }
}

/// Reads the data rows of an .xlsx (first sheet) or a CSV (UTF-8, or GB18030 as Excel
/// saves it on Chinese Windows) whose first row must be `columns`: each row with its line
/// in the file, blank rows skipped.
pub fn read_sheet(format: ImportFormat, bytes: &[u8], columns: &[&str]) -> Result<Vec<(usize, Vec<String>)>, AppError> {
    let table: Vec<Vec<String>> = match format {
        ImportFormat::Xlsx => read_xlsx(bytes)?,
        ImportFormat::Csv => read_csv(bytes)?,
    };
    let mut lines = table.into_iter().enumerate();
    let header = lines.next().map(|(_, h)| h).unwrap_or_default();
    let header: Vec<&str> = header.iter().map(|h| h.trim()).collect();
    if header.len() < columns.len() || header[..columns.len()] != *columns {
        return Err(AppError::invalid("file", Violation::new("import-header").with("expected", columns.join(","))));
    }
    let rows: Vec<(usize, Vec<String>)> = lines
        .filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()))
        .map(|(index, cells)| (index + 1, cells))
        .collect();
    if rows.len() > MAX_ROWS {
        return Err(AppError::invalid("file", Violation::new("import-too-many-rows").with("max", MAX_ROWS)));
    }
    Ok(rows)
}

fn read_xlsx(bytes: &[u8]) -> Result<Vec<Vec<String>>, AppError> {
    let unreadable = || AppError::invalid("file", Violation::new("import-unreadable"));
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.to_vec())).map_err(|_| unreadable())?;
    let sheet = book.worksheet_range_at(0).ok_or_else(unreadable)?.map_err(|_| unreadable())?;
    Ok(sheet.rows().map(|row| row.iter().map(cell_text).collect()).collect())
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        // Excel shows long digit strings in scientific form; whole numbers print exactly
        // as far as f64 holds them, and a mangled ID number then fails its check.
        Data::Float(f) if f.fract() == 0.0 => format!("{f:.0}"),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => d.as_datetime().map(|dt| dt.date().to_string()).unwrap_or_default(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

fn read_csv(bytes: &[u8]) -> Result<Vec<Vec<String>>, AppError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    };
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| r.map(|rec| rec.iter().map(str::to_string).collect()))
        .collect::<Result<_, _>>()
        .map_err(|_| AppError::invalid("file", Violation::new("import-unreadable")))
}

/// Writes `rows` under the header `columns` as .xlsx (with these column widths) or CSV
/// bytes; every cell is text, so codes keep their leading zeros.
pub fn write_sheet<R: AsRef<[String]>>(
    format: ImportFormat,
    columns: &[&str],
    widths: &[u16],
    rows: &[R],
) -> Result<Vec<u8>, AppError> {
    match format {
        ImportFormat::Xlsx => {
            let mut book = Workbook::new();
            let sheet = book.add_worksheet();
            let fail = |e: rust_xlsxwriter::XlsxError| AppError::Internal(e.to_string());
            for (col, title) in columns.iter().enumerate() {
                sheet.write_string(0, col as u16, *title).map_err(fail)?;
                sheet.set_column_width(col as u16, widths.get(col).copied().unwrap_or(14)).map_err(fail)?;
            }
            for (r, row) in rows.iter().enumerate() {
                for (col, value) in row.as_ref().iter().enumerate() {
                    sheet.write_string(r as u32 + 1, col as u16, value).map_err(fail)?;
                }
            }
            book.save_to_buffer().map_err(fail)
        }
        ImportFormat::Csv => {
            // A BOM so that Excel opens the UTF-8 file with the right encoding.
            let mut writer = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
            let fail = |e: csv::Error| AppError::Internal(e.to_string());
            writer.write_record(columns).map_err(fail)?;
            for row in rows {
                writer.write_record(row.as_ref()).map_err(fail)?;
            }
            writer.into_inner().map_err(|e| AppError::Internal(e.to_string()))
        }
    }
}
