//! `sanshe election count FILE.json`: the counting engine without a server or database.

use std::process::ExitCode;

use domain::governance::count::{RoundInput, count_round};

/// Reads, counts and prints; bad input is reported on stderr with exit code 2.
pub fn count_file(path: &str) -> ExitCode {
    let outcome =
        std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}")).and_then(|t| count_text(&t));
    match outcome {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

/// The result of one round as JSON, from the round as JSON.
pub fn count_text(text: &str) -> Result<String, String> {
    let input: RoundInput = serde_json::from_str(text).map_err(|e| format!("invalid input: {e}"))?;
    let result = count_round(&input).map_err(|e| format!("cannot count: {e}"))?;
    serde_json::to_string_pretty(&result).map_err(|e| e.to_string())
}
