//! Social workers (issue 13): the API's contract points, the rules' boundaries through the
//! API (71.5 vs 72 h, 89.5 vs 90 h, a hire on 2011-12-31 vs 2012-01-01 without a
//! certificate, registration exactly a year after the certificate, renewal opening exactly
//! three months before expiry), the registration workflow, and 403/404/409/422.

mod common;

use chrono::{Days, Months, NaiveDate};
use common::{TestApp, error_fields, spawn_app};
use domain::identifiers::resident_id::compose;
use domain::social_work::SocialWorkRules;
use domain::social_work::registration::Period;
use serde_json::{Value, json};

const TOWNSHIP: &str = "330402007";

fn id_number(order: u16) -> String {
    compose("330402", NaiveDate::from_ymd_opt(1988, 8, 8).unwrap(), order)
}

/// A worker kept by the township, with `extra` fields merged into the body.
fn worker(order: u16, extra: Value) -> Value {
    let mut body = json!({"name": format!("社工{order}"), "id_number": id_number(order), "region_code": TOWNSHIP});
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    body
}

fn certificate(level: &str, number: &str, obtained_on: NaiveDate) -> Value {
    json!({"level": level, "number": number, "obtained_on": obtained_on.to_string()})
}

/// The latest registration start whose renewal is open on `day` (opening exactly on it
/// when the calendar allows: three months before 2027-02-28 is 2026-11-28, so no period
/// opens on 2026-11-29 or 30); a period starting a day later is not open yet.
fn latest_start_open_on(day: NaiveDate) -> NaiveDate {
    let rules = SocialWorkRules::default();
    let guess = day.checked_sub_months(Months::new(33)).unwrap();
    (0..20)
        .map(|d| guess - Days::new(10) + Days::new(d))
        .filter(|r| Period::starting(&rules, *r).renewal_opens_on(&rules) <= day)
        .max()
        .expect("a start whose renewal is open that day")
}

/// A worker of `level` registered from `start`, with the certificate obtained the day before.
async fn registered_worker(t: &TestApp, client: &reqwest::Client, order: u16, level: &str, start: NaiveDate) -> i64 {
    let cert = certificate(level, &format!("B{:010}", order), start - Days::new(1));
    let body = worker(order, json!({"certificate": cert, "registered_on": start.to_string()}));
    t.created_id(client, "/api/v1/social-workers", &body).await
}

async fn train(t: &TestApp, client: &reqwest::Client, id: i64, hours: f64, on: NaiveDate) -> reqwest::Response {
    let body = json!({"hours": hours, "completed_on": on.to_string(), "course": "继续教育"});
    t.post_json(client, &format!("/api/v1/social-workers/{id}/training"), &body).await
}

#[tokio::test]
async fn a_worker_is_added_and_read_back_and_the_same_id_number_again_is_a_conflict() {
    let t = spawn_app().await;
    let city = t.login("admin").await;
    let today = t.app.settings.today();
    let obtained = today.checked_sub_months(Months::new(14)).unwrap();
    let registered = obtained + Days::new(30);
    let body = worker(
        1,
        json!({"certificate": certificate("intermediate", "b33040012345", obtained), "registered_on": registered.to_string()}),
    );
    let id = t.created_id(&city, "/api/v1/social-workers", &body).await;
    let record = t.get_json(&city, &format!("/api/v1/social-workers/{id}")).await;
    assert_eq!(record["certificate"]["level"], "intermediate");
    assert_eq!(record["certificate"]["number"], "B33040012345");
    assert_eq!(record["registration"]["status"], "registered");
    let period = Period::starting(&SocialWorkRules::default(), registered);
    assert_eq!(record["registration"]["valid_until"], period.valid_until.to_string());
    let education = &record["continuing_education"];
    assert_eq!(education["period_start"], registered.to_string());
    assert_eq!(education["period_end"], period.valid_until.to_string());
    assert_eq!((education["hours"].as_f64(), education["required_hours"].as_f64()), (Some(0.0), Some(90.0)));
    assert_eq!(education["met"], false);
    assert!(record["id_number"].as_str().unwrap().contains("****"), "masked: {}", record["id_number"]);

    let again = t.post_json(&city, "/api/v1/social-workers", &body).await;
    assert_eq!(again.status(), 409);
    assert_eq!(error_fields(again).await, ["id_number"]);
    let bad = worker(2, json!({"id_number": "330402198808080001"}));
    let refused = t.post_json(&city, "/api/v1/social-workers", &bad).await;
    assert_eq!(refused.status(), 422);
    assert_eq!(error_fields(refused).await, ["id_number"]);

    let other_county = t.login("admin-330411").await;
    let hidden = other_county.get(t.url(&format!("/api/v1/social-workers/{id}"))).send().await.unwrap();
    assert_eq!(hidden.status(), 404);
    let list = t.get_json(&city, &format!("/api/v1/social-workers?region={TOWNSHIP}&size=200")).await;
    let row = list["items"].as_array().unwrap().iter().find(|w| w["id"] == id).unwrap().clone();
    assert_eq!(row["status"], "registered");
    assert!(row["id_number"].as_str().unwrap().contains('*'), "masked in the list");
    let elsewhere = other_county.get(t.url(&format!("/api/v1/social-workers?region={TOWNSHIP}"))).send().await.unwrap();
    assert_eq!(elsewhere.status(), 404);
    let missing = city.get(t.url("/api/v1/social-workers/999999")).send().await.unwrap();
    assert_eq!(missing.status(), 404);
}

