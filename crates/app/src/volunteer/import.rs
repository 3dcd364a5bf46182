//! Past service imported from a file (.xlsx or CSV): a volunteer association's or an
//! office's records from before Sanshe, appended to the importer's own ledger as `import`
//! entries. Every row is checked (the volunteer in the importer's care, the day, whole
//! minutes, 24 hours a day counting what the ledgers already hold, no row twice) before
//! any is written, and all are written in one transaction, or none.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use domain::Violation;
use domain::date::past_day;
use domain::identifiers::resident_id::ResidentId;
use domain::identity::Permission;
use domain::volunteer::ledger::Source;
use domain::volunteer::service::DayTotals;
use store::entity::{person, volunteer, volunteer_activity, volunteer_hour, volunteer_signup};
use store::sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};

use super::IN_CHUNK;
use super::Organiser;
use super::hours::minutes_text;
use super::ledger::{NewEntry, append_all, chain_head, recorded_service_of};
use crate::error::{Checks, required_text};
use crate::sheet::{Column, ImportFormat, ImportReport, RowError, SheetFormat, Takes, row_error};
use crate::tx::{Change, WriteTx};
use crate::{Actor, App, AppError};

/// A file of past service may hold a million rows (a city's records of many years).
pub const MAX_HOURS_ROWS: usize = 1_000_000;
/// Rows named in a report: past this, checking stops (a file this wrong is fixed first).
const MAX_REPORTED: usize = 1_000;

pub static HOURS_SHEET: SheetFormat = SheetFormat {
    columns: &[
        Column {
            field: "volunteer",
            zh: "志愿者编号或身份证号",
            en: "Volunteer number or ID number",
            takes: Takes::Text,
        },
        Column { field: "served_on", zh: "服务日期", en: "Served on", takes: Takes::Date },
        Column { field: "minutes", zh: "服务时长（分钟）", en: "Minutes", takes: Takes::Text },
        Column { field: "description", zh: "服务内容", en: "Description", takes: Takes::Text },
    ],
    example: &["33040200000001", "2025-03-05", "120", "社区助老：陪同就医"],
};

/// A row of past service as read from the file.
#[derive(Debug, Clone)]
pub struct HoursRow {
    pub line: usize,
    /// A volunteer number, or the volunteer's ID number.
    pub volunteer: String,
    pub served_on: String,
    pub minutes: String,
    pub description: String,
}

/// The rows of a file of past service, read one at a time.
pub fn parse_hours_sheet(format: ImportFormat, bytes: &[u8]) -> Result<Vec<HoursRow>, AppError> {
    let mut rows = Vec::new();
    HOURS_SHEET.read_each(format, bytes, MAX_HOURS_ROWS, |line, cells| {
        let mut cells = cells.into_iter();
        let mut next = || cells.next().unwrap_or_default();
        rows.push(HoursRow { line, volunteer: next(), served_on: next(), minutes: next(), description: next() });
    })?;
    Ok(rows)
}

/// The volunteers an importer keeps, by number and by ID number, as the record their
/// service counts for (the record kept, for one merged into another).
#[derive(Default)]
struct Known {
    by_key: HashMap<String, i64>,
}

impl Known {
    fn find(&self, typed: &str, today: NaiveDate) -> Result<i64, Violation> {
        let typed = typed.trim();
        if typed.is_empty() {
            return Err(Violation::new("required"));
        }
        // An ID number has 18 characters; a volunteer number 14 digits.
        if typed.chars().count() == 18 {
            let id = ResidentId::parse(typed, today)?;
            return self.by_key.get(id.as_str()).copied().ok_or(Violation::new("volunteer-id-unknown"));
        }
        self.by_key.get(typed).copied().ok_or(Violation::new("volunteer-number-unknown"))
    }
}

/// A row that passed its checks.
struct Checked {
    volunteer_id: i64,
    served_on: NaiveDate,
    minutes: i64,
    description: String,
}

/// Where a row's service was first seen: an earlier row of the file, or the ledger.
enum First {
    Row(usize),
    Entry(i64),
}

