//! QR check-in and check-out: the volunteer's phone sends the token of the code shown at
//! the activity; the time is the server's. Checks that need no lock are made on arrival;
//! the rest, and the writes, in a group-commit writer (as ballots), so each answer comes
//! after its attendance row and, at check-out, its ledger entry are committed.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use chrono::{DateTime, Duration, FixedOffset, Utc};
use domain::Violation;
use domain::volunteer::activity::{Place, check_distance};
use domain::volunteer::checkin::{check_in, check_token, token};
use domain::volunteer::ledger::Source;
use domain::volunteer::service::Recorded;
use serde::Serialize;
use store::entity::{volunteer_activity, volunteer_attendance, volunteer_chain, volunteer_signup};
use store::sea_orm::sea_query::OnConflict;
use store::sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

use super::Organiser;
use super::activities::{active_volunteer, terms};
use super::ledger::{NewEntry, append, chain_head, check_service, recorded_services};
use crate::batch::Batcher;
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

/// One check-in or check-out on its way to the writer.
pub struct CheckRequest {
    direction: Direction,
    activity_id: i64,
    volunteer_id: i64,
    /// Whether the activity lets volunteers on its waiting list check in.
    waitlist_may_check_in: bool,
    description: String,
    organiser: Organiser,
    at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
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
}

