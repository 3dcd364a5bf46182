//! Pay of social workers (issue 13 point 6, MISSION.md 5B): the pay-guidance tier at
//! exactly the minimum years and a day short, the title allowance's boundaries (previous
//! year's evaluation pass vs basic vs none, a community hire ending on the 1st vs the day
//! before, a certificate obtained on the month's last day), exact totals in fen, the
//! nearest region's tables and rates, field-named refusals, awards, and 403/404.

mod common;

use chrono::{Datelike, Days, Months, NaiveDate, Utc};
use common::{TestApp, error_fields, spawn_app};
use domain::identifiers::resident_id::compose;
use domain::social_work::evaluation::Grade;
use sea_orm::{ActiveValue::Set, EntityTrait};
use serde_json::{Value, json};
use store::entity::social_worker_evaluation;

const TOWNSHIP: &str = "330402007";
const CITY: &str = "330400";

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A worker kept in `region` with an assistant (or `level`) certificate obtained on `obtained`.
async fn add_worker(
    t: &TestApp,
    city: &reqwest::Client,
    order: u16,
    region: &str,
    certificate: Option<(&str, NaiveDate)>,
) -> i64 {
    let id_number = compose("330402", day(1986, 6, 6), order);
    let mut body = json!({"name": format!("薪酬{order}"), "id_number": id_number, "region_code": region,
        "education": {"degree": "本科", "major": "社会工作"}});
    if let Some((level, on)) = certificate {
        body["certificate"] =
            json!({"level": level, "number": format!("B{:010}", 7000 + order), "obtained_on": on.to_string()});
    }
    t.created_id(city, "/api/v1/social-workers", &body).await
}

/// A post of `kind` (the default when none) in the township; not professional, so hires
/// need no certificate.
async fn post(t: &TestApp, city: &reqwest::Client, kind: Option<&str>) -> i64 {
    let mut body =
        json!({"title": "社区社工岗", "region_code": TOWNSHIP, "service_field": "community", "professional": false});
    if let Some(kind) = kind {
        body["employer_kind"] = json!(kind);
    }
    t.created_id(city, "/api/v1/social-work-posts", &body).await
}

/// Hires `worker` into a new post of `kind` on `from`, ending it on `to` when given.
async fn hired(
    t: &TestApp,
    city: &reqwest::Client,
    worker: i64,
    kind: Option<&str>,
    from: NaiveDate,
    to: Option<NaiveDate>,
) {
    let post = post(t, city, kind).await;
    let body = json!({"social_worker_id": worker, "hired_on": from.to_string()});
    let hire = t.created_id(city, &format!("/api/v1/social-work-posts/{post}/hires"), &body).await;
    if let Some(to) = to {
        let exit = json!({"ended_on": to.to_string(), "reason": "resigned"});
        let ended = t.post_json(city, &format!("/api/v1/social-work-hires/{hire}/exit"), &exit).await;
        assert_eq!(ended.status(), 204);
    }
}

/// The worker's evaluation for `year` graded `grade`, written as the evaluation use case
/// writes it (its own boundaries are tested with the surveys).
async fn evaluated(t: &TestApp, city: &reqwest::Client, worker: i64, year: i32, grade: Grade) {
    let today = t.app.settings.today();
    let survey = json!({"title": "满意度", "subject_kind": "social_worker", "subject_id": worker,
        "opens_on": today.to_string(), "closes_on": (today + Days::new(30)).to_string(), "questions": ["服务态度"]});
    let survey_id = t.created_id(city, "/api/v1/surveys", &survey).await;
    social_worker_evaluation::Entity::insert(social_worker_evaluation::ActiveModel {
        social_worker_id: Set(worker),
        region_code: Set(TOWNSHIP.into()),
        year: Set(year),
        survey_id: Set(survey_id),
        quality: Set(800),
        results: Set(800),
        satisfaction: Set(800),
        total: Set(800),
        grade: Set(grade.into()),
        created_at: Set(Utc::now()),
        ..Default::default()
    })
    .exec(&t.app.db)
    .await
    .unwrap();
}

async fn put(t: &TestApp, client: &reqwest::Client, path: &str, body: &Value) -> reqwest::Response {
    client.put(t.url(path)).json(body).send().await.unwrap()
}

