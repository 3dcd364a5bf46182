//! Stars on application and public notice (issue 14 point 6): a region that requires it,
//! the hours exactly at a threshold and a minute short, the office's review, the public
//! notice with its objections on its last day and the day after, the award, and who may
//! do each of these.

mod common;

use chrono::{Duration, NaiveDate};
use common::{TestApp, csrf_of, error_fields, spawn_app};
use domain::identifiers::resident_id::compose;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use store::entity::volunteer_star_application;

/// A community of the demo township no other test registers volunteers in.
const HOME: &str = "330402007032";
const TOWNSHIP: &str = "330402007";

/// Registers a volunteer of `HOME` (signing in as `username`, if given) with `minutes` of
/// confirmed service, entered as whole days back from yesterday.
async fn volunteer_with(t: &TestApp, township: &reqwest::Client, order: u16, minutes: i64, username: &str) -> i64 {
    if !username.is_empty() {
        let account = app::identity::NewAccount {
            username: username.into(),
            display_name: username.into(),
            password: common::PASSWORD.into(),
            role: "volunteer".into(),
            region_code: HOME.into(),
        };
        t.app.create_account_as_operator(account).await.unwrap();
    }
    let id_number = compose("330402", NaiveDate::from_ymd_opt(1991, 4, 5).unwrap(), order);
    let body = json!({"name": "星级志愿者", "id_number": id_number, "phone": "13800000000", "region_code": HOME,
        "username": username});
    let id = t.created_id(township, "/api/v1/volunteers", &body).await;
    add_minutes(t, township, id, minutes, 1).await;
    id
}

/// Adds `minutes` of service in entries of at most a day each, from `first_day` days ago.
async fn add_minutes(t: &TestApp, township: &reqwest::Client, id: i64, mut minutes: i64, first_day: i64) {
    let mut day = first_day;
    while minutes > 0 {
        let today = minutes.min(24 * 60);
        let served_on = t.app.settings.today() - Duration::days(day);
        let body = json!({"minutes": today, "served_on": served_on, "description": "助老服务"});
        t.created_id(township, &format!("/api/v1/volunteers/{id}/hours"), &body).await;
        minutes -= today;
        day += 1;
    }
}

async fn require_applications(t: &TestApp, client: &reqwest::Client, notice_days: u32) -> reqwest::Response {
    let body = json!({"requires_application": true, "notice_days": notice_days});
    client.put(t.url(&format!("/api/v1/volunteer-stars/{TOWNSHIP}/application"))).json(&body).send().await.unwrap()
}

async fn apply(t: &TestApp, client: &reqwest::Client, id: i64, level: i64) -> reqwest::Response {
    t.post_json(client, &format!("/api/v1/volunteers/{id}/star-applications"), &json!({"level": level})).await
}

/// The problem's code for its one field, with the field: ("level", "star-hours-short").
async fn refusal(response: reqwest::Response) -> (u16, String, String) {
    let status = response.status().as_u16();
    let body: Value = response.json().await.unwrap();
    let error = &body["errors"][0];
    (status, error["field"].as_str().unwrap_or_default().into(), error["code"].as_str().unwrap_or_default().into())
}

/// Moves an application's notice so its last day is `ends_on` (tests cannot wait a week).
async fn notice_ends(t: &TestApp, application: i64, ends_on: NaiveDate) {
    volunteer_star_application::Entity::update_many()
        .col_expr(volunteer_star_application::Column::NoticeStartsOn, Expr::value(ends_on - Duration::days(6)))
        .col_expr(volunteer_star_application::Column::NoticeEndsOn, Expr::value(ends_on))
        .filter(volunteer_star_application::Column::Id.eq(application))
        .exec(&t.app.db)
        .await
        .unwrap();
}

