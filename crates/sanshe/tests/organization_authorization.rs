//! Social organisations: every route × registrar, supervising-unit, organisation and other
//! roles × in sight / out of sight. A caller who may act gets 200 or, sent an invalid
//! body, 422; one who sees the organisation but may not act gets 403; anyone else 404.

mod common;

use common::{PASSWORD, TestApp, spawn_app};
use serde_json::{Value, json};

/// 嘉兴市机械工程学会: natural science (科协), registered in the city itself.
const SCIENCE: &str = "嘉兴市机械工程学会";
/// 嘉兴市南湖区书法家协会: culture and art (文联), in 南湖区.
const CALLIGRAPHY: &str = "嘉兴市南湖区书法家协会";

/// Statuses each user gets on each organisation's routes, written out by hand from the
/// role table: [read (API), read (page), its complaints, close a complaint (invalid body),
/// give it an account (invalid body), its fund support, grant support (invalid body),
/// suspend it (invalid body), sanction it (invalid body), its credit file, record a fact
/// of its credit file (invalid body)].
struct Expected {
    user: &'static str,
    science: [u16; ROUTES],
    calligraphy: [u16; ROUTES],
    /// Registering with an invalid body: 422 means the request reached validation.
    register: u16,
}

const ROUTES: usize = 11;
const NOTHING: [u16; ROUTES] = [404; ROUTES];
const REGISTRAR: [u16; ROUTES] = [200, 200, 200, 422, 422, 200, 422, 422, 422, 200, 422];
const UNIT: [u16; ROUTES] = [200, 200, 200, 422, 403, 200, 403, 403, 403, 200, 403];
const READER: [u16; ROUTES] = [200, 200, 200, 403, 403, 200, 403, 403, 403, 200, 403];

const EXPECTED: &[Expected] = &[
    Expected { user: "registrar-330400", science: REGISTRAR, calligraphy: REGISTRAR, register: 422 },
    Expected { user: "registrar-330402", science: NOTHING, calligraphy: REGISTRAR, register: 422 },
    Expected { user: "kexie-330400", science: UNIT, calligraphy: NOTHING, register: 404 },
    Expected { user: "wenlian-330400", science: NOTHING, calligraphy: UNIT, register: 404 },
    Expected { user: "admin", science: READER, calligraphy: READER, register: 403 },
    Expected { user: "admin-330402", science: NOTHING, calligraphy: READER, register: 403 },
    Expected { user: "worker-330402007", science: NOTHING, calligraphy: NOTHING, register: 404 },
    Expected {
        user: "org-calligraphy",
        science: NOTHING,
        calligraphy: [200, 200, 404, 404, 403, 200, 403, 403, 403, 200, 403],
        register: 404,
    },
];

async fn find(t: &TestApp, name: &str) -> i64 {
    let url =
        format!("/api/v1/public/organizations?q={}", name.bytes().map(|b| format!("%{b:02X}")).collect::<String>());
    t.get_json(&t.anonymous(), &url).await["items"][0]["id"].as_i64().expect("demo organisation")
}

async fn complaint_about(t: &TestApp, registrar: &reqwest::Client, org: i64) -> i64 {
    let body = json!({"subject": "矩阵", "body": "矩阵测试"});
    let filed = t.post_json(&t.anonymous(), &format!("/api/v1/public/organizations/{org}/complaints"), &body).await;
    assert_eq!(filed.status(), 201);
    let listed = t.get_json(registrar, &format!("/api/v1/complaints?organization_id={org}")).await;
    listed["items"][0]["id"].as_i64().unwrap()
}

async fn status(t: &TestApp, client: &reqwest::Client, method: &str, path: &str, body: Option<&Value>) -> u16 {
    let request = match method {
        "GET" => client.get(t.url(path)),
        _ => client.post(t.url(path)).json(body.unwrap_or(&json!({}))),
    };
    request.send().await.expect("request").status().as_u16()
}

