//! Satisfaction surveys and the yearly evaluation of social workers (issue 13 point 5):
//! codes issued and shown once, one answer per code, anonymity, response rate and
//! satisfaction, the evaluation taken from the year's closed survey, and who may do what
//! (in scope 2xx, out of scope 404, wrong role 403).

mod common;

use chrono::{Datelike, Days, NaiveDate};
use common::{TestApp, csrf_of, signed_in_browser, spawn_app, submit};
use domain::identifiers::resident_id::compose;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use store::entity::{audit_log, survey};

const TOWNSHIP: &str = "330402007";

/// A social worker kept by the township; `username` opens a `social_worker` account for it
/// (the demo's own worker account has its record already).
async fn add_worker(t: &TestApp, client: &reqwest::Client, order: u16, username: &str) -> i64 {
    if !username.is_empty() {
        let account = json!({"username": username, "display_name": username, "password": common::PASSWORD,
            "role": "social_worker", "region_code": TOWNSHIP});
        t.created_id(client, "/api/v1/accounts", &account).await;
    }
    let id_number = compose("330402", NaiveDate::from_ymd_opt(1990, 3, 3).unwrap(), order);
    let body =
        json!({"name": format!("社工{order}"), "id_number": id_number, "region_code": TOWNSHIP, "username": username});
    t.created_id(client, "/api/v1/social-workers", &body).await
}

/// A survey of worker `worker`, open from today for 30 days, with three questions.
async fn open_survey(t: &TestApp, client: &reqwest::Client, worker: i64) -> i64 {
    let today = t.app.settings.today();
    let body = json!({"title": "社工服务满意度", "subject_kind": "social_worker", "subject_id": worker,
        "opens_on": today.to_string(), "closes_on": (today + Days::new(30)).to_string(),
        "questions": ["服务态度", "专业能力", "服务效果"]});
    t.created_id(client, "/api/v1/surveys", &body).await
}

async fn issue(t: &TestApp, client: &reqwest::Client, survey: i64, count: u32) -> Vec<String> {
    let response = t.post_json(client, &format!("/api/v1/surveys/{survey}/codes"), &json!({"count": count})).await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    body["codes"].as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_string()).collect()
}

/// Posts the public answer form as a resident's phone does.
async fn answer(
    t: &TestApp,
    client: &reqwest::Client,
    code: &str,
    ratings: &[&str],
    comment: &str,
) -> reqwest::Response {
    let mut form: Vec<(String, String)> = vec![("code".into(), code.into()), ("comment".into(), comment.into())];
    form.extend(ratings.iter().enumerate().map(|(i, r)| (format!("q{i}"), r.to_string())));
    client.post(t.url("/public/survey-answers")).form(&form).send().await.unwrap()
}

/// Moves a survey into the past, so that it closed yesterday.
async fn close_yesterday(t: &TestApp, survey_id: i64) -> NaiveDate {
    let yesterday = t.app.settings.today() - Days::new(1);
    survey::Entity::update_many()
        .col_expr(survey::Column::OpensOn, Expr::value(yesterday - Days::new(30)))
        .col_expr(survey::Column::ClosesOn, Expr::value(yesterday))
        .filter(survey::Column::Id.eq(survey_id))
        .exec(&t.app.db)
        .await
        .unwrap();
    yesterday
}