#[tokio::test]
async fn a_registration_exactly_a_year_after_the_certificate_is_accepted_and_a_day_later_refused() {
    let t = spawn_app().await;
    let city = t.login("admin").await;
    let today = t.app.settings.today();
    let obtained = today.checked_sub_months(Months::new(24)).unwrap();
    let year_later = obtained.checked_add_months(Months::new(12)).unwrap();
    let in_time = worker(
        3,
        json!({"certificate": certificate("assistant", "A20240001", obtained), "registered_on": year_later.to_string()}),
    );
    assert_eq!(t.post_json(&city, "/api/v1/social-workers", &in_time).await.status(), 201);
    let late = worker(
        4,
        json!({"certificate": certificate("assistant", "A20240002", obtained), "registered_on": (year_later + Days::new(1)).to_string()}),
    );
    let refused = t.post_json(&city, "/api/v1/social-workers", &late).await;
    assert_eq!(refused.status(), 422);
    assert_eq!(error_fields(refused).await, ["registered_on"]);
    // Nothing was written: the same person can be added once the date is right.
    let fixed = worker(
        4,
        json!({"certificate": certificate("assistant", "A20240002", obtained), "registered_on": year_later.to_string()}),
    );
    assert_eq!(t.post_json(&city, "/api/v1/social-workers", &fixed).await.status(), 201);
}

#[tokio::test]
async fn an_assistant_short_by_half_an_hour_is_refused_renewal_with_the_shortfall_and_72_hours_renew() {
    let t = spawn_app().await;
    let city = t.login("admin").await;
    let today = t.app.settings.today();
    let id = registered_worker(&t, &city, 5, "assistant", latest_start_open_on(today)).await;
    assert_eq!(train(&t, &city, id, 71.5, today).await.status(), 201);
    let record = t.get_json(&city, &format!("/api/v1/social-workers/{id}")).await;
    assert_eq!(record["registration"]["status"], "renewal_open");
    assert_eq!(record["continuing_education"]["hours"].as_f64(), Some(71.5));
    assert_eq!(record["continuing_education"]["required_hours"].as_f64(), Some(72.0));
    assert_eq!(record["continuing_education"]["met"], false);
    let refused = city.post(t.url(&format!("/api/v1/social-workers/{id}/renewals"))).send().await.unwrap();
    assert_eq!(refused.status(), 422);
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["errors"][0]["field"], "continuing_education");
    assert!(body["errors"][0]["message"].as_str().unwrap().contains("0.5"), "{body}");

    assert_eq!(train(&t, &city, id, 0.5, today).await.status(), 201);
    let record = t.get_json(&city, &format!("/api/v1/social-workers/{id}")).await;
    assert_eq!(record["continuing_education"]["met"], true);
    let renewed = city.post(t.url(&format!("/api/v1/social-workers/{id}/renewals"))).send().await.unwrap();
    assert_eq!(renewed.status(), 201);
    let record = t.get_json(&city, &format!("/api/v1/social-workers/{id}")).await;
    assert_eq!(record["registration"]["status"], "registered");
    assert!(record["registration"]["renewed_until"].is_string());
    let twice = city.post(t.url(&format!("/api/v1/social-workers/{id}/renewals"))).send().await.unwrap();
    assert_eq!(twice.status(), 409);
}

