//! Page texts (issue 12, point 17): every label says what it labels, in the reader's
//! language, and no page shows a message key, a message's placeholder or raw JSON alone.

mod common;

use common::{HOME, PASSWORD, TestApp, signed_in_browser, spawn_app};
use serde_json::json;

async fn page(t: &TestApp, client: &reqwest::Client, path: &str) -> String {
    client.get(t.url(path)).send().await.unwrap().text().await.unwrap()
}

#[tokio::test]
async fn the_meeting_form_labels_its_members_field_without_a_placeholder() {
    let t = spawn_app().await;
    let staff = signed_in_browser(&t, "admin-330402").await;
    let meetings = page(&t, &staff, &format!("/communities/{HOME}/meetings")).await;
    assert!(meetings.contains("应到人数（会议组成人员）"), "the field's own label");
    assert!(!meetings.contains("{$max}") && !meetings.contains("{ $max }"), "no message left unformatted");
}

#[tokio::test]
async fn the_account_form_offers_no_organisation_account() {
    let t = spawn_app().await;
    let admin = signed_in_browser(&t, "admin-330402").await;
    let accounts = page(&t, &admin, "/accounts").await;
    assert!(accounts.contains("value=\"resident\""), "the roles are offered");
    assert!(!accounts.contains("value=\"organization\""), "opened from the organisation's page instead");
    let api = t.login("admin-330402").await;
    let account = json!({"username": "org-by-hand", "display_name": "某协会", "password": PASSWORD,
        "role": "organization", "region_code": "330402"});
    assert_eq!(t.post_json(&api, "/api/v1/accounts", &account).await.status(), 422);
}

#[tokio::test]
async fn the_incubation_table_heads_its_hosted_column_with_a_label() {
    let t = spawn_app().await;
    let civil = signed_in_browser(&t, "registrar-330402").await;
    let cultivation = page(&t, &civil, "/cultivation").await;
    assert!(cultivation.contains("在孵组织"), "the column's own header");
    assert!(!cultivation.contains("出孵前不能再次入孵"), "not the violation sharing its key");
}

#[tokio::test]
async fn the_registration_lookup_asks_for_the_application_number() {
    let t = spawn_app().await;
    let lookup = page(&t, &t.anonymous(), "/public/registrations/DJ20261127-7K3Q9MXA").await;
    assert!(lookup.contains("申请编号") && lookup.contains("没有找到这个申请编号"), "{lookup}");
    assert!(!lookup.contains("投诉编号"), "a registration is no complaint");
}

/// Checks a posts sheet whose second row has a bad ID number on the import page, as
/// `lang`, and returns the finished job's page.
async fn checked_posts_import(t: &TestApp, lang: &str) -> String {
    let county = signed_in_browser(t, "admin-330402").await;
    county.get(t.url(&format!("/lang/{lang}"))).send().await.unwrap();
    let form = page(t, &county, "/imports").await;
    let csrf = form.split("_csrf=").nth(1).and_then(|rest| rest.split('"').next()).expect("csrf in action");
    let line = |name: &str, id: &str| format!("{HOME},{name},{id},13905731234,居民委员会,委员,兼职,2024-01-02\n");
    let mut csv = String::from("社区代码,姓名,身份证号,手机号码,组织,职务,专兼职,任职日期\n");
    csv += &line("沈一", &common::adult_id(1, true));
    csv += &line("沈二", "330402198507150029");
    csv += &line("沈三", &common::adult_id(3, true));
    csv += &line("沈四", &common::adult_id(4, false));
    let file = reqwest::multipart::Part::bytes(csv.into_bytes()).file_name("posts.csv");
    let uploaded = county
        .post(t.url(&format!("/imports?_csrf={csrf}")))
        .multipart(reqwest::multipart::Form::new().part("file", file))
        .send()
        .await
        .unwrap();
    assert_eq!(uploaded.status(), 303);
    let job = uploaded.headers()["location"].to_str().unwrap().to_string();
    for _ in 0..100 {
        let shown = page(t, &county, &job).await;
        if !shown.contains("hx-trigger=\"every") {
            return shown;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the check did not finish");
}

#[tokio::test]
async fn import_errors_name_the_column_in_the_readers_language() {
    let t = spawn_app().await;
    let chinese = checked_posts_import(&t, "zh-CN").await;
    assert!(chinese.contains("<td>身份证号</td>"), "{chinese}");
    assert!(!chinese.contains("id_number"), "no field key");
    let english = checked_posts_import(&t, "en").await;
    assert!(english.contains("<td>ID number</td>"), "{english}");
}

#[tokio::test]
async fn a_check_that_finds_errors_shows_every_row_processed() {
    let t = spawn_app().await;
    let checked = checked_posts_import(&t, "zh-CN").await;
    assert!(checked.contains("已处理 4 / 4 行"), "{checked}");
}

#[tokio::test]
async fn the_registrars_import_page_is_not_titled_for_people_and_posts() {
    let t = spawn_app().await;
    let registrar = signed_in_browser(&t, "registrar-330402").await;
    let imports = page(&t, &registrar, "/imports").await;
    assert!(imports.contains("社会组织登记信息"), "the organisations' import");
    assert!(!imports.contains("人员任职"), "which the registrar may not import");
}

#[tokio::test]
async fn the_audit_log_reads_in_the_readers_language_and_keeps_the_exact_record() {
    let t = spawn_app().await;
    let api = t.login("admin-330402").await;
    let account = json!({"username": "audit-reader", "display_name": "审计读者", "password": PASSWORD,
        "role": "resident", "region_code": "330402"});
    assert_eq!(t.post_json(&api, "/api/v1/accounts", &account).await.status(), 201);
    let admin = signed_in_browser(&t, "admin-330402").await;
    let audit = page(&t, &admin, "/audit").await;
    assert!(audit.contains("<td>新建</td>") && audit.contains("<td>登录</td>"), "actions in Chinese");
    assert!(!audit.contains("<td>create</td>"));
    assert!(audit.contains("username: audit-reader"), "field: value");
    assert!(audit.contains("<details>") && audit.contains("<pre class=\"mono\">{"), "the exact JSON kept");
    admin.get(t.url("/lang/en")).send().await.unwrap();
    let english = page(&t, &admin, "/audit").await;
    assert!(english.contains("<td>Create</td>") && english.contains("<td>Sign in</td>"));
}

#[tokio::test]
async fn english_pages_say_a_divisions_kind_and_a_labels_colon_in_english() {
    let t = spawn_app().await;
    let staff = signed_in_browser(&t, "admin-330402").await;
    staff.get(t.url("/lang/en")).send().await.unwrap();
    let community = page(&t, &staff, &format!("/communities/{HOME}")).await;
    assert!(community.contains("Residents&#39; committee") && !community.contains("居民委员会</span>"), "the kind");
    assert!(community.contains("Scope: ") && !community.contains("Scope："), "an English colon");
    staff.get(t.url("/lang/zh-CN")).send().await.unwrap();
    let community = page(&t, &staff, &format!("/communities/{HOME}")).await;
    assert!(community.contains("居民委员会</span>") && community.contains("管辖范围："), "Chinese as written");
}
