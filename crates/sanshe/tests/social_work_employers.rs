//! Employers and their staff (issue 13, points 6 and 9): an organisation sees its current
//! social workers (not one who left yesterday, not another organisation's) and reads their
//! records without writing them; its upload of insurance months is all or nothing, per row
//! and column, refuses a month of someone who was not its staff then, and replaces a month
//! recorded already, both versions kept in the audit trail; arrears are flagged to the
//! employer and on the township's list; an office out of scope is answered 404.

mod common;

use chrono::{Days, NaiveDate};
use common::{PASSWORD, TestApp, spawn_app};
use domain::identifiers::resident_id::compose;
use serde_json::{Value, json};

const TOWNSHIP: &str = "330402007";

fn id_number(order: u16) -> String {
    compose("330402", NaiveDate::from_ymd_opt(1990, 5, 5).unwrap(), order)
}

async fn organization(t: &TestApp, name: &str) -> i64 {
    let q: String = name.bytes().map(|b| format!("%{b:02X}")).collect();
    let found = t.get_json(&t.anonymous(), &format!("/api/v1/public/organizations?q={q}")).await;
    found["items"][0]["id"].as_i64().unwrap()
}

/// The demo's community service centre (民办非企业单位 in 建设街道) and its own account.
async fn employer(t: &TestApp) -> (i64, reqwest::Client) {
    (organization(t, "嘉兴市南湖区百福社区服务中心").await, t.login("org-baifu").await)
}

/// A worker of the township, certified and registered, named 社工{order}.
async fn worker(t: &TestApp, city: &reqwest::Client, order: u16) -> i64 {
    let cert = json!({"level": "assistant", "number": format!("B{order:010}"), "obtained_on": "2024-05-01"});
    let body = json!({"name": format!("社工{order}"), "id_number": id_number(order), "region_code": TOWNSHIP,
        "certificate": cert, "registered_on": "2024-06-01"});
    t.created_id(city, "/api/v1/social-workers", &body).await
}

/// Hires `worker` into a new post of organisation `org` on `hired_on`; the hire's id.
async fn hire(t: &TestApp, city: &reqwest::Client, org: i64, worker: i64, hired_on: &str) -> i64 {
    let post = json!({"title": "社工岗", "region_code": TOWNSHIP, "service_field": "community",
        "professional": false, "organization_id": org});
    let post = t.created_id(city, "/api/v1/social-work-posts", &post).await;
    let body = json!({"social_worker_id": worker, "hired_on": hired_on});
    t.created_id(city, &format!("/api/v1/social-work-posts/{post}/hires"), &body).await
}

async fn leave(t: &TestApp, city: &reqwest::Client, hire: i64, ended_on: &str) {
    let exit = json!({"ended_on": ended_on, "reason": "resigned"});
    let r = t.post_json(city, &format!("/api/v1/social-work-hires/{hire}/exit"), &exit).await;
    assert_eq!(r.status(), 204);
}

async fn status_of(t: &TestApp, client: &reqwest::Client, path: &str) -> u16 {
    client.get(t.url(path)).send().await.unwrap().status().as_u16()
}

