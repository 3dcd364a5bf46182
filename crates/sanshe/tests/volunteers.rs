//! Volunteers (issue 14): the registry's contract, hours in the hash-chained ledger, the
//! star and 24-hour boundaries, corrections, and a ledger row edited in the database.

mod common;

use chrono::{Duration, NaiveDate};
use common::{TestApp, error_fields, spawn_app};
use domain::identifiers::resident_id::compose;
use sea_orm::{ConnectionTrait, EntityTrait};
use serde_json::{Value, json};

/// A community of the demo township without demo volunteers, so its ledger starts empty.
const HOME: &str = "330402007030";

fn id_number(order: u16) -> String {
    compose("330402", NaiveDate::from_ymd_opt(1992, 5, 6).unwrap(), order)
}

async fn register(t: &TestApp, client: &reqwest::Client, order: u16) -> i64 {
    let body = json!({"name": format!("志愿者{order}"), "id_number": id_number(order), "phone": "13800000000",
        "region_code": HOME, "service_fields": ["elderly"]});
    t.created_id(client, "/api/v1/volunteers", &body).await
}

async fn hours(t: &TestApp, client: &reqwest::Client, id: i64, minutes: i64, days_ago: i64) -> reqwest::Response {
    let served_on = t.app.settings.today() - Duration::days(days_ago);
    let body = json!({"minutes": minutes, "served_on": served_on, "description": "助老服务"});
    t.post_json(client, &format!("/api/v1/volunteers/{id}/hours"), &body).await
}

#[tokio::test]
async fn a_volunteer_is_registered_once_per_person_and_an_invalid_id_number_is_named() {
    let t = spawn_app().await;
    let township = t.login("admin-330402007").await;
    let id = register(&t, &township, 1).await;
    let again = json!({"name": "志愿者1", "id_number": id_number(1), "phone": "13800000000", "region_code": HOME});
    let twice = t.post_json(&township, "/api/v1/volunteers", &again).await;
    assert_eq!(twice.status(), 409);
    assert_eq!(error_fields(twice).await, ["id_number"]);
    let mut broken = id_number(2);
    broken.replace_range(17.., if broken.ends_with('0') { "1" } else { "0" });
    let invalid = json!({"name": "志愿者2", "id_number": broken, "phone": "13800000000", "region_code": HOME});
    let refused = t.post_json(&township, "/api/v1/volunteers", &invalid).await;
    assert_eq!(refused.status(), 422);
    assert_eq!(error_fields(refused).await, ["id_number"]);

    let record = t.get_json(&township, &format!("/api/v1/volunteers/{id}")).await;
    assert_eq!(record["total_minutes"], 0);
    assert_eq!(record["stars"], 0);
    assert!(record["number"].as_str().unwrap().starts_with("330402"), "{record}");
    assert!(record["id_number"].as_str().unwrap().contains('*'), "masked: {record}");
    let other_county = t.login("admin-330411").await;
    let hidden = other_county.get(t.url(&format!("/api/v1/volunteers/{id}"))).send().await.unwrap();
    assert_eq!(hidden.status(), 404);
}

#[tokio::test]
async fn one_star_comes_at_exactly_100_hours_and_not_at_99_hours_59_minutes() {
    let t = spawn_app().await;
    let township = t.login("admin-330402007").await;
    let id = register(&t, &township, 3).await;
    for day in 1..=4 {
        assert_eq!(hours(&t, &township, id, 24 * 60, day).await.status(), 201);
    }
    assert_eq!(hours(&t, &township, id, 239, 5).await.status(), 201);
    let record = t.get_json(&township, &format!("/api/v1/volunteers/{id}")).await;
    assert_eq!((record["total_minutes"].as_i64(), record["stars"].as_i64()), (Some(99 * 60 + 59), Some(0)));
    assert_eq!(record["next_star_minutes"], 1);
    assert_eq!(hours(&t, &township, id, 1, 5).await.status(), 201);
    let record = t.get_json(&township, &format!("/api/v1/volunteers/{id}")).await;
    assert_eq!((record["total_minutes"].as_i64(), record["stars"].as_i64()), (Some(100 * 60), Some(1)));

    // A region's own thresholds: the county sets 50 hours for the first star.
    let county = t.login("admin-330402").await;
    let set = county.put(t.url("/api/v1/volunteer-stars/330402")).json(&json!({"hours": [50, 300, 600, 1000, 1500]}));
    assert_eq!(set.send().await.unwrap().status(), 204);
    let unordered =
        county.put(t.url("/api/v1/volunteer-stars/330402")).json(&json!({"hours": [50, 40, 600, 1000, 1500]}));
    assert_eq!(error_fields(unordered.send().await.unwrap()).await, ["hours"]);
    assert_eq!(t.get_json(&township, &format!("/api/v1/volunteers/{id}")).await["stars"], 1);
}

