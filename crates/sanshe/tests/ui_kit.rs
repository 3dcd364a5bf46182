//! The UI kit as pages use it: paged, filterable tables with a page size and a jump, and
//! exports of a list as filtered.

mod common;

use common::{HOME, signed_in_browser, spawn_app, submit};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use store::entity::audit_log;

/// The community names a list page shows, in order.
fn listed_names(html: &str) -> Vec<String> {
    html.split("<td><a href=\"/communities/")
        .skip(1)
        .filter_map(|row| row.split('>').nth(1)?.split('<').next().map(str::to_string))
        .collect()
}

#[tokio::test]
async fn a_list_pages_by_the_chosen_size_and_jumps_to_a_typed_page() {
    let t = spawn_app().await;
    let client = signed_in_browser(&t, "admin").await;
    let api = t.login("admin").await;
    let all = t.get_json(&api, "/api/v1/communities?within=330402&size=200").await;
    let total = all["total"].as_u64().unwrap();
    assert!(total > 50, "the district has more communities than one page: {total}");
    assert_eq!(all["size"], 200);
    let names: Vec<&str> = all["items"].as_array().unwrap().iter().map(|i| i["name"].as_str().unwrap()).collect();

    let first = client.get(t.url("/communities?within=330402&size=50")).send().await.unwrap().text().await.unwrap();
    assert_eq!(listed_names(&first), names[..50], "50 rows a page, in the API's order");
    assert!(first.contains("name=\"go\""), "the jump box is there");
    assert!(first.contains("<input type=\"hidden\" name=\"within\" value=\"330402\">"), "the jump keeps the filter");
    assert!(first.contains("?within=330402&#38;size=50&#38;page=1"), "the next link keeps filter and size");

    // Page 2 typed in the jump box (counted from 1) is the second 50.
    let jumped =
        client.get(t.url("/communities?within=330402&size=50&go=2")).send().await.unwrap().text().await.unwrap();
    assert_eq!(listed_names(&jumped), names[50..100.min(names.len())]);
    // A size the list does not offer is its default; a page past the end is the last.
    let odd = t.get_json(&api, "/api/v1/communities?within=330402&size=7&page=9999").await;
    assert_eq!(odd["size"], 20);
    assert_eq!(odd["page"], odd["pages"].as_u64().unwrap() - 1);
}

#[tokio::test]
async fn the_community_list_exports_as_filtered_with_headers_in_the_users_language() {
    let t = spawn_app().await;
    let client = signed_in_browser(&t, "admin").await;
    let api = t.login("admin").await;
    let filtered = t.get_json(&api, "/api/v1/communities?within=330402&q=%E7%A4%BE%E5%8C%BA&size=200").await;
    let expected = filtered["total"].as_u64().unwrap() as usize;
    assert!(expected > 0);

    let csv = client
        .get(t.url("/communities/list-export?format=csv&within=330402&q=%E7%A4%BE%E5%8C%BA"))
        .send()
        .await
        .unwrap();
    assert_eq!(csv.status(), 200);
    let text = csv.text().await.unwrap();
    let text = text.trim_start_matches('\u{feff}');
    let mut lines = text.lines();
    assert!(lines.next().unwrap().starts_with("社区名称"), "zh-CN headers by default");
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), expected, "every row the filter keeps, not one page");
    assert!(rows.iter().all(|r| r.contains("社区")), "only rows the filter keeps");

    client.get(t.url("/lang/en")).send().await.unwrap();
    let english = client.get(t.url("/communities/list-export?format=csv&within=330402")).send().await.unwrap();
    let english = english.text().await.unwrap();
    assert!(english.trim_start_matches('\u{feff}').starts_with("Name"), "English headers after the switch");

    let audited = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("export"))
        .order_by_desc(audit_log::Column::Seq)
        .all(&t.app.db)
        .await
        .unwrap();
    assert!(audited.iter().any(|e| e.entity == "communities" && e.after.contains("330402")), "the export is audited");

    let outside = signed_in_browser(&t, "admin-330402").await;
    let refused = outside.get(t.url("/communities/list-export?format=csv&within=330411")).send().await.unwrap();
    assert_eq!(refused.status(), 404, "a region outside the caller's scope is not exported");
}