#[tokio::test]
async fn where_no_application_is_required_stars_follow_the_hours_and_applying_is_refused() {
    let t = spawn_app().await;
    let township = t.login("admin-330402007").await;
    let id = volunteer_with(&t, &township, 1, 100 * 60, "").await;
    let record = t.get_json(&township, &format!("/api/v1/volunteers/{id}")).await;
    assert_eq!((record["total_minutes"].as_i64(), record["stars"].as_i64()), (Some(6000), Some(1)), "{record}");
    assert_eq!((record["eligible_stars"].as_i64(), record["stars_by_application"].as_bool()), (Some(1), Some(false)));
    let refused = refusal(apply(&t, &township, id, 1).await).await;
    assert_eq!(refused, (409, "level".into(), "star-application-not-required".into()));
    // A county's own thresholds leave a township's application step in force: the two
    // settings are looked up apart.
    assert_eq!(require_applications(&t, &township, 7).await.status(), 204);
    let county = t.login("admin-330402").await;
    let hours = json!({"hours": [50, 300, 600, 1000, 1500]});
    assert_eq!(county.put(t.url("/api/v1/volunteer-stars/330402")).json(&hours).send().await.unwrap().status(), 204);
    let record = t.get_json(&township, &format!("/api/v1/volunteers/{id}")).await;
    assert_eq!((record["stars"].as_i64(), record["eligible_stars"].as_i64()), (Some(0), Some(1)), "{record}");
}

#[tokio::test]
async fn a_star_is_applied_for_at_exactly_its_hours_and_not_a_minute_short() {
    let t = spawn_app().await;
    let township = t.login("admin-330402007").await;
    let zero = require_applications(&t, &township, 0).await;
    assert_eq!(error_fields(zero).await, ["notice_days"]);
    assert_eq!(require_applications(&t, &township, 7).await.status(), 204);
    let id = volunteer_with(&t, &township, 2, 100 * 60 - 1, "").await;
    let record = t.get_json(&township, &format!("/api/v1/volunteers/{id}")).await;
    assert_eq!((record["stars"].as_i64(), record["eligible_stars"].as_i64()), (Some(0), Some(0)));
    assert_eq!(refusal(apply(&t, &township, id, 1).await).await, (409, "level".into(), "star-hours-short".into()));
    assert_eq!(refusal(apply(&t, &township, id, 6).await).await, (422, "level".into(), "star-level-range".into()));
    add_minutes(&t, &township, id, 1, 30).await;
    assert_eq!(refusal(apply(&t, &township, id, 2).await).await, (409, "level".into(), "star-hours-short".into()));
    let application = apply(&t, &township, id, 1).await;
    assert_eq!(application.status(), 201);
    assert_eq!(refusal(apply(&t, &township, id, 1).await).await, (409, "level".into(), "star-level-taken".into()));
    let record = t.get_json(&township, &format!("/api/v1/volunteers/{id}")).await;
    assert_eq!((record["stars"].as_i64(), record["eligible_stars"].as_i64()), (Some(0), Some(1)), "not yet awarded");
}

