//! Tracking numbers for what the public files without an account (complaints, registration
//! applications): `TS20261127-7K3Q9MXA`, a two-letter prefix naming what it tracks, the
//! filing day, then random characters.

use chrono::NaiveDate;

use super::normalize;
use crate::Violation;

/// Characters of a tracking number: no 0/O, 1/I/L, so it can be read out over the phone.
const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
const RANDOM: usize = 8;

/// A new number: 8 of 31 characters is about 2^40, so numbers cannot be guessed to read
/// what other people filed.
pub fn tracking_number(prefix: &str, filed_on: NaiveDate, random: &[u8; RANDOM]) -> String {
    let tail: String = random.iter().map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char).collect();
    format!("{prefix}{}-{tail}", filed_on.format("%Y%m%d"))
}

/// The canonical form of a typed number with that prefix (spaces, width and case forgiven).
pub fn parse_tracking_number(prefix: &str, input: &str) -> Result<String, Violation> {
    let text = normalize(input);
    let valid = text.len() == 19
        && text.starts_with(prefix)
        && text[2..10].bytes().all(|b| b.is_ascii_digit())
        && text.as_bytes()[10] == b'-'
        && text[11..].bytes().all(|b| ALPHABET.contains(&b));
    if valid { Ok(text) } else { Err(Violation::new("tracking-number")) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracking_numbers_round_trip_and_forgive_how_they_are_typed() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        let number = tracking_number("TS", day, &[0, 1, 2, 3, 30, 31, 200, 255]);
        assert_eq!(number.len(), 19);
        assert!(number.starts_with("TS20261127-2345Z2"), "{number}");
        assert_eq!(parse_tracking_number("TS", &number).unwrap(), number);
        let typed = format!(" {} ", number.to_lowercase());
        assert_eq!(parse_tracking_number("TS", &typed).unwrap(), number);
        assert!(parse_tracking_number("DJ", &number).is_err(), "another kind's number");
    }

    #[test]
    fn malformed_tracking_numbers_are_refused() {
        for bad in [
            "",
            "TS20261127",
            "TS20261127-2345678O",
            "XX20261127-23456789",
            "TS2026112A-23456789",
            "TS20261127-2345678é",
        ] {
            assert_eq!(parse_tracking_number("TS", bad).unwrap_err().code, "tracking-number", "{bad}");
        }
    }
}
