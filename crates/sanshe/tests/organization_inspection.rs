//! Annual inspection (4C, 4D): a report with party-building facts goes from the
//! organisation through its supervising unit to civil affairs; a missed due date puts the
//! organisation on the public lists (computed), filing takes it off; party coverage per county.

mod common;

use chrono::{Datelike, Duration};
use common::{PASSWORD, TestApp, spawn_app};
use serde_json::{Value, json};

async fn find(t: &TestApp, name: &str) -> i64 {
    let q: String = name.bytes().map(|b| format!("%{b:02X}")).collect();
    t.get_json(&t.anonymous(), &format!("/api/v1/public/organizations?q={q}")).await["items"][0]["id"].as_i64().unwrap()
}

/// Sets a report year whose due date was `days_ago`; returns the year.
async fn year_due(t: &TestApp, registrar: &reqwest::Client, days_ago: i64) -> i32 {
    let due = t.app.settings.today() - Duration::days(days_ago);
    let year = due.year() - 1;
    let set = registrar
        .put(t.url(&format!("/api/v1/inspection-years/330400/{year}")))
        .json(&json!({"due_on": due.to_string()}))
        .send()
        .await
        .unwrap();
    assert_eq!(set.status(), 204);
    year
}

fn report(year: i32, members: i32, form: &str) -> Value {
    json!({"year": year, "activities": "举办书法展览三次，公益培训十二期。", "income_fen": 12_000_000,
           "expenditure_fen": 9_000_000, "net_assets_fen": 30_000_000, "staff": 4,
           "party_members": members, "party_form": form})
}

async fn standing(t: &TestApp, id: i64) -> Value {
    t.get_json(&t.anonymous(), &format!("/api/v1/public/organizations/{id}")).await
}

async fn listed(t: &TestApp, list: &str) -> Vec<i64> {
    let found = t.get_json(&t.anonymous(), &format!("/api/v1/public/organization-lists/{list}")).await;
    found["items"].as_array().unwrap().iter().map(|i| i["id"].as_i64().unwrap()).collect()
}

#[tokio::test]
async fn a_report_goes_through_the_unit_to_civil_affairs_and_filing_ends_the_listing() {
    let t = spawn_app().await;
    let registrar = t.login("registrar-330400").await;
    let id = find(&t, "嘉兴市南湖区书法家协会").await;
    let account = json!({"username": "org-shufa", "display_name": "书法家协会", "password": PASSWORD});
    t.created_id(&registrar, &format!("/api/v1/organizations/{id}/accounts"), &account).await;
    let year = year_due(&t, &registrar, 1).await;

    let before = standing(&t, id).await;
    assert_eq!(before["standing"]["status"], "abnormal", "{before}");
    assert_eq!(before["standing"]["entries"][0]["cause"], "report_missed");
    assert_eq!(before["standing"]["entries"][0]["decision"], format!("annual_report:{year}"));
    assert!(listed(&t, "abnormal").await.contains(&id));

    let org = t.login("org-shufa").await;
    let path = format!("/api/v1/organizations/{id}/annual-reports");
    let few = t.post_json(&org, &path, &report(year, 2, "independent")).await;
    assert_eq!(few.status(), 422);
    assert_eq!(few.json::<Value>().await.unwrap()["errors"][0]["field"], "party_members");
    assert_eq!(t.post_json(&org, &path, &report(year, 5, "independent")).await.status(), 201);
    assert_eq!(t.post_json(&org, &path, &report(year, 5, "independent")).await.status(), 409);
    let current = t.app.settings.today().year();
    assert_eq!(t.post_json(&org, &path, &report(current, 5, "independent")).await.status(), 422, "not this year yet");

    let after = standing(&t, id).await;
    assert_eq!(after["standing"]["status"], "clear");
    assert_eq!(after["standing"]["entries"][0]["removed_on"], t.app.settings.today().to_string(), "the history stays");
    assert_eq!(after["standing"]["entries"][0]["removal"], "obligation_met");
    assert!(!listed(&t, "abnormal").await.contains(&id));

    let conclude = format!("/api/v1/organizations/{id}/annual-reports/{year}/conclude");
    let review = format!("/api/v1/organizations/{id}/annual-reports/{year}/review");
    assert_eq!(t.post_json(&registrar, &conclude, &json!({"conclusion": "qualified"})).await.status(), 409);
    let kexie = t.login("kexie-330400").await;
    assert_eq!(t.post_json(&kexie, &review, &json!({"opinion": "同意"})).await.status(), 404);
    let wenlian = t.login("wenlian-330400").await;
    assert_eq!(t.post_json(&wenlian, &review, &json!({"opinion": ""})).await.status(), 422);
    assert_eq!(t.post_json(&wenlian, &review, &json!({"opinion": "活动正常，同意年检合格。"})).await.status(), 204);
    assert_eq!(t.post_json(&org, &conclude, &json!({"conclusion": "qualified"})).await.status(), 403);
    assert_eq!(t.post_json(&registrar, &conclude, &json!({"conclusion": "best"})).await.status(), 422);
    assert_eq!(t.post_json(&registrar, &conclude, &json!({"conclusion": "qualified"})).await.status(), 204);
    assert_eq!(t.post_json(&registrar, &conclude, &json!({"conclusion": "unqualified"})).await.status(), 409);

    let public = standing(&t, id).await;
    assert_eq!(public["inspections"][0]["year"], year);
    assert_eq!(public["inspections"][0]["conclusion"], "qualified");
    let reports = t.get_json(&wenlian, &path).await;
    assert_eq!(reports["items"][0]["unit_opinion"], "活动正常，同意年检合格。");
    assert_eq!(reports["items"][0]["party_form"], "independent");
    assert_eq!(reports["items"][0]["late"], true, "filed after the due date");
}

