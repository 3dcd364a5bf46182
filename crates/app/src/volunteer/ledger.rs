//! The hours ledger as stored: entries appended to an organiser's chain inside the writing
//! transaction (whose audit-head lock serialises every writer, so a chain's next number
//! and hash are never raced), the checks every new entry passes against the volunteer's
//! service in all ledgers, and the public side: the chain's entries without personal data,
//! its verification, and the heads published each day.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, FixedOffset, NaiveDate, SecondsFormat, Utc};
use domain::Violation;
use domain::volunteer::ledger::{Entry, GENESIS, Source, counts, entry_hash, verify};
use domain::volunteer::service::{Recorded, Span};
use serde::{Deserialize, Serialize};
use store::entity::{volunteer_chain, volunteer_chain_head, volunteer_hour};
use store::sea_orm::sea_query::OnConflict;
use store::sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::Organiser;
use crate::tx::WriteTx;
use crate::{App, AppError};

/// An entry to append, before its number and hash are known.
#[derive(Debug, Clone)]
pub(crate) struct NewEntry {
    pub volunteer_id: i64,
    pub activity_id: Option<i64>,
    /// Timed service: its span (local time); else service recorded by the day.
    pub span: Option<(DateTime<FixedOffset>, i64)>,
    pub served_on: NaiveDate,
    pub minutes: i64,
    pub source: Source,
    pub corrects: Option<i64>,
    pub description: String,
}

/// One ledger entry as anyone may read it: no name, no ID number.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct LedgerEntryView {
    pub seq: i64,
    pub volunteer_id: i64,
    pub started_at: String,
    pub served_on: NaiveDate,
    pub minutes: i64,
    pub source: String,
    pub corrects: Option<i64>,
    pub description: String,
    pub recorded_at: String,
    pub prev_hash: String,
    pub hash: String,
    /// Whether it counts now (confirmed and not corrected).
    pub counts: bool,
}

impl LedgerEntryView {
    fn of(r: &volunteer_hour::Model, counts: bool) -> Self {
        Self {
            seq: r.seq,
            volunteer_id: r.volunteer_id,
            started_at: r.started_at.clone(),
            served_on: r.served_on,
            minutes: r.minutes,
            source: r.source.clone(),
            corrects: r.corrects,
            description: r.description.clone(),
            recorded_at: r.recorded_at.clone(),
            prev_hash: r.prev_hash.clone(),
            hash: r.hash.clone(),
            counts,
        }
    }
}

/// A head as published for a day.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PublishedHead {
    pub day: NaiveDate,
    pub seq: i64,
    pub head: String,
}

/// An organiser's ledger as the public page shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ChainSummary {
    pub chain: String,
    pub issuer: String,
    pub seq: i64,
    pub head: String,
    /// Whether every stored entry still gives its stored hash.
    pub intact: bool,
    /// The first entry that does not, when one does not.
    pub broken_at: Option<i64>,
    /// Published heads, latest first.
    pub heads: Vec<PublishedHead>,
}

/// The answer to "is this old head still in the chain?".
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct HeadCheck {
    pub seq: i64,
    /// Whether the chain's entry `seq` still hashes to the head given, through an intact
    /// chain from the first entry.
    pub matches: bool,
    /// The first entry up to `seq` that no longer gives its stored hash, if any.
    pub broken_at: Option<i64>,
}

pub(crate) fn entry_of(row: &volunteer_hour::Model) -> Entry {
    Entry {
        seq: row.seq,
        volunteer_id: row.volunteer_id,
        started_at: row.started_at.clone(),
        minutes: row.minutes,
        source: row.source.clone(),
        corrects: row.corrects,
        description: row.description.clone(),
        recorded_at: row.recorded_at.clone(),
    }
}

/// The chain's head inside a writing transaction, created empty for a new organiser.
pub(crate) async fn chain_head(
    conn: &impl ConnectionTrait,
    organiser: &Organiser,
) -> Result<volunteer_chain::Model, AppError> {
    let mut heads = chain_heads(conn, std::slice::from_ref(organiser)).await?;
    heads.remove(&organiser.chain).ok_or_else(|| AppError::Internal("a chain head was not made".into()))
}