#[tokio::test]
async fn a_day_holds_24_hours_of_service_and_a_minute_more_is_refused() {
    let t = spawn_app().await;
    let township = t.login("admin-330402007").await;
    let id = register(&t, &township, 5).await;
    assert_eq!(hours(&t, &township, id, 1000, 1).await.status(), 201);
    let over = hours(&t, &township, id, 441, 1).await;
    assert_eq!(over.status(), 422);
    let problem: Value = over.json().await.unwrap();
    assert_eq!(problem["errors"][0]["field"], "minutes", "{problem}");
    assert_eq!(hours(&t, &township, id, 440, 1).await.status(), 201);
    let fractional = json!({"minutes": 1.5, "served_on": t.app.settings.today(), "description": "x"});
    let fractional = t.post_json(&township, &format!("/api/v1/volunteers/{id}/hours"), &fractional).await;
    assert_eq!(error_fields(fractional).await, ["minutes"]);
    let tomorrow = t.app.settings.today() + Duration::days(1);
    let future = json!({"minutes": 60, "served_on": tomorrow, "description": "x"});
    let future = t.post_json(&township, &format!("/api/v1/volunteers/{id}/hours"), &future).await;
    assert_eq!(error_fields(future).await, ["served_on"]);
}

#[tokio::test]
async fn a_correction_is_a_new_entry_naming_the_old_one_and_an_old_head_still_checks() {
    let t = spawn_app().await;
    let township = t.login("admin-330402007").await;
    let id = register(&t, &township, 7).await;
    assert_eq!(hours(&t, &township, id, 120, 2).await.status(), 201);
    assert_eq!(hours(&t, &township, id, 90, 1).await.status(), 201);
    let chain = format!("region-{HOME}");
    let summary = t.get_json(&t.anonymous(), &format!("/api/v1/public/volunteer-ledgers/{chain}")).await;
    assert_eq!((summary["seq"].as_i64(), summary["intact"].as_bool()), (Some(2), Some(true)), "{summary}");
    let old_head = summary["head"].as_str().unwrap().to_string();

    let correction = json!({"minutes": 60, "description": "实际服务1小时"});
    let path = format!("/api/v1/volunteer-ledgers/{chain}/entries/1/correction");
    assert_eq!(t.post_json(&township, &path, &correction).await.status(), 201);
    let twice = t.post_json(&township, &path, &correction).await;
    assert_eq!(twice.status(), 409);
    assert_eq!(error_fields(twice).await, ["seq"]);
    assert_eq!(t.get_json(&township, &format!("/api/v1/volunteers/{id}")).await["total_minutes"], 150);

    let entries = t.get_json(&t.anonymous(), &format!("/api/v1/public/volunteer-ledgers/{chain}/entries")).await;
    let third = &entries[2];
    assert_eq!((third["corrects"].as_i64(), third["source"].as_str()), (Some(1), Some("correction")));
    assert_eq!(entries[0]["counts"], false);
    assert_eq!(entries[0]["minutes"], 120, "the corrected entry is kept as it was");
    let check = format!("/api/v1/public/volunteer-ledgers/{chain}/check?seq=2&head={old_head}");
    assert_eq!(t.get_json(&t.anonymous(), &check).await["matches"], true);
    // Someone else's ledger is not the township's to correct.
    let other = t.login("admin-330411").await;
    assert_eq!(t.post_json(&other, &path.replace("/1/", "/2/"), &correction).await.status(), 404);
}

#[tokio::test]
async fn a_ledger_row_edited_in_the_database_is_named_by_verification() {
    let t = spawn_app().await;
    let township = t.login("admin-330402007").await;
    let id = register(&t, &township, 9).await;
    for day in 1..=3 {
        assert_eq!(hours(&t, &township, id, 60, day).await.status(), 201);
    }
    let chain = format!("region-{HOME}");
    let path = format!("/api/v1/public/volunteer-ledgers/{chain}");
    let before = t.get_json(&t.anonymous(), &path).await;
    let head = before["head"].as_str().unwrap().to_string();
    t.app
        .db
        .execute_unprepared(&format!("UPDATE volunteer_hours SET minutes = 600 WHERE chain = '{chain}' AND seq = 2"))
        .await
        .unwrap();
    let after = t.get_json(&t.anonymous(), &path).await;
    assert_eq!((after["intact"].as_bool(), after["broken_at"].as_i64()), (Some(false), Some(2)), "{after}");
    let check = t.get_json(&t.anonymous(), &format!("{path}/check?seq=3&head={head}")).await;
    assert_eq!((check["matches"].as_bool(), check["broken_at"].as_i64()), (Some(false), Some(2)));
    let untouched =
        t.get_json(&t.anonymous(), &format!("{path}/check?seq=1&head={}", before_head_of(&t, &chain, 1).await)).await;
    assert_eq!(untouched["matches"], true, "what came before the edit still checks");
}