#[tokio::test]
async fn an_intermediate_worker_needs_90_hours_not_89_and_a_half() {
    let t = spawn_app().await;
    let city = t.login("admin").await;
    let today = t.app.settings.today();
    let id = registered_worker(&t, &city, 6, "intermediate", latest_start_open_on(today)).await;
    assert_eq!(train(&t, &city, id, 89.5, today).await.status(), 201);
    let renew = format!("/api/v1/social-workers/{id}/renewals");
    assert_eq!(city.post(t.url(&renew)).send().await.unwrap().status(), 422);
    assert_eq!(train(&t, &city, id, 0.5, today).await.status(), 201);
    assert_eq!(city.post(t.url(&renew)).send().await.unwrap().status(), 201);
}

#[tokio::test]
async fn renewal_opens_exactly_three_months_before_expiry_and_not_the_day_before() {
    let t = spawn_app().await;
    let city = t.login("admin").await;
    let today = t.app.settings.today();
    let start = latest_start_open_on(today);
    let open = registered_worker(&t, &city, 7, "senior", start).await;
    let not_yet = registered_worker(&t, &city, 8, "senior", start + Days::new(1)).await;
    for id in [open, not_yet] {
        assert_eq!(train(&t, &city, id, 90.0, today).await.status(), 201);
    }
    let renew = |id: i64| city.post(t.url(&format!("/api/v1/social-workers/{id}/renewals"))).send();
    assert_eq!(renew(open).await.unwrap().status(), 201);
    let refused = renew(not_yet).await.unwrap();
    assert_eq!(refused.status(), 409);
    assert_eq!(error_fields(refused).await, ["registration"]);
    let record = t.get_json(&city, &format!("/api/v1/social-workers/{not_yet}")).await;
    assert_eq!(record["registration"]["status"], "registered");
    let opens = record["registration"]["renewal_opens_on"].as_str().unwrap().parse::<NaiveDate>().unwrap();
    assert!(opens > today, "{opens}");
    let open_record = t.get_json(&city, &format!("/api/v1/social-workers/{open}")).await;
    let opened = open_record["registration"]["renewal_opens_on"].as_str().unwrap().parse::<NaiveDate>().unwrap();
    assert!(opened <= today, "{opened}");
}

#[tokio::test]
async fn a_lapsed_registration_is_shown_as_lapsed() {
    let t = spawn_app().await;
    let city = t.login("admin").await;
    let today = t.app.settings.today();
    let start = today.checked_sub_months(Months::new(40)).unwrap();
    let cert = certificate("assistant", "C20200001", start);
    let id = t
        .created_id(
            &city,
            "/api/v1/social-workers",
            &worker(9, json!({"certificate": cert, "registered_on": start.to_string()})),
        )
        .await;
    let record = t.get_json(&city, &format!("/api/v1/social-workers/{id}")).await;
    assert_eq!(record["registration"]["status"], "lapsed");
    assert_eq!(city.post(t.url(&format!("/api/v1/social-workers/{id}/renewals"))).send().await.unwrap().status(), 409);
}

#[tokio::test]
async fn a_professional_hire_from_2012_needs_a_certificate_and_one_on_2011_12_31_does_not() {
    let t = spawn_app().await;
    let city = t.login("admin").await;
    let uncertified = t.created_id(&city, "/api/v1/social-workers", &worker(10, json!({}))).await;
    let post = |title: &str, professional: bool| json!({"title": title, "region_code": TOWNSHIP, "service_field": "community", "professional": professional});
    let hire = |worker: i64, on: &str| json!({"social_worker_id": worker, "hired_on": on});
    let before = t.created_id(&city, "/api/v1/social-work-posts", &post("社工岗一", true)).await;
    let from = t.created_id(&city, "/api/v1/social-work-posts", &post("社工岗二", true)).await;
    let plain = t.created_id(&city, "/api/v1/social-work-posts", &post("辅助岗", false)).await;
    let hired = t
        .post_json(&city, &format!("/api/v1/social-work-posts/{before}/hires"), &hire(uncertified, "2011-12-31"))
        .await;
    assert_eq!(hired.status(), 201);
    let refused =
        t.post_json(&city, &format!("/api/v1/social-work-posts/{from}/hires"), &hire(uncertified, "2012-01-01")).await;
    assert_eq!(refused.status(), 422);
    assert_eq!(error_fields(refused).await, ["certificate"]);
    let not_professional =
        t.post_json(&city, &format!("/api/v1/social-work-posts/{plain}/hires"), &hire(uncertified, "2012-01-01")).await;
    assert_eq!(not_professional.status(), 201);
    let held =
        t.post_json(&city, &format!("/api/v1/social-work-posts/{plain}/hires"), &hire(uncertified, "2013-01-01")).await;
    assert_eq!(held.status(), 409);

    // A county that set its own later gate day hires without a certificate until then.
    let gate = json!({"certificate_required_from": "2015-07-01"});
    let set = city.put(t.url("/api/v1/regions/330402/social-work-gate")).json(&gate).send().await.unwrap();
    assert_eq!(set.status(), 204);
    let post_view = t.get_json(&city, &format!("/api/v1/social-work-posts/{from}")).await;
    assert_eq!(post_view["certificate_required_from"], "2015-07-01");
    let early =
        t.post_json(&city, &format!("/api/v1/social-work-posts/{from}/hires"), &hire(uncertified, "2015-06-30")).await;
    assert_eq!(early.status(), 201);

    let bad_post = json!({"title": "", "region_code": TOWNSHIP, "service_field": "astrology"});
    let refused = t.post_json(&city, "/api/v1/social-work-posts", &bad_post).await;
    assert_eq!(refused.status(), 422);
    assert_eq!(error_fields(refused).await, ["title", "service_field", "professional"]);
}

