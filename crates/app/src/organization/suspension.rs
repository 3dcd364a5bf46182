//! Suspension (4A): civil affairs orders an organisation to stop its activities — an
//! administrative penalty, so it is also recorded as a `suspension` sanction, which weighs on
//! evaluation and puts the organisation on the serious list — and
//! later lets it resume. Both steps are audited with the status before and after.

use domain::organization::credit::SanctionKind;
use domain::organization::suspension;
use store::sea_orm::{ActiveModelTrait, ActiveValue::Set, IntoActiveModel};

use super::evaluation::insert_sanction;
use crate::error::{Checks, required_text};
use crate::tx::{Change, WriteTx};
use crate::{Actor, App, AppError};

#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct SuspensionInput {
    /// true to suspend, false to let it resume.
    pub suspend: bool,
    pub reason: String,
    /// YYYY-MM-DD, not in the future.
    pub decided_on: String,
}

impl App {
    /// Suspends an active organisation or lets a suspended one resume.
    pub async fn set_suspension(&self, actor: &Actor, id: i64, input: SuspensionInput) -> Result<(), AppError> {
        let org = self.registered_org(actor, id).await?;
        let mut checks = Checks::default();
        let reason = checks.field("reason", required_text(&input.reason, 2000));
        let decided_on = checks.field("decided_on", self.past_date(&input.decided_on));
        let (reason, decided_on) = checks.finish_with((reason, decided_on))?;
        let status = org.status.0;
        let next = suspension(status, input.suspend).map_err(|v| AppError::Conflict(v.on("suspend")))?;
        let region = org.region_code.clone();
        let before = serde_json::json!({ "status": status });
        let after = serde_json::json!({ "status": next, "reason": reason, "decided_on": decided_on });
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let mut row = org.into_active_model();
        row.status = Set(next.into());
        row.update(tx.conn()).await?;
        let action = if input.suspend { "suspend" } else { "resume" };
        tx.record(Change::new(action, "organization", id, &region).before(&before).after(&after)).await?;
        if input.suspend {
            insert_sanction(&mut tx, id, &region, SanctionKind::Suspension, None, decided_on, &reason).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