#[tokio::test]
async fn two_years_on_the_abnormal_list_make_a_serious_case_that_filing_alone_does_not_end() {
    let t = spawn_app().await;
    let registrar = t.login("registrar-330400").await;
    let id = find(&t, "嘉兴市摄影家协会").await;
    let year = year_due(&t, &registrar, 2 * 366).await;
    assert_eq!(standing(&t, id).await["standing"]["status"], "serious");
    assert!(listed(&t, "serious").await.contains(&id));
    assert!(!listed(&t, "abnormal").await.contains(&id), "one list at a time");
    let path = format!("/api/v1/organizations/{id}/annual-reports");
    assert_eq!(t.post_json(&registrar, &path, &report(year, 0, "instructor")).await.status(), 201, "a paper report");
    // 民政部令第60号: off the serious list only on application after two years on it.
    assert_eq!(standing(&t, id).await["standing"]["status"], "serious");
    let removal =
        json!({"kind": "serious_removal", "dated_on": t.app.settings.today().to_string(), "note": "申请移出"});
    let refused = t.post_json(&registrar, &format!("/api/v1/organizations/{id}/credit-records"), &removal).await;
    assert_eq!(refused.status(), 409);
    assert_eq!(refused.json::<Value>().await.unwrap()["errors"][0]["code"], "credit-serious-too-soon");
    assert_eq!(t.anonymous().get(t.url("/api/v1/public/organization-lists/clear")).send().await.unwrap().status(), 404);
}

#[tokio::test]
async fn party_coverage_counts_each_county_from_the_reports() {
    let t = spawn_app().await;
    let registrar = t.login("registrar-330400").await;
    let year = year_due(&t, &registrar, 1).await;
    let forms = [
        ("嘉兴市软件行业协会", 12, "association_party"),
        ("嘉兴市心理学会", 1, "instructor"),
        ("嘉兴市机械工程学会", 0, "none"),
    ];
    for (name, members, form) in forms {
        let id = find(&t, name).await;
        let path = format!("/api/v1/organizations/{id}/annual-reports");
        assert_eq!(t.post_json(&registrar, &path, &report(year, members, form)).await.status(), 201, "{name}");
    }
    let coverage = t.get_json(&registrar, &format!("/api/v1/organizations/party-coverage?year={year}")).await;
    let rows = coverage["items"].as_array().unwrap();
    let city = rows.iter().find(|r| r["region_code"] == "330400").expect("the city's own organisations");
    let orgs = city["organizations"].as_u64().unwrap();
    assert!(orgs >= 3, "{city}");
    assert_eq!(city["reported"], 3);
    assert_eq!(city["with_party_members"], 2);
    assert_eq!(city["party_members"], 13);
    assert_eq!(city["organised"], 1);
    assert_eq!(city["instructor"], 1);
    assert_eq!(city["coverage_permille"], 2000 / orgs);
    let county = rows.iter().find(|r| r["region_code"] == "330402").expect("南湖区");
    assert_eq!(county["reported"], 0);
    assert_eq!(county["coverage_permille"], 0);
    let kexie = t.login("kexie-330400").await;
    let theirs = t.get_json(&kexie, &format!("/api/v1/organizations/party-coverage?year={year}")).await;
    let total: u64 = theirs["items"].as_array().unwrap().iter().map(|r| r["organizations"].as_u64().unwrap()).sum();
    assert_eq!(total, 1, "a unit counts its own organisations only");

    let page = common::signed_in_browser(&t, "registrar-330400").await;
    let html = page.get(t.url(&format!("/party-coverage?year={year}"))).send().await.unwrap().text().await.unwrap();
    let permille = 2000 / orgs;
    let city_row = html.split("id=\"county-330400\"").nth(1).and_then(|r| r.split("</tr>").next()).unwrap();
    assert!(city_row.contains(&format!("{}.{}%", permille / 10, permille % 10)), "{city_row}");
}

