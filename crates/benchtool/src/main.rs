//! Benchmark data and measurements for `bench/` (bench data only: it writes straight to
//! the tables, outside the audit trail).
//!
//! - `sanshe-bench ballots DATABASE_URL VOTERS CODES_FILE`: one community election on its
//!   vote date with VOTERS voters, each with a voting code (written to CODES_FILE, one per
//!   line) and an empty ballot slot, so `bench/ballots.sh` can cast distinct ballots.
//! - `sanshe-bench tally DATABASE_URL VOTERS`: a city-wide unified election on its vote
//!   date, VOTERS spread over every community with 60% of them having voted by phone, then
//!   times counting all of it at once as the city would.
//! - `sanshe-bench organizations COUNT XLSX_FILE QUERIES_FILE`: a registry to import and
//!   the public searches to run against it (see `registry.rs`).
//! - `sanshe-bench hours DATABASE_URL VOLUNTEERS ROWS CSV_FILE`: volunteers and a file of
//!   their past service to import (see `hours.rs`).
//! - `sanshe-bench checkins DATABASE_URL VOLUNTEERS ACTIVITIES OUT_FILE`: volunteers signed
//!   up to activities running now, half of them checked in, and the requests of their QR
//!   check-ins and check-outs (see `volunteers.rs`).

mod hours;
mod registry;
mod volunteers;

use std::io::Write;

use anyhow::{Context, bail};
use app::governance::ballots::{code_hash, empty_slots, new_code, new_slot_id};
use app::{App, Settings};
use chrono::{Duration, NaiveDate, Utc};
use domain::governance::count::CountRules;
use domain::governance::election::{Committee, Electorate, Method, ScheduleRules, standard_posts};
use domain::identifiers::resident_id::compose;
use sea_orm::{ActiveValue::Set, EntityTrait, TransactionTrait};
use std::collections::BTreeMap;

use app::{Actor, Grant};
use domain::identity::{Role, Scope};
use rand::Rng;
use store::entity::{ballot, ballot_mark, election, person, unified_election, voter};

const COMMUNITY: &str = "330402007024";
const BATCH: usize = 500;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        [_, "ballots", url, voters, codes_file] => {
            ballots(url, voters.parse().context("VOTERS must be a number")?, codes_file).await
        }
        [_, "tally", url, voters] => tally(url, voters.parse().context("VOTERS must be a number")?).await,
        [_, "organizations", count, xlsx, queries] => {
            registry::organizations(count.parse().context("COUNT must be a number")?, xlsx, queries)
        }
        [_, "hours", url, volunteers, rows, csv] => {
            let count = |v: &str| v.parse::<usize>().context("VOLUNTEERS and ROWS must be numbers");
            hours::hours(url, count(volunteers)?, count(rows)?, csv).await
        }
        [_, "checkins", url, volunteers, activities, out] => {
            let volunteers = volunteers.parse().context("VOLUNTEERS must be a number")?;
            volunteers::checkins(url, volunteers, activities.parse().context("ACTIVITIES must be a number")?, out).await
        }
        _ => bail!(
            "usage: sanshe-bench ballots DATABASE_URL VOTERS CODES_FILE | tally DATABASE_URL VOTERS \
             | organizations COUNT XLSX_FILE QUERIES_FILE | hours DATABASE_URL VOLUNTEERS ROWS CSV_FILE \
             | checkins DATABASE_URL VOLUNTEERS ACTIVITIES OUT_FILE"
        ),
    }
}

/// A person of the bench data: the i-th of the city, named as given.
fn bench_person(i: usize, name: String, community: &str) -> person::ActiveModel {
    let first_birth = NaiveDate::from_ymd_opt(1940, 1, 1).unwrap_or_default();
    let birth = first_birth + Duration::days((i / 999) as i64);
    person::ActiveModel {
        name_lower: Set(name.to_lowercase()),
        name: Set(name),
        gender: Set(if i.is_multiple_of(2) { "male" } else { "female" }.into()),
        birth_date: Set(birth),
        phone: Set(String::new()),
        deprived_of_political_rights: Set(false),
        region_code: Set(community.into()),
        created_at: Set(Utc::now()),
        id_number: Set(compose("330402", birth, (i % 999) as u16 + 1)),
        ..Default::default()
    }
}

/// An election row of the bench data, voting today with its register long published.
fn bench_election(
    unified: i64,
    community: &str,
    urban: bool,
    today: NaiveDate,
) -> anyhow::Result<election::ActiveModel> {
    let committee = if urban { Committee::ResidentsCommittee } else { Committee::VillagersCommittee };
    Ok(election::ActiveModel {
        unified_id: Set(unified),
        region_code: Set(community.into()),
        committee: Set(committee.into()),
        method: Set(Method::SelfNomination.into()),
        electorate: Set(Electorate::AllVoters.into()),
        posts: Set(serde_json::to_string(&standard_posts(committee))?),
        count_rules: Set(serde_json::to_string(&CountRules::default())?),
        schedule_rules: Set(serde_json::to_string(&ScheduleRules::default())?),
        vote_date: Set(today),
        register_published_on: Set(Some(today - Duration::days(21))),
        ..Default::default()
    })
}

async fn bench_unified(app: &App, region: &str) -> anyhow::Result<i64> {
    Ok(unified_election::Entity::insert(unified_election::ActiveModel {
        name: Set("bench".into()),
        region_code: Set(region.into()),
        term: Set(2026),
        vote_date: Set(app.settings.today()),
        created_at: Set(Utc::now()),
        ..Default::default()
    })
    .exec(&app.db)
    .await?
    .last_insert_id)
}

