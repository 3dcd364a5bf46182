//! Importing the existing certificate holders from Excel or CSV (5A): a city starts with
//! thousands. Every row is checked as the form checks one worker — fields, certificate,
//! first registration, the office's scope — and against the file and the registry (a
//! person already a social worker, an ID number under another name, a number repeated);
//! then all rows are written in one transaction, or none.

use std::collections::HashMap;

use domain::Violation;
use domain::identity::Permission;
use domain::social_work::SocialWorkRules;
use store::entity::{person, social_worker};
use store::sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::workers::{CheckedWorker, ValidCertificate};
use super::{CertificateInput, EducationInput, NewSocialWorker};
use crate::sheet::{Choice, Column, ImportFormat, ImportReport, RowError, SheetFormat, Takes, row_error};
use crate::tx::{Change, WriteTx};
use crate::{Actor, App, AppError};

const LEVELS: &[Choice] = &[
    Choice { code: "assistant", zh: "助理社会工作师", en: "Assistant social worker", also: &["初级"] },
    Choice { code: "intermediate", zh: "社会工作师", en: "Social worker", also: &["中级"] },
    Choice { code: "senior", zh: "高级社会工作师", en: "Senior social worker", also: &["高级"] },
];

/// The certificate holders' sheet (the header row of the downloadable template). The
/// fields are the form's, so a row's errors name the same fields as the API's.
pub static SOCIAL_WORKER_SHEET: SheetFormat = SheetFormat {
    columns: &[
        Column { field: "name", zh: "姓名", en: "Name", takes: Takes::Text },
        Column { field: "id_number", zh: "身份证号", en: "ID number", takes: Takes::Text },
        Column { field: "phone", zh: "联系电话", en: "Phone", takes: Takes::Text },
        Column { field: "region_code", zh: "所属地区代码", en: "Region code", takes: Takes::Text },
        Column { field: "certificate.level", zh: "证书等级", en: "Certificate level", takes: Takes::OneOf(LEVELS) },
        Column { field: "certificate.number", zh: "证书管理号", en: "Certificate number", takes: Takes::Text },
        Column {
            field: "certificate.obtained_on",
            zh: "取得证书日期",
            en: "Certificate obtained on",
            takes: Takes::Date,
        },
        Column { field: "registered_on", zh: "登记日期", en: "Registered on", takes: Takes::Date },
        Column { field: "education.degree", zh: "学历", en: "Degree", takes: Takes::Text },
        Column { field: "education.major", zh: "专业", en: "Major", takes: Takes::Text },
        Column {
            field: "education.completed_on",
            zh: "社会工作专业毕业日期",
            en: "Social-work degree completed on",
            takes: Takes::Date,
        },
    ],
    example: &[
        "沈佳怡",
        "330402199203150028",
        "13957312345",
        "330402",
        "intermediate",
        "B33040012345",
        "2019-06-20",
        "2019-09-02",
        "本科",
        "社会工作",
        "2014-06-30",
    ],
};

/// One data row of the file, with its line.
pub struct SheetWorkerRow {
    pub line: usize,
    pub input: NewSocialWorker,
}

/// Reads the rows of a certificate holders' sheet in the template's columns.
pub fn parse_social_worker_sheet(format: ImportFormat, bytes: &[u8]) -> Result<Vec<SheetWorkerRow>, AppError> {
    Ok(SOCIAL_WORKER_SHEET
        .read(format, bytes)?
        .into_iter()
        .map(|(line, cells)| {
            let mut cells = cells.into_iter();
            let mut next = || cells.next().unwrap_or_default();
            let (name, id_number, phone, region_code) = (next(), next(), next(), next().trim().to_string());
            let certificate = CertificateInput { level: next(), number: next(), obtained_on: next() };
            let registered_on = next();
            let (degree, major, completed_on) = (next(), next(), next());
            let certificate = [&certificate.level, &certificate.number, &certificate.obtained_on]
                .iter()
                .any(|cell| !cell.trim().is_empty())
                .then_some(certificate);
            let social_work = !completed_on.trim().is_empty();
            SheetWorkerRow {
                line,
                input: NewSocialWorker {
                    name,
                    id_number,
                    phone,
                    region_code,
                    certificate,
                    registered_on,
                    education: Some(EducationInput { degree, major, social_work, completed_on }),
                    username: String::new(),
                },
            }
        })
        .collect())
}

