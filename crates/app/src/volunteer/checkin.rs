//! QR check-in and check-out: the volunteer's phone sends the token of the code shown at
//! the activity; the time is the server's. Checks of the activity are made on arrival,
//! from memory; who the caller is, their sign-up and attendance, and the writes, in a
//! group-commit writer (as ballots), a few statements per group: a check-in costs no
//! query of its own, and each answer comes after its attendance row and, at check-out,
//! its ledger entry are committed.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use chrono::{DateTime, Duration, FixedOffset, Utc};
use domain::Violation;
use domain::volunteer::activity::{Place, check_distance};
use domain::volunteer::checkin::{check_in, check_token, token};
use domain::volunteer::ledger::Source;
use domain::volunteer::service::Recorded;
use serde::Serialize;
use store::entity::{
    api_token, volunteer, volunteer_activity, volunteer_attendance, volunteer_chain, volunteer_signup,
};
use store::sea_orm::sea_query::{Alias, Expr, ExprTrait, OnConflict, Query};
use store::sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait};

use super::Organiser;
use super::activities::terms;
use super::ledger::{NewEntry, append_to_chains, chain_heads, check_service, recorded_services};
use crate::batch::{Batcher, joined, joined_field, joined_lookup, joined_rows, joined_time};
use crate::identity::{live_tokens, token_hash, well_formed_token};
use crate::tx::{Author, Change, WriteTx, Writer};
use crate::{Actor, App, AppError};

/// How many check-ins one commit carries at most.
const GROUP: usize = 256;

/// How early before the start a volunteer may check in.
const EARLY_MINUTES: i64 = 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    In,
    Out,
}

/// What checking in at an activity needs of it, cached between writes.
pub(crate) struct Checkpoint {
    activity: volunteer_activity::Model,
    organiser: Organiser,
}

/// Who checks in: a signed-in account, or a bearer token's hash not looked up yet (the
/// writer looks its group's callers up together).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Caller {
    Account(i64),
    Token(String),
}

impl Caller {
    /// The caller a bearer token names; refused at once unless it has the shape of one.
    pub fn bearer(token: &str) -> Result<Self, AppError> {
        if !well_formed_token(token) {
            return Err(AppError::Unauthenticated);
        }
        Ok(Caller::Token(token_hash(token)))
    }
}

/// One check-in or check-out on its way to the writer.
pub struct CheckRequest {
    caller: Caller,
    /// The activity's checks made on arrival, or why they failed: told only to a caller
    /// the writer knows (an unknown token hears 401 first, whatever it presented).
    arrival: Result<Arrival, AppError>,
}

/// A check that passed the activity's own checks.
struct Arrival {
    direction: Direction,
    activity_id: i64,
    /// Whether the activity lets volunteers on its waiting list check in.
    waitlist_may_check_in: bool,
    description: String,
    organiser: Organiser,
    at: DateTime<Utc>,
}

/// An arrival whose caller turned out to be an active volunteer.
struct Admissible {
    volunteer_id: i64,
    arrival: Arrival,
}

#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct CheckOutcome {
    /// in or out
    pub direction: String,
    /// The server's time of the check.
    pub at: DateTime<Utc>,
    /// At check-out: the minutes recorded, waiting for the organiser's confirmation.
    pub minutes: Option<i64>,
    /// At check-out: the entry's number in the organiser's ledger.
    pub seq: Option<i64>,
}

pub type CheckBox = Batcher<CheckRequest, Result<CheckOutcome, AppError>>;

/// Starts the writer that records queued checks in groups.
pub fn check_box(writer: Writer, utc_offset_minutes: i32) -> CheckBox {
    let offset = FixedOffset::east_opt(utc_offset_minutes * 60).unwrap_or(FixedOffset::east_opt(0).expect("UTC"));
    Batcher::spawn(GROUP, move |group: Vec<CheckRequest>| {
        let writer = writer.clone();
        async move {
            let size = group.len();
            match check_group(&writer, offset, group).await {
                Ok(answers) => answers,
                Err(e) => {
                    tracing::error!(error = %e, "a group of check-ins failed; none of it was written");
                    (0..size).map(|_| Err(AppError::Internal("check-in failed; please try again".into()))).collect()
                }
            }
        }
    })
}

/// A check-out that passed, waiting for its ledger entry.
struct Departure {
    index: usize,
    open: volunteer_attendance::Model,
    entry: NewEntry,
    at: DateTime<Utc>,
    /// The activity's region, where the audit entry is filed.
    region_code: String,
}

