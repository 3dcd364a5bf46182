//! Cultivation (4B): incubation bases host groups from entry to graduation, development-fund
//! support is granted and its result recorded, and both count per county and year.

mod common;

use chrono::{Datelike, Duration};
use common::{PASSWORD, TestApp, spawn_app};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};
use store::entity::{audit_log, organization};

async fn org_id(t: &TestApp, name: &str) -> i64 {
    let found = organization::Entity::find().filter(organization::Column::Name.eq(name)).one(&t.app.db).await;
    found.unwrap().expect("a demo organisation").id
}

/// The problem's first field error as (field, code).
async fn first_error(response: reqwest::Response) -> (String, String) {
    assert_eq!(response.status(), 422);
    let problem: Value = response.json().await.unwrap();
    let error = &problem["errors"][0];
    (error["field"].as_str().unwrap().to_string(), error["code"].as_str().unwrap().to_string())
}

async fn county_row(t: &TestApp, client: &reqwest::Client, year: i32, code: &str) -> Value {
    let counts = t.get_json(client, &format!("/api/v1/organizations/cultivation?year={year}")).await;
    counts["items"].as_array().unwrap().iter().find(|r| r["region_code"] == code).cloned().unwrap_or(Value::Null)
}

async fn audited(t: &TestApp, entity: &str, action: &str) -> u64 {
    audit_log::Entity::find()
        .filter(audit_log::Column::Entity.eq(entity))
        .filter(audit_log::Column::Action.eq(action))
        .count(&t.app.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_base_hosts_groups_until_they_graduate_and_counts_them_per_year() {
    let t = spawn_app().await;
    let today = t.app.settings.today();
    let year = today.year();
    let county = t.login("registrar-330402").await;
    let base = json!({"name": "南湖区社会组织孵化基地", "region_code": "330402", "operator": "南湖区社会组织服务中心",
                      "address": "南湖区广益路", "opened_on": format!("{}-01-01", year - 2)});
    let other_county =
        json!({"name": "秀洲区孵化基地", "region_code": "330411", "operator": "x", "opened_on": "2024-01-01"});
    assert_eq!(t.post_json(&county, "/api/v1/incubation-bases", &other_county).await.status(), 404);
    let unit = t.login("kexie-330400").await;
    assert_eq!(t.post_json(&unit, "/api/v1/incubation-bases", &base).await.status(), 404, "not civil affairs");
    let bad = json!({"name": " ", "region_code": "330402", "operator": "x", "opened_on": "2024-13-01"});
    let (field, code) = first_error(t.post_json(&county, "/api/v1/incubation-bases", &bad).await).await;
    assert_eq!((field.as_str(), code.as_str()), ("name", "required"));
    let id = t.created_id(&county, "/api/v1/incubation-bases", &base).await;
    assert_eq!(t.post_json(&county, "/api/v1/incubation-bases", &base).await.status(), 409);

    let stays = format!("/api/v1/incubation-bases/{id}/stays");
    let early = json!({"name": "百福睦邻议事会", "entered_on": format!("{}-12-31", year - 3)});
    let (field, code) = first_error(t.post_json(&county, &stays, &early).await).await;
    assert_eq!((field.as_str(), code.as_str()), ("entered_on", "entry-before-opening"));
    let group = json!({"name": "百福睦邻议事会", "entered_on": format!("{}-03-01", year - 1), "note": "社区议事"});
    let group_stay = t.created_id(&county, &stays, &group).await;
    assert_eq!(t.post_json(&county, &stays, &group).await.status(), 409, "hosted once at a time");
    // A registered organisation enters under its own name.
    let shufa = org_id(&t, "嘉兴市南湖区书法家协会").await;
    let registered =
        t.created_id(&county, &stays, &json!({"organization_id": shufa, "entered_on": today.to_string()})).await;
    let detail = t.get_json(&county, &format!("/api/v1/incubation-bases/{id}")).await;
    let names: Vec<&str> = detail["stays"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["嘉兴市南湖区书法家协会", "百福睦邻议事会"]);
    assert_eq!(detail["stays"][0]["id"], registered);

    // The group registers today and graduates as registered.
    let uscc = app::demo::demo_uscc("private_non_enterprise", "330402", 881);
    let new = json!({"name": "嘉兴市南湖区百福睦邻服务社", "uscc": uscc, "kind": "private_non_enterprise",
                     "category": "community", "region_code": "330402007", "registered_on": today.to_string()});
    let new_org = t.created_id(&county, "/api/v1/organizations", &new).await;
    let graduate = format!("/api/v1/incubation-stays/{group_stay}/graduate");
    let without = json!({"graduated_on": today.to_string(), "outcome": "registered"});
    let (field, code) = first_error(t.post_json(&county, &graduate, &without).await).await;
    assert_eq!((field.as_str(), code.as_str()), ("organization_id", "graduation-needs-organization"));
    let yesterday = (today - Duration::days(1)).to_string();
    let before = json!({"graduated_on": yesterday, "outcome": "registered", "organization_id": new_org});
    let (_, code) = first_error(t.post_json(&county, &graduate, &before).await).await;
    assert_eq!(code, "graduation-before-registration");
    let done = json!({"graduated_on": today.to_string(), "outcome": "registered", "organization_id": new_org});
    assert_eq!(t.post_json(&county, &graduate, &done).await.status(), 204);
    assert_eq!(t.post_json(&county, &graduate, &done).await.status(), 409, "graduates once");
    assert_eq!(audited(&t, "incubation_stay", "graduate").await, 1);
    let (field, code) = first_error(t.post_json(&county, &stays, &group).await).await;
    assert_eq!((field.as_str(), code.as_str()), ("entered_on", "incubation-overlap"), "back into its own past stay");
    let again = json!({"name": "百福睦邻议事会", "entered_on": today.to_string()});
    assert_eq!(t.post_json(&county, &stays, &again).await.status(), 201, "may enter again from the day it left");

    let city = t.login("registrar-330400").await;
    let listed = t.get_json(&city, "/api/v1/incubation-bases").await;
    assert_eq!(listed["items"][0]["hosted"], 2);
    assert_eq!(listed["items"][0]["graduated"], 1);
    assert_eq!(t.get_json(&unit, "/api/v1/incubation-bases").await["items"], json!([]));
    let this_year = county_row(&t, &city, year, "330402").await;
    assert_eq!(
        (&this_year["incubating"], &this_year["graduated"], &this_year["graduated_registered"]),
        (&json!(2), &json!(1), &json!(1))
    );
    let last_year = county_row(&t, &city, year - 1, "330402").await;
    assert_eq!((&last_year["incubating"], &last_year["graduated"]), (&json!(1), &json!(0)));
}

#[tokio::test]
async fn support_goes_to_active_organisations_within_bounds_and_records_its_result() {
    let t = spawn_app().await;
    let today = t.app.settings.today();
    let county = t.login("registrar-330402").await;
    let shufa = org_id(&t, "嘉兴市南湖区书法家协会").await;
    let path = format!("/api/v1/organizations/{shufa}/fund-supports");
    let grant = |fen: i64, on: String| json!({"amount_fen": fen, "purpose": "书法进社区公益课堂", "granted_on": on});

    let (field, code) = first_error(t.post_json(&county, &path, &grant(0, today.to_string())).await).await;
    assert_eq!((field.as_str(), code.as_str()), ("amount_fen", "amount-out-of-range"));
    let too_much = domain::organization::cultivation::MAX_SUPPORT_FEN + 1;
    assert_eq!(t.post_json(&county, &path, &grant(too_much, today.to_string())).await.status(), 422);
    let (field, code) = first_error(t.post_json(&county, &path, &grant(100, "2015-06-29".into())).await).await;
    assert_eq!((field.as_str(), code.as_str()), ("granted_on", "support-before-registration"));
    let tomorrow = (today + Duration::days(1)).to_string();
    assert_eq!(first_error(t.post_json(&county, &path, &grant(100, tomorrow)).await).await.1, "date-in-future");
    assert_eq!(t.post_json(&t.login("kexie-330400").await, &path, &grant(100, today.to_string())).await.status(), 404);
    let wenlian = t.login("wenlian-330400").await;
    assert_eq!(
        t.post_json(&wenlian, &path, &grant(100, today.to_string())).await.status(),
        403,
        "sees, does not grant"
    );
    let support = t.created_id(&county, &path, &grant(1_200_050, today.to_string())).await;
    assert_eq!(audited(&t, "fund_support", "grant").await, 1);

    let account = json!({"username": "org-shufa", "display_name": "书法家协会", "password": PASSWORD});
    t.created_id(&county, &format!("/api/v1/organizations/{shufa}/accounts"), &account).await;
    let own = t.get_json(&t.login("org-shufa").await, &path).await;
    assert_eq!(own["items"][0]["amount_yuan"], "12000.50");
    assert_eq!(own["items"][0]["year"], today.year());

    let result = format!("/api/v1/fund-supports/{support}/result");
    let early = json!({"result": "开课 12 次", "result_on": (today - Duration::days(1)).to_string()});
    assert_eq!(first_error(t.post_json(&county, &result, &early).await).await.1, "result-before-grant");
    let recorded = json!({"result": "开课 12 次，服务居民 640 人次", "result_on": today.to_string()});
    assert_eq!(t.post_json(&county, &result, &recorded).await.status(), 204);
    assert_eq!(t.post_json(&county, &result, &recorded).await.status(), 409, "recorded once");
    assert_eq!(t.get_json(&wenlian, &path).await["items"][0]["result"], "开课 12 次，服务居民 640 人次");

    let city = t.login("registrar-330400").await;
    let row = county_row(&t, &city, today.year(), "330402").await;
    assert_eq!((&row["supports"], &row["support_fen"]), (&json!(1), &json!(1_200_050)));
    assert_eq!(county_row(&t, &city, today.year() - 1, "330402").await["supports"], 0);

    organization::Entity::update_many()
        .col_expr(organization::Column::Status, sea_orm::sea_query::Expr::value("deregistered"))
        .filter(organization::Column::Id.eq(shufa))
        .exec(&t.app.db)
        .await
        .unwrap();
    assert_eq!(t.post_json(&county, &path, &grant(100, today.to_string())).await.status(), 409);
}

#[tokio::test]
async fn the_pages_open_a_base_take_in_and_graduate_a_group_and_grant_support() {
    let t = spawn_app().await;
    let today = t.app.settings.today().to_string();
    let civil = common::signed_in_browser(&t, "registrar-330402").await;
    let page = civil.get(t.url("/cultivation")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("城乡社区服务类") && page.contains("county-330402"), "the counts table");
    let base = [
        ("name", "南湖区孵化基地"),
        ("region_code", "330402"),
        ("operator", "南湖区社会组织服务中心"),
        ("address", ""),
        ("opened_on", "2024-01-01"),
    ];
    let mut bad = base;
    bad[4].1 = "2024-02-30";
    let refused = common::submit(&t, &civil, "/cultivation", "/cultivation/bases", &bad).await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains("南湖区社会组织服务中心"), "what was typed comes back");
    let opened = common::submit(&t, &civil, "/cultivation", "/cultivation/bases", &base).await;
    assert_eq!(opened.status(), 303);
    let base_page = opened.headers()["location"].to_str().unwrap().to_string();
    let enter = format!("{base_page}/stays");
    let unknown = [("name", ""), ("uscc", "51330400MJ0000000X"), ("entered_on", "2024-05-01"), ("note", "")];
    let refused = common::submit(&t, &civil, &base_page, &enter, &unknown).await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains("没有这个社会组织"));
    let group = [("name", "百福睦邻议事会"), ("uscc", ""), ("entered_on", "2024-05-01"), ("note", "社区议事")];
    assert_eq!(common::submit(&t, &civil, &base_page, &enter, &group).await.status(), 303);
    let html = civil.get(t.url(&base_page)).send().await.unwrap().text().await.unwrap();
    let stay = html.split("id=\"stay-").nth(1).and_then(|r| r.split('"').next()).unwrap().to_string();
    let graduate = format!("{base_page}/stays/{stay}/graduate");
    let filed = [("graduated_on", today.as_str()), ("outcome", "filed"), ("uscc", "")];
    assert_eq!(common::submit(&t, &civil, &base_page, &graduate, &filed).await.status(), 303);
    let html = civil.get(t.url(&base_page)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("社区备案") && !html.contains(&graduate), "graduated, no form left");

    let shufa = org_id(&t, "嘉兴市南湖区书法家协会").await;
    let org_page = format!("/organizations/{shufa}");
    let grant = format!("{org_page}/fund-supports");
    let typo = [("amount", "1２000"), ("purpose", "公益课堂"), ("granted_on", today.as_str())];
    let refused = common::submit(&t, &civil, &org_page, &grant, &typo).await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains("金额格式不对"));
    let fine = [("amount", "12,000.5"), ("purpose", "公益课堂"), ("granted_on", today.as_str())];
    assert_eq!(common::submit(&t, &civil, &org_page, &grant, &fine).await.status(), 303);
    let html = civil.get(t.url(&org_page)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("12000.50") && html.contains("/result\""), "listed with a result form");
    let unit = common::signed_in_browser(&t, "wenlian-330400").await;
    let html = unit.get(t.url(&org_page)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("12000.50") && !html.contains(&grant), "the unit reads, does not grant");
}

