//! Social-insurance contributions (5B): the office records each month an employer reported
//! for a worker, or the employer uploads its staff's months (`contribution_import`); a
//! correction replaces the month, audited before and after, and the record lists the months
//! with the arrears computed on read.

use chrono::NaiveDate;
use domain::social_work::insurance::{Contribution, DEFAULT_DUE_DAY, arrears, check_contribution, due_on};
use domain::{FieldError, Violation};
use serde::{Deserialize, Serialize};
use store::entity::{social_worker, social_worker_contribution};
use store::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
};

use super::Access;
use crate::error::Checks;
use crate::tx::{Change, WriteTx};
use crate::{Actor, App, AppError};

/// A month as the employer reported it.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ContributionInput {
    /// Due on the contribution base, in fen.
    pub due_fen: Option<i64>,
    /// Paid, in fen (0 when nothing was paid).
    pub paid_fen: Option<i64>,
    /// YYYY-MM-DD; required when anything was paid.
    pub paid_on: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ContributionView {
    /// YYYY-MM
    pub month: String,
    pub due_fen: i64,
    pub paid_fen: i64,
    pub paid_on: Option<NaiveDate>,
    pub due_on: NaiveDate,
    /// unpaid, late or short; absent when in order or not yet due.
    pub arrears: Option<String>,
}

/// A month written `YYYY-MM`, as its first day.
fn parse_month(text: &str) -> Result<NaiveDate, Violation> {
    NaiveDate::parse_from_str(&format!("{}-01", text.trim()), "%Y-%m-%d").map_err(|_| Violation::new("month-format"))
}

pub(super) fn contribution_of(row: &social_worker_contribution::Model) -> Contribution {
    Contribution { month: row.month, due_fen: row.due_fen, paid_fen: row.paid_fen, paid_on: row.paid_on }
}

/// A month as reported, every field checked (the month `YYYY-MM` up to this one, the day
/// paid empty when unpaid); the amounts come read by the caller (fen in JSON, yuan in a
/// sheet). The errors name the fields `month`, `due_fen`, `paid_fen` and `paid_on`.
pub(super) fn checked_month(
    month: &str,
    due_fen: Result<i64, Violation>,
    paid_fen: Result<i64, Violation>,
    paid_on: &str,
    today: NaiveDate,
) -> Result<Contribution, Vec<FieldError>> {
    let mut checks = Checks::default();
    let month = checks.field(
        "month",
        parse_month(month).and_then(|m| if m > today { Err(Violation::new("date-in-future")) } else { Ok(m) }),
    );
    let due_fen = checks.field("due_fen", due_fen);
    let paid_fen = checks.field("paid_fen", paid_fen);
    let paid_on = match paid_on.trim() {
        "" => Some(None),
        text => checks.field("paid_on", domain::date::past_day(text, today)).map(Some),
    };
    let (month, due_fen, paid_fen, paid_on) = checks.into_values((month, due_fen, paid_fen, paid_on))?;
    let reported = Contribution { month, due_fen, paid_fen, paid_on };
    check_contribution(&reported).map_err(|(field, v)| vec![v.on(field)])?;
    Ok(reported)
}

/// Writes a worker's month in `tx`: a new month, or the month already recorded replaced
/// (audited before and after). The one writer of months, for the office's form and the
/// employer's upload alike.
pub(super) async fn write_contribution(
    tx: &mut WriteTx,
    recorded_by: &str,
    worker: &social_worker::Model,
    reported: &Contribution,
) -> Result<(), AppError> {
    let Contribution { month, due_fen, paid_fen, paid_on } = *reported;
    let existing = social_worker_contribution::Entity::find()
        .filter(social_worker_contribution::Column::SocialWorkerId.eq(worker.id))
        .filter(social_worker_contribution::Column::Month.eq(month))
        .one(tx.conn())
        .await?;
    let after = serde_json::json!({ "social_worker_id": worker.id, "month": month, "due_fen": due_fen,
        "paid_fen": paid_fen, "paid_on": paid_on, "recorded_by": recorded_by });
    let change = match existing {
        Some(row) => {
            let before = serde_json::json!({ "due_fen": row.due_fen, "paid_fen": row.paid_fen, "paid_on": row.paid_on,
                "recorded_by": row.recorded_by });
            let id = row.id;
            let mut row = row.into_active_model();
            row.due_fen = Set(due_fen);
            row.paid_fen = Set(paid_fen);
            row.paid_on = Set(paid_on);
            row.recorded_by = Set(recorded_by.to_string());
            row.update(tx.conn()).await?;
            Change::new("update", "social_worker_contribution", id, &worker.region_code).before(&before)
        }
        None => {
            let id = social_worker_contribution::Entity::insert(social_worker_contribution::ActiveModel {
                social_worker_id: Set(worker.id),
                region_code: Set(worker.region_code.clone()),
                month: Set(month),
                due_fen: Set(due_fen),
                paid_fen: Set(paid_fen),
                paid_on: Set(paid_on),
                recorded_by: Set(recorded_by.to_string()),
                ..Default::default()
            })
            .exec(tx.conn())
            .await?
            .last_insert_id;
            Change::new("create", "social_worker_contribution", id, &worker.region_code)
        }
    };
    tx.record(change.after(&after)).await
}

/// A recorded month as shown, with its due day and arrears on `today`.
pub(super) fn month_view(row: &social_worker_contribution::Model, today: NaiveDate) -> ContributionView {
    ContributionView {
        month: row.month.format("%Y-%m").to_string(),
        due_fen: row.due_fen,
        paid_fen: row.paid_fen,
        paid_on: row.paid_on,
        due_on: due_on(row.month, DEFAULT_DUE_DAY),
        arrears: arrears(&contribution_of(row), DEFAULT_DUE_DAY, today).map(|a| a.as_str().to_string()),
    }
}

impl App {
    pub async fn record_contribution(
        &self,
        actor: &Actor,
        worker_id: i64,
        month: &str,
        input: ContributionInput,
    ) -> Result<(), AppError> {
        let worker = self.worker_for(&self.db, actor, worker_id, Access::Write).await?;
        let due_fen = input.due_fen.ok_or(Violation::new("required"));
        let reported =
            checked_month(month, due_fen, Ok(input.paid_fen.unwrap_or(0)), &input.paid_on, self.settings.today())
                .map_err(AppError::Invalid)?;
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        write_contribution(&mut tx, &actor.display_name, &worker, &reported).await?;
        tx.commit().await
    }

    /// A worker's months, latest first, each with its due day and arrears.
    pub async fn contributions(&self, actor: &Actor, worker_id: i64) -> Result<Vec<ContributionView>, AppError> {
        let worker = self.worker_for(&self.db, actor, worker_id, Access::Read).await?;
        let today = self.settings.today();
        let rows = social_worker_contribution::Entity::find()
            .filter(social_worker_contribution::Column::SocialWorkerId.eq(worker.id))
            .order_by_desc(social_worker_contribution::Column::Month)
            .all(&self.db)
            .await?;
        Ok(rows.iter().map(|r| month_view(r, today)).collect())
    }
}