/// Records a group in one transaction with a fixed number of statements whatever its size,
/// each lookup answering with one row where it can: the callers' volunteer records, their
/// open attendance and sign-ups and the service of those leaving are read at once, each
/// check is decided in memory in the queue's order (so a second tap in the same group sees
/// the first), then arrivals are inserted in one statement, every ledger's entries in one
/// more, the closed attendance in one upsert, and one audit entry per organiser and region.
async fn check_group(
    writer: &Writer,
    offset: FixedOffset,
    group: Vec<CheckRequest>,
) -> Result<Vec<Result<CheckOutcome, AppError>>, AppError> {
    let mut tx = WriteTx::begin_on(writer, Author { id: None, name: "check-in".into() }).await?;
    let callers = volunteers_of(tx.conn(), &group).await?;
    let mut answers: Vec<Result<CheckOutcome, AppError>> = Vec::with_capacity(group.len());
    let mut admissible = Vec::with_capacity(group.len());
    for r in group {
        let identity = match (&r.caller, callers.get(&r.caller)) {
            (_, Some(Some((id, status)))) if status == "active" => Ok(*id),
            (_, Some(Some(_))) => Err(AppError::Conflict(Violation::new("volunteer-not-active").on("status"))),
            (Caller::Token(_), None) => Err(AppError::Unauthenticated),
            _ => Err(AppError::Forbidden),
        };
        match identity.and_then(|volunteer_id| r.arrival.map(|arrival| Admissible { volunteer_id, arrival })) {
            Ok(a) => {
                admissible.push((answers.len(), a));
                answers.push(Ok(CheckOutcome::default()));
            }
            Err(e) => answers.push(Err(e)),
        }
    }
    let volunteers: Vec<i64> = admissible.iter().map(|(_, a)| a.volunteer_id).collect();
    let mut open = open_attendance(tx.conn(), volunteers).await?;
    let signed = signups(&tx, &admissible).await?;
    let leaving: Vec<i64> =
        admissible.iter().filter(|(_, a)| a.arrival.direction == Direction::Out).map(|(_, a)| a.volunteer_id).collect();
    let service = if leaving.is_empty() { HashMap::new() } else { recorded_services(tx.conn(), &leaving).await? };
    let mut arrivals = Vec::new();
    // One audit entry per organiser (and region) and group: who checked in or out where.
    let mut audited: BTreeMap<(String, String), Audited> = BTreeMap::new();
    let mut departures: BTreeMap<String, (Organiser, Vec<Departure>)> = BTreeMap::new();
    for (index, Admissible { volunteer_id, arrival: r }) in admissible {
        let admitted = match signed.get(&(r.activity_id, volunteer_id)).map(String::as_str) {
            Some("signed") => true,
            Some("waiting") => r.waitlist_may_check_in,
            _ => false,
        };
        let answer = match r.direction {
            _ if !admitted => Err(AppError::Conflict(Violation::new("checkin-not-signed-up").on("token"))),
            Direction::In => arrive(&mut open, volunteer_id, &r).map(|row| {
                arrivals.push(row);
                let key = (r.organiser.chain.clone(), r.organiser.region_code.clone());
                let detail =
                    serde_json::json!({ "activity_id": r.activity_id, "volunteer_id": volunteer_id, "at": r.at });
                audited.entry(key).or_default().arrived.push(detail);
            }),
            Direction::Out => leave(offset, &mut open, &service, volunteer_id, &r).map(|(open, entry)| {
                let (_, list) =
                    departures.entry(r.organiser.chain.clone()).or_insert_with(|| (r.organiser.clone(), vec![]));
                list.push(Departure { index, open, entry, at: r.at, region_code: r.organiser.region_code.clone() });
            }),
        };
        let direction = if r.direction == Direction::In { "in" } else { "out" };
        answers[index] =
            answer.map(|()| CheckOutcome { direction: direction.into(), at: r.at, minutes: None, seq: None });
    }
    if !arrivals.is_empty() {
        volunteer_attendance::Entity::insert_many(arrivals).exec_without_returning(tx.conn()).await?;
    }
    let mut closed = Vec::new();
    if !departures.is_empty() {
        let organisers: Vec<Organiser> = departures.values().map(|(organiser, _)| organiser.clone()).collect();
        let mut heads = chain_heads(tx.conn(), &organisers).await?;
        let mut chains = Vec::with_capacity(departures.len());
        let mut leaving = Vec::with_capacity(departures.len());
        for (chain, (_, list)) in departures {
            let head = heads.remove(&chain).ok_or_else(|| AppError::Internal("a chain head was not read".into()))?;
            chains.push((head, list.iter().map(|d| d.entry.clone()).collect()));
            leaving.push((chain, list));
        }
        let appended = append_to_chains(&tx, chains, "check-in").await?;
        for ((chain, list), (_, seqs)) in leaving.into_iter().zip(appended) {
            for (d, seq) in list.into_iter().zip(seqs) {
                let minutes = d.entry.minutes;
                if let Ok(outcome) = &mut answers[d.index] {
                    (outcome.minutes, outcome.seq) = (Some(minutes), Some(seq));
                }
                let detail = serde_json::json!({ "activity_id": d.open.activity_id, "volunteer_id": d.open.volunteer_id,
                    "seq": seq, "minutes": minutes, "at": d.at });
                audited.entry((chain.clone(), d.region_code.clone())).or_default().left.push(detail);
                closed.push(volunteer_attendance::ActiveModel {
                    id: Set(d.open.id),
                    activity_id: Set(d.open.activity_id),
                    volunteer_id: Set(d.open.volunteer_id),
                    checked_in_at: Set(d.open.checked_in_at),
                    checked_out_at: Set(Some(d.at)),
                    ledger_seq: Set(Some(seq)),
                });
            }
        }
    }
    if !closed.is_empty() {
        // Every row exists (read above, under the write lock): the upsert only updates.
        let close = OnConflict::column(volunteer_attendance::Column::Id)
            .update_columns([volunteer_attendance::Column::CheckedOutAt, volunteer_attendance::Column::LedgerSeq])
            .to_owned();
        volunteer_attendance::Entity::insert_many(closed).on_conflict(close).exec_without_returning(tx.conn()).await?;
    }
    let details: Vec<_> = audited
        .into_iter()
        .map(|((chain, region), a)| (chain, region, serde_json::json!({ "in": a.arrived, "out": a.left })))
        .collect();
    let changes = details
        .iter()
        .map(|(chain, region, after)| Change::new("check", "volunteer_chain", chain, region).after(after));
    tx.record_many(changes.collect()).await?;
    tx.commit().await?;
    Ok(answers)
}

