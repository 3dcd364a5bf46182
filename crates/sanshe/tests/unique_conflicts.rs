//! Duplicates are conflicts (409 naming the field), never server errors: the use cases
//! check inside their write transaction, and the database's unique indexes catch whatever
//! comes past a check, on SQLite and PostgreSQL alike.

mod common;

use app::AppError;
use common::{TestApp, adult_id, spawn_app};
use sea_orm::{ActiveModelTrait, ActiveValue::NotSet, ActiveValue::Set, EntityTrait};
use serde_json::{Value, json};
use store::entity::organization;

fn application(name: &str) -> Value {
    json!({"name": name, "kind": "social_group", "category": "culture_art", "region_code": "330402",
           "domicile": "南湖区勤俭路 18 号", "business_scope": "戏曲传承与演出交流", "registered_capital_fen": 3_000_000,
           "legal_representative_name": "沈梅", "legal_representative_id_number": adult_id(7, true),
           "contact_name": "沈梅", "contact_phone": "13857300123"})
}

/// The two answers' statuses in order, and the field the conflict names.
async fn statuses_and_field(answers: [reqwest::Response; 2]) -> (Vec<u16>, Value) {
    let mut statuses = Vec::new();
    let mut field = Value::Null;
    for answer in answers {
        statuses.push(answer.status().as_u16());
        if answer.status() == 409 {
            field = answer.json::<Value>().await.expect("problem body")["errors"][0]["field"].clone();
        }
    }
    statuses.sort_unstable();
    (statuses, field)
}

#[tokio::test]
async fn two_filings_of_one_name_at_once_get_one_201_and_one_409() {
    let t = spawn_app().await;
    let path = "/api/v1/public/registration-applications";
    let body = application("嘉兴市南湖区评弹研究会");
    let (one, other) = (t.anonymous(), t.anonymous());
    let (first, second) = tokio::join!(t.post_json(&one, path, &body), t.post_json(&other, path, &body));
    assert_eq!(statuses_and_field([first, second]).await, (vec![201, 409], json!("name")));
}

#[tokio::test]
async fn two_registrations_of_one_name_at_once_get_one_201_and_one_409() {
    let t = spawn_app().await;
    let registrar = t.login("registrar-330400").await;
    let organization = |n: u32| {
        json!({"name": "嘉兴市同名协会", "uscc": app::demo::demo_uscc("social_group", "330400", n),
               "kind": "social_group", "category": "other", "region_code": "330402",
               "registered_on": "2020-05-01", "domicile": "南湖区"})
    };
    let path = "/api/v1/organizations";
    let (one, other) = (organization(711), organization(712));
    let (first, second) = tokio::join!(t.post_json(&registrar, path, &one), t.post_json(&registrar, path, &other));
    assert_eq!(statuses_and_field([first, second]).await, (vec![201, 409], json!("name")));
}

/// Writes a copy of a demo organisation with `change` applied, past every check.
async fn insert_copy(t: &TestApp, change: impl FnOnce(&mut organization::ActiveModel)) -> AppError {
    let existing = organization::Entity::find().one(&t.app.db).await.expect("query").expect("a demo organisation");
    let mut copy = organization::ActiveModel::from(existing).reset_all();
    copy.id = NotSet;
    change(&mut copy);
    AppError::from(copy.insert(&t.app.db).await.expect_err("a duplicate"))
}

fn conflict(error: AppError) -> (String, &'static str) {
    match error {
        AppError::Conflict(e) => (e.field, e.violation.code),
        other => panic!("not a conflict: {other:?}"),
    }
}

#[tokio::test]
async fn a_duplicate_that_only_the_unique_index_catches_is_a_conflict_naming_the_field() {
    let t = spawn_app().await;
    let same_name = insert_copy(&t, |copy| copy.uscc = Set(app::demo::demo_uscc("social_group", "330400", 713))).await;
    assert_eq!(conflict(same_name), ("name".into(), "name-taken"));
    let same_code = insert_copy(&t, |copy| copy.name = Set("嘉兴市另一个名字协会".into())).await;
    assert_eq!(conflict(same_code), ("uscc".into(), "uscc-registered"));
}
