//! Issue 12 (14): every route bounds what it reads. JSON and forms take 64 KiB; a paper
//! ballot batch 1 MiB; only the import routes take spreadsheets, and only from a caller
//! whose role imports something, checked before the upload is read.

mod common;

use common::{HOME, spawn_app};
use serde_json::{Value, json};

fn padding(bytes: usize) -> String {
    "x".repeat(bytes)
}

#[tokio::test]
async fn small_routes_refuse_large_bodies_with_413_signed_in_or_not() {
    let t = spawn_app().await;
    let anyone = t.anonymous();
    let login = json!({"username": "admin", "password": padding(100 * 1024)});
    let refused = anyone.post(t.url("/api/v1/auth/login")).json(&login).send().await.unwrap();
    assert_eq!(refused.status(), 413, "a 100 KB login");
    let problem: Value = refused.json().await.unwrap();
    assert!(problem["type"].as_str().unwrap().ends_with("/too-large"), "{problem}");
    let filing = json!({"name": padding(100 * 1024)});
    let public = anyone.post(t.url("/api/v1/public/registration-applications")).json(&filing).send().await.unwrap();
    assert_eq!(public.status(), 413, "an anonymous 100 KB filing");

    let admin = t.login("admin-330402").await;
    let profile = json!({"urban": true, "households": 1, "population": 1, "address": padding(100 * 1024)});
    let put = admin.put(t.url(&format!("/api/v1/communities/{HOME}/profile"))).json(&profile).send().await.unwrap();
    assert_eq!(put.status(), 413, "a signed-in 100 KB profile");
    let small = json!({"urban": true, "households": 1, "population": 1, "address": "南湖区建设街道百福弄"});
    let ok = admin.put(t.url(&format!("/api/v1/communities/{HOME}/profile"))).json(&small).send().await.unwrap();
    assert_eq!(ok.status(), 204, "a normal body still passes");
}

#[tokio::test]
async fn only_an_importing_role_may_send_a_spreadsheet_and_it_may_be_large() {
    let t = spawn_app().await;
    let upload = |bytes: Vec<u8>| {
        reqwest::multipart::Form::new().part("file", reqwest::multipart::Part::bytes(bytes).file_name("posts.csv"))
    };
    // A large CSV of one repeated bad row: big, valid to read, refused per row.
    let mut csv = "社区代码,姓名,身份证号,手机号码,组织,职务,专兼职,任职日期\n".to_string();
    while csv.len() < 200 * 1024 {
        csv.push_str("330402007024,某人,1,,居委会,委员,兼职,2024-02-01\n");
    }
    let worker = t.login("worker-330402007").await;
    let refused =
        worker.post(t.url("/api/v1/communities/import")).multipart(upload(csv.clone().into_bytes())).send().await;
    assert_eq!(refused.unwrap().status(), 403, "a read-only social worker sends no file");

    let admin = t.login("admin-330402").await;
    let read =
        admin.post(t.url("/api/v1/communities/import")).multipart(upload(csv.into_bytes())).send().await.unwrap();
    assert_eq!(read.status(), 200, "200 KB is well within an import's limit");
    let report: Value = read.json().await.unwrap();
    assert!(report["total"].as_u64().unwrap() > 3000 && report["committed"] == false);
    let too_big = vec![b'x'; 33 * 1024 * 1024];
    let over = admin.post(t.url("/api/v1/communities/import")).multipart(upload(too_big)).send().await.unwrap();
    assert_eq!(over.status(), 413, "past the 32 MiB an import may send");
}

#[tokio::test]
async fn a_full_paper_batch_fits_its_larger_limit() {
    let t = spawn_app().await;
    let (id, _codes) = t.voting_day(4).await;
    let ballot = json!({"director": ["张三"], "deputy_director": ["李四"], "member": ["王五", "赵六", "钱七"]});
    let batch = json!({"number": 1, "ballots": vec![ballot; 1000]});
    assert!(batch.to_string().len() > 64 * 1024, "more than a small route takes");
    let teller = t.login("admin-330402").await;
    let entered = t.post_json(&teller, &format!("/api/v1/elections/{id}/paper-batches"), &batch).await;
    assert_ne!(entered.status(), 413, "a batch of 1,000 ballots is not refused for its size");
}
