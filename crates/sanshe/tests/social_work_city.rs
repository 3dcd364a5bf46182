//! The city's own side of qualification and education (issue 13 points 1, 3 and 4): the
//! qualification its review grants (the seed's day as its boundary, accepted by the 2012
//! gate), and its yearly course, whose attendance counts as continuing education by itself.

mod common;

use chrono::{Days, Months, NaiveDate};
use common::{TestApp, error_fields, signed_in_browser, spawn_app, submit};
use domain::identifiers::resident_id::compose;
use serde_json::{Value, json};

const TOWNSHIP: &str = "330402007";
const OTHER_COUNTY: &str = "330411002";

fn id_number(order: u16) -> String {
    compose("330402", NaiveDate::from_ymd_opt(1990, 4, 4).unwrap(), order)
}

async fn add_worker(t: &TestApp, client: &reqwest::Client, order: u16, region: &str, extra: Value) -> i64 {
    let mut body = json!({"name": format!("本市{order}"), "id_number": id_number(order), "region_code": region});
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    t.created_id(client, "/api/v1/social-workers", &body).await
}

fn qualification(number: &str, exam: &str, granted: &str) -> Value {
    json!({"level": "assistant", "number": number, "exam_passed_on": exam, "granted_on": granted,
        "reviewed_by": "嘉兴市社会工作者职业资格评审委员会"})
}

async fn grant(t: &TestApp, client: &reqwest::Client, worker: i64, body: Value) -> reqwest::Response {
    put(client, t, &format!("/api/v1/social-workers/{worker}/local-qualification"), &body).await
}

async fn put(client: &reqwest::Client, t: &TestApp, path: &str, body: &Value) -> reqwest::Response {
    client.put(t.url(path)).json(body).send().await.unwrap()
}