/// What a group did at one organiser, for its audit entry.
#[derive(Default)]
struct Audited {
    arrived: Vec<serde_json::Value>,
    left: Vec<serde_json::Value>,
}

/// The volunteer record (id and status) of each caller of the group that has one, in one
/// query per kind of caller, each answering with one row. A token absent from the answer
/// opens nothing; one mapped to `None` opens an account that is no volunteer.
async fn volunteers_of(
    conn: &impl ConnectionTrait,
    group: &[CheckRequest],
) -> Result<HashMap<Caller, Option<(i64, String)>>, AppError> {
    let tokens: BTreeSet<&str> = group
        .iter()
        .filter_map(|r| if let Caller::Token(hash) = &r.caller { Some(hash.as_str()) } else { None })
        .collect();
    let accounts: BTreeSet<i64> =
        group.iter().filter_map(|r| if let Caller::Account(id) = r.caller { Some(id) } else { None }).collect();
    let record = |id: &str, status: &str| -> Result<Option<(i64, String)>, AppError> {
        if id.is_empty() { Ok(None) } else { Ok(Some((joined_field(id)?, status.to_string()))) }
    };
    let mut found = HashMap::new();
    let volunteer_id = "COALESCE(CAST(volunteers.id AS TEXT), '')";
    let status = "COALESCE(volunteers.status, '')";
    if !tokens.is_empty() {
        let query = live_tokens()
            .left_join(
                volunteer::Entity,
                Expr::col((volunteer::Entity, volunteer::Column::AccountId))
                    .equals((api_token::Entity, api_token::Column::AccountId)),
            )
            .expr_as(joined(&["api_tokens.token_hash", volunteer_id, status]), Alias::new("found"))
            .and_where(Expr::col((api_token::Entity, api_token::Column::TokenHash)).is_in(tokens))
            .to_owned();
        for row in joined_rows(joined_lookup(conn, &query).await?.as_deref()) {
            let [hash, id, status] = row?;
            found.insert(Caller::Token(hash.to_string()), record(id, status)?);
        }
    }
    if !accounts.is_empty() {
        let query = Query::select()
            .from(volunteer::Entity)
            .expr_as(joined(&["CAST(volunteers.account_id AS TEXT)", volunteer_id, status]), Alias::new("found"))
            .and_where(Expr::col((volunteer::Entity, volunteer::Column::AccountId)).is_in(accounts))
            .to_owned();
        for row in joined_rows(joined_lookup(conn, &query).await?.as_deref()) {
            let [account, id, status] = row?;
            found.insert(Caller::Account(joined_field(account)?), record(id, status)?);
        }
    }
    Ok(found)
}

