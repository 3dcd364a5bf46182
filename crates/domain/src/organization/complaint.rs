//! Complaints about a social organisation (4D): anyone files one and gets a tracking
//! number (`identifiers::tracking`); it routes to the registrar and the supervising unit with a deadline, and ends
//! with a recorded finding.

use chrono::{Duration, NaiveDate};

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

/// The prefix of a complaint's tracking number (投诉).
pub const TRACKING_PREFIX: &str = "TS";

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
    fn a_complaint_is_overdue_only_after_its_deadline_and_while_open() {
        let due = deadline(day("2026-11-27"), 30);
        assert_eq!(due, day("2026-12-27"));
        assert!(!is_overdue(ComplaintStatus::Filed, due, day("2026-12-27")));
        assert!(is_overdue(ComplaintStatus::Handling, due, day("2026-12-28")));
        assert!(!is_overdue(ComplaintStatus::Closed, due, day("2027-03-01")));
    }
}
