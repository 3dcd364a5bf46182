//! `sanshe-bench ballots DATABASE_URL VOTERS CODES_FILE`: prepares one community election
//! on its vote date with VOTERS voters, each with a voting code (written to CODES_FILE, one
//! per line) and an empty ballot slot, so `bench/ballots.sh` can cast distinct ballots.
//! Bench data only: it writes straight to the tables, outside the audit trail.

use std::io::Write;

use anyhow::{Context, bail};
use app::governance::ballots::{code_hash, new_code, new_slot_id};
use app::{App, Settings};
use chrono::{Duration, NaiveDate, Utc};
use domain::governance::count::CountRules;
use domain::governance::election::{Committee, ScheduleRules, standard_posts};
use domain::identifiers::resident_id::compose;
use rand::seq::SliceRandom;
use sea_orm::{ActiveValue::Set, EntityTrait, TransactionTrait};
use store::entity::{ballot, election, person, unified_election, voter};

const COMMUNITY: &str = "330402007024";
const BATCH: usize = 500;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let [_, command, url, voters, codes_file] = args.as_slice() else {
        bail!("usage: sanshe-bench ballots DATABASE_URL VOTERS CODES_FILE");
    };
    if command != "ballots" {
        bail!("unknown command {command}");
    }
    let voters: usize = voters.parse().context("VOTERS must be a number")?;
    let app = App::start(url, Settings::default()).await?;
    let today = app.settings.today();
    let unified = unified_election::Entity::insert(unified_election::ActiveModel {
        name: Set("bench".into()),
        region_code: Set("330402".into()),
        term: Set(2026),
        vote_date: Set(today),
        created_at: Set(Utc::now()),
        ..Default::default()
    })
    .exec(&app.db)
    .await?
    .last_insert_id;
    let election_id = election::Entity::insert(election::ActiveModel {
        unified_id: Set(unified),
        region_code: Set(COMMUNITY.into()),
        committee: Set(Committee::ResidentsCommittee.as_str().into()),
        method: Set("self_nomination".into()),
        electorate: Set("all_voters".into()),
        posts: Set(serde_json::to_string(&standard_posts(Committee::ResidentsCommittee))?),
        count_rules: Set(serde_json::to_string(&CountRules::default())?),
        schedule_rules: Set(serde_json::to_string(&ScheduleRules::default())?),
        vote_date: Set(today),
        register_published_on: Set(Some(today - Duration::days(21))),
        ..Default::default()
    })
    .exec(&app.db)
    .await?
    .last_insert_id;
    let mut out = std::io::BufWriter::new(std::fs::File::create(codes_file)?);
    let first_birth = NaiveDate::from_ymd_opt(1940, 1, 1).unwrap_or_default();
    let started = std::time::Instant::now();
    for start in (0..voters).step_by(BATCH) {
        let end = (start + BATCH).min(voters);
        let txn = app.db.begin().await?;
        let people = (start..end).map(|i| {
            let id_number = compose("330402", first_birth + Duration::days((i / 999) as i64), (i % 999) as u16 + 1);
            person::ActiveModel {
                name: Set(format!("选民{i}")),
                name_lower: Set(format!("选民{i}")),
                gender: Set(if i % 2 == 0 { "male" } else { "female" }.into()),
                birth_date: Set(first_birth + Duration::days((i / 999) as i64)),
                phone: Set(String::new()),
                deprived_of_political_rights: Set(false),
                region_code: Set(COMMUNITY.into()),
                created_at: Set(Utc::now()),
                id_number: Set(id_number),
                ..Default::default()
            }
        });
        let ids = person::Entity::insert_many(people).exec_with_returning_keys(&txn).await?;
        let codes: Vec<String> = ids.iter().map(|_| new_code()).collect();
        let rows = ids.iter().zip(&codes).map(|(person_id, code)| voter::ActiveModel {
            election_id: Set(election_id),
            person_id: Set(*person_id),
            code_hash: Set(Some(code_hash(code))),
            ..Default::default()
        });
        voter::Entity::insert_many(rows).exec_without_returning(&txn).await?;
        let mut slots: Vec<ballot::ActiveModel> = codes
            .iter()
            .map(|_| ballot::ActiveModel { id: Set(new_slot_id()), election_id: Set(election_id), content: Set(None) })
            .collect();
        slots.shuffle(&mut rand::rng());
        ballot::Entity::insert_many(slots).exec_without_returning(&txn).await?;
        txn.commit().await?;
        for code in codes {
            writeln!(out, "{code}")?;
        }
    }
    out.flush()?;
    eprintln!("prepared election {election_id} with {voters} voters in {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}
