//! Registration applications (4A): founders apply without an account, the supervising
//! unit reviews, civil affairs decides and issues the code, and the organisation is in the
//! registry; the founders follow it all by tracking number.

mod common;

use common::{TestApp, adult_id, spawn_app};
use serde_json::{Value, json};

fn application(name: &str) -> Value {
    json!({"name": name, "kind": "social_group", "category": "culture_art", "region_code": "330402",
           "domicile": "南湖区勤俭路 18 号", "business_scope": "戏曲传承与演出交流", "registered_capital_fen": 3_000_000,
           "legal_representative_name": "沈梅", "legal_representative_id_number": adult_id(7, true),
           "contact_name": "沈梅", "contact_phone": "13857300123"})
}

async fn file(t: &TestApp, body: &Value) -> reqwest::Response {
    t.post_json(&t.anonymous(), "/api/v1/public/registration-applications", body).await
}

async fn progress(t: &TestApp, tracking: &str) -> Value {
    t.get_json(&t.anonymous(), &format!("/api/v1/public/registration-applications/{tracking}")).await
}

#[tokio::test]
async fn founders_apply_the_unit_reviews_and_civil_affairs_registers_under_the_code_it_issues() {
    let t = spawn_app().await;
    let mut bad = application("");
    bad["contact_phone"] = json!("123");
    bad["kind"] = json!("club");
    let refused = file(&t, &bad).await;
    assert_eq!(refused.status(), 422);
    let problem: Value = refused.json().await.unwrap();
    let fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert!(["name", "kind", "contact_phone"].iter().all(|f| fields.contains(f)), "{fields:?}");
    assert_eq!(file(&t, &application("嘉兴市南湖区书法家协会")).await.status(), 409, "a registered name");

    let filed = file(&t, &application("嘉兴市南湖区越剧研究会")).await;
    assert_eq!(filed.status(), 201);
    let tracking = filed.json::<Value>().await.unwrap()["tracking_number"].as_str().unwrap().to_string();
    assert!(tracking.starts_with("DJ"), "{tracking}");
    let (field, code) = {
        let again: Value = file(&t, &application("嘉兴市南湖区越剧研究会")).await.json().await.unwrap();
        (again["errors"][0]["field"].clone(), again["errors"][0]["code"].clone())
    };
    assert_eq!((field, code), (json!("name"), json!("registration-name-pending")));
    let public = progress(&t, &tracking.to_lowercase()).await;
    assert_eq!(public["status"], "filed");
    assert!(public["supervising_unit"].as_str().unwrap().contains("文联"), "classified supervision routes it");
    assert!(public["contact"].is_null() && public["legal_representative"].is_null(), "no personal data in public");

    // The 科协 does not see it; the 文联 reviews it; civil affairs decides.
    let kexie = t.login("kexie-330400").await;
    assert_eq!(t.get_json(&kexie, "/api/v1/registration-applications").await["items"], json!([]));
    let wenlian = t.login("wenlian-330400").await;
    let queue = t.get_json(&wenlian, "/api/v1/registration-applications").await;
    let id = queue["items"][0]["id"].as_i64().unwrap();
    assert_eq!(queue["items"][0]["contact"], "沈梅 138****0123", "staff see the contact, masked");
    let step = |which: &str| format!("/api/v1/registration-applications/{id}/{which}");
    let county = t.login("registrar-330402").await;
    let early = json!({"agree": true, "note": "同意", "uscc": app::demo::demo_uscc("social_group", "330402", 901)});
    assert_eq!(t.post_json(&county, &step("decide"), &early).await.status(), 409, "the unit reviews first");
    assert_eq!(t.post_json(&kexie, &step("review"), &json!({"agree": true, "note": "同意"})).await.status(), 404);
    assert_eq!(t.post_json(&wenlian, &step("review"), &json!({"agree": true, "note": "同意成立"})).await.status(), 204);
    assert_eq!(progress(&t, &tracking).await["status"], "unit_approved");

    let foundation_code =
        json!({"agree": true, "note": "准予登记", "uscc": app::demo::demo_uscc("foundation", "330402", 902)});
    let wrong = t.post_json(&county, &step("decide"), &foundation_code).await;
    assert_eq!(wrong.status(), 422);
    assert_eq!(wrong.json::<Value>().await.unwrap()["errors"][0]["field"], "uscc", "the code must be a social group's");
    let taken = json!({"agree": true, "note": "准予登记", "uscc": app::demo::demo_uscc("social_group", "330400", 5)});
    assert_eq!(t.post_json(&county, &step("decide"), &taken).await.status(), 409, "a code already registered");
    assert_eq!(t.post_json(&county, &step("decide"), &early).await.status(), 204);

    let done = progress(&t, &tracking).await;
    assert_eq!(done["status"], "approved");
    let org = done["organization_id"].as_i64().expect("registered");
    let registered = t.get_json(&county, &format!("/api/v1/organizations/{org}")).await;
    assert_eq!(registered["name"], "嘉兴市南湖区越剧研究会");
    assert_eq!(registered["registered_on"], t.app.settings.today().to_string());
    assert_eq!(registered["authority"]["code"], "330402");
    assert_eq!(registered["legal_representative"], "沈梅");
    assert!(registered["supervising_unit"]["name"].as_str().unwrap().contains("文联"));
    assert_eq!(t.post_json(&county, &step("decide"), &early).await.status(), 409, "decided once");
}

