//! Counting the phone ballots of an election and publishing the result with its receipts
//! (3B): anyone can see the votes, who was elected, and find their receipt among those
//! counted.

use std::collections::HashMap;

use chrono::NaiveDate;
use domain::Violation;
use domain::governance::count::{Ballot, Gender, Person, PostSpec, Round, RoundInput, RoundResult, count_round};
use domain::governance::register::Kinship;
use serde::Serialize;
use store::entity::{ballot, ballot_mark, election, person, unified_election, voter};
use store::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
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

/// One community's line in the results of a unified election.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CommunityOutcome {
    pub election_id: i64,
    pub community: String,
    pub region_code: String,
    pub registered_voters: u64,
    /// Not counted yet: the remaining fields are empty.
    pub counted: bool,
    pub valid: Option<bool>,
    pub ballots_cast: Option<u64>,
    /// The elected per post.
    pub elected: Vec<(String, Vec<String>)>,
}

/// The published results of every community of a unified election.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct UnifiedResults {
    pub id: i64,
    pub name: String,
    pub term: i32,
    pub vote_date: NaiveDate,
    pub counted: usize,
    pub communities: Vec<CommunityOutcome>,
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
            people: self.register_people(id).await?,
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

    /// The register's people by name: their gender, so the woman-member post can be filled
    /// (a name the register holds twice with different genders stays unknown), and the
    /// kin the filed proxies declare, for kinship avoidance (Art. 31).
    async fn register_people(&self, id: i64) -> Result<HashMap<String, Person>, AppError> {
        let person_ids: Vec<i64> = voter::Entity::find()
            .filter(voter::Column::ElectionId.eq(id))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|v| v.person_id)
            .collect();
        let mut genders: HashMap<String, Option<Gender>> = HashMap::new();
        for chunk in person_ids.chunks(500) {
            for p in person::Entity::find().filter(person::Column::Id.is_in(chunk.to_vec())).all(&self.db).await? {
                let gender = if p.gender == "female" { Gender::Female } else { Gender::Male };
                genders.entry(p.name).and_modify(|g| *g = g.filter(|g| *g == gender)).or_insert(Some(gender));
            }
        }
        let mut people: HashMap<String, Person> =
            genders.into_iter().map(|(name, gender)| (name, Person { gender, kin: Vec::new() })).collect();
        for declared in self.proxies(id).await? {
            // Grandparents and grandchildren are not among the kin Art. 31 keeps apart.
            if matches!(Kinship::parse(&declared.kinship), Some(k) if k != Kinship::Grandparent && k != Kinship::Grandchild)
            {
                people.entry(declared.grantor.clone()).or_default().kin.push(declared.holder);
            }
        }
        Ok(people)
    }

    /// Every community's outcome in a unified election (public), in region-code order.
    pub async fn public_unified_results(&self, unified_id: i64) -> Result<UnifiedResults, AppError> {
        let unified =
            unified_election::Entity::find_by_id(unified_id).one(&self.db).await?.ok_or(AppError::NotFound)?;
        let elections = election::Entity::find()
            .filter(election::Column::UnifiedId.eq(unified_id))
            .order_by_asc(election::Column::RegionCode)
            .all(&self.db)
            .await?;
        let registered: HashMap<i64, i64> = voter::Entity::find()
            .select_only()
            .column(voter::Column::ElectionId)
            .column_as(voter::Column::Id.count(), "voters")
            .filter(voter::Column::ElectionId.is_in(elections.iter().map(|e| e.id)))
            .group_by(voter::Column::ElectionId)
            .into_tuple::<(i64, i64)>()
            .all(&self.db)
            .await?
            .into_iter()
            .collect();
        let tree = self.regions();
        let mut communities = Vec::with_capacity(elections.len());
        for e in elections {
            let result: Option<RoundResult> = e
                .result
                .as_deref()
                .map(serde_json::from_str)
                .transpose()
                .map_err(|e| AppError::Internal(e.to_string()))?;
            communities.push(CommunityOutcome {
                election_id: e.id,
                community: tree.get(&e.region_code).map(|n| n.name.clone()).unwrap_or_default(),
                registered_voters: registered.get(&e.id).copied().unwrap_or(0) as u64,
                counted: result.is_some(),
                valid: result.as_ref().map(|r| r.valid),
                ballots_cast: result.as_ref().map(|r| r.ballots_cast),
                elected: result.map(|r| r.posts.into_iter().map(|p| (p.post, p.elected)).collect()).unwrap_or_default(),
                region_code: e.region_code,
            });
        }
        Ok(UnifiedResults {
            id: unified.id,
            name: unified.name,
            term: unified.term,
            vote_date: unified.vote_date,
            counted: communities.iter().filter(|c| c.counted).count(),
            communities,
        })
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
