//! The public credit lists (民政部令第60号, 4D): the registrar records the facts
//! (sanctions, rectification orders, unsigned letters, findings, certificates of no
//! direct responsibility, objections and their decisions, removals granted on
//! application), and every listing follows from them, the annual reports and the due
//! dates through `domain::organization::credit`, computed whenever it is read.

use std::collections::HashMap;

use chrono::NaiveDate;
use domain::Violation;
use domain::organization::application::{ApplicationKind, ApplicationStatus};
use domain::organization::credit::{
    self, Cause, CreditRules, Entry, Fact, Granted, ObjectionOutcome, RecordKind, RemovalDeadline, UnsignedLetter,
    removal_deadline, sanction_cause, unreachable_on,
};
use domain::organization::inspection::{ListStatus, listings};
use domain::workdays::WorkCalendar;
use serde::{Deserialize, Serialize};
use store::entity::{annual_report, org_application, org_credit_record, org_sanction, organization};
use store::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QueryTrait,
};

use super::inspection::DueDates;
use super::view::PublicOrganization;
use super::{refusal, registers, sees};
use crate::error::{Checks, required_text};
use crate::tx::{Change, WriteTx};
use crate::{Actor, App, AppError, RegionTree};

/// The thresholds in force: the national ones (no region sets its own).
const RULES: CreditRules = CreditRules::NATIONAL;

/// An organisation's standing on the public lists, with every listing it has had: its
/// cause, dates, and the decisions that made and ended it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ListStanding {
    /// clear, abnormal or serious.
    #[schema(value_type = String)]
    pub status: ListStatus,
    #[schema(value_type = Vec<Object>)]
    pub entries: Vec<Entry>,
    /// Applications for removal the registrar has not yet checked, with its deadline.
    pub removals: Vec<PendingRemoval>,
}

/// An application for removal from the abnormal list, its obligation met, waiting for the
/// registrar's check.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PendingRemoval {
    /// The credit record whose obligation was met.
    pub record: i64,
    #[schema(value_type = String)]
    pub kind: RecordKind,
    pub applied_on: NaiveDate,
    #[schema(value_type = Object)]
    pub deadline: RemovalDeadline,
}

/// An organisation's application for removal: the day it applied, its obligation met.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct RemovalApplication {
    /// YYYY-MM-DD, not after today.
    pub applied_on: String,
}