/// The attendance of each of the volunteers that is open (checked in, not out), in one
/// query of one row.
async fn open_attendance(
    conn: &impl ConnectionTrait,
    volunteers: Vec<i64>,
) -> Result<HashMap<i64, volunteer_attendance::Model>, AppError> {
    let query = Query::select()
        .from(volunteer_attendance::Entity)
        .expr_as(
            joined(&[
                "CAST(id AS TEXT)",
                "CAST(activity_id AS TEXT)",
                "CAST(volunteer_id AS TEXT)",
                "CAST(checked_in_at AS TEXT)",
            ]),
            Alias::new("found"),
        )
        .and_where(volunteer_attendance::Column::VolunteerId.is_in(volunteers))
        .and_where(volunteer_attendance::Column::CheckedOutAt.is_null())
        .to_owned();
    let mut open = HashMap::new();
    for row in joined_rows(joined_lookup(conn, &query).await?.as_deref()) {
        let [id, activity_id, volunteer_id, checked_in_at] = row?;
        let row = volunteer_attendance::Model {
            id: joined_field(id)?,
            activity_id: joined_field(activity_id)?,
            volunteer_id: joined_field(volunteer_id)?,
            checked_in_at: joined_time(checked_in_at)?,
            checked_out_at: None,
            ledger_seq: None,
        };
        open.insert(row.volunteer_id, row);
    }
    Ok(open)
}

/// The sign-up status of each (activity, volunteer) of the group, in one query of one row.
async fn signups(tx: &WriteTx, group: &[(usize, Admissible)]) -> Result<HashMap<(i64, i64), String>, AppError> {
    let activities: BTreeSet<i64> = group.iter().map(|(_, a)| a.arrival.activity_id).collect();
    let query = Query::select()
        .from(volunteer_signup::Entity)
        .expr_as(joined(&["CAST(activity_id AS TEXT)", "CAST(volunteer_id AS TEXT)", "status"]), Alias::new("found"))
        .and_where(volunteer_signup::Column::VolunteerId.is_in(group.iter().map(|(_, a)| a.volunteer_id)))
        // The unary plus keeps this term off the (activity, volunteer) index: with both
        // lists on it SQLite seeks every pair of the two (64 × 60 seeks instead of 64).
        .and_where(Expr::cust("+volunteer_signups.activity_id").is_in(activities))
        .to_owned();
    let mut found = HashMap::new();
    for row in joined_rows(joined_lookup(tx.conn(), &query).await?.as_deref()) {
        let [activity, volunteer, status] = row?;
        found.insert((joined_field(activity)?, joined_field(volunteer)?), status.to_string());
    }
    Ok(found)
}

/// A check-in, unless the volunteer is checked in already (in this group too).
fn arrive(
    open: &mut HashMap<i64, volunteer_attendance::Model>,
    volunteer_id: i64,
    r: &Arrival,
) -> Result<volunteer_attendance::ActiveModel, AppError> {
    check_in(open.get(&volunteer_id).map(|o| o.checked_in_at)).map_err(|v| AppError::Conflict(v.on("token")))?;
    let row = volunteer_attendance::Model {
        id: 0,
        activity_id: r.activity_id,
        volunteer_id,
        checked_in_at: r.at,
        checked_out_at: None,
        ledger_seq: None,
    };
    open.insert(volunteer_id, row);
    Ok(volunteer_attendance::ActiveModel {
        activity_id: Set(r.activity_id),
        volunteer_id: Set(volunteer_id),
        checked_in_at: Set(r.at),
        checked_out_at: Set(None),
        ledger_seq: Set(None),
        ..Default::default()
    })
}

/// A check-out of the attendance open at the activity, as the entry it becomes.
fn leave(
    offset: FixedOffset,
    open: &mut HashMap<i64, volunteer_attendance::Model>,
    service: &HashMap<i64, Recorded>,
    volunteer_id: i64,
    r: &Arrival,
) -> Result<(volunteer_attendance::Model, NewEntry), AppError> {
    let Some(found) = open.get(&volunteer_id).filter(|o| o.activity_id == r.activity_id).cloned() else {
        return Err(AppError::Conflict(Violation::new("checkout-without-checkin").on("token")));
    };
    let minutes = (r.at - found.checked_in_at).num_minutes();
    if minutes < 1 {
        return Err(AppError::Conflict(Violation::new("checkout-too-soon").on("token")));
    }
    let start = found.checked_in_at.with_timezone(&offset);
    let new = NewEntry {
        volunteer_id,
        activity_id: Some(r.activity_id),
        span: Some((start, minutes)),
        served_on: start.date_naive(),
        minutes,
        source: Source::Qr,
        corrects: None,
        description: r.description.clone(),
    };
    check_service(service.get(&volunteer_id).unwrap_or(&Recorded::default()), &new)?;
    open.remove(&volunteer_id);
    Ok((found, new))
}

