//! The employer's upload of its staff's social-insurance months (5B) from Excel or CSV:
//! each row is a month of one person (by ID number), checked as the office's form checks a
//! month (amounts in yuan to the fen), and refused when the person was not the
//! organisation's staff in that month; then all rows are written in one transaction through
//! the one writer of months (a month recorded already is replaced, audited), or none.

use std::collections::HashMap;

use domain::Violation;
use domain::identifiers::resident_id::ResidentId;
use domain::money::parse_yuan;
use domain::social_work::hire::employed_during;
use domain::social_work::insurance::Contribution;
use store::entity::{person, social_worker};
use store::sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::employer::hires_of;
use super::insurance::{checked_month, write_contribution};
use crate::sheet::{Column, ImportFormat, ImportReport, SheetFormat, Takes, row_error};
use crate::tx::{Change, WriteTx};
use crate::{Actor, App, AppError};

/// The months sheet (the header row of the downloadable template). The fields are the
/// office's form's, so a row's errors name the same fields as the API's.
pub static CONTRIBUTION_SHEET: SheetFormat = SheetFormat {
    columns: &[
        Column { field: "id_number", zh: "身份证号", en: "ID number", takes: Takes::Text },
        Column { field: "month", zh: "缴费月份", en: "Month", takes: Takes::Text },
        Column { field: "due_fen", zh: "应缴金额（元）", en: "Amount due (yuan)", takes: Takes::Text },
        Column { field: "paid_fen", zh: "实缴金额（元）", en: "Amount paid (yuan)", takes: Takes::Text },
        Column { field: "paid_on", zh: "缴费日期", en: "Paid on", takes: Takes::Date },
    ],
    example: &["330402199203150028", "2026-03", "1286.40", "1286.40", "2026-04-10"],
};

/// One data row of the file, with its line, as typed.
pub struct ContributionRow {
    pub line: usize,
    pub id_number: String,
    pub month: String,
    pub due: String,
    pub paid: String,
    pub paid_on: String,
}

/// Reads the rows of a months sheet in the template's columns.
pub fn parse_contribution_sheet(format: ImportFormat, bytes: &[u8]) -> Result<Vec<ContributionRow>, AppError> {
    Ok(CONTRIBUTION_SHEET
        .read(format, bytes)?
        .into_iter()
        .map(|(line, cells)| {
            let mut cells = cells.into_iter();
            let mut next = || cells.next().unwrap_or_default();
            ContributionRow { line, id_number: next(), month: next(), due: next(), paid: next(), paid_on: next() }
        })
        .collect())
}

/// An amount typed in yuan; `empty` stands for a blank cell.
fn yuan_cell(text: &str, empty: Result<i64, Violation>) -> Result<i64, Violation> {
    if text.trim().is_empty() { empty } else { parse_yuan(text) }
}

