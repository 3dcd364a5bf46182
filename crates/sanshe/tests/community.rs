//! The community registry (3A) over HTTP: posts, masking, reveals, rules, imports, exports.

mod common;

use chrono::NaiveDate;
use common::{TestApp, spawn_app};
use domain::identifiers::resident_id::compose;
use serde_json::{Value, json};

const HOME: &str = "330402007024";
const OTHER_COUNTY: &str = "330411002001";

fn id_number(order: u16) -> String {
    compose("330402", NaiveDate::from_ymd_opt(1985, 6, 15).unwrap(), order)
}

fn post(name: &str, id: &str, body: &str, title: &str) -> Value {
    json!({"name": name, "id_number": id, "phone": "13800000000", "body": body, "title": title,
           "employment": "full_time", "started_on": "2024-01-02"})
}

async fn audit_total(t: &TestApp) -> i64 {
    let admin = t.login("admin").await;
    let page: Value = t.get_json(&admin, "/api/v1/audit").await;
    page["total"].as_i64().unwrap()
}

#[tokio::test]
async fn a_person_added_to_a_post_is_listed_with_the_id_number_masked() {
    let t = spawn_app().await;
    let admin = t.login("admin-330402").await;
    let id = id_number(201);
    let r = t
        .post_json(
            &admin,
            &format!("/api/v1/communities/{HOME}/posts"),
            &post("赵敏", &id, "residents_committee", "member"),
        )
        .await;
    assert_eq!(r.status(), 201);
    let detail: Value = t.get_json(&admin, &format!("/api/v1/communities/{HOME}")).await;
    let text = detail.to_string();
    assert!(!text.contains(&id), "the full ID number leaked: {text}");
    let masked = format!("{}********{}", &id[..6], &id[14..]);
    assert!(text.contains(&masked), "{text}");
}

#[tokio::test]
async fn one_person_may_hold_posts_in_several_bodies() {
    let t = spawn_app().await;
    let admin = t.login("admin-330402").await;
    let id = id_number(203);
    for (body, title) in [("party_organization", "member"), ("affairs_station", "staff")] {
        let r =
            t.post_json(&admin, &format!("/api/v1/communities/{HOME}/posts"), &post("钱进", &id, body, title)).await;
        assert_eq!(r.status(), 201, "{body}");
    }
    let detail: Value = t.get_json(&admin, &format!("/api/v1/communities/{HOME}")).await;
    let holders: Vec<i64> = detail["bodies"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|b| b["posts"].as_array().unwrap().iter())
        .filter(|p| p["name"] == "钱进")
        .map(|p| p["person_id"].as_i64().unwrap())
        .collect();
    assert_eq!(holders.len(), 2);
    assert_eq!(holders[0], holders[1], "one person record, two posts");
}

#[tokio::test]
async fn a_head_post_has_one_holder_until_it_is_ended() {
    let t = spawn_app().await;
    let admin = t.login("admin-330402").await;
    // The demo community already has a director.
    let second = t
        .post_json(
            &admin,
            &format!("/api/v1/communities/{HOME}/posts"),
            &post("孙立", &id_number(205), "residents_committee", "director"),
        )
        .await;
    assert_eq!(second.status(), 409);
    let body: Value = second.json().await.unwrap();
    assert_eq!(body["errors"][0]["code"], "post-seat-taken");
    let detail: Value = t.get_json(&admin, &format!("/api/v1/communities/{HOME}")).await;
    let director = detail["bodies"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|b| b["posts"].as_array().unwrap().iter())
        .find(|p| p["title"] == "director")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let early = t
        .post_json(
            &admin,
            &format!("/api/v1/communities/{HOME}/posts/{director}/end"),
            &json!({"ended_on": "2020-01-01"}),
        )
        .await;
    assert_eq!(early.status(), 422, "an end before the start is refused");
    let ended = t
        .post_json(
            &admin,
            &format!("/api/v1/communities/{HOME}/posts/{director}/end"),
            &json!({"ended_on": "2025-12-31"}),
        )
        .await;
    assert_eq!(ended.status(), 204);
    let again = t
        .post_json(
            &admin,
            &format!("/api/v1/communities/{HOME}/posts"),
            &post("孙立", &id_number(205), "residents_committee", "director"),
        )
        .await;
    assert_eq!(again.status(), 201);
}

