//! The registration workflow, awards and the pay rules on pages (issue 13 points 2, 6, 9):
//! an application taken from filing to the certificate through the queue's buttons, a
//! refusal without its reason named, the office's scope and the worker's own account kept
//! out; the awards form; the pay rules saved in yuan and read back in fen.

mod common;

use chrono::{Datelike, Days};
use common::{TestApp, adult_id, signed_in_browser, spawn_app, submit};
use serde_json::{Value, json};

const TOWNSHIP: &str = "330402007";

async fn page(t: &TestApp, client: &reqwest::Client, path: &str) -> (u16, String) {
    let response = client.get(t.url(path)).send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

/// A worker with an intermediate certificate obtained a month ago, kept in `region`.
async fn certified_worker(t: &TestApp, city: &reqwest::Client, n: u16, region: &str) -> i64 {
    let obtained = t.app.settings.today() - Days::new(30);
    let body = json!({"name": format!("申请人{n}"), "id_number": adult_id(n, n.is_multiple_of(2)), "region_code": region,
        "certificate": {"level": "intermediate", "number": format!("D2026{n:04}"), "obtained_on": obtained.to_string()}});
    t.created_id(city, "/api/v1/social-workers", &body).await
}

async fn application_of(t: &TestApp, city: &reqwest::Client, worker: i64) -> i64 {
    let record = t.get_json(city, &format!("/api/v1/social-workers/{worker}")).await;
    record["registration"]["application_id"].as_i64().expect("an application")
}

#[tokio::test]
async fn an_application_goes_from_filing_to_the_certificate_through_the_pages() {
    let t = spawn_app().await;
    let city = t.login("admin").await;
    let township = signed_in_browser(&t, "admin-330402007").await;
    let id = certified_worker(&t, &city, 41, TOWNSHIP).await;
    let record = format!("/social-workers/{id}");

    let (_, shown) = page(&t, &township, &record).await;
    assert!(shown.contains("id=\"apply-registration\""), "an unregistered holder may apply");
    let filed = submit(&t, &township, &record, &format!("{record}/registration-application"), &[]).await;
    assert_eq!(filed.status(), 303);
    let (_, shown) = page(&t, &township, &record).await;
    assert!(shown.contains("待初审") && !shown.contains("id=\"apply-registration\""), "the state, no second button");
    let again =
        submit(&t, &township, &format!("/social-workers/{}", id), &format!("{record}/registration-application"), &[])
            .await;
    assert_eq!(again.status(), 409);
    assert!(again.text().await.unwrap().contains("已有正在办理的登记申请"));

    let application = application_of(&t, &city, id).await;
    let queue = "/social-workers/applications";
    let (status, list) = page(&t, &township, queue).await;
    assert_eq!(status, 200);
    assert!(list.contains(&format!("id=\"application-{application}\"")) && list.contains("申请人41"));
    assert!(list.contains("330402********"), "ID numbers masked");
    assert!(list.contains("href=\"/social-workers/applications\" class=\"active\""), "the menu marks the queue");

    let steps = format!("{queue}/{application}/steps");
    let step = |name: &'static str, agree: &'static str, note: &'static str| {
        let (township, steps) = (&township, &steps);
        let t = &t;
        async move {
            submit(t, township, queue, steps, &[("step", name), ("agree", agree), ("note", note), ("back", "waiting")])
                .await
        }
    };
    let unreasoned = step("first_review", "false", "").await;
    assert_eq!(unreasoned.status(), 422);
    assert!(unreasoned.text().await.unwrap().contains("不同意时须填写理由"), "the missing reason is named");
    let early = step("register", "true", "").await;
    assert_eq!(early.status(), 409, "a step out of order is the rules' refusal, not a failure");
    assert!(early.text().await.unwrap().contains("不能办理这一步"));

    for (name, shown_state) in [
        ("first_review", "初审通过，待终审"),
        ("final_review", "终审通过，待登记"),
        ("register", "已登记，待出证"),
        ("issue_certificate", "已出证"),
    ] {
        let done = step(name, "true", "材料齐全").await;
        assert_eq!(done.status(), 303, "{name}");
        let (_, list) = page(&t, &township, &format!("{queue}?state=all&worker={id}")).await;
        assert!(list.contains(shown_state), "{name} shows {shown_state}");
    }
    let (_, shown) = page(&t, &township, &record).await;
    assert!(shown.contains("status-registered") && shown.contains("已出证"), "the record shows registered");
    let (_, waiting) = page(&t, &township, queue).await;
    assert!(!waiting.contains(&format!("id=\"application-{application}\"")), "no longer waiting");
}