/// A line of a public list: the organisation and why it is on the list today.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ListedOrganization {
    #[serde(flatten)]
    pub organization: PublicOrganization,
    /// The open listings on this list: `cause`, `listed_on`, `decision`.
    #[schema(value_type = Vec<Object>)]
    pub reasons: Vec<Entry>,
}

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct NewCreditRecord {
    /// rectification_order, unsigned_letter, party_organization_missing,
    /// fundraising_breach, no_responsibility, objection or serious_removal.
    pub kind: String,
    /// YYYY-MM-DD: ordered, sent, found, certified, raised or applied on.
    pub dated_on: String,
    /// A rectification's deadline, or the day a letter came back unsigned.
    pub until_on: String,
    /// For a certificate or an objection: the fact it is about, as `org_sanction:12`,
    /// `org_credit_record:3` or `annual_report:2025`.
    pub concerns: String,
    /// What was ordered, found or objected to; who certified.
    pub note: String,
}

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct CreditRecordClosing {
    /// YYYY-MM-DD: the day the obligation was met and checked, or the objection decided.
    pub closed_on: String,
    /// For an objection: upheld or rejected.
    pub outcome: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CreditRecordView {
    pub id: i64,
    #[schema(value_type = String)]
    pub kind: RecordKind,
    pub dated_on: NaiveDate,
    pub until_on: Option<NaiveDate>,
    pub concerns: Option<String>,
    pub closed_on: Option<NaiveDate>,
    pub outcome: Option<String>,
    pub note: String,
    pub recorded_by: String,
    /// The day the organisation applied for removal, its obligation met.
    pub removal_applied_on: Option<NaiveDate>,
    /// The registrar's deadline to check and remove (5 working days), and whether it was missed.
    #[schema(value_type = Option<Object>)]
    pub removal_deadline: Option<RemovalDeadline>,
}

fn deadline_of(row: &org_credit_record::Model, today: NaiveDate, calendar: &WorkCalendar) -> Option<RemovalDeadline> {
    row.removal_applied_on.map(|applied| removal_deadline(applied, row.closed_on, today, calendar, &RULES))
}

/// Everything the lists follow from, for one organisation or all of them.
struct CreditFiles {
    due: DueDates,
    filed: HashMap<i64, HashMap<i32, NaiveDate>>,
    sanctions: HashMap<i64, Vec<org_sanction::Model>>,
    records: HashMap<i64, Vec<org_credit_record::Model>>,
    deregistered: HashMap<i64, Granted>,
}

impl CreditFiles {
    /// The domain's record of one organisation.
    fn record_of(&self, tree: &RegionTree, org: &organization::Model, today: NaiveDate) -> credit::Record {
        let none = Vec::new();
        let records = self.records.get(&org.id).unwrap_or(&none);
        let sanctions = self.sanctions.get(&org.id).map_or(&[][..], Vec::as_slice);
        let voided: Vec<&str> = records
            .iter()
            .filter(|r| {
                r.kind == RecordKind::NoResponsibility
                    || (r.kind == RecordKind::Objection
                        && r.outcome.as_deref() == Some(ObjectionOutcome::Upheld.as_str()))
            })
            .filter_map(|r| r.concerns.as_deref())
            .collect();
        let fact = |cause, on, met_on, decision: String| Fact {
            void: voided.contains(&decision.as_str()),
            cause,
            on,
            met_on,
            decision,
        };
        let empty = HashMap::new();
        let due = self.due.of(tree, &org.authority_code);
        let mut facts: Vec<Fact> = listings(org.registered_on, &due, self.filed.get(&org.id).unwrap_or(&empty), today)
            .into_iter()
            .map(|l| fact(Cause::ReportMissed, l.listed_on, l.removed_on, format!("annual_report:{}", l.year)))
            .collect();
        for s in sanctions {
            if let Some(cause) = sanction_cause(s.kind.0, s.amount_fen, &RULES) {
                facts.push(fact(cause, s.decided_on, None, format!("org_sanction:{}", s.id)));
            }
        }
        let mut letters = Vec::new();
        let mut removals = Vec::new();
        for r in records {
            let decision = format!("org_credit_record:{}", r.id);
            match (r.kind.0, r.kind.0.cause()) {
                (RecordKind::RectificationOrder, Some(cause)) => {
                    let deadline = r.until_on.unwrap_or(r.dated_on);
                    if r.closed_on.is_none_or(|done| done > deadline)
                        && let Some(overdue) = deadline.succ_opt()
                    {
                        facts.push(fact(cause, overdue, r.closed_on, decision));
                    }
                }
                (RecordKind::UnsignedLetter, _) => letters.push(r),
                (_, Some(cause)) => facts.push(fact(cause, r.dated_on, r.closed_on, decision)),
                (RecordKind::SeriousRemoval, _) => removals.push(Granted { on: r.dated_on, decision }),
                _ => {}
            }
        }
        let unsigned: Vec<UnsignedLetter> = letters
            .iter()
            .map(|r| UnsignedLetter { sent_on: r.dated_on, returned_on: r.until_on.unwrap_or(r.dated_on) })
            .collect();
        if let (Some(on), Some(last)) = (unreachable_on(&unsigned, &RULES), letters.last()) {
            let reached = letters.iter().filter_map(|r| r.closed_on).min();
            facts.push(fact(Cause::Unreachable, on, reached, format!("org_credit_record:{}", last.id)));
        }
        credit::Record { facts, removals, deregistered: self.deregistered.get(&org.id).cloned() }
    }
}

/// Groups rows by organisation.
fn by_org<T>(rows: Vec<T>, org: impl Fn(&T) -> i64) -> HashMap<i64, Vec<T>> {
    let mut grouped: HashMap<i64, Vec<T>> = HashMap::new();
    for row in rows {
        grouped.entry(org(&row)).or_default().push(row);
    }
    grouped
}

/// Parses an optional YYYY-MM-DD text.
fn optional_date(text: &str) -> Result<Option<NaiveDate>, Violation> {
    match text.trim() {
        "" => Ok(None),
        day => NaiveDate::parse_from_str(day, "%Y-%m-%d").map(Some).map_err(|_| Violation::new("date-format")),
    }
}

impl App {
    /// The credit files of one organisation (`Some(id)`) or of all.
    async fn credit_files(&self, org: Option<i64>) -> Result<CreditFiles, AppError> {
        let reports =
            annual_report::Entity::find().apply_if(org, |q, id| q.filter(annual_report::Column::OrganizationId.eq(id)));
        let mut filed: HashMap<i64, HashMap<i32, NaiveDate>> = HashMap::new();
        for r in reports.all(&self.db).await? {
            filed.entry(r.organization_id).or_default().insert(r.year, r.filed_on);
        }
        let sanctions = org_sanction::Entity::find()
            .apply_if(org, |q, id| q.filter(org_sanction::Column::OrganizationId.eq(id)))
            .all(&self.db)
            .await?;
        let records = org_credit_record::Entity::find()
            .apply_if(org, |q, id| q.filter(org_credit_record::Column::OrganizationId.eq(id)))
            .order_by_asc(org_credit_record::Column::Id)
            .all(&self.db)
            .await?;
        let deregistrations = org_application::Entity::find()
            .filter(org_application::Column::Kind.eq(ApplicationKind::Deregistration.as_str()))
            .filter(org_application::Column::Status.eq(ApplicationStatus::Approved.as_str()))
            .apply_if(org, |q, id| q.filter(org_application::Column::OrganizationId.eq(id)))
            .all(&self.db)
            .await?;
        let deregistered = deregistrations
            .into_iter()
            .filter_map(|a| {
                let on = a.decided_on?;
                Some((a.organization_id, Granted { on, decision: format!("org_application:{}", a.id) }))
            })
            .collect();
        Ok(CreditFiles {
            due: self.due_dates().await?,
            filed,
            sanctions: by_org(sanctions, |s| s.organization_id),
            records: by_org(records, |r| r.organization_id),
            deregistered,
        })
    }

    /// One organisation's record for the credit rules.
    pub(super) async fn credit_record(&self, org: &organization::Model) -> Result<credit::Record, AppError> {
        let files = self.credit_files(Some(org.id)).await?;
        Ok(files.record_of(&self.regions(), org, self.settings.today()))
    }

    /// One organisation's standing on the public lists today, with its history.
    pub(crate) async fn credit_standing(&self, org: &organization::Model) -> Result<ListStanding, AppError> {
        let today = self.settings.today();
        let files = self.credit_files(Some(org.id)).await?;
        let entries = credit::history(&files.record_of(&self.regions(), org, today), today, &RULES);
        let calendar = self.work_calendar().await?;
        let removals = files
            .records
            .get(&org.id)
            .into_iter()
            .flatten()
            .filter(|r| r.closed_on.is_none())
            .filter_map(|r| {
                let deadline = deadline_of(r, today, &calendar)?;
                Some(PendingRemoval { record: r.id, kind: r.kind.0, applied_on: r.removal_applied_on?, deadline })
            })
            .collect();
        Ok(ListStanding { status: credit::standing(&entries, today), entries, removals })
    }

    /// The organisations on a public list today (abnormal or serious), by name, each with
    /// the reasons it is there.
    pub async fn listed_organizations(&self, list: ListStatus) -> Result<Vec<ListedOrganization>, AppError> {
        let tree = self.regions();
        let today = self.settings.today();
        let files = self.credit_files(None).await?;
        let candidates = organization::Entity::find()
            .filter(organization::Column::RegisteredOn.lte(today))
            .order_by_asc(organization::Column::Name)
            .all(&self.db)
            .await?;
        let mut listed = Vec::new();
        for org in candidates {
            let entries = credit::history(&files.record_of(&tree, &org, today), today, &RULES);
            if credit::standing(&entries, today) == list {
                let reasons = entries.into_iter().filter(|e| e.list == list && e.open_on(today)).collect::<Vec<_>>();
                listed.push((org, reasons));
            }
        }
        let (orgs, reasons): (Vec<_>, Vec<_>) = listed.into_iter().unzip();
        let lines = self.list_lines(orgs).await?;
        Ok(lines
            .into_iter()
            .zip(reasons)
            .map(|(organization, reasons)| ListedOrganization { organization, reasons })
            .collect())
    }

    /// An organisation's credit file, oldest first, for whoever sees the organisation.
    pub async fn credit_records(&self, actor: &Actor, id: i64) -> Result<Vec<CreditRecordView>, AppError> {
        let org = self.organization_row(id).await?;
        if !sees(actor, &self.regions(), &org) {
            return Err(AppError::NotFound);
        }
        let rows = org_credit_record::Entity::find()
            .filter(org_credit_record::Column::OrganizationId.eq(id))
            .order_by_asc(org_credit_record::Column::Id)
            .all(&self.db)
            .await?;
        let today = self.settings.today();
        let calendar = self.work_calendar().await?;
        Ok(rows
            .into_iter()
            .map(|r| CreditRecordView {
                removal_deadline: deadline_of(&r, today, &calendar),
                removal_applied_on: r.removal_applied_on,
                id: r.id,
                kind: r.kind.0,
                dated_on: r.dated_on,
                until_on: r.until_on,
                concerns: r.concerns,
                closed_on: r.closed_on,
                outcome: r.outcome,
                note: r.note,
                recorded_by: r.recorded_by,
            })
            .collect())
    }

    /// Whether `concerns` names a fact of this organisation that lists it.
    async fn concerns_a_fact(&self, org: &organization::Model, concerns: &str) -> Result<bool, AppError> {
        let record = self.credit_record(org).await?;
        Ok(record.facts.iter().any(|f| f.decision == concerns))
    }

    /// Records a fact of the credit file (civil affairs; an objection also by the
    /// organisation itself). A removal from the serious list is granted only as the rules allow.
    pub async fn record_credit_fact(&self, actor: &Actor, id: i64, input: NewCreditRecord) -> Result<i64, AppError> {
        let org = self.organization_row(id).await?;
        let tree = self.regions();
        let kind = RecordKind::parse(input.kind.trim());
        let own_objection = kind == Some(RecordKind::Objection) && actor.organizations().contains(&id);
        if !(registers(actor, &tree, &org) || own_objection) {
            return Err(refusal(actor, &tree, &org));
        }
        let today = self.settings.today();
        let mut checks = Checks::default();
        let kind = checks.field("kind", kind.ok_or(Violation::new("unknown-choice")));
        let dated_on = checks.field("dated_on", self.past_date(&input.dated_on));
        let note = checks.field("note", required_text(&input.note, 2000));
        let until_on = checks.field("until_on", optional_date(&input.until_on)).flatten();
        let needs_until = matches!(kind, Some(RecordKind::RectificationOrder | RecordKind::UnsignedLetter));
        if needs_until && until_on.is_none() && !input.until_on.trim().is_empty() {
            // Already reported as a date-format error.
        } else if needs_until && until_on.is_none() {
            checks.push(Violation::new("required").on("until_on"));
        } else if needs_until && until_on.zip(dated_on).is_some_and(|(until, from)| until < from) {
            checks.push(Violation::new("date-before-start").on("until_on"));
        }
        if kind == Some(RecordKind::UnsignedLetter) && until_on.is_some_and(|back| back > today) {
            checks.push(Violation::new("date-in-future").on("until_on"));
        }
        let concerns = input.concerns.trim().to_string();
        let needs_concerns = matches!(kind, Some(RecordKind::NoResponsibility | RecordKind::Objection));
        if needs_concerns && !self.concerns_a_fact(&org, &concerns).await? {
            checks.push(Violation::new("credit-concerns-unknown").on("concerns"));
        }
        let (kind, dated_on, note) = checks.finish_with((kind, dated_on, note))?;
        if kind == RecordKind::SeriousRemoval {
            credit::serious_exit(&self.credit_record(&org).await?, dated_on, &RULES)
                .map_err(|v| AppError::Conflict(v.on("dated_on")))?;
        }
        let row = org_credit_record::ActiveModel {
            organization_id: Set(id),
            kind: Set(kind.into()),
            dated_on: Set(dated_on),
            until_on: Set(until_on.filter(|_| needs_until)),
            concerns: Set(needs_concerns.then(|| concerns.clone())),
            note: Set(note.clone()),
            recorded_by: Set(actor.display_name.clone()),
            ..Default::default()
        };
        let after = serde_json::json!({ "organization_id": id, "kind": kind, "dated_on": dated_on,
            "until_on": until_on, "concerns": needs_concerns.then_some(concerns), "note": note });
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let record = org_credit_record::Entity::insert(row).exec(tx.conn()).await?.last_insert_id;
        tx.record(Change::new("record", "org_credit_record", record, &org.region_code).after(&after)).await?;
        tx.commit().await?;
        Ok(record)
    }

    /// Civil affairs closes a fact: the obligation met and checked (rectification done,
    /// reached at its address, party organisation set up, breach corrected), or an
    /// objection decided (upheld: the fact was an error and lists nothing).
    pub async fn close_credit_record(
        &self,
        actor: &Actor,
        id: i64,
        record: i64,
        input: CreditRecordClosing,
    ) -> Result<(), AppError> {
        let org = self.registered_org(actor, id).await?;
        let found = org_credit_record::Entity::find_by_id(record)
            .filter(org_credit_record::Column::OrganizationId.eq(id))
            .one(&self.db)
            .await?
            .ok_or(AppError::NotFound)?;
        let objection = found.kind == RecordKind::Objection;
        let mut checks = Checks::default();
        let closed_on = checks.field("closed_on", self.past_date(&input.closed_on));
        if closed_on.is_some_and(|day| day < found.dated_on) {
            checks.push(Violation::new("date-before-start").on("closed_on"));
        }
        let outcome = match (objection, input.outcome.trim()) {
            (true, text) => {
                checks.field("outcome", ObjectionOutcome::parse(text).ok_or(Violation::new("unknown-choice")))
            }
            (false, "") => None,
            (false, _) => {
                checks.push(Violation::new("credit-outcome-only-for-objection").on("outcome"));
                None
            }
        };
        let closed_on = checks.finish_with(closed_on)?;
        if found.kind.0.cause().is_none() && !objection {
            return Err(AppError::Conflict(Violation::new("credit-record-not-closable").on("closed_on")));
        }
        if found.closed_on.is_some() {
            return Err(AppError::Conflict(Violation::new("credit-record-closed").on("closed_on")));
        }
        let before = serde_json::json!({ "closed_on": null, "outcome": null });
        let after = serde_json::json!({ "closed_on": closed_on, "outcome": outcome });
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        // Read again under the write lock: two closings at once close it once.
        let found = org_credit_record::Entity::find_by_id(record).one(tx.conn()).await?.ok_or(AppError::NotFound)?;
        if found.closed_on.is_some() {
            return Err(AppError::Conflict(Violation::new("credit-record-closed").on("closed_on")));
        }
        let mut row = found.into_active_model();
        row.closed_on = Set(Some(closed_on));
        row.outcome = Set(outcome.map(|o| o.as_str().to_string()));
        row.update(tx.conn()).await?;
        tx.record(Change::new("close", "org_credit_record", record, &org.region_code).before(&before).after(&after))
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The organisation (or the registrar for it) applies for removal from the abnormal
    /// list, the obligation of a record met; the registrar then has 5 working days to
    /// check it and close the record.
    pub async fn apply_for_removal(
        &self,
        actor: &Actor,
        id: i64,
        record: i64,
        input: RemovalApplication,
    ) -> Result<(), AppError> {
        let org = self.organization_row(id).await?;
        let tree = self.regions();
        if !(registers(actor, &tree, &org) || actor.organizations().contains(&id)) {
            return Err(refusal(actor, &tree, &org));
        }
        let found = org_credit_record::Entity::find_by_id(record)
            .filter(org_credit_record::Column::OrganizationId.eq(id))
            .one(&self.db)
            .await?
            .ok_or(AppError::NotFound)?;
        let mut checks = Checks::default();
        let applied_on = checks.field("applied_on", self.past_date(&input.applied_on));
        if applied_on.is_some_and(|day| day < found.dated_on) {
            checks.push(Violation::new("date-before-start").on("applied_on"));
        }
        let applied_on = checks.finish_with(applied_on)?;
        if !found.kind.0.cause().is_some_and(Cause::obliges) {
            return Err(AppError::Conflict(Violation::new("removal-application-not-applicable").on("applied_on")));
        }
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        // Read again under the write lock: a closing or a second application at once.
        let found = org_credit_record::Entity::find_by_id(record).one(tx.conn()).await?.ok_or(AppError::NotFound)?;
        if found.closed_on.is_some() {
            return Err(AppError::Conflict(Violation::new("credit-record-closed").on("applied_on")));
        }
        if found.removal_applied_on.is_some() {
            return Err(AppError::Conflict(Violation::new("removal-application-exists").on("applied_on")));
        }
        let mut row = found.into_active_model();
        row.removal_applied_on = Set(Some(applied_on));
        row.update(tx.conn()).await?;
        let after = serde_json::json!({ "removal_applied_on": applied_on });
        tx.record(Change::new("apply_removal", "org_credit_record", record, &org.region_code).after(&after)).await?;
        tx.commit().await?;
        Ok(())
    }
}
