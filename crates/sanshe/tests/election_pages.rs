//! The election pages for officials (3B): open an election from a form, publish the
//! register, print voter cards, two tellers enter a paper batch (a disagreement shown side
//! by side), count and seat the elected, all through the pages.

mod common;

use chrono::Duration;
use common::{HOME, adult_id, csrf_of, signed_in_browser, spawn_app, voter_sheet};

async fn page(client: &reqwest::Client, url: String) -> String {
    let r = client.get(url).send().await.unwrap();
    assert_eq!(r.status(), 200);
    r.text().await.unwrap()
}

/// A paper ballot naming one person for each post but the second deputy and two members,
/// whose seats nobody else stands for either: the further round for them can only be held
/// as self-nomination (Art. 29), and they stay empty after it (Art. 30).
const FULL: &str = "张丽华 / 王建国 / 陈志强 / 李秀英";

#[tokio::test]
async fn an_election_runs_from_the_pages_with_paper_ballots_entered_twice() {
    let t = spawn_app().await;
    let county = signed_in_browser(&t, "admin-330402").await;
    let list = page(&county, t.url("/elections")).await;
    let csrf = csrf_of(&list);
    let vote = (t.app.settings.today() + Duration::days(25)).to_string();
    let open = [
        ("_csrf", csrf.as_str()),
        ("name", "南湖区2026年换届"),
        ("region_code", "330402"),
        ("term", "2026"),
        ("vote_date", vote.as_str()),
        ("method", "self_nomination"),
    ];
    let r = county.post(t.url("/elections")).form(&open).send().await.unwrap();
    assert_eq!(r.status(), 303);
    let unified = page(&county, t.url(r.headers()["location"].to_str().unwrap())).await;
    let community = t.app.regions().get(HOME).unwrap().name.clone();
    let link = unified.split("<a href=\"/elections/").find(|piece| piece.contains(&format!(">{community}<"))).unwrap();
    let id: i64 = link.split('"').next().unwrap().parse().unwrap();

    let post = |client: &reqwest::Client, path: String, fields: Vec<(&'static str, String)>| {
        let mut form = vec![("_csrf", csrf.clone())];
        form.extend(fields);
        let request = client.post(t.url(&path)).form(&form);
        async move { request.send().await.unwrap() }
    };
    assert_eq!(post(&county, format!("/elections/{id}/register"), vec![]).await.status(), 303);
    let sheet = voter_sheet(&[("新居民", &adult_id(70, true))]);
    let upload = reqwest::multipart::Form::new()
        .part("file", reqwest::multipart::Part::bytes(sheet).file_name("voters.xlsx"))
        .text("commit", "on");
    let imported =
        county.post(t.url(&format!("/elections/{id}/voters?_csrf={csrf}"))).multipart(upload).send().await.unwrap();
    assert!(imported.text().await.unwrap().contains("已导入 1 行"));
    // Both steps cannot be undone: the first post only asks, and nothing happens yet.
    let asked = post(&county, format!("/elections/{id}/register/publish"), vec![]).await.text().await.unwrap();
    assert!(asked.contains("id=\"confirm-go\"") && asked.contains("5 人"), "the register is not published unasked");
    assert!(
        t.get_json(&t.login("admin").await, &format!("/api/v1/elections/{id}")).await["register_published_on"]
            .is_null()
    );
    let confirmed = vec![("confirmed", "yes".to_string())];
    assert_eq!(post(&county, format!("/elections/{id}/register/publish"), confirmed.clone()).await.status(), 303);
    let asked = post(&county, format!("/elections/{id}/codes"), vec![]).await.text().await.unwrap();
    assert!(asked.contains("id=\"confirm-go\"") && !asked.contains("class=\"voter-card\""), "no codes unasked");
    let cards = post(&county, format!("/elections/{id}/codes"), confirmed).await.text().await.unwrap();
    assert_eq!(cards.matches("class=\"voter-card\"").count(), 5, "one card per voter");
    t.set_vote_date(id, t.app.settings.today()).await;

    let batch = |director: &str| {
        vec![
            ("number", "1".to_string()),
            ("ballots", format!("{FULL}\n{director} / 王建国 / 陈志强 / 李秀英\n{FULL}\n")),
        ]
    };
    let first = post(&county, format!("/elections/{id}/paper"), batch("张丽华")).await.text().await.unwrap();
    assert!(first.contains("id=\"batch-waiting\""));
    let township = signed_in_browser(&t, "admin-330402007").await;
    let township_csrf = csrf_of(&page(&township, t.url(&format!("/elections/{id}"))).await);
    let second_entry = |director: &str| {
        let form = vec![
            ("_csrf", township_csrf.clone()),
            ("number", "1".into()),
            ("ballots", format!("{FULL}\n{director} / 王建国 / 陈志强 / 李秀英\n{FULL}\n")),
        ];
        township.post(t.url(&format!("/elections/{id}/paper"))).form(&form).send()
    };
    let differing = second_entry("张立华").await.unwrap().text().await.unwrap();
    assert!(differing.contains("id=\"batch-mismatch\""));
    assert!(differing.contains("张立华") && differing.contains("class=\"side-by-side\""), "shown side by side");
    let agreed = second_entry("张丽华").await.unwrap().text().await.unwrap();
    assert!(agreed.contains("id=\"batch-confirmed\""));

    let counted = post(&county, format!("/elections/{id}/count"), vec![("paper_voters", "3".into())]).await;
    assert_eq!(counted.status(), 303);
    let early = post(&county, format!("/elections/{id}/seat"), vec![]).await;
    assert_eq!(early.status(), 422, "the open seats go to a further round first");
    assert!(early.text().await.unwrap().contains("请先进行另行选举"));
    let short = post(&county, format!("/elections/{id}/further-round"), vec![]).await;
    assert_eq!(short.status(), 422);
    let said = short.text().await.unwrap();
    assert!(said.contains("差额选举至少需要 2 名") && said.contains("自荐直选"), "the page says why: {said}");
    let called = post(&county, format!("/elections/{id}/further-round"), vec![("self_nomination", "on".into())]).await;
    assert_eq!(called.status(), 303);
    let detail = page(&county, t.url(&format!("/elections/{id}"))).await;
    assert!(detail.contains("<option value=\"2\">第 2 轮</option>"), "its batches are entered as round 2");
    let blank = vec![("round", "2".to_string()), ("number", "1".into()), ("ballots", "-\n-\n-\n".into())];
    post(&county, format!("/elections/{id}/paper"), blank.clone()).await;
    let mut second = vec![("_csrf", township_csrf.clone())];
    second.extend(blank);
    township.post(t.url(&format!("/elections/{id}/paper"))).form(&second).send().await.unwrap();
    let further =
        post(&county, format!("/elections/{id}/further-round/count"), vec![("paper_voters", "3".into())]).await;
    assert_eq!(further.status(), 303);
    let seated = post(&county, format!("/elections/{id}/seat"), vec![("party_directly_elected", "on".into())]).await;
    assert_eq!(seated.status(), 303);
    let detail = page(&county, t.url(&format!("/elections/{id}"))).await;
    assert!(detail.contains(&t.app.settings.today().to_string()), "took office today");
    let results = page(&t.anonymous(), t.url(&format!("/public/elections/{id}"))).await;
    assert!(results.contains("张丽华"));
}

