//! Activities: an organiser's time, place, capacity and service field, the province's
//! safeguards, and sign-up with a waiting list.

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use domain::Violation;
use domain::volunteer::activity::Terms;
use rand::RngCore;
use serde::{Deserialize, Serialize};
use store::entity::{person, volunteer_activity, volunteer_signup};
use store::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter,
    QueryOrder,
};

use super::registry::SERVICE_FIELDS;
use crate::error::{Checks, optional_text, required_text};
use crate::tx::{Change, WriteTx};
use crate::{Actor, App, AppError};

/// An activity as the organiser types it; times are local (YYYY-MM-DDTHH:MM).
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct NewActivity {
    /// Where it takes place; an office organises in its own regions.
    pub region_code: String,
    pub title: String,
    pub place: String,
    pub service_field: String,
    pub starts_at: String,
    pub ends_at: String,
    pub capacity: Option<i32>,
    pub risky: bool,
    pub large_event: bool,
    pub outside_province: bool,
    pub emergency_rescue: bool,
    pub agreement_on_request: bool,
    /// The accident-insurance policy; required before a risky activity takes volunteers.
    pub insurance_policy: String,
    /// Whether volunteers on the waiting list may check in (when places are left over).
    pub waitlist_may_check_in: bool,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// Check-ins only within this many metres of the place.
    pub radius_m: Option<i32>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ActivityView {
    pub id: i64,
    pub chain: String,
    pub region_code: String,
    pub title: String,
    pub place: String,
    pub service_field: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub capacity: i32,
    pub signed: u64,
    pub waiting: u64,
    pub risky: bool,
    pub insured: bool,
    pub needs_agreement: bool,
    pub emergency_rescue: bool,
    pub waitlist_may_check_in: bool,
    pub located: bool,
}

/// Where a sign-up landed.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SignupOutcome {
    /// signed or waiting
    pub status: String,
}

pub(super) fn terms(a: &volunteer_activity::Model) -> Terms {
    Terms {
        risky: a.risky,
        large_event: a.large_event,
        outside_province: a.outside_province,
        emergency_rescue: a.emergency_rescue,
        on_request: a.agreement_on_request,
        starts_at: a.starts_at,
        ends_at: a.ends_at,
    }
}

impl App {
    fn local_time(&self, text: &str) -> Result<DateTime<Utc>, Violation> {
        let text = text.trim();
        if text.is_empty() {
            return Err(Violation::new("required"));
        }
        let naive = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M")
            .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M"))
            .map_err(|_| Violation::new("datetime-format"))?;
        let offset = chrono::FixedOffset::east_opt(self.settings.utc_offset_minutes * 60)
            .ok_or(Violation::new("datetime-format"))?;
        offset
            .from_local_datetime(&naive)
            .single()
            .map(|t| t.with_timezone(&Utc))
            .ok_or(Violation::new("datetime-format"))
    }

