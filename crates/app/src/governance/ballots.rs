//! Phone ballots (3B): one-time voting codes, and casting through the group-commit writer.
//!
//! One voter, one ballot: the `ballot_marks` primary key refuses a second mark, whatever
//! the concurrency. Secrecy: ballots go into empty slots made when the codes were issued,
//! with random ids; a group's ballots of one election take a run of neighbouring empty
//! slots from a random place, shuffled over it. Neither a slot's id (the voter's receipt),
//! nor its place in the table, nor the audit entry (one per group: "these voters voted", in
//! id order) ties a ballot to its voter, and no time is stored.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use chrono::NaiveDate;
use domain::governance::count::{Ballot, PostSpec, read_ballot};
use domain::identifiers::normalize;
use domain::identity::Permission;
use domain::{FieldError, Violation};
use rand::Rng;
use rand::seq::SliceRandom;
use serde::Serialize;
use sha2::{Digest, Sha256};
use store::entity::{ballot, ballot_mark, election, person, voter};
use store::sea_orm::sea_query::{Expr, OnConflict};
use store::sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QuerySelect};

use crate::batch::{Batcher, joined, joined_field, joined_rows};
use crate::tx::{Author, Change, WriteTx, Writer};
use crate::{Actor, App, AppError};

/// Letters and digits nobody misreads on paper (no 0/O, 1/I).
const ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
const CODE_LENGTH: usize = 12;
/// Slot ids double as receipts: 60 random bits, short enough to read out.
const SLOT_ID_LENGTH: usize = 12;
/// Ballots committed together at most (DESIGN.md: ~128).
const GROUP: usize = 128;

fn random_text(length: usize) -> String {
    let mut rng = rand::rng();
    (0..length).map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char).collect()
}

/// A new one-time voting code.
pub fn new_code() -> String {
    random_text(CODE_LENGTH)
}

/// A new ballot slot's id, which becomes the receipt of the ballot cast into it.
pub fn new_slot_id() -> String {
    random_text(SLOT_ID_LENGTH)
}

/// What is stored of a code: the SHA-256 of its letters and digits, upper-case (codes are
/// random and long, so a fast hash is enough).
pub fn code_hash(code: &str) -> String {
    let canonical: String = normalize(code).chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    hex::encode(Sha256::digest(canonical.as_bytes()))
}

/// A voter's code as printed on the voter card: `ABCD-EFGH-JKLM`.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct IssuedCode {
    pub voter_id: i64,
    pub name: String,
    pub code: String,
}

/// One phone ballot on its way to the writer.
pub struct CastRequest {
    code_hash: String,
    ballot: Ballot,
}

pub type BallotBox = Batcher<CastRequest, Result<String, AppError>>;

/// Starts the writer that casts queued ballots in groups.
pub(crate) fn ballot_box(writer: Writer, settings: crate::Settings) -> BallotBox {
    // Empty slots per election, in id order; only this writer takes from them (one ballot
    // box per database: a second server's box would find its slots taken).
    let slots = std::sync::Arc::new(tokio::sync::Mutex::new(HashMap::<i64, SlotPool>::new()));
    Batcher::spawn(GROUP, move |group: Vec<CastRequest>| {
        let writer = writer.clone();
        let slots = std::sync::Arc::clone(&slots);
        let today = settings.today();
        async move {
            let size = group.len();
            let mut pools = slots.lock().await;
            match cast_group(&writer, &mut pools, today, group).await {
                Ok(answers) => answers,
                Err(e) => {
                    // The slots handed out may not have been filled: reload them next time.
                    pools.clear();
                    tracing::error!(error = %e, "a group of ballots failed; none of it was written");
                    (0..size)
                        .map(|_| Err(AppError::Internal("the ballot box failed; please try again".into())))
                        .collect()
                }
            }
        }
    })
}

/// The ballot as counting will read it; refused when counting would find it invalid (on a
/// phone the voter is told and can correct it), or when a name is longer than any name.
fn check_ballot(ballot: &Ballot, posts: &[PostSpec]) -> Result<Ballot, AppError> {
    if ballot.values().flatten().any(|name| name.trim().chars().count() > 40) {
        return Err(AppError::invalid("ballot", Violation::new("too-long").with("max", 40)));
    }
    read_ballot(ballot, posts).map_err(|v| AppError::invalid("ballot", v))
}

