//! The public credit lists (民政部令第60号, 4D): sanctions by legal kind and amount, the
//! other recorded facts (rectification orders, unsigned letters, certificates, objections,
//! removals on application), the lists computed from them with their reasons, and the
//! migration of sanctions recorded before kinds had their legal names.

mod common;

use chrono::{Duration, NaiveDate};
use common::{PASSWORD, TestApp, spawn_app};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};
use store::entity::{audit_log, org_sanction};

/// The demo organisation registered by the city (its registrar is `registrar-330400`).
const ORG: &str = "嘉兴市摄影家协会";

async fn org_id(t: &TestApp) -> i64 {
    let q: String = ORG.bytes().map(|b| format!("%{b:02X}")).collect();
    t.get_json(&t.anonymous(), &format!("/api/v1/public/organizations?q={q}")).await["items"][0]["id"].as_i64().unwrap()
}

fn days_ago(t: &TestApp, days: i64) -> String {
    (t.app.settings.today() - Duration::days(days)).to_string()
}

async fn standing(t: &TestApp, id: i64) -> Value {
    t.get_json(&t.anonymous(), &format!("/api/v1/public/organizations/{id}")).await["standing"].clone()
}

/// The open causes of the organisation on a public list, from the public API.
async fn reasons(t: &TestApp, list: &str, id: i64) -> Option<Vec<String>> {
    let found = t.get_json(&t.anonymous(), &format!("/api/v1/public/organization-lists/{list}")).await;
    let item = found["items"].as_array().unwrap().iter().find(|i| i["id"] == id)?.clone();
    assert!(item["uscc"].as_str().is_some_and(|u| u.len() == 18) && item["name"] == ORG, "{item}");
    Some(item["reasons"].as_array().unwrap().iter().map(|r| r["cause"].as_str().unwrap().to_string()).collect())
}

fn errors(problem: &Value) -> Vec<(String, String)> {
    let list = problem["errors"].as_array().unwrap();
    list.iter().map(|e| (e["field"].as_str().unwrap().into(), e["code"].as_str().unwrap().into())).collect()
}

async fn sanction_rows(t: &TestApp) -> u64 {
    org_sanction::Entity::find().count(&t.app.db).await.unwrap()
}

