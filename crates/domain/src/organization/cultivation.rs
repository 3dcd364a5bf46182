//! Cultivation (4B): stays at incubation bases and development-fund support.

use chrono::NaiveDate;

use crate::{FieldError, Violation};

named_enum! {
    /// How a stay at an incubation base ended.
    Graduation {
        /// Registered with civil affairs: the stay names the registered organisation.
        Registered = "registered",
        /// Filed (备案) with its township as a community-level organisation.
        Filed = "filed",
        /// Left without either.
        Withdrawn = "withdrawn",
    }
}

/// A group's stay at an incubation base.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stay {
    pub entered_on: NaiveDate,
    /// The day it left; it is no longer hosted from that day on.
    pub graduated_on: Option<NaiveDate>,
}

impl Stay {
    /// Whether the group was hosted at the end of `day`.
    pub fn hosted_on(&self, day: NaiveDate) -> bool {
        self.entered_on <= day && self.graduated_on.is_none_or(|left| day < left)
    }
}

/// A group may enter again only from the day its last stay ended: stays never overlap.
pub fn check_reentry(previous: &[Stay], entered_on: NaiveDate) -> Result<(), Violation> {
    let overlaps = previous.iter().any(|s| s.graduated_on.is_none_or(|left| entered_on < left));
    if overlaps { Err(Violation::new("incubation-overlap")) } else { Ok(()) }
}

/// Checks a graduation: never before the entry, and a group that graduates as registered
/// names an organisation that was registered by the graduation day.
pub fn check_graduation(
    stay: Stay,
    graduated_on: NaiveDate,
    outcome: Graduation,
    registered_on: Option<NaiveDate>,
) -> Result<(), FieldError> {
    if graduated_on < stay.entered_on {
        return Err(Violation::new("graduation-before-entry").on("graduated_on"));
    }
    match (outcome, registered_on) {
        (Graduation::Registered, None) => Err(Violation::new("graduation-needs-organization").on("organization_id")),
        (Graduation::Registered, Some(registered)) if registered > graduated_on => {
            Err(Violation::new("graduation-before-registration").on("organization_id"))
        }
        _ => Ok(()),
    }
}

/// The most one support record may grant: 10 million yuan, in fen. A typo of a few extra
/// digits is refused instead of inflating the year's totals.
pub const MAX_SUPPORT_FEN: i64 = 1_000_000_000;

/// A support amount in fen: at least one fen, at most `MAX_SUPPORT_FEN`.
pub fn check_support_amount(fen: i64) -> Result<i64, Violation> {
    if (1..=MAX_SUPPORT_FEN).contains(&fen) {
        Ok(fen)
    } else {
        Err(Violation::new("amount-out-of-range").with("max", MAX_SUPPORT_FEN / 100))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_group_is_hosted_from_entry_until_the_day_it_leaves() {
        let stay = Stay { entered_on: day("2025-03-01"), graduated_on: Some(day("2026-06-30")) };
        assert!(!stay.hosted_on(day("2025-02-28")));
        assert!(stay.hosted_on(day("2025-03-01")));
        assert!(stay.hosted_on(day("2026-06-29")));
        assert!(!stay.hosted_on(day("2026-06-30")));
        let open = Stay { entered_on: day("2025-03-01"), graduated_on: None };
        assert!(open.hosted_on(day("2030-12-31")));
    }

    #[test]
    fn a_new_stay_starts_no_earlier_than_the_last_one_ended() {
        let left = Stay { entered_on: day("2025-03-01"), graduated_on: Some(day("2026-06-30")) };
        assert_eq!(check_reentry(&[left], day("2026-06-29")).unwrap_err().code, "incubation-overlap");
        assert_eq!(check_reentry(&[left], day("2024-01-01")).unwrap_err().code, "incubation-overlap");
        assert!(check_reentry(&[left], day("2026-06-30")).is_ok());
        assert!(check_reentry(&[], day("2020-01-01")).is_ok());
    }

    #[test]
    fn graduation_follows_entry_and_a_registered_graduate_was_registered_by_then() {
        let stay = Stay { entered_on: day("2025-03-01"), graduated_on: None };
        let code = |r: Result<(), FieldError>| r.err().map(|e| (e.field, e.violation.code));
        assert_eq!(
            code(check_graduation(stay, day("2025-02-28"), Graduation::Withdrawn, None)).map(|(_, c)| c),
            Some("graduation-before-entry")
        );
        assert_eq!(code(check_graduation(stay, day("2025-03-01"), Graduation::Withdrawn, None)), None);
        assert_eq!(
            code(check_graduation(stay, day("2026-01-10"), Graduation::Registered, None)),
            Some(("organization_id".to_string(), "graduation-needs-organization"))
        );
        assert_eq!(
            code(check_graduation(stay, day("2026-01-10"), Graduation::Registered, Some(day("2026-01-11"))))
                .map(|(_, c)| c),
            Some("graduation-before-registration")
        );
        assert_eq!(
            code(check_graduation(stay, day("2026-01-10"), Graduation::Registered, Some(day("2026-01-10")))),
            None
        );
        assert_eq!(code(check_graduation(stay, day("2026-01-10"), Graduation::Filed, None)), None);
    }

    #[test]
    fn support_amounts_are_bounded() {
        assert_eq!(check_support_amount(0).unwrap_err().code, "amount-out-of-range");
        assert_eq!(check_support_amount(-5).unwrap_err().code, "amount-out-of-range");
        assert_eq!(check_support_amount(1).unwrap(), 1);
        assert_eq!(check_support_amount(MAX_SUPPORT_FEN).unwrap(), MAX_SUPPORT_FEN);
        assert!(check_support_amount(MAX_SUPPORT_FEN + 1).is_err());
    }
}