#[tokio::test]
async fn the_registration_workflow_runs_to_the_certificate_and_freezes_the_record_at_the_first_approval() {
    let t = spawn_app().await;
    let city = t.login("admin").await;
    let today = t.app.settings.today();
    let obtained = today - Days::new(30);
    let id = t
        .created_id(
            &city,
            "/api/v1/social-workers",
            &worker(11, json!({"certificate": certificate("assistant", "D20260001", obtained)})),
        )
        .await;
    let edit = |number: &str| {
        city.put(t.url(&format!("/api/v1/social-workers/{id}/certificate")))
            .json(&certificate("intermediate", number, obtained))
            .send()
    };
    assert_eq!(edit("D20260002").await.unwrap().status(), 204);
    let application =
        t.created_id(&city, &format!("/api/v1/social-workers/{id}/registration-applications"), &json!({})).await;
    let again = t.post_json(&city, &format!("/api/v1/social-workers/{id}/registration-applications"), &json!({})).await;
    assert_eq!(again.status(), 409);
    let step = |name: &str| {
        city.post(t.url(&format!("/api/v1/social-worker-applications/{application}/steps")))
            .json(&json!({"step": name}))
            .send()
    };
    assert_eq!(step("register").await.unwrap().status(), 409, "a step skipped");
    let first: Value = step("first_review").await.unwrap().json().await.unwrap();
    assert_eq!(first["state"], "first_review_passed");
    let frozen = edit("D20260003").await.unwrap();
    assert_eq!(frozen.status(), 409);
    assert_eq!(error_fields(frozen).await, ["certificate"]);
    for (name, state) in [
        ("final_review", "final_review_passed"),
        ("register", "registered"),
        ("issue_certificate", "certificate_issued"),
    ] {
        let answer: Value = step(name).await.unwrap().json().await.unwrap();
        assert_eq!(answer["state"], state);
    }
    assert_eq!(step("issue_certificate").await.unwrap().status(), 409);
    let record = t.get_json(&city, &format!("/api/v1/social-workers/{id}")).await;
    assert_eq!(record["registration"]["status"], "registered");
    assert_eq!(record["registration"]["application_state"], "certificate_issued");
    assert_eq!(record["continuing_education"]["period_start"], today.to_string());
    assert_eq!(record["continuing_education"]["required_hours"].as_f64(), Some(90.0));

    // Refused at the first review: the record stays open to correction.
    let other = t
        .created_id(
            &city,
            "/api/v1/social-workers",
            &worker(12, json!({"certificate": certificate("assistant", "D20260009", obtained)})),
        )
        .await;
    let application =
        t.created_id(&city, &format!("/api/v1/social-workers/{other}/registration-applications"), &json!({})).await;
    let steps = format!("/api/v1/social-worker-applications/{application}/steps");
    let no_reason = t.post_json(&city, &steps, &json!({"step": "first_review", "agree": false})).await;
    assert_eq!(no_reason.status(), 422);
    assert_eq!(error_fields(no_reason).await, ["note"], "a refusal states its reason");
    let refused =
        t.post_json(&city, &steps, &json!({"step": "first_review", "agree": false, "note": "材料不全"})).await;
    assert_eq!(refused.json::<Value>().await.unwrap()["state"], "first_review_refused");
    let record = t.get_json(&city, &format!("/api/v1/social-workers/{other}")).await;
    assert_eq!(record["registration"]["frozen"], false);

    // A certificate older than a year cannot start a first registration.
    let old = today.checked_sub_months(Months::new(12)).unwrap() - Days::new(1);
    let late = t
        .created_id(
            &city,
            "/api/v1/social-workers",
            &worker(13, json!({"certificate": certificate("assistant", "D20250001", old)})),
        )
        .await;
    let refused =
        t.post_json(&city, &format!("/api/v1/social-workers/{late}/registration-applications"), &json!({})).await;
    assert_eq!(refused.status(), 422);
    assert_eq!(error_fields(refused).await, ["certificate"]);
}