#[tokio::test]
async fn the_citys_qualification_is_granted_from_the_seeds_day_and_lets_a_worker_into_a_professional_post() {
    let t = spawn_app().await;
    let city = t.login("admin").await;
    let worker = add_worker(&t, &city, 1, TOWNSHIP, json!({})).await;
    let path = format!("/api/v1/social-workers/{worker}/local-qualification");

    let before_seed = put(&city, &t, &path, &qualification("JX2010000001", "2010-01-20", "2010-02-02")).await;
    assert_eq!(before_seed.status(), 422);
    assert_eq!(error_fields(before_seed).await, ["granted_on"]);
    let senior = json!({"level": "senior", "number": "JX2010000001", "exam_passed_on": "2010-01-20",
        "granted_on": "2010-02-03", "reviewed_by": "x"});
    assert_eq!(error_fields(put(&city, &t, &path, &senior).await).await, ["level"]);
    let exam_late = put(&city, &t, &path, &qualification("JX2010000001", "2010-02-04", "2010-02-03")).await;
    assert_eq!(error_fields(exam_late).await, ["exam_passed_on"]);
    let on_seed_day = put(&city, &t, &path, &qualification("jx2010000001", "2010-01-20", "2010-02-03")).await;
    assert_eq!(on_seed_day.status(), 204);
    let record = t.get_json(&city, &format!("/api/v1/social-workers/{worker}")).await;
    assert_eq!(record["local_qualification"]["number"], "JX2010000001");
    assert_eq!(record["local_qualification"]["granted_on"], "2010-02-03");
    assert!(record["certificate"].is_null());

    // The gate takes the city's qualification held on the hire day, and not the day before.
    let post =
        json!({"title": "专业社工岗", "region_code": TOWNSHIP, "service_field": "community", "professional": true});
    let post = t.created_id(&city, "/api/v1/social-work-posts", &post).await;
    let hires = format!("/api/v1/social-work-posts/{post}/hires");
    let early = t.post_json(&city, &hires, &json!({"social_worker_id": worker, "hired_on": "2010-02-02"})).await;
    assert_eq!(early.status(), 201, "before the 2012 gate no qualification is needed");
    let (other, third) =
        (add_worker(&t, &city, 2, TOWNSHIP, json!({})).await, add_worker(&t, &city, 3, TOWNSHIP, json!({})).await);
    let granted = grant(&t, &city, other, qualification("JX2013000002", "2013-05-01", "2013-06-01")).await;
    assert_eq!(granted.status(), 204);
    let second =
        json!({"title": "专业社工岗二", "region_code": TOWNSHIP, "service_field": "youth", "professional": true});
    let second = t.created_id(&city, "/api/v1/social-work-posts", &second).await;
    let hires = format!("/api/v1/social-work-posts/{second}/hires");
    let day_before = t.post_json(&city, &hires, &json!({"social_worker_id": other, "hired_on": "2013-05-31"})).await;
    assert_eq!(error_fields(day_before).await, ["certificate"]);
    let unqualified = t.post_json(&city, &hires, &json!({"social_worker_id": third, "hired_on": "2013-06-01"})).await;
    assert_eq!(error_fields(unqualified).await, ["certificate"]);
    let on_the_day = t.post_json(&city, &hires, &json!({"social_worker_id": other, "hired_on": "2013-06-01"})).await;
    assert_eq!(on_the_day.status(), 201);

    // One number, one holder; and not for someone who holds the national certificate.
    let taken = grant(&t, &city, third, qualification("JX2013000002", "2013-05-01", "2013-06-01")).await;
    assert_eq!(taken.status(), 409);
    assert_eq!(error_fields(taken).await, ["number"]);
    let obtained = (t.app.settings.today() - Days::new(30)).to_string();
    let national = json!({"certificate": {"level": "assistant", "number": "B3304000777", "obtained_on": obtained}});
    let certified = add_worker(&t, &city, 4, TOWNSHIP, national).await;
    let held = grant(&t, &city, certified, qualification("JX2020000004", "2020-05-01", "2020-06-01")).await;
    assert_eq!(held.status(), 409);

    // The township corrects it; the audit trail keeps before and after.
    let township = t.login("admin-330402007").await;
    let corrected = put(&township, &t, &path, &qualification("JX2010000009", "2010-01-20", "2010-02-03")).await;
    assert_eq!(corrected.status(), 204);
    let audit = t.get_json(&city, "/api/v1/audit?entity=social_worker_local_qualification").await;
    let text = audit.to_string();
    assert!(text.contains("JX2010000001") && text.contains("JX2010000009"), "{text}");
    // Out of the county's region: as if the worker did not exist.
    let elsewhere = add_worker(&t, &city, 5, OTHER_COUNTY, json!({})).await;
    let county = t.login("admin-330402").await;
    let path = format!("/api/v1/social-workers/{elsewhere}/local-qualification");
    assert_eq!(put(&county, &t, &path, &qualification("JX2020000005", "2020-05-01", "2020-06-01")).await.status(), 404);
}

