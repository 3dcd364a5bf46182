//! Social organisations (4A, 4D): registration with USCC checks and classified
//! supervision, the public query, and a complaint from filing to outcome.

mod common;

use app::demo::demo_uscc;
use common::{TestApp, spawn_app};
use serde_json::{Value, json};

const REGISTRAR: &str = "registrar-330400";

fn organization(name: &str, uscc: &str, kind: &str, category: &str) -> Value {
    json!({"name": name, "uscc": uscc, "kind": kind, "category": category,
           "region_code": "330402", "registered_on": "2020-05-01", "domicile": "南湖区"})
}

/// Registers an organisation as the city registrar and returns its id.
async fn register(t: &TestApp, body: &Value) -> i64 {
    let registrar = t.login(REGISTRAR).await;
    t.created_id(&registrar, "/api/v1/organizations", body).await
}

async fn search(t: &TestApp, q: &str) -> Vec<Value> {
    let url = format!("/api/v1/public/organizations?q={}", urlencode(q));
    let found = t.get_json(&t.anonymous(), &url).await;
    found["items"].as_array().expect("items").clone()
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

#[tokio::test]
async fn each_category_is_routed_to_its_supervising_unit() {
    let t = spawn_app().await;
    let cases = [
        ("嘉兴市南湖区电子商务协会", "trade_association", "工商联"),
        ("嘉兴市南湖区历史学会", "social_science", "社科联"),
        ("嘉兴市南湖区物理学会", "natural_science", "科协"),
        ("嘉兴市南湖区音乐家协会", "culture_art", "文联"),
    ];
    for (n, (name, category, unit)) in cases.into_iter().enumerate() {
        let uscc = demo_uscc("social_group", "330402", 900 + n as u32);
        let id = register(&t, &organization(name, &uscc, "social_group", category)).await;
        let items = search(&t, name).await;
        assert_eq!(items.len(), 1, "{name}: {items:?}");
        let item = &items[0];
        assert_eq!(item["id"], id);
        assert_eq!(item["uscc"], uscc.as_str());
        assert_eq!(item["kind"], "social_group");
        assert_eq!(item["status"], "active");
        assert!(item["grade"].is_null());
        let unit_name = item["supervising_unit"]["name"].as_str().unwrap();
        assert!(unit_name.contains(unit), "{category} → {unit_name}");
    }
}

#[tokio::test]
async fn a_changed_rule_routes_later_registrations_only() {
    let t = spawn_app().await;
    let registrar = t.login(REGISTRAR).await;
    let first = register(
        &t,
        &organization("嘉兴市甲慈善会", &demo_uscc("social_group", "330400", 801), "social_group", "charity"),
    )
    .await;
    let unit = t
        .created_id(
            &registrar,
            "/api/v1/supervising-units",
            &json!({"name": "嘉兴市慈善总会", "region_code": "330400"}),
        )
        .await;
    let set = registrar
        .put(t.url("/api/v1/supervision-rules/330400/charity"))
        .json(&json!({"unit_id": unit}))
        .send()
        .await
        .unwrap();
    assert_eq!(set.status(), 204);
    let second = register(
        &t,
        &organization("嘉兴市乙慈善会", &demo_uscc("social_group", "330400", 802), "social_group", "charity"),
    )
    .await;
    let unit_of = |v: Value| v["supervising_unit"]["name"].as_str().unwrap().to_string();
    assert_eq!(unit_of(t.get_json(&registrar, &format!("/api/v1/organizations/{first}")).await), "嘉兴市民政局");
    assert_eq!(unit_of(t.get_json(&registrar, &format!("/api/v1/organizations/{second}")).await), "嘉兴市慈善总会");
}

#[tokio::test]
async fn bad_codes_are_refused_naming_uscc_and_a_registered_code_conflicts() {
    let t = spawn_app().await;
    let registrar = t.login(REGISTRAR).await;
    let valid = demo_uscc("social_group", "330400", 700);
    let mut broken = valid.clone();
    let last = broken.pop().unwrap();
    broken.push(if last == '0' { '1' } else { '0' });
    let cases = [
        (broken.as_str(), "social_group", "uscc-check"),
        ("91350100M000100Y43", "social_group", "uscc-not-civil-affairs"),
        (valid.as_str(), "foundation", "uscc-kind-mismatch"),
        ("5133", "social_group", "uscc-length"),
    ];
    for (uscc, kind, code) in cases {
        let response =
            t.post_json(&registrar, "/api/v1/organizations", &organization("嘉兴市某协会", uscc, kind, "other")).await;
        assert_eq!(response.status(), 422, "{uscc} as {kind}");
        let content_type = response.headers()["content-type"].to_str().unwrap().to_string();
        assert!(content_type.starts_with("application/problem+json"), "{content_type}");
        let problem: Value = response.json().await.unwrap();
        assert_eq!(problem["errors"][0]["field"], "uscc", "{problem}");
        assert_eq!(problem["errors"][0]["code"], code, "{problem}");
    }
    let before = t.get_json(&registrar, "/api/v1/organizations").await["total"].as_i64().unwrap();
    register(&t, &organization("嘉兴市某协会", &valid, "social_group", "other")).await;
    let again = t
        .post_json(
            &registrar,
            "/api/v1/organizations",
            &organization("嘉兴市另一协会", &valid, "social_group", "other"),
        )
        .await;
    assert_eq!(again.status(), 409);
    let problem: Value = again.json().await.unwrap();
    assert_eq!(problem["errors"][0]["field"], "uscc");
    let same_name = organization("嘉兴市某协会", &demo_uscc("social_group", "330400", 701), "social_group", "other");
    assert_eq!(t.post_json(&registrar, "/api/v1/organizations", &same_name).await.status(), 409);
    let after = t.get_json(&registrar, "/api/v1/organizations").await["total"].as_i64().unwrap();
    assert_eq!(after, before + 1, "refused registrations wrote nothing");
}

#[tokio::test]
async fn the_public_finds_organisations_by_name_short_name_or_code_prefix() {
    let t = spawn_app().await;
    // Demo: 嘉兴市南湖区书法家协会, 嘉兴市摄影家协会, …
    let by_full = search(&t, "嘉兴市南湖区书法").await;
    assert_eq!(by_full.len(), 1);
    let by_short = search(&t, "书法家").await;
    assert_eq!(by_short.len(), 1, "the region names may be left out");
    assert_eq!(by_short[0]["id"], by_full[0]["id"]);
    let uscc = by_full[0]["uscc"].as_str().unwrap().to_string();
    let by_code = search(&t, &uscc[..12].to_lowercase()).await;
    assert!(by_code.iter().any(|o| o["uscc"] == uscc.as_str()), "{by_code:?}");
    assert!(search(&t, "协会书法").await.is_empty(), "a prefix, not any substring");
    let city = search(&t, "嘉兴市").await;
    assert!(city.len() >= 8 && city.len() <= 20, "{}", city.len());
    let names: Vec<&str> = city.iter().map(|o| o["name"].as_str().unwrap()).collect();
    assert!(names.windows(2).all(|w| w[0] <= w[1]), "by name: {names:?}");
    assert!(search(&t, "  ").await.is_empty());
    let detail = t.get_json(&t.anonymous(), &format!("/api/v1/public/organizations/{}", by_full[0]["id"])).await;
    assert_eq!(detail["supervising_unit"]["name"], "嘉兴市文联");
    assert_eq!(detail["authority"]["name"], "嘉兴市");
}

#[tokio::test]
async fn a_complaint_reaches_registrar_and_unit_and_its_outcome_reaches_the_public() {
    let t = spawn_app().await;
    let id = search(&t, "嘉兴市机械工程学会").await[0]["id"].as_i64().unwrap();
    let public = t.anonymous();
    let bad = t
        .post_json(
            &public,
            &format!("/api/v1/public/organizations/{id}/complaints"),
            &json!({"subject": "", "body": "x", "phone": "abc"}),
        )
        .await;
    assert_eq!(bad.status(), 422);
    let problem: Value = bad.json().await.unwrap();
    let fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["subject", "phone"]);
    let filed = t
        .post_json(&public, &format!("/api/v1/public/organizations/{id}/complaints"),
            &json!({"subject": "收费不透明", "body": "会费收取没有公示。", "complainant": "王先生", "phone": "13805731234"}))
        .await;
    assert_eq!(filed.status(), 201);
    let filed: Value = filed.json().await.unwrap();
    let tracking = filed["tracking_number"].as_str().unwrap().to_string();
    let status = t.get_json(&public, &format!("/api/v1/public/complaints/{}", tracking.to_lowercase())).await;
    assert_eq!(status["status"], "filed");
    assert!(status["contact"].is_null(), "no contact details in public");
    assert!(!status.to_string().contains("1380573"), "{status}");

    // Routed: the city registrar and 科协 see it with masked contact; 文联 does not.
    let kexie = t.login("kexie-330400").await;
    let queue = t.get_json(&kexie, "/api/v1/complaints").await;
    let mine =
        queue["items"].as_array().unwrap().iter().find(|c| c["tracking_number"] == tracking.as_str()).unwrap().clone();
    assert_eq!(mine["contact"], "王先生 138****1234");
    let wenlian = t.login("wenlian-330400").await;
    let theirs = t.get_json(&wenlian, "/api/v1/complaints").await;
    assert!(!theirs.to_string().contains(&tracking), "{theirs}");
    let complaint = mine["id"].as_i64().unwrap();
    assert_eq!(
        wenlian.post(t.url(&format!("/api/v1/complaints/{complaint}/take-up"))).send().await.unwrap().status(),
        404
    );

    let registrar = t.login(REGISTRAR).await;
    let listed = t.get_json(&registrar, &format!("/api/v1/complaints?organization_id={id}")).await;
    assert_eq!(listed["items"][0]["tracking_number"], tracking.as_str());
    assert_eq!(
        kexie.post(t.url(&format!("/api/v1/complaints/{complaint}/take-up"))).send().await.unwrap().status(),
        204
    );
    assert_eq!(
        registrar.post(t.url(&format!("/api/v1/complaints/{complaint}/take-up"))).send().await.unwrap().status(),
        409
    );
    assert_eq!(t.get_json(&public, &format!("/api/v1/public/complaints/{tracking}")).await["status"], "handling");
    let close = format!("/api/v1/complaints/{complaint}/close");
    let unfinished = t.post_json(&registrar, &close, &json!({"finding": "maybe", "outcome": ""})).await;
    assert_eq!(unfinished.status(), 422);
    let closing = json!({"finding": "substantiated", "outcome": "已责令该学会公示会费标准。"});
    assert_eq!(t.post_json(&registrar, &close, &closing).await.status(), 204);
    assert_eq!(t.post_json(&registrar, &close, &closing).await.status(), 409);
    let done = t.get_json(&public, &format!("/api/v1/public/complaints/{tracking}")).await;
    assert_eq!(done["status"], "closed");
    assert_eq!(done["finding"], "substantiated");
    assert_eq!(done["outcome"], "已责令该学会公示会费标准。");
    assert_eq!(done["closed_on"], t.app.settings.today().to_string());
    assert_eq!(
        t.anonymous().get(t.url("/api/v1/public/complaints/TS20261127-AAAAAAAA")).send().await.unwrap().status(),
        404
    );
}

