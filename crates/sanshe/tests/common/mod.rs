//! `spawn_app`: the real application on port 0 with a fresh database per test — a new
//! SQLite file, or a new PostgreSQL database when `SANSHE_TEST_DATABASE_URL` is set.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::Arc;

use app::App;
use chrono::{Duration, NaiveDate};
use domain::identifiers::resident_id::compose;
use reqwest::cookie::Jar;
use reqwest::header::{HeaderMap, HeaderValue};
use sanshe::Config;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, Database, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use store::entity::election;

pub const PASSWORD: &str = "Test-pass-2026";
/// The staffed demo community.
pub const HOME: &str = "330402007024";

pub struct TestApp {
    pub addr: SocketAddr,
    pub app: App,
    pub database_url: String,
    _dir: tempdir::Dir,
}

/// A private temporary folder, removed when the test ends.
pub mod tempdir {
    pub struct Dir(pub std::path::PathBuf);

    impl Dir {
        pub fn new() -> Self {
            let path = std::env::temp_dir().join(format!("sanshe-test-{}", app::identity::random_token()));
            std::fs::create_dir_all(&path).expect("temp dir");
            Self(path)
        }
    }

    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

/// A fresh database URL: PostgreSQL when configured, else SQLite in `dir`.
pub async fn fresh_database(dir: &tempdir::Dir) -> String {
    match std::env::var("SANSHE_TEST_DATABASE_URL") {
        Ok(base) if base.starts_with("postgres") => {
            let name = format!("sanshe_t_{}", &app::identity::random_token()[..20]);
            let admin = Database::connect(&base).await.expect("connect to SANSHE_TEST_DATABASE_URL");
            admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await.expect("create test database");
            let (prefix, _) = base.rsplit_once('/').expect("database URL has a path");
            format!("{prefix}/{name}")
        }
        _ => format!("sqlite://{}/test.db", dir.0.display()),
    }
}

pub fn test_config(database_url: &str, dir: &tempdir::Dir) -> Config {
    Config {
        database_url: database_url.to_string(),
        listen: "127.0.0.1:0".into(),
        data_dir: dir.0.display().to_string(),
        demo_password: Some(PASSWORD.into()),
        ..Config::default()
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Starts the app with the demo data, after `adjust` has changed its configuration.
pub async fn spawn_app_with(adjust: impl FnOnce(&mut Config)) -> TestApp {
    let dir = tempdir::Dir::new();
    let database_url = fresh_database(&dir).await;
    let mut config = test_config(&database_url, &dir);
    adjust(&mut config);
    let (app, router) = sanshe::build(&config).await.expect("app starts");
    app::demo::load_demo(&app, PASSWORD).await.expect("demo loads");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("address");
    let service = router.into_make_service_with_connect_info::<std::net::SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, service).await });
    TestApp { addr, app, database_url, _dir: dir }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// GETs `path` with `client` and parses the JSON answer.
    pub async fn get_json(&self, client: &reqwest::Client, path: &str) -> serde_json::Value {
        let response = client.get(self.url(path)).send().await.expect("request");
        response.json().await.expect("JSON body")
    }

    /// POSTs `body` as JSON to `path` with `client`.
    pub async fn post_json(&self, client: &reqwest::Client, path: &str, body: &serde_json::Value) -> reqwest::Response {
        client.post(self.url(path)).json(body).send().await.expect("request")
    }

    /// A client without a session.
    /// POSTs JSON that must create something (201) and returns the new `id`.
    pub async fn created_id(&self, client: &reqwest::Client, path: &str, body: &serde_json::Value) -> i64 {
        let response = self.post_json(client, path, body).await;
        assert_eq!(response.status(), 201, "POST {path}");
        let created: serde_json::Value = response.json().await.expect("JSON body");
        created["id"].as_i64().expect("an id")
    }

    pub fn anonymous(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client")
    }

    /// A client signed in as `username`, sending the session's CSRF token on every request.
    pub async fn login(&self, username: &str) -> reqwest::Client {
        let jar = Arc::new(Jar::default());
        let client = reqwest::Client::builder().cookie_provider(Arc::clone(&jar)).build().expect("client");
        let response = client
            .post(self.url("/api/v1/auth/login"))
            .json(&serde_json::json!({ "username": username, "password": PASSWORD }))
            .send()
            .await
            .expect("login request");
        assert_eq!(response.status(), 200, "login as {username}");
        let body: serde_json::Value = response.json().await.expect("login body");
        let mut headers = HeaderMap::new();
        let csrf = body["csrf_token"].as_str().expect("csrf token");
        headers.insert("x-csrf-token", HeaderValue::from_str(csrf).expect("header"));
        reqwest::Client::builder()
            .cookie_provider(jar)
            .default_headers(headers)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client")
    }

    /// Adds a person to the home community (as staff of its affairs station).
    pub async fn add_person(&self, client: &reqwest::Client, name: &str, id_number: &str) {
        let post = json!({"name": name, "id_number": id_number, "body": "affairs_station", "title": "staff", "employment": "part_time", "started_on": "2024-01-01"});
        let r = self.post_json(client, &format!("/api/v1/communities/{HOME}/posts"), &post).await;
        assert_eq!(r.status(), 201, "{name} added");
    }