#[tokio::test]
async fn a_refusal_at_the_unit_ends_the_application_and_frees_the_name() {
    let t = spawn_app().await;
    let filed: Value = file(&t, &application("嘉兴市南湖区昆曲社")).await.json().await.unwrap();
    let tracking = filed["tracking_number"].as_str().unwrap();
    let wenlian = t.login("wenlian-330400").await;
    let id = t.get_json(&wenlian, "/api/v1/registration-applications").await["items"][0]["id"].as_i64().unwrap();
    let review = format!("/api/v1/registration-applications/{id}/review");
    assert_eq!(t.post_json(&wenlian, &review, &json!({"agree": false, "note": ""})).await.status(), 422, "a reason");
    let refusal = json!({"agree": false, "note": "业务范围与现有组织重复"});
    assert_eq!(t.post_json(&wenlian, &review, &refusal).await.status(), 204);
    let public = progress(&t, tracking).await;
    assert_eq!((&public["status"], &public["unit_opinion"]), (&json!("refused"), &json!("业务范围与现有组织重复")));
    let registrar = t.login("registrar-330402").await;
    let decide = format!("/api/v1/registration-applications/{id}/decide");
    assert_eq!(t.post_json(&registrar, &decide, &json!({"agree": true, "note": "x"})).await.status(), 409);
    assert_eq!(file(&t, &application("嘉兴市南湖区昆曲社")).await.status(), 201, "the name may be applied for again");
    let other = t.login("admin-330411").await;
    assert_eq!(t.post_json(&other, &decide, &json!({"agree": true, "note": "x"})).await.status(), 404);
}