async fn rates(t: &TestApp, client: &reqwest::Client, region: &str, year: i32, fen: [i64; 3]) {
    let body = json!({"assistant_fen": fen[0], "intermediate_fen": fen[1], "senior_fen": fen[2]});
    let path = format!("/api/v1/regions/{region}/title-allowance/{year}");
    assert_eq!(put(t, client, &path, &body).await.status(), 204);
}

/// The ids of the workers listed as due, and the total.
async fn due(t: &TestApp, client: &reqwest::Client, region: &str, month: &str) -> (Vec<i64>, i64, Value) {
    let list = t.get_json(client, &format!("/api/v1/regions/{region}/title-allowances?month={month}")).await;
    let ids = list["items"].as_array().unwrap().iter().map(|i| i["social_worker_id"].as_i64().unwrap()).collect();
    (ids, list["total_fen"].as_i64().unwrap(), list)
}

/// The year the allowance tests compute in: last year, so every day of it is past.
fn last_year(t: &TestApp) -> i32 {
    t.app.settings.today().year() - 1
}

#[tokio::test]
async fn the_tier_is_picked_at_exactly_the_minimum_years_and_not_a_day_short() {
    let t = spawn_app().await;
    let city = t.login("admin").await;
    let today = t.app.settings.today();
    let tiers = json!({"tiers": [
        {"min_years": 0, "monthly_fen": 400_000},
        {"certificate_level": "assistant", "min_degree": "bachelor", "employer_kind": "community", "min_years": 3, "monthly_fen": 520_050},
    ]});
    assert_eq!(put(&t, &city, &format!("/api/v1/regions/{CITY}/social-work-pay-tiers"), &tiers).await.status(), 204);
    let three_years = today.checked_sub_months(Months::new(36)).unwrap();
    let exactly = add_worker(&t, &city, 1, TOWNSHIP, Some(("assistant", day(2015, 1, 1)))).await;
    hired(&t, &city, exactly, None, three_years, None).await;
    let short = add_worker(&t, &city, 2, TOWNSHIP, Some(("assistant", day(2015, 1, 1)))).await;
    hired(&t, &city, short, None, three_years + Days::new(1), None).await;

    let record = t.get_json(&city, &format!("/api/v1/social-workers/{exactly}")).await;
    assert_eq!(record["pay"]["years_in_social_work"], 3);
    assert_eq!(record["pay"]["tier"]["row"], 2);
    assert_eq!(record["pay"]["monthly_guidance_fen"], 520_050);
    assert_eq!(record["hires"][0]["employer_kind"], "community", "a post without an organisation is a community's");
    let record = t.get_json(&city, &format!("/api/v1/social-workers/{short}")).await;
    assert_eq!(record["pay"]["years_in_social_work"], 2);
    assert_eq!(
        (record["pay"]["tier"]["row"].as_i64(), record["pay"]["monthly_guidance_fen"].as_i64()),
        (Some(1), Some(400_000))
    );

    // The township's own table applies below it; the county has none and reads the city's.
    let own = json!({"tiers": [{"certificate_level": "none", "employer_kind": "any", "min_years": 0, "monthly_fen": 450_000}]});
    let township_path = format!("/api/v1/regions/{TOWNSHIP}/social-work-pay-tiers");
    assert_eq!(put(&t, &city, &township_path, &own).await.status(), 204);
    let record = t.get_json(&city, &format!("/api/v1/social-workers/{exactly}")).await;
    assert_eq!(
        (record["pay"]["monthly_guidance_fen"].as_i64(), record["pay"]["applies_from"].as_str()),
        (Some(450_000), Some(TOWNSHIP))
    );
    let county = t.get_json(&city, "/api/v1/regions/330402/social-work-pay-tiers").await;
    assert_eq!(county["applies_from"], CITY);
    assert_eq!(county["tiers"].as_array().unwrap().len(), 2);
    assert_eq!(county["tiers"][1]["min_degree"], "bachelor");
    // An empty table removes the township's own: the city's applies again.
    assert_eq!(put(&t, &city, &township_path, &json!({"tiers": []})).await.status(), 204);
    assert_eq!(t.get_json(&city, &township_path).await["applies_from"], CITY);
}

