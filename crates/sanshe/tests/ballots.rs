//! Phone ballots (3B): one voter, one ballot — also under 64 concurrent attempts — and
//! secrecy: an attempt to link ballots to voters from the database must fail.

mod common;

use chrono::Duration;
use common::{TestApp, spawn_app};
use sea_orm::{ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QueryOrder, Statement};
use serde_json::{Value, json};
use store::entity::{audit_log, person, voter};

async fn cast(t: &TestApp, code: &str, ballot: Value) -> (u16, Value) {
    let r = reqwest::Client::new()
        .post(t.url("/api/v1/ballots"))
        .json(&json!({"code": code, "ballot": ballot}))
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
}

/// How many of the election's slots hold a ballot.
async fn ballots_in_box(t: &TestApp, id: i64) -> usize {
    store::entity::ballot::Entity::find()
        .filter(store::entity::ballot::Column::ElectionId.eq(id))
        .filter(store::entity::ballot::Column::Content.is_not_null())
        .all(&t.app.db)
        .await
        .unwrap()
        .len()
}

#[tokio::test]
async fn a_voter_casts_one_ballot_and_gets_a_receipt() {
    let t = spawn_app().await;
    let (_, codes) = t.voting_day(0).await;
    assert_eq!(codes.len(), 4, "the demo community's four adults");
    let (code_holder, code) = &codes[0];
    let ballot = json!({"director": ["张丽华"], "member": ["王建国", "李秀英"]});
    let (status, body) = cast(&t, &code.to_lowercase().replace('-', " "), ballot.clone()).await;
    assert_eq!(status, 201, "{code_holder}: {body}");
    let receipt = body["receipt"].as_str().unwrap();
    assert_eq!(receipt.len(), 12);
    let (again, problem) = cast(&t, code, ballot).await;
    assert_eq!(again, 409);
    assert_eq!(problem["errors"][0]["code"], "already-voted");
    assert_eq!(cast(&t, "AAAA-BBBB-CCCC", json!({})).await.0, 404);
    let (too_many, problem) = cast(&t, &codes[1].1, json!({"director": ["甲", "乙"]})).await;
    assert_eq!(too_many, 422);
    assert_eq!(problem["errors"][0]["code"], "ballot-too-many-names");
    let (twice, _) = cast(&t, &codes[1].1, json!({"director": ["甲"], "member": ["甲"]})).await;
    assert_eq!(twice, 422);
    let (blank, _) = cast(&t, &codes[1].1, json!({})).await;
    assert_eq!(blank, 201, "a blank ballot is a ballot");
}

