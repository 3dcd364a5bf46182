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

/// An activity of the community that began five minutes ago and runs two hours.
async fn activity_starting_now(t: &TestApp, client: &reqwest::Client) -> i64 {
    let local = |minutes: i64| {
        (chrono::Utc::now() + Duration::minutes(i64::from(t.app.settings.utc_offset_minutes) + minutes))
            .format("%Y-%m-%dT%H:%M")
            .to_string()
    };
    let body = json!({"region_code": HOME, "title": "助老", "place": "社区", "service_field": "elderly",
        "starts_at": local(-5), "ends_at": local(120), "capacity": 5});
    t.created_id(client, "/api/v1/volunteer-activities", &body).await
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
    link_account(&t, id, "v-15").await;
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

/// A `volunteer` account for the record `id`, as the sign-up page would have made it.
async fn link_account(t: &TestApp, id: i64, username: &str) {
    let account = app::identity::NewAccount {
        username: username.into(),
        display_name: username.into(),
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
}

#[tokio::test]
async fn sign_up_keeps_the_provinces_safeguards_and_a_cancelled_place_goes_to_the_waiting_list() {
    let t = spawn_app().await;
    let township = t.login("admin-330402007").await;
    let local = |days: i64| {
        (chrono::Utc::now() + Duration::hours(8) + Duration::days(days)).format("%Y-%m-%dT%H:%M").to_string()
    };
    let activity = |title: &str, extra: Value| {
        let mut body = json!({"region_code": HOME, "title": title, "place": "社区", "service_field": "emergency",
            "starts_at": local(3), "ends_at": local(4), "capacity": 1});
        for (k, v) in extra.as_object().unwrap() {
            body[k] = v.clone();
        }
        body
    };
    let drill = activity("应急演练", json!({"risky": true, "emergency_rescue": true}));
    let drill = t.created_id(&township, "/api/v1/volunteer-activities", &drill).await;
    let meals = t.created_id(&township, "/api/v1/volunteer-activities", &activity("送餐", json!({}))).await;
    let adult = register(&t, &township, 21).await;
    let (second, third) = (register(&t, &township, 23).await, register(&t, &township, 25).await);
    let minor_id = compose("330402", t.app.settings.today() - Duration::days(17 * 365), 27);
    let minor = json!({"name": "少年", "id_number": minor_id, "phone": "13800000000", "region_code": HOME});
    let minor = t.created_id(&township, "/api/v1/volunteers", &minor).await;
    for (id, name) in [(adult, "va"), (second, "vb"), (third, "vc"), (minor, "vm")] {
        link_account(&t, id, name).await;
    }
    let (a, b, c, m) = (t.login("va").await, t.login("vb").await, t.login("vc").await, t.login("vm").await);
    let sign = |client: &reqwest::Client, activity: i64, agreement: bool| {
        let (url, client) = (t.url(&format!("/api/v1/volunteer-activities/{activity}/signup")), client.clone());
        async move { client.post(url).json(&json!({"agreement_signed": agreement})).send().await.unwrap() }
    };
    // A risky activity takes nobody before its insurance is recorded.
    let uninsured = sign(&a, drill, true).await;
    assert_eq!(uninsured.status(), 409);
    let problem: Value = uninsured.json().await.unwrap();
    assert_eq!(problem["errors"][0]["code"], "activity-uninsured", "{problem}");
    let insured =
        activity("应急演练二", json!({"risky": true, "emergency_rescue": true, "insurance_policy": "PICC-1"}));
    let drill = t.created_id(&township, "/api/v1/volunteer-activities", &insured).await;
    assert_eq!(error_fields(sign(&a, drill, false).await).await, ["agreement"], "risky work needs the agreement");
    assert_eq!(sign(&a, drill, true).await.status(), 200);
    let refused: Value = sign(&m, drill, true).await.json().await.unwrap();
    assert_eq!(refused["errors"][0]["code"], "minor-emergency-rescue");

    // One place: the second waits, the first cancels, the second moves up.
    let first: Value = sign(&b, meals, false).await.json().await.unwrap();
    let waiting: Value = sign(&c, meals, false).await.json().await.unwrap();
    assert_eq!((first["status"].as_str(), waiting["status"].as_str()), (Some("signed"), Some("waiting")));
    let cancel = format!("/api/v1/volunteer-activities/{meals}/cancel");
    assert_eq!(b.post(t.url(&cancel)).send().await.unwrap().status(), 204);
    assert_eq!(b.post(t.url(&cancel)).send().await.unwrap().status(), 409);
    let activity_view = t.get_json(&township, "/api/v1/volunteer-activities").await;
    let shown = activity_view.as_array().unwrap().iter().find(|x| x["id"] == meals).unwrap().clone();
    assert_eq!((shown["signed"].as_i64(), shown["waiting"].as_i64()), (Some(1), Some(0)), "{shown}");
}

/// A volunteer registered by `client` with an account of their own, signed in.
async fn volunteer_signed_in(
    t: &TestApp,
    client: &reqwest::Client,
    order: u16,
    username: &str,
) -> (i64, reqwest::Client) {
    let id = register(t, client, order).await;
    link_account(t, id, username).await;
    (id, t.login(username).await)
}

#[tokio::test]
async fn a_check_in_takes_this_or_last_minutes_code_and_not_a_second_time_before_checking_out() {
    use domain::volunteer::checkin::token;
    let t = spawn_app().await;
    let township = t.login("admin-330402007").await;
    let activity = activity_starting_now(&t, &township).await;
    let (_, volunteer) = volunteer_signed_in(&t, &township, 31, "vq").await;
    let check_in = format!("/api/v1/volunteer-activities/{activity}/check-in");
    let current =
        t.get_json(&township, &format!("/api/v1/volunteer-activities/{activity}/token")).await["token"].clone();
    let not_signed = t.post_json(&volunteer, &check_in, &json!({"token": current})).await;
    assert_eq!(not_signed.status(), 409, "only volunteers signed up check in");
    let signup = format!("/api/v1/volunteer-activities/{activity}/signup");
    assert_eq!(t.post_json(&volunteer, &signup, &json!({})).await.status(), 200);

    let secret = store::entity::volunteer_activity::Entity::find_by_id(activity)
        .one(&t.app.db)
        .await
        .unwrap()
        .unwrap()
        .checkin_secret;
    // Not at a minute's turn, so that the server's minute is the test's.
    if chrono::Timelike::second(&chrono::Utc::now()) >= 57 {
        tokio::time::sleep(std::time::Duration::from_secs(4)).await;
    }
    let now = chrono::Utc::now();
    let two_minutes_old = token(secret.as_bytes(), activity, now - Duration::minutes(2));
    let stale = t.post_json(&volunteer, &check_in, &json!({"token": two_minutes_old})).await;
    assert_eq!(error_fields(stale).await, ["token"]);
    let one_minute_old = token(secret.as_bytes(), activity, now - Duration::minutes(1));
    let first = t.post_json(&volunteer, &check_in, &json!({"token": one_minute_old})).await;
    assert_eq!(first.status(), 200);
    let current =
        t.get_json(&township, &format!("/api/v1/volunteer-activities/{activity}/token")).await["token"].clone();
    let again = t.post_json(&volunteer, &check_in, &json!({"token": current})).await;
    assert_eq!(again.status(), 409);
    let problem: Value = again.json().await.unwrap();
    assert_eq!(problem["errors"][0]["code"], "checkin-already-open", "{problem}");
    let check_out = format!("/api/v1/volunteer-activities/{activity}/check-out");
    let too_soon: Value = t.post_json(&volunteer, &check_out, &json!({"token": current})).await.json().await.unwrap();
    assert_eq!(too_soon["errors"][0]["code"], "checkout-too-soon");
}

/// A client that sends `token` as its bearer token (no cookie).
fn bearer_client(token: &str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(reqwest::header::AUTHORIZATION, format!("Bearer {token}").parse().unwrap());
    reqwest::Client::builder().default_headers(headers).build().unwrap()
}

#[tokio::test]
async fn a_check_in_by_api_token_answers_who_before_what_and_is_audited_with_its_organisers_group() {
    use sea_orm::{ColumnTrait, QueryFilter};
    let t = spawn_app().await;
    let township = t.login("admin-330402007").await;
    let activity = activity_starting_now(&t, &township).await;
    let (id, volunteer) = volunteer_signed_in(&t, &township, 34, "vtoken").await;
    assert_eq!(
        t.post_json(&volunteer, &format!("/api/v1/volunteer-activities/{activity}/signup"), &json!({})).await.status(),
        200
    );
    let issued: Value =
        t.post_json(&volunteer, "/api/v1/tokens", &json!({"name": "phone"})).await.json().await.unwrap();
    let phone = bearer_client(issued["token"].as_str().unwrap());
    let check_in = t.url(&format!("/api/v1/volunteer-activities/{activity}/check-in"));
    let wrong_code = json!({"token": "0000"});
    // Who calls is answered before anything about the activity or its code.
    for unknown in ["not-a-token", &"ab".repeat(32)] {
        let answer = bearer_client(unknown).post(&check_in).json(&wrong_code).send().await.unwrap();
        assert_eq!(answer.status(), 401, "token {unknown}");
    }
    let nowhere = t.url("/api/v1/volunteer-activities/999999/check-in");
    assert_eq!(bearer_client(&"cd".repeat(32)).post(&nowhere).json(&wrong_code).send().await.unwrap().status(), 401);
    let admin_token: Value =
        t.post_json(&township, "/api/v1/tokens", &json!({"name": "desk"})).await.json().await.unwrap();
    let not_a_volunteer = bearer_client(admin_token["token"].as_str().unwrap());
    assert_eq!(not_a_volunteer.post(&check_in).json(&wrong_code).send().await.unwrap().status(), 403);
    assert_eq!(
        phone.post(&check_in).json(&wrong_code).send().await.unwrap().status(),
        422,
        "a known volunteer hears about the code"
    );

    let current =
        t.get_json(&township, &format!("/api/v1/volunteer-activities/{activity}/token")).await["token"].clone();
    let arrived = phone.post(&check_in).json(&json!({"token": current})).send().await.unwrap();
    assert_eq!(arrived.status(), 200);
    let audit = store::entity::audit_log::Entity::find()
        .filter(store::entity::audit_log::Column::Action.eq("check"))
        .all(&t.app.db)
        .await
        .unwrap();
    assert_eq!(audit.len(), 1, "one entry for the group at this organiser");
    let detail: Value = serde_json::from_str(&audit[0].after).unwrap();
    assert_eq!(detail["in"][0]["volunteer_id"], id);
    assert_eq!(detail["in"][0]["activity_id"], activity);
    assert_eq!(audit[0].region_code, HOME, "filed in the activity's region");

    // The token of a disabled account opens nothing.
    store::entity::account::Entity::update_many()
        .col_expr(store::entity::account::Column::Active, sea_orm::sea_query::Expr::value(false))
        .filter(store::entity::account::Column::Username.eq("vtoken"))
        .exec(&t.app.db)
        .await
        .unwrap();
    let check_out = t.url(&format!("/api/v1/volunteer-activities/{activity}/check-out"));
    assert_eq!(phone.post(&check_out).json(&json!({"token": current})).send().await.unwrap().status(), 401);
}

#[tokio::test]
async fn taps_sent_at_once_check_a_volunteer_in_once_and_out_once_with_one_ledger_entry() {
    use sea_orm::{ColumnTrait, QueryFilter, sea_query::Expr};
    use store::entity::{volunteer_attendance, volunteer_hour};
    let t = spawn_app().await;
    let township = t.login("admin-330402007").await;
    let activity = activity_starting_now(&t, &township).await;
    let (id, volunteer) = volunteer_signed_in(&t, &township, 33, "vtaps").await;
    let signup = format!("/api/v1/volunteer-activities/{activity}/signup");
    assert_eq!(t.post_json(&volunteer, &signup, &json!({})).await.status(), 200);
    // Eight taps at once, in one group of the writer or several: one counts.
    let taps = |direction: &'static str| {
        let token_url = t.url(&format!("/api/v1/volunteer-activities/{activity}/token"));
        let url = t.url(&format!("/api/v1/volunteer-activities/{activity}/check-{direction}"));
        let (township, volunteer) = (township.clone(), volunteer.clone());
        async move {
            let token = township.get(token_url).send().await.unwrap().json::<Value>().await.unwrap()["token"].clone();
            let sent: Vec<_> = (0..8)
                .map(|_| {
                    let (client, url, body) = (volunteer.clone(), url.clone(), json!({"token": token}));
                    tokio::spawn(async move { client.post(url).json(&body).send().await.unwrap().status().as_u16() })
                })
                .collect();
            let mut statuses = Vec::new();
            for call in sent {
                statuses.push(call.await.unwrap());
            }
            statuses.sort_unstable();
            statuses
        }
    };
    assert_eq!(taps("in").await, [200, 409, 409, 409, 409, 409, 409, 409]);
    volunteer_attendance::Entity::update_many()
        .col_expr(volunteer_attendance::Column::CheckedInAt, Expr::value(chrono::Utc::now() - Duration::minutes(40)))
        .filter(volunteer_attendance::Column::ActivityId.eq(activity))
        .exec(&t.app.db)
        .await
        .unwrap();
    assert_eq!(taps("out").await, [200, 409, 409, 409, 409, 409, 409, 409]);
    let attendance = volunteer_attendance::Entity::find().filter(volunteer_attendance::Column::VolunteerId.eq(id));
    let attendance = attendance.all(&t.app.db).await.unwrap();
    assert_eq!(attendance.len(), 1);
    let entries = volunteer_hour::Entity::find().filter(volunteer_hour::Column::VolunteerId.eq(id));
    let entries = entries.all(&t.app.db).await.unwrap();
    assert_eq!((entries.len(), entries[0].minutes), (1, 40));
    assert_eq!(attendance[0].ledger_seq, Some(entries[0].seq), "the attendance names its entry");
}

#[tokio::test]
async fn an_organisation_records_in_its_own_ledger_for_the_volunteers_it_works_with_only() {
    let t = spawn_app().await;
    let org = t.login("org-baifu").await;
    let township = t.login("admin-330402007").await;
    let own = register(&t, &org, 41).await;
    let stranger = register(&t, &township, 43).await;
    assert_eq!(hours(&t, &org, own, 90, 1).await.status(), 201);
    assert_eq!(hours(&t, &org, stranger, 90, 1).await.status(), 404, "a volunteer it does not work with");
    let record = t.get_json(&org, &format!("/api/v1/volunteers/{own}")).await;
    assert_eq!(record["total_minutes"], 90);

    let proof = json!({"responsible": "负责人", "handler": "经办人", "contact": "0573-82000002"});
    let proof = t.created_id(&org, &format!("/api/v1/volunteers/{own}/proofs"), &proof).await;
    let issued = t.get_json(&org, &format!("/api/v1/volunteers/{own}/proofs")).await;
    let issued = issued.as_array().unwrap().iter().find(|p| p["id"] == proof).unwrap().clone();
    let chain = issued["chain"].as_str().unwrap().to_string();
    assert!(chain.starts_with("org-") && issued["number"].as_str().unwrap().starts_with("ORG"), "{issued}");
    assert!(issued["issuer"].as_str().unwrap().contains("百福"), "the organisation issues: {issued}");
    // The office keeps the volunteer's record but not the organisation's ledger.
    let correction = json!({"minutes": 60, "description": "x"});
    let path = format!("/api/v1/volunteer-ledgers/{chain}/entries/1/correction");
    assert_eq!(t.post_json(&township, &path, &correction).await.status(), 404);
    assert_eq!(t.post_json(&org, &path, &correction).await.status(), 201);
    assert_eq!(t.get_json(&township, &format!("/api/v1/volunteers/{own}")).await["total_minutes"], 60);
}

#[tokio::test]
async fn an_office_confirms_the_check_out_of_a_volunteer_from_another_county_at_its_activity() {
    use sea_orm::{ColumnTrait, QueryFilter, sea_query::Expr};
    let t = spawn_app().await;
    let township = t.login("admin-330402007").await;
    let other_county = t.login("admin-330411").await;
    let body = json!({"name": "外区志愿者", "id_number": id_number(51), "phone": "13800000000",
        "region_code": "330411002001"});
    let visitor = t.created_id(&other_county, "/api/v1/volunteers", &body).await;
    link_account(&t, visitor, "visitor").await;
    let activity = activity_starting_now(&t, &township).await;
    let volunteer = t.login("visitor").await;
    let signup = format!("/api/v1/volunteer-activities/{activity}/signup");
    assert_eq!(t.post_json(&volunteer, &signup, &json!({})).await.status(), 200);
    let token = |client: reqwest::Client| {
        let url = t.url(&format!("/api/v1/volunteer-activities/{activity}/token"));
        async move { client.get(url).send().await.unwrap().json::<Value>().await.unwrap()["token"].clone() }
    };
    let check_in = format!("/api/v1/volunteer-activities/{activity}/check-in");
    assert_eq!(
        t.post_json(&volunteer, &check_in, &json!({"token": token(township.clone()).await})).await.status(),
        200
    );
    store::entity::volunteer_attendance::Entity::update_many()
        .col_expr(
            store::entity::volunteer_attendance::Column::CheckedInAt,
            Expr::value(chrono::Utc::now() - Duration::minutes(95)),
        )
        .filter(store::entity::volunteer_attendance::Column::ActivityId.eq(activity))
        .exec(&t.app.db)
        .await
        .unwrap();
    let check_out = format!("/api/v1/volunteer-activities/{activity}/check-out");
    let out: Value = t
        .post_json(&volunteer, &check_out, &json!({"token": token(township.clone()).await}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(out["minutes"], 95, "{out}");
    assert_eq!(t.get_json(&other_county, &format!("/api/v1/volunteers/{visitor}")).await["total_minutes"], 0);
    let confirm = format!("/api/v1/volunteer-ledgers/region-{HOME}/entries/{}/confirm", out["seq"]);
    assert_eq!(t.post_json(&township, &confirm, &json!({"minutes": 90})).await.status(), 201);
    assert_eq!(t.get_json(&other_county, &format!("/api/v1/volunteers/{visitor}")).await["total_minutes"], 90);
}

/// A file of past service in the import's columns (Chinese header), one row per tuple.
fn hours_file(rows: &[(&str, NaiveDate, &str, &str)]) -> reqwest::multipart::Form {
    let mut csv = String::from("志愿者编号或身份证号,服务日期,服务时长（分钟）,服务内容\n");
    for (volunteer, day, minutes, description) in rows {
        csv.push_str(&format!("{volunteer},{day},{minutes},{description}\n"));
    }
    let part = reqwest::multipart::Part::bytes(csv.into_bytes()).file_name("hours.csv");
    reqwest::multipart::Form::new().part("file", part)
}

async fn import_hours(t: &TestApp, client: &reqwest::Client, commit: bool, file: reqwest::multipart::Form) -> Value {
    let url = t.url(&format!("/api/v1/volunteer-hours/import?commit={commit}"));
    let answer = client.post(url).multipart(file).send().await.unwrap();
    assert_eq!(answer.status(), 200);
    answer.json().await.unwrap()
}

#[tokio::test]
async fn past_service_is_imported_all_or_none_into_the_importers_ledger_with_every_row_checked() {
    let t = spawn_app().await;
    let township = t.login("admin-330402007").await;
    let (a, b) = (register(&t, &township, 21).await, register(&t, &township, 22).await);
    let number_a =
        t.get_json(&township, &format!("/api/v1/volunteers/{a}")).await["number"].as_str().unwrap().to_string();
    assert_eq!(hours(&t, &township, a, 1000, 3).await.status(), 201);
    let today = t.app.settings.today();
    let day = |ago: i64| today - Duration::days(ago);
    let (id_b, good) = (id_number(22), [(number_a.as_str(), day(3), "440", "助老"), ("", day(2), "60", "助残")]);
    let good: Vec<_> =
        good.into_iter().map(|(v, d, m, s)| (if v.is_empty() { id_b.as_str() } else { v }, d, m, s)).collect();

    let mut bad = good.clone();
    bad.extend([
        (number_a.as_str(), day(3), "1", "另一项"),
        (id_b.as_str(), day(2), "60", "助残"),
        ("33040200999999", day(1), "30", "助老"),
        (id_b.as_str(), day(-1), "30", "助老"),
        (id_b.as_str(), day(1), "1.5", "助老"),
    ]);
    for commit in [false, true] {
        let report = import_hours(&t, &township, commit, hours_file(&bad)).await;
        let errors: Vec<(i64, &str, &str)> = report["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e["row"].as_i64().unwrap(), e["field"].as_str().unwrap(), e["code"].as_str().unwrap()))
            .collect();
        assert_eq!(
            errors,
            [
                (4, "minutes", "service-over-a-day"),
                (5, "description", "duplicate-in-file"),
                (6, "volunteer", "volunteer-number-unknown"),
                (7, "served_on", "date-in-future"),
                (8, "minutes", "minutes-whole"),
            ],
            "{report}"
        );
        assert_eq!(report["committed"], false);
    }
    assert_eq!(t.get_json(&township, &format!("/api/v1/volunteers/{a}")).await["total_minutes"], 1000);
    let empty = import_hours(&t, &township, true, hours_file(&[])).await;
    assert_eq!((&empty["total"], &empty["committed"]), (&json!(0), &json!(true)));
    let ledger = t.anonymous().get(t.url("/api/v1/public/volunteer-ledgers/region-330402007")).send().await.unwrap();
    assert_eq!(ledger.status(), 404, "nothing imported, no ledger opened");

    let checked = import_hours(&t, &township, false, hours_file(&good)).await;
    assert_eq!((checked["errors"].as_array().unwrap().len(), &checked["committed"]), (0, &json!(false)));
    let done = import_hours(&t, &township, true, hours_file(&good)).await;
    assert_eq!(done["committed"], true, "{done}");
    assert_eq!(t.get_json(&township, &format!("/api/v1/volunteers/{a}")).await["total_minutes"], 1440);
    assert_eq!(t.get_json(&township, &format!("/api/v1/volunteers/{b}")).await["total_minutes"], 60);
    let entries = t.get_json(&t.anonymous(), "/api/v1/public/volunteer-ledgers/region-330402007/entries").await;
    let sources: Vec<&str> = entries.as_array().unwrap().iter().map(|e| e["source"].as_str().unwrap()).collect();
    assert_eq!(sources, ["import", "import"], "the office's own ledger: {entries}");
    let summary = t.get_json(&t.anonymous(), "/api/v1/public/volunteer-ledgers/region-330402007").await;
    assert_eq!(summary["intact"], true);
    let audited = store::entity::audit_log::Entity::find().all(&t.app.db).await.unwrap();
    assert_eq!(audited.iter().filter(|e| e.action == "import" && e.entity == "volunteer_hours").count(), 1);

    // The same file again is already recorded; someone who keeps no volunteers is refused
    // before the file is read, and an organisation imports only those in its care.
    let again = import_hours(&t, &township, true, hours_file(&good)).await;
    let codes: Vec<&str> = again["errors"].as_array().unwrap().iter().map(|e| e["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["hours-already-recorded", "hours-already-recorded"]);
    let worker = t.login("worker-330402007").await;
    let refused = worker.post(t.url("/api/v1/volunteer-hours/import")).multipart(hours_file(&good)).send().await;
    assert_eq!(refused.unwrap().status(), 403);
    let org = t.login("org-baifu").await;
    let theirs = import_hours(&t, &org, false, hours_file(&good[..1])).await;
    assert_eq!(theirs["errors"][0]["code"], "volunteer-number-unknown", "{theirs}");
}

#[tokio::test]
async fn a_volunteer_roll_is_imported_all_or_none_and_each_person_registers_once() {
    let t = spawn_app().await;
    let township = t.login("admin-330402007").await;
    let registered = register(&t, &township, 32).await;
    let roll = |rows: &[(String, &str, &str, &str)]| {
        let mut csv = String::from("姓名,身份证号,手机号码,所属地区代码,服务领域,技能特长,可服务时间,同意公开姓名\n");
        for (id, region, fields, phone) in rows {
            csv.push_str(&format!("某志愿者,{id},{phone},{region},{fields},急救,周末,是\n"));
        }
        reqwest::multipart::Form::new()
            .part("file", reqwest::multipart::Part::bytes(csv.into_bytes()).file_name("roll.csv"))
    };
    let good = [(id_number(31), HOME, "助老、社区服务", "13800000031"), (id_number(33), HOME, "legal", "13800000033")];
    let mut bad = good.to_vec();
    bad.extend([
        (id_number(31), HOME, "助老", "13800000031"),
        (id_number(32), HOME, "助老", "13800000032"),
        (id_number(34), "330411002001", "助老", "13800000034"),
        (id_number(35), HOME, "跳舞", "13800000035"),
        (id_number(36), HOME, "助老", "abc"),
    ]);
    let post = |commit: bool, form| {
        township.post(t.url(&format!("/api/v1/volunteers/import?commit={commit}"))).multipart(form).send()
    };
    let report: Value = post(true, roll(&bad)).await.unwrap().json().await.unwrap();
    let errors: Vec<(i64, &str, &str)> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["row"].as_i64().unwrap(), e["field"].as_str().unwrap(), e["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        errors,
        [
            (4, "id_number", "duplicate-in-file"),
            (5, "id_number", "volunteer-exists"),
            (6, "region_code", "volunteer-region-out-of-scope"),
            (7, "service_fields", "unknown-choice"),
            (8, "phone", "phone-format"),
        ],
        "{report}"
    );
    assert_eq!(report["committed"], false);
    let before = t.get_json(&township, "/api/v1/volunteers").await["total"].as_i64().unwrap();

    let done: Value = post(true, roll(&good)).await.unwrap().json().await.unwrap();
    assert_eq!(done["committed"], true, "{done}");
    let list = t.get_json(&township, "/api/v1/volunteers").await;
    assert_eq!(list["total"].as_i64().unwrap(), before + 2);
    let newest = list["items"].as_array().unwrap().iter().find(|v| v["id"].as_i64() != Some(registered)).unwrap();
    let record = t.get_json(&township, &format!("/api/v1/volunteers/{}", newest["id"])).await;
    assert_eq!((record["status"].as_str(), record["region_code"].as_str()), (Some("active"), Some(HOME)), "{record}");
    assert!(record["number"].as_str().unwrap().starts_with("330402"), "{record}");
    let again: Value = post(false, roll(&good[..1])).await.unwrap().json().await.unwrap();
    assert_eq!(again["errors"][0]["code"], "volunteer-exists");
}
