//! Paper ballots (3B): tellers enter each batch of the ballot box independently; a batch
//! counts once two tellers' entries agree, and a disagreement is shown side by side until
//! one of them corrects their entry.

use domain::Violation;
use domain::governance::count::Ballot;
use domain::governance::paper::{Mismatch, compare_entries};
use domain::identity::Permission;
use serde::{Deserialize, Serialize};
use store::entity::{election, paper_batch, paper_entry};
use store::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
};

use crate::tx::{Change, WriteTx};
use crate::{Actor, App, AppError};

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct PaperEntry {
    /// 1 for the first round (the default); 2, 3, … for the round after it that is open
    /// (the further round, or a new vote).
    #[serde(default = "first_round")]
    pub round: i32,
    /// The batch's number in the box (1, 2, …).
    pub number: i32,
    /// The batch's ballots in stack order, each `{"post": ["name", …]}`; `{}` for a blank one.
    #[schema(value_type = Vec<Object>)]
    pub ballots: Vec<Ballot>,
}

fn first_round() -> i32 {
    1
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BatchView {
    pub round: i32,
    pub number: i32,
    /// Tellers who have entered it.
    pub entries: usize,
    pub confirmed: bool,
    pub ballots: usize,
    /// Where the first two entries disagree (empty once confirmed).
    #[schema(value_type = Vec<Object>)]
    pub mismatches: Vec<Mismatch>,
}

/// At most this many ballots in one batch: a stack a teller can enter in one go.
const MAX_BATCH: usize = 1000;
/// Bounds of one paper ballot as entered: posts, names written for a post, characters.
const MAX_POSTS: usize = 20;
const MAX_NAMES: usize = 20;
const MAX_NAME: usize = 40;

fn ballots_of(text: &str) -> Result<Vec<Ballot>, AppError> {
    serde_json::from_str(text).map_err(|e| AppError::Internal(format!("stored paper entry: {e}")))
}

fn to_text(ballots: &[Ballot]) -> Result<String, AppError> {
    serde_json::to_string(ballots).map_err(|e| AppError::Internal(e.to_string()))
}

impl App {
    /// An election whose first round may still be entered and counted: on or after the
    /// vote, not yet counted.
    pub(super) async fn countable_election(&self, actor: &Actor, id: i64) -> Result<election::Model, AppError> {
        let found = election::Entity::find_by_id(id).one(&self.db).await?.ok_or(AppError::NotFound)?;
        actor.require(Permission::WriteCommunity, &found.region_code, &self.regions())?;
        if self.settings.today() < found.vote_date {
            return Err(AppError::Conflict(Violation::new("voting-not-over").on("election")));
        }
        if found.result.is_some() {
            return Err(AppError::Conflict(Violation::new("election-already-counted").on("election")));
        }
        Ok(found)
    }

    /// Records (or replaces) the actor's entry of a batch; the batch is confirmed as soon as
    /// it agrees with another teller's entry.
    pub async fn enter_paper_batch(
        &self,
        actor: &Actor,
        election_id: i64,
        input: PaperEntry,
    ) -> Result<BatchView, AppError> {
        let found = match input.round {
            1 => self.countable_election(actor, election_id).await?,
            n if n >= 2 => {
                let (found, open) = self.open_round(actor, election_id).await?;
                if open.number != n {
                    return Err(AppError::Conflict(
                        Violation::new("paper-round-not-open").with("round", open.number).on("round"),
                    ));
                }
                found
            }
            _ => return Err(AppError::invalid("round", Violation::new("unknown-choice"))),
        };
        if input.number < 1 {
            return Err(AppError::invalid("number", Violation::new("paper-batch-number")));
        }
        if input.ballots.is_empty() || input.ballots.len() > MAX_BATCH {
            return Err(AppError::invalid("ballots", Violation::new("paper-batch-size").with("max", MAX_BATCH)));
        }
        // A paper ballot may be invalid (it is counted as such), but not larger than paper.
        let oversized = input.ballots.iter().enumerate().find(|(_, b)| {
            b.len() > MAX_POSTS
                || b.iter().any(|(post, names)| {
                    post.chars().count() > MAX_NAME
                        || names.len() > MAX_NAMES
                        || names.iter().any(|n| n.chars().count() > MAX_NAME)
                })
        });
        if let Some((at, _)) = oversized {
            return Err(AppError::invalid(
                "ballots",
                Violation::new("paper-ballot-oversized").with("position", at + 1),
            ));
        }
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let batch = match paper_batch::Entity::find()
            .filter(paper_batch::Column::ElectionId.eq(election_id))
            .filter(paper_batch::Column::Round.eq(input.round))
            .filter(paper_batch::Column::Number.eq(input.number))
            .one(tx.conn())
            .await?
        {
            Some(batch) => batch,
            None => {
                paper_batch::ActiveModel {
                    election_id: Set(election_id),
                    round: Set(input.round),
                    number: Set(input.number),
                    ..Default::default()
                }
                .insert(tx.conn())
                .await?
            }
        };
        if batch.confirmed_content.is_some() {
            return Err(AppError::Conflict(Violation::new("paper-batch-confirmed").on("number")));
        }
        let content = to_text(&input.ballots)?;
        let others = paper_entry::Entity::find()
            .filter(paper_entry::Column::BatchId.eq(batch.id))
            .filter(paper_entry::Column::TellerId.ne(actor.account_id))
            .order_by_asc(paper_entry::Column::Id)
            .all(tx.conn())
            .await?;
        paper_entry::Entity::delete_many()
            .filter(paper_entry::Column::BatchId.eq(batch.id))
            .filter(paper_entry::Column::TellerId.eq(actor.account_id))
            .exec(tx.conn())
            .await?;
        paper_entry::Entity::insert(paper_entry::ActiveModel {
            batch_id: Set(batch.id),
            teller_id: Set(actor.account_id),
            content: Set(content.clone()),
            ..Default::default()
        })
        .exec(tx.conn())
        .await?;
        let mut mismatches = Vec::new();
        let mut confirmed = false;
        for (i, other) in others.iter().enumerate() {
            let found = compare_entries(&ballots_of(&other.content)?, &input.ballots);
            if found.is_empty() {
                confirmed = true;
                break;
            }
            if i == 0 {
                mismatches = found;
            }
        }
        let number = batch.number;
        if confirmed {
            mismatches.clear();
            let mut row = batch.into_active_model();
            row.confirmed_content = Set(Some(content));
            row.update(tx.conn()).await?;
        }
        let after = serde_json::json!({ "round": input.round, "batch": number, "ballots": input.ballots.len(), "confirmed": confirmed });
        tx.record(Change::new("enter_paper_batch", "election", election_id, &found.region_code).after(&after)).await?;
        tx.commit().await?;
        Ok(BatchView {
            round: input.round,
            number,
            entries: others.len() + 1,
            confirmed,
            ballots: input.ballots.len(),
            mismatches,
        })
    }

    /// The paper batches of an election with their state.
    pub async fn paper_batches(&self, actor: &Actor, election_id: i64) -> Result<Vec<BatchView>, AppError> {
        let found = election::Entity::find_by_id(election_id).one(&self.db).await?.ok_or(AppError::NotFound)?;
        actor.require(Permission::WriteCommunity, &found.region_code, &self.regions())?;
        let batches = paper_batch::Entity::find()
            .filter(paper_batch::Column::ElectionId.eq(election_id))
            .order_by_asc(paper_batch::Column::Round)
            .order_by_asc(paper_batch::Column::Number)
            .all(&self.db)
            .await?;
        let mut views = Vec::with_capacity(batches.len());
        for batch in batches {
            let entries = paper_entry::Entity::find()
                .filter(paper_entry::Column::BatchId.eq(batch.id))
                .order_by_asc(paper_entry::Column::Id)
                .all(&self.db)
                .await?;
            let texts: Vec<Vec<Ballot>> = entries.iter().map(|e| ballots_of(&e.content)).collect::<Result<_, _>>()?;
            let mismatches = match (&batch.confirmed_content, texts.as_slice()) {
                (None, [first, second, ..]) => compare_entries(first, second),
                _ => Vec::new(),
            };
            let ballots = match &batch.confirmed_content {
                Some(text) => ballots_of(text)?.len(),
                None => texts.first().map_or(0, Vec::len),
            };
            views.push(BatchView {
                round: batch.round,
                number: batch.number,
                entries: entries.len(),
                confirmed: batch.confirmed_content.is_some(),
                ballots,
                mismatches,
            });
        }
        Ok(views)
    }

    /// The confirmed paper ballots of a round of an election; refused while a batch still
    /// waits for its second matching entry.
    pub(super) async fn confirmed_paper_ballots(&self, election_id: i64, round: i32) -> Result<Vec<Ballot>, AppError> {
        let batches = paper_batch::Entity::find()
            .filter(paper_batch::Column::ElectionId.eq(election_id))
            .filter(paper_batch::Column::Round.eq(round))
            .all(&self.db)
            .await?;
        let mut ballots = Vec::new();
        for batch in batches {
            let Some(text) = batch.confirmed_content else {
                return Err(AppError::Conflict(
                    Violation::new("paper-batch-unconfirmed").with("number", batch.number).on("election"),
                ));
            };
            ballots.extend(ballots_of(&text)?);
        }
        Ok(ballots)
    }
}