/// (voter id, election id) by code hash, for the codes that exist, read as one row.
async fn voters_by_code(writer: &Writer, hashes: Vec<String>) -> Result<HashMap<String, (i64, i64)>, AppError> {
    let found: Option<String> = voter::Entity::find()
        .select_only()
        .column_as(joined(&["code_hash", "id", "election_id"]), "found")
        .filter(voter::Column::CodeHash.is_in(hashes))
        .into_tuple::<Option<String>>()
        .one(&writer.db)
        .await?
        .flatten();
    let mut voters = HashMap::new();
    for row in joined_rows(found.as_deref()) {
        let [hash, id, election_id] = row?;
        voters.insert(hash.to_string(), (joined_field(id)?, joined_field(election_id)?));
    }
    Ok(voters)
}

/// Marks the accepted voters as having voted in `tx`; answers with those marked now (the
/// others had voted already, in another group or on another server). Usually nobody
/// votes twice: one insert, and its count says all were new, with no row read back. When
/// the count falls short the insert is undone and done again, reading back the new marks.
async fn mark_voters(writer: &Writer, tx: WriteTx, accepted: &[Accepted]) -> Result<(WriteTx, HashSet<i64>), AppError> {
    let marks = || {
        accepted.iter().map(|a| ballot_mark::ActiveModel { voter_id: Set(a.voter_id), election_id: Set(a.election_id) })
    };
    let not_twice = || OnConflict::column(ballot_mark::Column::VoterId).do_nothing().to_owned();
    let inserted =
        ballot_mark::Entity::insert_many(marks()).on_conflict(not_twice()).exec_without_returning(tx.conn()).await?;
    if inserted == accepted.len() as u64 {
        return Ok((tx, accepted.iter().map(|a| a.voter_id).collect()));
    }
    tx.rollback().await?;
    let tx = WriteTx::begin_on(writer, ballot_box_author()).await?;
    let marked = ballot_mark::Entity::insert_many(marks())
        .on_conflict(not_twice())
        .exec_with_returning_keys(tx.conn())
        .await?
        .into_iter()
        .collect();
    Ok((tx, marked))
}

fn ballot_box_author() -> Author {
    Author { id: None, name: "ballot-box".into() }
}

/// Voting is open all day on the vote date only: the voter is told which day that is.
pub(super) fn voting_closed(vote_date: NaiveDate) -> FieldError {
    Violation::new("voting-closed").with("date", vote_date).on("code")
}

/// What the writer needs of an election a ballot is cast in.
struct OpenElection {
    /// The register is published and today is the vote date.
    open: bool,
    vote_date: NaiveDate,
    posts: Vec<PostSpec>,
    region: String,
}

/// A ballot that passed the checks, waiting for its mark.
struct Accepted {
    /// Its place among the group's answers.
    index: usize,
    voter_id: i64,
    election_id: i64,
    region: String,
    ballot: Ballot,
}