#[tokio::test]
async fn party_facts_given_at_registration_count_from_the_registration_date() {
    let t = spawn_app().await;
    let registrar = t.login("registrar-330400").await;
    let year = t.app.settings.today().year();
    let row = |coverage: &Value| {
        coverage["items"].as_array().unwrap().iter().find(|r| r["region_code"] == "330402").unwrap().clone()
    };
    let before = row(&t.get_json(&registrar, &format!("/api/v1/organizations/party-coverage?year={year}")).await);
    let mut new = json!({"name": "嘉兴市南湖区新时代志愿服务社", "kind": "private_non_enterprise", "category": "community",
        "uscc": app::demo::demo_uscc("private_non_enterprise", "330400", 881), "region_code": "330402007",
        "registered_on": t.app.settings.today().to_string(), "party_members": 4, "party_form": "cell"});
    let refused = t.post_json(&registrar, "/api/v1/organizations", &new).await;
    assert_eq!(refused.status(), 422);
    assert_eq!(refused.json::<Value>().await.unwrap()["errors"][0]["field"], "party_form");
    new["party_form"] = json!("independent");
    let id = t.created_id(&registrar, "/api/v1/organizations", &new).await;
    let after = row(&t.get_json(&registrar, &format!("/api/v1/organizations/party-coverage?year={year}")).await);
    assert_eq!(after["organizations"], before["organizations"].as_u64().unwrap() + 1);
    assert_eq!(after["reported"], before["reported"], "no report yet");
    assert_eq!(after["organised"], before["organised"].as_u64().unwrap() + 1, "counted from registration");
    assert_eq!(after["party_members"], before["party_members"].as_i64().unwrap() + 4);
    let earlier = t.get_json(&registrar, &format!("/api/v1/organizations/party-coverage?year={}", year - 1)).await;
    assert_eq!(row(&earlier)["organised"], before["organised"], "not before the registration date");
    let page = common::signed_in_browser(&t, "registrar-330400").await;
    let html = page.get(t.url(&format!("/organizations/{id}"))).send().await.unwrap().text().await.unwrap();
    let facts = html.split("id=\"party-at-registration\"").nth(1).and_then(|r| r.split("</dd>").next()).unwrap();
    assert!(facts.contains("单独组建") && facts.contains('4'), "{facts}");
}

#[tokio::test]
async fn unit_and_registrar_do_their_steps_on_the_organisation_page() {
    let t = spawn_app().await;
    let registrar = t.login("registrar-330400").await;
    let id = find(&t, "嘉兴市南湖区书法家协会").await;
    let year = year_due(&t, &registrar, 1).await;
    let public_list = t.anonymous().get(t.url("/public/organization-lists/abnormal")).send().await.unwrap();
    assert!(public_list.text().await.unwrap().contains("嘉兴市南湖区书法家协会"));
    let path = format!("/api/v1/organizations/{id}/annual-reports");
    assert_eq!(t.post_json(&registrar, &path, &report(year, 3, "joint")).await.status(), 201);

    let page = format!("/organizations/{id}");
    let review = format!("/organizations/{id}/annual-reports/{year}/review");
    let conclude = format!("/organizations/{id}/annual-reports/{year}/conclude");
    let unit = common::signed_in_browser(&t, "wenlian-330400").await;
    let html = unit.get(t.url(&page)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains(&review) && !html.contains(&conclude), "the unit reviews, it does not conclude");
    let csrf = common::csrf_of(&html);
    let empty = unit.post(t.url(&review)).form(&[("_csrf", csrf.as_str()), ("opinion", "")]).send().await.unwrap();
    assert_eq!(empty.status(), 422);
    assert!(empty.text().await.unwrap().contains("notice bad"), "the error is on the page");
    let sent = unit.post(t.url(&review)).form(&[("_csrf", csrf.as_str()), ("opinion", "同意")]).send().await.unwrap();
    assert_eq!(sent.status(), 303);

    let civil = common::signed_in_browser(&t, "registrar-330400").await;
    let html = civil.get(t.url(&page)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains(&conclude) && !html.contains(&review));
    let csrf = common::csrf_of(&html);
    let form = [("_csrf", csrf.as_str()), ("conclusion", "basically_qualified")];
    assert_eq!(civil.post(t.url(&conclude)).form(&form).send().await.unwrap().status(), 303);
    let public = t.anonymous().get(t.url(&format!("/public/organizations/{id}"))).send().await.unwrap();
    let public = public.text().await.unwrap();
    assert!(public.contains("基本合格") && public.contains("未列入异常名录"), "{public}");
}

