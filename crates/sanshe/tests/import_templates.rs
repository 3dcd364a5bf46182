//! Import templates as a user gets them: headers in the user's language, one example row
//! that the import skips, drop-down lists on every enumerated column; and dates written
//! 2024-01-02, 2024/1/2 or as Excel date cells, all read as the same day.

mod common;

use std::io::{Cursor, Read};

use app::demo::demo_uscc;
use calamine::{Data, Reader};
use chrono::NaiveDate;
use common::{HOME, TestApp, spawn_app};
use domain::identifiers::resident_id::compose;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use serde_json::Value;

/// A template downloaded in `lang` (zh-CN or en), as bytes.
async fn template(t: &TestApp, client: &reqwest::Client, path: &str, lang: &str) -> Vec<u8> {
    let r = client.get(t.url(path)).header("accept-language", lang).send().await.unwrap();
    assert_eq!(r.status(), 200, "{path}");
    r.bytes().await.unwrap().to_vec()
}

/// The cells of the first sheet as text, a date cell as 2024-01-02.
fn xlsx_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let mut book: calamine::Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let text = |cell: &Data| match cell {
        Data::DateTime(day) => day.as_datetime().unwrap().date().to_string(),
        other => other.to_string(),
    };
    sheet.rows().map(|r| r.iter().map(text).collect()).collect()
}

/// The drop-down lists of the first sheet, as the `formula1` text of each data validation.
fn drop_downs(bytes: &[u8]) -> Vec<String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).unwrap();
    let mut xml = String::new();
    archive.by_name("xl/worksheets/sheet1.xml").unwrap().read_to_string(&mut xml).unwrap();
    xml.split("<dataValidation ")
        .skip(1)
        .map(|v| v.split("<formula1>").nth(1).and_then(|f| f.split("</formula1>").next()).unwrap_or("").to_string())
        .collect()
}

/// The template's header and example row again, then `rows`; a cell `=DATE y-m-d` is
/// written as an Excel date, as Excel stores a date someone types.
fn filled_in(template: &[Vec<String>], rows: &[Vec<String>]) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = Format::new().set_num_format("yyyy/m/d");
    for (r, row) in template.iter().chain(rows).enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell.strip_prefix("=DATE ").and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()) {
                Some(day) => {
                    use chrono::Datelike;
                    let day = ExcelDateTime::from_ymd(day.year() as u16, day.month() as u8, day.day() as u8).unwrap();
                    sheet.write_date_with_format(r, c, &day, &date).unwrap();
                }
                None => {
                    sheet.write_string(r, c, cell).unwrap();
                }
            }
        }
    }
    book.save_to_buffer().unwrap()
}

async fn import(t: &TestApp, client: &reqwest::Client, path: &str, name: &str, bytes: Vec<u8>, commit: bool) -> Value {
    let form = reqwest::multipart::Form::new()
        .part("file", reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()));
    let r = client.post(t.url(&format!("{path}?commit={commit}"))).multipart(form).send().await.unwrap();
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

/// A dry run that finds nothing wrong, then the commit.
async fn import_cleanly(t: &TestApp, client: &reqwest::Client, path: &str, name: &str, bytes: Vec<u8>, total: u64) {
    let checked = import(t, client, path, name, bytes.clone(), false).await;
    assert_eq!((checked["total"].as_u64(), checked["errors"].as_array().map(Vec::len)), (Some(total), Some(0)));
    assert_eq!(checked["committed"], false, "a dry run writes nothing");
    let done = import(t, client, path, name, bytes, true).await;
    assert_eq!(done["committed"], true, "{done}");
}

fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