impl App {
    /// Checks every row of the organisation's upload and writes them all, or (dry run, or
    /// any error) none. `progress` is told how many rows are done.
    pub async fn import_contributions(
        &self,
        actor: &Actor,
        organization_id: i64,
        rows: &[ContributionRow],
        dry_run: bool,
        progress: &(dyn Fn(usize) + Send + Sync),
    ) -> Result<ImportReport, AppError> {
        let org = self.staff_employer(actor, organization_id).await?;
        let today = self.settings.today();
        let hires = hires_of(&self.db, org.id, false).await?;
        let staff: Vec<i64> = hires.iter().map(|(h, _)| h.social_worker_id).collect();
        let workers =
            social_worker::Entity::find().filter(social_worker::Column::Id.is_in(staff)).all(&self.db).await?;
        let persons = person::Entity::find()
            .filter(person::Column::Id.is_in(workers.iter().map(|w| w.person_id)))
            .all(&self.db)
            .await?;
        // Only the organisation's staff, ever, can be named by a row: anyone else is
        // refused alike, so an upload tells nothing about who else is a social worker.
        let by_id_number: HashMap<&str, &social_worker::Model> = persons
            .iter()
            .filter_map(|p| workers.iter().find(|w| w.person_id == p.id).map(|w| (p.id_number.as_str(), w)))
            .collect();
        let mut errors = Vec::new();
        let mut checked: Vec<(&social_worker::Model, Contribution)> = Vec::with_capacity(rows.len());
        let mut first_line: HashMap<(i64, chrono::NaiveDate), usize> = HashMap::new();
        for (done, row) in rows.iter().enumerate() {
            let id = ResidentId::parse(&row.id_number, today).map_err(|v| v.on("id_number"));
            let month = checked_month(
                &row.month,
                yuan_cell(&row.due, Err(Violation::new("required"))),
                yuan_cell(&row.paid, Ok(0)),
                &row.paid_on,
                today,
            );
            if done % 500 == 0 {
                progress(done / 2);
            }
            let (id, month) = match (id, month) {
                (Ok(id), Ok(month)) => (id, month),
                (id, month) => {
                    errors.extend(
                        id.err().into_iter().chain(month.err().into_iter().flatten()).map(|e| row_error(row.line, e)),
                    );
                    continue;
                }
            };
            let worker = by_id_number.get(id.as_str()).copied().filter(|w| {
                hires
                    .iter()
                    .any(|(h, _)| h.social_worker_id == w.id && employed_during(h.hired_on, h.ended_on, month.month))
            });
            let Some(worker) = worker else {
                let month_text = month.month.format("%Y-%m").to_string();
                let refusal = Violation::new("contribution-not-staff").with("month", month_text);
                errors.push(row_error(row.line, refusal.on("id_number")));
                continue;
            };
            if let Some(first) = first_line.insert((worker.id, month.month), row.line) {
                errors.push(row_error(row.line, Violation::new("duplicate-in-file").with("row", first).on("month")));
                continue;
            }
            checked.push((worker, month));
        }
        progress(rows.len() / 2);
        if !errors.is_empty() || dry_run {
            return Ok(ImportReport { total: rows.len(), errors, committed: false });
        }
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        for (done, (worker, month)) in checked.iter().enumerate() {
            write_contribution(&mut tx, &actor.display_name, worker, month).await?;
            if done % 100 == 0 {
                progress(rows.len() / 2 + done / 2);
            }
        }
        let summary = serde_json::json!({ "organization_id": org.id, "rows": rows.len() });
        tx.record(Change::new("import", "social_worker_contributions", org.id, &org.region_code).after(&summary))
            .await?;
        tx.commit().await?;
        progress(rows.len());
        Ok(ImportReport { total: rows.len(), errors, committed: true })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_templates_example_row_is_read_as_a_month_paid_in_full() {
        let mut row: Vec<&str> = CONTRIBUTION_SHEET.example.to_vec();
        row[1] = "2026-02";
        let header = CONTRIBUTION_SHEET.headers(crate::sheet::Language::English).join(",");
        let csv = format!("{header}\n{}\n", row.join(","));
        let rows = parse_contribution_sheet(ImportFormat::Csv, csv.as_bytes()).unwrap();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let due = yuan_cell(&rows[0].due, Err(Violation::new("required")));
        let month = checked_month(&rows[0].month, due, yuan_cell(&rows[0].paid, Ok(0)), &rows[0].paid_on, today);
        let month = month.unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!((month.due_fen, month.paid_fen), (128_640, 128_640));
    }

    #[test]
    fn a_blank_amount_paid_is_nothing_and_a_thousandth_of_a_yuan_is_refused() {
        assert_eq!(yuan_cell(" ", Ok(0)), Ok(0));
        assert_eq!(yuan_cell("", Err(Violation::new("required"))).unwrap_err().code, "required");
        assert_eq!(yuan_cell("0.001", Ok(0)).unwrap_err().code, "money-format");
        assert_eq!(yuan_cell("0.01", Ok(0)), Ok(1));
    }
}