#[tokio::test]
async fn each_code_answers_once_and_a_second_use_is_refused_with_a_message() {
    let t = spawn_app().await;
    let city = t.login("admin").await;
    let worker = add_worker(&t, &city, 1, "").await;
    let survey = open_survey(&t, &city, worker).await;
    let codes = issue(&t, &city, survey, 3).await;
    assert_eq!(codes.len(), 3);
    assert!(codes.iter().all(|c| c.len() == 14 && c.matches('-').count() == 2), "{codes:?}");
    let resident = t.anonymous();

    let page = resident.get(t.url(&format!("/s/{}", codes[0]))).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("服务态度") && html.contains("name=\"q2\""), "the form rates every question");

    let missing = answer(&t, &resident, &codes[0], &["5", "", "9"], "").await;
    assert_eq!(missing.status(), 422);
    let html = missing.text().await.unwrap();
    assert!(html.contains("请在 1 到 5 之间选择") && html.contains("value=\"5\" checked"), "ticks are kept");

    // Typed in lower case without dashes, the code is the same code.
    let typed = codes[0].replace('-', "").to_lowercase();
    let first = answer(&t, &resident, &typed, &["5", "4", "4"], "很好").await;
    assert_eq!(first.status(), 200);
    assert!(first.text().await.unwrap().contains("感谢您的评价"));

    let again = answer(&t, &resident, &codes[0], &["1", "1", "1"], "再来一次").await;
    assert_eq!(again.status(), 409);
    assert!(again.text().await.unwrap().contains("这个调查码已经使用过"));
    let page = resident.get(t.url(&format!("/s/{}", codes[0]))).send().await.unwrap();
    assert_eq!(page.status(), 409, "the used code's page says so instead of showing the form");
    assert!(!page.text().await.unwrap().contains("name=\"q0\""));

    let unknown = resident.get(t.url("/s/ABCD-EFGH-JKLM")).send().await.unwrap();
    assert_eq!(unknown.status(), 404);
    assert!(unknown.text().await.unwrap().contains("没有找到这个调查码"));
    let entry = resident.get(t.url(&format!("/s?code={}", codes[1]))).send().await.unwrap();
    assert_eq!(entry.status(), 303);
    assert_eq!(entry.headers()["location"], format!("/s/{}", codes[1]));

    let summary = t.get_json(&city, &format!("/api/v1/surveys/{survey}")).await;
    assert_eq!((summary["issued"].as_u64(), summary["answered"].as_u64()), (Some(3), Some(1)));
    assert_eq!(summary["response_rate"], 33.3);
    // One answer 5, 4, 4: mean 13/3, (13/3 − 1) / 4 × 100 = 83.33… → 83.3.
    assert_eq!(summary["satisfaction"], 83.3);
    assert_eq!(summary["questions"][0]["satisfaction"], 100.0);
}