/// The heads of several organisers' chains, read in one query; those of new organisers
/// are created empty.
pub(crate) async fn chain_heads(
    conn: &impl ConnectionTrait,
    organisers: &[Organiser],
) -> Result<HashMap<String, volunteer_chain::Model>, AppError> {
    let mut heads: HashMap<String, volunteer_chain::Model> = volunteer_chain::Entity::find()
        .filter(volunteer_chain::Column::Chain.is_in(organisers.iter().map(|o| o.chain.clone())))
        .all(conn)
        .await?
        .into_iter()
        .map(|head| (head.chain.clone(), head))
        .collect();
    for organiser in organisers {
        if heads.contains_key(&organiser.chain) {
            continue;
        }
        let new = volunteer_chain::Model {
            chain: organiser.chain.clone(),
            issuer: organiser.issuer.clone(),
            seq: 0,
            head: GENESIS.to_string(),
        };
        volunteer_chain::Entity::insert(head_row(&new)).exec_without_returning(conn).await?;
        heads.insert(new.chain.clone(), new);
    }
    Ok(heads)
}

/// Rows written per INSERT: well under both databases' limits on bound values.
const APPEND_CHUNK: usize = 500;

/// Appends entries to a chain (whose head was read in this transaction) and moves its
/// head; the numbers given, in order.
pub(crate) async fn append(
    tx: &WriteTx,
    head: &mut volunteer_chain::Model,
    entries: Vec<NewEntry>,
    recorded_by: &str,
) -> Result<Vec<i64>, AppError> {
    let mut appended = append_to_chains(tx, vec![(head.clone(), entries)], recorded_by).await?;
    let (moved, seqs) = appended.pop().ok_or_else(|| AppError::Internal("nothing appended".into()))?;
    *head = moved;
    Ok(seqs)
}

/// Appends each chain's entries (its head read in this transaction): every chain's rows in
/// one insert, every head moved in one upsert. Each head is given back moved, with the
/// numbers its entries got, in order.
pub(crate) async fn append_to_chains(
    tx: &WriteTx,
    chains: Vec<(volunteer_chain::Model, Vec<NewEntry>)>,
    recorded_by: &str,
) -> Result<Vec<(volunteer_chain::Model, Vec<i64>)>, AppError> {
    let recorded_at = Utc::now().to_rfc3339_opts(SecondsFormat::Micros, true);
    let mut rows = Vec::new();
    let mut appended = Vec::with_capacity(chains.len());
    for (mut head, entries) in chains {
        let first = head.seq + 1;
        rows.extend(entries.into_iter().map(|new| chained_row(&mut head, new, &recorded_at, recorded_by)));
        let seqs = (first..=head.seq).collect();
        appended.push((head, seqs));
    }
    for chunk in rows.chunks(APPEND_CHUNK) {
        volunteer_hour::Entity::insert_many(chunk.to_vec()).exec_without_returning(tx.conn()).await?;
    }
    move_heads(tx, appended.iter().map(|(head, _)| head)).await?;
    Ok(appended)
}

/// Stores where chains now end, in one statement (every head exists: read in this
/// transaction, so the upsert only updates).
async fn move_heads(tx: &WriteTx, heads: impl Iterator<Item = &volunteer_chain::Model>) -> Result<(), AppError> {
    let rows: Vec<_> = heads.map(head_row).collect();
    if rows.is_empty() {
        return Ok(());
    }
    let moved = OnConflict::column(volunteer_chain::Column::Chain)
        .update_columns([volunteer_chain::Column::Seq, volunteer_chain::Column::Head])
        .to_owned();
    volunteer_chain::Entity::insert_many(rows).on_conflict(moved).exec_without_returning(tx.conn()).await?;
    Ok(())
}

