//! Evaluation 1A–5A (4D): the registrar's standard, eligibility computed from the
//! organisation's record, scores to a grade by the registrar's cut-offs, the notice period
//! with a review, and the grade given for five years and shown in the public search.

mod common;

use chrono::{Datelike, Duration, NaiveDate};
use common::{PASSWORD, TestApp, spawn_app};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use store::entity::evaluation;

async fn find(t: &TestApp, name: &str) -> Value {
    let q: String = name.bytes().map(|b| format!("%{b:02X}")).collect();
    t.get_json(&t.anonymous(), &format!("/api/v1/public/organizations?q={q}")).await["items"][0].clone()
}

/// An organisation's own account, signed in.
async fn own_account(t: &TestApp, registrar: &reqwest::Client, id: i64, username: &str) -> reqwest::Client {
    let account = json!({"username": username, "display_name": username, "password": PASSWORD});
    t.created_id(registrar, &format!("/api/v1/organizations/{id}/accounts"), &account).await;
    t.login(username).await
}

/// Last year's report filed, reviewed by `unit` and concluded qualified.
async fn passed_last_year(t: &TestApp, registrar: &reqwest::Client, unit: &str, id: i64, org: &reqwest::Client) {
    let year = t.app.settings.today().year() - 1;
    passed(t, registrar, unit, (id, org), year, t.app.settings.today() + Duration::days(30)).await;
}

/// Sets a year's due date for the city's organisations.
async fn set_due(t: &TestApp, registrar: &reqwest::Client, year: i32, due: NaiveDate) -> reqwest::StatusCode {
    let set = registrar
        .put(t.url(&format!("/api/v1/inspection-years/330400/{year}")))
        .json(&json!({"due_on": due.to_string()}));
    set.send().await.unwrap().status()
}

/// A year's report (due on `due`) filed by the organisation, reviewed by `unit` and
/// concluded qualified.
async fn passed(
    t: &TestApp,
    registrar: &reqwest::Client,
    unit: &str,
    (id, org): (i64, &reqwest::Client),
    year: i32,
    due: NaiveDate,
) {
    assert_eq!(set_due(t, registrar, year, due).await, 204);
    let report = json!({"year": year, "activities": "年度活动", "income_fen": 0, "expenditure_fen": 0,
                        "net_assets_fen": 0, "staff": 2, "party_members": 0, "party_form": "instructor"});
    assert_eq!(t.post_json(org, &format!("/api/v1/organizations/{id}/annual-reports"), &report).await.status(), 201);
    let unit = t.login(unit).await;
    let base = format!("/api/v1/organizations/{id}/annual-reports/{year}");
    assert_eq!(t.post_json(&unit, &format!("{base}/review"), &json!({"opinion": "同意"})).await.status(), 204);
    assert_eq!(
        t.post_json(registrar, &format!("{base}/conclude"), &json!({"conclusion": "qualified"})).await.status(),
        204
    );
}

async fn set_standard(t: &TestApp, registrar: &reqwest::Client, five_a: u32) -> reqwest::StatusCode {
    let year = t.app.settings.today().year();
    let standard = json!({
        "indicators": [{"code": "basics", "name": "基础条件", "max": 60}, {"code": "governance", "name": "内部治理", "max": 400},
                       {"code": "work", "name": "工作绩效", "max": 440}, {"code": "assessment", "name": "社会评价", "max": 100}],
        "cutoffs": {"5A": five_a, "4A": 850, "3A": 700, "2A": 600, "1A": 500},
        "notice_days": 7});
    let put = registrar.put(t.url(&format!("/api/v1/evaluation-standards/330400/{year}"))).json(&standard);
    put.send().await.unwrap().status()
}

fn scores(values: [u32; 4]) -> Value {
    json!({"scores": {"basics": values[0], "governance": values[1], "work": values[2], "assessment": values[3]}})
}