#[tokio::test]
async fn the_region_picker_offers_the_level_below_each_choice_down_to_the_deepest() {
    let t = spawn_app().await;
    let anyone = t.anonymous();
    let get = |path: &str| {
        let request = anyone.get(t.url(path));
        async move { request.send().await.unwrap() }
    };
    let picked = get("/kit/region-picker?field=within&roots=330402&deepest=township&pick=330402007").await;
    assert_eq!(picked.status(), 200);
    let html = picked.text().await.unwrap();
    assert!(html.contains("<input type=\"hidden\" name=\"within\" value=\"330402007\">"));
    assert!(html.contains("value=\"330402007\" selected"), "the township is chosen");
    assert!(!html.contains("data-level=\"1\""), "no village level below a township-deep picker");
    // "Any" in a level means the region above it.
    assert!(html.contains("<option value=\"330402\">"), "any township is the district");

    let deeper = get("/kit/region-picker?field=code&deepest=village&pick=330402007024").await.text().await.unwrap();
    assert_eq!(deeper.matches("<select").count(), 3, "county, township and village under the city");
    assert!(deeper.contains("value=\"330402007024\" selected"));
    // A code outside the roots is not kept; a field name that is not an identifier is refused.
    let outside = get("/kit/region-picker?field=within&roots=330402&pick=330411").await.text().await.unwrap();
    assert!(outside.contains("name=\"within\" value=\"330402\""));
    assert_eq!(get("/kit/region-picker?field=x%22%3E&pick=330402").await.status(), 400);
}

#[tokio::test]
async fn every_public_page_has_the_language_switch_and_the_home_page_leads_to_a_community() {
    let t = spawn_app().await;
    let anyone = t.anonymous();
    for path in [
        "/public",
        "/vote",
        "/public/organizations",
        "/public/registration",
        "/public/registrations",
        "/public/complaints",
        "/public/organization-lists/abnormal",
        "/public/communities/330402007024",
    ] {
        let html = anyone.get(t.url(path)).send().await.unwrap().text().await.unwrap();
        assert!(
            html.contains("id=\"lang-switch\" href=\"/lang/en\"")
                || html.contains("href=\"/lang/en\" id=\"lang-switch\""),
            "{path}"
        );
    }
    let home = anyone.get(t.url("/public")).send().await.unwrap().text().await.unwrap();
    for link in ["/vote", "/public/organizations", "/public/registration", "/public/complaints"] {
        assert!(home.contains(&format!("href=\"{link}\"")), "the home page links {link}");
    }
    let village = anyone.get(t.url("/public/communities?code=330402007024")).send().await.unwrap();
    assert_eq!(village.headers()["location"], "/public/communities/330402007024");
    let township = anyone.get(t.url("/public/communities?code=330402007")).send().await.unwrap();
    assert_eq!(township.headers()["location"], "/public?code=330402007#community", "back to pick further");
    let again = anyone.get(t.url("/public?code=330402007")).send().await.unwrap().text().await.unwrap();
    assert!(again.contains("class=\"notice bad\"") && again.contains("value=\"330402007\" selected"));
}

#[tokio::test]
async fn ending_a_post_on_the_page_asks_first_naming_the_person_and_the_post() {
    let t = spawn_app().await;
    let api = t.login("admin-330402").await;
    let detail = t.get_json(&api, &format!("/api/v1/communities/{HOME}")).await;
    let post = detail["bodies"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|b| b["posts"].as_array().unwrap().clone())
        .find(|p| p["title"] == "secretary" && p["ended_on"].is_null())
        .expect("a serving secretary");
    let (id, name) = (post["id"].as_i64().unwrap(), post["name"].as_str().unwrap().to_string());
    let page = signed_in_browser(&t, "admin-330402").await;
    let end = format!("/communities/{HOME}/posts/{id}/end");
    let asked = submit(&t, &page, &format!("/communities/{HOME}"), &end, &[("ended_on", "2026-11-30")]).await;
    let asked = asked.text().await.unwrap();
    assert!(asked.contains(&format!("{name}将于 2026-11-30 离开书记职务")), "{asked}");
    let still = t.get_json(&api, &format!("/api/v1/communities/{HOME}")).await.to_string();
    assert!(!still.contains("\"ended_on\":\"2026-11-30\""), "nothing ended before the confirmation");
    let done =
        submit(&t, &page, &format!("/communities/{HOME}"), &end, &[("ended_on", "2026-11-30"), ("confirmed", "yes")])
            .await;
    assert_eq!(done.status(), 303);
    let after = t.get_json(&api, &format!("/api/v1/communities/{HOME}")).await.to_string();
    assert!(after.contains("\"ended_on\":\"2026-11-30\""), "the confirmed post has ended");
}

