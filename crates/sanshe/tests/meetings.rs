//! Residents' meetings and deliberation (3B): quorum and motions by the law's majorities,
//! decisions followed up until done, topics residents propose from their phones, and
//! Art. 10 requests that oblige a meeting.

mod common;

use common::{HOME, spawn_app};
use serde_json::{Value, json};

#[tokio::test]
async fn a_meeting_decides_by_more_than_half_and_its_decisions_are_followed_up() {
    let t = spawn_app().await;
    let county = t.login("admin-330402").await;
    // A resident proposes a topic from a phone, without login.
    let proposed = t
        .post_json(
            &t.anonymous(),
            &format!("/api/v1/public/communities/{HOME}/topics"),
            &json!({"text": "小区加装电梯", "phone": "13805731234"}),
        )
        .await;
    assert_eq!(proposed.status(), 201);
    let tracking = proposed.json::<Value>().await.unwrap()["tracking"].as_str().unwrap().to_string();
    let staff_topics = t.get_json(&county, &format!("/api/v1/communities/{HOME}/topics")).await;
    assert_eq!(staff_topics["items"][0]["contact"], "138****1234", "staff see a masked phone");

    let today = t.app.settings.today().to_string();
    let meeting = json!({"kind": "representatives_meeting", "title": "第一次居民代表会议", "held_on": today,
        "place": "社区会议室", "members": 40, "agenda": ["审议年度工作报告"], "topic_ids": [tracking]});
    let id = t.created_id(&county, &format!("/api/v1/communities/{HOME}/meetings"), &meeting).await;
    let public: Value = t.get_json(&t.anonymous(), &format!("/api/v1/public/topics/{tracking}")).await;
    assert_eq!(public["status"], "scheduled");
    assert_eq!(public["meeting_title"], "第一次居民代表会议");
    assert!(public.get("contact").is_none(), "no contact details in public");

    let record =
        |present: u32, motions: Value| json!({"present": present, "minutes": "会议纪要……", "motions": motions});
    let too_many = record(21, json!([{"text": "加装电梯", "yes": 20, "no": 1, "abstain": 1}]));
    let r = t.post_json(&county, &format!("/api/v1/meetings/{id}/record"), &too_many).await;
    assert_eq!(r.status(), 422);
    assert_eq!(r.json::<Value>().await.unwrap()["errors"][0]["field"], "motions.0.yes");

    // 21 of 40 is a quorum; 11 of 21 is more than half, 10 is not.
    let held = record(
        21,
        json!([
            {"text": "加装电梯", "yes": 11, "no": 10, "abstain": 0},
            {"text": "更换物业", "yes": 10, "no": 5, "abstain": 6},
        ]),
    );
    let view: Value = t.post_json(&county, &format!("/api/v1/meetings/{id}/record"), &held).await.json().await.unwrap();
    assert_eq!(view["quorate"], true);
    assert_eq!(view["motions"][0]["passed"], true);
    assert_eq!(view["motions"][1]["passed"], false);
    assert_eq!(view["open_follow_ups"], 1);
    assert_eq!(t.post_json(&county, &format!("/api/v1/meetings/{id}/record"), &held).await.status(), 409);

    let adopted = view["motions"][0]["id"].as_i64().unwrap();
    let rejected = view["motions"][1]["id"].as_i64().unwrap();
    let step = |motion: i64, status: &str| {
        let body = json!({"status": status, "note": "已与物业沟通"});
        let url = t.url(&format!("/api/v1/motions/{motion}/follow-up"));
        let county = county.clone();
        async move { county.post(url).json(&body).send().await.unwrap().status() }
    };
    assert_eq!(step(rejected, "done").await, 409);
    assert_eq!(step(adopted, "in_progress").await, 204);
    assert_eq!(step(adopted, "done").await, 204);
    assert_eq!(step(adopted, "in_progress").await, 409, "done is final");
    let after = t.get_json(&county, &format!("/api/v1/meetings/{id}")).await;
    assert_eq!(after["open_follow_ups"], 0);
    assert_eq!(after["motions"][0]["done_on"], today);
}

#[tokio::test]
async fn without_a_quorum_nothing_is_decided() {
    let t = spawn_app().await;
    let county = t.login("admin-330402").await;
    let meeting = json!({"kind": "residents_meeting", "title": "居民会议", "held_on": t.app.settings.today().to_string(),
        "place": "广场", "members": 40, "agenda": ["议题"]});
    let id = t.created_id(&county, &format!("/api/v1/communities/{HOME}/meetings"), &meeting).await;
    let held = json!({"present": 20, "minutes": "到会不足", "motions": [{"text": "一致同意", "yes": 20, "no": 0, "abstain": 0}]});
    let view: Value = t.post_json(&county, &format!("/api/v1/meetings/{id}/record"), &held).await.json().await.unwrap();
    assert_eq!(view["quorate"], false, "exactly half is not more than half");
    assert_eq!(view["motions"][0]["passed"], false);
    assert_eq!(view["motions"][0]["follow_up"], "not_adopted");
}

#[tokio::test]
async fn a_fifth_of_households_obliges_a_meeting_and_the_meeting_answers_it() {
    let t = spawn_app().await;
    let county = t.login("admin-330402").await;
    let path = format!("/api/v1/communities/{HOME}/meeting-requests");
    let enough = json!({"basis": "households", "supporters": 61, "total": 301, "subject": "要求公开维修基金使用情况"});
    let short = json!({"basis": "households", "supporters": 60, "total": 301, "subject": "同上"});
    let first = t.created_id(&county, &path, &enough).await;
    assert_eq!(t.post_json(&county, &path, &short).await.status(), 201);
    let bad = json!({"basis": "streets", "supporters": 5, "total": 3, "subject": ""});
    let r: Value = t.post_json(&county, &path, &bad).await.json().await.unwrap();
    let fields: Vec<&str> = r["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["basis", "subject", "supporters"]);
    // Past what fits (and any community): refused, not wrapped round.
    let huge = json!({"basis": "households", "supporters": 1, "total": 4_000_000_000u32, "subject": "x"});
    let r: Value = t.post_json(&county, &path, &huge).await.json().await.unwrap();
    assert_eq!(r["errors"][0]["field"], "total");
    let meeting = json!({"kind": "deliberation", "title": "会", "held_on": t.app.settings.today().to_string(), "members": 4_000_000_000u32});
    let r: Value =
        t.post_json(&county, &format!("/api/v1/communities/{HOME}/meetings"), &meeting).await.json().await.unwrap();
    assert_eq!(r["errors"][0]["field"], "members");

    let listed = t.get_json(&county, &path).await;
    let obliges: Vec<bool> =
        listed["items"].as_array().unwrap().iter().map(|r| r["obliges_meeting"].as_bool().unwrap()).collect();
    assert_eq!(obliges, [false, true], "newest first: 60/301 < 1/5 ≤ 61/301");
    assert!(listed["items"][1]["meeting_id"].is_null());

    let meeting = json!({"kind": "residents_meeting", "title": "应居民提议召开的居民会议", "held_on": t.app.settings.today().to_string(),
        "place": "社区", "members": 301, "agenda": ["维修基金"], "request_id": first});
    let id = t.created_id(&county, &format!("/api/v1/communities/{HOME}/meetings"), &meeting).await;
    let listed = t.get_json(&county, &path).await;
    assert_eq!(listed["items"][1]["meeting_id"], id);
    let xiuzhou = t.login("admin-330411").await;
    assert_eq!(xiuzhou.get(t.url(&path)).send().await.unwrap().status(), 404);
}