    /// Creates an activity in the actor's ledger (its organisation's or the office's).
    pub async fn add_activity(&self, actor: &Actor, input: NewActivity) -> Result<i64, AppError> {
        let tree = self.regions();
        if tree.get(input.region_code.trim()).is_none() {
            return Err(AppError::invalid("region_code", Violation::new("region-unknown")));
        }
        let region = input.region_code.trim().to_string();
        let organiser = self.organiser_for(&self.db, actor, &region).await?;
        let mut checks = Checks::default();
        let title = checks.field("title", required_text(&input.title, 100));
        let place = checks.field("place", required_text(&input.place, 200));
        let field = checks.field(
            "service_field",
            SERVICE_FIELDS
                .iter()
                .find(|f| **f == input.service_field.trim())
                .map(|f| f.to_string())
                .ok_or(Violation::new("unknown-choice")),
        );
        let starts_at = checks.field("starts_at", self.local_time(&input.starts_at));
        let ends_at = checks.field("ends_at", self.local_time(&input.ends_at));
        let capacity = checks.field(
            "capacity",
            match input.capacity {
                None => Err(Violation::new("required")),
                Some(c) if !(1..=10_000).contains(&c) => Err(Violation::new("capacity-range").with("max", 10_000)),
                Some(c) => Ok(c),
            },
        );
        let policy = checks.field("insurance_policy", optional_text(&input.insurance_policy, 60));
        let located = match (input.latitude, input.longitude, input.radius_m) {
            (None, None, None) => None,
            (Some(lat), Some(lon), Some(r))
                if (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon) && (10..=50_000).contains(&r) =>
            {
                Some((lat, lon, r))
            }
            _ => {
                checks.push(Violation::new("location-incomplete").on("radius_m"));
                None
            }
        };
        let (title, place, field, starts_at, ends_at, capacity, policy) =
            checks.finish_with((title, place, field, starts_at, ends_at, capacity, policy))?;
        if ends_at <= starts_at {
            return Err(AppError::invalid("ends_at", Violation::new("date-before-start")));
        }
        let mut secret = [0u8; 16];
        rand::rng().fill_bytes(&mut secret);
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let row = volunteer_activity::ActiveModel {
            chain: Set(organiser.chain.clone()),
            region_code: Set(region.clone()),
            title: Set(title.clone()),
            place: Set(place.clone()),
            service_field: Set(field.clone()),
            starts_at: Set(starts_at),
            ends_at: Set(ends_at),
            capacity: Set(capacity),
            risky: Set(input.risky),
            large_event: Set(input.large_event),
            outside_province: Set(input.outside_province),
            emergency_rescue: Set(input.emergency_rescue),
            agreement_on_request: Set(input.agreement_on_request),
            insurance_policy: Set((!policy.is_empty()).then_some(policy.clone())),
            waitlist_may_check_in: Set(input.waitlist_may_check_in),
            latitude: Set(located.map(|l| l.0)),
            longitude: Set(located.map(|l| l.1)),
            radius_m: Set(located.map(|l| l.2)),
            checkin_secret: Set(hex::encode(secret)),
            created_by: Set(actor.username.clone()),
            created_at: Set(Utc::now()),
            ..Default::default()
        };
        let id = volunteer_activity::Entity::insert(row).exec(tx.conn()).await?.last_insert_id;
        let after = serde_json::json!({ "chain": organiser.chain, "title": title, "place": place, "service_field": field,
            "starts_at": starts_at, "ends_at": ends_at, "capacity": capacity, "risky": input.risky,
            "insurance_policy": policy, "emergency_rescue": input.emergency_rescue });
        tx.record(Change::new("create", "volunteer_activity", id, &region).after(&after)).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The activity, for anyone signed in: volunteers find and sign up for them.
    pub async fn activity(&self, id: i64) -> Result<ActivityView, AppError> {
        let a = volunteer_activity::Entity::find_by_id(id).one(&self.db).await?.ok_or(AppError::NotFound)?;
        self.activity_view(a).await
    }

    async fn activity_view(&self, a: volunteer_activity::Model) -> Result<ActivityView, AppError> {
        let count = |status: &'static str| {
            volunteer_signup::Entity::find()
                .filter(volunteer_signup::Column::ActivityId.eq(a.id))
                .filter(volunteer_signup::Column::Status.eq(status))
                .count(&self.db)
        };
        let (signed, waiting) = (count("signed").await?, count("waiting").await?);
        let t = terms(&a);
        Ok(ActivityView {
            id: a.id,
            chain: a.chain,
            region_code: a.region_code,
            title: a.title,
            place: a.place,
            service_field: a.service_field,
            starts_at: a.starts_at,
            ends_at: a.ends_at,
            capacity: a.capacity,
            signed,
            waiting,
            risky: a.risky,
            insured: a.insurance_policy.is_some(),
            needs_agreement: t.needs_agreement(),
            emergency_rescue: a.emergency_rescue,
            waitlist_may_check_in: a.waitlist_may_check_in,
            located: a.radius_m.is_some(),
        })
    }

    /// Activities not yet ended, soonest first (the volunteer's list), or all of one ledger.
    pub async fn activities(&self, chain: Option<&str>) -> Result<Vec<ActivityView>, AppError> {
        let mut query = volunteer_activity::Entity::find().order_by_asc(volunteer_activity::Column::StartsAt);
        query = match chain {
            Some(chain) => query.filter(volunteer_activity::Column::Chain.eq(chain)),
            None => query.filter(volunteer_activity::Column::EndsAt.gt(Utc::now())),
        };
        let mut views = Vec::new();
        for a in query.all(&self.db).await? {
            views.push(self.activity_view(a).await?);
        }
        Ok(views)
    }