#[tokio::test]
async fn pass_the_year_before_is_due_and_basic_or_no_evaluation_is_not_summed_exactly_in_fen() {
    let t = spawn_app().await;
    let city = t.login("admin").await;
    let year = last_year(&t);
    rates(&t, &city, CITY, year, [30_050, 50_025, 80_001]).await;
    let since = day(2020, 1, 1);
    let pass = add_worker(&t, &city, 11, TOWNSHIP, Some(("assistant", day(2015, 1, 1)))).await;
    let excellent = add_worker(&t, &city, 12, TOWNSHIP, Some(("intermediate", day(2015, 1, 1)))).await;
    let basic = add_worker(&t, &city, 13, TOWNSHIP, Some(("assistant", day(2015, 1, 1)))).await;
    let none = add_worker(&t, &city, 14, TOWNSHIP, Some(("assistant", day(2015, 1, 1)))).await;
    for (worker, grade) in
        [(pass, Some(Grade::Pass)), (excellent, Some(Grade::Excellent)), (basic, Some(Grade::Basic)), (none, None)]
    {
        hired(&t, &city, worker, None, since, None).await;
        if let Some(grade) = grade {
            evaluated(&t, &city, worker, year - 1, grade).await;
        }
    }
    // An evaluation of the month's own year does not count.
    evaluated(&t, &city, none, year, Grade::Excellent).await;
    let month = format!("{year}-03");
    let (ids, total, list) = due(&t, &city, CITY, &month).await;
    assert_eq!(ids, [pass, excellent]);
    assert_eq!(total, 30_050 + 50_025);
    let row = &list["items"][0];
    assert_eq!(
        (row["level"].as_str(), row["amount_fen"].as_i64(), row["grade"].as_str()),
        (Some("assistant"), Some(30_050), Some("pass"))
    );
    assert_eq!(row["evaluation_year"], year - 1);
    assert!(row["id_number"].as_str().unwrap().contains('*'), "masked: {}", row["id_number"]);

    // The record shows this year's months so far, each due or not and why.
    let this_year = year + 1;
    rates(&t, &city, CITY, this_year, [30_050, 50_025, 80_001]).await;
    evaluated(&t, &city, basic, this_year - 1, Grade::Basic).await;
    evaluated(&t, &city, pass, this_year - 1, Grade::Pass).await;
    let months = t.get_json(&city, &format!("/api/v1/social-workers/{basic}")).await["title_allowance"].clone();
    let months = months.as_array().unwrap();
    assert_eq!(months.len() as u32, t.app.settings.today().month());
    assert_eq!((months[0]["due"].as_bool(), months[0]["reason"].as_str()), (Some(false), Some("below_pass")));
    let months = t.get_json(&city, &format!("/api/v1/social-workers/{excellent}")).await["title_allowance"].clone();
    assert_eq!(months[0]["reason"], "no_evaluation");
    let months = t.get_json(&city, &format!("/api/v1/social-workers/{pass}")).await["title_allowance"].clone();
    assert_eq!((months[0]["due"].as_bool(), months[0]["amount_fen"].as_i64()), (Some(true), Some(30_050)));
    assert_eq!(months[0]["month"], format!("{this_year}-01"));
}

#[tokio::test]
async fn a_community_hire_ending_on_the_first_counts_and_one_ending_the_day_before_does_not() {
    let t = spawn_app().await;
    let city = t.login("admin").await;
    let year = last_year(&t);
    rates(&t, &city, CITY, year, [30_000, 50_000, 80_000]).await;
    let first = day(year, 3, 1);
    let on_first = add_worker(&t, &city, 21, TOWNSHIP, Some(("assistant", day(2015, 1, 1)))).await;
    hired(&t, &city, on_first, None, day(2020, 1, 1), Some(first)).await;
    let day_before = add_worker(&t, &city, 22, TOWNSHIP, Some(("assistant", day(2015, 1, 1)))).await;
    hired(&t, &city, day_before, None, day(2020, 1, 1), Some(first - Days::new(1))).await;
    let agency = add_worker(&t, &city, 23, TOWNSHIP, Some(("assistant", day(2015, 1, 1)))).await;
    hired(&t, &city, agency, Some("private_agency"), day(2020, 1, 1), None).await;
    // Hired on the month's last day: the month counts whole, never prorated.
    let last_day = add_worker(&t, &city, 24, TOWNSHIP, Some(("assistant", day(2015, 1, 1)))).await;
    hired(&t, &city, last_day, Some("community"), day(year, 3, 31), None).await;
    for worker in [on_first, day_before, agency, last_day] {
        evaluated(&t, &city, worker, year - 1, Grade::Pass).await;
    }
    let (ids, total, _) = due(&t, &city, CITY, &format!("{year}-03")).await;
    assert_eq!(ids, [on_first, last_day]);
    assert_eq!(total, 60_000);
    let record = t.get_json(&city, &format!("/api/v1/social-workers/{agency}")).await;
    assert_eq!(record["hires"][0]["employer_kind"], "private_agency");
}