#[tokio::test]
async fn invalid_training_and_certificates_name_their_fields_in_both_languages() {
    let t = spawn_app().await;
    let city = t.login("admin").await;
    let today = t.app.settings.today();
    let id = t.created_id(&city, "/api/v1/social-workers", &worker(14, json!({}))).await;
    let path = format!("/api/v1/social-workers/{id}/training");
    for (body, field) in [
        (json!({"hours": 1.25, "completed_on": today.to_string(), "course": "x"}), "hours"),
        (json!({"hours": "abc", "completed_on": today.to_string(), "course": "x"}), "hours"),
        (json!({"hours": 0, "completed_on": today.to_string(), "course": "x"}), "hours"),
        (json!({"hours": 2, "completed_on": (today + Days::new(1)).to_string(), "course": "x"}), "completed_on"),
        (json!({"hours": 2, "completed_on": today.to_string()}), "course"),
    ] {
        let refused = t.post_json(&city, &path, &body).await;
        assert_eq!(refused.status(), 422, "{body}");
        assert_eq!(error_fields(refused).await, [field], "{body}");
    }
    let record = t.get_json(&city, &format!("/api/v1/social-workers/{id}")).await;
    assert!(record["trainings"].as_array().unwrap().is_empty(), "nothing written");

    let before_exam =
        worker(15, json!({"certificate": {"level": "expert", "number": "12", "obtained_on": "2007-12-31"}}));
    let refused = city
        .post(t.url("/api/v1/social-workers"))
        .header("accept-language", "en")
        .json(&before_exam)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 422);
    let body: Value = refused.json().await.unwrap();
    let named: Vec<&str> = body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(named, ["certificate.level", "certificate.number", "certificate.obtained_on"]);
    assert!(body["errors"][2]["message"].as_str().unwrap().contains("first national exam"), "{body}");
    let zh = city
        .post(t.url("/api/v1/social-workers"))
        .header("accept-language", "zh-CN")
        .json(&before_exam)
        .send()
        .await
        .unwrap();
    let body: Value = zh.json().await.unwrap();
    assert!(body["errors"][2]["message"].as_str().unwrap().contains("首次全国考试"), "{body}");
}

#[tokio::test]
async fn a_social_worker_account_reads_its_own_record_and_nothing_else() {
    let t = spawn_app().await;
    let city = t.login("admin").await;
    // The demo's worker account has its own record already; this test opens another.
    let account = json!({"username": "worker-16", "display_name": "社工16", "password": common::PASSWORD,
        "role": "social_worker", "region_code": TOWNSHIP});
    t.created_id(&city, "/api/v1/accounts", &account).await;
    let linked_twice =
        t.post_json(&city, "/api/v1/social-workers", &worker(19, json!({"username": "worker-330402007"}))).await;
    assert_eq!(linked_twice.status(), 409, "one record per account");
    let own = t.created_id(&city, "/api/v1/social-workers", &worker(16, json!({"username": "worker-16"}))).await;
    let other = t.created_id(&city, "/api/v1/social-workers", &worker(17, json!({}))).await;
    let not_a_worker =
        t.post_json(&city, "/api/v1/social-workers", &worker(18, json!({"username": "admin-330402"}))).await;
    assert_eq!(not_a_worker.status(), 422);
    let me = t.login("worker-16").await;
    let record = t.get_json(&me, &format!("/api/v1/social-workers/{own}")).await;
    assert_eq!(record["name"], "社工16");
    let forbidden = me.get(t.url(&format!("/api/v1/social-workers/{other}"))).send().await.unwrap();
    assert_eq!(forbidden.status(), 403);
    assert_eq!(train(&t, &me, own, 2.0, t.app.settings.today()).await.status(), 403);
}

