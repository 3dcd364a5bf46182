//! Issue 12 (3B): kinship declared on the register decides the count (Art. 31), new votes
//! between the tied are rounds of their own (Arts. 28, 29), and the election rules are
//! data per region with a validity period.

mod common;

use chrono::Duration;
use common::{HOME, TestApp, adult_id, spawn_app};
use serde_json::{Value, json};
use store::entity::{audit_log, person};
use store::sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

/// The ID number of a person of the demo data or of the test's extra voters.
async fn id_number(t: &TestApp, name: &str) -> String {
    let found = person::Entity::find().filter(person::Column::Name.eq(name)).one(&t.app.db).await.unwrap();
    found.expect(name).id_number
}

/// Casts the ballots on the phone with the first codes.
async fn cast(t: &TestApp, codes: &[(String, String)], ballots: &[Value]) {
    for ((_, code), ballot) in codes.iter().zip(ballots) {
        let r = t.post_json(&t.anonymous(), "/api/v1/ballots", &json!({"code": code, "ballot": ballot})).await;
        assert_eq!(r.status(), 201, "{ballot}");
    }
}

/// One paper batch of a later round, entered by two tellers.
async fn enter_round(t: &TestApp, id: i64, round: i32, ballots: Value) {
    let batch = json!({"round": round, "number": 1, "ballots": ballots});
    for teller in ["admin-330402", "admin-330402007"] {
        let r = t.post_json(&t.login(teller).await, &format!("/api/v1/elections/{id}/paper-batches"), &batch).await;
        assert_eq!(r.status(), 200, "{teller}");
    }
}

/// A ballot electing the demo committee's director, deputies and woman member, with these
/// members.
fn ballot(members: &[&str]) -> Value {
    json!({"director": ["张丽华"], "deputy_director": ["王建国", "选民01"], "member": members, "woman_member": ["李秀英"]})
}

fn member(result: &Value) -> &Value {
    result["posts"].as_array().unwrap().iter().find(|p| p["post"] == "member").unwrap()
}

