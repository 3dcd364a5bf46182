//! Change and deregistration applications and suspension (4A): the organisation applies, its supervising
//! unit reviews, civil affairs decides, and only an approval changes the registry.

mod common;

use common::{PASSWORD, TestApp, spawn_app};
use serde_json::{Value, json};

async fn find(t: &TestApp, name: &str) -> Option<Value> {
    let q: String = name.bytes().map(|b| format!("%{b:02X}")).collect();
    let found = t.get_json(&t.anonymous(), &format!("/api/v1/public/organizations?q={q}")).await;
    found["items"].as_array().unwrap().first().cloned()
}

/// The calligraphers' association with its own account signed in.
async fn calligraphy(t: &TestApp) -> (i64, reqwest::Client) {
    let registrar = t.login("registrar-330400").await;
    let id = find(t, "嘉兴市南湖区书法家协会").await.unwrap()["id"].as_i64().unwrap();
    let account = json!({"username": "org-shufa", "display_name": "书法家协会", "password": PASSWORD});
    t.created_id(&registrar, &format!("/api/v1/organizations/{id}/accounts"), &account).await;
    (id, t.login("org-shufa").await)
}

#[tokio::test]
async fn a_change_takes_effect_only_when_civil_affairs_approves_it_after_the_unit() {
    let t = spawn_app().await;
    let (id, org) = calligraphy(&t).await;
    let path = format!("/api/v1/organizations/{id}/applications");
    let empty = t.post_json(&org, &path, &json!({"kind": "change", "reason": "更名"})).await;
    assert_eq!(empty.status(), 422, "a change must change something");
    let rep = common::adult_id(41, true);
    let change = json!({"kind": "change", "reason": "会员大会决议更名并换届", "name": "嘉兴市南湖区书法协会",
                        "legal_representative_name": "沈雅琴", "legal_representative_id_number": rep});
    let application = t.created_id(&org, &path, &change).await;
    assert_eq!(t.post_json(&org, &path, &change).await.status(), 409, "one open application at a time");
    assert!(find(&t, "嘉兴市南湖区书法协会").await.is_none(), "nothing changes yet");

    let registrar = t.login("registrar-330400").await;
    let decide = format!("/api/v1/applications/{application}/decide");
    let review = format!("/api/v1/applications/{application}/review");
    assert_eq!(t.post_json(&registrar, &decide, &json!({"agree": true, "note": "准予变更"})).await.status(), 409);
    let kexie = t.login("kexie-330400").await;
    assert_eq!(t.post_json(&kexie, &review, &json!({"agree": true, "note": "同意"})).await.status(), 404);
    assert_eq!(t.post_json(&org, &review, &json!({"agree": true, "note": "同意"})).await.status(), 403);
    let wenlian = t.login("wenlian-330400").await;
    assert_eq!(t.post_json(&wenlian, &review, &json!({"agree": true, "note": ""})).await.status(), 422);
    assert_eq!(t.post_json(&wenlian, &review, &json!({"agree": true, "note": "同意更名"})).await.status(), 204);
    assert_eq!(t.post_json(&wenlian, &review, &json!({"agree": true, "note": "同意更名"})).await.status(), 409);
    assert_eq!(t.post_json(&registrar, &decide, &json!({"agree": true, "note": "准予变更登记"})).await.status(), 204);

    let renamed = find(&t, "嘉兴市南湖区书法协会").await.expect("the new name is registered");
    assert_eq!(renamed["id"], id);
    assert!(find(&t, "嘉兴市南湖区书法家协会").await.is_none());
    let detail = t.get_json(&t.anonymous(), &format!("/api/v1/public/organizations/{id}")).await;
    assert_eq!(detail["legal_representative"], "沈雅琴");
    let listed = t.get_json(&org, &path).await;
    assert_eq!(listed["items"][0]["status"], "approved");
    assert_eq!(listed["items"][0]["unit_opinion"], "同意更名");
    let audit = t.get_json(&t.login("admin").await, "/api/v1/audit?q=change").await.to_string();
    assert!(
        audit.contains("嘉兴市南湖区书法家协会") && audit.contains("嘉兴市南湖区书法协会"),
        "before and after audited"
    );
}