#[tokio::test]
async fn a_refusal_shows_its_reason_and_others_cannot_act() {
    let t = spawn_app().await;
    let city = t.login("admin").await;
    let township = signed_in_browser(&t, "admin-330402007").await;
    let queue = "/social-workers/applications";

    let own = certified_worker(&t, &city, 42, TOWNSHIP).await;
    t.post_json(&city, &format!("/api/v1/social-workers/{own}/registration-applications"), &json!({})).await;
    let application = application_of(&t, &city, own).await;
    let fields = [("step", "first_review"), ("agree", "false"), ("note", "缺少工作经历证明"), ("back", "all")];
    let refused = submit(&t, &township, queue, &format!("{queue}/{application}/steps"), &fields).await;
    assert_eq!(refused.status(), 303);
    let (_, list) = page(&t, &township, &format!("{queue}?state=first_review_refused")).await;
    assert!(list.contains("初审未通过") && list.contains("缺少工作经历证明"), "the reason is shown");
    let (_, shown) = page(&t, &township, &format!("/social-workers/{own}")).await;
    assert!(shown.contains("id=\"apply-registration\""), "after a refusal the worker may apply again");

    let elsewhere = certified_worker(&t, &city, 43, "330411").await;
    t.post_json(&city, &format!("/api/v1/social-workers/{elsewhere}/registration-applications"), &json!({})).await;
    let theirs = application_of(&t, &city, elsewhere).await;
    let (_, list) = page(&t, &township, &format!("{queue}?state=all")).await;
    assert!(!list.contains(&format!("id=\"application-{theirs}\"")), "another county's is not listed");
    let agree = [("step", "first_review"), ("agree", "true"), ("note", ""), ("back", "")];
    let outside = submit(&t, &township, queue, &format!("{queue}/{theirs}/steps"), &agree).await;
    assert_eq!(outside.status(), 404, "another county's application");

    let worker = signed_in_browser(&t, "worker-330402007").await;
    let mine = worker.get(t.url("/social-workers/mine")).send().await.unwrap();
    let own_record = mine.headers()["location"].to_str().unwrap().to_string();
    let acted = submit(&t, &worker, &own_record, &format!("{queue}/{theirs}/steps"), &agree).await;
    assert!([403, 404].contains(&acted.status().as_u16()), "the social worker cannot act");
    let (status, _) = page(&t, &worker, queue).await;
    assert!([403, 404].contains(&status), "nor see the queue");
    let state = t.get_json(&city, &format!("/api/v1/social-workers/{elsewhere}")).await;
    assert_eq!(state["registration"]["application_state"], "submitted");
}

#[tokio::test]
async fn the_office_records_an_award_and_a_future_date_is_named() {
    let t = spawn_app().await;
    let city = t.login("admin").await;
    let township = signed_in_browser(&t, "admin-330402007").await;
    let id = certified_worker(&t, &city, 44, TOWNSHIP).await;
    let record = format!("/social-workers/{id}");
    let tomorrow = (t.app.settings.today() + Days::new(1)).to_string();
    let future = [
        ("title", "优秀社会工作者"),
        ("awarding_body", "市民政局"),
        ("level", "city"),
        ("awarded_on", tomorrow.as_str()),
    ];
    let refused = submit(&t, &township, &record, &format!("{record}/awards"), &future).await;
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(html.contains("日期不能晚于今天"), "the date is named");
    assert!(html.contains("value=\"市民政局\""), "what was typed is kept");
    let today = t.app.settings.today().to_string();
    let fine =
        [("title", "优秀社会工作者"), ("awarding_body", "市民政局"), ("level", "city"), ("awarded_on", today.as_str())];
    assert_eq!(submit(&t, &township, &record, &format!("{record}/awards"), &fine).await.status(), 303);
    let awards: Value = t.get_json(&city, &format!("/api/v1/social-workers/{id}")).await;
    assert_eq!(awards["awards"][0]["title"], "优秀社会工作者");
    assert_eq!(awards["awards"][0]["level"], "city");
}