#[tokio::test]
async fn the_same_id_number_under_another_name_is_a_conflict() {
    let t = spawn_app().await;
    let admin = t.login("admin-330402").await;
    let id = id_number(207);
    t.post_json(
        &admin,
        &format!("/api/v1/communities/{HOME}/posts"),
        &post("李雷", &id, "residents_committee", "member"),
    )
    .await;
    let clash = t
        .post_json(
            &admin,
            &format!("/api/v1/communities/{HOME}/posts"),
            &post("韩梅梅", &id, "affairs_station", "staff"),
        )
        .await;
    assert_eq!(clash.status(), 409);
    let body: Value = clash.json().await.unwrap();
    assert_eq!(body["errors"][0]["field"], "name");
}

#[tokio::test]
async fn bad_input_gets_every_field_error_in_the_requested_language_and_writes_nothing() {
    let t = spawn_app().await;
    let before = audit_total(&t).await;
    let admin = t.login("admin-330402").await;
    let bad = json!({"name": "", "id_number": "330402198506151230", "body": "party_organization", "title": "director",
                     "employment": "sometimes", "started_on": "2024-02-30"});
    let zh = t.post_json(&admin, &format!("/api/v1/communities/{HOME}/posts"), &bad).await;
    assert_eq!(zh.status(), 422);
    let zh: Value = zh.json().await.unwrap();
    let fields: Vec<&str> = zh["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    for field in ["name", "id_number", "employment", "started_on", "title"] {
        assert!(fields.contains(&field), "{field} not reported: {zh}");
    }
    assert_eq!(zh["title"], "提交的数据有误");
    let en: Value = admin
        .post(t.url(&format!("/api/v1/communities/{HOME}/posts")))
        .header("accept-language", "en-GB,en;q=0.9")
        .json(&bad)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(en["title"], "The submitted data is invalid");
    let malformed = admin
        .post(t.url(&format!("/api/v1/communities/{HOME}/posts")))
        .header("content-type", "application/json")
        .body("{\"name\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(malformed.status(), 400);
    let huge = "长".repeat(10_000);
    let long = admin
        .put(t.url(&format!("/api/v1/communities/{HOME}/profile")))
        .json(&json!({"urban": true, "households": -1, "population": 1, "address": huge}))
        .send()
        .await
        .unwrap();
    assert_eq!(long.status(), 422);
    // Only the logins above were recorded: no change slipped through.
    let after = audit_total(&t).await;
    assert_eq!(after - before, 2, "one login for each audit_total and one for this test");
}

#[tokio::test]
async fn another_countys_community_does_not_exist_for_a_county_admin() {
    let t = spawn_app().await;
    let nanhu = t.login("admin-330402").await;
    assert_eq!(nanhu.get(t.url(&format!("/api/v1/communities/{OTHER_COUNTY}"))).send().await.unwrap().status(), 404);
    let write = t
        .post_json(
            &nanhu,
            &format!("/api/v1/communities/{OTHER_COUNTY}/posts"),
            &post("周", &id_number(209), "residents_committee", "member"),
        )
        .await;
    assert_eq!(write.status(), 404);
    let list: Value = t.get_json(&nanhu, "/api/v1/communities?q=亚都").await;
    assert_eq!(list["total"], 0, "秀洲区's 亚都社区 must not be listed: {list}");
    let mine: Value = t.get_json(&nanhu, "/api/v1/communities?q=百福弄").await;
    assert_eq!(mine["total"], 1);
}

#[tokio::test]
async fn a_reveal_shows_the_full_number_and_is_audited() {
    let t = spawn_app().await;
    let admin = t.login("admin-330402").await;
    let detail: Value = t.get_json(&admin, &format!("/api/v1/communities/{HOME}")).await;
    let person = detail["bodies"][0]["posts"][0]["person_id"].as_i64().unwrap();
    let revealed: Value = admin
        .post(t.url(&format!("/api/v1/communities/{HOME}/persons/{person}/reveal")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let full = revealed["id_number"].as_str().unwrap();
    assert_eq!(full.len(), 18);
    assert!(!full.contains('*'));
    let worker = t.login("worker-330402007").await;
    let refused =
        worker.post(t.url(&format!("/api/v1/communities/{HOME}/persons/{person}/reveal"))).send().await.unwrap();
    assert_eq!(refused.status(), 403);
    let city = t.login("admin").await;
    let audit: Value = t.get_json(&city, "/api/v1/audit?q=reveal").await;
    assert_eq!(audit["total"], 1);
    assert_eq!(audit["entries"][0]["actor"], "admin-330402");
}

fn csv(rows: &[&str]) -> Vec<u8> {
    let mut text = String::from("社区代码,姓名,身份证号,手机号码,组织,职务,专兼职,任职日期\n");
    for row in rows {
        text.push_str(row);
        text.push('\n');
    }
    text.into_bytes()
}

async fn import(t: &TestApp, client: &reqwest::Client, name: &str, bytes: Vec<u8>, commit: bool) -> (u16, Value) {
    let form = reqwest::multipart::Form::new()
        .part("file", reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()));
    let r = client
        .post(t.url(&format!("/api/v1/communities/import?commit={commit}")))
        .multipart(form)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

#[tokio::test]
async fn an_import_with_one_bad_row_reports_it_and_writes_nothing() {
    let t = spawn_app().await;
    let admin = t.login("admin-330402").await;
    let good = id_number(301);
    let rows = [
        format!("{HOME},吴刚,{good},13900000001,党组织,委员,兼职,2023-05-01"),
        format!("{HOME},郑芳,{},13900000002,居委会,委员,专职,2023-05-01", id_number(303)),
        format!("{HOME},王五,330402198506151239,13900000003,居委会,委员,专职,2023-05-01"),
        format!("{OTHER_COUNTY},冯七,{},13900000004,居委会,委员,专职,2023-05-01", id_number(305)),
    ];
    let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
    let (status, report) = import(&t, &admin, "posts.csv", csv(&refs), true).await;
    assert_eq!(status, 200);
    assert_eq!(report["committed"], false);
    let bad_rows: Vec<i64> = report["errors"].as_array().unwrap().iter().map(|e| e["row"].as_i64().unwrap()).collect();
    assert_eq!(bad_rows, vec![4, 5], "{report}");
    assert_eq!(report["errors"][0]["field"], "id_number");
    let detail: Value = t.get_json(&admin, &format!("/api/v1/communities/{HOME}")).await;
    assert!(!detail.to_string().contains("吴刚"), "nothing may be written");

    let (_, report) = import(&t, &admin, "posts.csv", csv(&refs[..2]), false).await;
    assert_eq!(report["committed"], false, "a dry run writes nothing");
    assert!(report["errors"].as_array().unwrap().is_empty());
    let (_, report) = import(&t, &admin, "posts.csv", csv(&refs[..2]), true).await;
    assert_eq!(report["committed"], true);
    let detail: Value = t.get_json(&admin, &format!("/api/v1/communities/{HOME}")).await;
    assert!(detail.to_string().contains("吴刚") && detail.to_string().contains("郑芳"));
}

#[tokio::test]
async fn a_dry_run_finds_seat_clashes_inside_the_file() {
    let t = spawn_app().await;
    let admin = t.login("admin-330402").await;
    let rows = [
        format!("{HOME},甲,{},,社区工作站,工作人员,专职,2023-05-01", id_number(311)),
        format!("{HOME},乙,{},,居委会,主任,专职,2023-05-01", id_number(313)),
    ];
    let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
    let (_, report) = import(&t, &admin, "posts.csv", csv(&refs), false).await;
    assert_eq!(report["errors"].as_array().unwrap().len(), 1, "{report}");
    assert_eq!(report["errors"][0]["row"], 3);
    assert_eq!(report["errors"][0]["code"], "post-seat-taken");
}

#[tokio::test]
async fn xlsx_imports_and_exports_round_trip_the_columns() {
    let t = spawn_app().await;
    let admin = t.login("admin-330402").await;
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let header = ["社区代码", "姓名", "身份证号", "手机号码", "组织", "职务", "专兼职", "任职日期"];
    let id = id_number(321);
    let row = [HOME, "褚红", id.as_str(), "13700000000", "党组织", "委员", "兼职", "2022-09-01"];
    for (col, (h, v)) in header.iter().zip(row).enumerate() {
        sheet.write_string(0, col as u16, *h).unwrap();
        sheet.write_string(1, col as u16, v).unwrap();
    }
    let (_, report) = import(&t, &admin, "posts.xlsx", book.save_to_buffer().unwrap(), true).await;
    assert_eq!(report["committed"], true, "{report}");

    let export = admin.get(t.url(&format!("/api/v1/communities/export?format=xlsx&code={HOME}"))).send().await.unwrap();
    assert_eq!(export.status(), 200);
    let bytes = export.bytes().await.unwrap().to_vec();
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let rows: Vec<Vec<String>> = sheet.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
    assert_eq!(rows[0], header.map(String::from).to_vec());
    let exported = rows.iter().find(|r| r[1] == "褚红").expect("imported person exported");
    assert_eq!(exported[2], format!("{}********{}", &id[..6], &id[14..]), "exports are masked");
    assert_eq!(exported[4], "党组织");
    let city = t.login("admin").await;
    let audit: Value = t.get_json(&city, "/api/v1/audit?q=export").await;
    assert_eq!(audit["total"], 1, "the export is audited");
    let csv = admin.get(t.url("/api/v1/communities/export?format=csv")).send().await.unwrap().bytes().await.unwrap();
    assert!(csv.starts_with(b"\xEF\xBB\xBF"), "CSV starts with a BOM for Excel");
}

#[tokio::test]
async fn a_file_without_the_template_header_is_refused() {
    let t = spawn_app().await;
    let admin = t.login("admin-330402").await;
    let (status, body) = import(&t, &admin, "x.csv", b"a,b,c\n1,2,3\n".to_vec(), false).await;
    assert_eq!(status, 422);
    assert_eq!(body["errors"][0]["code"], "import-header");
    let (status, _) = import(&t, &admin, "x.xlsx", b"PK not really a zip".to_vec(), false).await;
    assert_eq!(status, 422);
}

#[tokio::test]
async fn profile_updates_are_audited_with_before_and_after() {
    let t = spawn_app().await;
    let admin = t.login("admin-330402").await;
    let r = admin
        .put(t.url(&format!("/api/v1/communities/{HOME}/profile")))
        .json(&json!({"urban": true, "households": 1300, "population": 3600, "address": "百福弄 1 号"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let city = t.login("admin").await;
    let audit: Value = t.get_json(&city, &format!("/api/v1/audit?q={HOME}")).await;
    let entry = audit["entries"].as_array().unwrap().iter().find(|e| e["entity"] == "community").unwrap();
    assert!(entry["before"].as_str().unwrap().contains("1260"));
    assert!(entry["after"].as_str().unwrap().contains("1300"));
    assert_eq!(entry["actor"], "admin-330402");
}

#[tokio::test]
async fn staff_forms_check_phone_numbers_as_the_public_ones_do() {
    let t = spawn_app().await;
    let admin = t.login("admin-330402").await;
    let mut bad = post("钱芳", &id_number(231), "residents_committee", "member");
    bad["phone"] = json!("abc");
    let r = t.post_json(&admin, &format!("/api/v1/communities/{HOME}/posts"), &bad).await;
    assert_eq!(r.status(), 422);
    let problem: Value = r.json().await.unwrap();
    assert_eq!(
        (&problem["errors"][0]["field"], &problem["errors"][0]["code"]),
        (&json!("phone"), &json!("phone-format"))
    );
    let profile = json!({"urban": true, "households": 1, "population": 1, "phone": "call me"});
    let r = admin.put(t.url(&format!("/api/v1/communities/{HOME}/profile"))).json(&profile).send().await.unwrap();
    assert_eq!(r.status(), 422);
    let landline = json!({"urban": true, "households": 1, "population": 1, "phone": "0573-82001234"});
    let r = admin.put(t.url(&format!("/api/v1/communities/{HOME}/profile"))).json(&landline).send().await.unwrap();
    assert_eq!(r.status(), 204);
}
