//! Regions (2E), login, sessions, lock-out, CSRF and API tokens (6A), against the real app.

mod common;

use common::{PASSWORD, spawn_app, spawn_app_with};
use serde_json::{Value, json};

#[tokio::test]
async fn the_city_has_its_seven_counties_and_a_village_unit_its_kind() {
    let t = spawn_app().await;
    let client = t.anonymous();
    let city: Value = t.get_json(&client, "/api/v1/regions/330400").await;
    assert_eq!(city["level"], "city");
    assert_eq!(city["name"], "嘉兴市");
    assert_eq!(city["children"].as_array().unwrap().len(), 7);
    let unit: Value = t.get_json(&client, "/api/v1/regions/330402007024").await;
    assert_eq!(unit["level"], "village");
    assert_eq!(unit["kind"], "居民委员会");
    assert_eq!(unit["parent_code"], "330402007");
    assert!(unit["children"].as_array().unwrap().is_empty());
    let villages: usize = {
        let mut total = 0;
        for county in city["children"].as_array().unwrap() {
            let c: Value = t.get_json(&client, &format!("/api/v1/regions/{}", county["code"].as_str().unwrap())).await;
            for township in c["children"].as_array().unwrap() {
                let tw: Value =
                    t.get_json(&client, &format!("/api/v1/regions/{}", township["code"].as_str().unwrap())).await;
                total += tw["children"].as_array().unwrap().len();
            }
        }
        total
    };
    assert_eq!(villages, 1202);
}

#[tokio::test]
async fn an_unknown_region_is_a_problem_404() {
    let t = spawn_app().await;
    let response = t.anonymous().get(t.url("/api/v1/regions/339999")).send().await.unwrap();
    assert_eq!(response.status(), 404);
    assert_eq!(response.headers()["content-type"], "application/problem+json");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], 404);
}

#[tokio::test]
async fn login_gives_a_session_cookie_and_wrong_passwords_get_401() {
    let t = spawn_app().await;
    let client = t.anonymous();
    let ok = t.post_json(&client, "/api/v1/auth/login", &json!({"username": "admin", "password": PASSWORD})).await;
    assert_eq!(ok.status(), 200);
    let cookie = ok.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.starts_with("sanshe_session="), "{cookie}");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    let me: Value = t.get_json(&client, "/api/v1/me").await;
    assert_eq!(me["username"], "admin");
    let wrong = t
        .anonymous()
        .post(t.url("/api/v1/auth/login"))
        .json(&json!({"username": "admin", "password": "Wrong-pass-1"}))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    let nobody = t
        .anonymous()
        .post(t.url("/api/v1/auth/login"))
        .json(&json!({"username": "nobody", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(nobody.status(), 401);
    let anonymous = t.anonymous().get(t.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(anonymous.status(), 401);
}

#[tokio::test]
async fn five_failures_lock_the_account_and_the_lockout_is_audited() {
    let t = spawn_app().await;
    let client = t.anonymous();
    for attempt in 1..=5 {
        let r = t
            .post_json(&client, "/api/v1/auth/login", &json!({"username": "admin-330402", "password": "Wrong-pass-1"}))
            .await;
        assert_eq!(r.status(), 401, "attempt {attempt}");
    }
    let locked =
        t.post_json(&client, "/api/v1/auth/login", &json!({"username": "admin-330402", "password": PASSWORD})).await;
    assert_eq!(locked.status(), 401);
    let body: Value = locked.json().await.unwrap();
    assert!(body["type"].as_str().unwrap().ends_with("/locked"), "{body}");
    let admin = t.login("admin").await;
    let audit: Value = t.get_json(&admin, "/api/v1/audit?q=lockout").await;
    assert_eq!(audit["total"], 1, "{audit}");
    // The city admin lifts the lock; the right password works again.
    let accounts: Value = t.get_json(&admin, "/api/v1/accounts").await;
    let id = accounts["items"].as_array().unwrap().iter().find(|a| a["username"] == "admin-330402").unwrap()["id"]
        .as_i64()
        .unwrap();
    assert_eq!(admin.post(t.url(&format!("/api/v1/accounts/{id}/unlock"))).send().await.unwrap().status(), 204);
    t.login("admin-330402").await;
}

#[tokio::test]
async fn four_failures_do_not_lock() {
    let t = spawn_app().await;
    for attempt in 1..=4 {
        let refused = t
            .anonymous()
            .post(t.url("/api/v1/auth/login"))
            .json(&json!({"username": "admin", "password": "Wrong-pass-1"}))
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), 401, "wrong password {attempt} is refused");
        let problem: Value = refused.json().await.unwrap();
        assert!(problem["type"].as_str().unwrap().ends_with("/unauthenticated"), "not locked yet: {problem}");
    }
    t.login("admin").await;
}

#[tokio::test]
async fn an_idle_session_expires() {
    let t = spawn_app_with(|c| c.session_idle_minutes = 0).await;
    let client = t.login("admin").await;
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    assert_eq!(client.get(t.url("/api/v1/me")).send().await.unwrap().status(), 401);
}

#[tokio::test]
async fn cookie_writes_need_the_csrf_token_and_bearer_tokens_do_not() {
    let t = spawn_app().await;
    let plain = t.anonymous();
    t.post_json(&plain, "/api/v1/auth/login", &json!({"username": "admin", "password": PASSWORD})).await;
    let profile = json!({"urban": true, "households": 10, "population": 30});
    let refused = plain.put(t.url("/api/v1/communities/330402007024/profile")).json(&profile).send().await.unwrap();
    assert_eq!(refused.status(), 403);
    let body: Value = refused.json().await.unwrap();
    assert!(body["type"].as_str().unwrap().ends_with("/csrf"));

    let admin = t.login("admin").await;
    let token: Value = t.post_json(&admin, "/api/v1/tokens", &json!({"name": "ci"})).await.json().await.unwrap();
    let token = token["token"].as_str().unwrap();
    let machine = reqwest::Client::new();
    let ok = machine
        .put(t.url("/api/v1/communities/330402007024/profile"))
        .bearer_auth(token)
        .json(&profile)
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 204);
    let wrong = machine.get(t.url("/api/v1/me")).bearer_auth("not-a-token").send().await.unwrap();
    assert_eq!(wrong.status(), 401);
}