async fn staff_names(t: &TestApp, client: &reqwest::Client, org: i64) -> Vec<String> {
    let list = t.get_json(client, &format!("/api/v1/organizations/{org}/social-workers")).await;
    list["items"].as_array().unwrap().iter().map(|w| w["name"].as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn an_organisation_sees_its_current_staff_and_reads_but_never_writes_their_records() {
    let t = spawn_app().await;
    let city = t.login("admin").await;
    let (org, own) = employer(&t).await;
    let (staying, left, stranger) =
        (worker(&t, &city, 1).await, worker(&t, &city, 2).await, worker(&t, &city, 3).await);
    hire(&t, &city, org, staying, "2025-01-10").await;
    let yesterday = t.app.settings.today() - Days::new(1);
    let leaving = hire(&t, &city, org, left, "2025-01-10").await;
    leave(&t, &city, leaving, &yesterday.to_string()).await;

    let list = t.get_json(&own, &format!("/api/v1/organizations/{org}/social-workers")).await;
    let names = staff_names(&t, &own, org).await;
    assert!(names.contains(&"社工1".to_string()) && names.contains(&"陆晓燕".to_string()), "{names:?}");
    assert!(!names.contains(&"社工2".to_string()), "who left yesterday is no longer staff");
    let row = list["items"].as_array().unwrap().iter().find(|w| w["name"] == "社工1").unwrap();
    assert_eq!(
        (&row["post_title"], &row["hired_on"], &row["level"]),
        (&json!("社工岗"), &json!("2025-01-10"), &json!("assistant"))
    );
    assert_eq!((&row["status"], &row["valid_until"]), (&json!("registered"), &json!("2027-05-31")));
    assert_eq!((&row["hours_due"], &row["arrears_months"]), (&json!(72.0), &json!(0)));
    assert!(row["id_number"].as_str().unwrap().contains('*'), "masked: {}", row["id_number"]);
    let demo = list["items"].as_array().unwrap().iter().find(|w| w["name"] == "陆晓燕").unwrap();
    assert_eq!((&demo["arrears_months"], &demo["arrears"][0]["arrears"]), (&json!(1), &json!("late")), "{demo}");

    // The record of a current staff member reads; of one who left or never came, 404.
    let record = t.get_json(&own, &format!("/api/v1/social-workers/{staying}")).await;
    assert!(record["id_number"].as_str().unwrap().contains('*'));
    assert_eq!(status_of(&t, &own, &format!("/api/v1/social-workers/{staying}/contributions")).await, 200);
    assert_eq!(status_of(&t, &own, &format!("/api/v1/social-workers/{left}")).await, 404);
    assert_eq!(status_of(&t, &own, &format!("/api/v1/social-workers/{stranger}")).await, 404);
    assert_eq!(status_of(&t, &own, "/api/v1/social-workers").await, 404, "no registry of its own");
    // It writes nothing through the record.
    let training = json!({"hours": 2, "completed_on": "2026-01-05", "course": "继续教育"});
    let r = t.post_json(&own, &format!("/api/v1/social-workers/{staying}/training"), &training).await;
    assert!([403, 404].contains(&r.status().as_u16()), "{}", r.status());
    let month = json!({"due_fen": 100, "paid_fen": 100, "paid_on": "2026-02-10"});
    let put = own.put(t.url(&format!("/api/v1/social-workers/{staying}/contributions/2026-01"))).json(&month);
    assert!([403, 404].contains(&put.send().await.unwrap().status().as_u16()));

    // Another organisation's staff list, and offices in and out of scope.
    let registrar = t.login("registrar-330400").await;
    let other = organization(&t, "嘉兴市南湖区书法家协会").await;
    let account = json!({"username": "org-shufa", "display_name": "书法家协会", "password": PASSWORD});
    t.created_id(&registrar, &format!("/api/v1/organizations/{other}/accounts"), &account).await;
    let other_org = t.login("org-shufa").await;
    assert_eq!(status_of(&t, &other_org, &format!("/api/v1/organizations/{org}/social-workers")).await, 404);
    assert_eq!(status_of(&t, &other_org, &format!("/api/v1/social-workers/{staying}")).await, 404);
    assert_eq!(staff_names(&t, &other_org, other).await, Vec::<String>::new());
    let township = t.login("admin-330402007").await;
    assert!(staff_names(&t, &township, org).await.contains(&"社工1".to_string()), "the office in scope");
    let out_of_scope = t.login("admin-330411").await;
    assert_eq!(status_of(&t, &out_of_scope, &format!("/api/v1/organizations/{org}/social-workers")).await, 404);
}

/// Posts a CSV of months (Chinese header) to the organisation's import route.
async fn upload(t: &TestApp, client: &reqwest::Client, org: i64, rows: &[String], commit: bool) -> reqwest::Response {
    let header = app::social_work::CONTRIBUTION_SHEET.headers(app::sheet::Language::Chinese).join(",");
    let csv = format!("{header}\n{}\n", rows.join("\n"));
    let file = reqwest::multipart::Part::bytes(csv.into_bytes()).file_name("months.csv");
    let url = t.url(&format!("/api/v1/organizations/{org}/contributions/import?commit={commit}"));
    client.post(url).multipart(reqwest::multipart::Form::new().part("file", file)).send().await.unwrap()
}

fn row(order: u16, month: &str, due: &str, paid: &str, paid_on: &str) -> String {
    format!("{},{month},{due},{paid},{paid_on}", id_number(order))
}

async fn months(t: &TestApp, client: &reqwest::Client, worker: i64) -> Vec<Value> {
    let listed = t.get_json(client, &format!("/api/v1/social-workers/{worker}/contributions")).await;
    listed["items"].as_array().unwrap().clone()
}

#[tokio::test]
async fn the_employers_upload_is_all_or_nothing_refuses_non_staff_and_replaces_a_month_audited() {
    let t = spawn_app().await;
    let city = t.login("admin").await;
    let (org, own) = employer(&t).await;
    let (staying, left) = (worker(&t, &city, 11).await, worker(&t, &city, 12).await);
    worker(&t, &city, 13).await;
    hire(&t, &city, org, staying, "2025-01-10").await;
    let leaving = hire(&t, &city, org, left, "2025-01-10").await;
    leave(&t, &city, leaving, "2025-06-30").await;

    let bad = [
        // March 2025 is due on 15 April: paid the day after, accepted (and flagged late).
        row(11, "2025-03", "1286.40", "1286.40", "2025-04-16"),
        // Left on 30 June: July is not the organisation's to report.
        row(12, "2025-07", "1286.40", "1286.40", "2025-08-10"),
        row(11, "2025-04", "0.001", "0", ""),
        row(11, "2025-13", "1286.40", "1286.40", "2026-01-10"),
        // Never its staff.
        row(13, "2025-03", "1286.40", "1286.40", "2025-04-10"),
    ];
    let report: Value = upload(&t, &own, org, &bad, true).await.json().await.unwrap();
    let errors: Vec<(u64, &str, &str, &str)> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let text = |k: &str| e[k].as_str().unwrap();
            (e["row"].as_u64().unwrap(), text("field"), text("column"), text("code"))
        })
        .collect();
    assert_eq!(
        errors,
        [
            (3, "id_number", "身份证号", "contribution-not-staff"),
            (4, "due_fen", "应缴金额（元）", "money-format"),
            (5, "month", "缴费月份", "month-format"),
            (6, "id_number", "身份证号", "contribution-not-staff"),
        ],
        "{report}"
    );
    assert!(report["errors"][0]["message"].as_str().unwrap().contains("2025-07"), "{report}");
    assert_eq!((&report["committed"], months(&t, &own, staying).await.len()), (&json!(false), 0), "none written");

    let good = [
        row(11, "2025-03", "1286.40", "1286.40", "2025-04-16"),
        row(11, "2025-04", "1286.40", "1286.40", "2025-05-15"),
        // The month she left in is still the organisation's; unpaid.
        row(12, "2025-06", "1286.40", "", ""),
    ];
    let dry: Value = upload(&t, &own, org, &good, false).await.json().await.unwrap();
    assert_eq!((dry["errors"].as_array().unwrap().len(), &dry["committed"]), (0, &json!(false)), "{dry}");
    assert_eq!(months(&t, &own, staying).await.len(), 0, "a dry run writes nothing");
    let done: Value = upload(&t, &own, org, &good, true).await.json().await.unwrap();
    assert_eq!((&done["committed"], &done["total"]), (&json!(true), &json!(3)), "{done}");
    let written = months(&t, &own, staying).await;
    let flags: Vec<(&Value, &Value, &Value)> =
        written.iter().map(|m| (&m["month"], &m["due_fen"], &m["arrears"])).collect();
    assert_eq!(
        flags,
        [(&json!("2025-04"), &json!(128640), &Value::Null), (&json!("2025-03"), &json!(128640), &json!("late"))]
    );
    let unpaid = months(&t, &city, left).await;
    assert_eq!((&unpaid[0]["paid_fen"], &unpaid[0]["arrears"]), (&json!(0), &json!("unpaid")));

    // Flagged to the employer, and on the township's list.
    let staff = t.get_json(&own, &format!("/api/v1/organizations/{org}/social-workers")).await;
    let mine = staff["items"].as_array().unwrap().iter().find(|w| w["id"] == staying).unwrap().clone();
    assert_eq!((&mine["arrears_months"], &mine["arrears"][0]["month"]), (&json!(1), &json!("2025-03")));
    let township = t.login("admin-330402007").await;
    let list = t.get_json(&township, &format!("/api/v1/social-workers?region={TOWNSHIP}&size=200")).await;
    let flag =
        |id: i64| list["items"].as_array().unwrap().iter().find(|w| w["id"] == id).unwrap()["arrears_months"].clone();
    assert_eq!((flag(staying), flag(left)), (json!(1), json!(1)));

    // March again, paid on its due day: the month is replaced, and both are in the trail.
    let again = [row(11, "2025-03", "1286.40", "1286.40", "2025-04-15")];
    assert_eq!(upload(&t, &own, org, &again, true).await.json::<Value>().await.unwrap()["committed"], true);
    let written = months(&t, &own, staying).await;
    assert_eq!(
        (written.len(), &written[1]["paid_on"], &written[1]["arrears"]),
        (2, &json!("2025-04-15"), &Value::Null)
    );
    let trail = t.get_json(&city, "/api/v1/audit?q=social_worker_contribution&size=200").await;
    let entries = trail["entries"].as_array().unwrap();
    let march = |e: &&Value| {
        e["after"].as_str().unwrap().contains("2025-03-01")
            && e["after"].as_str().unwrap().contains(&format!("\"social_worker_id\":{staying}"))
    };
    let created: Vec<&Value> = entries.iter().filter(march).filter(|e| e["action"] == "create").collect();
    let updated: Vec<&Value> = entries.iter().filter(march).filter(|e| e["action"] == "update").collect();
    assert_eq!((created.len(), updated.len()), (1, 1), "{trail}");
    assert!(created[0]["after"].as_str().unwrap().contains("2025-04-16"));
    assert!(updated[0]["before"].as_str().unwrap().contains("2025-04-16"));
    assert!(updated[0]["after"].as_str().unwrap().contains("2025-04-15"));
    assert_eq!(updated[0]["actor"], "org-baifu", "the employer's own account wrote it");

    // Only the employer and the office over it upload; out of scope is not found.
    let out_of_scope = t.login("admin-330411").await;
    assert_eq!(upload(&t, &out_of_scope, org, &again, true).await.status(), 404);
    assert_eq!(upload(&t, &t.anonymous(), org, &again, true).await.status(), 401);
    assert_eq!(upload(&t, &township, org, &again, false).await.status(), 200, "the office in scope");
}

