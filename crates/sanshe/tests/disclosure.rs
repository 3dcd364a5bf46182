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

/// The rows of an export of the overdue alerts, in English, without the header.
async fn overdue_export(t: &common::TestApp, client: &reqwest::Client, within: &str) -> Vec<Vec<String>> {
    let url = t.url(&format!("/disclosures/overdue/export?format=csv&within={within}"));
    let r = client.get(url).header("accept-language", "en").send().await.unwrap();
    assert_eq!(r.status(), 200);
    let text = r.text().await.unwrap();
    let mut lines = text.trim_start_matches('\u{feff}').lines().map(|l| l.split(',').map(String::from).collect());
    let header: Vec<String> = lines.next().unwrap();
    assert!(header[0] == "Region code" || header[0] == "Community code", "English headers: {header:?}");
    lines.collect()
}

/// (communities with overdue items, overdue items) below a region, from the per-community API.
async fn overdue_counts(t: &common::TestApp, client: &reqwest::Client, code: &str) -> (usize, usize) {
    let alerts = t.get_json(client, &format!("/api/v1/regions/{code}/overdue-disclosures")).await;
    let communities = alerts["items"].as_array().unwrap();
    (communities.len(), communities.iter().map(|c| c["items"].as_array().unwrap().len()).sum())
}

#[tokio::test]
async fn the_overdue_rollup_counts_communities_and_items_per_township_and_they_add_up() {
    let t = spawn_app().await;
    let county = t.login("admin-330402").await;
    let rows = overdue_export(&t, &county, "").await;
    let overdue: Vec<&Vec<String>> = rows.iter().filter(|r| r[3] != "0").collect();
    assert!(overdue.len() >= 2, "communities are overdue in at least two townships: {rows:?}");
    for row in &rows {
        assert!(row[0].starts_with("330402") && row[0].len() == 9, "a township of the county: {row:?}");
        let counted = (row[2].parse().unwrap(), row[3].parse().unwrap());
        assert_eq!(counted, overdue_counts(&t, &county, &row[0]).await, "{row:?}");
    }
    let sum =
        rows.iter().fold((0, 0), |(c, i), r| (c + r[2].parse::<usize>().unwrap(), i + r[3].parse::<usize>().unwrap()));
    assert_eq!(sum, overdue_counts(&t, &county, "330402").await, "the townships add up to the county");

    // Publishing one overdue item lowers its township's count by one, and no other's.
    let january = format!("{}-01", t.app.settings.today().year() - 1);
    let late = json!({"category": "finances", "period": january, "title": "一月份财务收支", "body": "收入……支出……"});
    assert_eq!(t.post_json(&county, &format!("/api/v1/communities/{HOME}/disclosures"), &late).await.status(), 201);
    let after = overdue_export(&t, &county, "").await;
    for (before, after) in rows.iter().zip(&after) {
        let less = if before[0] == HOME[..9] { 1 } else { 0 };
        assert_eq!(after[3].parse::<usize>().unwrap() + less, before[3].parse::<usize>().unwrap(), "{before:?}");
    }

    let township = overdue_export(&t, &county, &HOME[..9]).await;
    let home_items = township.iter().filter(|r| r[0] == HOME).count();
    assert!(home_items > 0 && township.iter().all(|r| r[0].starts_with(&HOME[..9])), "one line per item");
    assert!(township.iter().any(|r| r[2] == "Finances"), "categories in the user's language");
    let city = t.login("admin").await;
    let audit = t.get_json(&city, "/api/v1/audit?q=overdue_disclosures").await;
    assert_eq!(audit["total"], 3, "every export is audited");
}

#[tokio::test]
async fn the_overdue_alerts_drill_down_from_the_city_to_one_township_and_no_further_than_the_scope() {
    let t = spawn_app().await;
    let city = t.login("admin").await;
    let page = |client: &reqwest::Client, within: &str| {
        let url = t.url(&format!("/disclosures/overdue?within={within}"));
        let request = client.get(url).header("accept-language", "zh-CN");
        async move {
            let r = request.send().await.unwrap();
            (r.status().as_u16(), r.text().await.unwrap())
        }
    };
    let (status, top) = page(&city, "").await;
    assert_eq!(status, 200);
    assert!(top.contains("?within=330402\"") && top.contains("?within=330411\""), "one row per county");
    assert!(!top.contains("/communities/"), "no community listed at the city level");
    assert!(top.len() < 50_000, "the city page is small: {} bytes", top.len());

    let (_, county) = page(&city, "330402").await;
    assert!(county.contains("?within=330402007\""), "the county's townships");
    assert!(!county.contains("?within=3304110"), "no township of another county");
    let (_, township) = page(&city, "330402007").await;
    assert!(township.contains(&format!("/communities/{HOME}/disclosures")));
    assert!(township.contains("嘉兴市") && township.contains("南湖区"), "breadcrumbs up to the city");
    let communities: Vec<&str> = township.split("/communities/").skip(1).map(|s| &s[..12]).collect();
    assert!(!communities.is_empty() && communities.iter().all(|c| c.starts_with("330402007")), "{communities:?}");

    let streets = t.login("admin-330402007").await;
    assert_eq!(page(&streets, "330402").await.0, 404, "above the scope");
    assert_eq!(page(&streets, "330411").await.0, 404, "beside the scope");
    assert_eq!(page(&streets, "nonsense").await.0, 404);
    let (status, own) = page(&streets, "").await;
    assert_eq!(status, 200);
    assert!(own.contains(&format!("/communities/{HOME}/disclosures")), "a township starts at its communities");
    let export = streets.get(t.url("/disclosures/overdue/export?within=330411")).send().await.unwrap();
    assert_eq!(export.status(), 404);
    // A social worker reads the alerts of the township but may not export them.
    let worker = t.login("worker-330402007").await;
    assert_eq!(page(&worker, "").await.0, 200);
    let export = worker.get(t.url("/disclosures/overdue/export?format=csv")).send().await.unwrap();
    assert_eq!(export.status(), 403);
}
