//! QR check-in and check-out: the volunteer's phone sends the token of the code shown at
//! the activity; the time is the server's. Checks that need no lock are made on arrival;
//! the rest, and the writes, in a group-commit writer (as ballots), so each answer comes
//! after its attendance row and, at check-out, its ledger entry are committed.

use std::collections::HashMap;

use chrono::{DateTime, Duration, FixedOffset, Utc};
use domain::Violation;
use domain::volunteer::activity::{Place, check_distance};
use domain::volunteer::checkin::{check_in, check_token, token};
use domain::volunteer::ledger::Source;
use serde::Serialize;
use store::entity::{volunteer_activity, volunteer_attendance, volunteer_chain, volunteer_signup};
use store::sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

use super::Organiser;
use super::activities::{active_volunteer, terms};
use super::ledger::{NewEntry, append, chain_head, check_service, recorded_service};
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

/// One check-in or check-out on its way to the writer.
pub struct CheckRequest {
    direction: Direction,
    activity_id: i64,
    volunteer_id: i64,
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

/// A change to audit once the group is written.
struct Audited {
    action: &'static str,
    entity: &'static str,
    id: i64,
    region: String,
    after: serde_json::Value,
}

async fn check_group(
    writer: &Writer,
    offset: FixedOffset,
    group: Vec<CheckRequest>,
) -> Result<Vec<Result<CheckOutcome, AppError>>, AppError> {
    let mut tx = WriteTx::begin_on(writer, Author { id: None, name: "check-in".into() }).await?;
    let mut heads: HashMap<String, volunteer_chain::Model> = HashMap::new();
    let mut audited = Vec::new();
    let mut answers = Vec::with_capacity(group.len());
    for request in group {
        let answer = match request.direction {
            Direction::In => check_in_one(&tx, &request, &mut audited).await?,
            Direction::Out => check_out_one(&tx, offset, &request, &mut heads, &mut audited).await?,
        };
        answers.push(answer);
    }
    let changes = audited.iter().map(|a| Change::new(a.action, a.entity, a.id, &a.region).after(&a.after)).collect();
    tx.record_many(changes).await?;
    tx.commit().await?;
    Ok(answers)
}

/// The volunteer's attendance still open (anywhere), in the writer's transaction.
async fn open_attendance(tx: &WriteTx, volunteer_id: i64) -> Result<Option<volunteer_attendance::Model>, AppError> {
    Ok(volunteer_attendance::Entity::find()
        .filter(volunteer_attendance::Column::VolunteerId.eq(volunteer_id))
        .filter(volunteer_attendance::Column::CheckedOutAt.is_null())
        .one(tx.conn())
        .await?)
}

async fn check_in_one(
    tx: &WriteTx,
    r: &CheckRequest,
    audited: &mut Vec<Audited>,
) -> Result<Result<CheckOutcome, AppError>, AppError> {
    let open = open_attendance(tx, r.volunteer_id).await?;
    if let Err(v) = check_in(open.map(|o| o.checked_in_at)) {
        return Ok(Err(AppError::Conflict(v.on("token"))));
    }
    let row = volunteer_attendance::ActiveModel {
        activity_id: Set(r.activity_id),
        volunteer_id: Set(r.volunteer_id),
        checked_in_at: Set(r.at),
        checked_out_at: Set(None),
        ledger_seq: Set(None),
        ..Default::default()
    };
    let id = volunteer_attendance::Entity::insert(row).exec(tx.conn()).await?.last_insert_id;
    audited.push(Audited {
        action: "check-in",
        entity: "volunteer_attendance",
        id,
        region: r.organiser.region_code.clone(),
        after: serde_json::json!({ "activity_id": r.activity_id, "volunteer_id": r.volunteer_id, "at": r.at }),
    });
    Ok(Ok(CheckOutcome { direction: "in".into(), at: r.at, minutes: None, seq: None }))
}

async fn check_out_one(
    tx: &WriteTx,
    offset: FixedOffset,
    r: &CheckRequest,
    heads: &mut HashMap<String, volunteer_chain::Model>,
    audited: &mut Vec<Audited>,
) -> Result<Result<CheckOutcome, AppError>, AppError> {
    let open = open_attendance(tx, r.volunteer_id).await?.filter(|o| o.activity_id == r.activity_id);
    let Some(open) = open else {
        return Ok(Err(AppError::Conflict(Violation::new("checkout-without-checkin").on("token"))));
    };
    let minutes = (r.at - open.checked_in_at).num_minutes();
    if minutes < 1 {
        return Ok(Err(AppError::Conflict(Violation::new("checkout-too-soon").on("token"))));
    }
    let start = open.checked_in_at.with_timezone(&offset);
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
    if let Err(e) = check_service(&recorded_service(tx.conn(), r.volunteer_id, None).await?, &new) {
        return Ok(Err(e));
    }
    let head = match heads.entry(r.organiser.chain.clone()) {
        std::collections::hash_map::Entry::Occupied(found) => found.into_mut(),
        std::collections::hash_map::Entry::Vacant(slot) => slot.insert(chain_head(tx.conn(), &r.organiser).await?),
    };
    let seq = append(tx, head, vec![new], "check-in").await?[0];
    volunteer_attendance::Entity::update(volunteer_attendance::ActiveModel {
        id: Set(open.id),
        checked_out_at: Set(Some(r.at)),
        ledger_seq: Set(Some(seq)),
        ..Default::default()
    })
    .exec(tx.conn())
    .await?;
    audited.push(Audited {
        action: "check-out",
        entity: "volunteer_attendance",
        id: open.id,
        region: r.organiser.region_code.clone(),
        after: serde_json::json!({ "chain": r.organiser.chain, "seq": seq, "minutes": minutes, "at": r.at }),
    });
    Ok(Ok(CheckOutcome { direction: "out".into(), at: r.at, minutes: Some(minutes), seq: Some(seq) }))
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
        let a = volunteer_activity::Entity::find_by_id(activity_id).one(&self.db).await?.ok_or(AppError::NotFound)?;
        let now = Utc::now();
        check_token(a.checkin_secret.as_bytes(), a.id, presented, now).map_err(|v| AppError::invalid("token", v))?;
        let signup = volunteer_signup::Entity::find()
            .filter(volunteer_signup::Column::ActivityId.eq(a.id))
            .filter(volunteer_signup::Column::VolunteerId.eq(v.id))
            .one(&self.db)
            .await?;
        let admitted = match signup.as_ref().map(|s| s.status.as_str()) {
            Some("signed") => true,
            Some("waiting") => a.waitlist_may_check_in,
            _ => false,
        };
        if !admitted {
            return Err(AppError::Conflict(Violation::new("checkin-not-signed-up").on("token")));
        }
        if direction == Direction::In {
            if now < a.starts_at - Duration::minutes(EARLY_MINUTES) || now > a.ends_at {
                return Err(AppError::Conflict(Violation::new("checkin-outside-time").on("token")));
            }
            terms(&a).check_insured(a.insurance_policy.as_deref()).map_err(|v| AppError::Conflict(v.on("token")))?;
            let place = match (a.latitude, a.longitude, a.radius_m) {
                (Some(latitude), Some(longitude), Some(r)) => {
                    Some((Place { latitude, longitude }, u32::try_from(r).unwrap_or(0)))
                }
                _ => None,
            };
            let at = at.map(|(latitude, longitude)| Place { latitude, longitude });
            check_distance(place, at).map_err(|v| AppError::invalid("location", v))?;
        }
        let organiser = self.activity_organiser(&a).await?;
        let request = CheckRequest {
            direction,
            activity_id: a.id,
            volunteer_id: v.id,
            description: a.title.clone(),
            organiser,
            at: now,
        };
        self.check_box.submit(request).await.map_err(|e| AppError::Internal(e.to_string()))?
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
