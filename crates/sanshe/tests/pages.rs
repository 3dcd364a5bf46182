//! Server-rendered pages: sign-in, inline form errors, language switch, headers, demo.

mod common;

use common::{PASSWORD, csrf_of, signed_in_browser, spawn_app};
use sea_orm::{EntityTrait, PaginatorTrait};
use store::entity::{account, audit_log};

#[tokio::test]
async fn anonymous_visitors_are_sent_to_the_login_page_and_back_only_to_this_site() {
    let t = spawn_app().await;
    let anonymous = t.anonymous().get(t.url("/communities?q=x")).send().await.unwrap();
    assert_eq!(anonymous.status(), 303);
    assert_eq!(anonymous.headers()["location"], "/login?next=%2Fcommunities%3Fq%3Dx");
    let client = t.anonymous();
    let form = [("username", "admin"), ("password", PASSWORD), ("next", "//evil.example/")];
    let response = client.post(t.url("/login")).form(&form).send().await.unwrap();
    assert_eq!(response.headers()["location"], "/", "no open redirect");
    let wrong =
        t.anonymous().post(t.url("/login")).form(&[("username", "admin"), ("password", "nope")]).send().await.unwrap();
    assert_eq!(wrong.status(), 401);
    assert!(wrong.text().await.unwrap().contains("用户名或密码错误"));
}

#[tokio::test]
async fn a_bad_form_comes_back_with_inline_messages_and_the_typed_values() {
    let t = spawn_app().await;
    let client = signed_in_browser(&t, "admin-330402").await;
    let page = client.get(t.url("/communities/330402007024")).send().await.unwrap();
    assert_eq!(
        page.headers()["content-security-policy"].to_str().unwrap().split(';').next(),
        Some("default-src 'self'")
    );
    assert_eq!(page.headers()["x-frame-options"], "DENY");
    let csrf = csrf_of(&page.text().await.unwrap());
    let form = [
        ("_csrf", csrf.as_str()),
        ("name", "测试人"),
        ("id_number", "330402199001011231"),
        ("body", "residents_committee"),
        ("title", "member"),
        ("employment", "full_time"),
        ("started_on", "2024-01-01"),
    ];
    let response = client.post(t.url("/communities/330402007024/posts")).form(&form).send().await.unwrap();
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("身份证号校验位错误"), "inline message in zh-CN");
    assert!(html.contains("value=\"测试人\""), "typed values are kept");
    let no_token = client.post(t.url("/communities/330402007024/posts")).form(&form[1..]).send().await.unwrap();
    assert_eq!(no_token.status(), 403, "a form without the CSRF token is refused");
}

#[tokio::test]
async fn the_language_switch_turns_the_pages_into_english() {
    let t = spawn_app().await;
    let client = signed_in_browser(&t, "admin").await;
    let zh = client.get(t.url("/communities")).send().await.unwrap().text().await.unwrap();
    assert!(zh.contains("社区台账") && zh.contains("<html lang=\"zh-CN\">"));
    let switch = client.get(t.url("/lang/en")).header("referer", t.url("/communities?page=1")).send().await.unwrap();
    assert_eq!(switch.headers()["location"], "/communities?page=1");
    let en = client.get(t.url("/communities")).send().await.unwrap().text().await.unwrap();
    assert!(en.contains("<html lang=\"en\">") && en.contains("Communities") && !en.contains("社区台账"), "{en}");
}

#[tokio::test]
async fn the_menu_shows_only_what_the_role_may_use() {
    let t = spawn_app().await;
    let worker = signed_in_browser(&t, "worker-330402007").await;
    let page = worker.get(t.url("/communities")).send().await.unwrap().text().await.unwrap();
    assert!(
        page.contains("href=\"/communities\"")
            && !page.contains("href=\"/audit\"")
            && !page.contains("href=\"/accounts\"")
    );
    let admin = signed_in_browser(&t, "admin").await;
    let page = admin.get(t.url("/communities")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("href=\"/audit\"") && page.contains("href=\"/accounts\""));
}

#[tokio::test]
async fn loading_the_demo_twice_adds_nothing() {
    let t = spawn_app().await;
    let accounts = account::Entity::find().count(&t.app.db).await.unwrap();
    let entries = audit_log::Entity::find().count(&t.app.db).await.unwrap();
    assert!(!app::demo::load_demo(&t.app, PASSWORD).await.unwrap(), "nothing new the second time");
    assert_eq!(account::Entity::find().count(&t.app.db).await.unwrap(), accounts);
    assert_eq!(audit_log::Entity::find().count(&t.app.db).await.unwrap(), entries);
}

#[tokio::test]
async fn requests_axum_cannot_parse_still_get_a_problem_in_the_right_shape() {
    let t = spawn_app().await;
    let admin = t.login("admin").await;
    let bad_query = admin.get(t.url("/api/v1/communities?page=many")).send().await.unwrap();
    assert_eq!(bad_query.status(), 400);
    assert_eq!(bad_query.headers()["content-type"], "application/problem+json");
    let bad_path = admin.get(t.url("/api/v1/communities/%FF%FE")).send().await.unwrap();
    assert!(bad_path.status().is_client_error());
    assert_eq!(bad_path.headers()["content-type"], "application/problem+json");
    let wrong_method = admin.delete(t.url("/api/v1/regions/330400")).send().await.unwrap();
    assert_eq!(wrong_method.status(), 405);
    assert_eq!(wrong_method.headers()["content-type"], "application/problem+json");
    let browser = signed_in_browser(&t, "admin").await;
    let bad_page_query = browser.get(t.url("/communities?page=-1")).send().await.unwrap();
    assert_eq!(bad_page_query.status(), 400);
    let html = bad_page_query.text().await.unwrap();
    assert!(html.contains("请求格式有误"), "an HTML error page in zh-CN: {html}");
}

#[tokio::test]
async fn a_wrong_voting_code_is_said_on_the_form() {
    let t = spawn_app().await;
    let client = t.anonymous();
    for path in ["/vote", "/vote/cast"] {
        let response = client.post(t.url(path)).form(&[("code", "WRONG-CODE-0000")]).send().await.unwrap();
        assert_eq!(response.status(), 422, "{path}");
        assert!(response.text().await.unwrap().contains("投票码不正确"), "{path}");
    }
}
