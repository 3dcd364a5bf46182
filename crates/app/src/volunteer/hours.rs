//! Hours an organiser records: past service entered by the day, the confirmation of a
//! check-out, and the correction of any entry, each a new entry in the organiser's chain.

use domain::Violation;
use domain::date::past_day;
use domain::volunteer::ledger::{Source, check_correction};
use serde::Deserialize;
use store::entity::volunteer_hour;
use store::sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::Access;
use super::ledger::{NewEntry, append, chain_head, chain_rows, check_service, recorded_service};
use crate::error::{Checks, required_text};
use crate::tx::{Change, WriteTx};
use crate::{Actor, App, AppError};

/// The most minutes one entry may hold: a day.
const MAX_ENTRY_MINUTES: i64 = 24 * 60;

/// Confirmed service entered by the organiser, by the day.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct NewHours {
    /// Whole minutes of actual service (travel excluded).
    #[schema(value_type = i64)]
    pub minutes: serde_json::Value,
    /// YYYY-MM-DD
    pub served_on: String,
    pub description: String,
}

/// The minutes that replace an entry's own, and why.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct CorrectionInput {
    #[schema(value_type = i64)]
    pub minutes: serde_json::Value,
    pub description: String,
}

/// A confirmation of a check-out; minutes only when the organiser changes them.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ConfirmInput {
    #[schema(value_type = Option<i64>)]
    pub minutes: serde_json::Value,
}

/// Whole minutes as typed: an integer from 0 (a correction may zero an entry) to a day.
fn minutes(value: &serde_json::Value, least: i64) -> Result<i64, Violation> {
    match value {
        serde_json::Value::Null => Err(Violation::new("required")),
        serde_json::Value::Number(n) => within_a_day(n.as_i64().ok_or(Violation::new("minutes-whole"))?, least),
        serde_json::Value::String(s) => minutes_text(s, least),
        _ => Err(Violation::new("minutes-whole")),
    }
}

/// Whole minutes typed as text (a cell of an imported file), as `minutes` reads them.
pub(super) fn minutes_text(text: &str, least: i64) -> Result<i64, Violation> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Violation::new("required"));
    }
    within_a_day(text.parse().map_err(|_| Violation::new("minutes-whole"))?, least)
}

fn within_a_day(m: i64, least: i64) -> Result<i64, Violation> {
    if m < least {
        return Err(Violation::new(if least > 0 { "minutes-positive" } else { "minutes-whole" }));
    }
    if m > MAX_ENTRY_MINUTES {
        return Err(Violation::new("minutes-over-a-day"));
    }
    Ok(m)
}

impl App {
    /// Records confirmed service by the day in the actor's ledger (its organisation's, or
    /// the office of the volunteer's region): refused past 24 hours in the day.
    pub async fn record_hours(&self, actor: &Actor, volunteer_id: i64, input: NewHours) -> Result<i64, AppError> {
        let ids = self.record_hours_many(actor, volunteer_id, vec![input]).await?;
        ids.into_iter().next().ok_or_else(|| AppError::Internal("no entry was appended".into()))
    }

    /// Records several days of a volunteer's service in one transaction, all or none; the
    /// entries' ids in order.
    pub async fn record_hours_many(
        &self,
        actor: &Actor,
        volunteer_id: i64,
        inputs: Vec<NewHours>,
    ) -> Result<Vec<i64>, AppError> {
        // Who may write is settled before what they sent is read.
        let v = self.volunteer_for(&self.db, actor, volunteer_id, Access::Write).await?;
        self.organiser_for(&self.db, actor, &v.region_code).await?;
        let today = self.settings.today();
        let mut checked = Vec::with_capacity(inputs.len());
        for input in &inputs {
            let mut checks = Checks::default();
            let m = checks.field("minutes", minutes(&input.minutes, 1));
            let served_on = checks.field("served_on", past_day(&input.served_on, today));
            let description = checks.field("description", required_text(&input.description, 200));
            checked.push(checks.finish_with((m, served_on, description))?);
        }
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let v = self.volunteer_for(tx.conn(), actor, volunteer_id, Access::Write).await?;
        let organiser = self.organiser_for(tx.conn(), actor, &v.region_code).await?;
        let mut recorded = recorded_service(tx.conn(), v.id, None).await?;
        let mut entries = Vec::with_capacity(checked.len());
        for (m, served_on, description) in checked {
            let new = NewEntry {
                volunteer_id: v.id,
                activity_id: None,
                span: None,
                served_on,
                minutes: m,
                source: Source::Organiser,
                corrects: None,
                description,
            };
            check_service(&recorded, &new)?;
            recorded.dated.push((served_on, m));
            entries.push(new);
        }
        let mut head = chain_head(tx.conn(), &organiser).await?;
        let seqs = append(&tx, &mut head, entries.clone(), &actor.username).await?;
        let mut ids = Vec::with_capacity(seqs.len());
        let mut changes = Vec::with_capacity(seqs.len());
        for (seq, new) in seqs.iter().zip(&entries) {
            let id = entry_id(&tx, &organiser.chain, *seq).await?;
            ids.push(id);
            let after = serde_json::json!({ "chain": organiser.chain, "seq": seq, "volunteer_id": v.id,
                "served_on": new.served_on, "minutes": new.minutes, "source": "organiser" });
            changes.push(Change::new("append", "volunteer_hours", id, &organiser.region_code).after(&after));
        }
        tx.record_many(changes).await?;
        tx.commit().await?;
        Ok(ids)
    }

