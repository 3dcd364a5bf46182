//! Spreadsheet import of people and posts (.xlsx or CSV), and export of the same columns.
//! An import checks every row, then writes all rows in one transaction or none; a dry run
//! does the same writes and rolls them back, so it also finds taken seats and name clashes.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use domain::identifiers::resident_id::mask;
use domain::identity::Permission;
use domain::region::Level;
use domain::{FieldError, Violation};
use rust_xlsxwriter::Workbook;
use serde::Serialize;
use store::entity::post;
use store::sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use super::NewPost;
use super::posts::write_post;
use crate::tx::{Change, WriteTx};
use crate::{Actor, App, AppError};

/// The template's columns, in order (the header row of the downloadable template).
pub const COLUMNS: [&str; 8] = ["社区代码", "姓名", "身份证号", "手机号码", "组织", "职务", "专兼职", "任职日期"];
const FIELDS: [&str; 8] = ["community", "name", "id_number", "phone", "body", "title", "employment", "started_on"];

/// The largest file an import accepts, in data rows.
pub const MAX_ROWS: usize = 100_000;

/// Chinese labels users type in the spreadsheet, beside the codes the API uses.
const LABELS: &[(&str, &str)] = &[
    ("党组织", "party_organization"),
    ("社区党组织", "party_organization"),
    ("居民委员会", "residents_committee"),
    ("居委会", "residents_committee"),
    ("村民委员会", "villagers_committee"),
    ("村委会", "villagers_committee"),
    ("社区工作站", "affairs_station"),
    ("书记", "secretary"),
    ("副书记", "deputy_secretary"),
    ("主任", "director"),
    ("副主任", "deputy_director"),
    ("委员", "member"),
    ("站长", "station_head"),
    ("工作人员", "staff"),
    ("专职", "full_time"),
    ("兼职", "part_time"),
];

fn code_of(text: &str) -> String {
    let text = text.trim();
    LABELS
        .iter()
        .find(|(label, _)| *label == text)
        .map(|(_, code)| code.to_string())
        .unwrap_or_else(|| text.to_string())
}

/// The Chinese label of a code, for exports that a person reads and can re-import.
fn label_of(code: &str) -> &str {
    LABELS.iter().find(|(_, c)| *c == code).map(|(label, _)| *label).unwrap_or(code)
}

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