fn head_row(head: &volunteer_chain::Model) -> volunteer_chain::ActiveModel {
    volunteer_chain::ActiveModel {
        chain: Set(head.chain.clone()),
        issuer: Set(head.issuer.clone()),
        seq: Set(head.seq),
        head: Set(head.head.clone()),
    }
}

/// Appends entries as `append` does, hashing and writing them a chunk at a time (so a
/// million entries are never all held as rows), telling `written` how many are in.
pub(crate) async fn append_all(
    tx: &WriteTx,
    head: &mut volunteer_chain::Model,
    entries: impl IntoIterator<Item = NewEntry>,
    recorded_by: &str,
    written: &(dyn Fn(usize) + Send + Sync),
) -> Result<(), AppError> {
    let recorded_at = Utc::now().to_rfc3339_opts(SecondsFormat::Micros, true);
    let mut entries = entries.into_iter().peekable();
    let mut count = 0;
    while entries.peek().is_some() {
        let rows: Vec<_> =
            entries.by_ref().take(APPEND_CHUNK).map(|new| chained_row(head, new, &recorded_at, recorded_by)).collect();
        count += rows.len();
        volunteer_hour::Entity::insert_many(rows).exec_without_returning(tx.conn()).await?;
        written(count);
    }
    move_heads(tx, std::iter::once(&*head)).await
}

/// The row of the chain's next entry, moving `head` past it.
fn chained_row(
    head: &mut volunteer_chain::Model,
    new: NewEntry,
    recorded_at: &str,
    recorded_by: &str,
) -> volunteer_hour::ActiveModel {
    let seq = head.seq + 1;
    let started_at = match new.span {
        Some((start, _)) => start.to_rfc3339_opts(SecondsFormat::Secs, false),
        None => new.served_on.to_string(),
    };
    let entry = Entry {
        seq,
        volunteer_id: new.volunteer_id,
        started_at,
        minutes: new.minutes,
        source: new.source.as_str().to_string(),
        corrects: new.corrects,
        description: new.description,
        recorded_at: recorded_at.to_string(),
    };
    let hash = entry_hash(&head.head, &entry);
    head.seq = seq;
    volunteer_hour::ActiveModel {
        chain: Set(head.chain.clone()),
        seq: Set(seq),
        volunteer_id: Set(entry.volunteer_id),
        activity_id: Set(new.activity_id),
        started_at: Set(entry.started_at),
        served_on: Set(new.served_on),
        minutes: Set(entry.minutes),
        source: Set(entry.source),
        corrects: Set(entry.corrects),
        description: Set(entry.description),
        recorded_at: Set(entry.recorded_at),
        recorded_by: Set(recorded_by.to_string()),
        prev_hash: Set(std::mem::replace(&mut head.head, hash.clone())),
        hash: Set(hash),
        ..Default::default()
    }
}

/// A volunteer's entries in every ledger (those of records merged into theirs included),
/// grouped by chain in order.
async fn volunteer_entries(
    db: &impl ConnectionTrait,
    volunteer_id: i64,
) -> Result<Vec<volunteer_hour::Model>, AppError> {
    Ok(entries_of(db, &[volunteer_id]).await?.remove(&volunteer_id).unwrap_or_default())
}

/// The entries of each of `volunteers` as `volunteer_entries` gives them, in two queries.
async fn entries_of(
    db: &impl ConnectionTrait,
    volunteers: &[i64],
) -> Result<HashMap<i64, Vec<volunteer_hour::Model>>, AppError> {
    let counts_for = super::merge::merged_families(db, volunteers).await?;
    let rows = volunteer_hour::Entity::find()
        .filter(volunteer_hour::Column::VolunteerId.is_in(counts_for.keys().copied()))
        .order_by_asc(volunteer_hour::Column::Chain)
        .order_by_asc(volunteer_hour::Column::Seq)
        .all(db)
        .await?;
    let mut by_volunteer: HashMap<i64, Vec<volunteer_hour::Model>> = HashMap::new();
    for row in rows {
        let owner = counts_for.get(&row.volunteer_id).copied().unwrap_or(row.volunteer_id);
        by_volunteer.entry(owner).or_default().push(row);
    }
    Ok(by_volunteer)
}

