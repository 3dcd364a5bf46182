//! `sanshe-bench checkins DATABASE_URL VOLUNTEERS ACTIVITIES OUT_FILE`: QR check-in and
//! check-out data for `bench/checkins.sh` (bench data only, written straight to tables).
//!
//! ACTIVITIES activities running now in one community, spread over four organisers (three
//! organisations and the community's office, so four hash-chained ledgers), and VOLUNTEERS
//! volunteers, each with an account and an API token (what a phone app holds), signed up
//! to one activity; every second volunteer is already checked in. OUT_FILE gets one line
//! per request, `METHOD PATH BEARER_TOKEN`: first each activity's `GET …/token` as its
//! organiser (the script fetches the QR tokens this way just before a run, as the code
//! shown at the activity would), then one check-in or check-out per volunteer, alternating.

use std::io::Write;

use anyhow::Context;
use app::identity::{random_token, token_hash};
use app::{App, Settings};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use domain::identity::{Role, Scope};
use domain::organization::{Category, OrgKind, OrgStatus};
use rand::RngCore;
use sea_orm::{ActiveValue::Set, DatabaseTransaction, EntityTrait, TransactionTrait};
use store::entity::{
    account, api_token, organization, person, role_grant, supervising_unit, volunteer, volunteer_activity,
    volunteer_attendance, volunteer_signup,
};

use crate::{BATCH, COMMUNITY, bench_person};

/// The organisations that run activities besides the community's office.
const ORGANISATIONS: [&str; 3] = ["嘉兴市南湖区助老服务社", "嘉兴市南湖区青年志愿者协会", "嘉兴市南湖区邻里互助中心"];

/// Accounts with one grant and one API token each; their ids and tokens, in order.
async fn accounts(
    txn: &DatabaseTransaction,
    names: &[(String, String)],
    role: Role,
    scope: &Scope,
) -> anyhow::Result<Vec<(i64, String)>> {
    let rows = names.iter().map(|(username, display)| account::ActiveModel {
        username: Set(username.clone()),
        display_name: Set(display.clone()),
        // No password: these accounts call the API with their tokens only.
        password_hash: Set(String::new()),
        active: Set(true),
        failed_logins: Set(0),
        created_at: Set(Utc::now()),
        ..Default::default()
    });
    let ids = account::Entity::insert_many(rows).exec_with_returning_keys(txn).await?;
    let (region, organization) = match scope {
        Scope::Region(code) => (Some(code.clone()), None),
        Scope::Organization(id) => (None, Some(*id)),
        Scope::SupervisingUnit(_) => anyhow::bail!("no bench account is a supervising unit"),
    };
    let grants = ids.iter().map(|id| role_grant::ActiveModel {
        account_id: Set(*id),
        role: Set(role.as_str().to_string()),
        region_code: Set(region.clone()),
        organization_id: Set(organization),
        supervising_unit_id: Set(None),
        ..Default::default()
    });
    role_grant::Entity::insert_many(grants).exec_without_returning(txn).await?;
    let tokens: Vec<String> = ids.iter().map(|_| random_token()).collect();
    let rows = ids.iter().zip(&tokens).map(|(id, token)| api_token::ActiveModel {
        account_id: Set(*id),
        name: Set("phone".into()),
        token_hash: Set(token_hash(token)),
        created_at: Set(Utc::now()),
        ..Default::default()
    });
    api_token::Entity::insert_many(rows).exec_without_returning(txn).await?;
    Ok(ids.into_iter().zip(tokens).collect())
}

/// The organisers: each organisation with its own account, and the community's office
/// with its admin's; their ledgers' keys and their accounts' tokens.
async fn organisers(app: &App) -> anyhow::Result<Vec<(String, String)>> {
    let txn = app.db.begin().await?;
    let unit = supervising_unit::Entity::insert(supervising_unit::ActiveModel {
        name: Set("嘉兴市南湖区民政局".into()),
        region_code: Set("330402".into()),
        ..Default::default()
    })
    .exec(&txn)
    .await?
    .last_insert_id;
    let mut found = Vec::new();
    for (n, name) in ORGANISATIONS.iter().enumerate() {
        let id = organization::Entity::insert(organization::ActiveModel {
            name: Set(name.to_string()),
            short_name: Set(name.trim_start_matches("嘉兴市南湖区").to_string()),
            uscc: Set(app::demo::demo_uscc("social_group", "330402", 900 + n as u32)),
            kind: Set(OrgKind::SocialGroup.into()),
            category: Set(Category::Community.into()),
            authority_code: Set("330402".into()),
            region_code: Set("330402".into()),
            registered_on: Set(NaiveDate::from_ymd_opt(2020, 1, 1).unwrap_or_default()),
            domicile: Set("南湖区".into()),
            business_scope: Set("志愿服务".into()),
            registered_capital_fen: Set(3_000_000),
            supervising_unit_id: Set(unit),
            status: Set(OrgStatus::Active.into()),
            ..Default::default()
        })
        .exec(&txn)
        .await?
        .last_insert_id;
        let login = [(format!("bench-org-{n}"), name.to_string())];
        let (_, token) = accounts(&txn, &login, Role::Organization, &Scope::Organization(id)).await?.remove(0);
        found.push((format!("org-{id}"), token));
    }
    let office = [(format!("bench-admin-{COMMUNITY}"), "社区志愿服务站".to_string())];
    let scope = Scope::Region(COMMUNITY.into());
    let (_, token) = accounts(&txn, &office, Role::CommunityAdmin, &scope).await?.remove(0);
    found.push((format!("region-{COMMUNITY}"), token));
    txn.commit().await?;
    Ok(found)
}

