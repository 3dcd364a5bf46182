//! Unified term elections and voter registers (3B) over HTTP.

mod common;

use chrono::{Duration, Months, NaiveDate};
use common::{TestApp, spawn_app};
use domain::identifiers::resident_id::compose;
use domain::region::Level;
use serde_json::{Value, json};

const HOME: &str = "330402007024";

fn today(t: &TestApp) -> NaiveDate {
    t.app.settings.today()
}

fn opening(t: &TestApp, region: &str, days_ahead: i64) -> Value {
    json!({"name": "2026年社区换届选举", "region_code": region, "term": 2026,
           "vote_date": (today(t) + Duration::days(days_ahead)).to_string()})
}

async fn home_election(t: &TestApp, client: &reqwest::Client) -> Value {
    let list = t.get_json(client, &format!("/api/v1/communities/{HOME}/elections")).await;
    list["items"][0].clone()
}

#[tokio::test]
async fn a_county_opens_one_election_for_every_community_below_it() {
    let t = spawn_app().await;
    let county = t.login("admin-330402").await;
    let r = t.post_json(&county, "/api/v1/unified-elections", &opening(&t, "330402", 30)).await;
    assert_eq!(r.status(), 201);
    let units = t.app.regions().within("330402", Level::Village).len() as u64;
    let mine = t.get_json(&county, "/api/v1/unified-elections").await;
    assert_eq!(mine["items"][0]["elections"], units);
    let city = t.login("admin").await;
    assert_eq!(t.get_json(&city, "/api/v1/unified-elections").await["items"][0]["elections"], units);
    let xiuzhou = t.login("admin-330411").await;
    assert_eq!(t.get_json(&xiuzhou, "/api/v1/unified-elections").await["items"], json!([]));

    let e = home_election(&t, &county).await;
    assert_eq!(e["committee"], "residents_committee");
    assert_eq!(e["method"], "self_nomination");
    assert_eq!(e["posts"][0]["post"], "director");
    let vote = today(&t) + Duration::days(30);
    assert_eq!(e["schedule"]["register_published_by"], (vote - Duration::days(20)).to_string());
    assert_eq!(e["schedule"]["nominations_close"], (vote - Duration::days(10)).to_string());
}

#[tokio::test]
async fn only_a_city_or_county_in_scope_opens_a_lawful_election() {
    let t = spawn_app().await;
    let county = t.login("admin-330402").await;
    let other = t.post_json(&county, "/api/v1/unified-elections", &opening(&t, "330411", 30)).await;
    assert_eq!(other.status(), 404);
    let township = t.login("admin-330402007").await;
    assert_eq!(t.post_json(&township, "/api/v1/unified-elections", &opening(&t, "330402", 30)).await.status(), 404);
    let too_soon = t.post_json(&county, "/api/v1/unified-elections", &opening(&t, "330402", 19)).await;
    assert_eq!(too_soon.status(), 422);
    assert_eq!(too_soon.json::<Value>().await.unwrap()["errors"][0]["field"], "vote_date");
    let mut small = opening(&t, "330402", 30);
    small["residents_posts"] = json!([{"post": "director", "seats": 1}, {"post": "member", "seats": 3}]);
    let r = t.post_json(&county, "/api/v1/unified-elections", &small).await;
    assert_eq!(r.status(), 422);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["errors"][0]["field"], "residents_posts");
    assert_eq!(body["errors"][0]["code"], "election-seat-count");
    let township_level = t.post_json(&county, "/api/v1/unified-elections", &opening(&t, "330402007", 30)).await;
    assert_eq!(township_level.status(), 422);
    assert_eq!(t.get_json(&county, "/api/v1/unified-elections").await["items"], json!([]), "nothing half-made");
}

#[tokio::test]
async fn the_register_holds_the_adults_of_the_community_and_is_published_once_in_time() {
    let t = spawn_app().await;
    let county = t.login("admin-330402").await;
    t.post_json(&county, "/api/v1/unified-elections", &opening(&t, "330402", 30)).await;
    let vote = today(&t) + Duration::days(30);
    // Turns 18 the day after the vote: not a voter yet.
    let birth = (vote + Duration::days(1)).checked_sub_months(Months::new(18 * 12)).unwrap();
    let minor = compose("330402", birth, 16);
    let post = json!({"name": "少年", "id_number": minor, "body": "affairs_station", "title": "staff", "employment": "part_time", "started_on": today(&t).to_string()});
    assert_eq!(t.post_json(&county, &format!("/api/v1/communities/{HOME}/posts"), &post).await.status(), 201);

    let id = home_election(&t, &county).await["id"].as_i64().unwrap();
    let worker = t.login("worker-330402007").await;
    assert_eq!(worker.post(t.url(&format!("/api/v1/elections/{id}/register"))).send().await.unwrap().status(), 403);
    let built: Value =
        county.post(t.url(&format!("/api/v1/elections/{id}/register"))).send().await.unwrap().json().await.unwrap();
    assert_eq!(built["voters"], 4, "the four adult post holders of the demo, not the minor");
    let again: Value =
        county.post(t.url(&format!("/api/v1/elections/{id}/register"))).send().await.unwrap().json().await.unwrap();
    assert_eq!(again["voters"], 4, "building twice adds no one twice");

    let published = county.post(t.url(&format!("/api/v1/elections/{id}/register/publish"))).send().await.unwrap();
    assert_eq!(published.status(), 200);
    assert_eq!(
        county.post(t.url(&format!("/api/v1/elections/{id}/register/publish"))).send().await.unwrap().status(),
        409
    );
    assert_eq!(county.post(t.url(&format!("/api/v1/elections/{id}/register"))).send().await.unwrap().status(), 409);
}

#[tokio::test]
async fn a_register_published_less_than_twenty_days_ahead_is_refused() {
    let t = spawn_app().await;
    let county = t.login("admin-330402").await;
    t.post_json(&county, "/api/v1/unified-elections", &opening(&t, "330402", 20)).await;
    let id = home_election(&t, &county).await["id"].as_i64().unwrap();
    // The vote moved a day closer: publishing today is one day late.
    t.set_vote_date(id, today(&t) + Duration::days(19)).await;
    let late = county.post(t.url(&format!("/api/v1/elections/{id}/register/publish"))).send().await.unwrap();
    assert_eq!(late.status(), 422);
    assert_eq!(late.json::<Value>().await.unwrap()["errors"][0]["code"], "register-published-late");
}
