//! Counting the phone ballots of an election and publishing the result with its receipts
//! (3B): anyone can see the votes, who was elected, and find their receipt among those
//! counted.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use domain::Violation;
use domain::governance::count::{Ballot, Gender, Person, PostSpec, Round, RoundInput, RoundResult, count_round};
use domain::governance::register::Kinship;
use serde::Serialize;
use store::entity::{ballot, ballot_mark, election, paper_batch, person, unified_election, voter};
use store::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

use super::ballots::{code_hash, voting_closed};
use domain::identity::Permission;

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

/// An election whose result is not published yet: what a resident may know of it.
#[derive(Debug, Clone, Serialize)]
pub struct PendingResult {
    pub community: String,
    pub vote_date: NaiveDate,
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
    /// The further round's count (round 2), once held.
    #[schema(value_type = Option<Object>)]
    pub further: Option<RoundResult>,
    /// The counts of the new votes after it (rounds 3, 4, …).
    #[schema(value_type = Vec<Object>)]
    pub new_votes: Vec<RoundResult>,
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

/// A count decided but not yet stored.
struct Tally {
    found: election::Model,
    result: RoundResult,
    paper_voters: u64,
}

/// An election a unified count left for later, and why.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SkippedCount {
    pub election_id: i64,
    pub region_code: String,
    /// `voting-not-over`, or `count-paper-separately` (it has paper batches).
    pub reason: String,
}

/// What counting a whole unified election did.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct UnifiedCount {
    pub counted: usize,
    /// Of those counted, the elections that were valid (turnout reached, box not over-full).
    pub valid: usize,
    pub already_counted: usize,
    pub skipped: Vec<SkippedCount>,
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

