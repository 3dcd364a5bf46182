//! The social-work office's pages and the worker's own (issue 13, point 9): the list with
//! masked ID numbers, adding a worker with every field error on the form, recording
//! training, a `social_worker` account reaching its own record and nothing to change.

mod common;

use common::{signed_in_browser, spawn_app, submit};

async fn page(t: &common::TestApp, client: &reqwest::Client, path: &str) -> (u16, String) {
    let response = client.get(t.url(path)).send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

#[tokio::test]
async fn the_office_lists_adds_and_trains_its_workers_on_pages() {
    let t = spawn_app().await;
    let township = signed_in_browser(&t, "admin-330402007").await;
    let (status, list) = page(&t, &township, "/social-workers").await;
    assert_eq!(status, 200);
    assert!(list.contains("陆晓燕") && list.contains("登记已失效"), "the demo's workers with their states");
    assert!(list.contains("330402********"), "ID numbers masked");

    let bad = [
        ("name", ""),
        ("id_number", "330402198808080001"),
        ("region_code", "330402007"),
        ("certificate.level", "intermediate"),
        ("certificate.number", "x"),
        ("certificate.obtained_on", "2007-01-01"),
    ];
    let refused = submit(&t, &township, "/social-workers/new", "/social-workers", &bad).await;
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    for message in ["不能为空", "校验位错误", "证书编号应为", "不能早于首次全国考试"] {
        assert!(html.contains(message), "{message} in the form's errors");
    }
    assert!(html.contains("value=\"330402198808080001\""), "what was typed is kept");

    let id = common::adult_id(40, true);
    let good = [
        ("name", "褚丽娟"),
        ("id_number", id.as_str()),
        ("region_code", "330402007"),
        ("certificate.level", "assistant"),
        ("certificate.number", "B33040026001"),
        ("certificate.obtained_on", "2025-06-20"),
        ("registered_on", "2025-09-01"),
    ];
    let added = submit(&t, &township, "/social-workers/new", "/social-workers", &good).await;
    assert_eq!(added.status(), 303);
    let record = added.headers()["location"].to_str().unwrap().split('?').next().unwrap().to_string();
    let (_, shown) = page(&t, &township, &record).await;
    assert!(shown.contains("<h1>褚丽娟</h1>"), "the new record");
    assert!(shown.contains("应完成 72 学时"), "an assistant's requirement");

    let training = format!("{record}/training");
    let half = [("course", "个案管理"), ("provider", ""), ("hours", "两小时"), ("completed_on", "2026-01-10")];
    let refused = submit(&t, &township, &record, &training, &half).await;
    assert_eq!(refused.status(), 422);
    let fine = [("course", "个案管理"), ("provider", "市社工协会"), ("hours", "7.5"), ("completed_on", "2026-01-10")];
    assert_eq!(submit(&t, &township, &record, &training, &fine).await.status(), 303);
    let (_, shown) = page(&t, &township, &record).await;
    assert!(shown.contains("已完成 7.5 学时"), "the hours count in the period");

    let registrar = signed_in_browser(&t, "registrar-330402").await;
    let (status, _) = page(&t, &registrar, &record).await;
    assert_eq!(status, 404, "outside the registrar's keeping");
}

#[tokio::test]
async fn a_social_worker_reaches_its_own_record_and_cannot_record_training() {
    let t = spawn_app().await;
    let worker = signed_in_browser(&t, "worker-330402007").await;
    let mine = worker.get(t.url("/social-workers/mine")).send().await.unwrap();
    assert_eq!(mine.status(), 303);
    let own = mine.headers()["location"].to_str().unwrap().to_string();
    let (status, html) = page(&t, &worker, &own).await;
    assert_eq!(status, 200);
    assert!(html.contains("陆晓燕") && html.contains("尚差"), "its hours still due");
    assert!(!html.contains("登记继续教育"), "no training form for the worker");
    let (status, _) = page(&t, &worker, "/social-workers").await;
    assert_eq!(status, 403, "the office's list is not the worker's");
}

#[tokio::test]
async fn the_figures_page_draws_its_charts_in_the_page_and_exports_a_sheet() {
    let t = spawn_app().await;
    let city = signed_in_browser(&t, "admin").await;
    let (status, html) = page(&t, &city, "/social-workers/figures?region=330400").await;
    assert_eq!(status, 200);
    assert!(html.contains("每万人持证社工数") && html.contains("南湖区"), "the figures and the counties below");
    assert!(html.contains("<svg class=\"chart-stack\"") && !html.contains("<script src=\"http"), "drawn in the page");
    let sheet = city.get(t.url("/social-workers/figures/export?format=xlsx&region=330400")).send().await.unwrap();
    assert_eq!(sheet.status(), 200);
    let kind = sheet.headers()["content-type"].to_str().unwrap().to_string();
    assert!(kind.contains("spreadsheetml"), "{kind}");
    let bytes = sheet.bytes().await.unwrap();
    assert_eq!(&bytes[..2], b"PK", "an .xlsx file");
}

#[tokio::test]
async fn a_renewal_short_of_hours_is_refused_on_the_record_with_the_shortfall_then_granted() {
    let t = spawn_app().await;
    let township = signed_in_browser(&t, "admin-330402007").await;
    let (_, list) = page(&t, &township, "/social-workers").await;
    // The demo's senior worker, whose renewal is open with 36.5 of 90 hours.
    let row = list.split("<tr>").find(|r| r.contains("王建华")).expect("the demo's senior worker");
    let record = row.split("href=\"").nth(1).and_then(|r| r.split('"').next()).unwrap().to_string();
    let (_, shown) = page(&t, &township, &record).await;
    assert!(shown.contains("id=\"renew\""), "renewal is offered while the window is open");
    let refused = submit(&t, &township, &record, &format!("{record}/renewal"), &[]).await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains("53.5"), "the shortfall in hours");

    let today = t.app.settings.today().to_string();
    let training = [("course", "督导实务"), ("provider", ""), ("hours", "53.5"), ("completed_on", today.as_str())];
    assert_eq!(submit(&t, &township, &record, &format!("{record}/training"), &training).await.status(), 303);
    let renewed = submit(&t, &township, &record, &format!("{record}/renewal"), &[]).await;
    assert_eq!(renewed.status(), 303);
    let (_, shown) = page(&t, &township, &record).await;
    assert!(shown.contains("已延续至") && !shown.contains("id=\"renew\""), "renewed, and not offered again");
}
