//! Issue 12 (14): every route bounds what it reads. JSON and forms take 64 KiB; a paper
//! ballot batch 1 MiB; only the import routes take spreadsheets, and only from a caller
//! whose role imports something, checked before the upload is read. Issue 12 (13): a
//! spreadsheet that unpacks past the reader's cap is refused while it unpacks.

mod common;

use common::{HOME, spawn_app};
use std::io::Write;

use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

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
async fn a_page_form_past_its_limit_gets_the_too_large_page_in_the_callers_language() {
    let t = spawn_app().await;
    let form = [("name", padding(100 * 1024))];
    for (lang, title) in [("zh-CN", "提交的内容过大"), ("en", "too large")] {
        let url = t.url("/public/registration");
        let page = t.anonymous().post(url).header("accept-language", lang).form(&form).send().await.unwrap();
        assert_eq!(page.status(), 413);
        let html = page.text().await.unwrap();
        assert!(html.contains(title), "{lang}: {html}");
        assert!(!html.contains("Failed to buffer"), "the limit's own English words stay out");
    }
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

/// A signed-in session's cookie and CSRF token, for requests written by hand.
async fn session_of(t: &common::TestApp, username: &str) -> (String, String) {
    let login = json!({"username": username, "password": common::PASSWORD});
    let response = t.anonymous().post(t.url("/api/v1/auth/login")).json(&login).send().await.unwrap();
    let cookie = response.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string();
    let body: Value = response.json().await.unwrap();
    (cookie, body["csrf_token"].as_str().unwrap().to_string())
}

#[tokio::test]
async fn a_caller_who_imports_nothing_is_answered_without_the_server_waiting_for_the_file() {
    let t = spawn_app().await;
    let (cookie, csrf) = session_of(&t, "worker-330402007").await;
    let mut stream = tokio::net::TcpStream::connect(t.addr).await.unwrap();
    // Announces 30 MB and sends a few bytes: a server that read the body first would wait.
    let head = format!(
        "POST /api/v1/communities/import HTTP/1.1\r\nHost: {}\r\nCookie: {cookie}\r\nX-CSRF-Token: {csrf}\r\n\
         Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 30000000\r\n\r\n--b\r\n",
        t.addr
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut answer = vec![0; 1024];
    let read = tokio::time::timeout(std::time::Duration::from_secs(20), stream.read(&mut answer)).await;
    let read = read.expect("the server waited for the upload").unwrap();
    let status_line = String::from_utf8_lossy(&answer[..read]).lines().next().unwrap_or_default().to_string();
    assert_eq!(status_line, "HTTP/1.1 403 Forbidden");
}

/// A zip archive of `unpacked` bytes of one repeated sheet row, deflated: small to send,
/// large to unpack (it need not be a whole workbook: the size is checked first).
fn zip_bomb(unpacked: usize) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_level(Some(1));
    zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
    let chunk = "<row><c t=\"inlineStr\"><is><t>x</t></is></c></row>".repeat(20_000);
    for _ in 0..unpacked / chunk.len() + 1 {
        zip.write_all(chunk.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[tokio::test]
async fn a_spreadsheet_that_unpacks_past_the_cap_is_refused_with_the_cap_in_the_callers_language() {
    let t = spawn_app().await;
    let bomb = zip_bomb(app::sheet::MAX_UNPACKED as usize + 1);
    assert!(bomb.len() < 2 * 1024 * 1024, "{} bytes to send", bomb.len());
    let admin = t.login("admin-330402").await;
    for (lang, words) in [("en", "unpacks to more than 128 MB"), ("zh-CN", "解压后超过 128 MB")] {
        let upload = reqwest::multipart::Form::new()
            .part("file", reqwest::multipart::Part::bytes(bomb.clone()).file_name("posts.xlsx"));
        let url = t.url("/api/v1/communities/import");
        let refused = admin.post(url).header("accept-language", lang).multipart(upload).send().await.unwrap();
        assert_eq!(refused.status(), 422);
        let problem: Value = refused.json().await.unwrap();
        assert_eq!(problem["errors"][0]["field"], "file", "{problem}");
        assert_eq!(problem["errors"][0]["code"], "import-unpacked-too-large");
        assert!(problem["errors"][0]["message"].as_str().unwrap().contains(words), "{problem}");
    }
}
