//! A volunteer's request to correct an error or gap in an organiser's record, and the
//! organiser's answer (RULES.md: the organisation must check and fix it). The fix itself
//! is a correction or a new entry in the ledger; the answer says what was done.

use chrono::{DateTime, Utc};
use domain::Violation;
use serde::{Deserialize, Serialize};
use store::entity::{volunteer_chain, volunteer_correction_request};
use store::sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::error::{Checks, required_text};
use crate::tx::{Change, WriteTx};
use crate::{Actor, App, AppError};

/// What the volunteer asks.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct CorrectionRequestInput {
    /// The organiser's ledger.
    pub chain: String,
    /// The entry that is wrong; none for service that is missing.
    pub about_seq: Option<i64>,
    pub message: String,
}

/// The organiser's answer: `fixed` or `refused`, and what it found.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct CorrectionAnswer {
    pub status: String,
    pub answer: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CorrectionRequestView {
    pub id: i64,
    pub volunteer_id: i64,
    pub chain: String,
    pub issuer: String,
    pub about_seq: Option<i64>,
    pub message: String,
    /// open, fixed or refused
    pub status: String,
    pub answer: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl App {
    /// A volunteer asks an organiser that recorded their service (or should have) to
    /// correct its record.
    pub async fn request_correction(&self, actor: &Actor, input: CorrectionRequestInput) -> Result<i64, AppError> {
        let v = self.own_volunteer(actor).await?.ok_or(AppError::Forbidden)?;
        let mut checks = Checks::default();
        let message = checks.field("message", required_text(&input.message, 500));
        let chain = volunteer_chain::Entity::find_by_id(input.chain.trim().to_string()).one(&self.db).await?;
        let chain = checks.field("chain", chain.ok_or(Violation::new("unknown-choice")));
        let (message, chain) = checks.finish_with((message, chain))?;
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let row = volunteer_correction_request::ActiveModel {
            volunteer_id: Set(v.id),
            chain: Set(chain.chain.clone()),
            about_seq: Set(input.about_seq),
            message: Set(message.clone()),
            status: Set("open".into()),
            created_at: Set(Utc::now()),
            ..Default::default()
        };
        let id = volunteer_correction_request::Entity::insert(row).exec(tx.conn()).await?.last_insert_id;
        let after = serde_json::json!({ "chain": chain.chain, "about_seq": input.about_seq, "message": message });
        tx.record(Change::new("request", "volunteer_correction_request", id, &v.region_code).after(&after)).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The requests a volunteer made, or those to the ledgers the actor keeps.
    pub async fn correction_requests(&self, actor: &Actor) -> Result<Vec<CorrectionRequestView>, AppError> {
        let query =
            volunteer_correction_request::Entity::find().order_by_desc(volunteer_correction_request::Column::Id);
        let rows = match self.own_volunteer(actor).await? {
            Some(v) => query.filter(volunteer_correction_request::Column::VolunteerId.eq(v.id)).all(&self.db).await?,
            None => {
                let chains = self.kept_chains(actor)?;
                query.filter(volunteer_correction_request::Column::Chain.is_in(chains)).all(&self.db).await?
            }
        };
        let issuers = volunteer_chain::Entity::find()
            .filter(volunteer_chain::Column::Chain.is_in(rows.iter().map(|r| r.chain.clone())))
            .all(&self.db)
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| CorrectionRequestView {
                issuer: issuers.iter().find(|c| c.chain == r.chain).map(|c| c.issuer.clone()).unwrap_or_default(),
                id: r.id,
                volunteer_id: r.volunteer_id,
                chain: r.chain,
                about_seq: r.about_seq,
                message: r.message,
                status: r.status,
                answer: r.answer,
                created_at: r.created_at,
            })
            .collect())
    }

    /// The organiser answers a request to its ledger, once.
    pub async fn answer_correction(&self, actor: &Actor, id: i64, input: CorrectionAnswer) -> Result<(), AppError> {
        let found =
            volunteer_correction_request::Entity::find_by_id(id).one(&self.db).await?.ok_or(AppError::NotFound)?;
        let organiser = self.chain_organiser(&self.db, actor, &found.chain).await?;
        let mut checks = Checks::default();
        let status = checks.field(
            "status",
            ["fixed", "refused"]
                .into_iter()
                .find(|s| *s == input.status.trim())
                .ok_or(Violation::new("unknown-choice")),
        );
        let answer = checks.field("answer", required_text(&input.answer, 500));
        let (status, answer) = checks.finish_with((status, answer))?;
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let answered = volunteer_correction_request::Entity::update_many()
            .set(volunteer_correction_request::ActiveModel {
                status: Set(status.to_string()),
                answer: Set(Some(answer.clone())),
                answered_by: Set(Some(actor.username.clone())),
                answered_at: Set(Some(Utc::now())),
                ..Default::default()
            })
            .filter(volunteer_correction_request::Column::Id.eq(id))
            .filter(volunteer_correction_request::Column::Status.eq("open"))
            .exec(tx.conn())
            .await?;
        if answered.rows_affected == 0 {
            return Err(AppError::Conflict(Violation::new("correction-answered").on("status")));
        }
        let after = serde_json::json!({ "status": status, "answer": answer });
        tx.record(Change::new("answer", "volunteer_correction_request", id, &organiser.region_code).after(&after))
            .await?;
        tx.commit().await
    }

    /// The ledgers the actor keeps: its organisation's, or its regions' offices'.
    pub(super) fn kept_chains(&self, actor: &Actor) -> Result<Vec<String>, AppError> {
        if let Some(org) = actor.organizations().first() {
            return Ok(vec![format!("org-{org}")]);
        }
        Ok(self.volunteer_codes(actor)?.into_iter().map(|c| format!("region-{c}")).collect())
    }
}