#[tokio::test]
async fn operations_endpoints_answer() {
    let t = spawn_app().await;
    let c = t.anonymous();
    assert_eq!(c.get(t.url("/healthz")).send().await.unwrap().status(), 200);
    assert_eq!(c.get(t.url("/readyz")).send().await.unwrap().status(), 200);
    c.get(t.url("/api/v1/regions/330400")).send().await.unwrap();
    let metrics = c.get(t.url("/metrics")).send().await.unwrap().text().await.unwrap();
    assert!(
        metrics.contains(
            "http_request_duration_seconds_count{method=\"GET\",route=\"/api/v1/regions/{code}\",status=\"200\"}"
        ),
        "{metrics}"
    );
    let id = c.get(t.url("/healthz")).send().await.unwrap().headers().get("x-request-id").cloned();
    assert!(id.is_some());
}

#[tokio::test]
async fn the_openapi_document_lists_every_api_route() {
    let t = spawn_app().await;
    let doc: Value = t.get_json(&t.anonymous(), "/api/v1/openapi.json").await;
    let paths = doc["paths"].as_object().unwrap();
    for path in [
        "/api/v1/regions/{code}",
        "/api/v1/auth/login",
        "/api/v1/auth/logout",
        "/api/v1/me",
        "/api/v1/tokens",
        "/api/v1/accounts",
        "/api/v1/accounts/{id}/unlock",
        "/api/v1/communities",
        "/api/v1/communities/{code}",
        "/api/v1/communities/{code}/profile",
        "/api/v1/communities/{code}/posts",
        "/api/v1/communities/{code}/posts/{id}/end",
        "/api/v1/communities/{code}/persons/{id}/reveal",
        "/api/v1/communities/import",
        "/api/v1/communities/export",
        "/api/v1/audit",
        "/api/v1/unified-elections",
        "/api/v1/communities/{code}/elections",
        "/api/v1/elections/{id}",
        "/api/v1/elections/{id}/register",
        "/api/v1/elections/{id}/register/publish",
        "/api/v1/elections/{id}/codes",
        "/api/v1/ballots",
        "/api/v1/elections/{id}/count",
        "/api/v1/public/elections/{id}/results",
    ] {
        assert!(paths.contains_key(path), "{path} missing from the OpenAPI document");
    }
}

#[tokio::test]
async fn admins_create_accounts_only_inside_their_scope_and_tier() {
    let t = spawn_app().await;
    let county = t.login("admin-330402").await;
    let account = |username: &str, role: &str, region: &str, password: &str| json!({"username": username, "display_name": "测试", "password": password, "role": role, "region_code": region});
    let ok = t.post_json(&county, "/api/v1/accounts", &account("tw-1", "township_admin", "330402007", PASSWORD)).await;
    assert_eq!(ok.status(), 201);
    t.login("tw-1").await;
    let other_county =
        t.post_json(&county, "/api/v1/accounts", &account("tw-2", "township_admin", "330411002", PASSWORD)).await;
    assert_eq!(other_county.status(), 404);
    let higher = t.post_json(&county, "/api/v1/accounts", &account("ca-1", "city_admin", "330402", PASSWORD)).await;
    assert_eq!(higher.status(), 403);
    let weak =
        t.post_json(&county, "/api/v1/accounts", &account("tw-3", "township_admin", "330402007", "password")).await;
    assert_eq!(weak.status(), 422);
    let body: Value = weak.json().await.unwrap();
    assert_eq!(body["errors"][0]["field"], "password");
    let taken =
        t.post_json(&county, "/api/v1/accounts", &account("tw-1", "township_admin", "330402007", PASSWORD)).await;
    assert_eq!(taken.status(), 409);
    // The county admin sees its own county's accounts, not 秀洲区's.
    let list: Value = t.get_json(&county, "/api/v1/accounts").await;
    let names: Vec<&str> = list["items"].as_array().unwrap().iter().map(|a| a["username"].as_str().unwrap()).collect();
    assert!(names.contains(&"tw-1") && !names.contains(&"admin-330411") && !names.contains(&"admin"), "{names:?}");
}
