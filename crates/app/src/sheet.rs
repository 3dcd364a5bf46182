//! Spreadsheets in and out: .xlsx (first sheet) or CSV, a header row that must match the
//! template in either language, per-row errors for a dry run, the template to fill in, and
//! writing a list back in the same columns.

use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use chrono::Datelike;
use domain::date::parse_date;
use domain::{FieldError, Violation};
use rust_xlsxwriter::{DataValidation, DataValidationErrorStyle, ExcelDateTime, Format, Workbook};
use serde::Serialize;

use crate::AppError;

/// The largest file an import accepts, in data rows.
pub const MAX_ROWS: usize = 100_000;
/// Cells read of a row: more than any import has columns; the rest of a row is passed over.
const MAX_COLUMNS: usize = 64;

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

/// The language of a sheet's header and of the labels in its enumerated columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    Chinese,
    English,
}

/// One column of an import sheet: the field its checks name, its header in both
/// languages and what it takes.
///
/// A file's words are part of its format, so they live here with the reader: every import
/// (page or API) reads a file in either language, whatever the UI's language.
pub struct Column {
    pub field: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    pub takes: Takes,
}

pub enum Takes {
    Text,
    /// A day, typed as 2024-01-02, 2024/1/2, 2024.1.2 or given as an Excel date cell; it
    /// reaches the import as 2024-01-02.
    Date,
    /// One of a fixed set of values, offered in a drop-down; it reaches the import as the
    /// value's code.
    OneOf(&'static [Choice]),
}

/// A value of an enumerated column: its code and the words people type for it.
pub struct Choice {
    pub code: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    /// Other words read as this value (short forms, former names).
    pub also: &'static [&'static str],
}

impl Choice {
    fn label(&self, language: Language) -> &'static str {
        match language {
            Language::Chinese => self.zh,
            Language::English => self.en,
        }
    }

    fn is_written(&self, text: &str) -> bool {
        self.code == text || self.zh == text || self.en.eq_ignore_ascii_case(text) || self.also.contains(&text)
    }
}

/// The sheet of one import: its columns and the example row its template carries.
pub struct SheetFormat {
    pub columns: &'static [Column],
    /// As the import reads it: codes for enumerated columns, dates as 2024-01-02. A row
    /// equal to it is skipped, so that a template filled in below its example imports.
    pub example: &'static [&'static str],
}