#[tokio::test]
async fn a_certificate_obtained_on_the_months_last_day_counts_and_a_day_later_does_not() {
    let t = spawn_app().await;
    let city = t.login("admin").await;
    let year = last_year(&t);
    rates(&t, &city, CITY, year, [30_000, 50_000, 80_000]).await;
    let on_last = add_worker(&t, &city, 31, TOWNSHIP, Some(("assistant", day(year, 3, 31)))).await;
    let next_day = add_worker(&t, &city, 32, TOWNSHIP, Some(("assistant", day(year, 4, 1)))).await;
    let without = add_worker(&t, &city, 33, TOWNSHIP, None).await;
    for worker in [on_last, next_day, without] {
        hired(&t, &city, worker, None, day(2020, 1, 1), None).await;
        evaluated(&t, &city, worker, year - 1, Grade::Excellent).await;
    }
    let (ids, ..) = due(&t, &city, CITY, &format!("{year}-03")).await;
    assert_eq!(ids, [on_last]);
    let (ids, ..) = due(&t, &city, CITY, &format!("{year}-04")).await;
    assert_eq!(ids, [on_last, next_day]);
}

#[tokio::test]
async fn rates_come_from_the_nearest_region_that_set_them() {
    let t = spawn_app().await;
    let city = t.login("admin").await;
    let year = last_year(&t);
    rates(&t, &city, CITY, year, [30_000, 50_000, 80_000]).await;
    rates(&t, &city, TOWNSHIP, year, [40_000, 60_000, 90_000]).await;
    let in_township = add_worker(&t, &city, 41, TOWNSHIP, Some(("assistant", day(2015, 1, 1)))).await;
    let in_county = add_worker(&t, &city, 42, "330402", Some(("assistant", day(2015, 1, 1)))).await;
    for worker in [in_township, in_county] {
        hired(&t, &city, worker, None, day(2020, 1, 1), None).await;
        evaluated(&t, &city, worker, year - 1, Grade::Pass).await;
    }
    let (ids, total, list) = due(&t, &city, CITY, &format!("{year}-06")).await;
    assert_eq!(ids, [in_township, in_county]);
    assert_eq!(
        (list["items"][0]["amount_fen"].as_i64(), list["items"][1]["amount_fen"].as_i64()),
        (Some(40_000), Some(30_000))
    );
    assert_eq!(total, 70_000);
    let (ids, total, _) = due(&t, &city, TOWNSHIP, &format!("{year}-06")).await;
    assert_eq!((ids, total), (vec![in_township], 40_000), "the township's list holds its own workers");
    let read = t.get_json(&city, &format!("/api/v1/regions/330402/title-allowance/{year}")).await;
    assert_eq!((read["applies_from"].as_str(), read["assistant_fen"].as_i64()), (Some(CITY), Some(30_000)));
    let (ids, total, _) = due(&t, &city, CITY, &format!("{}-06", year - 3)).await;
    assert_eq!((ids.len(), total), (0, 0), "no rates that year: nobody is due");
}