    /// Corrects an entry of the actor's own ledger with a new entry naming it; each entry
    /// is corrected once (a correction is corrected in turn).
    pub async fn correct_entry(
        &self,
        actor: &Actor,
        chain: &str,
        seq: i64,
        input: CorrectionInput,
    ) -> Result<i64, AppError> {
        self.chain_organiser(&self.db, actor, chain).await?;
        let mut checks = Checks::default();
        let m = checks.field("minutes", minutes(&input.minutes, 0));
        let description = checks.field("description", required_text(&input.description, 200));
        let (m, description) = checks.finish_with((m, description))?;
        self.replace_entry(actor, chain, seq, Some(m), Source::Correction, Some(description)).await
    }

    /// Confirms a check-out of the actor's ledger, with changed minutes if given.
    pub async fn confirm_entry(
        &self,
        actor: &Actor,
        chain: &str,
        seq: i64,
        input: ConfirmInput,
    ) -> Result<i64, AppError> {
        self.chain_organiser(&self.db, actor, chain).await?;
        let m = match input.minutes {
            serde_json::Value::Null => None,
            ref value => Some(minutes(value, 1).map_err(|v| AppError::invalid("minutes", v))?),
        };
        self.replace_entry(actor, chain, seq, m, Source::Confirmation, None).await
    }

    /// Appends an entry that replaces entry `seq` of the actor's ledger.
    async fn replace_entry(
        &self,
        actor: &Actor,
        chain: &str,
        seq: i64,
        minutes: Option<i64>,
        source: Source,
        description: Option<String>,
    ) -> Result<i64, AppError> {
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let organiser = self.chain_organiser(tx.conn(), actor, chain).await?;
        let rows = chain_rows(tx.conn(), &organiser.chain).await?;
        let target = rows.iter().find(|r| r.seq == seq).cloned().ok_or(AppError::NotFound)?;
        // Keeping the ledger is enough: a volunteer from another region who served at the
        // organiser's activity is confirmed by the organiser, not by their own office.
        let entries: Vec<_> = rows.iter().map(super::ledger::entry_of).collect();
        check_correction(&entries, seq).map_err(|v| AppError::Conflict(v.on("seq")))?;
        if source == Source::Confirmation && target.source != Source::Qr.as_str() {
            return Err(AppError::Conflict(Violation::new("ledger-entry-not-scanned").on("seq")));
        }
        let span = chrono::DateTime::parse_from_rfc3339(&target.started_at).ok();
        let m = minutes.unwrap_or(target.minutes);
        let new = NewEntry {
            volunteer_id: target.volunteer_id,
            activity_id: target.activity_id,
            span: span.map(|s| (s, m)),
            served_on: target.served_on,
            minutes: m,
            source,
            corrects: Some(seq),
            description: description.unwrap_or_else(|| target.description.clone()),
        };
        if m > 0 {
            let recorded = recorded_service(tx.conn(), target.volunteer_id, Some((&organiser.chain, seq))).await?;
            check_service(&recorded, &new)?;
        }
        let mut head = chain_head(tx.conn(), &organiser).await?;
        let new_seq = append(&tx, &mut head, vec![new], &actor.username).await?[0];
        let id = entry_id(&tx, &organiser.chain, new_seq).await?;
        let after = serde_json::json!({ "chain": organiser.chain, "seq": new_seq, "corrects": seq, "minutes": m,
            "source": source.as_str() });
        tx.record(Change::new("append", "volunteer_hours", id, &organiser.region_code).after(&after)).await?;
        tx.commit().await?;
        Ok(id)
    }
}

async fn entry_id(tx: &WriteTx, chain: &str, seq: i64) -> Result<i64, AppError> {
    let row = volunteer_hour::Entity::find()
        .filter(volunteer_hour::Column::Chain.eq(chain))
        .filter(volunteer_hour::Column::Seq.eq(seq))
        .one(tx.conn())
        .await?;
    row.map(|r| r.id).ok_or_else(|| AppError::Internal("appended entry is missing".into()))
}