#[tokio::test]
async fn organisation_routes_check_role_and_sight() {
    let t = spawn_app().await;
    let registrar = t.login("registrar-330400").await;
    let science = find(&t, SCIENCE).await;
    let calligraphy = find(&t, CALLIGRAPHY).await;
    let account = json!({"username": "org-calligraphy", "display_name": "书法家协会", "password": PASSWORD});
    t.created_id(&registrar, &format!("/api/v1/organizations/{calligraphy}/accounts"), &account).await;
    let complaints =
        [complaint_about(&t, &registrar, science).await, complaint_about(&t, &registrar, calligraphy).await];
    let mut checked = 0;
    for expected in EXPECTED {
        let client = t.login(expected.user).await;
        for ((org, complaint), want) in
            [science, calligraphy].into_iter().zip(complaints).zip([expected.science, expected.calligraphy])
        {
            let who = format!("{} on {org}", expected.user);
            let routes: [(&str, String, Option<Value>); ROUTES] = [
                ("GET", format!("/api/v1/organizations/{org}"), None),
                ("GET", format!("/organizations/{org}"), None),
                ("GET", format!("/api/v1/complaints?organization_id={org}"), None),
                ("POST", format!("/api/v1/complaints/{complaint}/close"), Some(json!({"finding": "x"}))),
                ("POST", format!("/api/v1/organizations/{org}/accounts"), Some(json!({"username": ""}))),
                ("GET", format!("/api/v1/organizations/{org}/fund-supports"), None),
                ("POST", format!("/api/v1/organizations/{org}/fund-supports"), Some(json!({"amount_fen": 0}))),
                ("POST", format!("/api/v1/organizations/{org}/suspension"), Some(json!({"suspend": true}))),
                ("POST", format!("/api/v1/organizations/{org}/sanctions"), Some(json!({"kind": "fine"}))),
                ("GET", format!("/api/v1/organizations/{org}/credit-records"), None),
                ("POST", format!("/api/v1/organizations/{org}/credit-records"), Some(json!({"kind": "warning"}))),
            ];
            for ((method, path, body), want) in routes.iter().zip(want) {
                assert_eq!(status(&t, &client, method, path, body.as_ref()).await, want, "{who}: {method} {path}");
                checked += 1;
            }
            let list = t.get_json(&client, "/api/v1/organizations").await;
            let listed = list["items"].as_array().is_some_and(|items| items.iter().any(|o| o["id"] == org));
            assert_eq!(listed, want[0] == 200, "{who}: listed");
        }
        let register = status(&t, &client, "POST", "/api/v1/organizations", Some(&json!({"name": ""}))).await;
        assert_eq!(register, expected.register, "{}: register", expected.user);
        checked += 1;
    }
    assert_eq!(checked, EXPECTED.len() * (2 * ROUTES + 1));
}

#[tokio::test]
async fn a_science_association_user_never_sees_a_culture_organisation() {
    let t = spawn_app().await;
    let kexie = t.login("kexie-330400").await;
    let list = t.get_json(&kexie, "/api/v1/organizations?q=嘉兴").await;
    let items = list["items"].as_array().unwrap();
    assert!(!items.is_empty());
    for item in items {
        assert_eq!(item["supervising_unit"]["name"], "嘉兴市科协", "{item}");
        assert_eq!(item["category"], "natural_science");
    }
    let culture = t.get_json(&kexie, "/api/v1/organizations?category=culture_art").await;
    assert_eq!(culture["total"], 0);
    let calligraphy = find(&t, CALLIGRAPHY).await;
    assert_eq!(status(&t, &kexie, "GET", &format!("/api/v1/organizations/{calligraphy}"), None).await, 404);
    let page = kexie.get(t.url("/organizations?q=嘉兴")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains(SCIENCE) && !page.contains(CALLIGRAPHY) && !page.contains("摄影家协会"));
}