#[tokio::test]
async fn invalid_tables_rates_months_posts_and_awards_are_refused_with_the_field_named() {
    let t = spawn_app().await;
    let city = t.login("admin").await;
    let path = format!("/api/v1/regions/{CITY}/social-work-pay-tiers");
    let unparsed = json!({"tiers": [{"certificate_level": "expert", "min_years": 1, "monthly_fen": 1}, {"min_degree": "phd", "monthly_fen": 1}]});
    let refused = put(&t, &city, &path, &unparsed).await;
    assert_eq!(refused.status(), 422);
    assert_eq!(
        error_fields(refused).await,
        ["tiers[0].certificate_level", "tiers[1].min_degree", "tiers[1].min_years"]
    );
    let wrong = json!({"tiers": [
        {"min_years": 0, "monthly_fen": 0},
        {"min_years": 51, "monthly_fen": 100},
        {"certificate_level": "senior", "min_years": 50, "monthly_fen": 100},
        {"certificate_level": "senior", "min_years": 50, "monthly_fen": 200},
        {"min_years": -1, "monthly_fen": 100},
    ]});
    let refused = put(&t, &city, &path, &wrong).await;
    assert_eq!(refused.status(), 422);
    assert_eq!(error_fields(refused).await, ["tiers[4].min_years"]);
    let wrong = json!({"tiers": [
        {"min_years": 0, "monthly_fen": 0},
        {"min_years": 51, "monthly_fen": 100},
        {"certificate_level": "senior", "min_years": 50, "monthly_fen": 100},
        {"certificate_level": "senior", "min_years": 50, "monthly_fen": 200},
    ]});
    let refused = put(&t, &city, &path, &wrong).await;
    assert_eq!(refused.status(), 422);
    let body: Value = refused.json().await.unwrap();
    let fields: Vec<&str> = body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["tiers[0].monthly_fen", "tiers[1].min_years", "tiers[3]"]);
    assert_eq!(body["errors"][2]["code"], "tier-duplicate");
    assert!(body["errors"][2]["message"].as_str().unwrap().contains('3'), "names the row it repeats: {body}");
    assert_eq!(t.get_json(&city, &path).await["tiers"].as_array().unwrap().len(), 0, "nothing was written");

    let year = last_year(&t);
    let rates_path = format!("/api/v1/regions/{CITY}/title-allowance/{year}");
    let refused = put(&t, &city, &rates_path, &json!({"assistant_fen": -1, "intermediate_fen": 0})).await;
    assert_eq!(refused.status(), 422);
    assert_eq!(error_fields(refused).await, ["assistant_fen", "intermediate_fen", "senior_fen"]);
    let refused = put(&t, &city, &format!("/api/v1/regions/{CITY}/title-allowance/1999"), &json!({})).await;
    assert_eq!(error_fields(refused).await, ["year"]);
    for month in ["2026-13", "march", &format!("{}-01", year + 2)] {
        let refused =
            city.get(t.url(&format!("/api/v1/regions/{CITY}/title-allowances?month={month}"))).send().await.unwrap();
        assert_eq!(refused.status(), 422, "{month}");
        assert_eq!(error_fields(refused).await, ["month"]);
    }
    let bad_post = json!({"title": "岗位", "region_code": TOWNSHIP, "service_field": "community", "professional": false, "employer_kind": "factory"});
    let refused = t.post_json(&city, "/api/v1/social-work-posts", &bad_post).await;
    assert_eq!(error_fields(refused).await, ["employer_kind"]);

    let worker = add_worker(&t, &city, 51, TOWNSHIP, None).await;
    let tomorrow = t.app.settings.today() + Days::new(1);
    let award =
        json!({"title": "", "awarding_body": "嘉兴市民政局", "level": "galactic", "awarded_on": tomorrow.to_string()});
    let refused = t.post_json(&city, &format!("/api/v1/social-workers/{worker}/awards"), &award).await;
    assert_eq!(refused.status(), 422);
    assert_eq!(error_fields(refused).await, ["title", "level", "awarded_on"]);
}