#[tokio::test]
async fn the_pay_rules_are_typed_in_yuan_and_kept_in_fen() {
    let t = spawn_app().await;
    let city = t.login("admin").await;
    let township = signed_in_browser(&t, "admin-330402007").await;
    let rules = format!("/social-workers/pay-rules?region={TOWNSHIP}");
    let (status, html) = page(&t, &township, &rules).await;
    assert_eq!(status, 200);
    assert!(html.contains("name=\"tiers[0].monthly_yuan\""), "blank rows to add");

    let table = [
        ("region", TOWNSHIP),
        ("tiers[0].certificate_level", "intermediate"),
        ("tiers[0].min_degree", "bachelor"),
        ("tiers[0].employer_kind", "community"),
        ("tiers[0].min_years", "3"),
        ("tiers[0].monthly_yuan", "6500.50"),
        ("tiers[1].certificate_level", ""),
        ("tiers[1].min_years", "0"),
        ("tiers[1].monthly_yuan", "4000"),
        ("tiers[2].min_years", ""),
        ("tiers[2].monthly_yuan", ""),
    ];
    let saved = submit(&t, &township, &rules, "/social-workers/pay-rules/tiers", &table).await;
    assert_eq!(saved.status(), 303);
    let stored = t.get_json(&city, &format!("/api/v1/regions/{TOWNSHIP}/social-work-pay-tiers")).await;
    assert_eq!(stored["applies_from"], TOWNSHIP);
    let amounts: Vec<i64> =
        stored["tiers"].as_array().unwrap().iter().map(|r| r["monthly_fen"].as_i64().unwrap()).collect();
    assert_eq!(amounts, [650_050, 400_000]);
    assert_eq!(stored["tiers"][0]["employer_kind"], "community");

    let (_, html) = page(&t, &township, &rules).await;
    assert!(html.contains("value=\"6500.50\""), "the table shown again in yuan");
    let bad = [
        ("region", TOWNSHIP),
        ("tiers[0].min_years", "3"),
        ("tiers[0].monthly_yuan", "6500.50"),
        ("tiers[1].min_years", "0"),
        ("tiers[1].monthly_yuan", "0.001"),
    ];
    let refused = submit(&t, &township, &rules, "/social-workers/pay-rules/tiers", &bad).await;
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(html.contains("第 2 行每月指导金额（元）：金额格式不对"), "the row and field named: {html}");
    let kept = t.get_json(&city, &format!("/api/v1/regions/{TOWNSHIP}/social-work-pay-tiers")).await;
    assert_eq!(kept["tiers"].as_array().unwrap().len(), 2, "nothing saved");

    let year = t.app.settings.today().year();
    let rates = |senior: &'static str| {
        vec![
            ("region", TOWNSHIP.to_string()),
            ("year", year.to_string()),
            ("assistant_fen", "300.50".into()),
            ("intermediate_fen", "400".into()),
            ("senior_fen", senior.to_string()),
        ]
    };
    let fields = rates("500");
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(submit(&t, &township, &rules, "/social-workers/pay-rules/allowance", &fields).await.status(), 303);
    let stored = t.get_json(&city, &format!("/api/v1/regions/{TOWNSHIP}/title-allowance/{year}")).await;
    assert_eq!((stored["assistant_fen"].as_i64(), stored["senior_fen"].as_i64()), (Some(30_050), Some(50_000)));
    let fields = rates("0.001");
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let refused = submit(&t, &township, &rules, "/social-workers/pay-rules/allowance", &fields).await;
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(html.contains("field invalid") && html.contains("金额格式不对"), "the senior rate named");
    let stored = t.get_json(&city, &format!("/api/v1/regions/{TOWNSHIP}/title-allowance/{year}")).await;
    assert_eq!(stored["senior_fen"].as_i64(), Some(50_000), "nothing saved");
}