/// The entries that stand (nothing corrects them), with whether each counts. A correction
/// names its entry's volunteer, so a volunteer's rows hold every correction of theirs.
fn standing(rows: &[volunteer_hour::Model]) -> Vec<(&volunteer_hour::Model, bool)> {
    let corrected: HashSet<(&str, i64)> =
        rows.iter().filter_map(|r| r.corrects.map(|seq| (r.chain.as_str(), seq))).collect();
    rows.iter()
        .filter(|row| !corrected.contains(&(row.chain.as_str(), row.seq)))
        .map(|row| (row, counts(&entry_of(row), &[])))
        .collect()
}

/// A volunteer's confirmed minutes in all ledgers: what stars and totals are read from.
pub(crate) async fn confirmed_minutes(db: &impl ConnectionTrait, volunteer_id: i64) -> Result<i64, AppError> {
    let rows = volunteer_entries(db, volunteer_id).await?;
    Ok(standing(&rows).into_iter().filter(|(_, counts)| *counts).map(|(r, _)| r.minutes).sum())
}

/// A volunteer's confirmed minutes in one chain up to `through` (a proof's figure); the
/// records in `family` are the volunteer's (theirs and those merged into it).
pub(crate) fn chain_minutes(rows: &[volunteer_hour::Model], family: &[i64], through: i64) -> (i64, i64) {
    let upto: Vec<volunteer_hour::Model> = rows.iter().filter(|r| r.seq <= through).cloned().collect();
    let corrected: Vec<i64> = upto.iter().filter_map(|r| r.corrects).collect();
    let counted: Vec<&volunteer_hour::Model> =
        upto.iter().filter(|r| family.contains(&r.volunteer_id) && counts(&entry_of(r), &corrected)).collect();
    (counted.iter().map(|r| r.minutes).sum(), counted.len() as i64)
}

/// The volunteer's service as it stands (pending QR entries included: they are time
/// served), leaving out the entry a correction is about to replace.
pub(crate) async fn recorded_service(
    db: &impl ConnectionTrait,
    volunteer_id: i64,
    replacing: Option<(&str, i64)>,
) -> Result<Recorded, AppError> {
    Ok(recorded_of(&volunteer_entries(db, volunteer_id).await?, replacing))
}

/// The service of each of `volunteers` as `recorded_service` gives it, in two queries.
pub(crate) async fn recorded_services(
    db: &impl ConnectionTrait,
    volunteers: &[i64],
) -> Result<HashMap<i64, Recorded>, AppError> {
    let entries = entries_of(db, volunteers).await?;
    Ok(entries.iter().map(|(volunteer, rows)| (*volunteer, recorded_of(rows, None))).collect())
}

fn recorded_of(rows: &[volunteer_hour::Model], replacing: Option<(&str, i64)>) -> Recorded {
    let mut recorded = Recorded::default();
    for (row, _) in standing(rows) {
        if replacing != Some((row.chain.as_str(), row.seq)) {
            add_service(&mut recorded, row);
        }
    }
    recorded
}

/// The service of each of `volunteers` as it stands, and their standing entries recorded
/// by the day, each with the volunteer it counts for (an import compares its rows with them).
pub(crate) async fn recorded_service_of(
    db: &impl ConnectionTrait,
    volunteers: &[i64],
) -> Result<(HashMap<i64, Recorded>, Vec<(i64, volunteer_hour::Model)>), AppError> {
    let mut recorded: HashMap<i64, Recorded> = HashMap::new();
    let mut dated = Vec::new();
    for (volunteer, rows) in entries_of(db, volunteers).await? {
        let service = recorded.entry(volunteer).or_default();
        for (row, _) in standing(&rows) {
            if add_service(service, row) {
                dated.push((volunteer, row.clone()));
            }
        }
    }
    Ok((recorded, dated))
}