#[tokio::test]
async fn staff_see_aggregates_that_link_no_code_to_any_answer() {
    let t = spawn_app().await;
    let city = t.login("admin").await;
    let worker = add_worker(&t, &city, 2, "").await;
    let survey = open_survey(&t, &city, worker).await;
    let codes = issue(&t, &city, survey, 12).await;
    let resident = t.anonymous();
    // Ten answers 5, 4, 4, commented in reverse alphabetical order.
    for (n, code) in codes.iter().take(10).enumerate() {
        let comment = format!("意见{}", 9 - n);
        assert_eq!(answer(&t, &resident, code, &["5", "4", "4"], &comment).await.status(), 200);
    }
    let summary = t.get_json(&city, &format!("/api/v1/surveys/{survey}")).await;
    assert_eq!(summary["response_rate"], 83.3, "10 of 12");
    assert_eq!(summary["satisfaction"], 83.3, "mean 13/3");
    assert_eq!(summary["questions"][1]["satisfaction"], 75.0);
    assert_eq!(summary["questions"][1]["ratings"], 10);
    let comments: Vec<&str> = summary["comments"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
    let mut sorted = comments.clone();
    sorted.sort();
    assert_eq!(comments, sorted, "comments come sorted, never in the order given");
    let text = summary.to_string();
    for code in &codes {
        assert!(!text.contains(code.as_str()) && !text.contains(&code.replace('-', "")), "no code in the summary");
    }
    let keys: Vec<&str> = summary.as_object().unwrap().keys().map(String::as_str).collect();
    let aggregates = ["answered", "closes_on", "comments", "id", "issued", "kept", "opens_on", "phase", "questions"];
    let about = ["region_code", "response_rate", "satisfaction", "subject_id", "subject_kind", "title"];
    assert_eq!(keys, [&aggregates[..], &about[..]].concat(), "aggregates and what the survey is about, nothing else");
    let question_keys: Vec<&String> = summary["questions"][0].as_object().unwrap().keys().collect();
    assert_eq!(question_keys, ["ratings", "satisfaction", "text"]);

    // The trail records that the survey was answered, with nothing that names a code.
    let answered = audit_log::Entity::find()
        .filter(audit_log::Column::Entity.eq("survey"))
        .filter(audit_log::Column::Action.eq("answer"))
        .all(&t.app.db)
        .await
        .unwrap();
    assert_eq!(answered.len(), 10);
    for row in &answered {
        assert_eq!(row.entity_id, survey.to_string());
        assert!(!codes.iter().any(|c| row.after.contains(&c.replace('-', "")) || row.before.contains(c.as_str())));
        assert!(!row.after.contains("意见"), "what was said stays out of the trail: {}", row.after);
    }

    // The worker's own account sees the aggregates, without the comments.
    let own = add_worker(&t, &city, 3, "worker-sv").await;
    let own_survey = open_survey(&t, &city, own).await;
    let me = t.login("worker-sv").await;
    let mine = t.get_json(&me, &format!("/api/v1/surveys/{own_survey}")).await;
    assert_eq!(mine["issued"], 0);
    assert_eq!((&mine["comments"], &mine["kept"]), (&json!([]), &json!(false)));
    let page = signed_in_browser(&t, "worker-sv").await.get(t.url(&format!("/surveys/{own_survey}"))).send();
    let page = page.await.unwrap().text().await.unwrap();
    assert!(page.contains("满意度（0–100）") && !page.contains("生成调查码"), "no code form for the subject");
    let other = me.get(t.url(&format!("/api/v1/surveys/{survey}"))).send().await.unwrap();
    assert_eq!(other.status(), 403);
    let codes_for_me = t.post_json(&me, &format!("/api/v1/surveys/{own_survey}/codes"), &json!({"count": 5})).await;
    assert_eq!(codes_for_me.status(), 403, "the subject never holds its own codes");
}

#[tokio::test]
async fn the_evaluation_takes_satisfaction_from_the_closed_survey_of_that_year() {
    let t = spawn_app().await;
    let city = t.login("admin").await;
    let worker = add_worker(&t, &city, 4, "").await;
    let survey = open_survey(&t, &city, worker).await;
    let codes = issue(&t, &city, survey, 12).await;
    let resident = t.anonymous();
    for code in codes.iter().take(9) {
        assert_eq!(answer(&t, &resident, code, &["5", "4", "4"], "").await.status(), 200);
    }
    let path = format!("/api/v1/social-workers/{worker}/evaluations");
    let year = (t.app.settings.today() - Days::new(1)).year();
    let body = json!({"year": year, "quality": 90, "results": 85.5});
    let open = t.post_json(&city, &path, &body).await;
    assert_eq!(open.status(), 409, "the survey has not closed");
    let problem: Value = open.json().await.unwrap();
    assert_eq!(problem["errors"][0]["field"], "satisfaction");

    assert_eq!(answer(&t, &resident, &codes[9], &["5", "4", "4"], "").await.status(), 200);
    close_yesterday(&t, survey).await;
    let late = answer(&t, &resident, &codes[10], &["1", "1", "1"], "").await;
    assert_eq!(late.status(), 409, "a closed survey takes no answer");
    let more = t.post_json(&city, &format!("/api/v1/surveys/{survey}/codes"), &json!({"count": 1})).await;
    assert_eq!(more.status(), 409, "nor issues codes");

    // Ten answers; the city asks for eleven, then for ten.
    let rules = |min: u32, excellent: f64| {
        json!({"quality_weight": 40, "results_weight": 30, "satisfaction_weight": 30,
            "excellent_from": excellent, "pass_from": 60, "min_answers": min})
    };
    let rules_path = format!("/api/v1/regions/330400/social-work-evaluation-rules/{year}");
    assert_eq!(city.put(t.url(&rules_path)).json(&rules(11, 90.0)).send().await.unwrap().status(), 204);
    let few = t.post_json(&city, &path, &body).await;
    assert_eq!(few.status(), 409);
    assert!(few.text().await.unwrap().contains("只有 10 份答卷"));

    // 0.4 × 90 + 0.3 × 85.5 + 0.3 × 83.3 = 86.64 → 86.6: exactly on an excellent floor of 86.6.
    assert_eq!(city.put(t.url(&rules_path)).json(&rules(10, 86.6)).send().await.unwrap().status(), 204);
    let typed = json!({"year": year, "quality": 90, "results": 85.5, "satisfaction": 100});
    let id = t.created_id(&city, &path, &typed).await;
    let list = t.get_json(&city, &path).await;
    assert_eq!(list[0]["id"], id);
    assert_eq!(list[0]["satisfaction"], 83.3, "from the survey, never typed");
    assert_eq!(list[0]["total"], 86.6);
    assert_eq!(list[0]["grade"], "excellent");
    assert_eq!(list[0]["survey_id"], survey);
    let twice = t.post_json(&city, &path, &body).await;
    assert_eq!(twice.status(), 409, "one evaluation a year");
}

#[tokio::test]
async fn a_total_a_tenth_below_the_floor_takes_the_grade_below() {
    let t = spawn_app().await;
    let city = t.login("admin").await;
    let worker = add_worker(&t, &city, 5, "").await;
    let survey = open_survey(&t, &city, worker).await;
    let codes = issue(&t, &city, survey, 2).await;
    let resident = t.anonymous();
    for code in &codes {
        assert_eq!(answer(&t, &resident, code, &["5", "4", "4"], "").await.status(), 200);
    }
    let year = close_yesterday(&t, survey).await.year();
    let rules = json!({"quality_weight": 40, "results_weight": 30, "satisfaction_weight": 30,
        "excellent_from": 86.7, "pass_from": 60, "basic_from": 50, "min_answers": 2});
    let put = city.put(t.url(&format!("/api/v1/regions/{TOWNSHIP}/social-work-evaluation-rules/{year}")));
    assert_eq!(put.json(&rules).send().await.unwrap().status(), 204);
    let path = format!("/api/v1/social-workers/{worker}/evaluations");
    t.created_id(&city, &path, &json!({"year": year, "quality": 90, "results": 85.5})).await;
    let list = t.get_json(&city, &path).await;
    assert_eq!((list[0]["total"].as_f64(), list[0]["grade"].as_str()), (Some(86.6), Some("pass")));
}

#[tokio::test]
async fn bad_input_is_refused_field_by_field() {
    let t = spawn_app().await;
    let city = t.login("admin").await;
    let worker = add_worker(&t, &city, 6, "").await;
    let bad = json!({"title": "", "subject_kind": "mayor", "opens_on": "2026-05-01", "closes_on": "2026-04-30",
        "questions": []});
    let refused = t.post_json(&city, "/api/v1/surveys", &bad).await;
    assert_eq!(refused.status(), 422);
    let body: Value = refused.json().await.unwrap();
    let fields: Vec<&str> = body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["title", "subject_kind", "subject_id", "closes_on", "questions"]);
    let survey = open_survey(&t, &city, worker).await;
    for count in [0, 501] {
        let r = t.post_json(&city, &format!("/api/v1/surveys/{survey}/codes"), &json!({"count": count})).await;
        assert_eq!(r.status(), 422, "{count} codes");
    }
    let path = format!("/api/v1/social-workers/{worker}/evaluations");
    let scores = t.post_json(&city, &path, &json!({"year": 1999, "quality": 100.5, "results": 85.25})).await;
    assert_eq!(scores.status(), 422);
    let body: Value = scores.json().await.unwrap();
    let codes: Vec<&str> = body["errors"].as_array().unwrap().iter().map(|e| e["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["year-out-of-range", "score-range", "score-precision"]);
    let rules = |q: u32, excellent: f64, pass: f64| {
        json!({"quality_weight": q, "results_weight": 30, "satisfaction_weight": 30,
            "excellent_from": excellent, "pass_from": pass, "min_answers": 10})
    };
    let put =
        |body: Value| city.put(t.url("/api/v1/regions/330400/social-work-evaluation-rules/2026")).json(&body).send();
    let heavy: Value = put(rules(41, 90.0, 60.0)).await.unwrap().json().await.unwrap();
    assert_eq!(heavy["errors"][0]["field"], "weights");
    assert!(heavy["errors"][0]["message"].as_str().unwrap().contains("100"));
    let flat: Value = put(rules(40, 60.0, 60.0)).await.unwrap().json().await.unwrap();
    assert_eq!(flat["errors"][0]["field"], "pass_from");
    assert_eq!(put(rules(40, 90.0, 60.0)).await.unwrap().status(), 204);
}

#[tokio::test]
async fn keepers_in_scope_act_others_get_404_and_other_roles_403() {
    let t = spawn_app().await;
    let city = t.login("admin").await;
    let own = add_worker(&t, &city, 7, "worker-sv").await;
    let other = add_worker(&t, &city, 8, "").await;
    let county = t.login("admin-330402").await;
    let survey = open_survey(&t, &county, own).await;
    assert_eq!(issue(&t, &county, survey, 1).await.len(), 1);

    let listed = format!("/api/v1/surveys?subject_kind=social_worker&subject_id={own}");
    let list = t.get_json(&county, &listed).await;
    assert_eq!((list[0]["id"].as_i64(), list[0]["phase"].as_str()), (Some(survey), Some("open")));

    let elsewhere = t.login("admin-330411").await;
    let hidden = [
        elsewhere.get(t.url(&listed)).send().await.unwrap(),
        elsewhere.get(t.url(&format!("/api/v1/surveys/{survey}"))).send().await.unwrap(),
        t.post_json(&elsewhere, &format!("/api/v1/surveys/{survey}/codes"), &json!({"count": 1})).await,
        elsewhere.get(t.url(&format!("/api/v1/social-workers/{own}/evaluations"))).send().await.unwrap(),
        t.post_json(
            &elsewhere,
            &format!("/api/v1/social-workers/{own}/evaluations"),
            &json!({"year": 2026, "quality": 80, "results": 80}),
        )
        .await,
        elsewhere
            .put(t.url(&format!("/api/v1/regions/{TOWNSHIP}/social-work-evaluation-rules/2026")))
            .json(&json!({}))
            .send()
            .await
            .unwrap(),
    ];
    for response in hidden {
        assert_eq!(response.status(), 404, "{}", response.url());
    }
    let theirs = json!({"title": "满意度", "subject_kind": "social_worker", "subject_id": own, "opens_on": "2026-01-01",
        "closes_on": "2026-01-31", "questions": ["服务态度"]});
    let refused = t.post_json(&elsewhere, "/api/v1/surveys", &theirs).await;
    assert_eq!(refused.status(), 422, "a worker kept elsewhere is unknown to the caller");

    let me = t.login("worker-sv").await;
    assert_eq!(me.get(t.url(&format!("/api/v1/social-workers/{own}/evaluations"))).send().await.unwrap().status(), 200);
    assert_eq!(t.get_json(&me, &listed).await.as_array().map(Vec::len), Some(1), "the worker lists its own surveys");
    let forbidden = [
        me.get(t.url(&format!("/api/v1/social-workers/{other}/evaluations"))).send().await.unwrap(),
        me.get(t.url(&format!("/api/v1/surveys?subject_kind=social_worker&subject_id={other}"))).send().await.unwrap(),
        t.post_json(
            &me,
            &format!("/api/v1/social-workers/{own}/evaluations"),
            &json!({"year": 2026, "quality": 100, "results": 100}),
        )
        .await,
        t.post_json(&me, "/api/v1/surveys", &theirs).await,
        me.put(t.url(&format!("/api/v1/regions/{TOWNSHIP}/social-work-evaluation-rules/2026")))
            .json(&json!({}))
            .send()
            .await
            .unwrap(),
    ];
    for response in forbidden {
        assert_eq!(response.status(), 403, "{}", response.url());
    }
}

#[tokio::test]
async fn staff_open_a_survey_on_its_page_and_see_it_listed() {
    let t = spawn_app().await;
    let city = t.login("admin").await;
    let worker = add_worker(&t, &city, 10, "").await;
    let browser = signed_in_browser(&t, "admin").await;
    let worker_id = worker.to_string();
    let mut fields =
        vec![("title", "年度满意度"), ("subject_kind", "social_worker"), ("subject_id", worker_id.as_str())];
    fields.extend([("opens_on", "2026-03-01"), ("closes_on", "2026-02-28"), ("questions", "服务态度\r\n\r\n服务效果")]);
    let refused = submit(&t, &browser, "/surveys", "/surveys", &fields).await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains("结束日期不能早于开始日期"));
    fields[4] = ("closes_on", "2026-03-31");
    let opened = submit(&t, &browser, "/surveys", "/surveys", &fields).await;
    assert_eq!(opened.status(), 303);
    let location = opened.headers()["location"].to_str().unwrap().to_string();
    let id: i64 = location.trim_start_matches("/surveys/").parse().unwrap();
    let summary = t.get_json(&city, &format!("/api/v1/surveys/{id}")).await;
    let questions: Vec<&str> =
        summary["questions"].as_array().unwrap().iter().map(|q| q["text"].as_str().unwrap()).collect();
    assert_eq!(questions, ["服务态度", "服务效果"], "one question a line, blank lines skipped");
    let list = browser.get(t.url("/surveys")).send().await.unwrap().text().await.unwrap();
    assert!(list.contains(&format!("href=\"/surveys/{id}\"")) && list.contains(&format!("social_worker:{worker}")));
    let elsewhere = signed_in_browser(&t, "admin-330411").await;
    let theirs = elsewhere.get(t.url("/surveys")).send().await.unwrap().text().await.unwrap();
    assert!(!theirs.contains(&format!("href=\"/surveys/{id}\"")), "a survey kept elsewhere is not listed");
}

#[tokio::test]
async fn staff_print_codes_from_the_survey_page_and_a_signed_in_answer_needs_the_csrf_token() {
    let t = spawn_app().await;
    let city = t.login("admin").await;
    let worker = add_worker(&t, &city, 9, "").await;
    let survey = open_survey(&t, &city, worker).await;
    let browser = signed_in_browser(&t, "admin").await;
    let page = browser.get(t.url(&format!("/surveys/{survey}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("生成调查码"));
    let csrf = csrf_of(&page);
    let form = [("_csrf", csrf.as_str()), ("count", "2")];
    let slips = browser.post(t.url(&format!("/surveys/{survey}/codes"))).form(&form).send().await.unwrap();
    assert_eq!(slips.status(), 200);
    let html = slips.text().await.unwrap();
    assert_eq!(html.matches("class=\"mono receipt slip-code\"").count(), 2);
    assert_eq!(html.matches("<svg").count(), 2, "a QR code per slip");
    let code = html.split("class=\"mono receipt slip-code\">").nth(1).unwrap().split('<').next().unwrap().to_string();
    assert!(html.contains(&format!("/s/{code}")));

    let bad =
        browser.post(t.url(&format!("/surveys/{survey}/codes"))).form(&[("_csrf", csrf.as_str()), ("count", "x")]);
    let bad = bad.send().await.unwrap();
    assert_eq!(bad.status(), 422);
    assert!(bad.text().await.unwrap().contains("每批可生成 1 到 500 个调查码"));

    // A signed-in official answering from the same browser: the form carries the session's token.
    let form = [("code", code.as_str()), ("q0", "4"), ("q1", "4"), ("q2", "4")];
    let forged = browser.post(t.url("/public/survey-answers")).form(&form).send().await.unwrap();
    assert_eq!(forged.status(), 403);
    let answer_page = browser.get(t.url(&format!("/s/{code}"))).send().await.unwrap().text().await.unwrap();
    let mut with_token = vec![("_csrf", csrf_of(&answer_page))];
    with_token.extend(form.iter().map(|(k, v)| (*k, v.to_string())));
    let answered = browser.post(t.url("/public/survey-answers")).form(&with_token).send().await.unwrap();
    assert_eq!(answered.status(), 200);
    let summary = t.get_json(&city, &format!("/api/v1/surveys/{survey}")).await;
    assert_eq!((summary["issued"].as_u64(), summary["answered"].as_u64()), (Some(2), Some(1)));
    assert_eq!(summary["satisfaction"], 75.0);
}