#[tokio::test]
async fn an_eligible_organisation_is_scored_published_reviewed_and_graded_for_five_years() {
    let t = spawn_app().await;
    let registrar = t.login("registrar-330400").await;
    assert_eq!(set_standard(&t, &registrar, 1001).await, 422, "a cut-off above the total");
    assert_eq!(set_standard(&t, &registrar, 950).await, 204);
    let id = find(&t, "嘉兴市南湖区书法家协会").await["id"].as_i64().unwrap();
    let org = own_account(&t, &registrar, id, "org-shufa").await;
    let apply = format!("/api/v1/organizations/{id}/evaluations");

    let refused = t.post_json(&org, &apply, &json!({})).await;
    assert_eq!(refused.status(), 422);
    let problem: Value = refused.json().await.unwrap();
    assert_eq!(problem["errors"][0]["code"], "evaluation-inspection-last-year", "{problem}");
    passed_last_year(&t, &registrar, "wenlian-330400", id, &org).await;
    let evaluation = t.created_id(&org, &apply, &json!({})).await;
    assert_eq!(t.post_json(&org, &apply, &json!({})).await.status(), 409, "one at a time");

    let score = format!("/api/v1/evaluations/{evaluation}/scores");
    assert_eq!(t.post_json(&registrar, &score, &scores([61, 400, 440, 100])).await.status(), 422);
    let scored: Value = t.post_json(&registrar, &score, &scores([58, 380, 420, 62])).await.json().await.unwrap();
    assert_eq!(scored["total"], 920);
    assert_eq!(scored["grade"], "4A", "920 is below this registrar's 950 for 5A");
    let publish = format!("/api/v1/evaluations/{evaluation}/publish");
    let published: Value = t.post_json(&registrar, &publish, &json!({})).await.json().await.unwrap();
    let today = t.app.settings.today();
    assert_eq!(published["notice_ends_on"], (today + Duration::days(7)).to_string());
    let grant = format!("/api/v1/evaluations/{evaluation}/grant");
    assert_eq!(t.post_json(&registrar, &grant, &json!({})).await.status(), 409, "the notice is running");

    let review = format!("/api/v1/evaluations/{evaluation}/review-request");
    assert_eq!(t.post_json(&registrar, &review, &json!({"reason": "x"})).await.status(), 403, "only the organisation");
    assert_eq!(t.post_json(&org, &review, &json!({"reason": "工作绩效中的公益项目漏计"})).await.status(), 204);
    let rescored: Value = t.post_json(&registrar, &score, &scores([58, 385, 440, 70])).await.json().await.unwrap();
    assert_eq!(rescored["grade"], "5A");
    assert_eq!(t.post_json(&registrar, &publish, &json!({})).await.status(), 200);
    // The notice period ends.
    evaluation::Entity::update_many()
        .col_expr(evaluation::Column::NoticeEndsOn, Expr::value(today - Duration::days(1)))
        .filter(evaluation::Column::Id.eq(evaluation))
        .exec(&t.app.db)
        .await
        .unwrap();
    assert_eq!(t.post_json(&org, &review, &json!({"reason": "再议"})).await.status(), 409, "too late for a review");
    let granted: Value = t.post_json(&registrar, &grant, &json!({})).await.json().await.unwrap();
    let until = domain::organization::evaluation::valid_until(today).unwrap().to_string();
    assert_eq!(granted["valid_until"], until.as_str());
    let public = find(&t, "嘉兴市南湖区书法家协会").await;
    assert_eq!(public["grade"], "5A");
    assert_eq!(public["grade_expires_on"], until.as_str());
    assert_eq!(t.post_json(&org, &apply, &json!({})).await.status(), 422, "a grade in force waits for its expiry");
}

