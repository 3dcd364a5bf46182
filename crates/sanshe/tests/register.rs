//! Between the register and the vote (3B): objections decided within the rules, one
//! self-nomination per voter listed in stroke order, and at most three proxies per holder.

mod common;

use chrono::Duration;
use common::{TestApp, adult_id, spawn_app, voter_sheet};
use serde_json::{Value, json};

async fn problem_code(r: reqwest::Response) -> (u16, String) {
    let status = r.status().as_u16();
    let body: Value = r.json().await.unwrap();
    (status, body["errors"][0]["code"].as_str().unwrap_or_default().to_string())
}

async fn register_size(t: &TestApp, client: &reqwest::Client) -> u64 {
    let elections = t.get_json(client, &format!("/api/v1/communities/{}/elections", common::HOME)).await;
    elections["items"][0]["voters"].as_u64().unwrap()
}

#[tokio::test]
async fn upheld_objections_correct_the_register_within_the_objection_days() {
    let t = spawn_app().await;
    let (id, county) = t.published_register(1).await;
    assert_eq!(register_size(&t, &county).await, 5);
    // Moved in after the register was built: objected to as omitted.
    t.add_person(&county, "迟到者", &adult_id(40, true)).await;
    let path = format!("/api/v1/elections/{id}/objections");
    let omitted =
        json!({"kind": "omitted", "id_number": adult_id(40, true), "objector": "迟到者", "reason": "本人常住本社区"});
    let first = t.created_id(&county, &path, &omitted).await;
    let wrongly =
        json!({"kind": "wrongly_included", "id_number": adult_id(0, false), "objector": "邻居", "reason": "已迁出"});
    let second = t.created_id(&county, &path, &wrongly).await;

    let listed = t.get_json(&county, &path).await;
    let today = t.app.settings.today();
    assert_eq!(listed["items"][0]["decide_by"], (today + Duration::days(3)).to_string());
    assert_eq!(listed["items"][0]["late"], false);

    let decide = |o: i64, d: &str| {
        let county = county.clone();
        let url = t.url(&format!("/api/v1/objections/{o}/decision"));
        let body = json!({"decision": d, "note": "经核实"});
        async move { county.post(url).json(&body).send().await.unwrap() }
    };
    assert_eq!(decide(first, "upheld").await.status(), 204);
    assert_eq!(register_size(&t, &county).await, 6, "the omitted voter is added");
    assert_eq!(decide(second, "upheld").await.status(), 204);
    assert_eq!(register_size(&t, &county).await, 5, "the wrongly included voter is removed");
    assert_eq!(problem_code(decide(second, "rejected").await).await, (409, "objection-already-decided".into()));
    assert_eq!(problem_code(decide(first + 99, "upheld").await).await.0, 404);

    let bad = json!({"kind": "later", "id_number": adult_id(40, true), "objector": ""});
    let r: Value = t.post_json(&county, &path, &bad).await.json().await.unwrap();
    let fields: Vec<&str> = r["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["kind", "objector"]);

    // Published today: the fifth day after is the last one for objections.
    t.set_vote_date(id, today + Duration::days(25)).await;
    shift_register_published(&t, id, today - Duration::days(6)).await;
    assert_eq!(problem_code(t.post_json(&county, &path, &omitted).await).await, (409, "objection-too-late".into()));
    shift_register_published(&t, id, today - Duration::days(5)).await;
    assert_eq!(t.post_json(&county, &path, &omitted).await.status(), 201);
}

async fn shift_register_published(t: &TestApp, id: i64, day: chrono::NaiveDate) {
    use store::entity::election;
    use store::sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
    election::Entity::update_many()
        .col_expr(election::Column::RegisterPublishedOn, Expr::value(day))
        .filter(election::Column::Id.eq(id))
        .exec(&t.app.db)
        .await
        .unwrap();
}

#[tokio::test]
async fn one_post_per_self_nominee_published_in_stroke_order_after_nominations_close() {
    let t = spawn_app().await;
    let (id, county) = t.published_register(0).await;
    let names = [("赵敏", adult_id(1, true)), ("丁一", adult_id(2, false)), ("王五", adult_id(3, false))];
    for (name, id_number) in &names {
        t.add_person(&county, name, id_number).await;
    }
    // Added after publication: put on the register by upheld objections.
    for (name, id_number) in &names {
        let body = json!({"kind": "omitted", "id_number": id_number, "objector": name});
        let o = t.created_id(&county, &format!("/api/v1/elections/{id}/objections"), &body).await;
        t.post_json(&county, &format!("/api/v1/objections/{o}/decision"), &json!({"decision": "upheld"})).await;
    }
    let path = format!("/api/v1/elections/{id}/nominations");
    for (_, id_number) in &names {
        let r = t.post_json(&county, &path, &json!({"id_number": id_number, "post": "member"})).await;
        assert_eq!(r.status(), 201);
    }
    let again = json!({"id_number": names[0].1, "post": "director"});
    assert_eq!(problem_code(t.post_json(&county, &path, &again).await).await, (409, "nomination-one-post".into()));
    let man_as_woman_member = json!({"id_number": adult_id(4, false), "post": "woman_member"});
    t.add_person(&county, "男士", &adult_id(4, false)).await;
    assert_eq!(
        problem_code(t.post_json(&county, &path, &man_as_woman_member).await).await,
        (422, "not-on-register".into())
    );
    let registered_man = json!({"id_number": names[1].1, "post": "woman_member"});
    assert_eq!(
        problem_code(t.post_json(&county, &path, &registered_man).await).await,
        (422, "nomination-women-only".into())
    );
    let unknown_post = json!({"id_number": names[1].1, "post": "treasurer"});
    assert_eq!(
        problem_code(t.post_json(&county, &path, &unknown_post).await).await,
        (422, "ballot-unknown-post".into())
    );

    let public = format!("/api/v1/public/elections/{id}/nominees");
    assert_eq!(t.anonymous().get(t.url(&public)).send().await.unwrap().status(), 404, "not before nominations close");
    let today = t.app.settings.today();
    t.set_vote_date(id, today + Duration::days(9)).await;
    let late = json!({"id_number": adult_id(0, false), "post": "member"});
    assert_eq!(problem_code(t.post_json(&county, &path, &late).await).await, (409, "nomination-too-late".into()));
    let listed: Value = t.get_json(&t.anonymous(), &public).await;
    let members = listed["items"].as_array().unwrap().iter().find(|p| p["post"] == "member").unwrap();
    assert_eq!(members["names"], json!(["丁一", "王五", "赵敏"]), "2, 4 and 9 strokes");
}

#[tokio::test]
async fn a_holder_carries_three_proxies_at_most_and_no_proxy_is_passed_on() {
    let t = spawn_app().await;
    let (id, county) = t.published_register(6).await;
    let path = format!("/api/v1/elections/{id}/proxies");
    let proxy = |grantor: u16, holder: u16| json!({"grantor_id_number": adult_id(grantor, false), "holder_id_number": adult_id(holder, false), "kinship": "sibling"});
    for grantor in 1..=3 {
        assert_eq!(t.post_json(&county, &path, &proxy(grantor, 0)).await.status(), 201);
    }
    assert_eq!(problem_code(t.post_json(&county, &path, &proxy(4, 0)).await).await, (409, "proxy-holder-full".into()));
    assert_eq!(
        problem_code(t.post_json(&county, &path, &proxy(1, 5)).await).await,
        (409, "proxy-already-given".into())
    );
    assert_eq!(problem_code(t.post_json(&county, &path, &proxy(5, 1)).await).await, (409, "proxy-redelegated".into()));
    assert_eq!(problem_code(t.post_json(&county, &path, &proxy(0, 5)).await).await, (409, "proxy-redelegated".into()));
    let neighbour = json!({"grantor_id_number": adult_id(4, false), "holder_id_number": adult_id(5, false), "kinship": "neighbour"});
    assert_eq!(problem_code(t.post_json(&county, &path, &neighbour).await).await, (422, "unknown-choice".into()));

    t.post_json(
        &county,
        &format!("/api/v1/elections/{id}/nominations"),
        &json!({"id_number": adult_id(5, false), "post": "member"}),
    )
    .await;
    assert_eq!(
        problem_code(t.post_json(&county, &path, &proxy(4, 5)).await).await,
        (409, "proxy-holder-is-candidate".into())
    );
    let today = t.app.settings.today();
    t.set_vote_date(id, today + Duration::days(2)).await;
    assert_eq!(problem_code(t.post_json(&county, &path, &proxy(4, 2)).await).await, (409, "proxy-too-late".into()));

    let published: Value = t.get_json(&t.anonymous(), &format!("/api/v1/public/elections/{id}/proxies")).await;
    let holders: Vec<&str> =
        published["items"].as_array().unwrap().iter().map(|p| p["holder"].as_str().unwrap()).collect();
    assert_eq!(holders, ["选民00"; 3]);
}

async fn import_voters(t: &TestApp, client: &reqwest::Client, id: i64, file: Vec<u8>, commit: bool) -> Value {
    let part = reqwest::multipart::Part::bytes(file).file_name("voters.xlsx");
    let form = reqwest::multipart::Form::new().part("file", part);
    let url = t.url(&format!("/api/v1/elections/{id}/voters/import?commit={commit}"));
    let r = client.post(url).multipart(form).send().await.unwrap();
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

#[tokio::test]
async fn voters_come_from_a_spreadsheet_all_rows_or_none() {
    let t = spawn_app().await;
    let county = t.login("admin-330402").await;
    let opening = json!({"name": "换届", "region_code": "330402", "term": 2026,
        "vote_date": (t.app.settings.today() + Duration::days(25)).to_string()});
    t.post_json(&county, "/api/v1/unified-elections", &opening).await;
    let id = t.get_json(&county, &format!("/api/v1/communities/{}/elections", common::HOME)).await["items"][0]["id"]
        .as_i64()
        .unwrap();
    let vote = t.app.settings.today() + Duration::days(25);
    let seventeen = domain::identifiers::resident_id::compose(
        "330402",
        vote.checked_sub_months(chrono::Months::new(17 * 12)).unwrap(),
        31,
    );
    let (a, b) = (adult_id(60, true), adult_id(61, false));
    let mixed =
        voter_sheet(&[("新居民甲", &a), ("少年", &seventeen), ("新居民乙", &b), ("坏号", "330402199013011234")]);
    let report = import_voters(&t, &county, id, mixed, true).await;
    assert_eq!(report["committed"], false);
    let rows: Vec<(u64, &str)> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["row"].as_u64().unwrap(), e["code"].as_str().unwrap()))
        .collect();
    assert_eq!(rows[0], (3, "voter-under-age"));
    assert_eq!(rows[1].0, 5);
    assert_eq!(register_size(&t, &county).await, 0, "nothing written");

    let good = voter_sheet(&[("新居民甲", &a), ("新居民乙", &b)]);
    let dry = import_voters(&t, &county, id, good.clone(), false).await;
    assert_eq!((dry["committed"].as_bool(), dry["errors"].as_array().unwrap().len()), (Some(false), 0));
    assert_eq!(register_size(&t, &county).await, 0, "a dry run writes nothing");
    assert_eq!(import_voters(&t, &county, id, good.clone(), true).await["committed"], true);
    assert_eq!(register_size(&t, &county).await, 2);
    assert_eq!(import_voters(&t, &county, id, good, true).await["committed"], true);
    assert_eq!(register_size(&t, &county).await, 2, "importing twice adds no one twice");
}
