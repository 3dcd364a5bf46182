//! After the count (3B): the elected become the committee in the community registry, the
//! unified election's results are public, and the direct-election share is computed
//! against the previous term.

mod common;

use common::{HOME, spawn_app};
use serde_json::{Value, json};

#[tokio::test]
async fn the_elected_take_office_and_the_direct_election_share_rises() {
    let t = spawn_app().await;
    let (id, codes) = t.voting_day(4).await;
    let ballot = json!({
        "director": ["张丽华"],
        "deputy_director": ["王建国", "选民00"],
        "member": ["陈志强", "选民01", "选民02"],
        "woman_member": ["李秀英"],
    });
    for (_, code) in &codes[..5] {
        let r = t.post_json(&t.anonymous(), "/api/v1/ballots", &json!({"code": code, "ballot": ballot})).await;
        assert_eq!(r.status(), 201);
    }
    let county = t.login("admin-330402").await;
    let seat = format!("/api/v1/elections/{id}/seat");
    let early = t.post_json(&county, &seat, &json!({"party_directly_elected": true})).await;
    assert_eq!(early.status(), 409, "not before the count");
    let result: Value =
        t.post_json(&county, &format!("/api/v1/elections/{id}/count"), &json!({})).await.json().await.unwrap();
    let woman = result["posts"].as_array().unwrap().iter().find(|p| p["post"] == "woman_member").unwrap();
    assert_eq!(woman["elected"], json!(["李秀英"]), "the register says she is a woman");

    let seated: Value =
        t.post_json(&county, &seat, &json!({"party_directly_elected": true})).await.json().await.unwrap();
    assert_eq!(seated["items"].as_array().unwrap().len(), 7);
    let community = t.get_json(&county, &format!("/api/v1/communities/{HOME}")).await;
    let committee =
        community["bodies"].as_array().unwrap().iter().find(|b| b["kind"] == "residents_committee").unwrap();
    let open: Vec<(&str, &str)> = committee["posts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["ended_on"].is_null())
        .map(|p| (p["name"].as_str().unwrap(), p["title"].as_str().unwrap()))
        .collect();
    assert_eq!(open.len(), 7, "the new committee only: {open:?}");
    assert!(open.contains(&("选民00", "deputy_director")));
    assert!(open.contains(&("李秀英", "member")), "the woman member sits as a member");
    let ended = committee["posts"].as_array().unwrap().iter().filter(|p| !p["ended_on"].is_null()).count();
    assert_eq!(ended, 3, "the old committee's three posts ended");
    assert_eq!(t.post_json(&county, &seat, &json!({})).await.status(), 409, "seated once");

    let unified = t.get_json(&county, "/api/v1/unified-elections").await["items"][0]["id"].as_i64().unwrap();
    let public: Value =
        t.get_json(&t.anonymous(), &format!("/api/v1/public/unified-elections/{unified}/results")).await;
    assert_eq!(public["counted"], 1);
    let home = public["communities"].as_array().unwrap().iter().find(|c| c["region_code"] == HOME).unwrap();
    assert_eq!((home["registered_voters"].as_u64(), home["ballots_cast"].as_u64()), (Some(8), Some(5)));

    // An earlier term in which nothing was directly elected.
    let earlier = json!({"name": "2021年换届", "region_code": "330402", "term": 2021,
        "vote_date": (t.app.settings.today() + chrono::Duration::days(30)).to_string()});
    assert_eq!(t.post_json(&county, "/api/v1/unified-elections", &earlier).await.status(), 201);
    let indicator = t.get_json(&county, "/api/v1/regions/330402/direct-elections?term=2026").await;
    let communities = indicator["current"]["communities"].as_u64().unwrap();
    assert!(communities > 1);
    assert_eq!(indicator["current"]["both_direct"], 1);
    assert_eq!(indicator["previous_term"], 2021);
    assert_eq!(indicator["previous"]["both_direct"], 0);
    assert_eq!(indicator["rose"], true);
    let xiuzhou = t.login("admin-330411").await;
    let r = xiuzhou.get(t.url("/api/v1/regions/330402/direct-elections?term=2026")).send().await.unwrap();
    assert_eq!(r.status(), 404, "outside the caller's scope");
}

#[tokio::test]
async fn an_elected_name_not_on_the_register_needs_an_id_number() {
    let t = spawn_app().await;
    let (id, codes) = t.voting_day(4).await;
    for (_, code) in &codes[..5] {
        let ballot = json!({"director": ["外来人"], "deputy_director": ["王建国", "陈志强"],
            "member": ["选民00", "选民01", "选民02"], "woman_member": ["李秀英"]});
        t.post_json(&t.anonymous(), "/api/v1/ballots", &json!({"code": code, "ballot": ballot})).await;
    }
    let county = t.login("admin-330402").await;
    t.post_json(&county, &format!("/api/v1/elections/{id}/count"), &json!({})).await;
    let r = t.post_json(&county, &format!("/api/v1/elections/{id}/seat"), &json!({})).await;
    assert_eq!(r.status(), 422);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["errors"][0]["field"], "id_numbers.外来人");
    assert_eq!(body["errors"][0]["code"], "elected-not-on-register");
    let community = t.get_json(&county, &format!("/api/v1/communities/{HOME}")).await;
    let committee =
        community["bodies"].as_array().unwrap().iter().find(|b| b["kind"] == "residents_committee").unwrap();
    assert!(committee["posts"].as_array().unwrap().iter().all(|p| p["ended_on"].is_null()), "nothing changed");
}

