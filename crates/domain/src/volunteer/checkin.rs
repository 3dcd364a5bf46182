//! Check-in by QR code: the code shown at an activity carries a token that changes every
//! minute, keyed by the server's secret and the activity, so a photo of it is useless two
//! minutes later. A token of the current minute or the one before is accepted (a phone
//! that scanned at 10:00:59 may send at 10:01:02); older ones are refused.
//! A volunteer checked in is not checked in again before checking out.

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use crate::Violation;

/// The token of `activity_id` for the minute containing `at`: 16 hex digits of a keyed
/// SHA-256 (secret, activity and minute length-prefixed).
pub fn token(secret: &[u8], activity_id: i64, at: DateTime<Utc>) -> String {
    minute_token(secret, activity_id, at.timestamp().div_euclid(60))
}

fn minute_token(secret: &[u8], activity_id: i64, minute: i64) -> String {
    let mut hasher = Sha256::new();
    for part in [secret, activity_id.to_string().as_bytes(), minute.to_string().as_bytes()] {
        hasher.update((part.len() as u64).to_be_bytes());
        hasher.update(part);
    }
    hex::encode(&hasher.finalize()[..8])
}

/// Whether `presented` is the activity's token of the minute of `now` or the one before.
pub fn check_token(secret: &[u8], activity_id: i64, presented: &str, now: DateTime<Utc>) -> Result<(), Violation> {
    let minute = now.timestamp().div_euclid(60);
    let presented = presented.trim().to_ascii_lowercase();
    if [minute, minute - 1].iter().any(|m| minute_token(secret, activity_id, *m) == presented) {
        Ok(())
    } else {
        Err(Violation::new("checkin-token-stale"))
    }
}

/// Whether a volunteer may check in: not while an earlier check-in is still open.
pub fn check_in(open: Option<DateTime<Utc>>) -> Result<(), Violation> {
    match open {
        Some(since) => Err(Violation::new("checkin-already-open").with("since", since.format("%H:%M"))),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    const SECRET: &[u8] = b"test-secret";

    fn t(h: u32, m: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 30, h, m, s).unwrap()
    }

    #[test]
    fn a_token_one_minute_old_is_accepted_and_two_minutes_old_is_not() {
        let shown = token(SECRET, 5, t(2, 0, 30));
        assert!(check_token(SECRET, 5, &shown, t(2, 0, 59)).is_ok());
        assert!(check_token(SECRET, 5, &shown, t(2, 1, 30)).is_ok(), "one minute old");
        assert_eq!(check_token(SECRET, 5, &shown, t(2, 2, 0)).unwrap_err().code, "checkin-token-stale");
        assert!(check_token(SECRET, 5, &shown.to_uppercase(), t(2, 1, 0)).is_ok());
    }

    #[test]
    fn a_token_belongs_to_its_activity_and_secret() {
        let shown = token(SECRET, 5, t(2, 0, 0));
        assert!(check_token(SECRET, 6, &shown, t(2, 0, 0)).is_err());
        assert!(check_token(b"other", 5, &shown, t(2, 0, 0)).is_err());
        assert_ne!(token(SECRET, 5, t(2, 0, 0)), token(SECRET, 5, t(2, 0, 0) + Duration::minutes(1)));
    }

    #[test]
    fn a_second_check_in_while_checked_in_is_refused() {
        assert!(check_in(None).is_ok());
        let refused = check_in(Some(t(1, 5, 0))).unwrap_err();
        assert_eq!((refused.code, refused.arg("since")), ("checkin-already-open", Some("01:05")));
    }
}