fn org_sheet(rows: &[[&str; 11]]) -> Vec<u8> {
    let rows: Vec<Vec<String>> = rows.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
    app::sheet::write_sheet(
        app::sheet::ImportFormat::Xlsx,
        &app::organization::ORGANIZATION_SHEET.headers(app::sheet::Language::Chinese),
        &rows,
    )
    .unwrap()
}

async fn import(t: &TestApp, client: &reqwest::Client, bytes: Vec<u8>, commit: bool) -> Value {
    let form =
        reqwest::multipart::Form::new().part("file", reqwest::multipart::Part::bytes(bytes).file_name("registry.xlsx"));
    let url = t.url(&format!("/api/v1/organizations/import?commit={commit}"));
    let response = client.post(url).multipart(form).send().await.unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

async fn registry_size(t: &TestApp, client: &reqwest::Client) -> i64 {
    t.get_json(client, "/api/v1/organizations").await["total"].as_i64().unwrap()
}

#[tokio::test]
async fn an_import_with_bad_rows_lists_each_and_writes_nothing() {
    let t = spawn_app().await;
    let county = t.login("registrar-330402").await;
    let good = demo_uscc("social_group", "330402", 1);
    let other = demo_uscc("social_group", "330402", 2);
    let third = demo_uscc("social_group", "330402", 3);
    let registered = t.get_json(&t.anonymous(), "/api/v1/public/organizations?q=%E4%B9%A6%E6%B3%95").await["items"][0]
        ["uscc"]
        .as_str()
        .unwrap()
        .to_string();
    let mut broken = other.clone();
    let last = broken.pop().unwrap();
    broken.push(if last == '0' { '1' } else { '0' });
    let row = |name: &'static str, uscc: &str, region: &'static str, capital: &'static str| -> [String; 11] {
        [name, uscc, "社会团体", "文化艺术类", region, "2021-03-01", "南湖区", "", "", "", capital]
            .map(|c| c.to_string())
    };
    let rows = [
        row("嘉兴市南湖区舞蹈家协会", &good, "330402", "30000"),
        row("嘉兴市南湖区戏剧家协会", &broken, "330402", "30000"),
        row("嘉兴市秀洲区舞蹈家协会", &third, "330411", "30000"),
        row("嘉兴市南湖区曲艺家协会", &good, "330402", "30000"),
        row("嘉兴市南湖区杂技家协会", &registered, "330402", "30000"),
        row("嘉兴市南湖区民间文艺家协会", &third, "330402", "三万"),
    ];
    let rows: Vec<[&str; 11]> = rows.iter().map(|r| r.each_ref().map(String::as_str)).collect();
    let before = registry_size(&t, &county).await;
    let report = import(&t, &county, org_sheet(&rows), true).await;
    assert_eq!(report["committed"], false);
    let errors: Vec<(i64, String, String)> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["row"].as_i64().unwrap(), e["field"].as_str().unwrap().into(), e["code"].as_str().unwrap().into()))
        .collect();
    let expect = |row: i64, field: &str, code: &str| (row, field.to_string(), code.to_string());
    assert_eq!(
        errors,
        [
            expect(3, "uscc", "uscc-check"),
            expect(4, "region_code", "region-out-of-scope"),
            expect(5, "uscc", "duplicate-in-file"),
            expect(6, "uscc", "uscc-registered"),
            expect(7, "registered_capital", "money-format"),
        ]
    );
    assert!(report["errors"][0]["message"].as_str().unwrap().contains("校验位"), "{report}");
    assert_eq!(registry_size(&t, &county).await, before, "nothing written");
}