/// Posts a CSV of certificate holders (Chinese header) to the import route.
async fn import_csv(t: &TestApp, client: &reqwest::Client, rows: &[String], commit: bool) -> reqwest::Response {
    let header = app::social_work::SOCIAL_WORKER_SHEET.headers(app::sheet::Language::Chinese).join(",");
    let csv = format!("{header}\n{}\n", rows.join("\n"));
    let file = reqwest::multipart::Part::bytes(csv.into_bytes()).file_name("workers.csv");
    let url = t.url(&format!("/api/v1/social-workers/import?commit={commit}"));
    client.post(url).multipart(reqwest::multipart::Form::new().part("file", file)).send().await.unwrap()
}

async fn kept(t: &TestApp, client: &reqwest::Client) -> u64 {
    t.get_json(client, &format!("/api/v1/social-workers?region={TOWNSHIP}")).await["total"].as_u64().unwrap()
}

#[tokio::test]
async fn certificate_holders_are_imported_all_or_none_with_every_bad_row_named() {
    let t = spawn_app().await;
    let township = t.login("admin-330402007").await;
    let row = |order: u16, region: &str, level: &str, number: &str, obtained: &str, registered: &str| {
        format!("社工{order},{},,{region},{level},{number},{obtained},{registered},本科,社会工作,", id_number(order))
    };
    let existing = t.created_id(&township, "/api/v1/social-workers", &worker(9, json!({}))).await;
    assert!(existing > 0);
    let bad = [
        row(1, TOWNSHIP, "社会工作师", "B33040000001", "2019-06-20", "2019-09-02"),
        // A registration more than a year after the certificate.
        row(2, TOWNSHIP, "助理社会工作师", "B33040000002", "2019-06-20", "2020-06-21"),
        // The same person twice in the file.
        row(1, TOWNSHIP, "社会工作师", "B33040000003", "2019-06-20", ""),
        // Another county: outside the township's keeping.
        row(4, "330411002", "高级", "B33040000004", "2019-06-20", ""),
        // Already a social worker.
        row(9, TOWNSHIP, "", "", "", ""),
        // An unknown level and a certificate before the first exam.
        row(6, TOWNSHIP, "特级", "B33040000006", "2007-06-20", ""),
    ];
    let before = kept(&t, &township).await;
    let report: Value = import_csv(&t, &township, &bad, true).await.json().await.unwrap();
    let errors: Vec<(u64, String, String)> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["row"].as_u64().unwrap(), e["field"].as_str().unwrap().into(), e["code"].as_str().unwrap().into()))
        .collect();
    let expected = [
        (3, "registered_on", "registration-window-passed"),
        (4, "id_number", "duplicate-in-file"),
        (5, "region_code", "social-worker-region-out-of-scope"),
        (6, "id_number", "social-worker-exists"),
        (7, "certificate.level", "unknown-choice"),
        (7, "certificate.obtained_on", "certificate-before-exam"),
    ];
    let expected: Vec<(u64, String, String)> =
        expected.iter().map(|(r, f, c)| (*r, f.to_string(), c.to_string())).collect();
    assert_eq!(errors, expected, "{report}");
    assert_eq!((report["committed"].as_bool(), kept(&t, &township).await), (Some(false), before), "nothing written");

    let good = [
        row(1, TOWNSHIP, "社会工作师", "B33040000001", "2019-06-20", "2019-09-02"),
        row(2, TOWNSHIP, "助理社会工作师", "B33040000002", "2023-03-01", ""),
        row(3, TOWNSHIP, "", "", "", ""),
    ];
    let dry: Value = import_csv(&t, &township, &good, false).await.json().await.unwrap();
    assert_eq!((dry["errors"].as_array().unwrap().len(), &dry["committed"]), (0, &json!(false)));
    assert_eq!(kept(&t, &township).await, before, "a dry run writes nothing");
    let done: Value = import_csv(&t, &township, &good, true).await.json().await.unwrap();
    assert_eq!(done["committed"], true, "{done}");
    assert_eq!(kept(&t, &township).await, before + 3);
    let list = t.get_json(&township, &format!("/api/v1/social-workers?region={TOWNSHIP}&size=50")).await;
    let first = list["items"].as_array().unwrap().iter().find(|w| w["name"] == "社工1").unwrap().clone();
    let record = t.get_json(&township, &format!("/api/v1/social-workers/{}", first["id"])).await;
    assert_eq!(record["certificate"]["level"], "intermediate");
    assert_eq!(record["registration"]["status"], "lapsed", "registered 2019-09-02, three years, never renewed");
    assert_eq!(import_csv(&t, &township, &good, true).await.json::<Value>().await.unwrap()["committed"], false);

    let resident = t.login("worker-330402007").await;
    assert_eq!(import_csv(&t, &resident, &good, true).await.status(), 403, "refused before the file is read");
}

