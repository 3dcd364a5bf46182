//! The main flow in headless Chromium, driven over WebDriver (Debian's chromedriver):
//! sign in, open a community, add a person to a post, see them listed masked, import a
//! spreadsheet with one bad row and see that row's error.
//!
//! Runs when chromium and chromedriver are installed; `SANSHE_BROWSER_TESTS=required`
//! (set by .ci/run) turns their absence into a failure.

mod common;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use common::{PASSWORD, spawn_app, tempdir};
use domain::identifiers::resident_id::compose;
use serde_json::{Value, json};

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

struct Driver {
    process: Child,
    http: reqwest::Client,
    base: String,
    session: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.process.kill();
    }
}

fn installed(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

impl Driver {
    async fn start() -> Option<Self> {
        if !installed("chromium") || !installed("chromedriver") {
            assert_ne!(
                std::env::var("SANSHE_BROWSER_TESTS").as_deref(),
                Ok("required"),
                "chromium and chromedriver are required (apt-get install chromium chromium-driver)"
            );
            eprintln!("skipping the browser test: chromium or chromedriver is not installed");
            return None;
        }
        // Installed, the browser must work: from here on every failure fails the test.
        let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
        let process = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let http = reqwest::Client::new();
        let base = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        while http.get(format!("{base}/status")).send().await.is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let profile = tempdir::Dir::new();
        let capabilities = json!({"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
            "binary": "/usr/bin/chromium",
            "prefs": {"intl.accept_languages": "zh-CN,zh"},
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
                     "--disable-dev-shm-usage", "--window-size=1280,900", "--lang=zh-CN", format!("--user-data-dir={}", profile.0.display())]
        }}}});
        let created =
            http.post(format!("{base}/session")).json(&capabilities).send().await.expect("a webdriver session");
        let response: Value = created.json().await.expect("the session's answer");
        let session =
            response["value"]["sessionId"].as_str().unwrap_or_else(|| panic!("no session: {response}")).to_string();
        std::mem::forget(profile); // Chromium still writes there until the session ends.
        Some(Self { process, http, base, session })
    }

    async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}/session/{}{path}", self.base, self.session);
        let mut request = self.http.request(method, url);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response: Value = request.send().await.expect("webdriver").json().await.expect("webdriver json");
        assert!(response["value"]["error"].is_null(), "webdriver {path}: {response}");
        response["value"].clone()
    }

    async fn goto(&self, url: &str) {
        self.call(reqwest::Method::POST, "/url", Some(json!({"url": url}))).await;
    }

    async fn find(&self, css: &str) -> String {
        let found =
            self.call(reqwest::Method::POST, "/element", Some(json!({"using": "css selector", "value": css}))).await;
        found[ELEMENT].as_str().expect("element id").to_string()
    }

    async fn type_into(&self, css: &str, text: &str) {
        let id = self.find(css).await;
        self.call(reqwest::Method::POST, &format!("/element/{id}/clear"), Some(json!({}))).await;
        self.call(reqwest::Method::POST, &format!("/element/{id}/value"), Some(json!({"text": text}))).await;
    }

    async fn click(&self, css: &str) {
        let id = self.find(css).await;
        self.call(reqwest::Method::POST, &format!("/element/{id}/click"), Some(json!({}))).await;
    }

    async fn source(&self) -> String {
        self.call(reqwest::Method::GET, "/source", None).await.as_str().unwrap_or_default().to_string()
    }

    /// Waits until the page contains `text` (htmx updates arrive after a moment).
    async fn wait_for(&self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let page = self.source().await;
            if page.contains(text) {
                return page;
            }
            assert!(Instant::now() < deadline, "page never showed {text:?}:\n{page}");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_add_a_person_and_import_a_sheet_with_one_bad_row() {
    let Some(browser) = Driver::start().await else {
        return;
    };
    let t = spawn_app().await;

    browser.goto(&t.url("/login")).await;
    browser.type_into("#username", "admin-330402").await;
    browser.type_into("#password", PASSWORD).await;
    browser.click("button[type=submit]").await;
    browser.wait_for("社区台账").await;

    browser.type_into("#q", "百福弄").await;
    browser.click("form.toolbar button[type=submit]").await;
    browser.wait_for("value=\"百福弄\"").await;
    browser.click("a[href='/communities/330402007024']").await;
    browser.wait_for("新增人员任职").await;

    let id = compose("330402", NaiveDate::from_ymd_opt(1990, 4, 12).unwrap(), 42);
    browser.type_into("#name", "欧阳明").await;
    browser.type_into("#id_number", &id).await;
    browser.click("#body option[value=residents_committee]").await;
    browser.click("#title option[value=member]").await;
    browser.click("#employment option[value=part_time]").await;
    browser.type_into("#started_on", "03/01/2024").await;
    browser.click("#add-person button[type=submit]").await;
    let masked = format!("{}********{}", &id[..6], &id[14..]);
    let page = browser.wait_for(&masked).await;
    assert!(page.contains("<td>欧阳明</td>"), "the new person is listed, masked");
    assert!(!page.contains(&id), "the full ID number must not be on the page");
    // An admin may reveal it (htmx posts with the CSRF header; the reveal is audited).
    let row = page.split("<td>欧阳明</td>").nth(1).unwrap_or_default();
    let button = row.split("hx-post=\"").nth(1).and_then(|rest| rest.split('"').next()).expect("a reveal button");
    browser.click(&format!("button[hx-post='{button}']")).await;
    browser.wait_for(&id).await;

    let dir = tempdir::Dir::new();
    let sheet = dir.0.join("posts.csv");
    let good = compose("330402", NaiveDate::from_ymd_opt(1988, 8, 8).unwrap(), 44);
    let valid = compose("330402", NaiveDate::from_ymd_opt(1988, 8, 9).unwrap(), 46);
    let bad = format!("{}{}", &valid[..17], if valid.ends_with('0') { '1' } else { '0' });
    std::fs::write(
        &sheet,
        format!(
            "社区代码,姓名,身份证号,手机号码,组织,职务,专兼职,任职日期\n\
             330402007024,上官云,{good},,居委会,委员,兼职,2024-02-01\n\
             330402007024,司马月,{bad},,居委会,委员,兼职,2024-02-01\n"
        ),
    )
    .unwrap();
    browser.goto(&t.url("/imports")).await;
    browser.type_into("#file-posts", sheet.to_str().unwrap()).await;
    browser.click("#upload-posts button[type=submit]").await;
    let report = browser.wait_for("import-errors").await;
    assert!(report.contains("<td class=\"num\">3</td>"), "the bad row (line 3) is listed");
    assert!(report.contains("身份证号校验位错误"), "with its reason");
    assert!(!report.contains("确认导入"), "a file with a bad row cannot be committed");

    browser.call(reqwest::Method::DELETE, "", None).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resident_votes_by_phone_and_finds_the_receipt_among_the_results() {
    let Some(browser) = Driver::start().await else { return };
    let t = spawn_app().await;
    let (id, codes) = t.voting_day(0).await;
    browser.call(reqwest::Method::POST, "/window/rect", Some(json!({"width": 390, "height": 844}))).await;
    browser.goto(&t.url("/vote")).await;
    browser.wait_for("投票码").await;
    browser.type_into("#code", &codes[0].1.to_lowercase()).await;
    browser.click("#code-form button[type=submit]").await;
    browser.wait_for("id=\"ballot\"").await;
    browser.type_into("input[name='p:director']", "张丽华").await;
    browser.type_into("input[name='p:member']", "王建国").await;
    browser.click("#ballot button[type=submit]").await;
    let page = browser.wait_for("id=\"receipt\"").await;
    let receipt =
        page.split("id=\"receipt\">").nth(1).and_then(|r| r.split('<').next()).expect("a receipt").to_string();
    assert_eq!(receipt.len(), 12);

    let county = t.login("admin-330402").await;
    assert_eq!(county.post(t.url(&format!("/api/v1/elections/{id}/count"))).send().await.unwrap().status(), 200);
    browser.goto(&t.url(&format!("/public/elections/{id}"))).await;
    browser.wait_for("选举结果").await;
    browser.type_into("#receipt", &receipt).await;
    browser.click("#receipts button[type=submit]").await;
    let results = browser.wait_for("receipt-found").await;
    assert!(results.contains("张丽华"));
    browser.call(reqwest::Method::DELETE, "", None).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_of_the_public_files_a_complaint_and_follows_it_to_its_outcome() {
    let Some(browser) = Driver::start().await else {
        return;
    };
    let t = spawn_app().await;

    // Find the organisation without the place names its full name starts with.
    browser.goto(&t.url("/public/organizations")).await;
    browser.type_into("#q", "书法").await;
    browser.click("form button[type=submit]").await;
    browser.wait_for("嘉兴市南湖区书法家协会").await;
    browser.click("#results a.link-card").await;
    assert!(browser.wait_for("投诉举报").await.contains("嘉兴市文联"), "the supervising unit is shown");

    // A bad phone number comes back on the form with what was typed kept.
    browser.type_into("#subject", "活动收费不透明").await;
    browser.type_into("#body", "培训班收费没有公示，也不开发票。").await;
    browser.type_into("#phone", "138 0573").await;
    browser.click("#complain button[type=submit]").await;
    browser.wait_for("电话号码只能包含数字和连字符").await;
    browser.type_into("#phone", "13805735678").await;
    browser.click("#complain button[type=submit]").await;
    let page = browser.wait_for("请保存此编号").await;
    let tracking = page.split("id=\"tracking\">").nth(1).and_then(|rest| rest.split('<').next()).unwrap().to_string();
    assert!(tracking.starts_with("TS"), "{tracking}");
    assert!(page.contains("已提交"), "filed");

    // The supervising unit (文联) takes it up and records the finding.
    browser.goto(&t.url("/login")).await;
    browser.type_into("#username", "wenlian-330400").await;
    browser.type_into("#password", PASSWORD).await;
    browser.click("button[type=submit]").await;
    browser.wait_for("投诉处理").await;
    browser.goto(&t.url("/complaints")).await;
    let queue = browser.wait_for(&tracking).await;
    assert!(queue.contains("138****5678"), "staff see the contact masked");
    let id = queue
        .split(&tracking)
        .next()
        .and_then(|head| head.rsplit("id=\"c").next())
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_string();
    browser.click(&format!("#c{id} form[action$='take-up'] button")).await;
    browser.wait_for("办理中").await;
    browser.click(&format!("#finding{id} option[value=substantiated]")).await;
    browser.type_into(&format!("#outcome{id}"), "已责令该协会公示收费标准并补开发票。").await;
    browser.click(&format!("#c{id} form.close-form button[type=submit]")).await;
    browser.wait_for("已办结").await;

    // The public, with the number alone (typed in lower case), reads the outcome.
    browser.goto(&t.url("/public/complaints")).await;
    browser.type_into("#tracking", &tracking.to_lowercase()).await;
    browser.click("form button[type=submit]").await;
    let done = browser.wait_for("已责令该协会公示收费标准并补开发票。").await;
    assert!(done.contains("投诉属实"), "the finding is shown");
    assert!(!done.contains("5678"), "no contact details in public");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_official_picks_a_region_pages_a_long_list_and_confirms_ending_a_post() {
    let Some(browser) = Driver::start().await else { return };
    let t = spawn_app().await;
    browser.goto(&t.url("/login")).await;
    browser.type_into("#username", "admin").await;
    browser.type_into("#password", PASSWORD).await;
    browser.click("button[type=submit]").await;
    browser.wait_for("社区台账").await;

    // The region picker: the county's select brings the township's, redrawn by htmx.
    browser.click(".region-picker select[data-level='0'] option[value='330402']").await;
    browser.wait_for("data-level=\"1\"").await;
    browser.click(".region-picker select[data-level='1'] option[value='330402007']").await;
    browser.wait_for("name=\"within\" value=\"330402007\"").await;
    browser.click("form.toolbar button[type=submit]").await;
    // The picker shows the township chosen before the search too: wait for the new list.
    let township = browser.wait_for("共 5 条").await;
    assert!(township.contains("value=\"330402007\" selected"), "the picker keeps the township");
    assert!(township.contains("/communities/330402007024") && !township.contains("/communities/330402001"));

    // The paged table: a page size, then a page typed in the jump box, filters kept.
    browser.goto(&t.url("/communities?within=330402")).await;
    browser.wait_for("第 1 / 8 页").await;
    browser.click(".pager-jump select[name=size] option[value='50']").await;
    browser.wait_for("第 1 / 3 页").await;
    browser.type_into(".pager-jump input[name=go]", "3").await;
    browser.click(".pager-jump button[type=submit]").await;
    let last = browser.wait_for("第 3 / 3 页").await;
    assert!(last.contains("rel=\"prev\"") && !last.contains("rel=\"next\""), "the last page links back only");

    // Ending a post asks first; only the confirmation ends it.
    browser.goto(&t.url("/communities/330402007024")).await;
    let before = browser.wait_for("新增人员任职").await.matches("/end\"").count();
    browser.type_into("form[action$='/end'] input[name=ended_on]", "11/30/2026").await;
    browser.click("form[action$='/end'] button[type=submit]").await;
    let asked = browser.wait_for("id=\"confirm-go\"").await;
    assert!(asked.contains("2026-11-30") && asked.contains("此操作不可撤销"));
    browser.click("#confirm-cancel").await;
    assert_eq!(browser.wait_for("新增人员任职").await.matches("/end\"").count(), before, "cancel ends nothing");
    browser.type_into("form[action$='/end'] input[name=ended_on]", "11/30/2026").await;
    browser.click("form[action$='/end'] button[type=submit]").await;
    browser.wait_for("id=\"confirm-go\"").await;
    browser.click("#confirm-go").await;
    let after = browser.wait_for("新增人员任职").await;
    assert_eq!(after.matches("/end\"").count(), before - 1, "the confirmed post has ended");

    // A resident picks their community on the public home page, down to the village.
    browser.goto(&t.url("/public")).await;
    browser.click("#community select[data-level='0'] option[value='330402']").await;
    browser.wait_for("data-level=\"1\"").await;
    browser.click("#community select[data-level='1'] option[value='330402007']").await;
    browser.wait_for("data-level=\"2\"").await;
    browser.click("#community select[data-level='2'] option[value='330402007024']").await;
    browser.wait_for("name=\"code\" value=\"330402007024\"").await;
    browser.click("#community button[type=submit]").await;
    browser.wait_for("id=\"disclosures\"").await;
    browser.call(reqwest::Method::DELETE, "", None).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn voter_cards_carry_the_address_and_its_qr_and_residents_hear_when_to_vote() {
    let Some(browser) = Driver::start().await else { return };
    let t = spawn_app().await;
    let (id, _county) = t.published_register(0).await;
    browser.goto(&t.url("/login")).await;
    browser.type_into("#username", "admin-330402").await;
    browser.type_into("#password", PASSWORD).await;
    browser.click("button[type=submit]").await;
    browser.wait_for("社区台账").await;

    // Issuing codes asks first, then prints cards with the full address and a QR code of it.
    browser.goto(&t.url(&format!("/elections/{id}"))).await;
    browser.click(&format!("form[action='/elections/{id}/codes'] button[type=submit]")).await;
    browser.wait_for("id=\"confirm-go\"").await;
    browser.click("#confirm-go").await;
    let cards = browser.wait_for("class=\"voter-card\"").await;
    let address = format!("{}/vote", t.url(""));
    assert!(cards.contains(&format!("<span class=\"mono vote-url\">{address}</span>")), "the full address");
    assert!(cards.contains("<svg"), "a QR code drawn by the server");
    let code = cards.split("class=\"mono receipt\">").nth(1).and_then(|r| r.split('<').next()).unwrap().to_string();

    // On a phone, before the vote date: the voter is told which day voting is open.
    let vote_date = t.app.settings.today() + chrono::Duration::days(1);
    t.set_vote_date(id, vote_date).await;
    browser.call(reqwest::Method::POST, "/window/rect", Some(json!({"width": 390, "height": 844}))).await;
    browser.goto(&t.url("/vote")).await;
    browser.wait_for("投票码").await;
    browser.type_into("#code", &code).await;
    browser.click("#code-form button[type=submit]").await;
    browser.wait_for(&format!("投票日为 {vote_date}")).await;

    // The results page exists before the count and says the result is coming.
    browser.goto(&t.url(&format!("/public/elections/{id}"))).await;
    browser.wait_for("id=\"results-pending\"").await;
    browser.call(reqwest::Method::DELETE, "", None).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_social_worker_goes_from_import_through_training_to_renewal_and_is_rated_on_a_phone() {
    let Some(browser) = Driver::start().await else { return };
    let t = spawn_app().await;
    let today = t.app.settings.today();
    let months_ago = |m: u32| today.checked_sub_months(chrono::Months::new(m)).unwrap();
    // Registered 34 months ago (renewal is open for the last three of 36), certified before.
    let id = compose("330402", NaiveDate::from_ymd_opt(1987, 6, 6).unwrap(), 52);
    let dir = tempdir::Dir::new();
    let sheet = dir.0.join("workers.csv");
    let header = app::social_work::SOCIAL_WORKER_SHEET.headers(app::sheet::Language::Chinese).join(",");
    let row =
        format!("钱晓雯,{id},,330402007,社会工作师,B33040027001,{},{},本科,社会工作,", months_ago(35), months_ago(34));
    std::fs::write(&sheet, format!("{header}\n{row}\n")).unwrap();

    browser.goto(&t.url("/login")).await;
    browser.type_into("#username", "admin-330402007").await;
    browser.type_into("#password", PASSWORD).await;
    browser.click("button[type=submit]").await;
    browser.wait_for("社区台账").await;
    browser.goto(&t.url("/imports")).await;
    browser.type_into("#file-social-workers", sheet.to_str().unwrap()).await;
    browser.click("#upload-social-workers button[type=submit]").await;
    browser.wait_for("校验通过").await;
    browser.click("form[action$='/commit'] button[type=submit]").await;
    browser.wait_for("导入完成").await;

    browser.goto(&t.url("/social-workers")).await;
    browser.wait_for("钱晓雯").await;
    let list = browser.source().await;
    let record = list.split("<tr>").find(|r| r.contains("钱晓雯")).unwrap_or_default().to_string();
    let path = record.split("href=\"").nth(1).and_then(|r| r.split('"').next()).expect("a link to the record");
    browser.goto(&t.url(path)).await;
    browser.wait_for("可办理延续登记").await;
    browser.type_into("#course", "嘉兴市社会工作者年度继续教育").await;
    browser.type_into("#hours", "90").await;
    browser.type_into("#completed_on", &today.format("%m/%d/%Y").to_string()).await;
    browser.click("form[action$='/training'] button[type=submit]").await;
    browser.wait_for("已达标").await;
    browser.click("#renew").await;
    let renewed = browser.wait_for("已延续至").await;
    assert!(!renewed.contains("id=\"renew\""), "renewed once");

    // The office opens the worker's satisfaction survey and hands out codes.
    let office = t.login("admin-330402007").await;
    let worker = path.trim_start_matches("/social-workers/").parse::<i64>().unwrap();
    let survey = json!({"title": "服务满意度", "subject_kind": "social_worker", "subject_id": worker,
        "opens_on": today.to_string(), "closes_on": (today + chrono::Days::new(30)).to_string(),
        "questions": ["服务态度", "专业能力"]});
    let survey = t.created_id(&office, "/api/v1/surveys", &survey).await;
    let codes = t.post_json(&office, &format!("/api/v1/surveys/{survey}/codes"), &json!({"count": 2})).await;
    let codes: Value = codes.json().await.unwrap();
    let code = codes["codes"][0].as_str().unwrap().to_string();

    // A resident answers on a phone.
    browser.call(reqwest::Method::POST, "/window/rect", Some(json!({"width": 390, "height": 844}))).await;
    browser.call(reqwest::Method::DELETE, "/cookie", None).await;
    browser.goto(&t.url(&format!("/s/{code}"))).await;
    browser.wait_for("服务态度").await;
    browser.click("input[name='q0'][value='5']").await;
    browser.click("input[name='q1'][value='4']").await;
    browser.click("form.survey button[type=submit]").await;
    browser.wait_for("感谢您的评价").await;
    browser.goto(&t.url(&format!("/s/{code}"))).await;
    browser.wait_for("id=\"refused\"").await;

    let summary = t.get_json(&office, &format!("/api/v1/surveys/{survey}")).await;
    assert_eq!((&summary["issued"], &summary["answered"]), (&json!(2), &json!(1)));
    browser.call(reqwest::Method::DELETE, "", None).await;
}

/// The text a proof PDF draws: its `<hex> Tj` strings decoded from UTF-16BE, one a line.
fn pdf_text(pdf: &[u8]) -> String {
    let source = String::from_utf8_lossy(pdf);
    let mut lines = Vec::new();
    for piece in source.split('<').skip(1) {
        let Some((hex, rest)) = piece.split_once('>') else { continue };
        if !rest.trim_start().starts_with("Tj") || hex.len() % 4 != 0 {
            continue;
        }
        let units: Vec<u16> =
            (0..hex.len()).step_by(4).filter_map(|i| u16::from_str_radix(&hex[i..i + 4], 16).ok()).collect();
        lines.push(String::from_utf16_lossy(&units));
    }
    lines.join("\n")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_volunteer_signs_up_on_a_phone_checks_in_and_out_by_qr_and_verifies_the_downloaded_proof() {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
    use store::entity::volunteer_attendance;

    let Some(browser) = Driver::start().await else { return };
    let t = spawn_app().await;
    let community = "330402007030";
    let id = compose("330402", NaiveDate::from_ymd_opt(1995, 8, 8).unwrap(), 62);

    // A resident scans the community's poster and registers on a phone.
    browser.call(reqwest::Method::POST, "/window/rect", Some(json!({"width": 390, "height": 844}))).await;
    browser.goto(&t.url(&format!("/volunteer/join?region={community}"))).await;
    browser.wait_for("志愿者注册").await;
    browser.type_into("#name", "郑晓雨").await;
    browser.type_into("#id_number", &id).await;
    browser.type_into("#phone", "13957312345").await;
    browser.click("input[name='service_fields'][value='elderly']").await;
    browser.type_into("input[name='username']", "zhengxiaoyu").await;
    browser.type_into("#password", PASSWORD).await;
    browser.click("#join").await;
    browser.wait_for("id=\"joined\"").await;

    // The township approves and runs an activity starting now.
    let township = t.login("admin-330402007").await;
    let list = t.get_json(&township, "/api/v1/volunteers").await;
    let volunteer = list["items"].as_array().unwrap().iter().find(|v| v["name"] == "郑晓雨").expect("registered")["id"]
        .as_i64()
        .unwrap();
    assert_eq!(
        township.post(t.url(&format!("/api/v1/volunteers/{volunteer}/approve"))).send().await.unwrap().status(),
        204
    );
    let offset = chrono::Duration::minutes(i64::from(t.app.settings.utc_offset_minutes));
    let local = |d: chrono::Duration| (chrono::Utc::now() + offset + d).format("%Y-%m-%dT%H:%M").to_string();
    let activity = json!({"region_code": community, "title": "瓶山社区助老送餐", "place": "瓶山社区活动室",
        "service_field": "elderly", "starts_at": local(chrono::Duration::minutes(-10)),
        "ends_at": local(chrono::Duration::hours(3)), "capacity": 5});
    let activity = t.created_id(&township, "/api/v1/volunteer-activities", &activity).await;

    // The volunteer signs in on the phone and signs up.
    browser.goto(&t.url("/login?next=/volunteer")).await;
    browser.type_into("#username", "zhengxiaoyu").await;
    browser.type_into("#password", PASSWORD).await;
    browser.click("button[type=submit]").await;
    browser.wait_for("我的志愿服务").await;
    browser.goto(&t.url("/volunteer/activities")).await;
    browser.click(&format!("#signup-{activity}")).await;
    browser.wait_for("报名成功").await;

    // Scanning the code shown at the activity opens the check-in page.
    let token = |t: &common::TestApp, c: &reqwest::Client| {
        let path = format!("/api/v1/volunteer-activities/{activity}/token");
        let (t, c) = (t.url(&path), c.clone());
        async move { c.get(t).send().await.unwrap().json::<Value>().await.unwrap()["token"].as_str().unwrap().to_string() }
    };
    let check = |token: String| t.url(&format!("/volunteer/activities/{activity}/check?t={token}"));
    browser.goto(&check(token(&t, &township).await)).await;
    browser.click("#check-in").await;
    browser.wait_for("id=\"checked\"").await;
    // Two hours pass (a test cannot wait them).
    volunteer_attendance::Entity::update_many()
        .col_expr(
            volunteer_attendance::Column::CheckedInAt,
            Expr::value(chrono::Utc::now() - chrono::Duration::hours(2)),
        )
        .filter(volunteer_attendance::Column::ActivityId.eq(activity))
        .exec(&t.app.db)
        .await
        .unwrap();
    browser.goto(&check(token(&t, &township).await)).await;
    browser.click("#check-out").await;
    let out = browser.wait_for("id=\"checked\"").await;
    assert!(out.contains("2 小时 0 分"), "{out}");

    // The organiser confirms the check-out and issues a proof.
    let chain = format!("region-{community}");
    let entries = t.get_json(&t.anonymous(), &format!("/api/v1/public/volunteer-ledgers/{chain}/entries")).await;
    let seq = entries[0]["seq"].as_i64().unwrap();
    let confirmed =
        t.post_json(&township, &format!("/api/v1/volunteer-ledgers/{chain}/entries/{seq}/confirm"), &json!({})).await;
    assert_eq!(confirmed.status(), 201);
    let proof = json!({"responsible": "王主任", "handler": "李社工", "contact": "0573-82000001"});
    let proof = t.created_id(&township, &format!("/api/v1/volunteers/{volunteer}/proofs"), &proof).await;

    // The volunteer downloads the proof and anyone can verify it on the public page.
    let own = t.login("zhengxiaoyu").await;
    let pdf = own.get(t.url(&format!("/volunteer-proofs/{proof}/pdf"))).send().await.unwrap();
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    let text = pdf_text(&pdf.bytes().await.unwrap());
    assert!(text.contains("郑晓雨") && text.contains("2 小时 0 分"), "{text}");
    let code = text.lines().find_map(|l| l.strip_prefix("验证码：")).expect("the verification code").trim().to_string();
    browser.call(reqwest::Method::DELETE, "/cookie", None).await;
    browser.goto(&t.url("/v")).await;
    browser.type_into("#code", &code.to_lowercase()).await;
    browser.click("form[action='/v'] button[type=submit]").await;
    let verified = browser.wait_for("id=\"genuine\"").await;
    assert!(verified.contains("郑*") && !verified.contains("郑晓雨"), "the name is masked");
    browser.call(reqwest::Method::DELETE, "", None).await;
}