impl App {
    /// The token the activity's QR code shows this minute, for its organiser.
    pub async fn checkin_token(&self, actor: &Actor, activity_id: i64) -> Result<String, AppError> {
        let a = volunteer_activity::Entity::find_by_id(activity_id).one(&self.db).await?.ok_or(AppError::NotFound)?;
        self.chain_organiser(&self.db, actor, &a.chain).await?;
        Ok(token(a.checkin_secret.as_bytes(), a.id, Utc::now()))
    }

    /// Checks the caller's volunteer record in or out of an activity with the token of its
    /// QR code, at the server's time, from where the phone says it is (if the activity asks).
    pub async fn check(
        &self,
        caller: Caller,
        activity_id: i64,
        direction: Direction,
        presented: &str,
        at: Option<(f64, f64)>,
    ) -> Result<CheckOutcome, AppError> {
        let arrival = self.arrival(activity_id, direction, presented, at).await;
        let request = CheckRequest { caller, arrival };
        self.check_box.submit(request).await.map_err(|e| AppError::Internal(e.to_string()))?
    }

    /// The activity's own checks of a check-in or check-out: the QR token of this minute
    /// or the last, the time, insurance and distance. Who checks in, and their sign-up, the
    /// writer checks under its lock with the group's others.
    async fn arrival(
        &self,
        activity_id: i64,
        direction: Direction,
        presented: &str,
        at: Option<(f64, f64)>,
    ) -> Result<Arrival, AppError> {
        let checkpoint = self.checkpoint(activity_id).await?;
        let Checkpoint { activity: a, organiser } = &*checkpoint;
        let now = Utc::now();
        check_token(a.checkin_secret.as_bytes(), a.id, presented, now).map_err(|v| AppError::invalid("token", v))?;
        if direction == Direction::In {
            if now < a.starts_at - Duration::minutes(EARLY_MINUTES) || now > a.ends_at {
                return Err(AppError::Conflict(Violation::new("checkin-outside-time").on("token")));
            }
            terms(a).check_insured(a.insurance_policy.as_deref()).map_err(|v| AppError::Conflict(v.on("token")))?;
            let place = match (a.latitude, a.longitude, a.radius_m) {
                (Some(latitude), Some(longitude), Some(r)) => {
                    Some((Place { latitude, longitude }, u32::try_from(r).unwrap_or(0)))
                }
                _ => None,
            };
            let at = at.map(|(latitude, longitude)| Place { latitude, longitude });
            check_distance(place, at).map_err(|v| AppError::invalid("location", v))?;
        }
        Ok(Arrival {
            direction,
            activity_id: a.id,
            waitlist_may_check_in: a.waitlist_may_check_in,
            description: a.title.clone(),
            organiser: organiser.clone(),
            at: now,
        })
    }

    /// The activity and its organiser, from memory unless something was written since
    /// (check-ins themselves leave the epoch alone: they change neither).
    async fn checkpoint(&self, activity_id: i64) -> Result<Arc<Checkpoint>, AppError> {
        let epoch = self.epoch.current();
        if let Some(found) = self.checkpoints.get(&activity_id, epoch) {
            return Ok(found);
        }
        let a = volunteer_activity::Entity::find_by_id(activity_id).one(&self.db).await?.ok_or(AppError::NotFound)?;
        let organiser = self.activity_organiser(&a).await?;
        let found = Arc::new(Checkpoint { activity: a, organiser });
        self.checkpoints.put(activity_id, epoch, Arc::clone(&found));
        Ok(found)
    }

    /// The organiser whose ledger an activity writes to.
    async fn activity_organiser(&self, a: &volunteer_activity::Model) -> Result<Organiser, AppError> {
        if let Some(found) = volunteer_chain::Entity::find_by_id(a.chain.clone()).one(&self.db).await? {
            return Ok(Organiser { chain: found.chain, issuer: found.issuer, region_code: a.region_code.clone() });
        }
        let issuer = match a.chain.strip_prefix("org-").and_then(|id| id.parse::<i64>().ok()) {
            Some(id) => store::entity::organization::Entity::find_by_id(id)
                .one(&self.db)
                .await?
                .map(|o| o.name)
                .unwrap_or_default(),
            None => self.regions().lineage(&a.region_code).iter().map(|n| n.name.as_str()).collect::<String>(),
        };
        Ok(Organiser { chain: a.chain.clone(), issuer, region_code: a.region_code.clone() })
    }
}
