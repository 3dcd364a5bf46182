//! Paper ballots (3B): a batch counts only when a second teller's independent entry
//! matches the first; disagreements are shown side by side; the count adds the confirmed
//! paper ballots to the phone ballots.

mod common;

use common::spawn_app;
use serde_json::{Value, json};

#[tokio::test]
async fn a_paper_batch_counts_once_two_tellers_agree() {
    let t = spawn_app().await;
    let (id, codes) = t.voting_day(4).await;
    assert_eq!(codes.len(), 8);
    let first_teller = t.login("admin-330402").await;
    let second_teller = t.login("admin-330402007").await;
    let path = format!("/api/v1/elections/{id}/paper-batches");
    let batch = |third: &str| {
        json!({"number": 1, "ballots": [
            {"director": ["张三"], "member": ["李四", "王五"]},
            {"director": [third]},
            {},
            {"director": ["张三"]},
        ]})
    };
    let first: Value = t.post_json(&first_teller, &path, &batch("张三")).await.json().await.unwrap();
    assert_eq!((first["entries"].as_u64(), first["confirmed"].as_bool()), (Some(1), Some(false)));
    let again: Value = t.post_json(&first_teller, &path, &batch("张三")).await.json().await.unwrap();
    assert_eq!(again["entries"], 1, "one teller's second entry replaces the first, it does not confirm");

    let differing: Value = t.post_json(&second_teller, &path, &batch("张山")).await.json().await.unwrap();
    assert_eq!(differing["confirmed"], false);
    assert_eq!(differing["mismatches"][0]["position"], 2);
    assert_eq!(differing["mismatches"][0]["first"]["director"][0], "张三");
    assert_eq!(differing["mismatches"][0]["second"]["director"][0], "张山");
    let listed = t.get_json(&first_teller, &path).await;
    assert_eq!(listed["items"][0]["mismatches"].as_array().unwrap().len(), 1, "shown to both tellers");

    let early = t.post_json(&first_teller, &format!("/api/v1/elections/{id}/count"), &json!({"paper_voters": 4})).await;
    assert_eq!(early.status(), 409);
    assert_eq!(early.json::<Value>().await.unwrap()["errors"][0]["code"], "paper-batch-unconfirmed");

    let corrected: Value = t.post_json(&second_teller, &path, &batch("张三")).await.json().await.unwrap();
    assert_eq!((corrected["confirmed"].as_bool(), corrected["entries"].as_u64()), (Some(true), Some(2)));
    let late = t.post_json(&first_teller, &path, &batch("张山")).await;
    assert_eq!(late.status(), 409, "a confirmed batch no longer changes");

    let phone = json!({"code": codes[0].1, "ballot": {"director": ["张三"]}});
    assert_eq!(t.post_json(&t.anonymous(), "/api/v1/ballots", &phone).await.status(), 201);
    let count = t.post_json(&first_teller, &format!("/api/v1/elections/{id}/count"), &json!({"paper_voters": 4})).await;
    let result: Value = count.json().await.unwrap();
    assert_eq!(result["valid"], true, "5 of 8 voted");
    assert_eq!(result["ballots_cast"], 5);
    assert_eq!(result["posts"][0]["votes"]["张三"], 4, "three paper ballots and one phone ballot");
    assert_eq!(result["posts"][0]["elected"], json!(["张三"]));
    let recount = t.post_json(&first_teller, &format!("/api/v1/elections/{id}/count"), &json!({})).await;
    assert_eq!(recount.status(), 409);
}

#[tokio::test]
async fn paper_entries_wait_for_the_vote_and_are_checked() {
    let t = spawn_app().await;
    let (id, county) = t.published_register(0).await;
    let path = format!("/api/v1/elections/{id}/paper-batches");
    let early = t.post_json(&county, &path, &json!({"number": 1, "ballots": [{}]})).await;
    assert_eq!(early.status(), 409);
    t.set_vote_date(id, t.app.settings.today()).await;
    let empty = t.post_json(&county, &path, &json!({"number": 1, "ballots": []})).await;
    assert_eq!(empty.status(), 422);
    let long_name = "名".repeat(41);
    let oversized = t.post_json(&county, &path, &json!({"number": 1, "ballots": [{}, {"member": [long_name]}]})).await;
    let problem: Value = oversized.json().await.unwrap();
    assert_eq!(
        (problem["errors"][0]["code"].as_str(), problem["errors"][0]["field"].as_str()),
        (Some("paper-ballot-oversized"), Some("ballots"))
    );
    let zero = t.post_json(&county, &path, &json!({"number": 0, "ballots": [{}]})).await;
    assert_eq!(zero.json::<Value>().await.unwrap()["errors"][0]["field"], "number");
    let worker = t.login("worker-330402007").await;
    assert_eq!(t.post_json(&worker, &path, &json!({"number": 1, "ballots": [{}]})).await.status(), 403);
    assert_eq!(t.get_json(&county, &path).await["items"], json!([]), "nothing half-written");
}