#[tokio::test]
async fn the_employers_page_lists_its_staff_with_flags_and_takes_the_upload_through_the_import_dialog() {
    let t = spawn_app().await;
    let (org, own) = employer(&t).await;
    let home = own.get(t.url("/social-workers/staff")).send().await.unwrap();
    assert_eq!(home.headers()["location"], format!("/organizations/{org}/social-workers").as_str());
    let page = own.get(t.url(&format!("/organizations/{org}/social-workers"))).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("陆晓燕") && html.contains("tag bad") && html.contains("逾期缴纳"), "the demo's late month");
    assert!(
        html.contains("action=\"/imports?kind=contributions") && html.contains(&format!("organization={org}&_csrf"))
    );
    assert!(html.contains("href=\"/social-workers/staff\""), "in the menu");

    let template = own.get(t.url("/imports/template.csv?kind=contributions")).send().await.unwrap();
    assert_eq!(template.status(), 200);
    let text = String::from_utf8_lossy(&template.bytes().await.unwrap()).to_string();
    assert!(text.contains("身份证号,缴费月份,应缴金额（元）,实缴金额（元）,缴费日期"), "{text}");

    let header = app::social_work::CONTRIBUTION_SHEET.headers(app::sheet::Language::English).join(",");
    let csv = format!("{header}\n{},2026-01,1286.40,1286.40,2026-02-10\n", id_number(99));
    let file = || reqwest::multipart::Part::bytes(csv.clone().into_bytes()).file_name("months.csv");
    let form = || reqwest::multipart::Form::new().part("file", file());
    let sent = own.post(t.url(&format!("/imports?kind=contributions&organization={org}"))).multipart(form());
    let sent = sent.send().await.unwrap();
    assert_eq!(sent.status(), 303);
    let job = sent.headers()["location"].to_str().unwrap().to_string();
    assert!(job.starts_with("/imports/"), "{job}");
    let job_page = own.get(t.url(&job)).send().await.unwrap().text().await.unwrap();
    assert!(job_page.contains(&format!("/organizations/{org}/social-workers")), "back to the staff page");

    // Another organisation (or none) cannot upload for this one.
    let office = t.login("admin-330411").await;
    let refused = office.post(t.url(&format!("/imports?kind=contributions&organization={org}"))).multipart(form());
    assert_eq!(refused.send().await.unwrap().status(), 404);
    let township = t.login("admin-330402007").await;
    let org_page = township.get(t.url(&format!("/organizations/{org}"))).send().await.unwrap().text().await.unwrap();
    assert!(org_page.contains(&format!("href=\"/organizations/{org}/social-workers\"")), "linked for the office");
    let list = township.get(t.url("/social-workers")).send().await.unwrap().text().await.unwrap();
    assert!(list.contains("个月欠缴"), "the township's list flags the demo worker's arrears");
}
