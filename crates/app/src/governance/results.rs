//! Counting the phone ballots of an election and publishing the result with its receipts
//! (3B): anyone can see the votes, who was elected, and find their receipt among those
//! counted.

use chrono::NaiveDate;
use domain::Violation;
use domain::governance::count::{Ballot, PostSpec, Round, RoundInput, RoundResult, count_round};
use serde::Serialize;
use store::entity::{ballot, ballot_mark, election, voter};
use store::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter,
};

use super::ballots::code_hash;
use crate::tx::{Change, WriteTx};
use crate::{Actor, App, AppError};

/// What a voter sees after entering a valid code: the ballot to fill in.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BallotSheet {
    pub election_id: i64,
    pub community: String,
    #[schema(value_type = Vec<Object>)]
    pub posts: Vec<PostSpec>,
}

/// The published result of one community's election.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PublicResult {
    pub election_id: i64,
    pub community: String,
    pub region_code: String,
    pub vote_date: NaiveDate,
    pub registered_voters: u64,
    #[schema(value_type = Object)]
    pub result: RoundResult,
    /// Every counted ballot's receipt, sorted: a voter finds theirs here.
    pub receipts: Vec<String>,
}

fn posts_of(found: &election::Model) -> Result<Vec<PostSpec>, AppError> {
    serde_json::from_str(&found.posts).map_err(|e| AppError::Internal(e.to_string()))
}

impl App {
    /// The ballot a code opens, if the code is valid, unused and voting is open.
    pub async fn ballot_for_code(&self, code: &str) -> Result<BallotSheet, AppError> {
        let found = voter::Entity::find().filter(voter::Column::CodeHash.eq(code_hash(code))).one(&self.db).await?;
        let found = found.ok_or(AppError::NotFound)?;
        if ballot_mark::Entity::find_by_id(found.id).one(&self.db).await?.is_some() {
            return Err(AppError::Conflict(Violation::new("already-voted").on("code")));
        }
        let election =
            election::Entity::find_by_id(found.election_id).one(&self.db).await?.ok_or(AppError::NotFound)?;
        if election.register_published_on.is_none() || election.vote_date != self.settings.today() {
            return Err(AppError::Conflict(Violation::new("voting-closed").on("code")));
        }
        let community = self.regions().get(&election.region_code).map(|n| n.name.clone()).unwrap_or_default();
        Ok(BallotSheet { election_id: election.id, community, posts: posts_of(&election)? })
    }

    /// Counts the phone ballots and the confirmed paper batches once voting is over (or on
    /// the day, once all are in) and stores the first round's result for publication.
    /// `paper_voters` is how many people signed for a paper ballot: with the phone voters,
    /// the number the ballots in the box may not exceed.
    pub async fn count_election(&self, actor: &Actor, id: i64, paper_voters: u64) -> Result<RoundResult, AppError> {
        let found = self.countable_election(actor, id).await?;
        let registered = voter::Entity::find().filter(voter::Column::ElectionId.eq(id)).count(&self.db).await?;
        let phone_voters =
            ballot_mark::Entity::find().filter(ballot_mark::Column::ElectionId.eq(id)).count(&self.db).await?;
        let paper = self.confirmed_paper_ballots(id).await?;
        let mut ballots: Vec<Ballot> = ballot::Entity::find()
            .filter(ballot::Column::ElectionId.eq(id))
            .filter(ballot::Column::Content.is_not_null())
            .all(&self.db)
            .await?
            .into_iter()
            .filter_map(|b| b.content)
            .map(|c| serde_json::from_str(&c).map_err(|e| AppError::Internal(e.to_string())))
            .collect::<Result<_, _>>()?;
        ballots.extend(paper);
        let input = RoundInput {
            registered_voters: registered,
            voted: Some(phone_voters + paper_voters),
            round: Round::First,
            posts: posts_of(&found)?,
            people: Default::default(),
            rules: serde_json::from_str(&found.count_rules).map_err(|e| AppError::Internal(e.to_string()))?,
            ballots,
            elected_before: Vec::new(),
        };
        let result = count_round(&input).map_err(|e| AppError::Internal(e.to_string()))?;
        let region = found.region_code.clone();
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let mut row = found.into_active_model();
        row.result = Set(Some(serde_json::to_string(&result).map_err(|e| AppError::Internal(e.to_string()))?));
        row.paper_voters = Set(Some(paper_voters as i64));
        row.update(tx.conn()).await?;
        let summary = serde_json::json!({ "valid": result.valid, "ballots_cast": result.ballots_cast, "paper_voters": paper_voters });
        tx.record(Change::new("count", "election", id, &region).after(&summary)).await?;
        tx.commit().await?;
        Ok(result)
    }

    /// The published result of an election (public); not found until it is counted.
    pub async fn public_result(&self, id: i64) -> Result<PublicResult, AppError> {
        let found = election::Entity::find_by_id(id).one(&self.db).await?.ok_or(AppError::NotFound)?;
        let Some(result) = &found.result else { return Err(AppError::NotFound) };
        let result: RoundResult = serde_json::from_str(result).map_err(|e| AppError::Internal(e.to_string()))?;
        let registered_voters = voter::Entity::find().filter(voter::Column::ElectionId.eq(id)).count(&self.db).await?;
        let mut receipts: Vec<String> = ballot::Entity::find()
            .filter(ballot::Column::ElectionId.eq(id))
            .filter(ballot::Column::Content.is_not_null())
            .all(&self.db)
            .await?
            .into_iter()
            .map(|b| b.id)
            .collect();
        receipts.sort();
        Ok(PublicResult {
            election_id: id,
            community: self.regions().get(&found.region_code).map(|n| n.name.clone()).unwrap_or_default(),
            region_code: found.region_code,
            vote_date: found.vote_date,
            registered_voters,
            result,
            receipts,
        })
    }
}
