//! Volunteer teams led by social workers and the linkage figures (issue 14 points 2 and 7):
//! a team without a guide is flagged and counted, membership from joining to leaving,
//! training, scope, and figures that count confirmed hours only, downloadable as .xlsx.

mod common;

use chrono::{Datelike, Duration, NaiveDate};
use common::{HOME, TestApp, error_fields, spawn_app};
use domain::identifiers::resident_id::compose;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

const TOWNSHIP: &str = "330402007";

fn id_number(order: u16) -> String {
    compose("330402", NaiveDate::from_ymd_opt(1993, 6, 7).unwrap(), order)
}

async fn register(t: &TestApp, client: &reqwest::Client, order: u16) -> (i64, String) {
    let body = json!({"name": format!("队员{order}"), "id_number": id_number(order), "phone": "13800000000",
        "region_code": HOME, "service_fields": ["elderly"]});
    let id = t.created_id(client, "/api/v1/volunteers", &body).await;
    let number = t.get_json(client, &format!("/api/v1/volunteers/{id}")).await["number"].as_str().unwrap().to_string();
    (id, number)
}

/// A social worker of the demo kept in the township above the home community.
async fn township_worker(t: &TestApp) -> i64 {
    use store::entity::social_worker;
    let found = social_worker::Entity::find()
        .filter(social_worker::Column::RegionCode.starts_with(TOWNSHIP))
        .one(&t.app.db)
        .await
        .unwrap();
    found.expect("the demo keeps social workers in the township").id
}

fn team(name: &str, guide: Option<i64>, founded_on: &str) -> Value {
    json!({"name": name, "region_code": HOME, "kind": "community", "guide_social_worker_id": guide,
        "founded_on": founded_on})
}

async fn put(client: &reqwest::Client, t: &TestApp, path: &str, body: &Value) -> reqwest::Response {
    client.put(t.url(path)).json(body).send().await.unwrap()
}

fn days_ago(t: &TestApp, days: i64) -> String {
    (t.app.settings.today() - Duration::days(days)).to_string()
}

#[tokio::test]
async fn a_team_without_a_social_worker_guide_is_flagged_and_counted_until_one_is_set() {
    let t = spawn_app().await;
    let township = t.login("admin-330402007").await;
    let worker = township_worker(&t).await;
    let before = t.get_json(&township, "/api/v1/volunteer-teams").await["unguided"].as_u64().unwrap();
    let unguided = t.created_id(&township, "/api/v1/volunteer-teams", &team("夕阳红服务队", None, "2025-03-01")).await;
    let guided =
        t.created_id(&township, "/api/v1/volunteer-teams", &team("青年服务队", Some(worker), "2025-03-01")).await;

    let list = t.get_json(&township, "/api/v1/volunteer-teams").await;
    assert_eq!(list["unguided"].as_u64(), Some(before + 1), "{list}");
    let row = |id: i64| list["items"].as_array().unwrap().iter().find(|r| r["id"] == id).unwrap().clone();
    assert_eq!(row(unguided)["guided"], false);
    assert_eq!(row(guided)["guided"], true);
    assert!(row(guided)["guide_name"].is_string(), "{list}");
    assert_eq!(list["items"][0]["guided"], false, "teams without a guide come first");

    // A guide must exist and be kept in the team's region, above it or below it.
    let path = format!("/api/v1/volunteer-teams/{unguided}/guide");
    let missing = put(&township, &t, &path, &json!({"guide_social_worker_id": 999_999})).await;
    assert_eq!(missing.status(), 422);
    assert_eq!(error_fields(missing).await, ["guide_social_worker_id"]);
    let city = t.login("admin").await;
    let elsewhere = json!({"name": "外区社工", "id_number": id_number(90), "region_code": "330411002"});
    let elsewhere = t.created_id(&city, "/api/v1/social-workers", &elsewhere).await;
    let far = put(&township, &t, &path, &json!({"guide_social_worker_id": elsewhere})).await;
    assert_eq!(error_fields(far).await, ["guide_social_worker_id"]);
    assert_eq!(put(&township, &t, &path, &json!({"guide_social_worker_id": worker})).await.status(), 204);
    let list = t.get_json(&township, "/api/v1/volunteer-teams").await;
    assert_eq!(list["unguided"].as_u64(), Some(before));

    // Every invalid field is named.
    let tomorrow = (t.app.settings.today() + Duration::days(1)).to_string();
    let future = t.post_json(&township, "/api/v1/volunteer-teams", &team("明日队", None, &tomorrow)).await;
    assert_eq!(error_fields(future).await, ["founded_on"]);
    let mut odd = team("", None, "2025-01-01");
    odd["kind"] = json!("club");
    assert_eq!(error_fields(t.post_json(&township, "/api/v1/volunteer-teams", &odd).await).await, ["name", "kind"]);
    let mut unowned = team("组织队", None, "2025-01-01");
    unowned["kind"] = json!("organization");
    let unowned = t.post_json(&township, "/api/v1/volunteer-teams", &unowned).await;
    assert_eq!(error_fields(unowned).await, ["organization_id"]);
}