#[tokio::test]
async fn attending_the_citys_yearly_course_counts_its_hours_without_a_training_record_typed() {
    let t = spawn_app().await;
    let city = t.login("admin").await;
    let today = t.app.settings.today();
    let registered = today.checked_sub_months(Months::new(6)).unwrap();
    let cert = |n: u16| json!({"level": "assistant", "number": format!("C{:08}", n), "obtained_on": (registered - Days::new(1)).to_string()});
    let (a, b) = (
        add_worker(&t, &city, 11, TOWNSHIP, json!({"certificate": cert(11), "registered_on": registered.to_string()}))
            .await,
        add_worker(&t, &city, 12, TOWNSHIP, json!({"certificate": cert(12), "registered_on": registered.to_string()}))
            .await,
    );
    let year = today.format("%Y").to_string().parse::<i32>().unwrap();
    let ends = today - Days::new(1);
    let starts = ends.min(today - Days::new(2)).max(NaiveDate::from_ymd_opt(year, 1, 1).unwrap());
    let course = |hours: Value, ends_on: NaiveDate| {
        json!({"region_code": "330402", "year": year, "title": "全区社会工作专题培训班", "provider": "嘉兴市委党校",
            "hours": hours, "starts_on": starts.to_string(), "ends_on": ends_on.to_string()})
    };
    let quarter = t.post_json(&city, "/api/v1/city-courses", &course(json!(7.25), ends)).await;
    assert_eq!(error_fields(quarter).await, ["hours"]);
    let next_year = t
        .post_json(&city, "/api/v1/city-courses", &course(json!(8), NaiveDate::from_ymd_opt(year + 1, 1, 1).unwrap()))
        .await;
    assert_eq!(error_fields(next_year).await, ["ends_on"]);
    let id = t.created_id(&city, "/api/v1/city-courses", &course(json!(71.5), ends)).await;
    let again = t.post_json(&city, "/api/v1/city-courses", &course(json!(8), ends)).await;
    assert_eq!(again.status(), 409);

    let attendance = format!("/api/v1/city-courses/{id}/attendance");
    let unknown = compose("330402", NaiveDate::from_ymd_opt(1970, 1, 1).unwrap(), 99);
    let refused = t.post_json(&city, &attendance, &json!({"id_numbers": [id_number(11), &unknown, "123"]})).await;
    assert_eq!(refused.status(), 422);
    assert_eq!(error_fields(refused).await, ["id_numbers[2]"], "the malformed number first");
    let stranger = t.post_json(&city, &attendance, &json!({"id_numbers": [id_number(11), unknown]})).await;
    assert_eq!(error_fields(stranger).await, ["id_numbers[1]"], "then anyone who is not a worker here");
    let record = t.get_json(&city, &format!("/api/v1/social-workers/{a}")).await;
    assert_eq!(record["continuing_education"]["hours"].as_f64(), Some(0.0), "all or none");

    let done = t.get_json(&city, &format!("/api/v1/city-courses/{id}")).await;
    assert_eq!(done["attendees"], 0);
    let ok = t.post_json(&city, &attendance, &json!({"id_numbers": [id_number(11), id_number(11)]})).await;
    assert_eq!(ok.status(), 200);
    assert_eq!(ok.json::<Value>().await.unwrap(), json!({"recorded": 1, "already": 0}));
    let twice = t.post_json(&city, &attendance, &json!({"id_numbers": [id_number(11), id_number(12)]})).await;
    assert_eq!(twice.json::<Value>().await.unwrap(), json!({"recorded": 1, "already": 1}));

    // 71.5 hours of the course: half an hour short of an assistant's 72; half an hour more meets it.
    let record = t.get_json(&city, &format!("/api/v1/social-workers/{a}")).await;
    let education = &record["continuing_education"];
    assert_eq!((education["hours"].as_f64(), education["met"].as_bool()), (Some(71.5), Some(false)));
    assert_eq!(record["trainings"][0]["city_course_id"], id);
    assert_eq!(record["trainings"][0]["completed_on"], ends.to_string());
    let half = json!({"hours": 0.5, "completed_on": today.to_string(), "course": "继续教育"});
    assert_eq!(t.post_json(&city, &format!("/api/v1/social-workers/{a}/training"), &half).await.status(), 201);
    let record = t.get_json(&city, &format!("/api/v1/social-workers/{a}")).await;
    assert_eq!(record["continuing_education"]["met"], true);

    let detail = t.get_json(&city, &format!("/api/v1/city-courses/{id}")).await;
    assert_eq!(detail["attendees"], 2);
    let names: Vec<&str> =
        detail["attendance"].as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["本市11", "本市12"]);
    assert!(!detail.to_string().contains(&id_number(12)), "ID numbers masked");
    let workers = detail["workers"].as_u64().unwrap();
    assert_eq!(detail["attendance_permille"].as_u64().unwrap(), 2000 / workers);
    let other = t.get_json(&city, &format!("/api/v1/social-workers/{b}")).await;
    assert_eq!(other["continuing_education"]["hours"].as_f64(), Some(71.5));

    // A course not ended yet takes no attendance; a township does not see the city's course.
    let next = json!({"region_code": "330402007", "year": year, "title": "街道培训", "hours": 8,
        "starts_on": today.to_string(), "ends_on": today.to_string()});
    let county = t.login("admin-330402").await;
    let county_course = t.created_id(&county, "/api/v1/city-courses", &next).await;
    let tomorrow = today + Days::new(1);
    if tomorrow.format("%Y").to_string() == year.to_string() {
        let later = json!({"region_code": "330402008", "year": year, "title": "街道培训", "hours": 8,
            "starts_on": today.to_string(), "ends_on": tomorrow.to_string()});
        let later = t.created_id(&county, "/api/v1/city-courses", &later).await;
        let early = json!({"id_numbers": [id_number(11)]});
        let early = t.post_json(&county, &format!("/api/v1/city-courses/{later}/attendance"), &early).await;
        assert_eq!(early.status(), 409);
    }
    let same_day = t
        .post_json(
            &county,
            &format!("/api/v1/city-courses/{county_course}/attendance"),
            &json!({"id_numbers": [id_number(11)]}),
        )
        .await;
    assert_eq!(same_day.status(), 200, "attendance opens on the course's last day");
    let township = t.login("admin-330402007").await;
    assert_eq!(township.get(t.url(&format!("/api/v1/city-courses/{id}"))).send().await.unwrap().status(), 404);
    let listed = t.get_json(&county, "/api/v1/city-courses").await;
    let regions: Vec<&str> = listed.as_array().unwrap().iter().map(|c| c["region_code"].as_str().unwrap()).collect();
    assert!(!regions.contains(&"330400"), "the county does not see the city course: {regions:?}");
}