async fn ballots(url: &str, voters: usize, codes_file: &str) -> anyhow::Result<()> {
    let app = App::start(url, Settings::default()).await?;
    let unified = bench_unified(&app, "330402").await?;
    let election_id = election::Entity::insert(bench_election(unified, COMMUNITY, true, app.settings.today())?)
        .exec(&app.db)
        .await?
        .last_insert_id;
    let mut out = std::io::BufWriter::new(std::fs::File::create(codes_file)?);
    let started = std::time::Instant::now();
    for start in (0..voters).step_by(BATCH) {
        let end = (start + BATCH).min(voters);
        let txn = app.db.begin().await?;
        let people = (start..end).map(|i| bench_person(i, format!("选民{i}"), COMMUNITY));
        let ids = person::Entity::insert_many(people).exec_with_returning_keys(&txn).await?;
        let codes: Vec<String> = ids.iter().map(|_| new_code()).collect();
        let rows = ids.iter().zip(&codes).map(|(person_id, code)| voter::ActiveModel {
            election_id: Set(election_id),
            person_id: Set(*person_id),
            code_hash: Set(Some(code_hash(code))),
            ..Default::default()
        });
        voter::Entity::insert_many(rows).exec_without_returning(&txn).await?;
        txn.commit().await?;
        for code in codes {
            writeln!(out, "{code}")?;
        }
    }
    out.flush()?;
    // The slots at once, as issuing the codes makes them: sorted by id.
    let txn = app.db.begin().await?;
    for chunk in empty_slots(election_id, voters).chunks(BATCH) {
        ballot::Entity::insert_many(chunk.to_vec()).exec_without_returning(&txn).await?;
    }
    txn.commit().await?;
    eprintln!("prepared election {election_id} with {voters} voters in {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}

/// Names a community's voters write: a dozen self-nominees (people of its register).
const NOMINEES: usize = 12;
/// Share of the register that voted, in percent.
const TURNOUT: usize = 60;

async fn tally(url: &str, voters: usize) -> anyhow::Result<()> {
    let app = App::start(url, Settings::default()).await?;
    let today = app.settings.today();
    let unified = bench_unified(&app, "330400").await?;
    let communities = store::entity::community::Entity::find().all(&app.db).await?;
    let per_community = voters / communities.len().max(1);
    let started = std::time::Instant::now();
    let mut rng = rand::rng();
    let mut next_person = 0;
    for c in &communities {
        let txn = app.db.begin().await?;
        let election_id = election::Entity::insert(bench_election(unified, &c.region_code, c.urban, today)?)
            .exec(&txn)
            .await?
            .last_insert_id;
        let posts = standard_posts(if c.urban { Committee::ResidentsCommittee } else { Committee::VillagersCommittee });
        let nominee = |k: usize| format!("{}候选{k}", c.region_code);
        for start in (0..per_community).step_by(BATCH) {
            let end = (start + BATCH).min(per_community);
            let people = (start..end).map(|k| {
                let name = if k < NOMINEES { nominee(k) } else { format!("{}选民{k}", c.region_code) };
                bench_person(next_person + k, name, &c.region_code)
            });
            let ids = person::Entity::insert_many(people).exec_with_returning_keys(&txn).await?;
            let rows = ids.iter().map(|person_id| voter::ActiveModel {
                election_id: Set(election_id),
                person_id: Set(*person_id),
                code_hash: Set(None),
                ..Default::default()
            });
            let voter_ids = voter::Entity::insert_many(rows).exec_with_returning_keys(&txn).await?;
            let voted: Vec<i64> = voter_ids.into_iter().filter(|v| (*v as usize) % 100 < TURNOUT).collect();
            if voted.is_empty() {
                continue;
            }
            let marks =
                voted.iter().map(|v| ballot_mark::ActiveModel { voter_id: Set(*v), election_id: Set(election_id) });
            ballot_mark::Entity::insert_many(marks).exec_without_returning(&txn).await?;
            let slots = voted.iter().map(|_| {
                let ballot: BTreeMap<String, Vec<String>> = posts
                    .iter()
                    .map(|p| (p.post.clone(), (0..p.seats).map(|_| nominee(rng.random_range(0..NOMINEES))).collect()))
                    .collect();
                ballot::ActiveModel {
                    id: Set(new_slot_id()),
                    election_id: Set(election_id),
                    content: Set(Some(serde_json::to_string(&ballot).unwrap_or_default())),
                }
            });
            ballot::Entity::insert_many(slots).exec_without_returning(&txn).await?;
        }
        next_person += per_community;
        txn.commit().await?;
    }
    eprintln!(
        "prepared {} elections with {} voters in {:.1} s",
        communities.len(),
        per_community * communities.len(),
        started.elapsed().as_secs_f64()
    );
    let city = Actor {
        account_id: 0,
        username: "bench".into(),
        display_name: "bench".into(),
        grants: vec![Grant { role: Role::CityAdmin, scope: Scope::Region("330400".into()) }],
    };
    let started = std::time::Instant::now();
    let summary = app.count_unified(&city, unified).await?;
    println!(
        "tally_s {:.2} elections {} valid {} voters {}",
        started.elapsed().as_secs_f64(),
        summary.counted,
        summary.valid,
        per_community * communities.len()
    );
    Ok(())
}