#[tokio::test]
async fn the_posts_template_speaks_the_users_language_and_its_dates_come_in_three_forms() {
    let t = spawn_app().await;
    let county = t.login("admin-330402").await;

    let english = template(&t, &county, "/imports/template.xlsx", "en").await;
    let rows = xlsx_rows(&english);
    assert_eq!(
        rows[0][..8],
        ["Community code", "Name", "ID number", "Mobile", "Body", "Post", "Employment", "Since"].map(String::from)
    );
    assert_eq!(rows.len(), 2, "one example row");
    assert_eq!(
        rows[1][..8],
        [
            "330402007024",
            "沈晓梅",
            "330402198507150022",
            "13905731234",
            "Residents' committee",
            "Director",
            "Full-time",
            "2021-06-01"
        ]
        .map(String::from)
    );
    assert!(rows[1][8].contains("Example"), "the example says it is one: {:?}", rows[1]);
    let lists = drop_downs(&english);
    assert_eq!(lists.len(), 3, "body, post and employment: {lists:?}");
    assert!(lists.iter().any(|l| l.contains("Full-time,Part-time")), "{lists:?}");

    let chinese = template(&t, &county, "/imports/template.xlsx", "zh-CN").await;
    let rows_zh = xlsx_rows(&chinese);
    assert_eq!(
        rows_zh[0][..8],
        ["社区代码", "姓名", "身份证号", "手机号码", "组织", "职务", "专兼职", "任职日期"].map(String::from)
    );
    assert_eq!((rows_zh[1][1].as_str(), rows_zh[1][4].as_str()), ("沈晓梅", "居民委员会"));
    assert!(drop_downs(&chinese).iter().any(|l| l.contains("专职,兼职")));

    // Filled in below the example, in English, with a date in each form.
    let id = |n: u16| compose("330402", NaiveDate::from_ymd_opt(1988, 3, 9).unwrap(), n);
    let people =
        [("陆文清", id(401), "2024-01-02"), ("钱玉芬", id(402), "2024/1/2"), ("顾志强", id(403), "=DATE 2024-01-03")];
    let filled: Vec<Vec<String>> = people
        .iter()
        .map(|(name, id, since)| {
            row(&[HOME, name, id, "13905730000", "Residents' committee", "Member", "Part-time", since])
        })
        .collect();
    let path = "/api/v1/communities/import";
    import_cleanly(&t, &county, path, "posts.xlsx", filled_in(&rows, &filled), 3).await;
    let detail = t.get_json(&county, &format!("/api/v1/communities/{HOME}")).await;
    let since = |name: &str| {
        let posts = detail["bodies"].as_array().unwrap().iter().flat_map(|b| b["posts"].as_array().unwrap().iter());
        posts.filter(|p| p["name"] == name).map(|p| p["started_on"].as_str().unwrap().to_string()).next()
    };
    assert_eq!(since("陆文清").as_deref(), Some("2024-01-02"));
    assert_eq!(since("钱玉芬").as_deref(), Some("2024-01-02"));
    assert_eq!(since("顾志强").as_deref(), Some("2024-01-03"));
    assert_eq!(since("沈晓梅"), None, "the example was skipped");

    // The Chinese CSV template, filled in with Chinese labels and a dotted date.
    let mut csv = template(&t, &county, "/imports/template.csv", "zh-CN").await;
    assert!(String::from_utf8_lossy(&csv).contains("沈晓梅"), "the CSV has the example too");
    csv.extend(format!("{HOME},孙丽娟,{},13905730001,居委会,委员,兼职,2024.1.5\n", id(404)).as_bytes());
    import_cleanly(&t, &county, path, "posts.csv", csv, 1).await;
}

#[tokio::test]
async fn the_organisations_template_has_drop_downs_for_kind_and_category_and_reads_english_labels() {
    let t = spawn_app().await;
    let registrar = t.login("registrar-330402").await;
    let english = template(&t, &registrar, "/imports/template.xlsx?kind=organizations", "en").await;
    let rows = xlsx_rows(&english);
    assert_eq!(rows[0][..4], ["Name", "Unified social credit code", "Kind", "Category"].map(String::from));
    assert_eq!((rows[1][2].as_str(), rows[1][3].as_str()), ("Social group", "Community service"));
    assert_eq!(drop_downs(&english).len(), 2, "kind and category");

    let filled: Vec<Vec<String>> =
        [("嘉兴市南湖区书画研究会", 41, "2019/3/18"), ("嘉兴市南湖区摄影协会", 42, "=DATE 2020-05-06")]
            .iter()
            .map(|(name, n, day)| {
                let uscc = demo_uscc("social_group", "330402", *n);
                row(&[name, &uscc, "Social group", "Culture and art", "330402", day, "南湖区", "", "", "", "30000"])
            })
            .collect();
    import_cleanly(&t, &registrar, "/api/v1/organizations/import", "registry.xlsx", filled_in(&rows, &filled), 2).await;
    let found = t.get_json(&registrar, "/api/v1/organizations?q=%E6%91%84%E5%BD%B1").await;
    assert_eq!(found["items"][0]["registered_on"], "2020-05-06");
    assert_eq!(found["items"][0]["category"], "culture_art");
}