/// Records a group in one transaction with a fixed number of statements whatever its size:
/// the open attendance of its volunteers and the service of those leaving are read at once,
/// each check is decided in memory in the queue's order (so a second tap in the same group
/// sees the first), then arrivals are inserted in one statement, each ledger gets its
/// entries in one append, and the closed attendance is written in one upsert.
async fn check_group(
    writer: &Writer,
    offset: FixedOffset,
    group: Vec<CheckRequest>,
) -> Result<Vec<Result<CheckOutcome, AppError>>, AppError> {
    let mut tx = WriteTx::begin_on(writer, Author { id: None, name: "check-in".into() }).await?;
    let volunteers: Vec<i64> = group.iter().map(|r| r.volunteer_id).collect();
    let mut open: HashMap<i64, volunteer_attendance::Model> = volunteer_attendance::Entity::find()
        .filter(volunteer_attendance::Column::VolunteerId.is_in(volunteers))
        .filter(volunteer_attendance::Column::CheckedOutAt.is_null())
        .all(tx.conn())
        .await?
        .into_iter()
        .map(|row| (row.volunteer_id, row))
        .collect();
    let signed = signups(&tx, &group).await?;
    let leaving: Vec<i64> = group.iter().filter(|r| r.direction == Direction::Out).map(|r| r.volunteer_id).collect();
    let service = if leaving.is_empty() { HashMap::new() } else { recorded_services(tx.conn(), &leaving).await? };
    let mut answers = Vec::with_capacity(group.len());
    let mut arrivals = Vec::new();
    let mut departures: BTreeMap<String, (Organiser, Vec<Departure>)> = BTreeMap::new();
    for (index, r) in group.into_iter().enumerate() {
        let admitted = match signed.get(&(r.activity_id, r.volunteer_id)).map(String::as_str) {
            Some("signed") => true,
            Some("waiting") => r.waitlist_may_check_in,
            _ => false,
        };
        let answer = match r.direction {
            _ if !admitted => Err(AppError::Conflict(Violation::new("checkin-not-signed-up").on("token"))),
            Direction::In => {
                arrive(&mut open, &r).map(|row| arrivals.push((r.volunteer_id, r.organiser.region_code.clone(), row)))
            }
            Direction::Out => leave(offset, &mut open, &service, &r).map(|(open, entry)| {
                let (_, list) =
                    departures.entry(r.organiser.chain.clone()).or_insert_with(|| (r.organiser.clone(), vec![]));
                list.push(Departure { index, open, entry, at: r.at });
            }),
        };
        let direction = if r.direction == Direction::In { "in" } else { "out" };
        answers.push(answer.map(|()| CheckOutcome { direction: direction.into(), at: r.at, minutes: None, seq: None }));
    }
    let mut audited = Vec::new();
    if !arrivals.is_empty() {
        let rows = arrivals.iter().map(|(_, _, row)| row.clone());
        // Matched back by volunteer (one open attendance each): RETURNING has no set order.
        let inserted = volunteer_attendance::Entity::insert_many(rows).exec_with_returning(tx.conn()).await?;
        let regions: HashMap<i64, String> =
            arrivals.into_iter().map(|(volunteer, region, _)| (volunteer, region)).collect();
        for row in inserted {
            let region = regions.get(&row.volunteer_id).cloned().unwrap_or_default();
            let after = serde_json::json!({ "activity_id": row.activity_id, "volunteer_id": row.volunteer_id,
                "at": row.checked_in_at });
            audited.push(("check-in", row.id, region, after));
        }
    }
    let mut closed = Vec::new();
    for (chain, (organiser, list)) in departures {
        let mut head = chain_head(tx.conn(), &organiser).await?;
        let entries = list.iter().map(|d| d.entry.clone()).collect();
        let seqs = append(&tx, &mut head, entries, "check-in").await?;
        for (d, seq) in list.into_iter().zip(seqs) {
            let minutes = d.entry.minutes;
            if let Ok(outcome) = &mut answers[d.index] {
                (outcome.minutes, outcome.seq) = (Some(minutes), Some(seq));
            }
            let after = serde_json::json!({ "chain": chain, "seq": seq, "minutes": minutes, "at": d.at });
            audited.push(("check-out", d.open.id, organiser.region_code.clone(), after));
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
    if !closed.is_empty() {
        // Every row exists (read above, under the write lock): the upsert only updates.
        let close = OnConflict::column(volunteer_attendance::Column::Id)
            .update_columns([volunteer_attendance::Column::CheckedOutAt, volunteer_attendance::Column::LedgerSeq])
            .to_owned();
        volunteer_attendance::Entity::insert_many(closed).on_conflict(close).exec_without_returning(tx.conn()).await?;
    }
    let changes = audited
        .iter()
        .map(|(action, id, region, after)| Change::new(action, "volunteer_attendance", id, region).after(after))
        .collect();
    tx.record_many(changes).await?;
    tx.commit().await?;
    Ok(answers)
}

/// The sign-up status of each (activity, volunteer) of the group, in one query.
async fn signups(tx: &WriteTx, group: &[CheckRequest]) -> Result<HashMap<(i64, i64), String>, AppError> {
    let activities: BTreeSet<i64> = group.iter().map(|r| r.activity_id).collect();
    let rows = volunteer_signup::Entity::find()
        .filter(volunteer_signup::Column::VolunteerId.is_in(group.iter().map(|r| r.volunteer_id)))
        .filter(volunteer_signup::Column::ActivityId.is_in(activities))
        .all(tx.conn())
        .await?;
    Ok(rows.into_iter().map(|s| ((s.activity_id, s.volunteer_id), s.status)).collect())
}

/// A check-in, unless the volunteer is checked in already (in this group too).
fn arrive(
    open: &mut HashMap<i64, volunteer_attendance::Model>,
    r: &CheckRequest,
) -> Result<volunteer_attendance::ActiveModel, AppError> {
    check_in(open.get(&r.volunteer_id).map(|o| o.checked_in_at)).map_err(|v| AppError::Conflict(v.on("token")))?;
    let row = volunteer_attendance::Model {
        id: 0,
        activity_id: r.activity_id,
        volunteer_id: r.volunteer_id,
        checked_in_at: r.at,
        checked_out_at: None,
        ledger_seq: None,
    };
    open.insert(r.volunteer_id, row);
    Ok(volunteer_attendance::ActiveModel {
        activity_id: Set(r.activity_id),
        volunteer_id: Set(r.volunteer_id),
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
    r: &CheckRequest,
) -> Result<(volunteer_attendance::Model, NewEntry), AppError> {
    let Some(found) = open.get(&r.volunteer_id).filter(|o| o.activity_id == r.activity_id).cloned() else {
        return Err(AppError::Conflict(Violation::new("checkout-without-checkin").on("token")));
    };
    let minutes = (r.at - found.checked_in_at).num_minutes();
    if minutes < 1 {
        return Err(AppError::Conflict(Violation::new("checkout-too-soon").on("token")));
    }
    let start = found.checked_in_at.with_timezone(&offset);
    let new = NewEntry {
        volunteer_id: r.volunteer_id,
        activity_id: Some(r.activity_id),
        span: Some((start, minutes)),
        served_on: start.date_naive(),
        minutes,
        source: Source::Qr,
        corrects: None,
        description: r.description.clone(),
    };
    check_service(service.get(&r.volunteer_id).unwrap_or(&Recorded::default()), &new)?;
    open.remove(&r.volunteer_id);
    Ok((found, new))
}

impl App {
    /// The token the activity's QR code shows this minute, for its organiser.
    pub async fn checkin_token(&self, actor: &Actor, activity_id: i64) -> Result<String, AppError> {
        let a = volunteer_activity::Entity::find_by_id(activity_id).one(&self.db).await?.ok_or(AppError::NotFound)?;
        self.chain_organiser(&self.db, actor, &a.chain).await?;
        Ok(token(a.checkin_secret.as_bytes(), a.id, Utc::now()))
    }

    /// Checks the actor's volunteer in or out of an activity with the token of its QR
    /// code, at the server's time, from where the phone says it is (if the activity asks).
    pub async fn check(
        &self,
        actor: &Actor,
        activity_id: i64,
        direction: Direction,
        presented: &str,
        at: Option<(f64, f64)>,
    ) -> Result<CheckOutcome, AppError> {
        let v = active_volunteer(self, actor).await?;
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
        // The sign-up is checked by the writer, under its lock, with the group's others.
        let request = CheckRequest {
            direction,
            activity_id: a.id,
            volunteer_id: v.id,
            waitlist_may_check_in: a.waitlist_may_check_in,
            description: a.title.clone(),
            organiser: organiser.clone(),
            at: now,
        };
        self.check_box.submit(request).await.map_err(|e| AppError::Internal(e.to_string()))?
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