#[tokio::test]
async fn a_volunteer_joins_once_at_a_time_and_cannot_leave_before_joining() {
    let t = spawn_app().await;
    let township = t.login("admin-330402007").await;
    let team_id = t.created_id(&township, "/api/v1/volunteer-teams", &team("助老队", None, "2024-01-01")).await;
    let (volunteer, number) = register(&t, &township, 1).await;
    let members = format!("/api/v1/volunteer-teams/{team_id}/members");
    let joined_on = days_ago(&t, 10);
    t.created_id(&township, &members, &json!({"volunteer": number, "joined_on": joined_on})).await;
    let twice = t.post_json(&township, &members, &json!({"volunteer": volunteer, "joined_on": joined_on})).await;
    assert_eq!(twice.status(), 409);
    assert_eq!(error_fields(twice).await, ["volunteer"]);
    let before_founding =
        t.post_json(&township, &members, &json!({"volunteer": volunteer, "joined_on": "2023-12-31"})).await;
    assert_eq!(error_fields(before_founding).await, ["joined_on"]);
    let nobody = json!({"volunteer": "33040299999999", "joined_on": joined_on});
    assert_eq!(error_fields(t.post_json(&township, &members, &nobody).await).await, ["volunteer"]);

    let leave = format!("/api/v1/volunteer-teams/{team_id}/members/{volunteer}/leave");
    let early = t.post_json(&township, &leave, &json!({"left_on": days_ago(&t, 11)})).await;
    assert_eq!(early.status(), 422);
    assert_eq!(error_fields(early).await, ["left_on"]);
    let detail = t.get_json(&township, &format!("/api/v1/volunteer-teams/{team_id}")).await;
    assert_eq!(detail["member_count"], 1, "{detail}");
    let on_joining_day = t.post_json(&township, &leave, &json!({"left_on": joined_on})).await;
    assert_eq!(on_joining_day.status(), 204);
    let again = t.post_json(&township, &leave, &json!({"left_on": joined_on})).await;
    assert_eq!(again.status(), 404, "no current membership is left");
    // Having left, the volunteer may join again.
    t.created_id(&township, &members, &json!({"volunteer": number, "joined_on": days_ago(&t, 1)})).await;
    let detail = t.get_json(&township, &format!("/api/v1/volunteer-teams/{team_id}")).await;
    assert_eq!(detail["member_count"], 1, "one current member: {detail}");
    assert_eq!(detail["members"].as_array().unwrap().len(), 2, "both memberships are kept: {detail}");

    // Training of a member: hours or minutes, social-work skills marked; a non-member is named.
    let trainings = format!("/api/v1/volunteer-teams/{team_id}/trainings");
    let training = json!({"volunteer": volunteer, "title": "社工助老技能", "provider": "南湖区社工站",
        "hours": 1.5, "trained_on": days_ago(&t, 2), "social_work_skills": true});
    t.created_id(&township, &trainings, &training).await;
    let (stranger, _) = register(&t, &township, 2).await;
    let mut outsider = training.clone();
    outsider["volunteer"] = json!(stranger);
    assert_eq!(error_fields(t.post_json(&township, &trainings, &outsider).await).await, ["volunteer"]);
    let mut lengthless = training.clone();
    lengthless["hours"] = Value::Null;
    lengthless["title"] = json!("");
    assert_eq!(error_fields(t.post_json(&township, &trainings, &lengthless).await).await, ["title", "minutes"]);
    let detail = t.get_json(&township, &format!("/api/v1/volunteer-teams/{team_id}")).await;
    assert_eq!(detail["trainings"][0]["minutes"], 90, "{detail}");
    assert_eq!(detail["trainings"][0]["social_work_skills"], true);
}