impl SheetFormat {
    pub fn headers(&self, language: Language) -> Vec<&'static str> {
        self.columns
            .iter()
            .map(|c| match language {
                Language::Chinese => c.zh,
                Language::English => c.en,
            })
            .collect()
    }

    /// The header of the column holding `field` in `language`: a row error names the
    /// column as the file calls it. A field of no column (a row-wide check) stays as it is.
    pub fn header_of<'a>(&self, field: &'a str, language: Language) -> &'a str {
        match self.columns.iter().find(|c| c.field == field) {
            Some(column) => match language {
                Language::Chinese => column.zh,
                Language::English => column.en,
            },
            None => field,
        }
    }

    /// The label of `code` in column `index`, in `language` (the code itself if unknown).
    pub fn label(&self, index: usize, code: &str, language: Language) -> String {
        match self.columns.get(index).map(|c| &c.takes) {
            Some(Takes::OneOf(choices)) => {
                choices.iter().find(|c| c.code == code).map_or(code, |c| c.label(language)).to_string()
            }
            _ => code.to_string(),
        }
    }

    /// Reads the data rows of an .xlsx (first sheet) or a CSV (UTF-8, or GB18030 as Excel
    /// saves it on Chinese Windows) whose first row is the header in either language: each
    /// row with its line in the file, labels turned into codes and dates into 2024-01-02.
    /// Blank rows and the template's example row are skipped; a cell that is no known label
    /// or no date stays as typed, for the import's checks to name.
    ///
    /// Rows are read one at a time and reading stops at the first row past `MAX_ROWS`, so
    /// what a file holds beyond that is never unpacked; an .xlsx is first unpacked without
    /// keeping anything, and refused past `MAX_UNPACKED`.
    pub fn read(&self, format: ImportFormat, bytes: &[u8]) -> Result<Vec<(usize, Vec<String>)>, AppError> {
        let mut rows = Vec::new();
        self.read_each(format, bytes, MAX_ROWS, |line, cells| rows.push((line, cells)))?;
        Ok(rows)
    }

    /// Reads as `read` does, handing each data row to `take` as it is read instead of
    /// keeping them all, up to `max_rows` (an import of a million rows keeps only what it
    /// makes of each).
    pub fn read_each(
        &self,
        format: ImportFormat,
        bytes: &[u8],
        max_rows: usize,
        take: impl FnMut(usize, Vec<String>),
    ) -> Result<(), AppError> {
        let mut rows = Rows { sheet: self, header_read: false, taken: 0, max_rows, take };
        match format {
            ImportFormat::Xlsx => read_xlsx(bytes, |line, cells| rows.take(line, cells))?,
            ImportFormat::Csv => read_csv(bytes, |line, cells| rows.take(line, cells))?,
        }
        rows.finish()
    }

    /// The cells of a row as the import reads them: one per column, codes and ISO dates.
    fn understood(&self, mut cells: Vec<String>) -> Vec<String> {
        cells.resize(self.columns.len(), String::new());
        cells.truncate(self.columns.len());
        for (cell, column) in cells.iter_mut().zip(self.columns) {
            let text = cell.trim();
            let read = match &column.takes {
                Takes::Text => None,
                Takes::Date => parse_date(text).map(|day| day.to_string()),
                Takes::OneOf(choices) => choices.iter().find(|c| c.is_written(text)).map(|c| c.code.to_string()),
            };
            if let Some(read) = read {
                *cell = read;
            }
        }
        cells
    }

    fn is_example(&self, cells: &[String]) -> bool {
        cells.iter().map(|c| c.trim()).eq(self.example.iter().copied())
    }

    /// The cells of the example row in `language`.
    fn example_row(&self, language: Language) -> Vec<String> {
        self.example.iter().enumerate().map(|(i, value)| self.label(i, value, language)).collect()
    }

    /// The template to fill in: the header and the example row in `language`, a note that
    /// the example is skipped, and (.xlsx) a drop-down on every enumerated column.
    pub fn template(&self, format: ImportFormat, language: Language) -> Result<Vec<u8>, AppError> {
        let note = match language {
            Language::Chinese => "← 示例行：导入时跳过，可保留或删除",
            Language::English => "← Example row: skipped on import; keep or delete it",
        };
        let mut example = self.example_row(language);
        example.push(note.to_string());
        match format {
            ImportFormat::Csv => write_sheet(format, &self.headers(language), &[example]),
            ImportFormat::Xlsx => self.xlsx_template(&example, language).map_err(xlsx_failed),
        }
    }

    fn xlsx_template(&self, example: &[String], language: Language) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        let bold = Format::new().set_bold().set_background_color("#EEF1F4");
        let sample = Format::new().set_italic().set_font_color("#6B7280");
        let sample_date = sample.clone().set_num_format("yyyy-mm-dd");
        let as_text = Format::new().set_num_format("@");
        let last_row = MAX_ROWS as u32;
        for (col, (column, header)) in self.columns.iter().zip(self.headers(language)).enumerate() {
            let col = col as u16;
            sheet.write_string_with_format(0, col, header, &bold)?;
            sheet.set_column_width(col, column_width(header))?;
            if let Takes::Text = column.takes {
                // Text cells: Excel would turn a typed 18-digit ID number into 3.30402E+17.
                sheet.set_column_format(col, &as_text)?;
            }
            let value = &example[col as usize];
            match (&column.takes, parse_date(value)) {
                (Takes::Date, Some(day)) => {
                    let day = ExcelDateTime::from_ymd(day.year() as u16, day.month() as u8, day.day() as u8)?;
                    sheet.write_date_with_format(1, col, &day, &sample_date)?;
                }
                _ => {
                    sheet.write_string_with_format(1, col, value, &sample)?;
                }
            }
            if let Takes::OneOf(choices) = &column.takes {
                let labels: Vec<&str> = choices.iter().map(|c| c.label(language)).collect();
                // A warning, not a stop: the short forms the import also reads stay allowed.
                let drop_down = DataValidation::new()
                    .allow_list_strings(&labels)?
                    .set_error_style(DataValidationErrorStyle::Warning);
                sheet.add_data_validation(1, col, last_row, col, &drop_down)?;
            }
        }
        if let Some(note) = example.get(self.columns.len()) {
            sheet.write_string_with_format(1, self.columns.len() as u16, note, &sample)?;
        }
        sheet.set_freeze_panes(1, 0)?;
        book.save_to_buffer()
    }
}