#[tokio::test]
async fn a_page_action_that_breaks_a_rule_comes_back_with_the_message() {
    let t = spawn_app().await;
    let (id, _) = t.published_register(0).await;
    let county = signed_in_browser(&t, "admin-330402").await;
    let csrf = csrf_of(&page(&county, t.url(&format!("/elections/{id}"))).await);
    // A valid ID number Sanshe does not know.
    let stranger = adult_id(50, false);
    let form = [
        ("_csrf", csrf.as_str()),
        ("grantor_id_number", stranger.as_str()),
        ("holder_id_number", stranger.as_str()),
        ("kinship", "spouse"),
    ];
    let r = county.post(t.url(&format!("/elections/{id}/proxies"))).form(&form).send().await.unwrap();
    assert_eq!(r.status(), 422);
    let body = r.text().await.unwrap();
    assert!(body.contains("<div class=\"error\">系统中没有这个身份证号码的人员"), "said inline, at the field");
    let worker = signed_in_browser(&t, "worker-330402007").await;
    let seen = page(&worker, t.url(&format!("/elections/{id}"))).await;
    assert!(seen.contains("id=\"proxies\""));
    assert!(
        !seen.contains(&format!("action=\"/elections/{id}/paper\"")),
        "a social worker reads, without the tellers' forms"
    );
    assert!(
        page(&county, t.url(&format!("/elections/{id}"))).await.contains(&format!("action=\"/elections/{id}/paper\""))
    );
}

#[tokio::test]
async fn before_the_count_the_public_results_page_says_they_are_coming() {
    let t = spawn_app().await;
    let (id, _codes) = t.voting_day(0).await;
    let pending = t.anonymous().get(t.url(&format!("/public/elections/{id}"))).send().await.unwrap();
    assert_eq!(pending.status(), 200, "an election not counted yet exists");
    let page = pending.text().await.unwrap();
    assert!(page.contains("id=\"results-pending\"") && page.contains("尚未计票"), "{page}");
    let unknown = t.anonymous().get(t.url("/public/elections/999999")).send().await.unwrap();
    assert_eq!(unknown.status(), 404);
}

#[tokio::test]
async fn the_region_a_county_opens_an_election_for_is_offered_once() {
    let t = spawn_app().await;
    let county = signed_in_browser(&t, "admin-330402").await;
    let html = county.get(t.url("/elections")).send().await.unwrap().text().await.unwrap();
    assert_eq!(html.matches("<option value=\"330402\"").count(), 1, "南湖区 was listed twice");
}
