//! Volunteers imported from a file (.xlsx or CSV): an office's or an organisation's list
//! from before Sanshe. Each row is checked as the registration form checks it (the person
//! registered once, in the file and in the registry); all rows are written in one
//! transaction, or none, each numbered and audited as one registered by hand.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use domain::Violation;
use store::entity::{person, volunteer};
use store::sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};

use super::IN_CHUNK;
use super::registry::{NewVolunteer, write_volunteer};
use crate::sheet::{Choice, Column, ImportFormat, ImportReport, RowError, SheetFormat, Takes, row_error};
use crate::tx::WriteTx;
use crate::{Actor, App, AppError};

/// The service fields as a file may name them: code, Chinese or English label.
const FIELD_CHOICES: &[Choice] = &[
    Choice { code: "elderly", zh: "助老", en: "Elderly care", also: &["为老服务"] },
    Choice { code: "children", zh: "关爱儿童", en: "Children", also: &[] },
    Choice { code: "disability", zh: "助残", en: "Disability", also: &[] },
    Choice { code: "poverty", zh: "扶贫帮困", en: "Poverty relief", also: &[] },
    Choice { code: "community", zh: "社区服务", en: "Community service", also: &[] },
    Choice { code: "environment", zh: "环境保护", en: "Environment", also: &[] },
    Choice { code: "culture", zh: "文化教育", en: "Culture and education", also: &[] },
    Choice { code: "health", zh: "医疗卫生", en: "Health", also: &[] },
    Choice { code: "emergency", zh: "应急救援", en: "Emergency rescue", also: &[] },
    Choice { code: "legal", zh: "法律服务", en: "Legal aid", also: &[] },
];

const YES_NO: &[Choice] = &[
    Choice { code: "yes", zh: "是", en: "Yes", also: &["同意", "Y", "1"] },
    Choice { code: "no", zh: "否", en: "No", also: &["不同意", "N", "0"] },
];

pub static VOLUNTEER_SHEET: SheetFormat = SheetFormat {
    columns: &[
        Column { field: "name", zh: "姓名", en: "Name", takes: Takes::Text },
        Column { field: "id_number", zh: "身份证号", en: "ID number", takes: Takes::Text },
        Column { field: "phone", zh: "手机号码", en: "Mobile", takes: Takes::Text },
        Column { field: "region_code", zh: "所属地区代码", en: "Region code", takes: Takes::Text },
        Column { field: "service_fields", zh: "服务领域", en: "Service fields", takes: Takes::Text },
        Column { field: "skills", zh: "技能特长", en: "Skills", takes: Takes::Text },
        Column { field: "availability", zh: "可服务时间", en: "Availability", takes: Takes::Text },
        Column {
            field: "consent_to_publish",
            zh: "同意公开姓名",
            en: "Consents to publish",
            takes: Takes::OneOf(YES_NO),
        },
    ],
    example: &["周晓梅", "330402199005061028", "13957300001", "330402007029", "助老、社区服务", "急救", "周末", "yes"],
};

/// A volunteer as read from a file, with their line in it.
#[derive(Debug, Clone)]
pub struct VolunteerSheetRow {
    pub line: usize,
    pub input: NewVolunteer,
    /// The consent cell as read: `yes`, `no`, or what was typed.
    pub consent: String,
}

/// The rows of a file of volunteers.
pub fn parse_volunteer_sheet(format: ImportFormat, bytes: &[u8]) -> Result<Vec<VolunteerSheetRow>, AppError> {
    Ok(VOLUNTEER_SHEET
        .read(format, bytes)?
        .into_iter()
        .map(|(line, cells)| {
            let mut cells = cells.into_iter();
            let mut next = || cells.next().unwrap_or_default();
            let (name, id_number, phone, region_code) = (next(), next(), next(), next());
            let fields = next();
            let (skills, availability, consent) = (next(), next(), next());
            let service_fields = fields
                .split(['、', ',', '，', ';', '；', '/'])
                .map(str::trim)
                .filter(|f| !f.is_empty())
                .map(|f| {
                    let known = FIELD_CHOICES.iter().find(|c| c.code == f || c.zh == f || c.en.eq_ignore_ascii_case(f));
                    known.map_or(f, |c| c.code).to_string()
                })
                .collect();
            let input = NewVolunteer {
                name,
                id_number,
                phone,
                region_code,
                skills,
                availability,
                service_fields,
                consent_to_publish: consent.trim() == "yes",
                username: String::new(),
            };
            VolunteerSheetRow { line, input, consent }
        })
        .collect())
}