#[tokio::test]
async fn the_notice_takes_objections_through_its_last_day_and_the_award_follows_it() {
    let t = spawn_app().await;
    let township = t.login("admin-330402007").await;
    assert_eq!(require_applications(&t, &township, 7).await.status(), 204);
    let id = volunteer_with(&t, &township, 3, 300 * 60, "").await;
    let application =
        t.created_id(&township, &format!("/api/v1/volunteers/{id}/star-applications"), &json!({"level": 2})).await;
    let review = format!("/api/v1/volunteer-star-applications/{application}/review");
    assert_eq!(t.post_json(&township, &review, &json!({"decision": "approve"})).await.status(), 204);
    assert_eq!(t.post_json(&township, &review, &json!({"decision": "approve"})).await.status(), 409);
    let today = t.app.settings.today();
    let listed = t.get_json(&township, &format!("/api/v1/volunteers/{id}/star-applications")).await;
    let seven_days = (today.to_string(), (today + Duration::days(6)).to_string());
    assert_eq!(
        (listed[0]["notice_starts_on"].as_str().unwrap(), listed[0]["notice_ends_on"].as_str().unwrap()),
        (seven_days.0.as_str(), seven_days.1.as_str()),
        "seven days from today, today the first"
    );

    // The public notice: no login, the name masked.
    let anyone = t.anonymous();
    let notices = t.get_json(&anyone, "/api/v1/public/volunteer-star-notices").await;
    let notice = notices.as_array().unwrap().iter().find(|n| n["id"] == application).expect("on notice").clone();
    assert_eq!(
        (notice["name"].as_str(), notice["level"].as_i64(), notice["minutes"].as_i64()),
        (Some("星****"), Some(2), Some(300 * 60)),
        "{notice}"
    );
    let page = anyone.get(t.url("/star-notices")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("星****") && !page.contains("星级志愿者"), "masked on the page");
    assert!(page.contains(notice["volunteer_number"].as_str().unwrap()));

    let objections = format!("/api/v1/public/volunteer-star-notices/{application}/objections");
    let too_long = t.post_json(&anyone, &objections, &json!({"message": "长".repeat(501)})).await;
    assert_eq!(error_fields(too_long).await, ["message"]);
    let award = format!("/api/v1/volunteer-star-applications/{application}/award");
    // The notice's last day: an objection is still taken, the award must wait.
    notice_ends(&t, application, today).await;
    let objection = t.created_id(&anyone, &objections, &json!({"message": "该志愿者部分时长为培训时间"})).await;
    assert_eq!(refusal(t.post_json(&township, &award, &json!({})).await).await.2, "star-notice-running");
    // The day after: no more objections, and the award waits for the answer.
    notice_ends(&t, application, today - Duration::days(1)).await;
    let late = t.post_json(&anyone, &objections, &json!({"message": "再提异议"})).await;
    assert_eq!(refusal(late).await, (409, "message".into(), "star-notice-over".into()));
    assert_eq!(refusal(t.post_json(&township, &award, &json!({})).await).await.2, "star-objection-unanswered");
    let listed = t.get_json(&township, &format!("/api/v1/volunteers/{id}/star-applications")).await;
    assert_eq!(listed[0]["objections"][0]["message"], "该志愿者部分时长为培训时间", "the office sees it");
    assert_eq!(listed[0]["notice_over"], true);

    let answer = format!("/api/v1/volunteer-star-objections/{objection}/answer");
    let other_county = t.login("admin-330411").await;
    assert_eq!(t.post_json(&other_county, &answer, &json!({"answer": "x"})).await.status(), 404);
    assert_eq!(error_fields(t.post_json(&township, &answer, &json!({})).await).await, ["answer"]);
    let reply = json!({"answer": "经核实，培训时间未计入服务时长"});
    assert_eq!(t.post_json(&township, &answer, &reply).await.status(), 204);
    assert_eq!(t.post_json(&township, &answer, &reply).await.status(), 409);
    assert_eq!(t.post_json(&township, &award, &json!({})).await.status(), 204);
    let record = t.get_json(&township, &format!("/api/v1/volunteers/{id}")).await;
    assert_eq!((record["stars"].as_i64(), record["eligible_stars"].as_i64()), (Some(2), Some(2)), "{record}");
    let notices = t.get_json(&anyone, "/api/v1/public/volunteer-star-notices").await;
    assert!(notices.as_array().unwrap().iter().all(|n| n["id"] != application), "off the notice once awarded");
    // The awarded level is taken; the next is not reached.
    assert_eq!(refusal(apply(&t, &township, id, 2).await).await.2, "star-level-taken");
    assert_eq!(refusal(apply(&t, &township, id, 3).await).await.2, "star-hours-short");
}