    /// Signs the actor's own volunteer record up: a place while there is one, else the
    /// waiting list. Refused for an uninsured risky activity, a minor on emergency rescue,
    /// and without the agreement where one is required.
    pub async fn sign_up(
        &self,
        actor: &Actor,
        activity_id: i64,
        agreement_signed: bool,
    ) -> Result<SignupOutcome, AppError> {
        let v = self.own_volunteer(actor).await?.ok_or(AppError::Forbidden)?;
        if v.status != "active" {
            return Err(AppError::Conflict(Violation::new("volunteer-not-active").on("status")));
        }
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let a = volunteer_activity::Entity::find_by_id(activity_id).one(tx.conn()).await?.ok_or(AppError::NotFound)?;
        if a.ends_at <= Utc::now() {
            return Err(AppError::Conflict(Violation::new("activity-ended").on("activity")));
        }
        let t = terms(&a);
        t.check_insured(a.insurance_policy.as_deref()).map_err(|v| AppError::Conflict(v.on("activity")))?;
        let person = person::Entity::find_by_id(v.person_id).one(tx.conn()).await?.ok_or(AppError::NotFound)?;
        t.check_signup(person.birth_date, agreement_signed).map_err(|v| AppError::invalid("agreement", v))?;
        let existing = volunteer_signup::Entity::find()
            .filter(volunteer_signup::Column::ActivityId.eq(a.id))
            .filter(volunteer_signup::Column::VolunteerId.eq(v.id))
            .one(tx.conn())
            .await?;
        if existing.as_ref().is_some_and(|s| s.status != "cancelled") {
            return Err(AppError::Conflict(Violation::new("already-signed-up").on("activity")));
        }
        let signed = volunteer_signup::Entity::find()
            .filter(volunteer_signup::Column::ActivityId.eq(a.id))
            .filter(volunteer_signup::Column::Status.eq("signed"))
            .count(tx.conn())
            .await?;
        let status = if signed < u64::try_from(a.capacity).unwrap_or(0) { "signed" } else { "waiting" };
        let agreement = (t.needs_agreement() && agreement_signed).then(Utc::now);
        let id = match existing {
            Some(row) => {
                let id = row.id;
                let mut row = row.into_active_model();
                row.status = Set(status.into());
                row.agreement_signed_at = Set(agreement);
                row.update(tx.conn()).await?;
                id
            }
            None => {
                let row = volunteer_signup::ActiveModel {
                    activity_id: Set(a.id),
                    volunteer_id: Set(v.id),
                    status: Set(status.into()),
                    agreement_signed_at: Set(agreement),
                    created_at: Set(Utc::now()),
                    ..Default::default()
                };
                volunteer_signup::Entity::insert(row).exec(tx.conn()).await?.last_insert_id
            }
        };
        let after = serde_json::json!({ "activity_id": a.id, "volunteer_id": v.id, "status": status,
            "agreement_signed": agreement.is_some() });
        tx.record(Change::new("sign-up", "volunteer_signup", id, &a.region_code).after(&after)).await?;
        tx.commit().await?;
        Ok(SignupOutcome { status: status.into() })
    }

    /// Withdraws the actor's own sign-up before the activity ends; a place given up goes to
    /// the first on the waiting list. Refused once the volunteer has checked in there.
    pub async fn cancel_signup(&self, actor: &Actor, activity_id: i64) -> Result<(), AppError> {
        let v = self.own_volunteer(actor).await?.ok_or(AppError::Forbidden)?;
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let a = volunteer_activity::Entity::find_by_id(activity_id).one(tx.conn()).await?.ok_or(AppError::NotFound)?;
        let signups = volunteer_signup::Entity::find()
            .filter(volunteer_signup::Column::ActivityId.eq(a.id))
            .order_by_asc(volunteer_signup::Column::Id)
            .all(tx.conn())
            .await?;
        let own = signups.iter().find(|s| s.volunteer_id == v.id && s.status != "cancelled").cloned();
        let own = own.ok_or_else(|| AppError::Conflict(Violation::new("not-signed-up").on("activity")))?;
        let attended = store::entity::volunteer_attendance::Entity::find()
            .filter(store::entity::volunteer_attendance::Column::ActivityId.eq(a.id))
            .filter(store::entity::volunteer_attendance::Column::VolunteerId.eq(v.id))
            .count(tx.conn())
            .await?;
        if attended > 0 || a.ends_at <= Utc::now() {
            return Err(AppError::Conflict(Violation::new("signup-final").on("activity")));
        }
        let freed = own.status == "signed";
        let mut row = own.clone().into_active_model();
        row.status = Set("cancelled".into());
        row.update(tx.conn()).await?;
        let mut after = serde_json::json!({ "activity_id": a.id, "volunteer_id": v.id, "status": "cancelled" });
        if let Some(next) = signups.iter().find(|s| s.status == "waiting" && s.id != own.id).filter(|_| freed) {
            let mut row = next.clone().into_active_model();
            row.status = Set("signed".into());
            row.update(tx.conn()).await?;
            after["promoted"] = serde_json::json!(next.volunteer_id);
        }
        tx.record(Change::new("cancel", "volunteer_signup", own.id, &a.region_code).after(&after)).await?;
        tx.commit().await
    }

