//! Every route × every role × in scope / out of scope (the registry, elections, meetings,
//! disclosure, and social work: workers, posts, registration, the city's review and course,
//! insurance, evaluation and surveys, supervision, pay and allowances, and volunteers). Write routes are sent an invalid body: a caller who may write gets
//! 422 (the request reached validation) or 409 (it reached the step's rule), one who may
//! not gets 403 (visible but not permitted) or 404 (outside scope: no hint it exists).

mod common;

use app::identity::NewAccount;
use chrono::NaiveDate;
use common::{PASSWORD, TestApp, spawn_app};
use domain::identifiers::resident_id::compose;
use serde_json::{Value, json};

const HOME: &str = "330402007024";
const OTHER: &str = "330411002001";

/// What each role may do within its own scope, written out by hand from MISSION.md's
/// role table: (read, write, reveal, export, manage accounts, read audit, organise elections,
/// keep the social-worker registry, keep volunteers).
const EXPECTED: &[(&str, &str, [bool; 9])] = &[
    ("admin", "city_admin", [true, true, true, true, true, true, true, true, true]),
    ("admin-330402", "county_admin", [true, true, true, true, true, true, true, true, true]),
    ("admin-330402007", "township_admin", [true, true, true, true, true, true, false, true, true]),
    ("m-community", "community_admin", [true, true, true, true, false, true, false, true, true]),
    ("worker-330402007", "social_worker", [true, false, false, false, false, false, false, false, false]),
    ("m-registrar", "registrar", [false, false, false, false, true, false, false, false, false]),
    ("m-supervisor", "supervising_unit", [false; 9]),
    ("m-finance", "finance", [false; 9]),
    ("m-volunteer", "volunteer", [false; 9]),
    ("m-resident", "resident", [false; 9]),
];

/// The region each added role is held over.
fn scope_of(role: &str) -> &'static str {
    match role {
        "community_admin" => HOME,
        "registrar" | "finance" | "supervising_unit" => "330402",
        _ => "330402007",
    }
}

/// The accounts of `EXPECTED` the demo lacks, added at the console: an administrator may
/// not grant registrars, finance or supervising units (another department's roles).
async fn add_accounts(t: &TestApp) {
    for (username, role, _) in EXPECTED.iter().filter(|(u, _, _)| u.starts_with("m-")) {
        let input = NewAccount {
            username: username.to_string(),
            display_name: username.to_string(),
            password: PASSWORD.into(),
            role: role.to_string(),
            region_code: scope_of(role).into(),
        };
        t.app.create_account_as_operator(input).await.unwrap();
    }
}

/// A post and its holder in `code`, created by the city admin.
async fn staffed(t: &TestApp, city: &reqwest::Client, code: &str, order: u16) -> (i64, i64) {
    let id = compose("330402", NaiveDate::from_ymd_opt(1979, 3, 3).unwrap(), order);
    let body = json!({"name": "矩阵", "id_number": id, "body": "affairs_station", "title": "staff", "employment": "part_time", "started_on": "2024-01-01"});
    let r = t.post_json(city, &format!("/api/v1/communities/{code}/posts"), &body).await;
    assert_eq!(r.status(), 201);
    let post_id = r.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let detail: Value = t.get_json(city, &format!("/api/v1/communities/{code}")).await;
    let person = detail["bodies"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|b| b["posts"].as_array().unwrap().iter())
        .find(|p| p["id"] == post_id)
        .unwrap()["person_id"]
        .as_i64()
        .unwrap();
    (post_id, person)
}

/// The social-work records a route acts on, all kept in one region.
#[derive(Clone, Copy)]
struct SocialWork {
    /// Without a certificate.
    worker: i64,
    /// Another worker's application for registration.
    application: i64,
    post: i64,
    /// That other worker in the post.
    hire: i64,
    /// The region's course of this year, ended today.
    course: i64,
}