#[tokio::test]
async fn an_investigation_or_a_young_registration_refuses_evaluation() {
    let t = spawn_app().await;
    let registrar = t.login("registrar-330400").await;
    assert_eq!(set_standard(&t, &registrar, 950).await, 204);
    let id = find(&t, "嘉兴市摄影家协会").await["id"].as_i64().unwrap();
    let org = own_account(&t, &registrar, id, "org-sheying").await;
    passed_last_year(&t, &registrar, "wenlian-330400", id, &org).await;
    let sanction =
        json!({"kind": "investigation", "decided_on": t.app.settings.today().to_string(), "reason": "涉嫌违规收费"});
    let sanctions = format!("/api/v1/organizations/{id}/sanctions");
    assert_eq!(t.post_json(&org, &sanctions, &sanction).await.status(), 403);
    t.created_id(&registrar, &sanctions, &sanction).await;
    let refused: Value =
        t.post_json(&org, &format!("/api/v1/organizations/{id}/evaluations"), &json!({})).await.json().await.unwrap();
    assert_eq!(refused["errors"][0]["code"], "evaluation-under-investigation");

    let young = json!({"name": "嘉兴市新成立协会", "uscc": app::demo::demo_uscc("social_group", "330400", 990),
        "kind": "social_group", "category": "culture_art", "region_code": "330400",
        "registered_on": (t.app.settings.today() - Duration::days(400)).to_string()});
    let young = t.created_id(&registrar, "/api/v1/organizations", &young).await;
    let account = own_account(&t, &registrar, young, "org-young").await;
    let refused: Value = t
        .post_json(&account, &format!("/api/v1/organizations/{young}/evaluations"), &json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(refused["errors"][0]["code"], "evaluation-too-young");
}

#[tokio::test]
async fn on_pages_the_standard_is_set_the_report_filed_and_the_grade_given() {
    let t = spawn_app().await;
    let registrar = t.login("registrar-330400").await;
    let civil = common::signed_in_browser(&t, "registrar-330400").await;
    let year = t.app.settings.today().year().to_string();
    let standard = |indicators: &'static str| {
        vec![
            ("authority", "330400"),
            ("year", year.as_str()),
            ("indicators", indicators),
            ("cutoff_5a", "950"),
            ("cutoff_4a", "850"),
            ("cutoff_3a", "700"),
            ("cutoff_2a", "600"),
            ("cutoff_1a", "500"),
            ("notice_days", "7"),
        ]
    };
    let page = "/evaluation-standards";
    let refused =
        common::submit(&t, &civil, page, page, &standard("basics, 基础条件, 60\ngovernance 内部治理 940")).await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains("第 2 行"), "names the line it cannot read");
    let saved =
        common::submit(&t, &civil, page, page, &standard("basics, 基础条件, 100\ngovernance，内部治理，900")).await;
    assert_eq!(saved.status(), 303);
    let stored = t.get_json(&registrar, &format!("/api/v1/evaluation-standards/330400/{year}")).await;
    assert_eq!(stored["indicators"][1]["max"], 900);

    let id = find(&t, "嘉兴市南湖区书法家协会").await["id"].as_i64().unwrap();
    own_account(&t, &registrar, id, "org-shufa").await;
    let last_year = (t.app.settings.today().year() - 1).to_string();
    let due = (t.app.settings.today() + Duration::days(30)).to_string();
    let set =
        registrar.put(t.url(&format!("/api/v1/inspection-years/330400/{last_year}"))).json(&json!({"due_on": due}));
    assert_eq!(set.send().await.unwrap().status(), 204);
    let org = common::signed_in_browser(&t, "org-shufa").await;
    let org_page = format!("/organizations/{id}");
    let report = |income: &'static str| {
        vec![
            ("year", last_year.as_str()),
            ("activities", "书法进社区 12 场"),
            ("income", income),
            ("expenditure", "8000"),
            ("net_assets", "52,000"),
            ("staff", "2"),
            ("party_members", "3"),
            ("party_form", "independent"),
        ]
    };
    let refused = common::submit(&t, &org, &org_page, &format!("{org_page}/annual-reports"), &report("一万")).await;
    assert_eq!(refused.status(), 422);
    assert_eq!(
        common::submit(&t, &org, &org_page, &format!("{org_page}/annual-reports"), &report("12000.5")).await.status(),
        303
    );
    let reports = t.get_json(&registrar, &format!("/api/v1/organizations/{id}/annual-reports")).await;
    assert_eq!(
        (&reports["items"][0]["income_fen"], &reports["items"][0]["party_form"]),
        (&json!(1_200_050), &json!("independent"))
    );
    let unit = t.login("wenlian-330400").await;
    let base = format!("/api/v1/organizations/{id}/annual-reports/{last_year}");
    assert_eq!(t.post_json(&unit, &format!("{base}/review"), &json!({"opinion": "同意"})).await.status(), 204);
    let qualified = json!({"conclusion": "qualified"});
    assert_eq!(t.post_json(&registrar, &format!("{base}/conclude"), &qualified).await.status(), 204);

    assert_eq!(common::submit(&t, &org, &org_page, &format!("{org_page}/evaluations"), &[]).await.status(), 303);
    let evaluation = t.get_json(&registrar, &format!("/api/v1/organizations/{id}/evaluations")).await["items"][0]["id"]
        .as_i64()
        .unwrap();
    let step = |name: &str| format!("{org_page}/evaluations/{evaluation}/{name}");
    let html = civil.get(t.url(&org_page)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("name=\"score-governance\""), "a field per indicator of the standard");
    let over =
        common::submit(&t, &civil, &org_page, &step("scores"), &[("score-basics", "100"), ("score-governance", "901")])
            .await;
    assert_eq!(over.status(), 422);
    let scores = [("score-basics", "90"), ("score-governance", "870")];
    assert_eq!(common::submit(&t, &civil, &org_page, &step("scores"), &scores).await.status(), 303);
    assert_eq!(common::submit(&t, &civil, &org_page, &step("publish"), &[]).await.status(), 303);
    let html = org.get(t.url(&org_page)).send().await.unwrap().text().await.unwrap();
    assert!(
        html.contains("公示中") && html.contains("5A") && html.contains("review-request"),
        "the organisation may ask for review"
    );
    evaluation::Entity::update_many()
        .col_expr(evaluation::Column::NoticeEndsOn, Expr::value(t.app.settings.today() - Duration::days(1)))
        .filter(evaluation::Column::Id.eq(evaluation))
        .exec(&t.app.db)
        .await
        .unwrap();
    assert_eq!(common::submit(&t, &civil, &org_page, &step("grant"), &[]).await.status(), 303);
    assert_eq!(find(&t, "嘉兴市南湖区书法家协会").await["grade"], "5A");
}