/// Casts a group in one transaction: one query for the codes, one for their elections,
/// one multi-row insert of the marks (the duplicates come back missing), one multi-row
/// update of randomly chosen slots, one multi-row audit insert.
async fn cast_group(
    writer: &Writer,
    pools: &mut HashMap<i64, SlotPool>,
    today: chrono::NaiveDate,
    group: Vec<CastRequest>,
) -> Result<Vec<Result<String, AppError>>, AppError> {
    let hashes: Vec<String> = group.iter().map(|r| r.code_hash.clone()).collect();
    let voters = voters_by_code(writer, hashes).await?;
    let election_ids: HashSet<i64> = voters.values().map(|(_, election_id)| *election_id).collect();
    let mut elections: HashMap<i64, OpenElection> = HashMap::new();
    for found in election::Entity::find().filter(election::Column::Id.is_in(election_ids)).all(&writer.db).await? {
        let posts = serde_json::from_str(&found.posts).map_err(|e| AppError::Internal(e.to_string()))?;
        let open = found.register_published_on.is_some() && found.vote_date == today;
        elections.insert(found.id, OpenElection { open, vote_date: found.vote_date, posts, region: found.region_code });
    }
    let mut answers: Vec<Result<String, AppError>> = Vec::with_capacity(group.len());
    let mut accepted: Vec<Accepted> = Vec::new();
    let mut in_group = HashSet::new();
    for (index, request) in group.into_iter().enumerate() {
        let outcome = (|| {
            let (voter_id, election_id) = *voters.get(&request.code_hash).ok_or(AppError::NotFound)?;
            let election = elections.get(&election_id).ok_or(AppError::NotFound)?;
            if !election.open {
                return Err(AppError::Conflict(voting_closed(election.vote_date)));
            }
            let ballot = check_ballot(&request.ballot, &election.posts)?;
            if !in_group.insert(voter_id) {
                return Err(AppError::Conflict(Violation::new("already-voted").on("code")));
            }
            Ok((voter_id, election_id, election.region.clone(), ballot))
        })();
        match outcome {
            Ok((voter_id, election_id, region, ballot)) => {
                accepted.push(Accepted { index, voter_id, election_id, region, ballot });
                answers.push(Ok(String::new()));
            }
            Err(e) => answers.push(Err(e)),
        }
    }
    if accepted.is_empty() {
        return Ok(answers);
    }
    let tx = WriteTx::begin_on(writer, ballot_box_author()).await?;
    let (mut tx, marked) = mark_voters(writer, tx, &accepted).await?;
    // The marked ballots of each election, with their places among the answers.
    let mut by_election: BTreeMap<i64, Vec<(usize, String)>> = BTreeMap::new();
    let mut voted: Vec<(i64, i64, String)> = Vec::new();
    for Accepted { index, voter_id, election_id, region, ballot } in accepted {
        if !marked.contains(&voter_id) {
            answers[index] = Err(AppError::Conflict(Violation::new("already-voted").on("code")));
            continue;
        }
        let content = serde_json::to_string(&ballot).map_err(|e| AppError::Internal(e.to_string()))?;
        by_election.entry(election_id).or_default().push((index, content));
        voted.push((voter_id, election_id, region));
    }
    let mut fills: Vec<(String, i64, String)> = Vec::new(); // (slot, election, content)
    for (election_id, mut ballots) in by_election {
        let run = take_run(tx.conn(), pools, election_id, ballots.len()).await?;
        // Shuffled over the run, so a slot's place says nothing of the queue's order.
        ballots.shuffle(&mut rand::rng());
        for ((index, content), slot) in ballots.into_iter().zip(run) {
            answers[index] = Ok(slot.clone());
            fills.push((slot, election_id, content));
        }
    }
    if !fills.is_empty() {
        // Shuffled so that not even the statement's order follows the queue.
        fills.shuffle(&mut rand::rng());
        // An upsert that only fills (every slot was read from the table): a slot already
        // filled is left alone and missing from the count.
        let slots = fills.iter().map(|(slot, election_id, content)| ballot::ActiveModel {
            id: Set(slot.clone()),
            election_id: Set(*election_id),
            content: Set(Some(content.clone())),
        });
        let filled = ballot::Entity::insert_many(slots)
            .on_conflict(
                OnConflict::column(ballot::Column::Id)
                    .update_column(ballot::Column::Content)
                    .action_and_where(ballot::Column::Content.is_null())
                    .to_owned(),
            )
            .exec_without_returning(tx.conn())
            .await?;
        if filled != fills.len() as u64 {
            return Err(AppError::Internal("a ballot slot was taken by another writer".into()));
        }
        // One entry per election and group: who voted, in id order (not the queue's),
        // never what.
        let mut voters_by_election: BTreeMap<(i64, String), Vec<i64>> = BTreeMap::new();
        for (voter_id, election_id, region) in voted {
            voters_by_election.entry((election_id, region)).or_default().push(voter_id);
        }
        let entries: Vec<(i64, String, serde_json::Value)> = voters_by_election
            .into_iter()
            .map(|((election_id, region), mut voters)| {
                voters.sort_unstable();
                (election_id, region, serde_json::json!({ "voters": voters }))
            })
            .collect();
        let changes = entries
            .iter()
            .map(|(election_id, region, after)| Change::new("voted", "election", election_id, region).after(after))
            .collect();
        tx.record_many(changes).await?;
    }
    tx.commit().await?;
    Ok(answers)
}

/// The empty slots of one election this writer knows of, in id order; ids are kept as
/// fixed bytes so a city's four million slots fit in memory.
#[derive(Default)]
pub(crate) struct SlotPool {
    free: BTreeSet<[u8; SLOT_ID_LENGTH]>,
}

/// Empty slots for `count` ballots, sorted by their random ids: the table then keeps them
/// in that order (SQLite's rowid order), so a run of neighbouring ids fills neighbouring
/// rows, a few pages per group instead of one page per ballot.
pub fn empty_slots(election_id: i64, count: usize) -> Vec<ballot::ActiveModel> {
    let mut ids: Vec<String> = (0..count).map(|_| new_slot_id()).collect();
    ids.sort_unstable();
    ids.into_iter()
        .map(|id| ballot::ActiveModel { id: Set(id), election_id: Set(election_id), content: Set(None) })
        .collect()
}