#[tokio::test]
async fn a_city_wide_election_pages_its_communities_for_staff_and_the_public() {
    let t = spawn_app().await;
    let city = t.login("admin").await;
    let vote_date = (t.app.settings.today() + chrono::Duration::days(40)).to_string();
    let opening = serde_json::json!({"name": "换届", "region_code": "330400", "term": 2027, "vote_date": vote_date, "method": "self_nomination"});
    let id = t.created_id(&city, "/api/v1/unified-elections", &opening).await;
    let rows = |html: &str| html.matches("<tr><td>").count();

    let staff = signed_in_browser(&t, "admin").await;
    let page = |client: &reqwest::Client, path: String| {
        let request = client.get(t.url(&path));
        async move { request.send().await.unwrap().text().await.unwrap() }
    };
    let first = page(&staff, format!("/elections/unified/{id}")).await;
    assert_eq!(rows(&first), 50, "50 communities a page by default, not 1,202");
    assert!(first.contains("第 1 / 25 页，共 1202 条"), "the pager counts them all");
    let township = page(&staff, format!("/elections/unified/{id}?q=330402007&stage=unpublished")).await;
    assert_eq!(rows(&township), 5, "a code prefix and a stage filter keep one township's five");
    assert!(township.contains("<input type=\"hidden\" name=\"stage\" value=\"unpublished\">"), "the jump keeps them");
    let seated = page(&staff, format!("/elections/unified/{id}?stage=seated")).await;
    assert!(seated.contains("empty-list"), "nothing is seated yet");

    let public = t.anonymous();
    let results = page(&public, format!("/public/unified-elections/{id}")).await;
    assert!(results.matches("<tr>").count() <= 21, "a phone page of 20 communities and a header");
    assert!(results.contains("/ 1202"), "the election's size is still said");
    let found = page(&public, format!("/public/unified-elections/{id}?q=%E7%99%BE%E7%A6%8F%E5%BC%84")).await;
    assert!(found.contains("百福弄社区居委会") && found.contains("共 1 条"), "a resident finds their community");
}

#[tokio::test]
async fn the_account_list_filters_and_pages() {
    let t = spawn_app().await;
    let admin = signed_in_browser(&t, "admin").await;
    let all = admin.get(t.url("/accounts")).send().await.unwrap().text().await.unwrap();
    let listed = |html: &str| html.matches("<td class=\"mono\">").count();
    assert!(listed(&all) > 3 && all.contains("class=\"pager\""));
    let found = admin.get(t.url("/accounts?q=admin-330402")).send().await.unwrap().text().await.unwrap();
    assert!(listed(&found) >= 1 && listed(&found) < listed(&all), "only Nanhu's administrators");
    assert!(found.split("<td class=\"mono\">").skip(1).all(|row| row.starts_with("admin-330402")));
    assert!(!all.contains(">registrar-"), "another department's accounts are not the city admin's to manage");

    // A role the user grants elsewhere but not in the chosen region is said on the form.
    let fields = [
        ("username", "county-two"),
        ("display_name", "县级管理员"),
        ("password", "Strong-pass-2026"),
        ("role", "county_admin"),
        ("region_code", "330400"),
    ];
    let refused = submit(&t, &admin, "/accounts", "/accounts", &fields).await;
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(html.contains("不能在所选区域授予该角色") && html.contains("value=\"county-two\""), "{html}");
}

#[tokio::test]
async fn the_regions_menu_entry_opens_the_tree_for_staff_without_a_region() {
    let t = spawn_app().await;
    // A supervising unit's staff (文联) hold no region; the menu entry led them to a 404.
    let unit = signed_in_browser(&t, "wenlian-330400").await;
    let start = unit.get(t.url("/regions")).send().await.unwrap();
    let target = start.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(target, "/regions/330400", "the top of the tree");
    assert_eq!(unit.get(t.url(&target)).send().await.unwrap().status(), 200);
    let county = signed_in_browser(&t, "admin-330402").await;
    let own = county.get(t.url("/regions")).send().await.unwrap();
    assert_eq!(own.headers()["location"], "/regions/330402", "staff with a region start at theirs");
}

#[tokio::test]
async fn an_error_page_keeps_the_callers_frame_and_shows_a_visitor_none() {
    let t = spawn_app().await;
    let county = signed_in_browser(&t, "admin-330402").await;
    let missing = county.get(t.url("/communities/330411002001")).send().await.unwrap();
    assert_eq!(missing.status(), 404, "another county's community");
    let page = missing.text().await.unwrap();
    assert!(page.contains("南湖区社工办管理员"), "the user's name stays in the top bar");
    assert!(page.contains("class=\"side\"") && page.contains("href=\"/communities\""), "and the menu");
    assert!(page.contains("action=\"/logout\""));

    let visitor = t.anonymous().get(t.url("/no-such-page")).send().await.unwrap();
    assert_eq!(visitor.status(), 404);
    let page = visitor.text().await.unwrap();
    assert!(!page.contains("action=\"/logout\"") && !page.contains("class=\"side\""), "no menu, no sign-out");
    assert!(page.contains("href=\"/login\""), "a way to sign in instead");
}