/// The social-work records of `code`, created by the city admin.
async fn social_work(t: &TestApp, city: &reqwest::Client, code: &str, order: u16) -> SocialWork {
    let person = |n: u16| compose("330402", NaiveDate::from_ymd_opt(1986, 6, 6).unwrap(), order + n);
    let plain = json!({"name": "社工", "id_number": person(0), "region_code": code});
    let worker = t.created_id(city, "/api/v1/social-workers", &plain).await;
    let obtained = (t.app.settings.today() - chrono::Duration::days(10)).to_string();
    let certificate = json!({"level": "assistant", "number": format!("M{order:08}"), "obtained_on": obtained});
    let applying = json!({"name": "社工", "id_number": person(2), "region_code": code, "certificate": certificate});
    let applicant = t.created_id(city, "/api/v1/social-workers", &applying).await;
    let path = format!("/api/v1/social-workers/{applicant}/registration-applications");
    let application = t.created_id(city, &path, &json!({})).await;
    let post = json!({"title": "岗", "region_code": code, "service_field": "youth", "professional": true});
    let post = t.created_id(city, "/api/v1/social-work-posts", &post).await;
    let today = t.app.settings.today().to_string();
    let hiring = json!({"social_worker_id": applicant, "hired_on": today});
    let hire = t.created_id(city, &format!("/api/v1/social-work-posts/{post}/hires"), &hiring).await;
    let course = json!({"region_code": code, "year": today[..4].parse::<i32>().unwrap(), "title": "培训班", "hours": 8,
        "starts_on": today, "ends_on": today});
    let course = t.created_id(city, "/api/v1/city-courses", &course).await;
    SocialWork { worker, application, post, hire, course }
}

/// A volunteer of `code` with one entry in the office's ledger, and an activity there.
async fn volunteering(t: &TestApp, city: &reqwest::Client, code: &str, order: u16) -> (i64, i64) {
    let id = compose("330402", NaiveDate::from_ymd_opt(1993, 3, 3).unwrap(), order);
    let volunteer = json!({"name": "志愿者", "id_number": id, "phone": "13800000000", "region_code": code});
    let volunteer = t.created_id(city, "/api/v1/volunteers", &volunteer).await;
    let hours = json!({"minutes": 60, "served_on": t.app.settings.today(), "description": "服务"});
    t.created_id(city, &format!("/api/v1/volunteers/{volunteer}/hours"), &hours).await;
    let start = (chrono::Utc::now() + chrono::Duration::days(2)).format("%Y-%m-%dT%H:%M").to_string();
    let end = (chrono::Utc::now() + chrono::Duration::days(3)).format("%Y-%m-%dT%H:%M").to_string();
    let activity = json!({"region_code": code, "title": "活动", "place": "社区", "service_field": "elderly",
        "starts_at": start, "ends_at": end, "capacity": 3});
    (volunteer, t.created_id(city, "/api/v1/volunteer-activities", &activity).await)
}