/// Adds an entry's service: timed when it has a start, else by the day (then true).
fn add_service(recorded: &mut Recorded, row: &volunteer_hour::Model) -> bool {
    match DateTime::parse_from_rfc3339(&row.started_at) {
        Ok(start) => {
            let start = start.naive_local();
            recorded.spans.push(Span { start, end: start + chrono::Duration::minutes(row.minutes) });
            false
        }
        Err(_) => {
            recorded.dated.push((row.served_on, row.minutes));
            true
        }
    }
}

/// Checks a new entry against the volunteer's service: no overlap, 24 hours a day at most.
pub(crate) fn check_service(recorded: &Recorded, new: &NewEntry) -> Result<(), AppError> {
    let outcome = match new.span {
        Some((start, minutes)) => {
            let start = start.naive_local();
            recorded.check_span(&Span { start, end: start + chrono::Duration::minutes(minutes) })
        }
        None => recorded.check_dated(new.served_on, new.minutes),
    };
    outcome.map_err(|v: Violation| AppError::invalid("minutes", v))
}

/// The chain's rows in order.
pub(crate) async fn chain_rows(db: &impl ConnectionTrait, chain: &str) -> Result<Vec<volunteer_hour::Model>, AppError> {
    Ok(volunteer_hour::Entity::find()
        .filter(volunteer_hour::Column::Chain.eq(chain))
        .order_by_asc(volunteer_hour::Column::Seq)
        .all(db)
        .await?)
}

/// Recomputes a chain's hashes: the head, or the first entry that no longer gives its own.
pub(crate) fn verify_rows(rows: &[volunteer_hour::Model]) -> Result<String, i64> {
    let chain: Vec<(Entry, String)> = rows.iter().map(|r| (entry_of(r), r.hash.clone())).collect();
    verify(&chain).map_err(|b| b.seq)
}

