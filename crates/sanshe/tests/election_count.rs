//! `sanshe election count FILE.json` through the real binary.

mod common;

use std::process::Command;

use common::tempdir;
use serde_json::{Value, json};

fn count(input: &str) -> (Option<i32>, String, String) {
    let dir = tempdir::Dir::new();
    let file = dir.0.join("round.json");
    std::fs::write(&file, input).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_sanshe"))
        .args(["election", "count", file.to_str().unwrap()])
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_first_round_prints_votes_elected_and_further_round_candidates() {
    let mut ballots = vec![json!({"director": ["张丽华"], "member": ["王建国", "李秀英"]}); 60];
    ballots.extend(vec![json!({"director": ["王建国"], "member": ["陈志强", "李秀英"]}); 30]);
    ballots.extend(vec![json!({"member": ["赵敏", "钱进", "孙立"]}); 5]); // three names for two seats
    let input = json!({
        "registered_voters": 150,
        "round": "first",
        "posts": [{"post": "director", "seats": 1}, {"post": "member", "seats": 2}],
        "people": {"李秀英": {"gender": "female"}},
        "ballots": ballots,
    });
    let (code, stdout, _) = count(&input.to_string());
    assert_eq!(code, Some(0));
    let result: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(result["valid"], true);
    assert_eq!(result["ballots_cast"], 95);
    assert_eq!(result["invalid_ballots"], 5);
    let director = &result["posts"][0];
    assert_eq!(director["elected"], json!(["张丽华"]));
    assert_eq!(director["votes"]["张丽华"], 60);
    let member = &result["posts"][1];
    // 李秀英 90 of 95; 王建国 60 (more than half of 95); 陈志强 30.
    assert_eq!(member["elected"], json!(["李秀英", "王建国"]));
    assert_eq!(member["unfilled"], 0);
    assert_eq!(member["further_round_candidates"], json!([]));
}

#[test]
fn unfilled_seats_name_their_further_round_candidates() {
    let mut ballots = vec![json!({"member": ["甲", "乙"]}); 40];
    ballots.extend(vec![json!({"member": ["甲", "丙"]}); 20]);
    ballots.extend(vec![json!({"member": ["丁"]}); 10]);
    let input = json!({"registered_voters": 100, "round": "first", "posts": [{"post": "member", "seats": 3}], "ballots": ballots});
    let (_, stdout, _) = count(&input.to_string());
    let member = &serde_json::from_str::<Value>(&stdout).unwrap()["posts"][0];
    // 70 cast: 甲 60 elected; 乙 40 (more than 35) elected; one seat left → 2 candidates.
    assert_eq!(member["elected"], json!(["甲", "乙"]));
    assert_eq!(member["unfilled"], 1);
    assert_eq!(member["further_round_candidates"], json!(["丙", "丁"]));
}

#[test]
fn bad_input_is_a_clear_error_with_exit_code_2() {
    for (input, expected) in [
        ("{not json", "invalid input"),
        (r#"{"registered_voters": 10, "round": "second", "posts": [], "ballots": []}"#, "invalid input"),
        (
            r#"{"registered_voters": 10, "round": "first", "posts": [{"post": "member", "seats": 2}, {"post": "member", "seats": 1}], "ballots": []}"#,
            "appears twice",
        ),
        (
            r#"{"registered_voters": 10, "round": "first", "posts": [{"post": "member", "seats": 2}], "ballots": [], "extra": 1}"#,
            "unknown field",
        ),
    ] {
        let (code, stdout, stderr) = count(input);
        assert_eq!(code, Some(2), "{input}");
        assert!(stdout.is_empty());
        assert!(stderr.contains(expected), "{input}: {stderr}");
    }
}
