//! Training bases, the expert pool and supervision (issue 13, 5C): who may supervise on
//! the start day (a senior certificate obtained that day, not the day after; pool
//! membership), the ratio per region with the nearest region's setting winning, the flag
//! and the coverage figures, sessions within their relation, bad input (422 naming the
//! fields, nothing written) and who may do what (403/404, a worker reading its own).

mod common;

use chrono::{Days, NaiveDate};
use common::{TestApp, error_fields, spawn_app};
use domain::identifiers::resident_id::compose;
use serde_json::{Value, json};
use store::entity::organization;
use store::sea_orm::EntityTrait;

const COUNTY: &str = "330402";
/// 解放街道: the demo keeps its social workers in 建设街道, so this township starts empty.
const TOWNSHIP: &str = "330402008";

/// A social worker kept by the township; `level` and `obtained_on` give a certificate.
async fn add_worker(
    t: &TestApp,
    client: &reqwest::Client,
    order: u16,
    certificate: Option<(&str, NaiveDate)>,
    extra: Value,
) -> i64 {
    let id_number = compose("330402", NaiveDate::from_ymd_opt(1985, 5, 5).unwrap(), order);
    let mut body = json!({"name": format!("社工{order}"), "id_number": id_number, "region_code": TOWNSHIP});
    if let Some((level, obtained_on)) = certificate {
        body["certificate"] =
            json!({"level": level, "number": format!("S{:09}", order), "obtained_on": obtained_on.to_string()});
    }
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    t.created_id(client, "/api/v1/social-workers", &body).await
}

async fn supervise(
    t: &TestApp,
    client: &reqwest::Client,
    worker: i64,
    supervisor: (&str, i64),
    starts_on: NaiveDate,
) -> reqwest::Response {
    let body = json!({"social_worker_id": worker, supervisor.0: supervisor.1, "starts_on": starts_on.to_string()});
    t.post_json(client, "/api/v1/supervisions", &body).await
}

async fn status_of_put(t: &TestApp, client: &reqwest::Client, path: &str, body: &Value) -> u16 {
    client.put(t.url(path)).json(body).send().await.unwrap().status().as_u16()
}

async fn status_of_get(t: &TestApp, client: &reqwest::Client, path: &str) -> u16 {
    client.get(t.url(path)).send().await.unwrap().status().as_u16()
}