#[tokio::test]
async fn the_office_records_a_course_and_its_attendance_on_the_pages_and_a_wrong_line_is_named() {
    let t = spawn_app().await;
    let city = signed_in_browser(&t, "admin").await;
    let today = t.app.settings.today();
    let year = today.format("%Y").to_string();
    let form = [
        ("region_code", "330411"),
        ("year", year.as_str()),
        ("title", "秀洲区社会工作专题培训班"),
        ("hours", "7.25"),
        ("starts_on", &today.to_string()),
        ("ends_on", &today.to_string()),
    ];
    let refused = submit(&t, &city, "/social-workers/courses", "/social-workers/courses", &form).await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains("学时按半小时计"), "the hours' message beside the field");
    let mut form = form.to_vec();
    form[3] = ("hours", "8");
    let created = submit(&t, &city, "/social-workers/courses", "/social-workers/courses", &form).await;
    assert_eq!(created.status(), 303);
    let page = created.headers()["location"].to_str().unwrap().to_string();

    let worker = add_worker(&t, &t.login("admin").await, 31, "330411002", json!({})).await;
    let lines = format!("{}\n\n12345\n", id_number(31));
    let wrong = submit(&t, &city, &page, &page, &[("id_numbers", &lines)]).await;
    assert_eq!(wrong.status(), 422);
    let html = wrong.text().await.unwrap();
    assert!(html.contains("第 3 行") && html.contains(&id_number(31)), "the wrong line named, the list kept");
    let right = submit(&t, &city, &page, &page, &[("id_numbers", &id_number(31))]).await;
    assert_eq!(right.status(), 303);
    let html =
        city.get(t.url(right.headers()["location"].to_str().unwrap())).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("新登记 1 人") && html.contains("本市31"), "{html}");
    let record = city.get(t.url(&format!("/social-workers/{worker}"))).send().await.unwrap().text().await.unwrap();
    assert!(record.contains("秀洲区社会工作专题培训班") && record.contains("全市培训班"), "the course on the record");

    // The city's qualification through its form; the worker's own account only reads.
    let path = format!("/social-workers/{worker}/local-qualification");
    let fields = [
        ("level", "assistant"),
        ("number", "JX2016000031"),
        ("exam_passed_on", "2016-04-01"),
        ("granted_on", "2016-05-01"),
        ("reviewed_by", "嘉兴市社会工作者职业资格评审委员会"),
    ];
    let saved = submit(&t, &city, &path, &path, &fields).await;
    assert_eq!(saved.status(), 303);
    let record = city.get(t.url(&format!("/social-workers/{worker}"))).send().await.unwrap().text().await.unwrap();
    assert!(record.contains("JX2016000031"));
    let own = signed_in_browser(&t, "worker-330402007").await;
    let mine = own.get(t.url("/social-workers/mine")).send().await.unwrap();
    let mine = mine.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(own.get(t.url(&format!("{mine}/local-qualification"))).send().await.unwrap().status(), 403);
}