/// The rows of a file as they are read: the header first, then the data rows handed to
/// `take`, up to `max_rows`.
struct Rows<'a, F> {
    sheet: &'a SheetFormat,
    header_read: bool,
    taken: usize,
    max_rows: usize,
    take: F,
}

impl<F: FnMut(usize, Vec<String>)> Rows<'_, F> {
    /// Takes the row at `line` (the header is line 1); an error stops the reading.
    fn take(&mut self, line: usize, cells: Vec<String>) -> Result<(), AppError> {
        if !self.header_read {
            let columns = self.sheet.columns;
            let fits = cells.len() >= columns.len()
                && columns.iter().zip(&cells).all(|(c, h)| [c.zh, c.en].contains(&h.trim()));
            self.header_read = true;
            return if fits { Ok(()) } else { Err(self.header_error()) };
        }
        if cells.iter().all(|c| c.trim().is_empty()) {
            return Ok(());
        }
        let cells = self.sheet.understood(cells);
        if self.sheet.is_example(&cells) {
            return Ok(());
        }
        if self.taken == self.max_rows {
            return Err(AppError::invalid("file", Violation::new("import-too-many-rows").with("max", self.max_rows)));
        }
        self.taken += 1;
        (self.take)(line, cells);
        Ok(())
    }

    fn header_error(&self) -> AppError {
        let expected = format!(
            "{} | {}",
            self.sheet.headers(Language::Chinese).join(","),
            self.sheet.headers(Language::English).join(",")
        );
        AppError::invalid("file", Violation::new("import-header").with("expected", expected))
    }

    /// The data rows; a file without even a header is refused as one with a wrong header.
    fn finish(self) -> Result<(), AppError> {
        if self.header_read { Ok(()) } else { Err(self.header_error()) }
    }
}

/// Wide columns for codes and ID numbers, which run to 18 characters.
fn column_width(header: &str) -> u16 {
    let wide = ["代码", "身份证", "code", "ID"];
    if wide.iter().any(|w| header.contains(w)) { 22 } else { 14 }
}

fn xlsx_failed(e: rust_xlsxwriter::XlsxError) -> AppError {
    AppError::Internal(e.to_string())
}

/// What the parts of an .xlsx may unpack to, together: a full import of `MAX_ROWS` rows
/// of ten columns unpacks to about 80 MiB.
pub const MAX_UNPACKED: u64 = 128 * 1024 * 1024;
/// The shared strings, which the reader keeps in memory whole, at about twice their size.
const MAX_SHARED_STRINGS: u64 = 48 * 1024 * 1024;

fn unreadable() -> AppError {
    AppError::invalid("file", Violation::new("import-unreadable"))
}

/// Unpacks every part of the archive into nothing, counting: a zip bomb is refused while
/// it unpacks, whatever sizes its directory claims.
fn check_unpacked(bytes: &[u8]) -> Result<(), AppError> {
    let too_large = || {
        let mib = MAX_UNPACKED / (1024 * 1024);
        AppError::invalid("file", Violation::new("import-unpacked-too-large").with("max", mib))
    };
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| unreadable())?;
    let mut buffer = vec![0; 64 * 1024];
    let mut total = 0;
    for index in 0..archive.len() {
        let mut part = archive.by_index(index).map_err(|_| unreadable())?;
        let shared_strings = part.name().is_ok_and(|name| name.ends_with("sharedStrings.xml"));
        let limit = if shared_strings { MAX_SHARED_STRINGS } else { MAX_UNPACKED };
        let mut unpacked = 0;
        loop {
            let read = part.read(&mut buffer).map_err(|_| unreadable())? as u64;
            if read == 0 {
                break;
            }
            unpacked += read;
            total += read;
            if unpacked > limit || total > MAX_UNPACKED {
                return Err(too_large());
            }
        }
    }
    Ok(())
}