#[tokio::test]
async fn kinship_declared_on_the_register_keeps_only_the_higher_post_and_the_next_takes_the_seat() {
    let t = spawn_app().await;
    let (id, codes) = t.voting_day(4).await;
    let county = t.login("admin-330402").await;
    let path = format!("/api/v1/elections/{id}/kinship");
    let (wang, voter00) = (id_number(&t, "王建国").await, id_number(&t, "选民00").await);

    // Refusals first: each names its field, and none writes anything.
    let grand = t
        .post_json(&county, &path, &json!({"id_number": wang, "kin_id_number": voter00, "kinship": "grandchild"}))
        .await;
    assert_eq!(grand.status(), 422);
    assert_eq!(grand.json::<Value>().await.unwrap()["errors"][0]["field"], "kinship");
    let stranger = adult_id(60, true);
    let unknown =
        t.post_json(&county, &path, &json!({"id_number": stranger, "kin_id_number": "123", "kinship": "spouse"})).await;
    assert_eq!(unknown.status(), 422);
    let fields: Vec<String> = unknown.json::<Value>().await.unwrap()["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(fields, ["id_number", "kin_id_number"], "both named at once");
    let own =
        t.post_json(&county, &path, &json!({"id_number": wang, "kin_id_number": wang, "kinship": "sibling"})).await;
    assert_eq!(own.json::<Value>().await.unwrap()["errors"][0]["code"], "kinship-self");
    let elsewhere = t
        .post_json(
            &t.login("admin-330411").await,
            &path,
            &json!({"id_number": wang, "kin_id_number": voter00, "kinship": "sibling"}),
        )
        .await;
    assert_eq!(elsewhere.status(), 404, "outside the election's region");
    let worker = t
        .post_json(
            &t.login("worker-330402007").await,
            &path,
            &json!({"id_number": wang, "kin_id_number": voter00, "kinship": "sibling"}),
        )
        .await;
    assert_eq!(worker.status(), 403);
    assert_eq!(t.get_json(&county, &path).await["items"], json!([]));

    let declared =
        t.created_id(&county, &path, &json!({"id_number": wang, "kin_id_number": voter00, "kinship": "sibling"})).await;
    let again =
        t.post_json(&county, &path, &json!({"id_number": voter00, "kin_id_number": wang, "kinship": "sibling"})).await;
    assert_eq!(again.status(), 409, "the same pair, seen from the other side");
    let listed = t.get_json(&county, &path).await;
    assert_eq!(
        (listed["items"][0]["name"].as_str(), listed["items"][0]["kin_name"].as_str()),
        (Some("王建国"), Some("选民00"))
    );
    let audited = audit_log::Entity::find()
        .filter(audit_log::Column::Entity.eq("voter_kin"))
        .filter(audit_log::Column::EntityId.eq(declared.to_string()))
        .count(&t.app.db)
        .await
        .unwrap();
    assert_eq!(audited, 1);

    // Members: 选民00, 选民02, 选民03 4 votes each, 陈志强 3 of 5 (above half too).
    let ballots = [
        ballot(&["选民00", "选民02", "选民03"]),
        ballot(&["选民00", "选民02", "陈志强"]),
        ballot(&["选民00", "选民03", "陈志强"]),
        ballot(&["选民02", "选民03", "陈志强"]),
        ballot(&["选民00", "选民02", "选民03"]),
    ];
    cast(&t, &codes, &ballots).await;
    let result: Value =
        t.post_json(&county, &format!("/api/v1/elections/{id}/count"), &json!({})).await.json().await.unwrap();
    let members = member(&result);
    assert_eq!(members["elected"], json!(["选民02", "选民03", "陈志强"]), "王建国's sibling leaves the lower post");
    assert_eq!(members["avoided"], json!(["选民00"]));
    let late = t
        .post_json(
            &county,
            &path,
            &json!({"id_number": id_number(&t, "选民02").await, "kin_id_number": voter00, "kinship": "spouse"}),
        )
        .await;
    assert_eq!(late.status(), 409, "not after the count");
    let withdraw = county.delete(t.url(&format!("{path}/{declared}"))).send().await.unwrap();
    assert_eq!(withdraw.status(), 409);
    let seated: Value =
        t.post_json(&county, &format!("/api/v1/elections/{id}/seat"), &json!({})).await.json().await.unwrap();
    let names: Vec<&str> = seated["items"].as_array().unwrap().iter().map(|m| m["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"王建国") && !names.contains(&"选民00"), "{names:?}");
}

#[tokio::test]
async fn a_tie_for_the_last_seat_is_a_new_vote_between_the_tied_for_that_seat_only() {
    let t = spawn_app().await;
    let (id, codes) = t.voting_day(4).await;
    let county = t.login("admin-330402").await;
    // 陈志强 5, 选民02 4, 选民03 and 选民00 3 of 5: all above half, a tie for the third seat.
    let ballots = [
        ballot(&["陈志强", "选民02", "选民03"]),
        ballot(&["陈志强", "选民02", "选民03"]),
        ballot(&["陈志强", "选民02", "选民00"]),
        ballot(&["陈志强", "选民02", "选民00"]),
        ballot(&["陈志强", "选民03", "选民00"]),
    ];
    cast(&t, &codes, &ballots).await;
    t.post_json(&county, &format!("/api/v1/elections/{id}/count"), &json!({})).await;
    let seat = format!("/api/v1/elections/{id}/seat");
    let early = t.post_json(&county, &seat, &json!({})).await;
    assert_eq!(early.json::<Value>().await.unwrap()["errors"][0]["code"], "new-vote-pending");
    let called: Value =
        t.post_json(&county, &format!("/api/v1/elections/{id}/further-round"), &json!({})).await.json().await.unwrap();
    assert_eq!(
        called["items"],
        json!([{"post": "member", "seats": 1, "candidates": ["选民00", "选民03"], "women_only": null, "new_vote": true}])
    );
    // One vote of five for 选民03: below a third, but a new vote goes by the most votes.
    enter_round(&t, id, 2, json!([{"member": ["选民03"]}, {"member": ["外来人"]}, {}, {}, {}])).await;
    let second: Value = t
        .post_json(&county, &format!("/api/v1/elections/{id}/further-round/count"), &json!({"paper_voters": 5}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(member(&second)["elected"], json!(["选民03"]));
    assert_eq!(
        member(&second)["votes"],
        json!({"选民00": 0, "选民03": 1}),
        "a name outside the new vote counts for no one"
    );
    let seated: Value = t.post_json(&county, &seat, &json!({})).await.json().await.unwrap();
    assert_eq!(seated["items"].as_array().unwrap().len(), 7);
}

#[tokio::test]
async fn a_tie_in_the_further_round_goes_to_a_new_vote_before_anyone_takes_office() {
    let t = spawn_app().await;
    let (id, codes) = t.voting_day(4).await;
    let county = t.login("admin-330402").await;
    // 陈志强 5, 选民02 3 of 5: elected; 选民00 2: one member seat left.
    let ballots = [
        ballot(&["陈志强", "选民02"]),
        ballot(&["陈志强", "选民02"]),
        ballot(&["陈志强", "选民02"]),
        ballot(&["陈志强", "选民00"]),
        ballot(&["陈志强", "选民00"]),
    ];
    cast(&t, &codes, &ballots).await;
    t.post_json(&county, &format!("/api/v1/elections/{id}/count"), &json!({})).await;
    let further_round = format!("/api/v1/elections/{id}/further-round");
    let short = t.post_json(&county, &further_round, &json!({})).await;
    let problem: Value = short.json().await.unwrap();
    assert_eq!(problem["errors"][0]["field"], "self_nomination", "one candidate for one seat is no competitive round");
    assert!(problem["errors"][0]["message"].as_str().unwrap().contains("自荐直选"));
    let english =
        county.post(t.url(&further_round)).header("accept-language", "en").json(&json!({})).send().await.unwrap();
    let said: Value = english.json().await.unwrap();
    assert!(said["errors"][0]["message"].as_str().unwrap().contains("self-nomination"), "{said}");
    assert_eq!(t.post_json(&county, &further_round, &json!({"self_nomination": true})).await.status(), 200);
    // 选民00 and 选民03 2 of 5 each: both reach a third, tied for the one seat.
    enter_round(
        &t,
        id,
        2,
        json!([{"member": ["选民00"]}, {"member": ["选民00"]}, {"member": ["选民03"]}, {"member": ["选民03"]}, {}]),
    )
    .await;
    let count = format!("/api/v1/elections/{id}/further-round/count");
    let second: Value = t.post_json(&county, &count, &json!({"paper_voters": 5})).await.json().await.unwrap();
    assert_eq!(member(&second)["runoff"], json!(["选民00", "选民03"]));
    let seat = format!("/api/v1/elections/{id}/seat");
    let early = t.post_json(&county, &seat, &json!({})).await;
    assert_eq!(early.status(), 409, "six elected, but the seventh seat is not empty: it is tied");
    assert_eq!(early.json::<Value>().await.unwrap()["errors"][0]["code"], "new-vote-pending");
    let third: Value = t.post_json(&county, &further_round, &json!({})).await.json().await.unwrap();
    assert_eq!(third["items"][0]["new_vote"], true);
    let wrong_round = t
        .post_json(
            &county,
            &format!("/api/v1/elections/{id}/paper-batches"),
            &json!({"round": 2, "number": 2, "ballots": [{}]}),
        )
        .await;
    assert_eq!(wrong_round.json::<Value>().await.unwrap()["errors"][0]["code"], "paper-round-not-open");
    enter_round(&t, id, 3, json!([{"member": ["选民03"]}, {}, {}, {}, {}])).await;
    t.post_json(&county, &count, &json!({"paper_voters": 5})).await;
    let seated: Value = t.post_json(&county, &seat, &json!({})).await.json().await.unwrap();
    let names: Vec<&str> = seated["items"].as_array().unwrap().iter().map(|m| m["name"].as_str().unwrap()).collect();
    assert_eq!(names.len(), 7);
    assert!(names.contains(&"选民03"));
    let public = t.get_json(&t.anonymous(), &format!("/api/v1/public/elections/{id}/results")).await;
    assert_eq!(public["new_votes"][0]["posts"][0]["elected"], json!(["选民03"]));
}

#[tokio::test]
async fn a_countys_election_rules_apply_to_its_communities_from_their_first_day() {
    let t = spawn_app().await;
    let county = t.login("admin-330402").await;
    let today = t.app.settings.today();
    let path = "/api/v1/regions/330402/election-rules";
    let rules = json!({
        "count": {"min_elected_to_leave_empty": 4},
        "schedule": {"register_published_days_before": 30},
        "residents_committee_seats": {"min": 5, "max": 7},
    });
    // Refusals: each names its field, nothing is written.
    let bad = json!({"valid_from": today.to_string(), "valid_until": (today - Duration::days(1)).to_string(),
        "rules": {"count": {"turnout": {"numerator": 3, "denominator": 2, "strict": true}}, "villagers_committee_seats": {"min": 0, "max": 7}}});
    let refused = t.post_json(&county, path, &bad).await;
    assert_eq!(refused.status(), 422);
    let fields: Vec<String> = refused.json::<Value>().await.unwrap()["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(fields, ["valid_until", "rules.count.turnout", "rules.villagers_committee_seats"]);
    let unknown_field =
        t.post_json(&county, path, &json!({"valid_from": today.to_string(), "rules": {"quorum": 1}})).await;
    assert!(unknown_field.status().is_client_error());
    let township = t
        .post_json(
            &t.login("admin-330402007").await,
            "/api/v1/regions/330402007/election-rules",
            &json!({"valid_from": today.to_string()}),
        )
        .await;
    assert_eq!(township.status(), 403, "a township admin opens no elections");
    let other = t.post_json(&t.login("admin-330411").await, path, &json!({"valid_from": today.to_string()})).await;
    assert_eq!(other.status(), 404);
    let in_force = t.get_json(&county, &format!("/api/v1/regions/{HOME}/election-rules")).await;
    assert_eq!(
        (in_force["region_code"].as_str(), in_force["rules"]["schedule"]["register_published_days_before"].as_i64()),
        (Some(""), Some(20)),
        "the regulation's"
    );
    let regulation = in_force["id"].as_i64().unwrap();

    let added = t.created_id(&county, path, &json!({"valid_from": today.to_string(), "rules": rules})).await;
    assert_eq!(t.post_json(&county, path, &json!({"valid_from": today.to_string()})).await.status(), 409);
    let in_force = t.get_json(&county, &format!("/api/v1/regions/{HOME}/election-rules")).await;
    assert_eq!(in_force["id"], added, "the county's set reaches its communities");
    assert_eq!(in_force["rules"]["count"]["further_candidates_extra"], 1, "numbers left out are the regulation's");
    let yesterday =
        t.get_json(&county, &format!("/api/v1/regions/{HOME}/election-rules?on={}", today - Duration::days(1))).await;
    assert_eq!(yesterday["id"], regulation, "chosen by the date");

    let open = |days: i64, posts: Option<Value>| {
        let mut body = json!({"name": "换届", "region_code": "330402", "term": 2026, "vote_date": (today + Duration::days(days)).to_string()});
        if let Some(posts) = posts {
            body["residents_posts"] = posts;
        }
        body
    };
    let soon = t.post_json(&county, "/api/v1/unified-elections", &open(25, None)).await;
    assert_eq!(soon.json::<Value>().await.unwrap()["errors"][0]["code"], "election-too-soon", "30 days here, not 20");
    let eight = json!([{"post": "director", "seats": 1}, {"post": "member", "seats": 7}]);
    let large = t.post_json(&county, "/api/v1/unified-elections", &open(35, Some(eight))).await;
    assert_eq!(large.json::<Value>().await.unwrap()["errors"][0]["field"], "residents_posts", "at most 7 here");
    assert_eq!(t.post_json(&county, "/api/v1/unified-elections", &open(35, None)).await.status(), 201);
    let election = &t.get_json(&county, &format!("/api/v1/communities/{HOME}/elections")).await["items"][0];
    assert_eq!(election["rule_set_id"], added, "the election records the rule set it used");
    assert_eq!(election["schedule"]["register_published_by"], (today + Duration::days(5)).to_string());
    let stored = store::entity::election::Entity::find_by_id(election["id"].as_i64().unwrap())
        .one(&t.app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(stored.count_rules.contains("\"min_elected_to_leave_empty\":4"), "{}", stored.count_rules);
}