#[tokio::test]
async fn cultivation_counts_the_priority_kinds_per_county_and_the_new_ones() {
    let t = spawn_app().await;
    let registrar = t.login("registrar-330400").await;
    let year = t.app.settings.today().year();
    let new = json!({"name": "嘉兴市南湖区邻里互助服务社", "uscc": app::demo::demo_uscc("private_non_enterprise", "330400", 880),
        "kind": "private_non_enterprise", "category": "charity", "region_code": "330402007",
        "registered_on": t.app.settings.today().to_string()});
    t.created_id(&registrar, "/api/v1/organizations", &new).await;
    let counts = t.get_json(&registrar, &format!("/api/v1/organizations/cultivation?year={year}")).await;
    let kinds: Vec<&str> = counts["kinds"].as_array().unwrap().iter().map(|k| k.as_str().unwrap()).collect();
    assert_eq!(kinds, ["trade_association", "private_non_enterprise", "charity", "community", "professional"]);
    let row =
        |code: &str| counts["items"].as_array().unwrap().iter().find(|r| r["region_code"] == code).unwrap().clone();
    // Demo: the city has a trade association, a charity foundation and a professional
    // association; 南湖区 has a community service centre (a private non-enterprise unit).
    assert_eq!(row("330400")["totals"], json!([1, 0, 1, 0, 1]));
    assert_eq!(row("330402")["totals"], json!([0, 2, 1, 1, 0]), "the new unit counts as PNE and charity");
    assert_eq!(row("330402")["new"], json!([0, 1, 1, 0, 0]));
    let earlier = t.get_json(&registrar, &format!("/api/v1/organizations/cultivation?year={}", year - 1)).await;
    let before = earlier["items"].as_array().unwrap().iter().find(|r| r["region_code"] == "330402").unwrap().clone();
    assert_eq!(before["totals"], json!([0, 1, 0, 1, 0]), "not yet registered at the end of last year");
}

#[tokio::test]
async fn townships_file_community_organisations_within_their_own_communities() {
    let t = spawn_app().await;
    let township = t.login("admin-330402007").await;
    let path = "/api/v1/regions/330402007/community-organizations";
    let filing = json!({"name": "百福社区老年协会", "region_code": "330402007024", "category": "community",
                        "leader": "陈阿姨", "members": 36, "activities": "每周文体活动"});
    assert_eq!(
        t.post_json(&township, path, &json!({"name": "", "region_code": "330411002207", "members": 0})).await.status(),
        422
    );
    t.created_id(&township, path, &filing).await;
    assert_eq!(t.post_json(&township, path, &filing).await.status(), 409, "a name once per township");
    let other = t.login("admin-330411").await;
    assert_eq!(t.post_json(&other, path, &filing).await.status(), 404, "another county's township");
    let worker = t.login("worker-330402007").await;
    assert_eq!(t.post_json(&worker, path, &filing).await.status(), 403, "reads, does not file");
    let listed = t.get_json(&worker, "/api/v1/regions/330402007/community-organizations").await;
    assert_eq!(listed["items"][0]["name"], "百福社区老年协会");
    let county = t.get_json(&t.login("admin-330402").await, "/api/v1/regions/330402/community-organizations").await;
    assert_eq!(county["items"][0]["township"], "建设街道");
    assert_eq!(county["items"][0]["members"], 36);
    let county = t.get_json(&other, "/api/v1/regions/330411/community-organizations").await;
    assert_eq!(county["items"], json!([]));
}