#[tokio::test]
async fn every_route_checks_role_and_scope() {
    let t = spawn_app().await;
    add_accounts(&t).await;
    let city = t.login("admin").await;
    let targets = [(HOME, staffed(&t, &city, HOME, 11).await), (OTHER, staffed(&t, &city, OTHER, 13).await)];
    let vote_date = (t.app.settings.today() + chrono::Duration::days(40)).to_string();
    let opening = json!({"name": "换届", "region_code": "330400", "term": 2026, "vote_date": vote_date});
    assert_eq!(t.post_json(&city, "/api/v1/unified-elections", &opening).await.status(), 201);
    let mut elections = std::collections::HashMap::new();
    for (code, _) in &targets {
        let list = t.get_json(&city, &format!("/api/v1/communities/{code}/elections")).await;
        elections.insert(*code, list["items"][0]["id"].as_i64().unwrap());
    }
    let mut social = std::collections::HashMap::new();
    for (order, (code, _)) in [(21, &targets[0]), (41, &targets[1])] {
        social.insert(*code, social_work(&t, &city, code, order).await);
    }
    let mut volunteers = std::collections::HashMap::new();
    for (order, (code, _)) in [(61, &targets[0]), (71, &targets[1])] {
        volunteers.insert(*code, volunteering(&t, &city, code, order).await);
    }
    let mut checked = 0;
    let mut wrong = Vec::new();
    for (username, role, may) in EXPECTED {
        let client = t.login(username).await;
        for (code, (post, person)) in targets {
            let in_scope = *role == "city_admin" || code == HOME;
            let SocialWork { worker, application, post: social_post, hire, course } = social[code];
            let (volunteer, activity) = volunteers[code];
            // (method, path, body, permission index, status when permitted)
            let routes: Vec<(&str, String, Option<Value>, usize, u16)> = vec![
                ("GET", format!("/api/v1/communities/{code}"), None, 0, 200),
                ("GET", format!("/communities/{code}"), None, 0, 200),
                ("GET", format!("/api/v1/communities?within={}", &code[..9]), None, 0, 200),
                (
                    "PUT",
                    format!("/api/v1/communities/{code}/profile"),
                    Some(json!({"urban": true, "households": -1, "population": 0})),
                    1,
                    422,
                ),
                ("POST", format!("/api/v1/communities/{code}/posts"), Some(json!({"name": ""})), 1, 422),
                (
                    "POST",
                    format!("/api/v1/communities/{code}/posts/{post}/end"),
                    Some(json!({"ended_on": "someday"})),
                    1,
                    422,
                ),
                ("POST", format!("/api/v1/communities/{code}/persons/{person}/reveal"), None, 2, 200),
                ("GET", format!("/api/v1/communities/export?code={code}"), None, 3, 200),
                ("GET", format!("/communities/list-export?format=csv&within={code}"), None, 3, 200),
                ("GET", format!("/api/v1/communities/{code}/elections"), None, 0, 200),
                ("GET", format!("/api/v1/elections/{}", elections[code]), None, 0, 200),
                ("POST", format!("/api/v1/elections/{}/register", elections[code]), None, 1, 200),
                ("GET", format!("/elections/{}", elections[code]), None, 0, 200),
                ("GET", format!("/api/v1/elections/{}/objections", elections[code]), None, 1, 200),
                // The register is not published yet: a permitted caller hears exactly that.
                (
                    "POST",
                    format!("/api/v1/elections/{}/objections", elections[code]),
                    Some(json!({"kind": "x", "id_number": "x", "objector": "x"})),
                    1,
                    409,
                ),
                (
                    "POST",
                    format!("/api/v1/elections/{}/nominations", elections[code]),
                    Some(json!({"id_number": "x", "post": "director"})),
                    1,
                    422,
                ),
                (
                    "POST",
                    format!("/api/v1/elections/{}/proxies", elections[code]),
                    Some(json!({"grantor_id_number": "x", "holder_id_number": "y", "kinship": "x"})),
                    1,
                    422,
                ),
                ("GET", format!("/api/v1/elections/{}/kinship", elections[code]), None, 1, 200),
                (
                    "POST",
                    format!("/api/v1/elections/{}/kinship", elections[code]),
                    Some(json!({"id_number": "x", "kin_id_number": "y", "kinship": "x"})),
                    1,
                    422,
                ),
                ("GET", format!("/api/v1/regions/{code}/election-rules"), None, 0, 200),
                ("POST", format!("/api/v1/regions/{code}/election-rules"), Some(json!({"valid_from": "soon"})), 6, 422),
                // The vote is weeks away: no paper ballots yet.
                (
                    "POST",
                    format!("/api/v1/elections/{}/paper-batches", elections[code]),
                    Some(json!({"number": 1, "ballots": [{}]})),
                    1,
                    409,
                ),
                ("GET", format!("/communities/{code}/meetings"), None, 0, 200),
                ("GET", format!("/api/v1/communities/{code}/meetings"), None, 0, 200),
                ("POST", format!("/api/v1/communities/{code}/meetings"), Some(json!({"kind": "x"})), 1, 422),
                ("GET", format!("/api/v1/communities/{code}/topics"), None, 1, 200),
                ("GET", format!("/api/v1/communities/{code}/meeting-requests"), None, 0, 200),
                (
                    "POST",
                    format!("/api/v1/communities/{code}/meeting-requests"),
                    Some(json!({"basis": "x", "supporters": 1, "total": 1, "subject": "x"})),
                    1,
                    422,
                ),
                ("POST", format!("/api/v1/communities/{code}/disclosures"), Some(json!({"category": "x"})), 1, 422),
                ("GET", format!("/api/v1/social-workers/{worker}"), None, 7, 200),
                ("GET", format!("/api/v1/social-workers?region={code}"), None, 7, 200),
                ("POST", "/api/v1/social-workers".into(), Some(json!({"region_code": code, "name": ""})), 7, 422),
                ("POST", format!("/api/v1/social-workers/{worker}/training"), Some(json!({"hours": 0})), 7, 422),
                ("PUT", format!("/api/v1/social-workers/{worker}/certificate"), Some(json!({"level": "x"})), 7, 422),
                // Without a certificate there is nothing to register.
                ("POST", format!("/api/v1/social-workers/{worker}/registration-applications"), None, 7, 422),
                (
                    "POST",
                    format!("/api/v1/social-worker-applications/{application}/steps"),
                    Some(json!({"step": "x"})),
                    7,
                    422,
                ),
                // Not registered: nothing to renew.
                ("POST", format!("/api/v1/social-workers/{worker}/renewals"), None, 7, 409),
                ("POST", "/api/v1/social-work-posts".into(), Some(json!({"region_code": code, "title": ""})), 7, 422),
                ("GET", format!("/api/v1/social-work-posts/{social_post}"), None, 7, 200),
                (
                    "POST",
                    format!("/api/v1/social-work-posts/{social_post}/hires"),
                    Some(json!({"hired_on": "x"})),
                    7,
                    422,
                ),
                (
                    "PUT",
                    format!("/api/v1/regions/{code}/social-work-gate"),
                    Some(json!({"certificate_required_from": "x"})),
                    7,
                    422,
                ),
                ("POST", format!("/api/v1/social-work-hires/{hire}/exit"), Some(json!({"reason": "x"})), 7, 422),
                ("GET", format!("/api/v1/regions/{code}/social-work-figures"), None, 7, 200),
                ("GET", format!("/api/v1/social-workers/{worker}/contributions"), None, 7, 200),
                ("PUT", format!("/api/v1/social-workers/{worker}/contributions/2026-01"), Some(json!({})), 7, 422),
                ("GET", format!("/api/v1/social-workers/{worker}/evaluations"), None, 7, 200),
                ("POST", format!("/api/v1/social-workers/{worker}/evaluations"), Some(json!({})), 7, 422),
                (
                    "PUT",
                    format!("/api/v1/regions/{code}/social-work-evaluation-rules/2026"),
                    Some(json!({"weights": "x"})),
                    7,
                    422,
                ),
                ("GET", format!("/api/v1/surveys?subject_kind=social_worker&subject_id={worker}"), None, 7, 200),
                ("GET", format!("/api/v1/training-bases?region={code}"), None, 7, 200),
                ("POST", "/api/v1/training-bases".into(), Some(json!({"region_code": code, "name": ""})), 7, 422),
                ("GET", format!("/api/v1/social-work-experts?region={code}"), None, 7, 200),
                ("POST", "/api/v1/social-work-experts".into(), Some(json!({"region_code": code, "name": ""})), 7, 422),
                ("GET", format!("/api/v1/social-workers/{worker}/supervisions"), None, 7, 200),
                (
                    "PUT",
                    format!("/api/v1/regions/{code}/supervision-ratio"),
                    Some(json!({"workers_per_supervisor": 0})),
                    7,
                    422,
                ),
                ("GET", format!("/api/v1/regions/{code}/supervision-figures"), None, 7, 200),
                ("GET", format!("/api/v1/regions/{code}/social-work-pay-tiers"), None, 7, 200),
                (
                    "PUT",
                    format!("/api/v1/regions/{code}/social-work-pay-tiers"),
                    Some(json!({"tiers": [{"monthly_fen": 0}]})),
                    7,
                    422,
                ),
                ("GET", format!("/api/v1/regions/{code}/title-allowance/2026"), None, 7, 200),
                ("PUT", format!("/api/v1/regions/{code}/title-allowance/2026"), Some(json!({})), 7, 422),
                ("GET", format!("/api/v1/regions/{code}/title-allowances?month=2026-01"), None, 7, 200),
                ("POST", format!("/api/v1/social-workers/{worker}/awards"), Some(json!({"level": "x"})), 7, 422),
                ("PUT", format!("/api/v1/social-workers/{worker}/local-qualification"), Some(json!({})), 7, 422),
                ("POST", "/api/v1/city-courses".into(), Some(json!({"region_code": code})), 7, 422),
                ("GET", format!("/api/v1/city-courses/{course}"), None, 7, 200),
                ("POST", format!("/api/v1/city-courses/{course}/attendance"), Some(json!({})), 7, 422),
                ("GET", format!("/social-workers?region={code}"), None, 7, 200),
                ("GET", format!("/social-workers/{worker}"), None, 7, 200),
                ("GET", format!("/social-workers/figures?region={code}"), None, 7, 200),
                ("GET", format!("/social-workers/allowances?region={code}"), None, 7, 200),
                ("GET", format!("/social-workers/{worker}/local-qualification"), None, 7, 200),
                ("GET", format!("/social-workers/courses/{course}"), None, 7, 200),
                ("GET", format!("/social-workers/pay-rules?region={code}"), None, 7, 200),
                ("GET", format!("/api/v1/volunteers/{volunteer}"), None, 8, 200),
                // Registered by an office: active already.
                ("POST", format!("/api/v1/volunteers/{volunteer}/approve"), None, 8, 409),
                ("POST", format!("/api/v1/volunteers/{volunteer}/hours"), Some(json!({"minutes": 0})), 8, 422),
                ("GET", format!("/api/v1/volunteers/{volunteer}/proofs"), None, 8, 200),
                ("POST", format!("/api/v1/volunteers/{volunteer}/proofs"), Some(json!({})), 8, 422),
                ("PUT", format!("/api/v1/volunteer-stars/{code}"), Some(json!({"hours": [0, 1, 2, 3, 4]})), 8, 422),
                (
                    "PUT",
                    format!("/api/v1/volunteer-stars/{code}/application"),
                    Some(json!({"requires_application": true, "notice_days": 0})),
                    8,
                    422,
                ),
                ("GET", format!("/api/v1/volunteers/{volunteer}/star-applications"), None, 8, 200),
                // The demo's regions award stars by the hours: there is nothing to apply for.
                (
                    "POST",
                    format!("/api/v1/volunteers/{volunteer}/star-applications"),
                    Some(json!({"level": 1})),
                    8,
                    409,
                ),
                ("POST", "/api/v1/volunteer-activities".into(), Some(json!({"region_code": code})), 8, 422),
                ("GET", format!("/api/v1/volunteer-activities/{activity}/token"), None, 8, 200),
                (
                    "POST",
                    format!("/api/v1/volunteer-ledgers/region-{code}/entries/1/correction"),
                    Some(json!({})),
                    8,
                    422,
                ),
                // The office's own entry is no check-out: there is nothing to confirm.
                ("POST", format!("/api/v1/volunteer-ledgers/region-{code}/entries/1/confirm"), Some(json!({})), 8, 409),
                ("GET", format!("/volunteers/{volunteer}"), None, 8, 200),
                ("GET", format!("/volunteers/activities/{activity}"), None, 8, 200),
            ];
            // Writes whose subject is in the body: whoever keeps social workers anywhere
            // reaches validation (a subject out of scope is as unknown as a missing one),
            // anyone else is refused first.
            let body_scoped = [
                ("/api/v1/surveys", json!({"subject_kind": "social_worker", "subject_id": worker})),
                ("/api/v1/supervisions", json!({"social_worker_id": worker})),
            ];
            for (path, body) in body_scoped {
                let status = t.post_json(&client, path, &body).await.status().as_u16();
                let expected = if may[7] { 422 } else { 403 };
                if status != expected {
                    wrong.push(format!("{username} ({role}) POST {path} about {code}: {status}, not {expected}"));
                }
                checked += 1;
            }
            for (method, path, body, permission, ok_status) in routes {
                let mut request = client.request(method.parse().unwrap(), t.url(&path));
                if let Some(body) = &body {
                    request = request.json(body);
                }
                let status = request.send().await.unwrap().status().as_u16();
                let expected = match (in_scope, may[0], may[permission]) {
                    (true, _, true) => ok_status,
                    (true, true, false) => 403,
                    _ => 404,
                };
                if status != expected {
                    wrong.push(format!("{username} ({role}) {method} {path}: {status}, not {expected}"));
                }
                checked += 1;
            }
            // Opening an election for the community's county, with a bad date: 422 shows
            // the caller got past authorisation; anyone else must not learn more than 404.
            let county = &code[..6];
            let opening = json!({"name": "换届", "region_code": county, "term": 2026, "vote_date": "soon"});
            let status = t.post_json(&client, "/api/v1/unified-elections", &opening).await.status().as_u16();
            let organises_here = may[6] && (*role == "city_admin" || code == HOME);
            assert_eq!(
                status,
                if organises_here { 422 } else { 404 },
                "{username} ({role}) opens an election for {county}"
            );
            checked += 1;
        }
        for (path, permission) in [("/api/v1/accounts", 4), ("/api/v1/audit", 5), ("/accounts", 4), ("/audit", 5)] {
            let status = client.get(t.url(path)).send().await.unwrap().status().as_u16();
            assert_eq!(status, if may[permission] { 200 } else { 404 }, "{username} ({role}) GET {path}");
            checked += 1;
        }
        // Lists of all the caller keeps: someone who reads their home region but may not
        // keep social workers hears 403 there; anyone else, that there is nothing.
        for path in [
            "/api/v1/city-courses",
            "/social-workers/courses",
            "/api/v1/social-workers",
            "/social-workers",
            "/social-workers/applications",
        ] {
            let status = client.get(t.url(path)).send().await.unwrap().status().as_u16();
            let expected = match (may[7], may[0]) {
                (true, _) => 200,
                (false, true) => 403,
                _ => 404,
            };
            assert_eq!(status, expected, "{username} ({role}) GET {path}");
            checked += 1;
        }
        for path in ["/api/v1/volunteers", "/volunteers", "/volunteers/activities"] {
            let status = client.get(t.url(path)).send().await.unwrap().status().as_u16();
            let expected = match (may[8], may[0]) {
                (true, _) => 200,
                (false, true) => 403,
                _ => 404,
            };
            assert_eq!(status, expected, "{username} ({role}) GET {path}");
            checked += 1;
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert_eq!(checked, EXPECTED.len() * (2 * (29 + 12 + 32 + 15 + 2 + 1) + 4 + 5 + 3));
}

/// An employer's routes, written out by hand: the organisation's own account and the
/// offices keeping social workers over its township see its staff and upload their
/// insurance months; a worker in that township sees it exists (403); nobody else learns
/// that it does (404). (user, staff list, upload without a file.)
const EMPLOYER: &[(&str, u16, u16)] = &[
    ("org-baifu", 200, 422),
    ("admin", 200, 422),
    ("admin-330402", 200, 422),
    ("admin-330402007", 200, 422),
    ("m-community", 404, 404),
    ("worker-330402007", 403, 403),
    ("m-registrar", 404, 404),
    ("m-supervisor", 404, 404),
    ("m-finance", 404, 404),
    ("m-volunteer", 404, 404),
    ("m-resident", 404, 404),
];

#[tokio::test]
async fn an_employers_staff_and_upload_are_the_organisations_and_its_offices() {
    let t = spawn_app().await;
    add_accounts(&t).await;
    let city = t.login("admin").await;
    let orgs = t.get_json(&city, "/api/v1/organizations?q=百福").await;
    let org = orgs["items"][0]["id"].as_i64().expect("the demo's employer");
    let mut wrong = Vec::new();
    for (username, staff, upload) in EMPLOYER {
        let client = t.login(username).await;
        let listed = client.get(t.url(&format!("/api/v1/organizations/{org}/social-workers"))).send().await.unwrap();
        let form = reqwest::multipart::Form::new().text("note", "no file");
        let path = format!("/api/v1/organizations/{org}/contributions/import");
        let uploaded = client.post(t.url(&path)).multipart(form).send().await.unwrap();
        let got = (listed.status().as_u16(), uploaded.status().as_u16());
        if got != (*staff, *upload) {
            wrong.push(format!("{username}: {got:?}, not {:?}", (staff, upload)));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Who may grant what, written out by hand from issue 12 (15): an administrator grants
/// lower administrators below its region and the roles that only read in or below it; a
/// registrar's office grants registrars below it; no one grants a peer, a higher role or
/// another department's role. (grantor, roles over its own region, roles below it.)
const GRANTS: &[(&str, &[&str], &[&str])] = &[
    (
        "admin",
        &["social_worker", "volunteer", "resident"],
        &["county_admin", "township_admin", "community_admin", "social_worker", "volunteer", "resident"],
    ),
    (
        "admin-330402",
        &["social_worker", "volunteer", "resident"],
        &["township_admin", "community_admin", "social_worker", "volunteer", "resident"],
    ),
    (
        "admin-330402007",
        &["social_worker", "volunteer", "resident"],
        &["community_admin", "social_worker", "volunteer", "resident"],
    ),
    ("m-community", &[], &[]),
    ("worker-330402007", &[], &[]),
    ("m-registrar", &[], &["registrar"]),
    ("m-supervisor", &[], &[]),
    ("m-finance", &[], &[]),
    ("m-volunteer", &[], &[]),
    ("m-resident", &[], &[]),
];

#[tokio::test]
async fn an_account_grants_only_what_its_own_role_may_grant() {
    let t = spawn_app().await;
    add_accounts(&t).await;
    let home_of = |username: &str| match username {
        "admin" => "330400",
        "admin-330402" => "330402",
        "admin-330402007" => "330402007",
        "worker-330402007" => "330402007",
        other => scope_of(EXPECTED.iter().find(|(u, _, _)| *u == other).unwrap().1),
    };
    // A region strictly below each grantor's (none below a community) and one outside it.
    let below = |home: &str| match home.len() {
        6 if home == "330400" => Some("330402"),
        6 => Some("330402007"),
        9 => Some(HOME),
        _ => None,
    };
    let mut created = 0;
    for (grantor, own, beneath) in GRANTS {
        let client = t.login(grantor).await;
        let home = home_of(grantor);
        let mut places = vec![(home, *own)];
        places.extend(below(home).map(|code| (code, *beneath)));
        if home != "330400" {
            places.push(("330411002001", &[][..]));
        }
        let manages = EXPECTED.iter().any(|(u, _, may)| u == grantor && may[4]);
        for (code, grantable) in places {
            let inside = code != "330411002001";
            for role in domain::identity::Role::all().iter().filter(|r| r.granted_over_a_region()) {
                let role = role.as_str();
                created += 1;
                let username = format!("g{created}");
                let body = json!({"username": username, "display_name": username, "password": PASSWORD, "role": role, "region_code": code});
                let status = t.post_json(&client, "/api/v1/accounts", &body).await.status().as_u16();
                let expected = match (grantable.contains(&role), manages && inside) {
                    (true, _) => 201,
                    (false, true) => 403,
                    (false, false) => 404,
                };
                assert_eq!(status, expected, "{grantor} grants {role} over {code}");
            }
        }
    }
}
