//! The command line: `check`, `audit verify` against a tampered trail, `regions import`,
//! `account add`.

mod common;

use std::process::{Command, Output};

use common::{spawn_app, tempdir};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;
use store::entity::audit_log;

fn sanshe_command(args: &[&str], database_url: &str, dir: &tempdir::Dir) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_sanshe"));
    command.args(args).env("SANSHE_DATABASE_URL", database_url).env("SANSHE_DATA_DIR", &dir.0).current_dir(&dir.0);
    command
}

fn sanshe(args: &[&str], database_url: &str, dir: &tempdir::Dir) -> Output {
    sanshe_command(args, database_url, dir).output().expect("run sanshe")
}

/// Runs a command beside a test app without blocking the test's runtime: a blocked
/// runtime would hold open any write transaction of the app's background tasks (the
/// ledger heads' publication starts one at start-up), and the command would wait for
/// SQLite's write lock until its busy timeout.
async fn beside_app(mut command: Command) -> Output {
    tokio::task::spawn_blocking(move || command.output().expect("run sanshe")).await.expect("the command's thread")
}

async fn sanshe_beside_app(args: &[&str], database_url: &str, dir: &tempdir::Dir) -> Output {
    beside_app(sanshe_command(args, database_url, dir)).await
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn check_prints_a_verdict_per_value_and_fails_if_any_is_invalid() {
    let dir = tempdir::Dir::new();
    let db = format!("sqlite://{}/cli.db", dir.0.display());
    let all_good = sanshe(&["check", "uscc", "91350100M000100Y43", " 91350100m000100y43 "], &db, &dir);
    assert!(all_good.status.success());
    assert_eq!(stdout(&all_good), "91350100M000100Y43\tvalid\n 91350100m000100y43 \tvalid\n");
    let mixed = sanshe(&["check", "uscc", "91350100M000100Y43", "91350100M000100Y44"], &db, &dir);
    assert_eq!(mixed.status.code(), Some(1));
    let lines: Vec<String> = stdout(&mixed).lines().map(str::to_string).collect();
    assert_eq!(lines[0], "91350100M000100Y43\tvalid");
    assert!(lines[1].starts_with("91350100M000100Y44\tinvalid\t"), "{}", lines[1]);
    assert!(lines[1].contains("expected 3"), "the reason names the right check character: {}", lines[1]);

    let ids = sanshe(&["check", "id", "11010519491231002X", "110105194912310021"], &db, &dir);
    assert_eq!(ids.status.code(), Some(1));
    assert_eq!(stdout(&ids).lines().next(), Some("11010519491231002X\tvalid"));

    let regions = sanshe(&["check", "region", "330402", "330402007024", "339999", "33040"], &db, &dir);
    assert_eq!(regions.status.code(), Some(1));
    let text = stdout(&regions);
    let verdicts: Vec<&str> = text.lines().map(|l| l.split('\t').nth(1).unwrap_or("")).collect();
    assert_eq!(verdicts, ["valid", "valid", "invalid", "invalid"]);
}

#[tokio::test]
async fn audit_verify_names_the_first_edited_or_deleted_entry() {
    let t = spawn_app().await;
    let dir = tempdir::Dir::new();
    let admin = t.login("admin-330402").await;
    for households in [10, 20, 30] {
        let body = json!({"urban": true, "households": households, "population": households * 3});
        admin.put(t.url("/api/v1/communities/330402007024/profile")).json(&body).send().await.unwrap();
    }
    let intact = sanshe_beside_app(&["audit", "verify"], &t.database_url, &dir).await;
    assert!(intact.status.success(), "{}", stdout(&intact));
    assert!(stdout(&intact).starts_with("audit chain intact"));

    let last = audit_log::Entity::find().all(&t.app.db).await.unwrap().into_iter().map(|e| e.seq).max().unwrap();
    let target = last - 1;
    audit_log::Entity::update_many()
        .col_expr(audit_log::Column::After, Expr::value("{\"households\": 99999}"))
        .filter(audit_log::Column::Seq.eq(target))
        .exec(&t.app.db)
        .await
        .unwrap();
    let edited = sanshe_beside_app(&["audit", "verify"], &t.database_url, &dir).await;
    assert_eq!(edited.status.code(), Some(1));
    assert_eq!(stdout(&edited).trim(), format!("audit chain broken at entry {target}: altered"));

    audit_log::Entity::delete_many().filter(audit_log::Column::Seq.eq(target)).exec(&t.app.db).await.unwrap();
    let deleted = sanshe_beside_app(&["audit", "verify"], &t.database_url, &dir).await;
    assert_eq!(stdout(&deleted).trim(), format!("audit chain broken at entry {target}: missing"));
}

#[tokio::test]
async fn deleting_the_newest_entry_is_caught_too() {
    let t = spawn_app().await;
    let dir = tempdir::Dir::new();
    let last = audit_log::Entity::find().all(&t.app.db).await.unwrap().into_iter().map(|e| e.seq).max().unwrap();
    audit_log::Entity::delete_many().filter(audit_log::Column::Seq.eq(last)).exec(&t.app.db).await.unwrap();
    let verdict = sanshe_beside_app(&["audit", "verify"], &t.database_url, &dir).await;
    assert_eq!(verdict.status.code(), Some(1));
    assert_eq!(stdout(&verdict).trim(), format!("audit chain broken at entry {last}: missing"));
}

#[tokio::test]
async fn regions_import_adds_another_city_or_reports_every_bad_line() {
    let t = spawn_app().await;
    let dir = tempdir::Dir::new();
    let tree = "code\tname\tlevel\tparent_code\tkind\n\
                330500\t湖州市\tcity\t330000\t地级市\n\
                330502\t吴兴区\tcounty\t330500\t市辖区\n\
                330502001\t月河街道\ttownship\t330502\t街道\n\
                330502001001\t月河社区\tvillage\t330502001\t居民委员会\n";
    let good = dir.0.join("huzhou.tsv");
    std::fs::write(&good, tree).unwrap();
    let imported = sanshe_beside_app(
        &["regions", "import", good.to_str().unwrap(), "--valid-from", "2024-01-01"],
        &t.database_url,
        &dir,
    )
    .await;
    assert!(imported.status.success(), "{}", String::from_utf8_lossy(&imported.stderr));
    assert_eq!(stdout(&imported).trim(), "imported 4 regions, 1 new community profiles");

    let bad = dir.0.join("bad.tsv");
    std::fs::write(&bad, "330600\t绍兴市\tcity\t330000\n330602001\t无上级\ttownship\t330602\t街道\n").unwrap();
    let refused = sanshe_beside_app(&["regions", "import", bad.to_str().unwrap()], &t.database_url, &dir).await;
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("line 2"));
    let check = sanshe_beside_app(&["check", "region", "330502001001", "330600"], &t.database_url, &dir).await;
    assert_eq!(stdout(&check), "330502001001\tvalid\n330600\tinvalid\tNot a current administrative division\n");
}