impl App {
    /// Checks a file of past service and, unless `dry_run`, appends it to the actor's
    /// ledger: all rows when every one is valid, else none. One audit entry per import.
    pub async fn import_hours(
        &self,
        actor: &Actor,
        rows: &[HoursRow],
        dry_run: bool,
        progress: &(dyn Fn(usize) + Send + Sync),
    ) -> Result<ImportReport, AppError> {
        let organiser = self.importing_organiser(&self.db, actor).await?;
        if dry_run {
            let (_, errors) = self.check_hours(&self.db, actor, &organiser, rows, progress).await?;
            return Ok(ImportReport { total: rows.len(), errors, committed: false });
        }
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let (checked, errors) = self.check_hours(tx.conn(), actor, &organiser, rows, progress).await?;
        if !errors.is_empty() {
            return Ok(ImportReport { total: rows.len(), errors, committed: false });
        }
        if checked.is_empty() {
            // A file of no rows is imported by writing nothing: no ledger opened, no audit entry.
            return Ok(ImportReport { total: 0, errors, committed: true });
        }
        let mut head = chain_head(tx.conn(), &organiser).await?;
        let first = head.seq + 1;
        let minutes: i64 = checked.iter().map(|c| c.minutes).sum();
        let entries = checked.into_iter().map(|c| NewEntry {
            volunteer_id: c.volunteer_id,
            activity_id: None,
            span: None,
            served_on: c.served_on,
            minutes: c.minutes,
            source: Source::Import,
            corrects: None,
            description: c.description,
        });
        let half = rows.len() / 2;
        append_all(&tx, &mut head, entries, &actor.username, &|n| progress(half + n / 2)).await?;
        let after = serde_json::json!({ "chain": organiser.chain, "first_seq": first, "last_seq": head.seq,
            "rows": rows.len(), "minutes": minutes });
        let id = format!("{}:{first}-{}", organiser.chain, head.seq);
        tx.record(Change::new("import", "volunteer_hours", id, &organiser.region_code).after(&after)).await?;
        tx.commit().await?;
        progress(rows.len());
        Ok(ImportReport { total: rows.len(), errors: Vec::new(), committed: true })
    }

    /// The ledger an import goes to: the actor's organisation's, or its office's (the
    /// region of its first role that keeps volunteers).
    async fn importing_organiser(&self, db: &impl ConnectionTrait, actor: &Actor) -> Result<Organiser, AppError> {
        if !actor.organizations().is_empty() {
            return self.organiser_for(db, actor, "").await;
        }
        let Some(region) = actor.regions_with(Permission::ManageVolunteers).first().map(|r| r.to_string()) else {
            // Refused as the registry refuses someone who keeps no volunteers.
            self.volunteer_codes(actor)?;
            return Err(AppError::Forbidden);
        };
        self.organiser_for(db, actor, &region).await
    }

    /// Every row's checks: the rows ready to append, or the errors (at most
    /// `MAX_REPORTED`, by line).
    async fn check_hours(
        &self,
        db: &impl ConnectionTrait,
        actor: &Actor,
        organiser: &Organiser,
        rows: &[HoursRow],
        progress: &(dyn Fn(usize) + Send + Sync),
    ) -> Result<(Vec<Checked>, Vec<RowError>), AppError> {
        let known = self.importer_volunteers(db, actor).await?;
        let today = self.settings.today();
        let mut checked = Vec::with_capacity(rows.len());
        let mut errors = Vec::new();
        for (done, row) in rows.iter().enumerate() {
            let mut checks = Checks::default();
            let volunteer = checks.field("volunteer", known.find(&row.volunteer, today));
            let served_on = checks.field("served_on", past_day(&row.served_on, today));
            let minutes = checks.field("minutes", minutes_text(&row.minutes, 1));
            let description = checks.field("description", required_text(&row.description, 200));
            match checks.into_values((volunteer, served_on, minutes, description)) {
                Ok((volunteer_id, served_on, minutes, description)) => {
                    checked.push((row.line, Checked { volunteer_id, served_on, minutes, description }))
                }
                Err(fields) => errors.extend(fields.into_iter().map(|e| row_error(row.line, e))),
            }
            if errors.len() >= MAX_REPORTED {
                break;
            }
            if done % 10_000 == 0 {
                progress(done / 2);
            }
        }
        // Service already in the ledgers counts towards each day, and a row the importer's
        // ledger already holds is not taken twice.
        let ids: Vec<i64> = checked.iter().map(|(_, c)| c.volunteer_id).collect::<HashSet<_>>().into_iter().collect();
        let mut totals = DayTotals::default();
        let mut ledger_rows = Vec::new();
        for chunk in ids.chunks(IN_CHUNK) {
            let (recorded, dated) = recorded_service_of(db, chunk).await?;
            for (id, service) in recorded {
                totals.add_recorded(id, &service);
            }
            ledger_rows.extend(dated.into_iter().filter(|(_, r)| r.chain == organiser.chain));
        }
        let mut first: HashMap<(i64, NaiveDate, i64, &str), First> = HashMap::with_capacity(checked.len());
        for (whose, r) in &ledger_rows {
            first.insert((*whose, r.served_on, r.minutes, r.description.as_str()), First::Entry(r.seq));
        }
        for (line, c) in &checked {
            if errors.len() >= MAX_REPORTED {
                break;
            }
            let whose = c.volunteer_id;
            let seen = match first.get(&(whose, c.served_on, c.minutes, c.description.as_str())) {
                Some(First::Row(row)) => Some(Violation::new("duplicate-in-file").with("row", row)),
                Some(First::Entry(seq)) => Some(Violation::new("hours-already-recorded").with("seq", seq)),
                None => None,
            };
            if let Some(v) = seen {
                errors.push(row_error(*line, v.on("description")));
                continue;
            }
            first.insert((whose, c.served_on, c.minutes, c.description.as_str()), First::Row(*line));
            if let Err(v) = totals.take(whose, c.served_on, c.minutes) {
                errors.push(row_error(*line, v.on("minutes")));
            }
        }
        drop(first);
        progress(rows.len() / 2);
        errors.sort_by_key(|e| e.row);
        Ok((checked.into_iter().map(|(_, c)| c).collect(), errors))
    }