#[tokio::test]
async fn another_countys_office_is_told_a_team_is_not_there_and_a_worker_that_it_may_not() {
    let t = spawn_app().await;
    let township = t.login("admin-330402007").await;
    let team_id = t.created_id(&township, "/api/v1/volunteer-teams", &team("邻里队", None, "2024-01-01")).await;
    let other = t.login("admin-330411").await;
    let (volunteer, _) = register(&t, &township, 3).await;
    let detail = other.get(t.url(&format!("/api/v1/volunteer-teams/{team_id}"))).send().await.unwrap();
    assert_eq!(detail.status(), 404);
    let join = json!({"volunteer": volunteer, "joined_on": days_ago(&t, 1)});
    let members = format!("/api/v1/volunteer-teams/{team_id}/members");
    assert_eq!(t.post_json(&other, &members, &join).await.status(), 404);
    let guide_path = format!("/api/v1/volunteer-teams/{team_id}/guide");
    assert_eq!(put(&other, &t, &guide_path, &json!({"guide_social_worker_id": 1})).await.status(), 404);
    assert_eq!(t.post_json(&other, "/api/v1/volunteer-teams", &team("越界队", None, "2024-01-01")).await.status(), 404);
    let listed = t.get_json(&other, "/api/v1/volunteer-teams").await;
    assert!(listed["items"].as_array().unwrap().iter().all(|r| r["id"] != team_id), "{listed}");
    let figures = other.get(t.url(&format!("/api/v1/volunteer-figures?region={HOME}"))).send().await.unwrap();
    assert_eq!(figures.status(), 404);
    // A volunteer of another county is unknown to this county's teams.
    let other_team =
        json!({"name": "秀洲队", "region_code": "330411002", "kind": "community", "founded_on": "2024-01-01"});
    let other_team = t.created_id(&other, "/api/v1/volunteer-teams", &other_team).await;
    let foreign = t.post_json(&other, &format!("/api/v1/volunteer-teams/{other_team}/members"), &join).await;
    assert_eq!(error_fields(foreign).await, ["volunteer"]);

    let worker = t.login("worker-330402007").await;
    let seen = worker.get(t.url(&format!("/api/v1/volunteer-teams/{team_id}"))).send().await.unwrap();
    assert_eq!(seen.status(), 403);
}

#[tokio::test]
async fn the_figures_count_confirmed_hours_only_and_download_as_xlsx() {
    let t = spawn_app().await;
    let township = t.login("admin-330402007").await;
    let today = t.app.settings.today();
    let figures_path = format!("/api/v1/volunteer-figures?region={HOME}&year={}", today.year());
    let this_month = |f: &Value| f["months"][today.month0() as usize].clone();
    let before = this_month(&t.get_json(&township, &figures_path).await);

    let (volunteer, number) = register(&t, &township, 4).await;
    let served = |minutes: i64| json!({"minutes": minutes, "served_on": today, "description": "助老服务"});
    let hours = format!("/api/v1/volunteers/{volunteer}/hours");
    assert_eq!(t.post_json(&township, &hours, &served(120)).await.status(), 201);
    assert_eq!(t.post_json(&township, &hours, &served(90)).await.status(), 201);
    let chain = format!("region-{HOME}");
    let entries = t.get_json(&t.anonymous(), &format!("/api/v1/public/volunteer-ledgers/{chain}/entries")).await;
    let seq = entries
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["volunteer_id"] == volunteer && e["minutes"] == 120)
        .expect("the 120-minute entry")["seq"]
        .as_i64()
        .unwrap();
    let correction = json!({"minutes": 60, "description": "实际服务1小时"});
    let correct_path = format!("/api/v1/volunteer-ledgers/{chain}/entries/{seq}/correction");
    assert_eq!(t.post_json(&township, &correct_path, &correction).await.status(), 201);

    let team_id = t.created_id(&township, "/api/v1/volunteer-teams", &team("统计队", None, &today.to_string())).await;
    t.created_id(
        &township,
        &format!("/api/v1/volunteer-teams/{team_id}/members"),
        &json!({"volunteer": number, "joined_on": today}),
    )
    .await;
    let training = json!({"volunteer": number, "title": "社工技能", "minutes": 120, "trained_on": today,
        "social_work_skills": true});
    t.created_id(&township, &format!("/api/v1/volunteer-teams/{team_id}/trainings"), &training).await;

    let figures = t.get_json(&township, &figures_path).await;
    assert_eq!(figures["months"].as_array().unwrap().len(), today.month() as usize, "{figures}");
    let now = this_month(&figures);
    let delta = |key: &str| now[key].as_i64().unwrap() - before[key].as_i64().unwrap();
    assert_eq!(delta("confirmed_minutes"), 60 + 90, "the corrected entry counts as corrected: {now}");
    assert_eq!(delta("active"), 1);
    assert_eq!(delta("registered"), 1);
    assert_eq!(delta("teams"), 1);
    assert_eq!(delta("guided_teams"), 0);
    assert_eq!(delta("trained_in_social_work"), 1);

    let bad_year = township.get(t.url(&format!("/api/v1/volunteer-figures?region={HOME}&year=1999"))).send().await;
    assert_eq!(error_fields(bad_year.unwrap()).await, ["year"]);

    let export = format!("/api/v1/volunteer-figures/export?region={HOME}&year={}", today.year());
    let download = township.get(t.url(&export)).send().await.unwrap();
    assert_eq!(download.status(), 200);
    let kind = download.headers()["content-type"].to_str().unwrap().to_string();
    assert!(kind.contains("spreadsheetml"), "{kind}");
    let bytes = download.bytes().await.unwrap();
    assert!(bytes.starts_with(b"PK"), "an .xlsx is a zip file");
    use sea_orm::PaginatorTrait;
    let recorded = store::entity::audit_log::Entity::find()
        .filter(store::entity::audit_log::Column::Entity.eq("volunteer_figures"))
        .filter(store::entity::audit_log::Column::Action.eq("export"))
        .count(&t.app.db)
        .await
        .unwrap();
    assert_eq!(recorded, 1, "the export is recorded in the audit trail");
}