#[tokio::test]
async fn a_senior_certificate_obtained_on_the_start_day_qualifies_and_one_obtained_the_day_after_does_not() {
    let t = spawn_app().await;
    let city = t.login("admin").await;
    let today = t.app.settings.today();
    let obtained = today - Days::new(30);
    let senior = add_worker(&t, &city, 1, Some(("senior", obtained)), json!({})).await;
    let intermediate = add_worker(&t, &city, 2, Some(("intermediate", obtained - Days::new(400))), json!({})).await;
    let supervisee = add_worker(&t, &city, 3, Some(("assistant", obtained)), json!({})).await;

    let early = supervise(&t, &city, supervisee, ("supervisor_worker_id", senior), obtained - Days::new(1)).await;
    assert_eq!(early.status(), 422);
    assert_eq!(error_fields(early).await, ["supervisor_worker_id"]);
    let not_senior = supervise(&t, &city, supervisee, ("supervisor_worker_id", intermediate), obtained).await;
    assert_eq!(not_senior.status(), 422);
    assert_eq!(error_fields(not_senior).await, ["supervisor_worker_id"]);
    let own = supervise(&t, &city, senior, ("supervisor_worker_id", senior), obtained).await;
    assert_eq!(own.status(), 422);
    assert_eq!(error_fields(own).await, ["supervisor_worker_id"]);
    // Nothing was written by the refusals.
    let none = t.get_json(&city, &format!("/api/v1/social-workers/{supervisee}/supervisions")).await;
    assert_eq!(none, json!([]));

    let on_the_day = supervise(&t, &city, supervisee, ("supervisor_worker_id", senior), obtained).await;
    assert_eq!(on_the_day.status(), 201);
    let again = supervise(&t, &city, supervisee, ("supervisor_worker_id", senior), today).await;
    assert_eq!(again.status(), 409, "the same pair on overlapping days");
    let list = t.get_json(&city, &format!("/api/v1/social-workers/{supervisee}/supervisions")).await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["starts_on"], obtained.to_string());
    assert_eq!(list[0]["supervisor"]["social_worker_id"], senior);
    assert_eq!(list[0]["supervisor"]["name"], "社工1");
    assert_eq!(list[0]["active"], true);
    // The supervisor sees the relation from their side too.
    let from_supervisor = t.get_json(&city, &format!("/api/v1/social-workers/{senior}/supervisions")).await;
    assert_eq!(from_supervisor.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn bad_supervision_input_is_refused_with_every_field_named() {
    let t = spawn_app().await;
    let city = t.login("admin").await;
    let empty = t.post_json(&city, "/api/v1/supervisions", &json!({})).await;
    assert_eq!(empty.status(), 422);
    assert_eq!(error_fields(empty).await, ["social_worker_id", "supervisor_worker_id", "starts_on"]);
    let body = json!({"social_worker_id": 1, "supervisor_worker_id": 2, "supervisor_expert_id": 3,
        "starts_on": "2025-05-01", "ends_on": "2025-04-30"});
    let both = t.post_json(&city, "/api/v1/supervisions", &body).await;
    assert_eq!(both.status(), 422);
    assert_eq!(error_fields(both).await, ["supervisor_expert_id", "ends_on"]);
    let unknown = json!({"social_worker_id": 999_999, "supervisor_worker_id": 2, "starts_on": "2025-05-01"});
    let refused = t.post_json(&city, "/api/v1/supervisions", &unknown).await;
    assert_eq!(refused.status(), 422);
    assert_eq!(error_fields(refused).await, ["social_worker_id"]);
}

#[tokio::test]
async fn a_supervisor_over_the_nearest_regions_ratio_is_flagged_and_the_figures_show_coverage() {
    let t = spawn_app().await;
    let city = t.login("admin").await;
    let today = t.app.settings.today();
    let obtained = today - Days::new(100);
    let senior = add_worker(&t, &city, 10, Some(("senior", obtained)), json!({})).await;
    let mut supervisees = Vec::new();
    for order in 11..14 {
        supervisees.push(add_worker(&t, &city, order, Some(("assistant", obtained)), json!({})).await);
    }
    // Not certified nor registered: not counted in coverage.
    add_worker(&t, &city, 14, None, json!({})).await;

    let figures_path = format!("/api/v1/regions/{TOWNSHIP}/supervision-figures");
    let before = t.get_json(&city, &figures_path).await;
    assert_eq!((before["workers_per_supervisor"].as_u64(), before["workers"].as_u64()), (Some(40), Some(4)));
    assert_eq!(before["coverage_percent"], 0);

    let ratio = |code: &str| format!("/api/v1/regions/{code}/supervision-ratio");
    assert_eq!(status_of_put(&t, &city, &ratio(COUNTY), &json!({"workers_per_supervisor": 2})).await, 204);
    let mut relations = Vec::new();
    for supervisee in &supervisees[..2] {
        let created = supervise(&t, &city, *supervisee, ("supervisor_worker_id", senior), obtained).await;
        assert_eq!(created.status(), 201);
        relations.push(created.json::<Value>().await.unwrap()["id"].as_i64().unwrap());
    }
    let at_ratio = t.get_json(&city, &format!("/api/v1/supervisions/{}", relations[0])).await;
    assert_eq!(at_ratio["supervisor"]["workers_per_supervisor"], 2, "the county's ratio reaches the township");
    assert_eq!(at_ratio["supervisor"]["current_supervisees"], 2);
    assert_eq!(at_ratio["supervisor"]["over_ratio"], false);
    let figures = t.get_json(&city, &figures_path).await;
    assert_eq!((figures["supervised"].as_u64(), figures["coverage_percent"].as_u64()), (Some(2), Some(50)));
    assert_eq!(figures["supervisors_over_ratio"], json!([]));

    let third = supervise(&t, &city, supervisees[2], ("supervisor_worker_id", senior), today).await;
    assert_eq!(third.status(), 201);
    let over = t.get_json(&city, &format!("/api/v1/supervisions/{}", relations[0])).await;
    assert_eq!(
        (over["supervisor"]["current_supervisees"].as_u64(), over["supervisor"]["over_ratio"].as_bool()),
        (Some(3), Some(true))
    );
    let figures = t.get_json(&city, &figures_path).await;
    assert_eq!(figures["coverage_percent"], 75);
    assert_eq!(figures["supervisors"], 1);
    // The region's social-work figures show the same coverage for the township, and the
    // county's (demo workers in 330402007 unsupervised) its own.
    let social = t.get_json(&city, &format!("/api/v1/regions/{COUNTY}/social-work-figures")).await;
    let row = social["below"].as_array().unwrap().iter().find(|r| r["code"] == TOWNSHIP).unwrap().clone();
    assert_eq!(row["supervision_coverage_percent"], 75);
    let county = t.get_json(&city, &format!("/api/v1/regions/{COUNTY}/supervision-figures")).await;
    assert_eq!(social["region"]["supervision_coverage_percent"], county["coverage_percent"]);
    assert_eq!(figures["supervisors_over_ratio"][0]["social_worker_id"], senior);

    // A relation that ended yesterday no longer counts.
    let end = format!("/api/v1/supervisions/{}/end", relations[0]);
    let yesterday = json!({"ends_on": (today - Days::new(1)).to_string()});
    assert_eq!(status_of_put(&t, &city, &end, &yesterday).await, 204);
    let figures = t.get_json(&city, &figures_path).await;
    assert_eq!((figures["supervised"].as_u64(), figures["supervisors_over_ratio"].clone()), (Some(2), json!([])));
    let renewed = supervise(&t, &city, supervisees[0], ("supervisor_worker_id", senior), today).await;
    assert_eq!(renewed.status(), 201, "a new relation after the old one ended");
    assert_eq!(t.get_json(&city, &figures_path).await["supervisors_over_ratio"][0]["current_supervisees"], 3);

    // The township's own setting is nearer than the county's.
    assert_eq!(status_of_put(&t, &city, &ratio(TOWNSHIP), &json!({"workers_per_supervisor": 3})).await, 204);
    let figures = t.get_json(&city, &figures_path).await;
    assert_eq!(figures["workers_per_supervisor"], 3);
    assert_eq!(figures["supervisors_over_ratio"], json!([]));
    let county = t.get_json(&city, &format!("/api/v1/regions/{COUNTY}/supervision-figures")).await;
    assert_eq!(county["workers_per_supervisor"], 2);

    for bad in [json!({"workers_per_supervisor": 0}), json!({"workers_per_supervisor": 201}), json!({})] {
        let refused = city.put(t.url(&ratio(TOWNSHIP))).json(&bad).send().await.unwrap();
        assert_eq!(refused.status(), 422, "{bad}");
        assert_eq!(error_fields(refused).await, ["workers_per_supervisor"]);
    }
    assert_eq!(t.get_json(&city, &figures_path).await["workers_per_supervisor"], 3, "nothing written");
}

#[tokio::test]
async fn an_external_expert_supervises_while_in_the_pool_and_sessions_keep_to_the_relation() {
    let t = spawn_app().await;
    let city = t.login("admin").await;
    let today = t.app.settings.today();
    let admitted = today - Days::new(60);
    let expert = json!({"region_code": COUNTY, "name": "陈教授", "title": "教授", "employer": "嘉兴学院",
        "fields": ["youth", "corrections"], "level": "provincial", "admitted_on": admitted.to_string()});
    let expert_id = t.created_id(&city, "/api/v1/social-work-experts", &expert).await;
    let youth = t.get_json(&city, &format!("/api/v1/social-work-experts?region={COUNTY}&field=youth")).await;
    assert_eq!(youth[0]["id"], expert_id);
    assert_eq!(youth[0]["in_pool"], true);
    let health = t.get_json(&city, &format!("/api/v1/social-work-experts?region={COUNTY}&field=health")).await;
    assert_eq!(health, json!([]));
    let bogus = city.get(t.url(&format!("/api/v1/social-work-experts?region={COUNTY}&field=astrology"))).send();
    let bogus = bogus.await.unwrap();
    assert_eq!(bogus.status(), 422);
    assert_eq!(error_fields(bogus).await, ["field"]);

    let supervisee = add_worker(&t, &city, 20, Some(("intermediate", admitted)), json!({})).await;
    let early = supervise(&t, &city, supervisee, ("supervisor_expert_id", expert_id), admitted - Days::new(1)).await;
    assert_eq!(early.status(), 422);
    assert_eq!(error_fields(early).await, ["supervisor_expert_id"]);
    let relation = supervise(&t, &city, supervisee, ("supervisor_expert_id", expert_id), admitted).await;
    assert_eq!(relation.status(), 201);
    let relation = relation.json::<Value>().await.unwrap()["id"].as_i64().unwrap();

    let sessions = format!("/api/v1/supervisions/{relation}/sessions");
    let bad = json!({"held_on": (admitted - Days::new(1)).to_string(), "hours": 1.25, "form": "online", "topic": ""});
    let refused = t.post_json(&city, &sessions, &bad).await;
    assert_eq!(refused.status(), 422);
    assert_eq!(error_fields(refused).await, ["held_on", "hours", "form", "topic"]);
    let future = json!({"held_on": (today + Days::new(1)).to_string(), "hours": 2, "form": "group", "topic": "个案"});
    assert_eq!(t.post_json(&city, &sessions, &future).await.status(), 422);
    let good = json!({"held_on": admitted.to_string(), "hours": 1.5, "form": "individual", "topic": "个案督导"});
    t.created_id(&city, &sessions, &good).await;
    let read = t.get_json(&city, &format!("/api/v1/supervisions/{relation}")).await;
    assert_eq!(read["sessions"].as_array().unwrap().len(), 1, "only the good session was written");
    assert_eq!(read["sessions"][0]["hours"], 1.5);
    assert_eq!(read["supervisor"]["expert_id"], expert_id);
    assert_eq!(read["supervisor"]["name"], "陈教授");

    // A relation ends once, not before its latest session.
    let end = format!("/api/v1/supervisions/{relation}/end");
    let before_session = json!({"ends_on": (admitted - Days::new(1)).to_string()});
    let refused = city.put(t.url(&end)).json(&before_session).send().await.unwrap();
    assert_eq!(refused.status(), 422);
    assert_eq!(error_fields(refused).await, ["ends_on"]);
    assert_eq!(status_of_put(&t, &city, &end, &json!({"ends_on": today.to_string()})).await, 204);
    assert_eq!(status_of_put(&t, &city, &end, &json!({"ends_on": today.to_string()})).await, 409);
    let good_today = json!({"held_on": today.to_string(), "hours": 2, "form": "group", "topic": "小组督导"});
    t.created_id(&city, &sessions, &good_today).await;

    // An expert who has left supervises no new relation.
    let leaving = format!("/api/v1/social-work-experts/{expert_id}/leaving");
    let too_early = json!({"left_on": (admitted - Days::new(1)).to_string()});
    assert_eq!(status_of_put(&t, &city, &leaving, &too_early).await, 422);
    let yesterday = json!({"left_on": (today - Days::new(1)).to_string()});
    assert_eq!(status_of_put(&t, &city, &leaving, &yesterday).await, 204);
    assert_eq!(status_of_put(&t, &city, &leaving, &yesterday).await, 409);
    let gone = t.get_json(&city, &format!("/api/v1/social-work-experts?region={COUNTY}")).await;
    assert_eq!(gone[0]["in_pool"], false);
    let newcomer = add_worker(&t, &city, 22, Some(("assistant", admitted)), json!({})).await;
    let refused = supervise(&t, &city, newcomer, ("supervisor_expert_id", expert_id), today).await;
    assert_eq!(error_fields(refused).await, ["supervisor_expert_id"]);

    // A relation that has ended takes no more sessions.
    let other = add_worker(&t, &city, 21, Some(("assistant", admitted)), json!({})).await;
    let body = json!({"social_worker_id": other, "supervisor_expert_id": expert_id,
        "starts_on": admitted.to_string(), "ends_on": (today - Days::new(1)).to_string()});
    let ended = t.created_id(&city, "/api/v1/supervisions", &body).await;
    let late = t.post_json(&city, &format!("/api/v1/supervisions/{ended}/sessions"), &good).await;
    assert_eq!(late.status(), 409);
}

#[tokio::test]
async fn a_social_worker_in_the_pool_supervises_without_a_senior_certificate_and_counts_once() {
    let t = spawn_app().await;
    let city = t.login("admin").await;
    let today = t.app.settings.today();
    let member = add_worker(&t, &city, 30, Some(("intermediate", today - Days::new(900))), json!({})).await;
    let body = json!({"region_code": TOWNSHIP, "social_worker_id": member, "fields": ["community"], "level": "city",
        "admitted_on": today.to_string()});
    let expert_id = t.created_id(&city, "/api/v1/social-work-experts", &body).await;
    let experts = t.get_json(&city, &format!("/api/v1/social-work-experts?region={TOWNSHIP}")).await;
    assert_eq!(experts[0]["name"], "社工30", "a worker's name comes from the record");
    let both = json!({"region_code": TOWNSHIP, "social_worker_id": member, "name": "某人", "fields": ["community"],
        "level": "city", "admitted_on": today.to_string()});
    let refused = t.post_json(&city, "/api/v1/social-work-experts", &both).await;
    assert_eq!(refused.status(), 422);
    assert_eq!(error_fields(refused).await, ["name"]);

    let first = add_worker(&t, &city, 31, None, json!({})).await;
    let second = add_worker(&t, &city, 32, None, json!({})).await;
    let yesterday = today - Days::new(1);
    assert_eq!(supervise(&t, &city, first, ("supervisor_worker_id", member), yesterday).await.status(), 422);
    assert_eq!(supervise(&t, &city, first, ("supervisor_worker_id", member), today).await.status(), 201);
    let by_pool = supervise(&t, &city, second, ("supervisor_expert_id", expert_id), today).await;
    assert_eq!(by_pool.status(), 201);
    let id = by_pool.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let read = t.get_json(&city, &format!("/api/v1/supervisions/{id}")).await;
    assert_eq!(read["supervisor"]["social_worker_id"], member);
    assert_eq!(read["supervisor"]["current_supervisees"], 2);
    let own = supervise(&t, &city, member, ("supervisor_expert_id", expert_id), today).await;
    assert_eq!(own.status(), 422);
    assert_eq!(error_fields(own).await, ["supervisor_expert_id"]);
}

#[tokio::test]
async fn training_bases_are_listed_per_region_and_bad_input_writes_nothing() {
    let t = spawn_app().await;
    let county = t.login("admin-330402").await;
    let list = format!("/api/v1/training-bases?region={COUNTY}");
    let today = t.app.settings.today();
    let bad =
        json!({"region_code": COUNTY, "name": "", "fields": [], "recognised_on": (today + Days::new(1)).to_string()});
    let refused = t.post_json(&county, "/api/v1/training-bases", &bad).await;
    assert_eq!(refused.status(), 422);
    assert_eq!(error_fields(refused).await, ["name", "host_name", "fields", "recognised_on"]);
    let org = organization::Entity::find().one(&t.app.db).await.unwrap().expect("a demo organisation").id;
    let both = json!({"region_code": COUNTY, "name": "实训基地", "host_organization_id": org, "host_name": "医院",
        "fields": ["health"], "recognised_on": "2024-01-01"});
    let refused = t.post_json(&county, "/api/v1/training-bases", &both).await;
    assert_eq!(error_fields(refused).await, ["host_name"]);
    let unknown = json!({"region_code": COUNTY, "name": "实训基地", "host_organization_id": 999_999,
        "fields": ["health"], "recognised_on": "2024-01-01"});
    let refused = t.post_json(&county, "/api/v1/training-bases", &unknown).await;
    assert_eq!(refused.status(), 422);
    assert_eq!(error_fields(refused).await, ["host_organization_id"]);
    assert_eq!(t.get_json(&county, &list).await, json!([]), "nothing written");

    let hosted = json!({"region_code": TOWNSHIP, "name": "建设街道实训基地", "host_organization_id": org,
        "fields": ["community", "youth"], "recognised_on": "2024-01-01"});
    t.created_id(&county, "/api/v1/training-bases", &hosted).await;
    let public = json!({"region_code": COUNTY, "name": "南湖区人民医院实训基地", "host_name": "南湖区人民医院",
        "fields": ["health"], "recognised_on": "2024-03-01"});
    t.created_id(&county, "/api/v1/training-bases", &public).await;
    let again = t.post_json(&county, "/api/v1/training-bases", &public).await;
    assert_eq!(again.status(), 409);
    assert_eq!(error_fields(again).await, ["name"]);
    let bases = t.get_json(&county, &list).await;
    assert_eq!(bases.as_array().unwrap().len(), 2, "the county lists its own and the township's");
    let township = t.get_json(&county, &format!("/api/v1/training-bases?region={TOWNSHIP}")).await;
    assert_eq!(township[0]["host_organization_id"], org);
    assert_eq!(township[0]["fields"], json!(["community", "youth"]));

    let everything = t.get_json(&county, "/api/v1/training-bases").await;
    assert_eq!(everything.as_array().unwrap().len(), 2, "without a region: all the caller keeps");
    let other_county = t.login("admin-330411").await;
    assert_eq!(t.get_json(&other_county, "/api/v1/training-bases").await, json!([]));
    assert_eq!(status_of_get(&t, &other_county, &list).await, 404);
    let outside = json!({"region_code": COUNTY, "name": "越界基地", "host_name": "某单位", "fields": ["health"],
        "recognised_on": "2024-01-01"});
    assert_eq!(t.post_json(&other_county, "/api/v1/training-bases", &outside).await.status(), 404);
}

#[tokio::test]
async fn out_of_scope_is_404_no_permission_is_403_and_a_worker_reads_its_own_supervision() {
    let t = spawn_app().await;
    let city = t.login("admin").await;
    let today = t.app.settings.today();
    let senior = add_worker(&t, &city, 40, Some(("senior", today - Days::new(10))), json!({})).await;
    for (username, role) in [("worker-41", "social_worker"), ("admin-41", "township_admin")] {
        let account = json!({"username": username, "display_name": username, "password": common::PASSWORD,
            "role": role, "region_code": TOWNSHIP});
        t.created_id(&city, "/api/v1/accounts", &account).await;
    }
    let mine = add_worker(&t, &city, 41, None, json!({"username": "worker-41"})).await;
    let other = add_worker(&t, &city, 42, None, json!({})).await;
    let created = supervise(&t, &city, mine, ("supervisor_worker_id", senior), today).await;
    let relation = created.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let other_relation = supervise(&t, &city, other, ("supervisor_worker_id", senior), today).await;
    let other_relation = other_relation.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let session = json!({"held_on": today.to_string(), "hours": 1, "form": "group", "topic": "小组督导"});

    let outsider = t.login("admin-330411").await;
    assert_eq!(status_of_get(&t, &outsider, &format!("/api/v1/supervisions/{relation}")).await, 404);
    let sessions = format!("/api/v1/supervisions/{relation}/sessions");
    assert_eq!(t.post_json(&outsider, &sessions, &session).await.status(), 404);
    let ratio = json!({"workers_per_supervisor": 10});
    assert_eq!(status_of_put(&t, &outsider, &format!("/api/v1/regions/{COUNTY}/supervision-ratio"), &ratio).await, 404);
    assert_eq!(status_of_get(&t, &outsider, &format!("/api/v1/regions/{COUNTY}/supervision-figures")).await, 404);
    let taken = supervise(&t, &outsider, other, ("supervisor_worker_id", senior), today).await;
    assert_eq!(taken.status(), 422, "a worker kept elsewhere is unknown");

    let me = t.login("worker-41").await;
    let own = t.get_json(&me, &format!("/api/v1/social-workers/{mine}/supervisions")).await;
    assert_eq!(own[0]["id"], relation);
    assert_eq!(status_of_get(&t, &me, &format!("/api/v1/supervisions/{relation}")).await, 200);
    assert_eq!(status_of_get(&t, &me, &format!("/api/v1/supervisions/{other_relation}")).await, 403);
    assert_eq!(status_of_get(&t, &me, &format!("/api/v1/social-workers/{other}/supervisions")).await, 403);
    assert_eq!(t.post_json(&me, &sessions, &session).await.status(), 403);
    assert_eq!(supervise(&t, &me, other, ("supervisor_worker_id", senior), today).await.status(), 403);
    let township_ratio = format!("/api/v1/regions/{TOWNSHIP}/supervision-ratio");
    assert_eq!(status_of_put(&t, &me, &township_ratio, &ratio).await, 403);
    assert_eq!(status_of_get(&t, &me, &format!("/api/v1/regions/{TOWNSHIP}/supervision-figures")).await, 403);
    assert_eq!(status_of_get(&t, &me, &format!("/api/v1/training-bases?region={TOWNSHIP}")).await, 403);
    assert_eq!(status_of_get(&t, &me, "/api/v1/social-work-experts").await, 403);

    // The township office keeps its own workers' supervision.
    let township = t.login("admin-41").await;
    t.created_id(&township, &sessions, &session).await;
    assert_eq!(t.get_json(&me, &format!("/api/v1/supervisions/{relation}")).await["sessions"][0]["hours"], 1.0);
}

#[tokio::test]
async fn the_openapi_document_lists_the_supervision_routes() {
    let t = spawn_app().await;
    let doc: Value = t.get_json(&t.anonymous(), "/api/v1/openapi.json").await;
    for path in [
        "/api/v1/training-bases",
        "/api/v1/social-work-experts",
        "/api/v1/social-work-experts/{id}/leaving",
        "/api/v1/supervisions",
        "/api/v1/supervisions/{id}",
        "/api/v1/supervisions/{id}/sessions",
        "/api/v1/supervisions/{id}/end",
        "/api/v1/social-workers/{id}/supervisions",
        "/api/v1/regions/{code}/supervision-ratio",
        "/api/v1/regions/{code}/supervision-figures",
    ] {
        assert!(doc["paths"].get(path).is_some(), "{path} missing from the OpenAPI document");
    }
}
