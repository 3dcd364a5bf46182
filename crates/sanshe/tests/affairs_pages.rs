//! Community affairs pages (3B): a resident proposes a topic on the public page and
//! follows it; staff put it on a meeting, record the votes and publish a disclosure; the
//! township sees overdue disclosures; nominees and unified results are public.

mod common;

use chrono::Datelike;
use common::{HOME, csrf_of, signed_in_browser, spawn_app};

async fn text(r: reqwest::Response, status: u16) -> String {
    assert_eq!(r.status(), status);
    r.text().await.unwrap()
}

#[tokio::test]
async fn a_topic_from_a_phone_goes_on_a_meeting_that_decides_it() {
    let t = spawn_app().await;
    let resident = t.anonymous();
    let public = t.url(&format!("/public/communities/{HOME}"));
    let page = text(resident.get(&public).send().await.unwrap(), 200).await;
    assert!(page.contains("居务公开日历"));
    let empty = text(resident.post(&public).form(&[("text", " ")]).send().await.unwrap(), 422).await;
    assert!(empty.contains("field invalid"), "said at the field");
    let proposed =
        resident.post(&public).form(&[("text", "小区加装电梯"), ("phone", "13805731234")]).send().await.unwrap();
    assert_eq!(proposed.status(), 303);
    let tracking_url = t.url(proposed.headers()["location"].to_str().unwrap());
    let tracking_page = text(resident.get(&tracking_url).send().await.unwrap(), 200).await;
    assert!(tracking_page.contains("已提交，待安排"));
    let tracking = tracking_url.rsplit('/').next().unwrap().to_string();

    let staff = signed_in_browser(&t, "admin-330402").await;
    let meetings = text(staff.get(t.url(&format!("/communities/{HOME}/meetings"))).send().await.unwrap(), 200).await;
    assert!(meetings.contains("138****1234"));
    let csrf = csrf_of(&meetings);
    let today = t.app.settings.today().to_string();
    let schedule = [
        ("_csrf", csrf.as_str()),
        ("kind", "deliberation"),
        ("title", "加装电梯议事会"),
        ("held_on", today.as_str()),
        ("place", "会议室"),
        ("members", "15"),
        ("agenda", "听取意见\n表决方案"),
        ("topic", tracking.as_str()),
    ];
    let r = staff.post(t.url(&format!("/communities/{HOME}/meetings"))).form(&schedule).send().await.unwrap();
    assert_eq!(r.status(), 303);
    assert!(text(resident.get(&tracking_url).send().await.unwrap(), 200).await.contains("加装电梯议事会"));
    let meetings = text(staff.get(t.url(&format!("/communities/{HOME}/meetings"))).send().await.unwrap(), 200).await;
    let id: i64 = meetings.split("href=\"/meetings/").nth(1).unwrap().split('"').next().unwrap().parse().unwrap();

    let bad = [("_csrf", csrf.as_str()), ("present", "9"), ("minutes", "纪要"), ("motions", "加装电梯 | 五 | 1")];
    let r = text(staff.post(t.url(&format!("/meetings/{id}"))).form(&bad).send().await.unwrap(), 422).await;
    assert!(r.contains("第 1 行格式应为"));
    let record =
        [("_csrf", csrf.as_str()), ("present", "9"), ("minutes", "一致赞成加装"), ("motions", "加装电梯 | 5 | 3 | 1")];
    assert_eq!(staff.post(t.url(&format!("/meetings/{id}"))).form(&record).send().await.unwrap().status(), 303);
    let held = text(staff.get(t.url(&format!("/meetings/{id}"))).send().await.unwrap(), 200).await;
    assert!(held.contains("到会超过半数") && held.contains("通过") && held.contains("待落实"));
}

#[tokio::test]
async fn disclosures_are_published_from_the_staff_page_and_overdue_ones_alert_the_township() {
    let t = spawn_app().await;
    let staff = signed_in_browser(&t, "admin-330402").await;
    let page = text(staff.get(t.url(&format!("/communities/{HOME}/disclosures"))).send().await.unwrap(), 200).await;
    let csrf = csrf_of(&page);
    let last_year = format!("{}", t.app.settings.today().year() - 1);
    let township = signed_in_browser(&t, "admin-330402007").await;
    let alerts = text(township.get(t.url("/disclosures/overdue")).send().await.unwrap(), 200).await;
    let community = t.app.regions().get(HOME).unwrap().name.clone();
    assert!(alerts.contains(&community));
    let publish = [
        ("_csrf", csrf.as_str()),
        ("category", "community_tasks"),
        ("period", last_year.as_str()),
        ("title", "社区工作事项清单"),
        ("body", "经审核准入的事项……"),
    ];
    let r = staff.post(t.url(&format!("/communities/{HOME}/disclosures"))).form(&publish).send().await.unwrap();
    assert_eq!(r.status(), 303);
    let public =
        text(t.anonymous().get(t.url(&format!("/public/communities/{HOME}"))).send().await.unwrap(), 200).await;
    assert!(public.contains("社区工作事项清单"));
    let wrong = [("_csrf", csrf.as_str()), ("category", "finances"), ("period", "Q5"), ("title", "x"), ("body", "y")];
    let page =
        text(staff.post(t.url(&format!("/communities/{HOME}/disclosures"))).form(&wrong).send().await.unwrap(), 422)
            .await;
    assert!(page.contains("公开期次不符合"));
}

#[tokio::test]
async fn nominees_wait_for_the_close_and_unified_results_are_public() {
    let t = spawn_app().await;
    let (id, _) = t.published_register(0).await;
    let nominees =
        text(t.anonymous().get(t.url(&format!("/public/elections/{id}/nominees"))).send().await.unwrap(), 200).await;
    assert!(nominees.contains("自荐报名截止后公布"));
    let county = t.login("admin-330402").await;
    let unified = t.get_json(&county, "/api/v1/unified-elections").await["items"][0]["id"].as_i64().unwrap();
    let results =
        text(t.anonymous().get(t.url(&format!("/public/unified-elections/{unified}"))).send().await.unwrap(), 200)
            .await;
    assert!(results.contains(&t.app.regions().get(HOME).unwrap().name));
}