/// An activity of the bench: open for check-in from an hour ago for the rest of the day.
fn bench_activity(n: usize, chain: &str, now: DateTime<Utc>) -> volunteer_activity::ActiveModel {
    let mut secret = [0u8; 16];
    rand::rng().fill_bytes(&mut secret);
    volunteer_activity::ActiveModel {
        chain: Set(chain.to_string()),
        region_code: Set(COMMUNITY.into()),
        title: Set(format!("社区助老服务第{n}组")),
        place: Set("社区居家养老服务中心".into()),
        service_field: Set("elderly".into()),
        starts_at: Set(now - Duration::hours(1)),
        ends_at: Set(now + Duration::hours(8)),
        capacity: Set(i32::MAX),
        risky: Set(false),
        large_event: Set(false),
        outside_province: Set(false),
        emergency_rescue: Set(false),
        agreement_on_request: Set(false),
        insurance_policy: Set(None),
        waitlist_may_check_in: Set(false),
        latitude: Set(None),
        longitude: Set(None),
        radius_m: Set(None),
        checkin_secret: Set(hex::encode(secret)),
        created_by: Set("bench".into()),
        created_at: Set(now),
        ..Default::default()
    }
}

pub async fn checkins(url: &str, volunteers: usize, activities: usize, out_file: &str) -> anyhow::Result<()> {
    anyhow::ensure!(activities > 0, "ACTIVITIES must be at least 1");
    let app = App::start(url, Settings::default()).await?;
    let started = std::time::Instant::now();
    let now = Utc::now();
    let organisers = organisers(&app).await?;
    let rows = (0..activities).map(|n| bench_activity(n, &organisers[n % organisers.len()].0, now));
    let activity_ids = volunteer_activity::Entity::insert_many(rows).exec_with_returning_keys(&app.db).await?;
    let mut out = std::io::BufWriter::new(std::fs::File::create(out_file)?);
    for (n, id) in activity_ids.iter().enumerate() {
        writeln!(out, "GET /api/v1/volunteer-activities/{id}/token {}", organisers[n % organisers.len()].1)?;
    }
    let volunteer_scope = Scope::Region(COMMUNITY.into());
    for start in (0..volunteers).step_by(BATCH) {
        let end = (start + BATCH).min(volunteers);
        let txn = app.db.begin().await?;
        let people = (start..end).map(|i| bench_person(i, format!("志愿者{i}"), COMMUNITY));
        let person_ids = person::Entity::insert_many(people).exec_with_returning_keys(&txn).await?;
        let logins: Vec<(String, String)> = (start..end).map(|i| (format!("vol-{i}"), format!("志愿者{i}"))).collect();
        let logins = accounts(&txn, &logins, Role::Volunteer, &volunteer_scope).await?;
        let rows = person_ids.iter().zip(&logins).zip(start..end).map(|((person_id, (account_id, _)), i)| {
            volunteer::ActiveModel {
                person_id: Set(*person_id),
                number: Set(Some(format!("{}{:08}", &COMMUNITY[..6], i + 1))),
                region_code: Set(COMMUNITY.into()),
                status: Set("active".into()),
                account_id: Set(Some(*account_id)),
                organization_id: Set(None),
                skills: Set(String::new()),
                availability: Set(String::new()),
                service_fields: Set("elderly".into()),
                consent_to_publish: Set(false),
                merged_into: Set(None),
                created_at: Set(now - Duration::days(30)),
                approved_at: Set(Some(now - Duration::days(30))),
                ..Default::default()
            }
        });
        let volunteer_ids = volunteer::Entity::insert_many(rows).exec_with_returning_keys(&txn).await?;
        let activity_of = |i: usize| activity_ids[i % activities];
        let signups = volunteer_ids.iter().zip(start..end).map(|(v, i)| volunteer_signup::ActiveModel {
            activity_id: Set(activity_of(i)),
            volunteer_id: Set(*v),
            status: Set("signed".into()),
            created_at: Set(now - Duration::days(1)),
            ..Default::default()
        });
        volunteer_signup::Entity::insert_many(signups).exec_without_returning(&txn).await?;
        // Every odd volunteer arrived half an hour ago and will check out.
        let open: Vec<_> = volunteer_ids
            .iter()
            .zip(start..end)
            .filter(|(_, i)| i % 2 == 1)
            .map(|(v, i)| volunteer_attendance::ActiveModel {
                activity_id: Set(activity_of(i)),
                volunteer_id: Set(*v),
                checked_in_at: Set(now - Duration::minutes(30)),
                ..Default::default()
            })
            .collect();
        if !open.is_empty() {
            volunteer_attendance::Entity::insert_many(open).exec_without_returning(&txn).await?;
        }
        txn.commit().await?;
        for ((_, token), i) in logins.iter().zip(start..end) {
            let direction = if i % 2 == 1 { "out" } else { "in" };
            writeln!(out, "POST /api/v1/volunteer-activities/{}/check-{direction} {token}", activity_of(i))?;
        }
    }
    out.flush().context("writing the requests")?;
    eprintln!(
        "prepared {activities} activities of {} organisers and {volunteers} volunteers in {:.1} s",
        organisers.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