    /// The volunteers in the actor's care, by number and ID number: an office's in its
    /// regions, an organisation's those it works with (registered, signed up to its
    /// activities, or in its ledger).
    async fn importer_volunteers(&self, db: &impl ConnectionTrait, actor: &Actor) -> Result<Known, AppError> {
        let mut records = Vec::new();
        if let Some(org) = actor.organizations().first().copied() {
            let chain = format!("org-{org}");
            let mut ids: HashSet<i64> = volunteer::Entity::find()
                .select_only()
                .column(volunteer::Column::Id)
                .filter(volunteer::Column::OrganizationId.eq(org))
                .into_tuple::<i64>()
                .all(db)
                .await?
                .into_iter()
                .collect();
            let recorded = volunteer_hour::Entity::find()
                .select_only()
                .column(volunteer_hour::Column::VolunteerId)
                .distinct()
                .filter(volunteer_hour::Column::Chain.eq(&chain))
                .into_tuple::<i64>()
                .all(db)
                .await?;
            let activities = volunteer_activity::Entity::find()
                .select_only()
                .column(volunteer_activity::Column::Id)
                .filter(volunteer_activity::Column::Chain.eq(chain))
                .into_tuple::<i64>()
                .all(db)
                .await?;
            ids.extend(recorded);
            for chunk in activities.chunks(IN_CHUNK) {
                let signed = volunteer_signup::Entity::find()
                    .select_only()
                    .column(volunteer_signup::Column::VolunteerId)
                    .filter(volunteer_signup::Column::ActivityId.is_in(chunk.to_vec()))
                    .into_tuple::<i64>()
                    .all(db)
                    .await?;
                ids.extend(signed);
            }
            let ids: Vec<i64> = ids.into_iter().collect();
            for chunk in ids.chunks(IN_CHUNK) {
                records.extend(
                    volunteer::Entity::find().filter(volunteer::Column::Id.is_in(chunk.to_vec())).all(db).await?,
                );
            }
        } else {
            let codes = self.volunteer_codes(actor)?;
            for chunk in codes.chunks(IN_CHUNK) {
                let found = volunteer::Entity::find().filter(volunteer::Column::RegionCode.is_in(chunk.to_vec()));
                records.extend(found.all(db).await?);
            }
        }
        let person_ids: Vec<i64> = records.iter().map(|v| v.person_id).collect();
        let mut id_numbers = HashMap::with_capacity(person_ids.len());
        for chunk in person_ids.chunks(IN_CHUNK) {
            let people = person::Entity::find()
                .select_only()
                .column(person::Column::Id)
                .column(person::Column::IdNumber)
                .filter(person::Column::Id.is_in(chunk.to_vec()))
                .into_tuple::<(i64, String)>()
                .all(db)
                .await?;
            id_numbers.extend(people);
        }
        let mut known = Known::default();
        let in_care: HashSet<i64> = records.iter().map(|v| v.id).collect();
        for v in records {
            let counts_for = v.merged_into.unwrap_or(v.id);
            if let Some(number) = v.number {
                known.by_key.insert(number, counts_for);
            }
            if let Some(id_number) = id_numbers.remove(&v.person_id) {
                // The record kept answers to the person's ID number, not one merged into it.
                if v.merged_into.is_none() {
                    known.by_key.insert(id_number, counts_for);
                }
            }
        }
        // A record merged into one outside the importer's care is not theirs to add to.
        known.by_key.retain(|_, counts_for| in_care.contains(counts_for));
        Ok(known)
    }
}