#[tokio::test]
async fn only_the_office_of_the_region_reviews_and_a_refusal_needs_its_reason() {
    let t = spawn_app().await;
    let township = t.login("admin-330402007").await;
    assert_eq!(require_applications(&t, &township, 7).await.status(), 204);
    let id = volunteer_with(&t, &township, 4, 100 * 60, "").await;
    // Another county's office does not see the volunteer; a social worker sees, may not apply.
    let other_county = t.login("admin-330411").await;
    assert_eq!(apply(&t, &other_county, id, 1).await.status(), 404);
    let worker = t.login("worker-330402007").await;
    assert_eq!(apply(&t, &worker, id, 1).await.status(), 403);
    let application =
        t.created_id(&township, &format!("/api/v1/volunteers/{id}/star-applications"), &json!({"level": 1})).await;
    let review = format!("/api/v1/volunteer-star-applications/{application}/review");
    assert_eq!(t.post_json(&other_county, &review, &json!({"decision": "approve"})).await.status(), 404);
    assert_eq!(t.post_json(&worker, &review, &json!({"decision": "approve"})).await.status(), 403);
    let award = format!("/api/v1/volunteer-star-applications/{application}/award");
    assert_eq!(t.post_json(&other_county, &award, &json!({})).await.status(), 404);
    let unreasoned = t.post_json(&township, &review, &json!({"decision": "refuse"})).await;
    assert_eq!(error_fields(unreasoned).await, ["reason"]);
    assert_eq!(error_fields(t.post_json(&township, &review, &json!({"decision": "x"})).await).await, ["decision"]);
    let refuse = json!({"decision": "refuse", "reason": "服务记录待核实"});
    assert_eq!(t.post_json(&township, &review, &refuse).await.status(), 204);
    assert_eq!(t.post_json(&township, &review, &json!({"decision": "approve"})).await.status(), 409);
    // Not on notice, nothing to object to; and a refused level may be applied for again.
    let objections = format!("/api/v1/public/volunteer-star-notices/{application}/objections");
    assert_eq!(t.post_json(&t.anonymous(), &objections, &json!({"message": "x"})).await.status(), 404);
    let listed = t.get_json(&township, &format!("/api/v1/volunteers/{id}/star-applications")).await;
    assert_eq!(
        (listed[0]["status"].as_str(), listed[0]["refusal_reason"].as_str()),
        (Some("refused"), Some("服务记录待核实"))
    );
    assert_eq!(apply(&t, &township, id, 1).await.status(), 201);
}

#[tokio::test]
async fn a_volunteer_applies_on_their_phone_page_and_sees_the_office_decide() {
    let t = spawn_app().await;
    let township = t.login("admin-330402007").await;
    assert_eq!(require_applications(&t, &township, 7).await.status(), 204);
    let id = volunteer_with(&t, &township, 5, 300 * 60, "star-5").await;
    let other = volunteer_with(&t, &township, 6, 300 * 60, "").await;
    let phone = common::signed_in_browser(&t, "star-5").await;
    let page = phone.get(t.url("/volunteer")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("id=\"apply-star\""), "the apply form is offered");
    let csrf = csrf_of(&page);
    let too_high = phone.post(t.url("/volunteer/star-applications")).form(&[("_csrf", csrf.as_str()), ("level", "3")]);
    let too_high = too_high.send().await.unwrap();
    assert_eq!(too_high.status(), 409);
    assert!(too_high.text().await.unwrap().contains("已确认的服务时长未达到该星级标准"));
    let applied = phone.post(t.url("/volunteer/star-applications")).form(&[("_csrf", csrf.as_str()), ("level", "2")]);
    let applied = applied.send().await.unwrap();
    assert_eq!(applied.status(), 303);
    assert_eq!(applied.headers()["location"], "/volunteer#stars");
    // Their own record only: another volunteer's is not theirs to apply for.
    let api = t.login("star-5").await;
    assert_eq!(apply(&t, &api, other, 2).await.status(), 404);
    let application =
        t.get_json(&api, &format!("/api/v1/volunteers/{id}/star-applications")).await[0]["id"].as_i64().unwrap();
    // The office reviews on the volunteer's record page, and the volunteer sees the notice.
    let desk = common::signed_in_browser(&t, "admin-330402007").await;
    let list = desk.get(t.url("/volunteers")).send().await.unwrap().text().await.unwrap();
    assert!(list.contains(&format!("href=\"/volunteers/{id}#stars\"")), "listed for the office to review");
    let record = desk.get(t.url(&format!("/volunteers/{id}"))).send().await.unwrap().text().await.unwrap();
    assert!(record.contains(&format!("id=\"approve-star-{application}\"")), "the office's review form");
    let form = [("_csrf", csrf_of(&record)), ("decision", "approve".into())];
    let approved = desk.post(t.url(&format!("/volunteers/{id}/star-applications/{application}/review"))).form(&form);
    assert_eq!(approved.send().await.unwrap().status(), 303);
    let page = phone.get(t.url("/volunteer")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("公示中") && !page.contains("id=\"apply-star\""), "on notice, no second application");
    assert!(!page.contains(&format!("id=\"approve-star-{application}\"")), "a volunteer reviews nothing");
    let notices = t.anonymous().get(t.url("/star-notices")).send().await.unwrap().text().await.unwrap();
    assert!(notices.contains(&format!("id=\"notice-{application}\"")));
}