/// The stored hash of entry `seq`, as an auditor would have kept it.
async fn before_head_of(t: &TestApp, chain: &str, seq: i64) -> String {
    let entries = t.get_json(&t.anonymous(), &format!("/api/v1/public/volunteer-ledgers/{chain}/entries")).await;
    entries[usize::try_from(seq - 1).unwrap()]["hash"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn a_duplicate_record_merged_into_another_counts_its_service_there_without_rewriting_the_ledger() {
    let t = spawn_app().await;
    let township = t.login("admin-330402007").await;
    let (kept, duplicate) = (register(&t, &township, 11).await, register(&t, &township, 13).await);
    assert_eq!(hours(&t, &township, kept, 120, 2).await.status(), 201);
    assert_eq!(hours(&t, &township, duplicate, 90, 1).await.status(), 201);
    let number = t.get_json(&township, &format!("/api/v1/volunteers/{duplicate}")).await["number"].clone();
    let path = format!("/api/v1/volunteers/{kept}/merge");
    let own = t
        .post_json(
            &township,
            &path,
            &json!({"merged": t.get_json(&township, &format!("/api/v1/volunteers/{kept}")).await["number"]}),
        )
        .await;
    assert_eq!(error_fields(own).await, ["merged"]);
    assert_eq!(t.post_json(&township, &path, &json!({"merged": number})).await.status(), 204);
    assert_eq!(t.get_json(&township, &format!("/api/v1/volunteers/{kept}")).await["total_minutes"], 210);
    assert_eq!(t.get_json(&township, &format!("/api/v1/volunteers/{duplicate}")).await["status"], "merged");
    assert_eq!(t.post_json(&township, &path, &json!({"merged": number})).await.status(), 409);
    let chain = format!("/api/v1/public/volunteer-ledgers/region-{HOME}");
    let ledger = t.get_json(&t.anonymous(), &chain).await;
    assert_eq!((ledger["seq"].as_i64(), ledger["intact"].as_bool()), (Some(2), Some(true)), "nothing rewritten");
    // The same day's service of the two records is one person's: it is held to 24 hours.
    assert_eq!(hours(&t, &township, kept, 1440 - 90 + 1, 1).await.status(), 422);
}

#[tokio::test]
async fn a_volunteer_asks_for_a_correction_and_the_organiser_answers_once() {
    let t = spawn_app().await;
    let township = t.login("admin-330402007").await;
    let id = register(&t, &township, 15).await;
    assert_eq!(hours(&t, &township, id, 60, 1).await.status(), 201);
    let account = app::identity::NewAccount {
        username: "v-15".into(),
        display_name: "志愿者15".into(),
        password: common::PASSWORD.into(),
        role: "volunteer".into(),
        region_code: HOME.into(),
    };
    let account = t.app.create_account_as_operator(account).await.unwrap();
    store::entity::volunteer::Entity::update(store::entity::volunteer::ActiveModel {
        id: sea_orm::ActiveValue::Set(id),
        account_id: sea_orm::ActiveValue::Set(Some(account)),
        ..Default::default()
    })
    .exec(&t.app.db)
    .await
    .unwrap();
    let volunteer = t.login("v-15").await;
    let ask = json!({"chain": format!("region-{HOME}"), "about_seq": 1, "message": "实际服务了 2 小时"});
    let request = t.created_id(&volunteer, "/api/v1/volunteer-corrections", &ask).await;
    let empty = t.post_json(&volunteer, "/api/v1/volunteer-corrections", &json!({"chain": "nowhere"})).await;
    assert_eq!(error_fields(empty).await, ["message", "chain"]);
    // Only the ledger's keeper answers; the answer needs its reason, and comes once.
    let other = t.login("admin-330411").await;
    let answer = json!({"status": "fixed", "answer": "已核实，补录 60 分钟"});
    let path = format!("/api/v1/volunteer-corrections/{request}/answer");
    assert_eq!(t.post_json(&other, &path, &answer).await.status(), 404);
    assert_eq!(error_fields(t.post_json(&township, &path, &json!({"status": "fixed"})).await).await, ["answer"]);
    assert_eq!(t.post_json(&township, &path, &answer).await.status(), 204);
    assert_eq!(t.post_json(&township, &path, &answer).await.status(), 409);
    let mine = t.get_json(&volunteer, "/api/v1/volunteer-corrections").await;
    assert_eq!((mine[0]["status"].as_str(), mine[0]["answer"].as_str()), (Some("fixed"), Some("已核实，补录 60 分钟")));
}

#[tokio::test]
async fn each_ledgers_head_is_published_once_a_day_and_the_first_publication_stands() {
    let t = spawn_app().await;
    let township = t.login("admin-330402007").await;
    let id = register(&t, &township, 17).await;
    assert_eq!(hours(&t, &township, id, 60, 2).await.status(), 201);
    let today = t.app.settings.today();
    assert!(t.app.publish_ledger_heads(today).await.unwrap() >= 1);
    assert_eq!(hours(&t, &township, id, 60, 1).await.status(), 201);
    assert_eq!(t.app.publish_ledger_heads(today).await.unwrap(), 0, "today's heads are out already");
    let path = format!("/api/v1/public/volunteer-ledgers/region-{HOME}");
    let summary = t.get_json(&t.anonymous(), &path).await;
    let published = &summary["heads"][0];
    assert_eq!((published["day"].as_str(), published["seq"].as_i64()), (Some(today.to_string().as_str()), Some(1)));
    let check = format!("{path}/check?seq=1&head={}", published["head"].as_str().unwrap());
    assert_eq!(t.get_json(&t.anonymous(), &check).await["matches"], true);
    assert_eq!(summary["seq"], 2);
}