#[tokio::test]
async fn open_seats_go_to_a_further_round_on_paper_before_anyone_takes_office() {
    let t = spawn_app().await;
    let (id, codes) = t.voting_day(6).await;
    let ballot = |members: [&str; 3]| json!({"director": ["张丽华"], "member": members, "woman_member": ["李秀英"]});
    for (n, (_, code)) in codes[..6].iter().enumerate() {
        let members =
            if n < 3 { ["王建国", "陈志强", "选民00"] } else { ["王建国", "选民01", "选民02"] };
        let r = t.post_json(&t.anonymous(), "/api/v1/ballots", &json!({"code": code, "ballot": ballot(members)})).await;
        assert_eq!(r.status(), 201);
    }
    let county = t.login("admin-330402").await;
    let first: Value =
        t.post_json(&county, &format!("/api/v1/elections/{id}/count"), &json!({})).await.json().await.unwrap();
    let members = first["posts"].as_array().unwrap().iter().find(|p| p["post"] == "member").unwrap();
    assert_eq!(
        (members["elected"].clone(), members["unfilled"].as_u64()),
        (json!(["王建国"]), Some(2)),
        "3 of 6 is not more than half"
    );
    let seat = format!("/api/v1/elections/{id}/seat");
    let early = t.post_json(&county, &seat, &json!({})).await;
    assert_eq!(early.json::<Value>().await.unwrap()["errors"][0]["code"], "further-round-pending");

    let further_round = format!("/api/v1/elections/{id}/further-round");
    let short = t.post_json(&county, &further_round, &json!({})).await;
    assert_eq!(short.status(), 422, "no one was named for deputy: no competitive further round for it");
    let problem: Value = short.json().await.unwrap();
    assert_eq!(problem["errors"][0]["field"], "self_nomination");
    assert_eq!(problem["errors"][0]["code"], "further-round-too-few-candidates");
    let called: Value =
        t.post_json(&county, &further_round, &json!({"self_nomination": true})).await.json().await.unwrap();
    assert_eq!(called["items"].as_array().unwrap().len(), 2, "the deputies' seats go on too, as self-nomination");
    assert_eq!(
        (called["items"][0]["post"].as_str(), called["items"][0]["seats"].as_u64()),
        (Some("deputy_director"), Some(2))
    );
    assert_eq!(called["items"][1]["seats"], 2);
    assert_eq!(called["items"][1]["candidates"].as_array().unwrap().len(), 4, "tied at the cut, all four stand");

    let batch = json!({"round": 2, "number": 1, "ballots": [
        {"member": ["陈志强", "选民00"]}, {"member": ["陈志强", "选民00"]}, {"member": ["陈志强", "选民00"]},
        {"member": ["陈志强", "选民00"]}, {"member": ["选民01"]}, {"member": ["选民01"]}]});
    let path = format!("/api/v1/elections/{id}/paper-batches");
    t.post_json(&county, &path, &batch).await;
    let township = t.login("admin-330402007").await;
    let confirmed: Value = t.post_json(&township, &path, &batch).await.json().await.unwrap();
    assert_eq!((confirmed["round"].as_i64(), confirmed["confirmed"].as_bool()), (Some(2), Some(true)));
    let further: Value = t
        .post_json(&county, &format!("/api/v1/elections/{id}/further-round/count"), &json!({"paper_voters": 6}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        further["posts"][1]["elected"],
        json!(["选民00", "陈志强"]),
        "4 of 6 reach one third; 2 of 6 too, but fewer votes"
    );

    let seated: Value = t.post_json(&county, &seat, &json!({})).await.json().await.unwrap();
    let names: Vec<&str> = seated["items"].as_array().unwrap().iter().map(|m| m["name"].as_str().unwrap()).collect();
    assert_eq!(names.len(), 5, "director, three members, the woman member; the deputies' seats stay empty: {names:?}");
    let public: Value = t.get_json(&t.anonymous(), &format!("/api/v1/public/elections/{id}/results")).await;
    assert_eq!(public["further"]["posts"][1]["elected"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn a_paper_ballot_naming_an_unknown_post_is_cast_but_invalid_and_the_count_goes_on() {
    let t = spawn_app().await;
    let (id, _codes) = t.voting_day(4).await;
    let path = format!("/api/v1/elections/{id}/paper-batches");
    let batch = json!({"number": 1, "ballots": [
        {"director": ["张三"]},
        {"director": ["张三"]},
        {"director": ["张三"]},
        {"director": ["张三"]},
        {"chairman": ["李四"]},
    ]});
    for teller in ["admin-330402", "admin-330402007"] {
        let entered = t.post_json(&t.login(teller).await, &path, &batch).await;
        assert!(entered.status().is_success(), "{teller}: {}", entered.status());
    }
    let county = t.login("admin-330402").await;
    let count = t.post_json(&county, &format!("/api/v1/elections/{id}/count"), &json!({"paper_voters": 5})).await;
    assert_eq!(count.status(), 200, "Art. 27: one unreadable ballot does not stop the count");
    let result: Value = count.json().await.unwrap();
    assert_eq!((result["ballots_cast"].as_u64(), result["invalid_ballots"].as_u64()), (Some(5), Some(1)));
    assert_eq!(result["posts"][0]["elected"], json!(["张三"]));
}