/// A data row read from the file, with its line number.
pub struct ImportRow {
    pub line: usize,
    pub community: String,
    pub post: NewPost,
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

/// Reads the rows of a posts sheet in the template's columns.
pub fn parse_import(format: ImportFormat, bytes: &[u8]) -> Result<Vec<ImportRow>, AppError> {
    Ok(read_sheet(format, bytes, &COLUMNS)?
        .into_iter()
        .map(|(line, cells)| {
            let cell = |i: usize| cells.get(i).cloned().unwrap_or_default();
            ImportRow {
                line,
                community: cell(0).trim().to_string(),
                post: NewPost {
                    name: cell(1),
                    id_number: cell(2),
                    phone: cell(3),
                    body: code_of(&cell(4)),
                    title: code_of(&cell(5)),
                    employment: code_of(&cell(6)),
                    started_on: cell(7),
                },
            }
        })
        .collect())
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

impl App {
    /// Checks every row and writes them all, or (dry run, or any error) none. `progress`
    /// is told how many rows are done, for a progress bar.
    pub async fn import_posts(
        &self,
        actor: &Actor,
        rows: &[ImportRow],
        dry_run: bool,
        progress: &(dyn Fn(usize) + Send + Sync),
    ) -> Result<ImportReport, AppError> {
        let tree = self.regions();
        let today = self.settings.today();
        let mut errors = Vec::new();
        let mut valid = Vec::with_capacity(rows.len());
        for row in rows {
            let in_scope = tree.get(&row.community).is_some_and(|n| n.level == Level::Village)
                && actor.may(Permission::WriteCommunity, &row.community, &tree);
            if !in_scope {
                errors.push(row_error(row.line, Violation::new("community-unknown").on(FIELDS[0])));
            }
            match row.post.validate(today) {
                Ok(post) if in_scope => valid.push((row.line, row.community.as_str(), post)),
                Ok(_) => {}
                Err(field_errors) => errors.extend(field_errors.into_iter().map(|e| row_error(row.line, e))),
            }
        }
        progress(rows.len() / 2);
        if !errors.is_empty() {
            return Ok(ImportReport { total: rows.len(), errors, committed: false });
        }
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        for (done, (line, code, post)) in valid.iter().enumerate() {
            match write_post(&mut tx, code, post).await {
                Ok(_) => {}
                Err(AppError::Invalid(field_errors)) => {
                    errors.extend(field_errors.into_iter().map(|e| row_error(*line, e)))
                }
                Err(AppError::Conflict(e)) => errors.push(row_error(*line, e)),
                Err(other) => return Err(other),
            }
            if done % 100 == 0 {
                progress(rows.len() / 2 + done / 2);
            }
        }
        progress(rows.len());
        let committed = errors.is_empty() && !dry_run;
        if committed {
            let summary = serde_json::json!({ "rows": rows.len() });
            let scope = actor.home_region().unwrap_or_default().to_string();
            tx.record(Change::new("import", "posts", rows.len(), &scope).after(&summary)).await?;
            tx.commit().await?;
        }
        Ok(ImportReport { total: rows.len(), errors, committed })
    }

    /// Current and past posts of one community (or of all in scope), as template rows.
    pub async fn export_rows(&self, actor: &Actor, code: Option<&str>) -> Result<Vec<[String; 8]>, AppError> {
        let tree = self.regions();
        let scopes: Vec<String> = match code {
            Some(code) => {
                actor.require(Permission::ExportData, code, &tree)?;
                vec![code.to_string()]
            }
            None => actor.regions_with(Permission::ExportData).into_iter().map(str::to_string).collect(),
        };
        if scopes.is_empty() {
            return Err(AppError::NotFound);
        }
        let codes: Vec<String> =
            scopes.iter().filter_map(|s| tree.get(s)).flat_map(|n| tree.codes_with_path_prefix(&n.path)).collect();
        let mut posts = Vec::new();
        for chunk in codes.chunks(500) {
            posts.extend(
                post::Entity::find()
                    .filter(post::Column::RegionCode.is_in(chunk.to_vec()))
                    .order_by_asc(post::Column::RegionCode)
                    .order_by_asc(post::Column::Id)
                    .all(&self.db)
                    .await?,
            );
        }
        let body_kinds: std::collections::HashMap<i64, String> = store::entity::community_body::Entity::find()
            .filter(
                store::entity::community_body::Column::Id.is_in(posts.iter().map(|p| p.body_id).collect::<Vec<_>>()),
            )
            .all(&self.db)
            .await?
            .into_iter()
            .map(|b| (b.id, b.kind))
            .collect();
        let rows = super::with_holders(&self.db, posts)
            .await?
            .into_iter()
            .map(|(p, person)| {
                [
                    p.region_code.clone(),
                    person.name,
                    mask(&person.id_number),
                    person.phone,
                    label_of(body_kinds.get(&p.body_id).map(String::as_str).unwrap_or_default()).to_string(),
                    label_of(&p.title).to_string(),
                    label_of(&p.employment).to_string(),
                    p.started_on.to_string(),
                ]
            })
            .collect();
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let detail = serde_json::json!({ "scope": scopes });
        let region = code.map(str::to_string).unwrap_or_else(|| actor.home_region().unwrap_or_default().to_string());
        tx.record(Change::new("export", "posts", &region, &region).after(&detail)).await?;
        tx.commit().await?;
        Ok(rows)
    }
}

/// Writes rows (with the template's header) as .xlsx or CSV bytes.
pub fn export_posts(format: ImportFormat, rows: &[[String; 8]]) -> Result<Vec<u8>, AppError> {
    match format {
        ImportFormat::Xlsx => {
            let mut book = Workbook::new();
            let sheet = book.add_worksheet();
            let fail = |e: rust_xlsxwriter::XlsxError| AppError::Internal(e.to_string());
            for (col, title) in COLUMNS.iter().enumerate() {
                sheet.write_string(0, col as u16, *title).map_err(fail)?;
                sheet.set_column_width(col as u16, if col == 2 { 22 } else { 14 }).map_err(fail)?;
            }
            for (r, row) in rows.iter().enumerate() {
                for (col, value) in row.iter().enumerate() {
                    sheet.write_string(r as u32 + 1, col as u16, value).map_err(fail)?;
                }
            }
            book.save_to_buffer().map_err(fail)
        }
        ImportFormat::Csv => {
            // A BOM so that Excel opens the UTF-8 file with the right encoding.
            let mut writer = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
            let fail = |e: csv::Error| AppError::Internal(e.to_string());
            writer.write_record(COLUMNS).map_err(fail)?;
            for row in rows {
                writer.write_record(row).map_err(fail)?;
            }
            writer.into_inner().map_err(|e| AppError::Internal(e.to_string()))
        }
    }
}