#[tokio::test]
async fn a_township_files_a_community_organisation_on_its_page() {
    let t = spawn_app().await;
    let township = common::signed_in_browser(&t, "admin-330402007").await;
    let fields = |members| {
        [
            ("name", "百福社区书画社"),
            ("region_code", "330402007024"),
            ("category", "culture_art"),
            ("leader", "王老师"),
            ("members", members),
            ("activities", "每周书画交流"),
        ]
    };
    let refused =
        common::submit(&t, &township, "/community-organizations", "/community-organizations", &fields("许多")).await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains("王老师"), "what was typed comes back");
    let filed =
        common::submit(&t, &township, "/community-organizations", "/community-organizations", &fields("18")).await;
    assert_eq!(filed.status(), 303);
    let county = common::signed_in_browser(&t, "admin-330402").await;
    let html = county.get(t.url("/community-organizations")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("百福社区书画社") && html.contains("建设街道"));
    assert!(!html.contains("action=\"/community-organizations\""), "a county reads, it does not file");
}

#[tokio::test]
async fn the_counts_export_to_a_spreadsheet_in_the_callers_language_and_the_export_is_audited() {
    let t = spawn_app().await;
    let year = t.app.settings.today().year();
    let registrar = t.login("registrar-330400").await;
    let response = registrar
        .get(t.url(&format!("/api/v1/organizations/cultivation/export?year={year}&format=csv")))
        .header("accept-language", "en")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let text = response.text().await.unwrap();
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    let header = lines.next().unwrap();
    assert!(header.starts_with("Region code,"), "{header}");
    assert!(header.contains("Trade associations and chambers (new this year)"), "{header}");
    let city = lines.find(|l| l.starts_with("330400,")).expect("the city's row");
    let counts = t.get_json(&registrar, &format!("/api/v1/organizations/cultivation?year={year}")).await;
    let row = counts["items"].as_array().unwrap().iter().find(|r| r["region_code"] == "330400").unwrap().clone();
    assert!(city.contains(&format!(",{},", row["totals"][0])), "{city} against {row}");
    assert_eq!(audited(&t, "cultivation_counts", "export").await, 1);
    let xlsx = registrar.get(t.url("/api/v1/organizations/party-coverage/export")).send().await.unwrap();
    assert_eq!(xlsx.status(), 200);
    assert!(xlsx.bytes().await.unwrap().starts_with(b"PK"), "an .xlsx is a zip");
    assert_eq!(audited(&t, "party_coverage", "export").await, 1);
    let worker = t.login("worker-330402007").await;
    assert_eq!(worker.get(t.url("/api/v1/organizations/party-coverage/export")).send().await.unwrap().status(), 404);
}