/// The office's pages. The page routers (`teams::router()`, `figures::router()`) are
/// merged into the page routes together with the other volunteer pages; until then this
/// test has nothing to reach.
#[tokio::test]
async fn the_office_flags_an_unguided_team_on_its_pages_and_draws_the_months_hours() {
    let t = spawn_app().await;
    let browser = common::signed_in_browser(&t, "admin-330402007").await;
    let fields = [
        ("region_code", HOME),
        ("name", "睦邻服务队"),
        ("kind", "community"),
        ("organization_id", ""),
        ("guide_social_worker_id", ""),
        ("founded_on", "2025-05-01"),
    ];
    let created = common::submit(&t, &browser, "/volunteers/teams", "/volunteers/teams", &fields).await;
    assert_eq!(created.status(), 303);
    let team_page = created.headers()["location"].to_str().unwrap().to_string();
    let list = browser.get(t.url("/volunteers/teams")).send().await.unwrap().text().await.unwrap();
    assert!(list.contains("睦邻服务队") && list.contains("无社工指导"), "flagged in the list");
    assert!(list.contains("id=\"unguided\""), "and counted");

    let township = t.login("admin-330402007").await;
    let (_, number) = register(&t, &township, 5).await;
    let early = [("volunteer", number.as_str()), ("joined_on", "2025-04-30")];
    let refused = common::submit(&t, &browser, &team_page, &format!("{team_page}/members"), &early).await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains("不能早于服务队成立日期"));
    let joined = [("volunteer", number.as_str()), ("joined_on", "2025-05-02")];
    let joined = common::submit(&t, &browser, &team_page, &format!("{team_page}/members"), &joined).await;
    assert_eq!(joined.status(), 303);
    let worker = township_worker(&t).await.to_string();
    let guided = [("guide_social_worker_id", worker.as_str())];
    let guided = common::submit(&t, &browser, &team_page, &format!("{team_page}/guide"), &guided).await;
    assert_eq!(guided.status(), 303);
    let page = browser.get(t.url(&team_page)).send().await.unwrap().text().await.unwrap();
    assert!(page.contains(&number) && !page.contains("无社工指导"), "{page}");

    let figures = browser.get(t.url(&format!("/volunteers/figures?region={HOME}"))).send().await.unwrap();
    assert_eq!(figures.status(), 200);
    let html = figures.text().await.unwrap();
    assert!(html.contains("<svg id=\"hours-chart\"") && html.contains("<rect"), "a server-drawn chart");
    let download = browser.get(t.url(&format!("/volunteers/figures/export?region={HOME}"))).send().await.unwrap();
    assert!(download.bytes().await.unwrap().starts_with(b"PK"));
}

/// The routes of teams and figures × who calls × in scope or not, written out by hand:
/// (user, role added if the demo lacks it, the regions the user keeps volunteers in, the
/// regions where they read but may not keep).
type Caller = (&'static str, Option<&'static str>, &'static [&'static str], &'static [&'static str]);

const CALLERS: &[Caller] = &[
    ("admin", None, &["330402", "330411"], &[]),
    ("admin-330402", None, &["330402"], &[]),
    ("admin-330402007", None, &["330402"], &[]),
    ("admin-330411", None, &["330411"], &[]),
    ("worker-330402007", None, &[], &["330402"]),
    ("m-volunteer", Some("volunteer"), &[], &[]),
    ("m-resident", Some("resident"), &[], &[]),
];