#[tokio::test]
async fn awards_show_on_the_record_and_the_workers_own_page() {
    let t = spawn_app().await;
    let city = t.login("admin").await;
    let list = t.get_json(&city, &format!("/api/v1/social-workers?region={TOWNSHIP}&size=200")).await;
    let own = list["items"].as_array().unwrap().iter().find(|w| w["name"] == "陆晓燕").unwrap()["id"].as_i64().unwrap();
    let today = t.app.settings.today();
    let award = json!({"title": "优秀社会工作者", "awarding_body": "嘉兴市民政局", "level": "city", "awarded_on": today.to_string()});
    t.created_id(&city, &format!("/api/v1/social-workers/{own}/awards"), &award).await;
    let record = t.get_json(&city, &format!("/api/v1/social-workers/{own}")).await;
    assert_eq!(record["awards"][0]["title"], "优秀社会工作者");
    assert_eq!(record["awards"][0]["level"], "city");

    let me = t.login("worker-330402007").await;
    let mine = me.get(t.url("/social-workers/mine")).send().await.unwrap();
    assert_eq!(mine.status(), 303);
    let page = me.get(t.url(&format!("/social-workers/{own}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("优秀社会工作者") && page.contains("市级"), "the award on the worker's own page");
    assert!(page.contains("id=\"allowance-months\""), "this year's allowance months");
    let refused = t.post_json(&me, &format!("/api/v1/social-workers/{own}/awards"), &award).await;
    assert_eq!(refused.status(), 403, "the worker reads, never writes");
}

#[tokio::test]
async fn an_office_out_of_scope_gets_404_and_a_worker_account_403() {
    let t = spawn_app().await;
    let city = t.login("admin").await;
    let year = last_year(&t);
    let worker = add_worker(&t, &city, 61, TOWNSHIP, None).await;
    let elsewhere = t.login("admin-330411").await;
    let get = |path: String| elsewhere.get(t.url(&path)).send();
    assert_eq!(
        get(format!("/api/v1/regions/{TOWNSHIP}/title-allowances?month={year}-03")).await.unwrap().status(),
        404
    );
    assert_eq!(get(format!("/api/v1/regions/{TOWNSHIP}/social-work-pay-tiers")).await.unwrap().status(), 404);
    assert_eq!(get(format!("/api/v1/regions/{TOWNSHIP}/title-allowance/{year}")).await.unwrap().status(), 404);
    assert_eq!(
        get(format!("/social-workers/allowances?region={TOWNSHIP}&month={year}-03")).await.unwrap().status(),
        404
    );
    assert_eq!(
        get(format!("/social-workers/allowances/export?region={TOWNSHIP}&month={year}-03")).await.unwrap().status(),
        404
    );
    let tiers = json!({"tiers": [{"min_years": 0, "monthly_fen": 1}]});
    assert_eq!(
        put(&t, &elsewhere, &format!("/api/v1/regions/{TOWNSHIP}/social-work-pay-tiers"), &tiers).await.status(),
        404
    );
    let award = json!({"title": "奖", "awarding_body": "局", "level": "city", "awarded_on": "2025-01-01"});
    assert_eq!(t.post_json(&elsewhere, &format!("/api/v1/social-workers/{worker}/awards"), &award).await.status(), 404);
    let me = t.login("worker-330402007").await;
    assert_eq!(put(&t, &me, &format!("/api/v1/regions/{TOWNSHIP}/social-work-pay-tiers"), &tiers).await.status(), 403);
    let listed = me.get(t.url(&format!("/api/v1/regions/{TOWNSHIP}/title-allowances?month={year}-03"))).send().await;
    assert_eq!(listed.unwrap().status(), 403);
}

#[tokio::test]
async fn the_office_reads_the_allowances_page_and_exports_it_for_finance() {
    let t = spawn_app().await;
    let city = t.login("admin").await;
    let year = last_year(&t);
    rates(&t, &city, CITY, year, [30_050, 50_025, 80_001]).await;
    let worker = add_worker(&t, &city, 71, TOWNSHIP, Some(("senior", day(2015, 1, 1)))).await;
    hired(&t, &city, worker, None, day(2020, 1, 1), None).await;
    evaluated(&t, &city, worker, year - 1, Grade::Pass).await;
    let query = format!("region={CITY}&month={year}-05");
    let page = city.get(t.url(&format!("/social-workers/allowances?{query}"))).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let page = page.text().await.unwrap();
    assert!(
        page.contains("薪酬71") && page.contains("800.01") && page.contains("高级社会工作师"),
        "the row and the total"
    );
    assert!(
        page.contains(&format!("/social-workers/allowances/export?format=xlsx&amp;region={CITY}&amp;month={year}-05"))
    );
    let bad = city.get(t.url(&format!("/social-workers/allowances?region={CITY}&month=2026-1x"))).send().await.unwrap();
    assert_eq!(bad.status(), 200);
    assert!(bad.text().await.unwrap().contains("2026-03"), "the month's error is shown on the page");
    let file = city.get(t.url(&format!("/social-workers/allowances/export?format=xlsx&{query}"))).send().await.unwrap();
    assert_eq!(file.status(), 200);
    let kind = file.headers()["content-type"].to_str().unwrap().to_string();
    assert!(kind.contains("spreadsheetml"), "{kind}");
    let bytes = file.bytes().await.unwrap();
    assert!(bytes.starts_with(b"PK"), "an .xlsx file");
    let csv = city.get(t.url(&format!("/social-workers/allowances/export?format=csv&{query}"))).send().await.unwrap();
    let text = csv.text().await.unwrap();
    assert!(text.contains("薪酬71") && text.contains("800.01") && text.contains("合计"), "{text}");
}