#[tokio::test]
async fn a_clean_import_writes_every_row_and_its_export_reads_back() {
    let t = spawn_app().await;
    let registrar = t.login(REGISTRAR).await;
    let rep_id = common::adult_id(31, false);
    let codes: Vec<String> = (0..3).map(|n| demo_uscc("private_non_enterprise", "330400", 600 + n)).collect();
    let rows = [
        [
            "嘉兴市乐龄养老服务中心",
            &codes[0],
            "民办非企业单位",
            "公益慈善类",
            "330402",
            "2019-01-01",
            "南湖区",
            "周建华",
            &rep_id,
            "养老服务",
            "100000",
        ],
        [
            "嘉兴市童心社工服务社",
            &codes[1],
            "private_non_enterprise",
            "professional",
            "330411",
            "2020-02-02",
            "秀洲区",
            "",
            "",
            "",
            "5,000.50",
        ],
        [
            "嘉兴市邻里社区服务中心",
            &codes[2],
            "社会服务机构",
            "城乡社区服务类",
            "330402007",
            "2021-03-03",
            "",
            "",
            "",
            "",
            "",
        ],
    ];
    let before = registry_size(&t, &registrar).await;
    let dry = import(&t, &registrar, org_sheet(&rows), false).await;
    assert_eq!(dry["errors"], json!([]), "{dry}");
    assert_eq!(dry["committed"], false);
    assert_eq!(registry_size(&t, &registrar).await, before, "a dry run writes nothing");
    let done = import(&t, &registrar, org_sheet(&rows), true).await;
    assert_eq!(done["committed"], true, "{done}");
    assert_eq!(registry_size(&t, &registrar).await, before + 3);
    let found = search(&t, "乐龄").await;
    let detail = t.get_json(&registrar, &format!("/api/v1/organizations/{}", found[0]["id"])).await;
    assert_eq!(detail["legal_representative"], "周建华");
    assert_eq!(detail["category"], "charity");
    assert_eq!(detail["registered_capital_fen"], 10_000_000);
    assert_eq!(detail["supervising_unit"]["name"], "嘉兴市民政局");

    let export = registrar.get(t.url("/api/v1/organizations/export?format=xlsx&q=嘉兴市")).send().await.unwrap();
    assert_eq!(export.status(), 200);
    let bytes = export.bytes().await.unwrap();
    let back = app::organization::parse_organization_sheet(app::sheet::ImportFormat::Xlsx, &bytes).unwrap();
    let services = back.iter().find(|r| r.input.name == "嘉兴市童心社工服务社").expect("exported");
    assert_eq!(services.input.kind, "private_non_enterprise");
    assert_eq!(services.capital, "5000.50");
    let elder = back.iter().find(|r| r.input.name == "嘉兴市乐龄养老服务中心").unwrap();
    assert_ne!(elder.input.legal_representative_id_number, rep_id, "ID numbers are masked in exports");
    // Every exported row is registered already (or, masked, names no representative):
    // importing the export again is refused row by row.
    let again = import(&t, &registrar, bytes.to_vec(), false).await;
    let mut refused: Vec<i64> =
        again["errors"].as_array().unwrap().iter().map(|e| e["row"].as_i64().unwrap()).collect();
    refused.dedup();
    assert_eq!(refused.len(), back.len(), "{again}");
}

