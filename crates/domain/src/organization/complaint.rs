//! Complaints about a social organisation (4D): anyone files one and gets a tracking
//! number; it routes to the registrar and the supervising unit with a deadline, and ends
//! with a recorded finding.

use chrono::{Duration, NaiveDate};

use crate::Violation;
use crate::identifiers::normalize;

/// Characters of a tracking number: no 0/O, 1/I/L, so it can be read out over the phone.
const TRACKING_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
const TRACKING_RANDOM: usize = 8;

named_enum! {
    ComplaintStatus {
        /// Filed, not yet taken up.
        Filed = "filed",
        /// Taken up by the registrar or the supervising unit.
        Handling = "handling",
        /// A finding is recorded.
        Closed = "closed",
    }
}

named_enum! {
    Finding {
        Substantiated = "substantiated",
        PartlySubstantiated = "partly_substantiated",
        Unsubstantiated = "unsubstantiated",
        /// Outside civil affairs' remit, passed to the competent body.
        Referred = "referred",
    }
}

/// `TS20261127-7K3Q9MXA`: the filing day, then random characters (8 of 31, about 2^40,
/// so numbers cannot be guessed to read other people's complaints).
pub fn tracking_number(filed_on: NaiveDate, random: &[u8; TRACKING_RANDOM]) -> String {
    let tail: String =
        random.iter().map(|b| TRACKING_ALPHABET[usize::from(*b) % TRACKING_ALPHABET.len()] as char).collect();
    format!("TS{}-{tail}", filed_on.format("%Y%m%d"))
}

/// The canonical form of a typed tracking number (spaces, width and case forgiven).
pub fn parse_tracking_number(input: &str) -> Result<String, Violation> {
    let text = normalize(input);
    let valid = text.len() == 19
        && text.starts_with("TS")
        && text[2..10].bytes().all(|b| b.is_ascii_digit())
        && text.as_bytes()[10] == b'-'
        && text[11..].bytes().all(|b| TRACKING_ALPHABET.contains(&b));
    if valid { Ok(text) } else { Err(Violation::new("tracking-number")) }
}

/// The day by which a complaint must have a finding.
pub fn deadline(filed_on: NaiveDate, handling_days: u32) -> NaiveDate {
    filed_on + Duration::days(i64::from(handling_days))
}

/// Whether a complaint is past its deadline without a finding.
pub fn is_overdue(status: ComplaintStatus, deadline: NaiveDate, today: NaiveDate) -> bool {
    status != ComplaintStatus::Closed && today > deadline
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn tracking_numbers_round_trip_and_forgive_how_they_are_typed() {
        let number = tracking_number(day("2026-11-27"), &[0, 1, 2, 3, 30, 31, 200, 255]);
        assert_eq!(number.len(), 19);
        assert!(number.starts_with("TS20261127-2345Z2"), "{number}");
        assert_eq!(parse_tracking_number(&number).unwrap(), number);
        let typed = format!(" {} ", number.to_lowercase());
        assert_eq!(parse_tracking_number(&typed).unwrap(), number);
    }

    #[test]
    fn malformed_tracking_numbers_are_refused() {
        for bad in ["", "TS20261127", "TS20261127-2345678O", "XX20261127-23456789", "TS2026112A-23456789"] {
            assert_eq!(parse_tracking_number(bad).unwrap_err().code, "tracking-number", "{bad}");
        }
    }

    #[test]
    fn a_complaint_is_overdue_only_after_its_deadline_and_while_open() {
        let due = deadline(day("2026-11-27"), 30);
        assert_eq!(due, day("2026-12-27"));
        assert!(!is_overdue(ComplaintStatus::Filed, due, day("2026-12-27")));
        assert!(is_overdue(ComplaintStatus::Handling, due, day("2026-12-28")));
        assert!(!is_overdue(ComplaintStatus::Closed, due, day("2027-03-01")));
    }
}