#[tokio::test]
async fn a_refused_deregistration_changes_nothing_and_an_approved_one_deregisters() {
    let t = spawn_app().await;
    let (id, org) = calligraphy(&t).await;
    let path = format!("/api/v1/organizations/{id}/applications");
    let apply = json!({"kind": "deregistration", "reason": "会员大会决议解散，清算完毕"});
    let wenlian = t.login("wenlian-330400").await;
    let registrar = t.login("registrar-330400").await;

    let first = t.created_id(&org, &path, &apply).await;
    let refuse = json!({"agree": false, "note": "清算报告未附"});
    assert_eq!(t.post_json(&wenlian, &format!("/api/v1/applications/{first}/review"), &refuse).await.status(), 204);
    assert_eq!(find(&t, "嘉兴市南湖区书法家协会").await.unwrap()["status"], "active");

    let second = t.created_id(&org, &path, &apply).await;
    let agree = json!({"agree": true, "note": "同意"});
    assert_eq!(t.post_json(&wenlian, &format!("/api/v1/applications/{second}/review"), &agree).await.status(), 204);
    assert_eq!(t.post_json(&registrar, &format!("/api/v1/applications/{second}/decide"), &agree).await.status(), 204);
    assert_eq!(find(&t, "嘉兴市南湖区书法家协会").await.unwrap()["status"], "deregistered");
    assert_eq!(t.post_json(&org, &path, &apply).await.status(), 409, "nothing more to apply for");
    let statuses: Vec<String> = t.get_json(&registrar, &path).await["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["status"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(statuses, ["approved", "refused"]);
}

#[tokio::test]
async fn the_unit_and_the_registrar_act_on_the_organisation_page() {
    let t = spawn_app().await;
    let (id, org) = calligraphy(&t).await;
    let apply = json!({"kind": "change", "reason": "迁址", "domicile": "南湖区新兴路 8 号"});
    let application = t.created_id(&org, &format!("/api/v1/organizations/{id}/applications"), &apply).await;
    let page = format!("/organizations/{id}");
    let review = format!("/organizations/{id}/applications/{application}/review");
    let decide = format!("/organizations/{id}/applications/{application}/decide");

    let unit = common::signed_in_browser(&t, "wenlian-330400").await;
    let html = unit.get(t.url(&page)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains(&review) && !html.contains(&decide));
    let csrf = common::csrf_of(&html);
    let agree = [("_csrf", csrf.as_str()), ("agree", "yes"), ("note", "同意迁址")];
    assert_eq!(unit.post(t.url(&review)).form(&agree).send().await.unwrap().status(), 303);

    let civil = common::signed_in_browser(&t, "registrar-330400").await;
    let html = civil.get(t.url(&page)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains(&decide) && html.contains("同意迁址"));
    let csrf = common::csrf_of(&html);
    let refuse = [("_csrf", csrf.as_str()), ("agree", "no"), ("note", "新住所证明不全")];
    assert_eq!(civil.post(t.url(&decide)).form(&refuse).send().await.unwrap().status(), 303);
    let html = civil.get(t.url(&page)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("未予准许") && html.contains("新住所证明不全"));
    let facts = t.get_json(&t.anonymous(), &format!("/api/v1/public/organizations/{id}")).await;
    assert_eq!(facts["domicile"], "南湖区建设街道", "a refused change changes nothing");
}

#[tokio::test]
async fn civil_affairs_suspends_an_organisation_as_a_penalty_and_lets_it_resume() {
    let t = spawn_app().await;
    let registrar = t.login("registrar-330400").await;
    let found = t.get_json(&t.anonymous(), "/api/v1/public/organizations?q=%E6%91%84%E5%BD%B1").await;
    let id = found["items"][0]["id"].as_i64().unwrap();
    let path = format!("/api/v1/organizations/{id}/suspension");
    let last_year = chrono::Datelike::year(&t.app.settings.today()) - 1;
    let order = json!({"suspend": true, "reason": "违规开展评比表彰活动", "decided_on": format!("{last_year}-06-01")});
    let unit = t.login("wenlian-330400").await;
    assert_eq!(t.post_json(&unit, &path, &order).await.status(), 403, "the unit does not suspend");
    assert_eq!(t.post_json(&registrar, &path, &json!({"suspend": true, "reason": ""})).await.status(), 422);
    assert_eq!(
        t.post_json(&registrar, &path, &json!({"suspend": false, "reason": "x", "decided_on": "2026-01-01"}))
            .await
            .status(),
        409
    );
    assert_eq!(t.post_json(&registrar, &path, &order).await.status(), 204);
    assert_eq!(t.post_json(&registrar, &path, &order).await.status(), 409, "already suspended");
    let public = t.get_json(&t.anonymous(), &format!("/api/v1/public/organizations/{id}")).await;
    assert_eq!(public["status"], "suspended");

    // The order is a penalty of the kind `suspension`, which evaluation's eligibility and
    // the serious list read.
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let penalties = store::entity::org_sanction::Entity::find()
        .filter(store::entity::org_sanction::Column::OrganizationId.eq(id))
        .all(&t.app.db)
        .await
        .unwrap();
    assert_eq!(penalties.len(), 1);
    assert_eq!(
        (penalties[0].kind.0.as_str(), penalties[0].decided_on.to_string()),
        ("suspension", format!("{last_year}-06-01"))
    );
    let support = json!({"amount_fen": 100, "purpose": "x", "granted_on": t.app.settings.today().to_string()});
    let supports = format!("/api/v1/organizations/{id}/fund-supports");
    assert_eq!(t.post_json(&registrar, &supports, &support).await.status(), 409, "no support while suspended");

    let resume = json!({"suspend": false, "reason": "整改完成", "decided_on": t.app.settings.today().to_string()});
    assert_eq!(t.post_json(&registrar, &path, &resume).await.status(), 204);
    assert_eq!(t.get_json(&t.anonymous(), &format!("/api/v1/public/organizations/{id}")).await["status"], "active");
}

#[tokio::test]
async fn the_registrar_suspends_on_the_organisation_page_and_the_unit_cannot() {
    let t = spawn_app().await;
    let id = find(&t, "嘉兴市摄影家协会").await.unwrap()["id"].as_i64().unwrap();
    let page = format!("/organizations/{id}");
    let unit = common::signed_in_browser(&t, "wenlian-330400").await;
    let html = unit.get(t.url(&page)).send().await.unwrap().text().await.unwrap();
    assert!(!html.contains("/suspension\""), "no suspension form for the unit");
    let civil = common::signed_in_browser(&t, "registrar-330400").await;
    let html = civil.get(t.url(&page)).send().await.unwrap().text().await.unwrap();
    let csrf = common::csrf_of(&html);
    let today = t.app.settings.today().to_string();
    let form = [("_csrf", csrf.as_str()), ("suspend", "yes"), ("reason", "违规收费"), ("decided_on", today.as_str())];
    let asked = civil.post(t.url(&format!("{page}/suspension"))).form(&form).send().await.unwrap();
    let asked = asked.text().await.unwrap();
    assert!(asked.contains("嘉兴市摄影家协会将被责令停止活动"), "the order is asked for once more");
    assert!(asked.contains("name=\"reason\" value=\"违规收费\""), "with the typed fields carried along");
    assert_eq!(t.get_json(&t.anonymous(), &format!("/api/v1/public/organizations/{id}")).await["status"], "active");
    let confirmed = [&form[..], &[("confirmed", "yes")]].concat();
    let sent = civil.post(t.url(&format!("{page}/suspension"))).form(&confirmed).send().await.unwrap();
    assert_eq!(sent.status(), 303);
    let html = civil.get(t.url(&page)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("name=\"suspend\" value=\"no\"") && html.contains("停止活动"), "now it may resume");
}