#[tokio::test]
async fn each_user_starts_on_the_first_page_of_their_menu() {
    let t = spawn_app().await;
    for (user, start) in
        [("registrar-330400", "/organizations"), ("kexie-330400", "/organizations"), ("admin", "/communities")]
    {
        let client = common::signed_in_browser(&t, user).await;
        let response = client.get(t.url("/")).send().await.unwrap();
        assert_eq!(response.headers()["location"], start, "{user}");
        let page = client.get(t.url(start)).send().await.unwrap();
        assert_eq!(page.status(), 200, "{user} on {start}");
    }
}

#[tokio::test]
async fn anonymous_writes_are_capped_per_client_and_others_still_get_through() {
    let t = spawn_app().await;
    let found = t.get_json(&t.anonymous(), "/api/v1/public/organizations?q=%E4%B9%A6%E6%B3%95").await;
    let id = found["items"][0]["id"].as_i64().unwrap();
    let path = t.url(&format!("/api/v1/public/organizations/{id}/complaints"));
    let complaint = json!({"subject": "乱收费", "body": "会费标准未公示"});
    // The test server's peer is the loopback, a trusted proxy: X-Forwarded-For names the client.
    let from = |client: &str| t.anonymous().post(&path).header("x-forwarded-for", client).json(&complaint);
    for n in 0..20 {
        assert_eq!(from("203.0.113.7").send().await.unwrap().status(), 201, "write {n}");
    }
    let refused = from("203.0.113.7").send().await.unwrap();
    assert_eq!(refused.status(), 429);
    let problem: serde_json::Value = refused.json().await.unwrap();
    assert!(problem["detail"].as_str().unwrap().contains("20"), "{problem}");
    assert_eq!(from("203.0.113.8").send().await.unwrap().status(), 201, "another client is not affected");
    let forged = t.anonymous().post(&path).header("x-forwarded-for", "198.51.100.1, 203.0.113.7").json(&complaint);
    assert_eq!(forged.send().await.unwrap().status(), 429, "only the address the proxy appended counts");
    let listed =
        t.get_json(&t.login("registrar-330400").await, &format!("/api/v1/complaints?organization_id={id}")).await;
    assert_eq!(listed["items"].as_array().unwrap().len(), 21, "nothing written past the cap");
}