/// Hands each row of the first sheet to `take` as it is read, with its line in the file;
/// rows start at the header's first column, and empty cells are blanks.
fn read_xlsx(bytes: &[u8], mut take: impl FnMut(usize, Vec<String>) -> Result<(), AppError>) -> Result<(), AppError> {
    check_unpacked(bytes)?;
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).map_err(|_| unreadable())?;
    let first = book.sheet_names().into_iter().next().ok_or_else(unreadable)?;
    let mut reader = book.worksheet_cells_reader(&first).map_err(|_| unreadable())?;
    let mut row: Option<(u32, Vec<String>)> = None;
    let mut first_column = None;
    while let Some(cell) = reader.next_cell().map_err(|_| unreadable())? {
        let (index, column) = cell.get_position();
        let text = cell_text(&Data::from(cell.get_value().clone()));
        if text.is_empty() {
            continue;
        }
        if let Some((line, cells)) = row.take_if(|(r, _)| *r != index) {
            take(line as usize + 1, cells)?;
        }
        let start = *first_column.get_or_insert(column);
        let Some(offset) = column.checked_sub(start).map(|o| o as usize).filter(|o| *o < MAX_COLUMNS) else {
            continue;
        };
        let (_, cells) = row.get_or_insert_with(|| (index, Vec::new()));
        if cells.len() <= offset {
            cells.resize(offset + 1, String::new());
        }
        cells[offset] = text;
    }
    match row {
        Some((line, cells)) => take(line as usize + 1, cells),
        None => Ok(()),
    }
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

/// Hands each record of a CSV to `take` as it is read, with its line in the file.
fn read_csv(bytes: &[u8], mut take: impl FnMut(usize, Vec<String>) -> Result<(), AppError>) -> Result<(), AppError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => encoding_rs::GB18030.decode(bytes).0,
    };
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    for (index, record) in reader.records().enumerate() {
        let record = record.map_err(|_| unreadable())?;
        take(index + 1, record.iter().take(MAX_COLUMNS).map(str::to_string).collect())?;
    }
    Ok(())
}