    /// The activities the actor's own volunteer record is signed up for, with the status.
    pub async fn my_signups(&self, actor: &Actor) -> Result<Vec<(ActivityView, String)>, AppError> {
        let Some(v) = self.own_volunteer(actor).await? else { return Ok(Vec::new()) };
        let signups = volunteer_signup::Entity::find()
            .filter(volunteer_signup::Column::VolunteerId.eq(v.id))
            .filter(volunteer_signup::Column::Status.ne("cancelled"))
            .all(&self.db)
            .await?;
        let mut shown = Vec::new();
        for s in signups {
            if let Some(a) = volunteer_activity::Entity::find_by_id(s.activity_id).one(&self.db).await? {
                shown.push((self.activity_view(a).await?, s.status));
            }
        }
        Ok(shown)
    }
}

/// Who signed up for an activity, as its organiser sees them.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RosterRow {
    pub volunteer_id: i64,
    pub number: String,
    pub name: String,
    /// signed, waiting or cancelled
    pub status: String,
    pub agreement_signed: bool,
    /// Checked in and not yet out.
    pub checked_in: bool,
}

/// A check-out entry of the activity in the organiser's ledger.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ActivityEntry {
    pub seq: i64,
    pub volunteer_id: i64,
    pub name: String,
    pub started_at: String,
    pub minutes: i64,
    /// The confirmation's (or correction's) minutes, once there is one.
    pub confirmed_minutes: Option<i64>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ActivityRoster {
    pub activity: ActivityView,
    pub signups: Vec<RosterRow>,
    pub entries: Vec<ActivityEntry>,
}

impl App {
    /// The activities in ledgers the actor keeps: its organisation's, or the offices' of
    /// the regions it keeps volunteers in; latest first.
    pub async fn organiser_activities(&self, actor: &Actor) -> Result<Vec<ActivityView>, AppError> {
        let query = volunteer_activity::Entity::find()
            .filter(volunteer_activity::Column::Chain.is_in(self.kept_chains(actor)?));
        let mut views = Vec::new();
        for a in query.order_by_desc(volunteer_activity::Column::StartsAt).all(&self.db).await? {
            views.push(self.activity_view(a).await?);
        }
        Ok(views)
    }

    /// An activity with who signed up and the check-outs waiting for confirmation, for the
    /// organiser whose ledger it writes to.
    pub async fn activity_roster(&self, actor: &Actor, id: i64) -> Result<ActivityRoster, AppError> {
        let a = volunteer_activity::Entity::find_by_id(id).one(&self.db).await?.ok_or(AppError::NotFound)?;
        self.chain_organiser(&self.db, actor, &a.chain).await?;
        let signups = volunteer_signup::Entity::find()
            .filter(volunteer_signup::Column::ActivityId.eq(a.id))
            .order_by_asc(volunteer_signup::Column::Id)
            .all(&self.db)
            .await?;
        let open: Vec<i64> = store::entity::volunteer_attendance::Entity::find()
            .filter(store::entity::volunteer_attendance::Column::ActivityId.eq(a.id))
            .filter(store::entity::volunteer_attendance::Column::CheckedOutAt.is_null())
            .all(&self.db)
            .await?
            .into_iter()
            .map(|o| o.volunteer_id)
            .collect();
        let rows = super::ledger::chain_rows(&self.db, &a.chain).await?;
        let scanned: Vec<_> = rows.iter().filter(|r| r.activity_id == Some(a.id) && r.source == "qr").collect();
        let mut ids: Vec<i64> = signups.iter().map(|s| s.volunteer_id).collect();
        ids.extend(scanned.iter().map(|r| r.volunteer_id));
        let known = super::registry::numbers_and_names(&self.db, ids).await?;
        let name_of = |volunteer_id: i64| known.get(&volunteer_id).cloned().unwrap_or_default();
        let signups = signups
            .into_iter()
            .map(|s| {
                let (number, name) = name_of(s.volunteer_id);
                RosterRow {
                    volunteer_id: s.volunteer_id,
                    number,
                    name,
                    status: s.status,
                    agreement_signed: s.agreement_signed_at.is_some(),
                    checked_in: open.contains(&s.volunteer_id),
                }
            })
            .collect();
        let entries = scanned
            .into_iter()
            .map(|r| ActivityEntry {
                seq: r.seq,
                volunteer_id: r.volunteer_id,
                name: name_of(r.volunteer_id).1,
                started_at: r.started_at.clone(),
                minutes: r.minutes,
                confirmed_minutes: rows.iter().find(|c| c.corrects == Some(r.seq)).map(|c| c.minutes),
            })
            .collect();
        Ok(ActivityRoster { activity: self.activity_view(a).await?, signups, entries })
    }
}