#[test]
fn server_logs_carry_no_colour_codes_when_stderr_is_not_a_terminal() {
    use std::io::{BufRead, BufReader};
    let dir = tempdir::Dir::new();
    let mut server = Command::new(env!("CARGO_BIN_EXE_sanshe"))
        .args(["serve", "--listen", "127.0.0.1:0"])
        .env("SANSHE_DATABASE_URL", format!("sqlite://{}/logs.db", dir.0.display()))
        .env("SANSHE_DATA_DIR", &dir.0)
        .env_remove("RUST_LOG")
        .current_dir(&dir.0)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run sanshe serve");
    let mut log = String::new();
    for line in BufReader::new(server.stderr.take().unwrap()).lines().take(20) {
        let line = line.unwrap();
        log.push_str(&line);
        log.push('\n');
        if line.contains("listening") {
            break;
        }
    }
    server.kill().ok();
    server.wait().ok();
    assert!(log.contains("listening"), "the server started and logged: {log}");
    assert!(!log.contains('\u{1b}'), "no ANSI escape codes in a piped log: {log:?}");
}

#[tokio::test]
async fn the_operator_adds_a_departments_first_account_that_then_signs_in() {
    let t = spawn_app().await;
    let dir = tempdir::Dir::new();
    let add = |args: &[&str], password: &str| {
        let mut command = sanshe_command(args, &t.database_url, &dir);
        command.env("SANSHE_NEW_PASSWORD", password);
        beside_app(command)
    };
    let added = add(&["account", "add", "registrar-city", "registrar", "330400"], common::PASSWORD).await;
    assert!(added.status.success(), "{}", String::from_utf8_lossy(&added.stderr));
    let registrar = t.login("registrar-city").await;
    let me = t.get_json(&registrar, "/api/v1/me").await;
    assert_eq!(me["grants"][0]["role"], "registrar", "{me}");

    let again = add(&["account", "add", "registrar-city", "registrar", "330400"], common::PASSWORD).await;
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).starts_with("username: "));
    let weak = add(&["account", "add", "finance-city", "treasurer", "330499"], "short").await;
    assert_eq!(weak.status.code(), Some(2));
    let errors = String::from_utf8_lossy(&weak.stderr).into_owned();
    for field in ["password: ", "role: ", "region_code: "] {
        assert!(errors.contains(field), "{field} in {errors}");
    }
}