#[tokio::test]
async fn sanctions_carry_their_legal_kind_and_a_fine_its_amount() {
    let t = spawn_app().await;
    let registrar = t.login("registrar-330400").await;
    let id = org_id(&t).await;
    let path = format!("/api/v1/organizations/{id}/sanctions");
    let today = t.app.settings.today().to_string();
    let fine = |amount: Value| json!({"kind": "fine", "amount_fen": amount, "decided_on": today, "reason": "违规收费"});
    let before = sanction_rows(&t).await;
    for (body, field, code) in [
        (json!({"kind": "fine", "decided_on": today, "reason": "违规收费"}), "amount_fen", "required"),
        (fine(json!(0)), "amount_fen", "must-be-positive"),
        (fine(json!(-100)), "amount_fen", "must-be-positive"),
        (fine(json!("5000")), "amount_fen", "must-be-number"),
        (fine(json!(12.5)), "amount_fen", "must-be-number"),
        (
            json!({"kind": "warning", "amount_fen": 100, "decided_on": today, "reason": "x"}),
            "amount_fen",
            "sanction-amount-only-for-fine",
        ),
        (json!({"kind": "penalty", "decided_on": today, "reason": "x"}), "kind", "unknown-choice"),
    ] {
        let refused = t.post_json(&registrar, &path, &body).await;
        assert_eq!(refused.status(), 422, "{body}");
        assert!(errors(&refused.json().await.unwrap()).contains(&(field.into(), code.into())), "{body}");
    }
    let all_wrong = json!({"kind": "fine", "amount_fen": "x", "decided_on": "2999-01-01", "reason": ""});
    let problem: Value = t.post_json(&registrar, &path, &all_wrong).await.json().await.unwrap();
    let fields: Vec<String> = errors(&problem).into_iter().map(|(f, _)| f).collect();
    assert_eq!(fields, ["amount_fen", "decided_on", "reason"], "every field at once");
    let english = registrar.post(t.url(&path)).header("Accept-Language", "en").json(&fine(json!(0))).send().await;
    let english: Value = english.unwrap().json().await.unwrap();
    assert_eq!(english["errors"][0]["message"], "Must be greater than zero");
    assert_eq!(sanction_rows(&t).await, before, "nothing written");

    let own = t.login("registrar-330402").await;
    assert_eq!(t.post_json(&own, &path, &fine(json!(100))).await.status(), 404, "another county's registrar");
    let account = json!({"username": "org-sheying", "display_name": "摄影家协会", "password": PASSWORD});
    t.created_id(&registrar, &format!("/api/v1/organizations/{id}/accounts"), &account).await;
    let org = t.login("org-sheying").await;
    assert_eq!(t.post_json(&org, &path, &fine(json!(100))).await.status(), 403, "sees itself, may not sanction");

    let large = t.created_id(&registrar, &path, &fine(json!(5_000_000))).await;
    let row = org_sanction::Entity::find_by_id(large).one(&t.app.db).await.unwrap().unwrap();
    assert_eq!((row.kind.0.as_str(), row.amount_fen), ("fine", Some(5_000_000)));
    let audited = audit_log::Entity::find()
        .filter(audit_log::Column::Entity.eq("org_sanction"))
        .filter(audit_log::Column::EntityId.eq(large.to_string()))
        .one(&t.app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(audited.after.contains("\"amount_fen\":5000000"), "{}", audited.after);
    assert_eq!(reasons(&t, "serious", id).await.unwrap(), ["large_fine"], "50,000 yuan exactly is serious");

    let suspend = json!({"suspend": true, "reason": "限期停止活动三个月", "decided_on": today});
    let response = t.post_json(&registrar, &format!("/api/v1/organizations/{id}/suspension"), &suspend).await;
    assert_eq!(response.status(), 204);
    let kinds: Vec<String> = org_sanction::Entity::find()
        .filter(org_sanction::Column::OrganizationId.eq(id))
        .all(&t.app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.kind.0.as_str().to_string())
        .collect();
    assert_eq!(kinds, ["fine", "suspension"], "the suspension order counts as a suspension");
}

#[tokio::test]
async fn the_public_lists_name_each_organisation_with_its_reasons_and_one_list_at_a_time() {
    let t = spawn_app().await;
    let registrar = t.login("registrar-330400").await;
    let id = org_id(&t).await;
    let path = format!("/api/v1/organizations/{id}/sanctions");
    let warning = json!({"kind": "warning", "decided_on": days_ago(&t, 10), "reason": "未按规定公开信息"});
    t.created_id(&registrar, &path, &warning).await;
    assert_eq!(reasons(&t, "abnormal", id).await.unwrap(), ["warning"]);
    let found = t.get_json(&t.anonymous(), "/api/v1/public/organization-lists/abnormal").await;
    let item = found["items"].as_array().unwrap().iter().find(|i| i["id"] == id).unwrap().clone();
    assert_eq!(item["reasons"][0]["listed_on"], days_ago(&t, 10));
    assert!(item["reasons"][0]["decision"].as_str().unwrap().starts_with("org_sanction:"));
    assert!(reasons(&t, "serious", id).await.is_none());

    let small_fine = json!({"kind": "fine", "amount_fen": 4_999_999, "decided_on": days_ago(&t, 2), "reason": "违规"});
    t.created_id(&registrar, &path, &small_fine).await;
    assert!(reasons(&t, "abnormal", id).await.is_none(), "moved to the serious list, off the abnormal one");
    assert_eq!(reasons(&t, "serious", id).await.unwrap(), ["repeated_penalties"], "two within three years");
    let history = standing(&t, id).await;
    assert_eq!(history["status"], "serious");
    let moved = history["entries"].as_array().unwrap().iter().find(|e| e["cause"] == "warning").unwrap().clone();
    assert_eq!((&moved["removal"], &moved["removed_on"]), (&json!("moved_to_serious"), &json!(days_ago(&t, 2))));

    for (lang, text) in [
        ("zh-CN", "3年内2次以上受到警告或5万元以下罚款"),
        ("en", "Two or more warnings or small fines within three years"),
    ] {
        let page = t.anonymous().get(t.url("/public/organization-lists/serious")).header("Accept-Language", lang);
        let html = page.send().await.unwrap().text().await.unwrap();
        let line = html.split(ORG).nth(1).and_then(|r| r.split("</div>").next()).unwrap();
        assert!(line.contains(text) && line.contains(&days_ago(&t, 2)), "{lang}: {line}");
    }
}

#[tokio::test]
async fn recorded_facts_list_the_organisation_and_their_ends_take_it_off() {
    let t = spawn_app().await;
    let registrar = t.login("registrar-330400").await;
    let id = org_id(&t).await;
    let records = format!("/api/v1/organizations/{id}/credit-records");
    let close = |record: i64| format!("{records}/{record}/close");
    let fact = |kind: &str, dated: String, until: String| json!({"kind": kind, "dated_on": dated, "until_on": until, "note": "事实"});

    let bad = t.post_json(&registrar, &records, &json!({"kind": "rumour", "dated_on": "x", "note": ""})).await;
    assert_eq!(bad.status(), 422);
    let fields: Vec<String> = errors(&bad.json().await.unwrap()).into_iter().map(|(f, _)| f).collect();
    assert_eq!(fields, ["kind", "dated_on", "note"]);
    let no_deadline =
        t.post_json(&registrar, &records, &fact("rectification_order", days_ago(&t, 5), String::new())).await;
    assert_eq!(errors(&no_deadline.json().await.unwrap()), [("until_on".to_string(), "required".to_string())]);

    // A rectification not done by its deadline lists from the next day until it is done.
    let order =
        t.created_id(&registrar, &records, &fact("rectification_order", days_ago(&t, 40), days_ago(&t, 10))).await;
    assert_eq!(reasons(&t, "abnormal", id).await.unwrap(), ["rectification_overdue"]);
    assert_eq!(standing(&t, id).await["entries"][0]["listed_on"], days_ago(&t, 9));
    let done = json!({"closed_on": days_ago(&t, 1)});
    assert_eq!(t.post_json(&registrar, &close(order), &json!({"closed_on": days_ago(&t, 41)})).await.status(), 422);
    assert_eq!(t.post_json(&registrar, &close(order), &done).await.status(), 204);
    assert_eq!(t.post_json(&registrar, &close(order), &done).await.status(), 409, "closed once");
    let ended = standing(&t, id).await;
    assert_eq!((&ended["status"], &ended["entries"][0]["removal"]), (&json!("clear"), &json!("obligation_met")));

    // Two unsigned letters 30 days apart: unreachable.
    t.created_id(&registrar, &records, &fact("unsigned_letter", days_ago(&t, 50), days_ago(&t, 45))).await;
    assert!(reasons(&t, "abnormal", id).await.is_none(), "one letter is not enough");
    t.created_id(&registrar, &records, &fact("unsigned_letter", days_ago(&t, 20), days_ago(&t, 15))).await;
    assert_eq!(reasons(&t, "abnormal", id).await.unwrap(), ["unreachable"]);

    // A certificate of no direct responsibility keeps a warning off the list.
    let warning = json!({"kind": "warning", "decided_on": days_ago(&t, 3), "reason": "违规"});
    let sanction = t.created_id(&registrar, &format!("/api/v1/organizations/{id}/sanctions"), &warning).await;
    assert_eq!(reasons(&t, "abnormal", id).await.unwrap(), ["unreachable", "warning"]);
    let wrong = json!({"kind": "no_responsibility", "dated_on": days_ago(&t, 1), "concerns": "org_sanction:999999", "note": "市文联"});
    assert_eq!(
        errors(&t.post_json(&registrar, &records, &wrong).await.json().await.unwrap())[0].1,
        "credit-concerns-unknown"
    );
    let certificate = json!({"kind": "no_responsibility", "dated_on": days_ago(&t, 1),
        "concerns": format!("org_sanction:{sanction}"), "note": "市文联书面证明不负直接责任"});
    t.created_id(&registrar, &records, &certificate).await;
    assert_eq!(reasons(&t, "abnormal", id).await.unwrap(), ["unreachable"]);

    // The organisation objects to a letter; upheld, the error is corrected at once.
    let account = json!({"username": "org-sheying", "display_name": "摄影家协会", "password": PASSWORD});
    t.created_id(&registrar, &format!("/api/v1/organizations/{id}/accounts"), &account).await;
    let org = t.login("org-sheying").await;
    assert_eq!(
        t.get_json(&org, &records).await["items"].as_array().unwrap().len(),
        4,
        "the organisation reads its file: an order, two letters, a certificate"
    );
    assert_eq!(
        t.post_json(&org, &records, &fact("rectification_order", days_ago(&t, 1), days_ago(&t, 1))).await.status(),
        403
    );
    let objection = json!({"kind": "objection", "dated_on": days_ago(&t, 0), "concerns": "org_credit_record:0", "note": "地址已变更"});
    let unknown = t.post_json(&org, &records, &objection).await;
    assert_eq!(errors(&unknown.json().await.unwrap())[0].0, "concerns");
    let letters = standing(&t, id).await["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["cause"] == "unreachable")
        .unwrap()["decision"]
        .clone();
    let objection = json!({"kind": "objection", "dated_on": days_ago(&t, 0), "concerns": letters, "note": "地址已变更，未收到信函"});
    let raised = t.created_id(&org, &records, &objection).await;
    assert_eq!(
        t.post_json(&org, &close(raised), &json!({"closed_on": days_ago(&t, 0), "outcome": "upheld"})).await.status(),
        403
    );
    assert_eq!(
        t.post_json(&registrar, &close(raised), &json!({"closed_on": days_ago(&t, 0), "outcome": "maybe"}))
            .await
            .status(),
        422
    );
    assert_eq!(
        t.post_json(&registrar, &close(raised), &json!({"closed_on": days_ago(&t, 0), "outcome": "upheld"}))
            .await
            .status(),
        204
    );
    assert_eq!(standing(&t, id).await["status"], "clear");
}

#[tokio::test]
async fn the_serious_list_is_left_on_application_after_two_years_without_a_new_cause() {
    let t = spawn_app().await;
    let registrar = t.login("registrar-330400").await;
    let id = org_id(&t).await;
    let records = format!("/api/v1/organizations/{id}/credit-records");
    let two_years_ago = t.app.settings.today().checked_sub_months(chrono::Months::new(24)).unwrap();
    let revoked = json!({"kind": "change_revoked", "decided_on": two_years_ago.succ_opt().unwrap().to_string(), "reason": "弄虚作假"});
    t.created_id(&registrar, &format!("/api/v1/organizations/{id}/sanctions"), &revoked).await;
    assert_eq!(reasons(&t, "serious", id).await.unwrap(), ["change_revoked"]);
    let apply = json!({"kind": "serious_removal", "dated_on": days_ago(&t, 0), "note": "申请移出"});
    let early = t.post_json(&registrar, &records, &apply).await;
    assert_eq!(early.status(), 409, "a day short of two years");
    assert_eq!(errors(&early.json().await.unwrap())[0].1, "credit-serious-too-soon");
    // The decision was one day later than recorded: corrected, two full years have passed.
    org_sanction::Entity::update_many()
        .col_expr(org_sanction::Column::DecidedOn, sea_orm::sea_query::Expr::value(two_years_ago))
        .filter(org_sanction::Column::OrganizationId.eq(id))
        .exec(&t.app.db)
        .await
        .unwrap();
    t.created_id(&registrar, &records, &apply).await;
    let after = standing(&t, id).await;
    assert_eq!((&after["status"], &after["entries"][0]["removal"]), (&json!("clear"), &json!("application")));
    assert!(after["entries"][0]["removal_decision"].as_str().unwrap().starts_with("org_credit_record:"));
    assert_eq!(t.post_json(&registrar, &records, &apply).await.status(), 409, "not on the list any more");
}

#[tokio::test]
async fn sanctions_recorded_as_penalties_before_the_legal_kinds_are_migrated() {
    let dir = common::tempdir::Dir::new();
    let url = common::fresh_database(&dir).await;
    let db = store::connect(&url, None).await.unwrap();
    // Every migration before this one (12 of them), then rows as the old code wrote them.
    <store::Migrator as sea_orm_migration::MigratorTrait>::up(&db, Some(12)).await.unwrap();
    for statement in [
        "INSERT INTO regions (code, name, level, kind, path, valid_from) VALUES ('330400', '嘉兴市', 'city', 'city', '330400', '2023-01-01')",
        "INSERT INTO supervising_units (id, name, region_code) VALUES (1, '市文联', '330400')",
        "INSERT INTO organizations (id, name, short_name, uscc, kind, category, authority_code, region_code, registered_on, domicile, business_scope, registered_capital_fen, supervising_unit_id, status) VALUES (1, '嘉兴市摄影家协会', '摄影家协会', '51330400MJ9170001X', 'social_group', 'culture_art', '330400', '330400', '2010-01-01', '', '', 0, 1, 'suspended')",
        "INSERT INTO org_sanctions (id, organization_id, kind, decided_on, reason) VALUES (1, 1, 'penalty', '2025-03-01', '责令停止活动'), (2, 1, 'penalty', '2025-04-01', '警告'), (3, 1, 'investigation', '2025-05-01', '调查')",
        r#"INSERT INTO audit_log (seq, at, actor, action, entity, entity_id, region_code, before, after, prev_hash, hash) VALUES (1, '2025-03-01T00:00:00Z', 'x', 'suspend', 'organization', '1', '330400', '{}', '{"decided_on":"2025-03-01","reason":"责令停止活动","status":"suspended"}', '', '')"#,
    ] {
        db.execute_unprepared(statement).await.unwrap();
    }
    <store::Migrator as sea_orm_migration::MigratorTrait>::up(&db, None).await.unwrap();
    let rows = org_sanction::Entity::find().order_by_asc(org_sanction::Column::Id).all(&db).await.unwrap();
    let kinds: Vec<(&str, Option<i64>)> = rows.iter().map(|s| (s.kind.0.as_str(), s.amount_fen)).collect();
    assert_eq!(kinds, [("suspension", None), ("warning", None), ("investigation", None)]);
    let day: NaiveDate = rows[0].decided_on;
    assert_eq!(day.to_string(), "2025-03-01");
}

#[tokio::test]
async fn a_removal_application_gives_the_registrar_five_working_days_on_the_holiday_calendar() {
    let t = spawn_app().await;
    let registrar = t.login("registrar-330400").await;
    let id = org_id(&t).await;
    let records = format!("/api/v1/organizations/{id}/credit-records");
    let order =
        json!({"kind": "rectification_order", "dated_on": "2025-08-01", "until_on": "2025-09-01", "note": "整改"});
    let order = t.created_id(&registrar, &records, &order).await;
    let warning = json!({"kind": "warning", "decided_on": "2025-08-01", "reason": "违规"});
    let sanction = t.created_id(&registrar, &format!("/api/v1/organizations/{id}/sanctions"), &warning).await;
    let letter = json!({"kind": "no_responsibility", "dated_on": "2025-08-02",
        "concerns": format!("org_sanction:{sanction}"), "note": "证明"});
    let certificate = t.created_id(&registrar, &records, &letter).await;
    let apply = |record: i64| format!("{records}/{record}/removal-application");

    for (body, code) in [
        (json!({"applied_on": ""}), "required"),
        (json!({"applied_on": "2999-01-01"}), "date-in-future"),
        (json!({"applied_on": "2025-07-01"}), "date-before-start"),
    ] {
        let refused = t.post_json(&registrar, &apply(order), &body).await;
        assert_eq!(refused.status(), 422, "{body}");
        assert_eq!(errors(&refused.json().await.unwrap()), [("applied_on".to_string(), code.to_string())]);
    }
    let applied = json!({"applied_on": "2025-09-26"});
    let not_an_obligation = t.post_json(&registrar, &apply(certificate), &applied).await;
    assert_eq!(not_an_obligation.status(), 409);
    assert_eq!(errors(&not_an_obligation.json().await.unwrap())[0].1, "removal-application-not-applicable");

    // The organisation applies itself, its order carried out.
    let account = json!({"username": "org-sheying", "display_name": "摄影家协会", "password": PASSWORD});
    t.created_id(&registrar, &format!("/api/v1/organizations/{id}/accounts"), &account).await;
    let org = t.login("org-sheying").await;
    assert_eq!(t.post_json(&org, &apply(order), &applied).await.status(), 204);
    assert_eq!(t.post_json(&org, &apply(order), &applied).await.status(), 409, "applied once");
    // Friday 26 September 2025: Sunday 28 is worked, 1–8 October are off → Friday 10 October.
    let pending = &standing(&t, id).await["removals"][0];
    assert_eq!((&pending["record"], &pending["applied_on"]), (&json!(order), &json!("2025-09-26")));
    assert_eq!((&pending["deadline"]["due_on"], &pending["deadline"]["overdue"]), (&json!("2025-10-10"), &json!(true)));
    let file = t.get_json(&registrar, &records).await;
    let row = file["items"].as_array().unwrap().iter().find(|r| r["id"] == order).unwrap().clone();
    assert_eq!(row["removal_deadline"]["due_on"], "2025-10-10");

    // The city enters a corrected 2025 (only New Year's Day off): the deadline follows.
    let city = t.login("admin").await;
    let calendar = "/api/v1/work-calendar/2025";
    let put = |client: &reqwest::Client, body: Value| client.put(t.url(calendar)).json(&body).send();
    for other in [&registrar, &t.login("admin-330402").await] {
        assert_eq!(put(other, json!({"off": ["2025-01-01"]})).await.unwrap().status(), 403, "only the city enters it");
    }
    let bad = put(&city, json!({"off": ["2025-10-04", "2024-12-31"], "on": ["2025-10-08"]})).await.unwrap();
    assert_eq!(bad.status(), 422);
    let codes: Vec<(String, String)> = errors(&bad.json().await.unwrap());
    assert_eq!(
        codes,
        [
            ("off".to_string(), "calendar-off-not-weekday".to_string()),
            ("on".to_string(), "calendar-on-not-weekend".to_string())
        ]
    );
    assert_eq!(t.get_json(&t.anonymous(), calendar).await["off"].as_array().unwrap().len(), 18, "unchanged");
    assert_eq!(put(&city, json!({"off": ["2025-01-01"]})).await.unwrap().status(), 204);
    assert_eq!(t.get_json(&t.anonymous(), calendar).await["off"], json!(["2025-01-01"]));
    assert_eq!(standing(&t, id).await["removals"][0]["deadline"]["due_on"], "2025-10-03");

    // The registrar checks it in time: the record closes, nothing is pending, nothing late.
    let close = format!("{records}/{order}/close");
    assert_eq!(t.post_json(&registrar, &close, &json!({"closed_on": "2025-10-02"})).await.status(), 204);
    assert_eq!(standing(&t, id).await["removals"], json!([]));
    let file = t.get_json(&registrar, &records).await;
    let row = file["items"].as_array().unwrap().iter().find(|r| r["id"] == order).unwrap().clone();
    assert_eq!(row["removal_deadline"]["overdue"], false);
    assert_eq!(t.post_json(&org, &apply(order), &applied).await.status(), 409, "closed already");
}