pub(super) fn posts_of(found: &election::Model) -> Result<Vec<PostSpec>, AppError> {
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
            return Err(AppError::Conflict(voting_closed(election.vote_date)));
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
        let tally = self.tally(found, paper_voters).await?;
        let result = tally.result.clone();
        self.store_tallies(actor, vec![tally]).await?;
        Ok(result)
    }

    /// Counts every election of a unified election in the actor's scope whose vote is over
    /// and which holds only phone ballots (one with paper batches is counted on its own,
    /// with its number of paper voters); all results are stored in one transaction.
    pub async fn count_unified(&self, actor: &Actor, unified_id: i64) -> Result<UnifiedCount, AppError> {
        let tree = self.regions();
        let today = self.settings.today();
        let elections: Vec<election::Model> =
            election::Entity::find().filter(election::Column::UnifiedId.eq(unified_id)).all(&self.db).await?;
        // Another county's election does not exist for this caller: counting "nothing in
        // scope" with a 200 would tell that it does.
        let visible = |e: &&election::Model| actor.may(Permission::ReadCommunity, &e.region_code, &tree);
        if !elections.iter().any(|e| visible(&e)) {
            return Err(AppError::NotFound);
        }
        let with_paper: HashSet<i64> = paper_batch::Entity::find()
            .filter(paper_batch::Column::ElectionId.is_in(elections.iter().map(|e| e.id)))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|b| b.election_id)
            .collect();
        let mut due = Vec::new();
        let mut skipped = Vec::new();
        let mut already = 0;
        for found in elections {
            if !actor.may(Permission::WriteCommunity, &found.region_code, &tree) {
                continue;
            }
            let reason = if found.result.is_some() {
                already += 1;
                continue;
            } else if found.vote_date > today {
                "voting-not-over"
            } else if with_paper.contains(&found.id) {
                "count-paper-separately"
            } else {
                due.push(found);
                continue;
            };
            skipped.push(SkippedCount { election_id: found.id, region_code: found.region_code, reason: reason.into() });
        }
        // Counting is CPU work between reads: one worker per core, each with its share.
        let workers = std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(1, 4);
        let mut set = tokio::task::JoinSet::new();
        for share in due.chunks(due.len().div_ceil(workers).max(1)) {
            let (app, share) = (self.clone(), share.to_vec());
            set.spawn(async move {
                let mut done = Vec::with_capacity(share.len());
                for found in share {
                    done.push(app.tally(found, 0).await?);
                }
                Ok::<_, AppError>(done)
            });
        }
        let mut tallies = Vec::with_capacity(due.len());
        while let Some(done) = set.join_next().await {
            tallies.extend(done.map_err(|e| AppError::Internal(e.to_string()))??);
        }
        let counted = tallies.len();
        let valid = tallies.iter().filter(|t| t.result.valid).count();
        self.store_tallies(actor, tallies).await?;
        Ok(UnifiedCount { counted, valid, already_counted: already, skipped })
    }

    /// Reads an election's ballot box and counts it, without storing anything.
    async fn tally(&self, found: election::Model, paper_voters: u64) -> Result<Tally, AppError> {
        let id = found.id;
        let registered = voter::Entity::find().filter(voter::Column::ElectionId.eq(id)).count(&self.db).await?;
        let phone_voters =
            ballot_mark::Entity::find().filter(ballot_mark::Column::ElectionId.eq(id)).count(&self.db).await?;
        let paper = self.confirmed_paper_ballots(id, 1).await?;
        let mut ballots: Vec<Ballot> = ballot::Entity::find()
            .select_only()
            .column(ballot::Column::Content)
            .filter(ballot::Column::ElectionId.eq(id))
            .filter(ballot::Column::Content.is_not_null())
            .into_tuple::<Option<String>>()
            .all(&self.db)
            .await?
            .into_iter()
            .flatten()
            .map(|c| serde_json::from_str(&c).map_err(|e| AppError::Internal(e.to_string())))
            .collect::<Result<_, _>>()?;
        ballots.extend(paper);
        let named: HashSet<&str> = ballots.iter().flat_map(|b| b.values().flatten()).map(|n| n.trim()).collect();
        let input = RoundInput {
            registered_voters: registered,
            voted: Some(phone_voters + paper_voters),
            round: Round::First,
            posts: posts_of(&found)?,
            people: self.register_people(id, &named).await?,
            rules: serde_json::from_str(&found.count_rules).map_err(|e| AppError::Internal(e.to_string()))?,
            ballots,
            elected_before: Vec::new(),
            post_order: Vec::new(),
        };
        let result = count_round(&input).map_err(|e| AppError::Internal(e.to_string()))?;
        Ok(Tally { found, result, paper_voters })
    }

    /// Stores counted results, each with its audit entry, in one transaction.
    async fn store_tallies(&self, actor: &Actor, tallies: Vec<Tally>) -> Result<(), AppError> {
        if tallies.is_empty() {
            return Ok(());
        }
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let mut summaries = Vec::with_capacity(tallies.len());
        for Tally { found, result, paper_voters } in tallies {
            let (id, region) = (found.id, found.region_code.clone());
            let mut row = found.into_active_model();
            row.result = Set(Some(serde_json::to_string(&result).map_err(|e| AppError::Internal(e.to_string()))?));
            row.paper_voters = Set(Some(paper_voters as i64));
            row.update(tx.conn()).await?;
            let summary = serde_json::json!({ "valid": result.valid, "ballots_cast": result.ballots_cast, "paper_voters": paper_voters });
            summaries.push((id, region, summary));
        }
        let changes = summaries
            .iter()
            .map(|(id, region, summary)| Change::new("count", "election", id, region).after(summary))
            .collect();
        tx.record_many(changes).await?;
        tx.commit().await
    }

    /// The register's people among the names on the ballots: their gender, so the
    /// woman-member post can be filled (a name the register holds twice with different
    /// genders stays unknown), and their close kin for kinship avoidance (Art. 31): those
    /// declared on the register or by the electoral committee, and those filed proxies name.
    pub(super) async fn register_people(
        &self,
        id: i64,
        named: &HashSet<&str>,
    ) -> Result<HashMap<String, Person>, AppError> {
        let names: Vec<String> = named.iter().map(|n| n.to_lowercase()).collect();
        let mut candidates = Vec::new();
        for chunk in names.chunks(500) {
            candidates.extend(
                person::Entity::find().filter(person::Column::NameLower.is_in(chunk.to_vec())).all(&self.db).await?,
            );
        }
        let on_register: HashSet<i64> = voter::Entity::find()
            .filter(voter::Column::ElectionId.eq(id))
            .filter(voter::Column::PersonId.is_in(candidates.iter().map(|p| p.id)))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|v| v.person_id)
            .collect();
        let mut genders: HashMap<String, Option<Gender>> = HashMap::new();
        for p in candidates.into_iter().filter(|p| on_register.contains(&p.id)) {
            let gender = if p.gender == "female" { Gender::Female } else { Gender::Male };
            genders.entry(p.name).and_modify(|g| *g = g.filter(|g| *g == gender)).or_insert(Some(gender));
        }
        let mut people: HashMap<String, Person> =
            genders.into_iter().map(|(name, gender)| (name, Person { gender, kin: Vec::new() })).collect();
        let declared = self.declared_kin(id).await?.into_iter().map(|k| (k.name, k.kin_name, k.kinship));
        let proxies = self.proxies(id).await?.into_iter().map(|p| (p.grantor, p.holder, p.kinship));
        for (name, kin, kinship) in declared.chain(proxies) {
            // Grandparents and grandchildren are not among the kin Art. 31 keeps apart.
            if Kinship::parse(&kinship).is_some_and(|k| k.avoided_in_office()) {
                people.entry(name).or_default().kin.push(kin);
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
        let registered = self.register_sizes(&elections.iter().map(|e| e.id).collect::<Vec<_>>()).await?;
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
                registered_voters: registered.get(&e.id).copied().unwrap_or(0),
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
    /// A community's election not counted yet (`NotFound` once it is, or if there is none).
    pub async fn pending_result(&self, id: i64) -> Result<PendingResult, AppError> {
        let found = election::Entity::find_by_id(id).one(&self.db).await?.ok_or(AppError::NotFound)?;
        if found.result.is_some() {
            return Err(AppError::NotFound);
        }
        let community = self.regions().get(&found.region_code).map(|n| n.name.clone()).unwrap_or_default();
        Ok(PendingResult { community, vote_date: found.vote_date })
    }

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
        let mut later = self.counted_rounds(id).await?.into_iter();
        Ok(PublicResult {
            election_id: id,
            community: self.regions().get(&found.region_code).map(|n| n.name.clone()).unwrap_or_default(),
            region_code: found.region_code,
            vote_date: found.vote_date,
            registered_voters,
            result,
            further: later.next(),
            new_votes: later.collect(),
            receipts,
        })
    }
}