#[tokio::test]
async fn every_team_and_figure_route_checks_role_and_scope() {
    let t = spawn_app().await;
    for (username, role, _, _) in CALLERS {
        if let Some(role) = role {
            let input = app::identity::NewAccount {
                username: username.to_string(),
                display_name: username.to_string(),
                password: common::PASSWORD.into(),
                role: role.to_string(),
                region_code: TOWNSHIP.into(),
            };
            t.app.create_account_as_operator(input).await.unwrap();
        }
    }
    let city = t.login("admin").await;
    let mut targets = Vec::new();
    for (code, order) in [(HOME, 50), ("330411002001", 51)] {
        let body = json!({"name": "矩阵队", "region_code": code, "kind": "community", "founded_on": "2024-01-01"});
        let team = t.created_id(&city, "/api/v1/volunteer-teams", &body).await;
        let person = compose(&code[..6], NaiveDate::from_ymd_opt(1991, 1, 1).unwrap(), order);
        let body =
            json!({"name": format!("矩阵{order}"), "id_number": person, "phone": "13800000000", "region_code": code});
        let volunteer = t.created_id(&city, "/api/v1/volunteers", &body).await;
        let join = json!({"volunteer": volunteer, "joined_on": "2024-02-01"});
        t.created_id(&city, &format!("/api/v1/volunteer-teams/{team}/members"), &join).await;
        targets.push((code, team, volunteer));
    }
    let mut checked = 0;
    let mut wrong = Vec::new();
    for (username, _, keeps, reads) in CALLERS {
        let client = t.login(username).await;
        for (code, team, volunteer) in &targets {
            let county = &code[..6];
            let expected_for = |ok: u16| {
                if keeps.contains(&county) {
                    ok
                } else if reads.contains(&county) {
                    403
                } else {
                    404
                }
            };
            // (method, path, body, status when permitted); writes carry an invalid body.
            let routes: Vec<(&str, String, Option<Value>, u16)> = vec![
                ("POST", "/api/v1/volunteer-teams".into(), Some(json!({"region_code": code})), 422),
                ("GET", format!("/api/v1/volunteer-teams/{team}"), None, 200),
                ("PUT", format!("/api/v1/volunteer-teams/{team}/guide"), Some(json!({})), 422),
                ("POST", format!("/api/v1/volunteer-teams/{team}/members"), Some(json!({})), 422),
                ("POST", format!("/api/v1/volunteer-teams/{team}/members/{volunteer}/leave"), Some(json!({})), 422),
                ("POST", format!("/api/v1/volunteer-teams/{team}/trainings"), Some(json!({})), 422),
                ("GET", format!("/api/v1/volunteer-figures?region={code}"), None, 200),
                ("GET", format!("/api/v1/volunteer-figures/export?region={code}"), None, 200),
            ];
            for (method, path, body, ok) in routes {
                let mut request = client.request(method.parse().unwrap(), t.url(&path));
                if let Some(body) = &body {
                    request = request.json(body);
                }
                let status = request.send().await.unwrap().status().as_u16();
                let expected = expected_for(ok);
                if status != expected {
                    wrong.push(format!("{username} {method} {path}: {status}, not {expected}"));
                }
                checked += 1;
            }
        }
        // The list of all the caller keeps: 403 for one who reads but keeps none, else 404.
        for path in ["/api/v1/volunteer-teams", "/api/v1/volunteer-figures"] {
            let status = client.get(t.url(path)).send().await.unwrap().status().as_u16();
            let expected = if !keeps.is_empty() {
                200
            } else if !reads.is_empty() {
                403
            } else {
                404
            };
            if status != expected {
                wrong.push(format!("{username} GET {path}: {status}, not {expected}"));
            }
            checked += 1;
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert_eq!(checked, CALLERS.len() * (2 * 8 + 2));
}

#[tokio::test]
async fn the_openapi_document_lists_the_team_and_figure_routes() {
    let t = spawn_app().await;
    let doc: Value = t.get_json(&t.anonymous(), "/api/v1/openapi.json").await;
    let paths = doc["paths"].as_object().unwrap();
    for path in [
        "/api/v1/volunteer-teams",
        "/api/v1/volunteer-teams/{id}",
        "/api/v1/volunteer-teams/{id}/guide",
        "/api/v1/volunteer-teams/{id}/members",
        "/api/v1/volunteer-teams/{id}/members/{volunteer_id}/leave",
        "/api/v1/volunteer-teams/{id}/trainings",
        "/api/v1/volunteer-figures",
        "/api/v1/volunteer-figures/export",
    ] {
        assert!(paths.contains_key(path), "{path} is documented");
    }
}