#[tokio::test]
async fn on_pages_founders_apply_from_a_phone_and_staff_review_and_register() {
    let t = spawn_app().await;
    let public = t.anonymous();
    let html = public.get(t.url("/public/registration")).send().await.unwrap().text().await.unwrap();
    let csrf = common::csrf_of(&html);
    let id_number = adult_id(9, false);
    let mut fields = vec![
        ("_csrf", csrf.as_str()),
        ("name", "嘉兴市南湖区评弹研究会"),
        ("kind", "social_group"),
        ("category", "culture_art"),
        ("region_code", "330402"),
        ("domicile", "南湖区月河街"),
        ("business_scope", "评弹传承"),
        ("capital", "30,000"),
        ("legal_representative_name", "陆强"),
        ("legal_representative_id_number", id_number.as_str()),
        ("contact_name", "陆强"),
        ("contact_phone", "8200"),
    ];
    let refused = public.post(t.url("/public/registration")).form(&fields).send().await.unwrap();
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(html.contains("评弹传承") && html.contains("invalid"), "typed values and the phone's error come back");
    fields.last_mut().unwrap().1 = "0573-82081234";
    let filed = public.post(t.url("/public/registration")).form(&fields).send().await.unwrap();
    assert_eq!(filed.status(), 303);
    let status_page = filed.headers()["location"].to_str().unwrap().to_string();
    let html = public.get(t.url(&status_page)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("待业务主管单位审查") && html.contains("嘉兴市文联"));
    assert!(!html.contains("0573") && !html.contains(&id_number), "no contact or ID number in public");

    let unit = common::signed_in_browser(&t, "wenlian-330400").await;
    let queue = unit.get(t.url("/registration-applications")).send().await.unwrap().text().await.unwrap();
    let id = queue.split("id=\"r").nth(1).and_then(|r| r.split('"').next()).unwrap().to_string();
    assert!(queue.contains(&format!("/registration-applications/{id}/review")) && !queue.contains("/decide\""));
    let csrf = common::csrf_of(&queue);
    let review = [("_csrf", csrf.as_str()), ("agree", "yes"), ("note", "同意成立")];
    let sent = unit.post(t.url(&format!("/registration-applications/{id}/review"))).form(&review).send().await.unwrap();
    assert_eq!(sent.status(), 303);

    let civil = common::signed_in_browser(&t, "registrar-330402").await;
    let queue = civil.get(t.url("/registration-applications")).send().await.unwrap().text().await.unwrap();
    let csrf = common::csrf_of(&queue);
    let decide = format!("/registration-applications/{id}/decide");
    let bad_code = [("_csrf", csrf.as_str()), ("agree", "yes"), ("note", "准予登记"), ("uscc", "5133040")];
    let refused = civil.post(t.url(&decide)).form(&bad_code).send().await.unwrap();
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains("notice bad"));
    let uscc = app::demo::demo_uscc("social_group", "330402", 903);
    let approve = [("_csrf", csrf.as_str()), ("agree", "yes"), ("note", "准予登记"), ("uscc", uscc.as_str())];
    assert_eq!(civil.post(t.url(&decide)).form(&approve).send().await.unwrap().status(), 303);
    let html = public.get(t.url(&status_page.to_lowercase())).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("准予登记") && html.contains("/public/organizations/"), "{html}");

    // The registrar opens the new organisation's own login on its page.
    let org = html.split("/public/organizations/").nth(1).and_then(|r| r.split('"').next()).unwrap().to_string();
    let page = format!("/organizations/{org}");
    let weak = [("username", "org-pingtan"), ("display_name", "评弹研究会"), ("password", "123")];
    assert_eq!(common::submit(&t, &civil, &page, &format!("{page}/accounts"), &weak).await.status(), 422);
    let account = [("username", "org-pingtan"), ("display_name", "评弹研究会"), ("password", common::PASSWORD)];
    assert_eq!(common::submit(&t, &civil, &page, &format!("{page}/accounts"), &account).await.status(), 303);
    let own = common::signed_in_browser(&t, "org-pingtan").await;
    let html = own.get(t.url(&page)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("/annual-reports\"") && !html.contains("/accounts\""), "files reports, opens no accounts");

    // A city admin reads the registry but neither reviews nor decides applications.
    let admin = common::signed_in_browser(&t, "admin").await;
    let html = admin.get(t.url("/organizations")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("href=\"/organizations\"") && !html.contains("href=\"/registration-applications\""));
    assert!(
        unit.get(t.url("/organizations"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
            .contains("href=\"/registration-applications\"")
    );
}

#[tokio::test]
async fn an_anonymous_application_never_learns_whose_id_number_it_typed() {
    let t = spawn_app().await;
    // 沈梅 becomes a person when her organisation is registered.
    let filed: Value = file(&t, &application("嘉兴市南湖区越剧研究会")).await.json().await.unwrap();
    let wenlian = t.login("wenlian-330400").await;
    let registrar = t.login("registrar-330402").await;
    let id = t.get_json(&wenlian, "/api/v1/registration-applications").await["items"][0]["id"].as_i64().unwrap();
    let agree = json!({"agree": true, "note": "同意"});
    assert_eq!(
        t.post_json(&wenlian, &format!("/api/v1/registration-applications/{id}/review"), &agree).await.status(),
        204
    );
    let uscc = app::demo::demo_uscc("social_group", "330402", 904);
    let decide = json!({"agree": true, "note": "准予登记", "uscc": uscc});
    let path = format!("/api/v1/registration-applications/{id}/decide");
    assert_eq!(t.post_json(&registrar, &path, &decide).await.status(), 204);
    assert_eq!(progress(&t, filed["tracking_number"].as_str().unwrap()).await["status"], "approved");

    // Someone else types her ID number under another name: accepted, nothing revealed.
    let mut other = application("嘉兴市南湖区黄梅戏社");
    other["legal_representative_name"] = json!("李四");
    let response = file(&t, &other).await;
    assert_eq!(response.status(), 201);
    assert!(!response.text().await.unwrap().contains("沈梅"));
    // The registrar meets the mismatch at approval, where it is theirs to resolve.
    let queue = t.get_json(&wenlian, "/api/v1/registration-applications").await;
    let second = queue["items"][0]["id"].as_i64().unwrap();
    assert_eq!(
        t.post_json(&wenlian, &format!("/api/v1/registration-applications/{second}/review"), &agree).await.status(),
        204
    );
    let decide =
        json!({"agree": true, "note": "准予登记", "uscc": app::demo::demo_uscc("social_group", "330402", 905)});
    let refused = t.post_json(&registrar, &format!("/api/v1/registration-applications/{second}/decide"), &decide).await;
    assert_eq!(refused.status(), 409);
    let problem: Value = refused.json().await.unwrap();
    assert_eq!(problem["errors"][0]["code"], "id-number-name-mismatch");
    assert_eq!(progress(&t, filed["tracking_number"].as_str().unwrap()).await["status"], "approved");
}

#[tokio::test]
async fn party_facts_given_in_the_application_reach_the_registered_organisation() {
    let t = spawn_app().await;
    let mut few = application("嘉兴市南湖区昆曲研究会");
    few["party_members"] = json!(2);
    few["party_form"] = json!("independent");
    let refused = file(&t, &few).await;
    assert_eq!(refused.status(), 422);
    assert_eq!(refused.json::<Value>().await.unwrap()["errors"][0]["field"], "party_members");
    few["party_form"] = json!("cell");
    assert_eq!(file(&t, &few).await.json::<Value>().await.unwrap()["errors"][0]["field"], "party_form");
    let mut good = application("嘉兴市南湖区昆曲研究会");
    good["party_members"] = json!(3);
    good["party_form"] = json!("independent");
    assert_eq!(file(&t, &good).await.status(), 201);
    let wenlian = t.login("wenlian-330400").await;
    let filed = t.get_json(&wenlian, "/api/v1/registration-applications").await;
    assert_eq!(
        (&filed["items"][0]["party_members"], &filed["items"][0]["party_form"]),
        (&json!(3), &json!("independent"))
    );
    let reviewer = common::signed_in_browser(&t, "wenlian-330400").await;
    let queue = reviewer.get(t.url("/registration-applications")).send().await.unwrap().text().await.unwrap();
    assert!(queue.contains("单独组建"), "the reviewer sees the party facts they review");
    let id = filed["items"][0]["id"].as_i64().unwrap();
    let step = |which: &str| format!("/api/v1/registration-applications/{id}/{which}");
    assert_eq!(t.post_json(&wenlian, &step("review"), &json!({"agree": true, "note": "同意"})).await.status(), 204);
    let county = t.login("registrar-330402").await;
    let decide =
        json!({"agree": true, "note": "准予登记", "uscc": app::demo::demo_uscc("social_group", "330402", 903)});
    assert_eq!(t.post_json(&county, &step("decide"), &decide).await.status(), 204);
    let org = t.get_json(&county, "/api/v1/registration-applications").await["items"][0]["organization_id"].clone();
    let registered = t.get_json(&county, &format!("/api/v1/organizations/{org}")).await;
    assert_eq!((&registered["party_members"], &registered["party_form"]), (&json!(3), &json!("independent")));
}
