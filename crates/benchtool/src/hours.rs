//! `sanshe-bench hours DATABASE_URL VOLUNTEERS ROWS CSV_FILE`: VOLUNTEERS volunteers of
//! a community under 建设街道 (330402007) and a CSV of ROWS rows of their past service in
//! the import's columns, a day per row and volunteer (one row in ten names the volunteer
//! by ID number, the rest by number), for `bench/hours-import.sh` to import.

use std::io::Write;

use anyhow::Context;
use app::{App, Settings};
use chrono::{Duration, NaiveDate, Utc};
use domain::identifiers::resident_id::compose;
use sea_orm::{ActiveValue::Set, EntityTrait, TransactionTrait};
use store::entity::{person, volunteer};

const COMMUNITY: &str = "330402007030";
/// Record ids of the bench's volunteers start here, clear of any the demo makes.
const FIRST_ID: i64 = 1_000_000;
const DESCRIPTIONS: [&str; 5] = ["社区助老服务", "环境整治", "文明劝导", "助残陪护", "垃圾分类宣传"];

pub async fn hours(url: &str, volunteers: usize, rows: usize, csv_file: &str) -> anyhow::Result<()> {
    let app = App::start(url, Settings::default()).await?;
    let started = std::time::Instant::now();
    let mut keys = Vec::with_capacity(volunteers);
    for start in (0..volunteers).step_by(super::BATCH) {
        let end = (start + super::BATCH).min(volunteers);
        let txn = app.db.begin().await?;
        let id_numbers: Vec<String> =
            (start..end).map(|i| compose("330402", birth(i), 900 + (i % 99) as u16)).collect();
        let people = (start..end).zip(&id_numbers).map(|(i, id_number)| bench_volunteer_person(i, id_number));
        let person_ids = person::Entity::insert_many(people).exec_with_returning_keys(&txn).await?;
        let records = (start..end).zip(&person_ids).map(|(i, person_id)| {
            let id = FIRST_ID + i as i64;
            volunteer::ActiveModel {
                id: Set(id),
                person_id: Set(*person_id),
                number: Set(Some(format!("{}{id:08}", &COMMUNITY[..6]))),
                region_code: Set(COMMUNITY.into()),
                status: Set("active".into()),
                skills: Set(String::new()),
                availability: Set(String::new()),
                service_fields: Set("elderly".into()),
                consent_to_publish: Set(false),
                created_at: Set(Utc::now()),
                ..Default::default()
            }
        });
        volunteer::Entity::insert_many(records).exec_without_returning(&txn).await?;
        txn.commit().await?;
        keys.extend(
            (start..end)
                .zip(id_numbers)
                .map(|(i, id_number)| (format!("{}{:08}", &COMMUNITY[..6], FIRST_ID + i as i64), id_number)),
        );
    }
    let today = app.settings.today();
    let days = rows.div_ceil(volunteers.max(1));
    let mut out = std::io::BufWriter::new(std::fs::File::create(csv_file).context("CSV_FILE")?);
    writeln!(out, "志愿者编号或身份证号,服务日期,服务时长（分钟）,服务内容")?;
    for n in 0..rows {
        let (day, v) = (n / volunteers, n % volunteers);
        let (number, id_number) = &keys[v];
        let who = if n % 10 == 9 { id_number } else { number };
        let served_on = today - Duration::days(1 + (day % days) as i64);
        writeln!(out, "{who},{served_on},{},{}", 30 + (n * 7) % 240, DESCRIPTIONS[n % DESCRIPTIONS.len()])?;
    }
    out.flush()?;
    eprintln!("prepared {volunteers} volunteers and {rows} rows in {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}

/// The i-th bench volunteer's birthday: in 1931 on, so no ID number of the demo's is met.
fn birth(i: usize) -> NaiveDate {
    NaiveDate::from_ymd_opt(1931, 1, 1).unwrap_or_default() + Duration::days((i / 99) as i64)
}

fn bench_volunteer_person(i: usize, id_number: &str) -> person::ActiveModel {
    let name = format!("志愿者{i}");
    person::ActiveModel {
        name_lower: Set(name.clone()),
        name: Set(name),
        gender: Set(if i.is_multiple_of(2) { "male" } else { "female" }.into()),
        birth_date: Set(birth(i)),
        phone: Set(String::new()),
        deprived_of_political_rights: Set(false),
        region_code: Set(COMMUNITY.into()),
        created_at: Set(Utc::now()),
        id_number: Set(id_number.to_string()),
        ..Default::default()
    }
}
