//! The rounds after the first (3B, Arts. 28–31), each held on paper and entered twice like
//! the first round's paper batches: the further round (另行选举) for seats no one won, and
//! new votes between those tied for a seat or between kin with equal votes. Round 2 is the
//! first of them; each is called once the one before is counted, until nothing is left.

use std::collections::HashSet;

use domain::Violation;
use domain::governance::count::{
    CountRules, PostSpec, Round, RoundInput, RoundResult, check_further_round, count_round, elected_before,
    next_round_posts,
};
use domain::identity::Permission;
use serde::Deserialize;
use store::entity::{election, election_round, voter};
use store::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter,
    QueryOrder,
};

use super::elections::parse_json;
use super::results::posts_of;
use crate::tx::{Change, WriteTx};
use crate::{Actor, App, AppError};

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct NextRound {
    /// Hold the further round as self-nomination (Art. 29), as it must be when the first
    /// round left fewer candidates than seats plus the rule's extra ones.
    pub self_nomination: bool,
}

fn to_text<T: serde::Serialize>(value: &T) -> Result<String, AppError> {
    serde_json::to_string(value).map_err(|e| AppError::Internal(e.to_string()))
}

impl App {
    /// The rounds after the first, in order.
    pub(super) async fn later_rounds(&self, election_id: i64) -> Result<Vec<election_round::Model>, AppError> {
        Ok(election_round::Entity::find()
            .filter(election_round::Column::ElectionId.eq(election_id))
            .order_by_asc(election_round::Column::Number)
            .all(&self.db)
            .await?)
    }

    /// The counts of the rounds after the first, in order.
    pub(super) async fn counted_rounds(&self, election_id: i64) -> Result<Vec<RoundResult>, AppError> {
        self.later_rounds(election_id).await?.iter().filter_map(|r| r.result.as_deref()).map(parse_json).collect()
    }

    /// Every counted round of an election, the first one first (empty before the count).
    pub(super) async fn all_rounds(&self, found: &election::Model) -> Result<Vec<RoundResult>, AppError> {
        let Some(first) = found.result.as_deref() else { return Ok(Vec::new()) };
        let mut rounds = vec![parse_json(first)?];
        rounds.extend(self.counted_rounds(found.id).await?);
        Ok(rounds)
    }

    /// Calls the next round after a valid count that left something to elect: per post a
    /// new vote between the tied or between kin, or the further round for the open seats.
    pub async fn call_further_round(
        &self,
        actor: &Actor,
        id: i64,
        input: NextRound,
    ) -> Result<Vec<PostSpec>, AppError> {
        let found = election::Entity::find_by_id(id).one(&self.db).await?.ok_or(AppError::NotFound)?;
        actor.require(Permission::WriteCommunity, &found.region_code, &self.regions())?;
        let rounds = self.all_rounds(&found).await?;
        let Some(first) = rounds.first() else {
            return Err(AppError::Conflict(Violation::new("election-not-counted").on("election")));
        };
        if !first.valid {
            return Err(AppError::Conflict(Violation::new("election-invalid").on("election")));
        }
        let later = self.later_rounds(id).await?;
        if found.seated_on.is_some() || later.iter().any(|r| r.result.is_none()) {
            return Err(AppError::Conflict(Violation::new("further-round-called").on("election")));
        }
        let posts = next_round_posts(&posts_of(&found)?, &rounds);
        if posts.is_empty() {
            return Err(AppError::Conflict(Violation::new("further-round-not-needed").on("election")));
        }
        let rules: CountRules = parse_json(&found.count_rules)?;
        if !input.self_nomination {
            check_further_round(&posts, &rules).map_err(|v| AppError::invalid("self_nomination", v))?;
        }
        let number = 2 + later.len() as i32;
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        election_round::Entity::insert(election_round::ActiveModel {
            election_id: Set(id),
            number: Set(number),
            posts: Set(to_text(&posts)?),
            ..Default::default()
        })
        .exec(tx.conn())
        .await?;
        let after = serde_json::json!({ "round": number, "posts": posts, "self_nomination": input.self_nomination });
        tx.record(Change::new("call_further_round", "election", id, &found.region_code).after(&after)).await?;
        tx.commit().await?;
        Ok(posts)
    }

    /// The round after the first that is called and not yet counted.
    pub(super) async fn open_round(
        &self,
        actor: &Actor,
        id: i64,
    ) -> Result<(election::Model, election_round::Model), AppError> {
        let found = election::Entity::find_by_id(id).one(&self.db).await?.ok_or(AppError::NotFound)?;
        actor.require(Permission::WriteCommunity, &found.region_code, &self.regions())?;
        match self.later_rounds(id).await?.into_iter().next_back() {
            Some(round) if round.result.is_none() => Ok((found, round)),
            _ => Err(AppError::Conflict(Violation::new("further-round-not-called").on("round"))),
        }
    }

    /// Counts the open round's confirmed paper batches: the further round's posts need at
    /// least the further-round bar (one third) of the ballots cast in it, a new vote the
    /// most votes; kinship avoidance reaches back to the earlier rounds' winners.
    pub async fn count_further_round(
        &self,
        actor: &Actor,
        id: i64,
        paper_voters: u64,
    ) -> Result<RoundResult, AppError> {
        let (found, round) = self.open_round(actor, id).await?;
        let earlier = self.all_rounds(&found).await?;
        let specs = posts_of(&found)?;
        let ballots = self.confirmed_paper_ballots(id, round.number).await?;
        let holders = elected_before(&earlier);
        let named: HashSet<&str> = ballots
            .iter()
            .flat_map(|b| b.values().flatten())
            .map(|n| n.trim())
            .chain(holders.iter().map(|h| h.name.as_str()))
            .collect();
        let input = RoundInput {
            registered_voters: voter::Entity::find().filter(voter::Column::ElectionId.eq(id)).count(&self.db).await?,
            voted: Some(paper_voters),
            round: Round::Further,
            posts: parse_json(&round.posts)?,
            people: self.register_people(id, &named).await?,
            rules: parse_json(&found.count_rules)?,
            ballots,
            elected_before: holders.clone(),
            post_order: specs.iter().map(|p| p.post.clone()).collect(),
        };
        let result = count_round(&input).map_err(|e| AppError::Internal(e.to_string()))?;
        let number = round.number;
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let mut row = round.into_active_model();
        row.result = Set(Some(to_text(&result)?));
        row.paper_voters = Set(Some(paper_voters as i64));
        row.update(tx.conn()).await?;
        let summary = serde_json::json!({ "round": number, "valid": result.valid, "ballots_cast": result.ballots_cast, "paper_voters": paper_voters, "unseated": result.unseated.len() });
        tx.record(Change::new("count_further_round", "election", id, &found.region_code).after(&summary)).await?;
        tx.commit().await?;
        Ok(result)
    }
}