/// Writes `rows` under the header `columns` as .xlsx or CSV bytes; every cell is text, so
/// codes keep their leading zeros.
pub fn write_sheet<R: AsRef<[String]>>(
    format: ImportFormat,
    columns: &[&str],
    rows: &[R],
) -> Result<Vec<u8>, AppError> {
    match format {
        ImportFormat::Xlsx => {
            let mut book = Workbook::new();
            let sheet = book.add_worksheet();
            for (col, title) in columns.iter().enumerate() {
                sheet.write_string(0, col as u16, *title).map_err(xlsx_failed)?;
                sheet.set_column_width(col as u16, column_width(title)).map_err(xlsx_failed)?;
            }
            for (r, row) in rows.iter().enumerate() {
                for (col, value) in row.as_ref().iter().enumerate() {
                    sheet.write_string(r as u32 + 1, col as u16, value).map_err(xlsx_failed)?;
                }
            }
            book.save_to_buffer().map_err(xlsx_failed)
        }
        ImportFormat::Csv => {
            // A BOM so that Excel opens the UTF-8 file with the right encoding.
            // Flexible: a template's example row carries a note beyond the last column.
            let mut writer = csv::WriterBuilder::new().flexible(true).from_writer(b"\xEF\xBB\xBF".to_vec());
            let fail = |e: csv::Error| AppError::Internal(e.to_string());
            writer.write_record(columns).map_err(fail)?;
            for row in rows {
                writer.write_record(row.as_ref()).map_err(fail)?;
            }
            writer.into_inner().map_err(|e| AppError::Internal(e.to_string()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::community::POST_SHEET;
    use crate::organization::ORGANIZATION_SHEET;

    const COLORS: &[Choice] = &[
        Choice { code: "red", zh: "红色", en: "Red", also: &["红"] },
        Choice { code: "blue", zh: "蓝色", en: "Blue", also: &[] },
    ];

    static SHEET: SheetFormat = SheetFormat {
        columns: &[
            Column { field: "name", zh: "名称", en: "Name", takes: Takes::Text },
            Column { field: "color", zh: "颜色", en: "Colour", takes: Takes::OneOf(COLORS) },
            Column { field: "date", zh: "日期", en: "Date", takes: Takes::Date },
        ],
        example: &["示例", "red", "2024-01-02"],
    };

    fn read(csv: &str) -> Result<Vec<(usize, Vec<String>)>, AppError> {
        SHEET.read(ImportFormat::Csv, csv.as_bytes())
    }

    #[test]
    fn a_header_in_either_language_is_read_and_any_other_is_refused() {
        assert_eq!(read("名称,颜色,日期\na,蓝色,2024-01-02\n").unwrap().len(), 1);
        assert_eq!(read("Name,Colour,Date\na,Blue,2024-01-02\n").unwrap().len(), 1);
        let Err(AppError::Invalid(errors)) = read("Name,颜色\na,b\n") else { panic!("a short header passed") };
        assert_eq!(errors[0].violation.code, "import-header");
    }

    #[test]
    fn labels_of_either_language_and_short_forms_become_codes_and_unknown_words_stay() {
        let rows = read("名称,颜色,日期\na,红色,\nb,Blue,\nc,红,\nd,blue,\ne,紫色,\n").unwrap();
        let colours: Vec<&str> = rows.iter().map(|(_, cells)| cells[1].as_str()).collect();
        assert_eq!(colours, ["red", "blue", "red", "blue", "紫色"]);
    }

    #[test]
    fn dates_in_every_accepted_form_reach_the_import_as_iso_days() {
        let rows = read("名称,颜色,日期\na,,2024-01-02\nb,,2024/1/2\nc,,2024.1.2\nd,,1/2/2024\n").unwrap();
        let days: Vec<&str> = rows.iter().map(|(_, cells)| cells[2].as_str()).collect();
        assert_eq!(days, ["2024-01-02", "2024-01-02", "2024-01-02", "1/2/2024"]);
    }

    #[test]
    fn the_example_row_is_skipped_in_either_language_but_an_edited_example_is_data() {
        let rows = read("Name,Colour,Date\n示例,Red,2024/1/2,← Example\n示例,蓝色,2024-01-02\n").unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].0, 3, "lines keep their place in the file");
    }

    #[test]
    fn an_excel_template_reads_back_as_an_empty_import() {
        for language in [Language::Chinese, Language::English] {
            for sheet in [&SHEET, &POST_SHEET, &ORGANIZATION_SHEET] {
                let bytes = sheet.template(ImportFormat::Xlsx, language).unwrap();
                assert_eq!(sheet.read(ImportFormat::Xlsx, &bytes).unwrap(), Vec::new());
                let bytes = sheet.template(ImportFormat::Csv, language).unwrap();
                assert_eq!(sheet.read(ImportFormat::Csv, &bytes).unwrap(), Vec::new());
            }
        }
    }

    /// `template` with its first sheet's XML replaced by `sheet` (written as `method`).
    fn with_sheet(template: &[u8], sheet: &[u8], method: zip::CompressionMethod) -> Vec<u8> {
        use std::io::Write;
        let mut source = zip::ZipArchive::new(Cursor::new(template)).unwrap();
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for index in 0..source.len() {
            let part = source.by_index(index).unwrap();
            let name = part.name().unwrap().to_string();
            if name == "xl/worksheets/sheet1.xml" {
                drop(part);
                let options = zip::write::SimpleFileOptions::default().compression_method(method);
                out.start_file(name, options).unwrap();
                out.write_all(sheet).unwrap();
            } else {
                out.raw_copy_file(part).unwrap();
            }
        }
        out.finish().unwrap().into_inner()
    }

    /// A worksheet of the test sheet's header, `rows` rows of `row`, and then `tail`.
    fn sheet_xml(rows: usize, row: &str, tail: &str) -> Vec<u8> {
        let cell = |text: &str| format!("<c t=\"inlineStr\"><is><t>{text}</t></is></c>");
        let mut xml = String::from(
            r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
        );
        xml += &format!("<row>{}{}{}</row>", cell("名称"), cell("颜色"), cell("日期"));
        let row = format!("<row>{}{}</row>", cell(row), cell("红色"));
        xml.reserve(rows * row.len());
        for _ in 0..rows {
            xml += &row;
        }
        xml += tail;
        xml.into_bytes()
    }

    fn template() -> Vec<u8> {
        SHEET.template(ImportFormat::Xlsx, Language::Chinese).unwrap()
    }

    #[test]
    fn an_xlsx_is_read_row_by_row_and_reading_stops_at_the_row_cap() {
        let end = "</sheetData></worksheet>";
        let fits = with_sheet(&template(), &sheet_xml(3, "某人", end), zip::CompressionMethod::Deflated);
        let rows = SHEET.read(ImportFormat::Xlsx, &fits).unwrap();
        assert_eq!(rows.iter().map(|(line, _)| *line).collect::<Vec<_>>(), [2, 3, 4]);
        assert_eq!(rows[0].1, ["某人", "red", ""]);
        // Rows past the cap, then XML that cannot be read: a reader that stops at the cap
        // (it knows a row has ended when the next one starts) never reaches it.
        let broken = "<row><c t=\"inlineStr\"><is><t>x</t></is></c></row><row><c t=\"inlineStr\"><is><t>unterminated";
        let over = with_sheet(&template(), &sheet_xml(MAX_ROWS + 1, "某人", broken), zip::CompressionMethod::Stored);
        let Err(AppError::Invalid(errors)) = SHEET.read(ImportFormat::Xlsx, &over) else { panic!("read past the cap") };
        assert_eq!(errors[0].violation.code, "import-too-many-rows");
        let under = with_sheet(&template(), &sheet_xml(10, "某人", broken), zip::CompressionMethod::Stored);
        let Err(AppError::Invalid(errors)) = SHEET.read(ImportFormat::Xlsx, &under) else { panic!("broken XML read") };
        assert_eq!(errors[0].violation.code, "import-unreadable", "the tail is really unreadable");
    }

    #[test]
    fn an_xlsx_that_unpacks_past_the_cap_is_refused_before_it_is_parsed() {
        // 150 MiB of one short row, deflated to well under a megabyte.
        let rows = (MAX_UNPACKED as usize + 22 * 1024 * 1024) / 60;
        let xml = sheet_xml(rows, "x", "</sheetData></worksheet>");
        let bomb = with_sheet(&template(), &xml, zip::CompressionMethod::Deflated);
        assert!(bomb.len() < 2 * 1024 * 1024, "a small upload: {} bytes", bomb.len());
        let Err(AppError::Invalid(errors)) = SHEET.read(ImportFormat::Xlsx, &bomb) else { panic!("the bomb was read") };
        assert_eq!(errors[0].violation.code, "import-unpacked-too-large");
        assert_eq!(errors[0].violation.args[0].1, (MAX_UNPACKED / (1024 * 1024)).to_string());
    }

    #[test]
    fn a_csv_is_refused_past_the_row_cap() {
        let mut csv = String::from("名称,颜色,日期\n");
        for _ in 0..=MAX_ROWS {
            csv += "某人,红色,\n";
        }
        let Err(AppError::Invalid(errors)) = read(&csv) else { panic!("too many rows read") };
        assert_eq!(errors[0].violation.code, "import-too-many-rows");
    }
}