    /// Opens an election 25 days ahead, adds `extra` adult men (选民00, 选民01, …), builds
    /// and publishes the register. Returns the election and the county official.
    pub async fn published_register(&self, extra: u16) -> (i64, reqwest::Client) {
        let t = self;
        let county = t.login("admin-330402").await;
        let today = t.app.settings.today();
        let opening = json!({"name": "换届", "region_code": "330402", "term": 2026, "vote_date": (today + Duration::days(25)).to_string()});
        assert_eq!(county.post(t.url("/api/v1/unified-elections")).json(&opening).send().await.unwrap().status(), 201);
        for n in 0..extra {
            t.add_person(&county, &format!("选民{n:02}"), &adult_id(n, false)).await;
        }
        let id = t.get_json(&county, &format!("/api/v1/communities/{HOME}/elections")).await["items"][0]["id"]
            .as_i64()
            .unwrap();
        county.post(t.url(&format!("/api/v1/elections/{id}/register"))).send().await.unwrap();
        let early = county.post(t.url(&format!("/api/v1/elections/{id}/codes"))).send().await.unwrap();
        assert_eq!(early.status(), 409, "no codes before the register is published");
        assert_eq!(
            county.post(t.url(&format!("/api/v1/elections/{id}/register/publish"))).send().await.unwrap().status(),
            200
        );
        (id, county)
    }

    /// A published register with `extra` adults, their codes issued and the vote moved to
    /// today. Returns (election, [(name, code)]).
    pub async fn voting_day(&self, extra: u16) -> (i64, Vec<(String, String)>) {
        let (id, county) = self.published_register(extra).await;
        let codes: Value =
            county.post(self.url(&format!("/api/v1/elections/{id}/codes"))).send().await.unwrap().json().await.unwrap();
        let codes: Vec<(String, String)> = codes["codes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (c["name"].as_str().unwrap().to_string(), c["code"].as_str().unwrap().to_string()))
            .collect();
        self.set_vote_date(id, self.app.settings.today()).await;
        (id, codes)
    }

    /// Moves an election's vote to `day` (tests cannot wait for the 20-day schedule).
    pub async fn set_vote_date(&self, election_id: i64, day: NaiveDate) {
        election::Entity::update_many()
            .col_expr(election::Column::VoteDate, Expr::value(day))
            .filter(election::Column::Id.eq(election_id))
            .exec(&self.app.db)
            .await
            .unwrap();
    }
}

/// The ID number of the `n`-th test adult of the home county (the 17th digit's parity
/// gives the gender).
pub fn adult_id(n: u16, female: bool) -> String {
    let birth = NaiveDate::from_ymd_opt(1970 + i32::from(n % 30), 1 + u32::from(n % 12), 1).unwrap();
    compose("330402", birth, 500 + 2 * n + u16::from(!female))
}

/// The fields a problem answer names, in order.
pub async fn error_fields(response: reqwest::Response) -> Vec<String> {
    let body: Value = response.json().await.expect("JSON body");
    body["errors"]
        .as_array()
        .map(|a| a.iter().map(|e| e["field"].as_str().unwrap_or_default().to_string()).collect())
        .unwrap_or_default()
}

/// A browser-like client signed in through the login form (session cookie).
pub async fn signed_in_browser(t: &TestApp, username: &str) -> reqwest::Client {
    let client = t.anonymous();
    let form = [("username", username), ("password", PASSWORD), ("next", "/communities")];
    let response = client.post(t.url("/login")).form(&form).send().await.unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/communities");
    client
}

/// The CSRF token a page's forms carry.
pub fn csrf_of(page: &str) -> String {
    page.split("name=\"_csrf\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("csrf field")
        .to_string()
}

/// GETs `page` with `client`, then POSTs its form to `action` with the page's CSRF token
/// and `fields`.
pub async fn submit(
    t: &TestApp,
    client: &reqwest::Client,
    page: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let html = client.get(t.url(page)).send().await.unwrap().text().await.unwrap();
    let csrf = csrf_of(&html);
    let mut form = vec![("_csrf", csrf.as_str())];
    form.extend_from_slice(fields);
    client.post(t.url(action)).form(&form).send().await.unwrap()
}

/// An .xlsx voter sheet (姓名, 身份证号, 手机号码) with these names and ID numbers.
pub fn voter_sheet(rows: &[(&str, &str)]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (col, title) in ["姓名", "身份证号", "手机号码"].iter().enumerate() {
        sheet.write_string(0, col as u16, *title).unwrap();
    }
    for (r, (name, id)) in rows.iter().enumerate() {
        sheet.write_string(r as u32 + 1, 0, *name).unwrap();
        sheet.write_string(r as u32 + 1, 1, *id).unwrap();
    }
    book.save_to_buffer().unwrap()
}