impl App {
    /// Checks a file of volunteers and, unless `dry_run`, registers them all (active, for
    /// the actor's office or organisation) when every row is valid, else none.
    pub async fn import_volunteers(
        &self,
        actor: &Actor,
        rows: &[VolunteerSheetRow],
        dry_run: bool,
        progress: &(dyn Fn(usize) + Send + Sync),
    ) -> Result<ImportReport, AppError> {
        let today = self.settings.today();
        let mut errors = Vec::new();
        let mut checked = Vec::with_capacity(rows.len());
        let mut first_line: HashMap<String, usize> = HashMap::new();
        for (done, row) in rows.iter().enumerate() {
            let region = self.volunteer_region(actor, &row.input.region_code);
            let consent = match row.consent.trim() {
                "yes" | "no" | "" => Ok(()),
                _ => Err(AppError::Invalid(vec![Violation::new("unknown-choice").on("consent_to_publish")])),
            };
            match (region, row.input.check(today), consent) {
                (Ok(region), Ok(volunteer), Ok(())) => {
                    match first_line.entry(volunteer.id.as_str().to_string()) {
                        Entry::Occupied(first) => {
                            let duplicate =
                                Violation::new("duplicate-in-file").with("row", first.get()).on("id_number");
                            errors.push(row_error(row.line, duplicate));
                        }
                        Entry::Vacant(slot) => {
                            slot.insert(row.line);
                        }
                    }
                    checked.push((row, region, volunteer));
                }
                (region, volunteer, consent) => {
                    for result in [region.map(|_| ()), volunteer.map(|_| ()), consent] {
                        match result {
                            Ok(()) => {}
                            Err(AppError::Invalid(fields)) => {
                                errors.extend(fields.into_iter().map(|e| row_error(row.line, e)))
                            }
                            Err(AppError::NotFound | AppError::Forbidden) => errors.push(row_error(
                                row.line,
                                Violation::new("volunteer-region-out-of-scope").on("region_code"),
                            )),
                            Err(other) => return Err(other),
                        }
                    }
                }
            }
            if done % 500 == 0 {
                progress(done / 2);
            }
        }
        let ids: Vec<String> = checked.iter().map(|(_, _, v)| v.id.as_str().to_string()).collect();
        registered_already(&self.db, &ids, &first_line, &mut errors).await?;
        progress(rows.len() / 2);
        if !errors.is_empty() || dry_run {
            errors.sort_by_key(|e| e.row);
            return Ok(ImportReport { total: rows.len(), errors, committed: false });
        }
        let organization = actor.organizations().first().copied();
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        registered_already(tx.conn(), &ids, &first_line, &mut errors).await?;
        if !errors.is_empty() {
            return Ok(ImportReport { total: rows.len(), errors, committed: false });
        }
        for (done, (row, region, volunteer)) in checked.into_iter().enumerate() {
            let consent = row.input.consent_to_publish;
            write_volunteer(&mut tx, &region, volunteer, consent, organization, None, "active").await?;
            if done % 500 == 0 {
                progress(rows.len() / 2 + done / 2);
            }
        }
        tx.commit().await?;
        progress(rows.len());
        Ok(ImportReport { total: rows.len(), errors: Vec::new(), committed: true })
    }
}

/// Names each row whose person is a volunteer already (one person, one volunteer).
async fn registered_already(
    db: &impl ConnectionTrait,
    ids: &[String],
    line_of: &HashMap<String, usize>,
    errors: &mut Vec<RowError>,
) -> Result<(), AppError> {
    for chunk in ids.chunks(IN_CHUNK) {
        let people = person::Entity::find()
            .select_only()
            .column(person::Column::Id)
            .column(person::Column::IdNumber)
            .filter(person::Column::IdNumber.is_in(chunk.to_vec()))
            .into_tuple::<(i64, String)>()
            .all(db)
            .await?;
        let person_ids: Vec<i64> = people.iter().map(|(id, _)| *id).collect();
        let taken = volunteer::Entity::find()
            .select_only()
            .column(volunteer::Column::PersonId)
            .filter(volunteer::Column::PersonId.is_in(person_ids))
            .into_tuple::<i64>()
            .all(db)
            .await?;
        for (_, id_number) in people.iter().filter(|(id, _)| taken.contains(id)) {
            if let Some(line) = line_of.get(id_number) {
                errors.push(row_error(*line, Violation::new("volunteer-exists").on("id_number")));
            }
        }
    }
    Ok(())
}