/// `count` empty slots of the election that follow one another in id order, from a random
/// place (the next empty slots after a random id, going round to the start). All of an
/// election's empty slots are loaded at its first ballot (and again only if too few are
/// left, as when codes were issued late): one query, so no group stalls on reloads. Slot
/// ids are random and were made before anyone voted, so a run says nothing of any voter.
async fn take_run(
    conn: &impl store::sea_orm::ConnectionTrait,
    pools: &mut HashMap<i64, SlotPool>,
    election_id: i64,
    count: usize,
) -> Result<Vec<String>, AppError> {
    let pool = pools.entry(election_id).or_default();
    if pool.free.len() < count {
        let ids: Option<String> = ballot::Entity::find()
            .select_only()
            .column_as(joined(&["id"]), "ids")
            .filter(ballot::Column::ElectionId.eq(election_id))
            .filter(ballot::Column::Content.is_null())
            .into_tuple::<Option<String>>()
            .one(conn)
            .await?
            .flatten();
        pool.free = joined_rows::<1>(ids.as_deref()).filter_map(|id| id.ok()?[0].as_bytes().try_into().ok()).collect();
    }
    if pool.free.len() < count {
        return Err(AppError::Internal("no empty ballot slot left".into()));
    }
    let from: [u8; SLOT_ID_LENGTH] =
        new_slot_id().as_bytes().try_into().map_err(|_| AppError::Internal("slot id length".into()))?;
    let run: Vec<[u8; SLOT_ID_LENGTH]> =
        pool.free.range(from..).chain(pool.free.range(..from)).take(count).copied().collect();
    run.iter()
        .map(|slot| {
            pool.free.remove(slot);
            String::from_utf8(slot.to_vec()).map_err(|e| AppError::Internal(e.to_string()))
        })
        .collect()
}

impl App {
    /// Gives every voter on the published register who has none a one-time voting code,
    /// and makes as many empty ballot slots, in random order. The codes are shown once.
    pub async fn issue_codes(&self, actor: &Actor, election_id: i64) -> Result<Vec<IssuedCode>, AppError> {
        let found = election::Entity::find_by_id(election_id).one(&self.db).await?.ok_or(AppError::NotFound)?;
        actor.require(Permission::WriteCommunity, &found.region_code, &self.regions())?;
        if found.register_published_on.is_none() {
            return Err(AppError::Conflict(Violation::new("register-not-published").on("register")));
        }
        let waiting = voter::Entity::find()
            .filter(voter::Column::ElectionId.eq(election_id))
            .filter(voter::Column::CodeHash.is_null())
            .all(&self.db)
            .await?;
        let people: HashMap<i64, String> = person::Entity::find()
            .filter(person::Column::Id.is_in(waiting.iter().map(|v| v.person_id).collect::<Vec<_>>()))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|p| (p.id, p.name))
            .collect();
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let mut issued = Vec::with_capacity(waiting.len());
        for v in &waiting {
            let code = new_code();
            voter::Entity::update_many()
                .col_expr(voter::Column::CodeHash, Expr::value(code_hash(&code)))
                .filter(voter::Column::Id.eq(v.id))
                .exec(tx.conn())
                .await?;
            let printed = format!("{}-{}-{}", &code[..4], &code[4..8], &code[8..]);
            issued.push(IssuedCode {
                voter_id: v.id,
                name: people.get(&v.person_id).cloned().unwrap_or_default(),
                code: printed,
            });
        }
        let slots = empty_slots(election_id, waiting.len());
        for chunk in slots.chunks(500) {
            ballot::Entity::insert_many(chunk.to_vec()).exec_without_returning(tx.conn()).await?;
        }
        let after = serde_json::json!({ "codes": issued.len() });
        tx.record(Change::new("issue_codes", "election", election_id, &found.region_code).after(&after)).await?;
        tx.commit().await?;
        Ok(issued)
    }

    /// Casts a phone ballot; answers with the receipt to look up on the public results.
    pub async fn cast_ballot(&self, code: &str, ballot: Ballot) -> Result<String, AppError> {
        let request = CastRequest { code_hash: code_hash(code), ballot };
        self.ballot_box.submit(request).await.map_err(|e| AppError::Internal(e.to_string()))?
    }
}
