//! Disclosure of community affairs (3B): a calendar per community from each category's
//! frequency, overdue items alerting the township, and public pages without login.

mod common;

use chrono::Datelike;
use common::{HOME, spawn_app};
use serde_json::{Value, json};

#[tokio::test]
async fn the_calendar_shows_due_published_and_overdue_and_the_township_is_alerted() {
    let t = spawn_app().await;
    let today = t.app.settings.today();
    // Last year's periods are all past their grace, whatever today's date.
    let year = today.year() - 1;
    let county = t.login("admin-330402").await;
    let calendar_path = format!("/api/v1/public/communities/{HOME}/disclosure-calendar?year={year}");
    let calendar: Value = t.get_json(&t.anonymous(), &calendar_path).await;
    let finances: Vec<&Value> =
        calendar["entries"].as_array().unwrap().iter().filter(|e| e["category"] == "finances").collect();
    assert_eq!(finances.len(), 12, "monthly");
    assert_eq!(calendar["entries"][0]["category"], "finances", "categories in their listed order");
    let january = format!("{year}-01");
    assert_eq!(finances[0]["period"], january);
    let overdue_before = calendar["overdue"].as_u64().unwrap();
    assert!(overdue_before > 0);

    let township = t.login("admin-330402007").await;
    let alerts = t.get_json(&township, "/api/v1/regions/330402007/overdue-disclosures").await;
    let home = alerts["items"].as_array().unwrap().iter().find(|c| c["region_code"] == HOME).unwrap();
    assert!(home["items"].as_array().unwrap().iter().any(|i| i["category"] == "finances" && i["period"] == january));

    let late = json!({"category": "finances", "period": january, "title": "一月份财务收支", "body": "收入……支出……"});
    assert_eq!(t.post_json(&county, &format!("/api/v1/communities/{HOME}/disclosures"), &late).await.status(), 201);
    let calendar: Value = t.get_json(&t.anonymous(), &calendar_path).await;
    let entry = calendar["entries"].as_array().unwrap().iter().find(|e| e["period"] == january).unwrap();
    assert_eq!(entry["status"], "published_late");
    assert_eq!(calendar["overdue"].as_u64().unwrap(), overdue_before - 1);
    let alerts = t.get_json(&township, "/api/v1/regions/330402007/overdue-disclosures").await;
    let home = alerts["items"].as_array().unwrap().iter().find(|c| c["region_code"] == HOME).unwrap();
    assert!(!home["items"].as_array().unwrap().iter().any(|i| i["period"] == january), "no longer overdue");

    let published: Value = t.get_json(&t.anonymous(), &format!("/api/v1/public/communities/{HOME}/disclosures")).await;
    assert_eq!(published["items"][0]["title"], "一月份财务收支");
}

#[tokio::test]
async fn a_disclosure_names_a_real_period_of_its_category() {
    let t = spawn_app().await;
    let county = t.login("admin-330402").await;
    let path = format!("/api/v1/communities/{HOME}/disclosures");
    let wrong_period = json!({"category": "decisions", "period": "2026-11", "title": "决定", "body": "内容"});
    let r = t.post_json(&county, &path, &wrong_period).await;
    assert_eq!(r.status(), 422);
    let body: Value = r.json().await.unwrap();
    assert_eq!(
        (body["errors"][0]["field"].as_str(), body["errors"][0]["code"].as_str()),
        (Some("period"), Some("disclosure-period-unknown"))
    );
    let no_election = json!({"category": "election_results", "period": "E999", "title": "选举结果", "body": "内容"});
    assert_eq!(t.post_json(&county, &path, &no_election).await.status(), 422);
    let unknown = json!({"category": "gossip", "period": "2026", "title": "", "body": "x"});
    let r: Value = t.post_json(&county, &path, &unknown).await.json().await.unwrap();
    let fields: Vec<&str> = r["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["title", "category"]);
    let worker = t.login("worker-330402007").await;
    let fine = json!({"category": "decisions", "period": "2026-Q3", "title": "决定", "body": "内容"});
    assert_eq!(t.post_json(&worker, &path, &fine).await.status(), 403);
    assert_eq!(t.post_json(&county, &path, &fine).await.status(), 201);
}

#[tokio::test]
async fn an_election_counted_puts_its_results_on_the_calendar() {
    let t = spawn_app().await;
    let (id, codes) = t.voting_day(4).await;
    let county = t.login("admin-330402").await;
    for (_, code) in &codes[..5] {
        t.post_json(&t.anonymous(), "/api/v1/ballots", &json!({"code": code, "ballot": {"director": ["张丽华"]}}))
            .await;
    }
    t.post_json(&county, &format!("/api/v1/elections/{id}/count"), &json!({})).await;
    let year = t.app.settings.today().year();
    let calendar: Value =
        t.get_json(&t.anonymous(), &format!("/api/v1/public/communities/{HOME}/disclosure-calendar?year={year}")).await;
    let entry = calendar["entries"].as_array().unwrap().iter().find(|e| e["category"] == "election_results").unwrap();
    assert_eq!(
        (entry["period"].as_str().unwrap(), entry["status"].as_str().unwrap()),
        (format!("E{id}").as_str(), "upcoming")
    );
    let results = json!({"category": "election_results", "period": format!("E{id}"), "title": "选举结果公告", "body": "张丽华当选主任"});
    assert_eq!(t.post_json(&county, &format!("/api/v1/communities/{HOME}/disclosures"), &results).await.status(), 201);
}