#[tokio::test]
async fn a_worker_leaves_a_post_for_a_reason_and_a_refused_hire_is_kept_for_the_figures() {
    let t = spawn_app().await;
    let city = t.login("admin").await;
    let uncertified = t.created_id(&city, "/api/v1/social-workers", &worker(30, json!({}))).await;
    let post = json!({"title": "购买岗位", "region_code": TOWNSHIP, "service_field": "welfare", "professional": false,
        "purchased": true});
    let post = t.created_id(&city, "/api/v1/social-work-posts", &post).await;
    assert_eq!(t.get_json(&city, &format!("/api/v1/social-work-posts/{post}")).await["purchased"], true);
    let hire = json!({"social_worker_id": uncertified, "hired_on": "2020-03-01"});
    let hire = t.created_id(&city, &format!("/api/v1/social-work-posts/{post}/hires"), &hire).await;
    let exit = format!("/api/v1/social-work-hires/{hire}/exit");
    let bad = json!({"ended_on": "2020-02-29", "reason": "bored"});
    let refused = t.post_json(&city, &exit, &bad).await;
    assert_eq!(refused.status(), 422);
    assert_eq!(error_fields(refused).await, ["ended_on", "reason"]);
    let future = t.post_json(&city, &exit, &json!({"ended_on": "2999-01-01", "reason": "resigned"})).await;
    assert_eq!(error_fields(future).await, ["ended_on"]);
    let left = json!({"ended_on": "2020-03-01", "reason": "contract_ended"});
    assert_eq!(t.post_json(&city, &exit, &left).await.status(), 204, "leaving on the hire day itself");
    assert_eq!(t.post_json(&city, &exit, &left).await.status(), 409, "ended once");
    let record = t.get_json(&city, &format!("/api/v1/social-workers/{uncertified}")).await;
    let held = &record["hires"][0];
    assert_eq!((&held["exit_reason"], &held["purchased"]), (&json!("contract_ended"), &json!(true)));
    let other_county = t.login("admin-330411").await;
    assert_eq!(t.post_json(&other_county, &exit, &left).await.status(), 404);

    let gated = json!({"title": "专业岗", "region_code": TOWNSHIP, "service_field": "welfare", "professional": true});
    let gated = t.created_id(&city, "/api/v1/social-work-posts", &gated).await;
    let attempt = json!({"social_worker_id": uncertified, "hired_on": "2021-05-01"});
    assert_eq!(t.post_json(&city, &format!("/api/v1/social-work-posts/{gated}/hires"), &attempt).await.status(), 422);
    use sea_orm::{EntityTrait, PaginatorTrait};
    let kept = store::entity::social_work_gate_refusal::Entity::find().count(&t.app.db).await.unwrap();
    assert_eq!(kept, 1, "the refusal is kept, the hire is not made");
    let record = t.get_json(&city, &format!("/api/v1/social-workers/{uncertified}")).await;
    assert_eq!(record["hires"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_regions_figures_count_certified_workers_per_ten_thousand_registrations_and_refusals() {
    let t = spawn_app().await;
    let city = t.login("admin").await;
    let figures = |code: &str| format!("/api/v1/regions/{code}/social-work-figures");
    let before = t.get_json(&city, &figures("330400")).await;
    let (certified, residents) =
        (before["region"]["certified"].as_u64().unwrap(), before["region"]["residents"].as_u64().unwrap());
    assert!(residents > 0, "the demo's community records hold residents");
    let expected = (certified * 100_000 * 2 + residents) / (2 * residents);
    assert_eq!(before["region"]["certified_per_10k_tenths"], expected);
    let county =
        |f: &Value, code: &str| f["below"].as_array().unwrap().iter().find(|r| r["code"] == code).unwrap().clone();
    assert_eq!(county(&before, "330402")["certified"], certified, "the demo's workers are all in 南湖区");

    // A senior worker in 秀洲区, registered today; and a refused hire there.
    let today = t.app.settings.today();
    let body = json!({"name": "秀洲社工", "id_number": compose("330411", NaiveDate::from_ymd_opt(1980, 1, 1).unwrap(), 31),
        "region_code": "330411", "certificate": certificate("senior", "B33041100001", today), "registered_on": today.to_string()});
    t.created_id(&city, "/api/v1/social-workers", &body).await;
    let plain = json!({"name": "未持证", "id_number": compose("330411", NaiveDate::from_ymd_opt(1981, 1, 1).unwrap(), 33),
        "region_code": "330411"});
    let plain = t.created_id(&city, "/api/v1/social-workers", &plain).await;
    let post = json!({"title": "专业岗", "region_code": "330411", "service_field": "youth", "professional": true});
    let post = t.created_id(&city, "/api/v1/social-work-posts", &post).await;
    let hire = json!({"social_worker_id": plain, "hired_on": today.to_string()});
    assert_eq!(t.post_json(&city, &format!("/api/v1/social-work-posts/{post}/hires"), &hire).await.status(), 422);

    let after = t.get_json(&city, &figures("330400")).await;
    assert_eq!(after["region"]["certified"], certified + 1);
    assert_eq!(after["region"]["senior"], before["region"]["senior"].as_u64().unwrap() + 1);
    let xiuzhou = county(&after, "330411");
    assert_eq!((&xiuzhou["certified"], &xiuzhou["registered"]), (&json!(1), &json!(1)));
    assert_eq!((&xiuzhou["unregistered"], &xiuzhou["gate_refusals"]), (&json!(1), &json!(1)));
    assert_eq!(xiuzhou["education_met_tenths"], 0, "registered today, no hours yet");

    let nanhu = t.login("admin-330402").await;
    assert_eq!(nanhu.get(t.url(&figures("330411"))).send().await.unwrap().status(), 404, "another county's figures");
    let worker = t.login("worker-330402007").await;
    assert_eq!(worker.get(t.url(&figures("330402007"))).send().await.unwrap().status(), 403);
}

#[tokio::test]
async fn an_insurance_month_paid_a_day_late_is_in_arrears_and_the_region_counts_the_worker() {
    let t = spawn_app().await;
    let city = t.login("admin").await;
    let id = t.created_id(&city, "/api/v1/social-workers", &worker(60, json!({}))).await;
    let month = |m: &str| format!("/api/v1/social-workers/{id}/contributions/{m}");
    let put = |path: String, body: Value| city.put(t.url(&path)).json(&body).send();
    let figures = format!("/api/v1/regions/{TOWNSHIP}/social-work-figures");
    let before = t.get_json(&city, &figures).await["region"]["insurance_arrears"].as_u64().unwrap();

    let bad = put(month("2026-13"), json!({"paid_fen": -5, "paid_on": "x"})).await.unwrap();
    assert_eq!(bad.status(), 422);
    assert_eq!(error_fields(bad).await, ["month", "due_fen", "paid_on"]);
    let no_day = put(month("2026-03"), json!({"due_fen": 120000, "paid_fen": 120000})).await.unwrap();
    assert_eq!(error_fields(no_day).await, ["paid_on"]);
    assert!(
        t.get_json(&city, &format!("/api/v1/social-workers/{id}/contributions")).await["items"]
            .as_array()
            .unwrap()
            .is_empty()
    );

    // March 2026 is due on 15 April: paid on the day is in order, a day later is not.
    let on_time = json!({"due_fen": 120000, "paid_fen": 120000, "paid_on": "2026-04-15"});
    assert_eq!(put(month("2026-03"), on_time).await.unwrap().status(), 204);
    let listed = t.get_json(&city, &format!("/api/v1/social-workers/{id}/contributions")).await;
    assert_eq!((&listed["items"][0]["due_on"], &listed["items"][0]["arrears"]), (&json!("2026-04-15"), &Value::Null));
    assert_eq!(t.get_json(&city, &figures).await["region"]["insurance_arrears"], before);
    let late = json!({"due_fen": 120000, "paid_fen": 120000, "paid_on": "2026-04-16"});
    assert_eq!(put(month("2026-03"), late).await.unwrap().status(), 204, "a correction replaces the month");
    let listed = t.get_json(&city, &format!("/api/v1/social-workers/{id}/contributions")).await;
    assert_eq!((listed["items"].as_array().unwrap().len(), &listed["items"][0]["arrears"]), (1, &json!("late")));
    assert_eq!(t.get_json(&city, &figures).await["region"]["insurance_arrears"], before + 1);

    let other_county = t.login("admin-330411").await;
    let hidden = other_county.get(t.url(&format!("/api/v1/social-workers/{id}/contributions"))).send().await.unwrap();
    assert_eq!(hidden.status(), 404);
}