#[tokio::test]
async fn voting_is_open_only_on_the_vote_date() {
    let t = spawn_app().await;
    let (id, codes) = t.voting_day(0).await;
    let vote_date = t.app.settings.today() + Duration::days(1);
    t.set_vote_date(id, vote_date).await;
    let (status, problem) = cast(&t, &codes[0].1, json!({})).await;
    assert_eq!(status, 409);
    assert_eq!(problem["errors"][0]["code"], "voting-closed");
    let message = problem["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains(&vote_date.to_string()), "the voter is told which day voting opens: {message}");
    // The phone page says the same when the code is typed.
    let page = t.anonymous().post(t.url("/vote")).form(&[("code", codes[0].1.as_str())]).send().await.unwrap();
    let page = page.text().await.unwrap();
    assert!(page.contains(&format!("投票日为 {vote_date}")), "{page}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sixty_four_concurrent_attempts_with_one_code_make_exactly_one_ballot() {
    let t = spawn_app().await;
    let (id, codes) = t.voting_day(0).await;
    let code = codes[0].1.clone();
    let attempts: Vec<_> = (0..64)
        .map(|n| {
            let url = t.url("/api/v1/ballots");
            let code = code.clone();
            tokio::spawn(async move {
                let body = json!({"code": code, "ballot": {"member": [format!("第{n}次")]}});
                reqwest::Client::new().post(url).json(&body).send().await.unwrap().status().as_u16()
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for attempt in attempts {
        statuses.push(attempt.await.unwrap());
    }
    assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 1, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 409).count(), 63, "{statuses:?}");
    assert_eq!(ballots_in_box(&t, id).await, 1, "one ballot in the box");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_voter_trying_again_among_new_voters_costs_them_nothing() {
    let t = spawn_app().await;
    let (id, codes) = t.voting_day(36).await;
    let (name, code) = &codes[0];
    assert_eq!(cast(&t, code, json!({"member": [name]})).await.0, 201);
    // The repeat shares groups with first-time voters: its mark is refused, the group's
    // transaction is redone without it, and every other ballot counts.
    let attempts: Vec<_> = codes[..20]
        .iter()
        .map(|(name, code)| {
            let (url, body) = (t.url("/api/v1/ballots"), json!({"code": code, "ballot": {"member": [name]}}));
            tokio::spawn(async move { reqwest::Client::new().post(url).json(&body).send().await.unwrap().status() })
        })
        .collect();
    let mut statuses = Vec::new();
    for attempt in attempts {
        statuses.push(attempt.await.unwrap().as_u16());
    }
    assert_eq!(statuses[0], 409, "{statuses:?}");
    assert!(statuses[1..].iter().all(|s| *s == 201), "{statuses:?}");
    assert_eq!(ballots_in_box(&t, id).await, 20, "the first ballot and 19 new ones");
    let marks = store::entity::ballot_mark::Entity::find()
        .filter(store::entity::ballot_mark::Column::ElectionId.eq(id))
        .all(&t.app.db)
        .await
        .unwrap();
    assert_eq!(marks.len(), 20);
}

async fn cast_all(t: &TestApp, codes: &[(String, String)], concurrently: bool) {
    if concurrently {
        let casts: Vec<_> = codes
            .iter()
            .map(|(name, code)| {
                let (url, body) = (t.url("/api/v1/ballots"), json!({"code": code, "ballot": {"member": [name]}}));
                tokio::spawn(async move { reqwest::Client::new().post(url).json(&body).send().await.unwrap().status() })
            })
            .collect();
        for cast in casts {
            assert_eq!(cast.await.unwrap(), 201);
        }
    } else {
        for (name, code) in codes {
            let (status, _) = cast(t, code, json!({"member": [name]})).await;
            assert_eq!(status, 201);
        }
    }
}

/// One at a time, the hardest case: every commit holds a single ballot, and still the
/// table's order (its slots' rowids, in the order of their random ids, fixed when the codes
/// were issued) says nothing of when a ballot came. SQLite only: PostgreSQL writes a new
/// row version for each filled slot, so its physical order (and xmin) shows the commit.
#[tokio::test]
async fn ballots_cast_one_at_a_time_cannot_be_linked_to_voters_from_the_database() {
    let t = spawn_app().await;
    if t.app.db.get_database_backend() != DbBackend::Sqlite {
        return;
    }
    let (id, codes) = t.voting_day(36).await;
    assert_eq!(codes.len(), 40);
    // Each voter writes their own name, so the true link is known to the test.
    cast_all(&t, &codes, false).await;
    let groups = try_to_link(&t, id, false).await;
    assert_eq!(groups, 40, "one commit per ballot");
}

/// Cast together, ballots share commits: a group's ballots of one election fill a run of
/// slots (neighbours in the table, from a random place) in shuffled order, so at most the
/// group is known, never which of its ballots is whose.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ballots_cast_together_cannot_be_linked_to_voters_from_the_database() {
    let t = spawn_app().await;
    let (id, codes) = t.voting_day(36).await;
    cast_all(&t, &codes, true).await;
    let groups = try_to_link(&t, id, true).await;
    assert!(groups <= 10, "40 concurrent casts share commits ({groups} commits)");
}

/// Tries to link the election's ballots to its voters by the order they sit in the table
/// against the order of voting in the audit trail; answers the number of commits.
async fn try_to_link(t: &TestApp, id: i64, groups_keep_together: bool) -> usize {
    let backend = t.app.db.get_database_backend();
    // The order of voting, as the audit trail shows it.
    let entries = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("voted"))
        .order_by_asc(audit_log::Column::Seq)
        .all(&t.app.db)
        .await
        .unwrap();
    let groups = entries.len();
    let voted: Vec<i64> = entries
        .into_iter()
        .flat_map(|e| {
            let after: Value = serde_json::from_str(&e.after).unwrap();
            after["voters"].as_array().unwrap().iter().map(|v| v.as_i64().unwrap()).collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(voted.len(), 40);
    let mut names_in_voting_order = Vec::new();
    for voter_id in &voted {
        let v = voter::Entity::find_by_id(*voter_id).one(&t.app.db).await.unwrap().unwrap();
        names_in_voting_order.push(person::Entity::find_by_id(v.person_id).one(&t.app.db).await.unwrap().unwrap().name);
    }
    // The ballots in the order they sit in the table (SQLite rowid, PostgreSQL ctid).
    let physical = if backend == DbBackend::Sqlite { "rowid" } else { "ctid" };
    let sql =
        format!("SELECT content FROM ballots WHERE election_id = {id} AND content IS NOT NULL ORDER BY {physical}");
    let rows = t.app.db.query_all_raw(Statement::from_string(backend, sql)).await.unwrap();
    let names_in_table_order: Vec<String> = rows
        .iter()
        .map(|r| {
            let content: String = r.try_get("", "content").unwrap();
            serde_json::from_str::<Value>(&content).unwrap()["member"][0].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(names_in_table_order.len(), 40);
    // By the same order, how many ballots would be linked to the right voter? For a random
    // order one on average; seven or more happens by chance about once in 10,000 runs.
    // Where a group's ballots keep together, each group adds about one (its members' order
    // is random, but the groups may follow each other in time).
    let linked = names_in_voting_order.iter().zip(&names_in_table_order).filter(|(a, b)| a == b).count();
    let by_groups = if groups_keep_together { groups } else { 0 };
    assert!(linked <= 6 + by_groups, "{linked} of 40 ballots sit in voting order ({groups} commits)");
    // Nothing else to link by: no voter, no time, only these columns.
    let probe = format!("SELECT * FROM ballots WHERE election_id = {id} LIMIT 1");
    let row = t.app.db.query_one_raw(Statement::from_string(backend, probe)).await.unwrap().unwrap();
    assert_eq!(row.column_names(), ["id", "election_id", "content"]);
    groups
}

#[tokio::test]
async fn the_count_is_published_with_every_receipt_and_elects_by_the_rules() {
    let t = spawn_app().await;
    let (id, codes) = t.voting_day(0).await;
    let anonymous = t.anonymous();
    assert_eq!(
        anonymous.get(t.url(&format!("/api/v1/public/elections/{id}/results"))).send().await.unwrap().status(),
        404
    );
    let mut receipts = Vec::new();
    for (_, code) in &codes[..3] {
        let (status, body) = cast(&t, code, json!({"director": ["张丽华"], "member": ["王建国"]})).await;
        assert_eq!(status, 201);
        receipts.push(body["receipt"].as_str().unwrap().to_string());
    }
    let county = t.login("admin-330402").await;
    let worker = t.login("worker-330402007").await;
    assert_eq!(worker.post(t.url(&format!("/api/v1/elections/{id}/count"))).send().await.unwrap().status(), 403);
    let result: Value =
        county.post(t.url(&format!("/api/v1/elections/{id}/count"))).send().await.unwrap().json().await.unwrap();
    // 3 of 4 voters voted: valid; 张丽华 has 3 of 3 ballots for director.
    assert_eq!(result["valid"], true);
    assert_eq!(result["ballots_cast"], 3);
    assert_eq!(result["posts"][0]["elected"], json!(["张丽华"]));
    let public = t.get_json(&anonymous, &format!("/api/v1/public/elections/{id}/results")).await;
    let mut published: Vec<String> =
        public["receipts"].as_array().unwrap().iter().map(|r| r.as_str().unwrap().to_string()).collect();
    published.sort();
    receipts.sort();
    assert_eq!(published, receipts, "every receipt, and only those, is published");
    assert_eq!(public["registered_voters"], 4);
    let page = anonymous
        .get(t.url(&format!("/public/elections/{id}?receipt={}", receipts[0])))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("receipt-found"), "the results page confirms the receipt");
}

#[tokio::test]
async fn counting_waits_for_the_vote_date() {
    let t = spawn_app().await;
    let (id, _) = t.voting_day(0).await;
    t.set_vote_date(id, t.app.settings.today() + Duration::days(1)).await;
    let county = t.login("admin-330402").await;
    let early = county.post(t.url(&format!("/api/v1/elections/{id}/count"))).send().await.unwrap();
    assert_eq!(early.status(), 409);
}