impl App {
    /// An organiser's ledger for the public page: its head, whether it verifies, and the
    /// heads published day by day.
    pub async fn ledger_summary(&self, chain: &str) -> Result<ChainSummary, AppError> {
        let found = volunteer_chain::Entity::find_by_id(chain.to_string()).one(&self.db).await?;
        let found = found.ok_or(AppError::NotFound)?;
        let rows = chain_rows(&self.db, chain).await?;
        let broken_at = verify_rows(&rows).err();
        let heads = volunteer_chain_head::Entity::find()
            .filter(volunteer_chain_head::Column::Chain.eq(chain))
            .order_by_desc(volunteer_chain_head::Column::Day)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|h| PublishedHead { day: h.day, seq: h.seq, head: h.head })
            .collect();
        Ok(ChainSummary {
            chain: found.chain,
            issuer: found.issuer,
            seq: found.seq,
            head: found.head,
            intact: broken_at.is_none(),
            broken_at,
            heads,
        })
    }

    /// Every organiser's ledger, for the public index.
    pub async fn ledgers(&self) -> Result<Vec<(String, String, i64)>, AppError> {
        let chains = volunteer_chain::Entity::find().order_by_asc(volunteer_chain::Column::Chain).all(&self.db);
        Ok(chains.await?.into_iter().map(|c| (c.chain, c.issuer, c.seq)).collect())
    }

    /// A chain's entries without personal data, so anyone can recompute its hashes.
    pub async fn ledger_entries(&self, chain: &str) -> Result<Vec<LedgerEntryView>, AppError> {
        let rows = chain_rows(&self.db, chain).await?;
        let corrected: Vec<i64> = rows.iter().filter_map(|r| r.corrects).collect();
        Ok(rows.iter().map(|r| LedgerEntryView::of(r, counts(&entry_of(r), &corrected))).collect())
    }

    /// Whether a head someone kept (entry `seq`, hash `head`) is still what the chain
    /// gives: every entry up to it recomputes, and the last one's hash is `head`.
    pub async fn check_head(&self, chain: &str, seq: i64, head: &str) -> Result<HeadCheck, AppError> {
        let rows: Vec<_> = chain_rows(&self.db, chain).await?.into_iter().filter(|r| r.seq <= seq).collect();
        if rows.len() as i64 != seq || seq < 1 {
            return Err(AppError::invalid("seq", Violation::new("ledger-entry-unknown")));
        }
        let outcome = verify_rows(&rows);
        let matches = outcome.as_deref().is_ok_and(|h| h.eq_ignore_ascii_case(head.trim()));
        Ok(HeadCheck { seq, matches, broken_at: outcome.err() })
    }

    /// Publishes every chain's head for `day`: the first publication of a day stands, so
    /// a day's head is the ledger as it stood at the first run after midnight. Audited.
    pub async fn publish_ledger_heads(&self, day: NaiveDate) -> Result<u64, AppError> {
        let mut tx = WriteTx::begin(self, crate::Author::system()).await?;
        let chains = volunteer_chain::Entity::find().all(tx.conn()).await?;
        if chains.is_empty() {
            return Ok(0);
        }
        let rows: Vec<_> = chains
            .into_iter()
            .map(|c| volunteer_chain_head::ActiveModel {
                chain: Set(c.chain),
                day: Set(day),
                seq: Set(c.seq),
                head: Set(c.head),
                published_at: Set(Utc::now()),
                ..Default::default()
            })
            .collect();
        let keep = OnConflict::columns([volunteer_chain_head::Column::Chain, volunteer_chain_head::Column::Day])
            .do_nothing()
            .to_owned();
        let published =
            volunteer_chain_head::Entity::insert_many(rows).on_conflict(keep).exec_without_returning(tx.conn()).await?;
        if published > 0 {
            let after = serde_json::json!({ "day": day, "chains": published });
            tx.record(crate::tx::Change::new("publish", "volunteer_chain_heads", day, "").after(&after)).await?;
        }
        tx.commit().await?;
        Ok(published)
    }

    /// Publishes the ledgers' heads every day, checking every ten minutes for a new day.
    pub fn publish_ledger_heads_daily(&self) {
        let app = self.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(std::time::Duration::from_secs(600));
            loop {
                tick.tick().await;
                if let Err(e) = app.publish_ledger_heads(app.settings.today()).await {
                    tracing::warn!(error = %e, "the ledgers' heads were not published; trying again later");
                }
            }
        });
    }
}

/// One of a volunteer's entries as their record lists it, with whose ledger it is in.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct VolunteerEntry {
    pub chain: String,
    pub issuer: String,
    #[serde(flatten)]
    pub entry: LedgerEntryView,
}

impl App {
    /// A volunteer's entries in every ledger, latest service first.
    pub async fn volunteer_ledger(&self, actor: &crate::Actor, id: i64) -> Result<Vec<VolunteerEntry>, AppError> {
        let v = self.volunteer_for(&self.db, actor, id, super::Access::Read).await?;
        let rows = volunteer_entries(&self.db, v.id).await?;
        let chains: Vec<String> = rows.iter().map(|r| r.chain.clone()).collect();
        let issuers =
            volunteer_chain::Entity::find().filter(volunteer_chain::Column::Chain.is_in(chains)).all(&self.db).await?;
        let standing: Vec<(String, i64)> = standing(&rows).into_iter().map(|(r, _)| (r.chain.clone(), r.seq)).collect();
        let mut shown: Vec<VolunteerEntry> = rows
            .iter()
            .map(|r| VolunteerEntry {
                chain: r.chain.clone(),
                issuer: issuers.iter().find(|c| c.chain == r.chain).map(|c| c.issuer.clone()).unwrap_or_default(),
                entry: LedgerEntryView::of(
                    r,
                    standing.contains(&(r.chain.clone(), r.seq)) && counts(&entry_of(r), &[]),
                ),
            })
            .collect();
        shown.sort_by(|a, b| b.entry.served_on.cmp(&a.entry.served_on).then(b.entry.seq.cmp(&a.entry.seq)));
        Ok(shown)
    }
}