#[tokio::test]
async fn before_last_years_due_date_the_year_before_is_judged() {
    let t = spawn_app().await;
    let registrar = t.login("registrar-330400").await;
    assert_eq!(set_standard(&t, &registrar, 950).await, 204);
    let id = find(&t, "嘉兴市南湖区书法家协会").await["id"].as_i64().unwrap();
    let org = own_account(&t, &registrar, id, "org-shufa").await;
    let today = t.app.settings.today();
    let last = today.year() - 1;
    let first_of_june = NaiveDate::from_ymd_opt(last, 6, 1).unwrap();
    passed(&t, &registrar, "wenlian-330400", (id, &org), last - 1, first_of_june).await;
    let apply = format!("/api/v1/organizations/{id}/evaluations");
    if let Some(yesterday) = today.pred_opt().filter(|d| d.year() == today.year()) {
        assert_eq!(set_due(&t, &registrar, last, yesterday).await, 204);
        let refused: Value = t.post_json(&org, &apply, &json!({})).await.json().await.unwrap();
        assert_eq!(refused["errors"][0]["code"], "evaluation-inspection-last-year", "due and not filed");
        assert_eq!(refused["errors"][0]["field"], "eligibility");
    }
    assert_eq!(set_due(&t, &registrar, last, today + Duration::days(30)).await, 204);
    // Last year's report is not due yet: the year before's, filed and qualified, counts.
    t.created_id(&org, &apply, &json!({})).await;
}