impl App {
    /// Checks every row and writes them all, or (dry run, or any error) none. `progress`
    /// is told how many rows are done.
    pub async fn import_social_workers(
        &self,
        actor: &Actor,
        rows: &[SheetWorkerRow],
        dry_run: bool,
        progress: &(dyn Fn(usize) + Send + Sync),
    ) -> Result<ImportReport, AppError> {
        if !actor.has_anywhere(Permission::ManageSocialWorkers) {
            return Err(AppError::NotFound);
        }
        let today = self.settings.today();
        let mut rules: HashMap<String, SocialWorkRules> = HashMap::new();
        let mut errors = Vec::new();
        let mut checked: Vec<(usize, CheckedWorker)> = Vec::with_capacity(rows.len());
        let mut first_line: HashMap<String, usize> = HashMap::new();
        for (done, row) in rows.iter().enumerate() {
            let region = match self.registry_region(actor, &row.input.region_code) {
                Ok(region) => region,
                Err(AppError::Invalid(fields)) => {
                    errors.extend(fields.into_iter().map(|e| row_error(row.line, e)));
                    continue;
                }
                Err(AppError::NotFound | AppError::Forbidden) => {
                    errors.push(row_error(
                        row.line,
                        Violation::new("social-worker-region-out-of-scope").on("region_code"),
                    ));
                    continue;
                }
                Err(other) => return Err(other),
            };
            let region_rules = match rules.get(&region) {
                Some(found) => *found,
                None => *rules.entry(region.clone()).or_insert(self.social_work_rules(&self.db, &region).await?),
            };
            let worker = match row.input.clone().check(region, region_rules, today) {
                Ok(worker) => worker,
                Err(AppError::Invalid(fields)) => {
                    errors.extend(fields.into_iter().map(|e| row_error(row.line, e)));
                    continue;
                }
                Err(other) => return Err(other),
            };
            let number = worker.certificate.as_ref().map(|c: &ValidCertificate| c.number.clone());
            for (field, value) in [("id_number", Some(worker.id.as_str().to_string())), ("certificate.number", number)]
            {
                let Some(value) = value else { continue };
                if let Some(first) = first_line.insert(format!("{field}:{value}"), row.line) {
                    errors.push(row_error(row.line, Violation::new("duplicate-in-file").with("row", first).on(field)));
                }
            }
            checked.push((row.line, worker));
            if done % 500 == 0 {
                progress(done / 2);
            }
        }
        self.find_known_workers(&checked, &mut errors).await?;
        progress(rows.len() / 2);
        if !errors.is_empty() || dry_run {
            errors.sort_by_key(|e| e.row);
            return Ok(ImportReport { total: rows.len(), errors, committed: false });
        }
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        for (done, (_, worker)) in checked.into_iter().enumerate() {
            worker.write(&mut tx, None).await?;
            if done % 100 == 0 {
                progress(rows.len() / 2 + done / 2);
            }
        }
        let summary = serde_json::json!({ "rows": rows.len() });
        let scope = actor.home_region().unwrap_or_default().to_string();
        tx.record(Change::new("import", "social_workers", rows.len(), &scope).after(&summary)).await?;
        tx.commit().await?;
        progress(rows.len());
        Ok(ImportReport { total: rows.len(), errors, committed: true })
    }

    /// Adds an error for every row whose person is a social worker already, or whose ID
    /// number belongs to a person of another name.
    async fn find_known_workers(
        &self,
        checked: &[(usize, CheckedWorker)],
        errors: &mut Vec<RowError>,
    ) -> Result<(), AppError> {
        for chunk in checked.chunks(1000) {
            let ids: Vec<&str> = chunk.iter().map(|(_, w)| w.id.as_str()).collect();
            let persons = person::Entity::find().filter(person::Column::IdNumber.is_in(ids)).all(&self.db).await?;
            let workers = social_worker::Entity::find()
                .filter(social_worker::Column::PersonId.is_in(persons.iter().map(|p| p.id)))
                .all(&self.db)
                .await?;
            let persons: HashMap<&str, &person::Model> = persons.iter().map(|p| (p.id_number.as_str(), p)).collect();
            for (line, worker) in chunk {
                let Some(found) = persons.get(worker.id.as_str()) else { continue };
                if found.name != worker.name {
                    let mismatch = Violation::new("id-number-name-mismatch").with("name", &found.name);
                    errors.push(row_error(*line, mismatch.on("name")));
                } else if workers.iter().any(|w| w.person_id == found.id) {
                    errors.push(row_error(*line, Violation::new("social-worker-exists").on("id_number")));
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn the_templates_example_row_passes_the_checks_of_one_worker() {
        // A row equal to the example is skipped as the template's own: change the name.
        let mut row: Vec<&str> = SOCIAL_WORKER_SHEET.example.to_vec();
        row[0] = "沈佳";
        let csv = format!(
            "{}\n{}\n",
            SOCIAL_WORKER_SHEET.columns.iter().map(|c| c.zh).collect::<Vec<_>>().join(","),
            row.join(",")
        );
        let rows = parse_social_worker_sheet(ImportFormat::Csv, csv.as_bytes()).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let worker = rows[0].input.clone().check("330402".into(), SocialWorkRules::default(), today).unwrap();
        assert_eq!(worker.certificate.map(|c| c.level.as_str()), Some("intermediate"));
        assert!(worker.degree_on.is_some(), "a social-work degree date reads as a social-work degree");
    }
}