#[tokio::test]
async fn a_county_counts_all_its_phone_elections_at_once() {
    let t = spawn_app().await;
    let (id, codes) = t.voting_day(4).await;
    for (_, code) in &codes[..5] {
        let ballot = json!({"director": ["张丽华"]});
        t.post_json(&t.anonymous(), "/api/v1/ballots", &json!({"code": code, "ballot": ballot})).await;
    }
    let county = t.login("admin-330402").await;
    let unified = t.get_json(&county, "/api/v1/unified-elections").await["items"][0].clone();
    let (unified_id, elections) = (unified["id"].as_i64().unwrap(), unified["elections"].as_u64().unwrap() as usize);
    // Another community of the county voted on paper today.
    let other: Vec<i64> = {
        use store::entity::election;
        use store::sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        election::Entity::find()
            .filter(election::Column::UnifiedId.eq(unified_id))
            .filter(election::Column::Id.ne(id))
            .all(&t.app.db)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.id)
            .collect()
    };
    t.set_vote_date(other[0], t.app.settings.today()).await;
    let batch = json!({"number": 1, "ballots": [{"director": ["某人"]}]});
    t.post_json(&county, &format!("/api/v1/elections/{}/paper-batches", other[0]), &batch).await;
    let summary: Value = t
        .post_json(&county, &format!("/api/v1/unified-elections/{unified_id}/count"), &json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(summary["counted"], 1, "only the home election's vote is over and phone-only");
    assert_eq!(summary["valid"], 1);
    let reasons: Vec<&str> =
        summary["skipped"].as_array().unwrap().iter().map(|s| s["reason"].as_str().unwrap()).collect();
    assert_eq!(reasons.len(), elections - 1);
    assert_eq!(reasons.iter().filter(|r| **r == "count-paper-separately").count(), 1);
    let result = t.anonymous().get(t.url(&format!("/api/v1/public/elections/{id}/results"))).send().await.unwrap();
    assert_eq!(result.json::<Value>().await.unwrap()["result"]["posts"][0]["elected"], json!(["张丽华"]));
    let again: Value = t
        .post_json(&county, &format!("/api/v1/unified-elections/{unified_id}/count"), &json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!((again["counted"].as_u64(), again["already_counted"].as_u64()), (Some(0), Some(1)));
    // Another county's admin learns nothing of this election, not even that it exists.
    let elsewhere = t.login("admin-330411").await;
    let probe = t.post_json(&elsewhere, &format!("/api/v1/unified-elections/{unified_id}/count"), &json!({})).await;
    assert_eq!(probe.status(), 404);
    let unknown = t.post_json(&elsewhere, "/api/v1/unified-elections/999999/count", &json!({})).await;
    assert_eq!(unknown.status(), 404, "the same answer as for no election at all");
}
