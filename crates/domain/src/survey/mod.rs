//! Satisfaction surveys (used by 3C, 5A and 6B): residents rate a subject 1 to 5 on a few
//! questions with one-time codes; staff see the response rate and the mean satisfaction
//! on a 0–100 scale. Every figure is kept in integer tenths, so nothing drifts.

use chrono::NaiveDate;

use crate::Violation;

named_enum! {
    /// What a survey is about; the subject's own record decides who keeps the survey.
    SubjectKind {
        /// A social worker's service (5A).
        SocialWorker = "social_worker",
    }
}

/// A rating's bounds.
pub const LOWEST: u8 = 1;
pub const HIGHEST: u8 = 5;
/// At most this many rated questions: a resident answers on a phone in a minute.
pub const MAX_QUESTIONS: usize = 10;
/// At most this many codes in one batch (one print run).
pub const MAX_CODES: u32 = 500;
/// A survey runs at most a year.
pub const MAX_DAYS: i64 = 366;

named_enum! {
    /// Where a survey stands on a day.
    Phase {
        NotYet = "not_yet",
        Open = "open",
        Closed = "closed",
    }
}

/// The phase of a survey open from `opens_on` to `closes_on`, both days included.
pub fn phase(opens_on: NaiveDate, closes_on: NaiveDate, today: NaiveDate) -> Phase {
    if today < opens_on {
        Phase::NotYet
    } else if today > closes_on {
        Phase::Closed
    } else {
        Phase::Open
    }
}

/// A period that ends on or after it starts and lasts at most `MAX_DAYS`.
pub fn check_period(opens_on: NaiveDate, closes_on: NaiveDate) -> Result<(), Violation> {
    if closes_on < opens_on {
        Err(Violation::new("survey-closes-before-opening"))
    } else if (closes_on - opens_on).num_days() >= MAX_DAYS {
        Err(Violation::new("survey-too-long").with("days", MAX_DAYS))
    } else {
        Ok(())
    }
}

/// A rating as ticked: a whole number from 1 to 5.
pub fn parse_rating(text: &str) -> Result<u8, Violation> {
    match text.trim() {
        "" => Err(Violation::new("required")),
        t => t
            .parse::<u8>()
            .ok()
            .filter(|r| (LOWEST..=HIGHEST).contains(r))
            .ok_or(Violation::new("rating-range").with("max", HIGHEST)),
    }
}

/// How many codes a batch makes: 1 to `MAX_CODES`.
pub fn check_code_count(count: u32) -> Result<u32, Violation> {
    if (1..=MAX_CODES).contains(&count) {
        Ok(count)
    } else {
        Err(Violation::new("code-count-range").with("max", MAX_CODES))
    }
}

/// The satisfaction of `count` ratings summing to `sum`, in tenths of the 0–100 scale:
/// (mean − 1) / 4 × 100, rounded half up. None without a rating.
pub fn satisfaction_tenths(sum: u64, count: u64) -> Option<u32> {
    if count == 0 {
        return None;
    }
    // (sum/count − 1) × 25 × 10 = (sum − count) × 250 / count; doubled to round half up.
    let doubled = (sum.saturating_sub(count)) * 500 + count;
    u32::try_from(doubled / (2 * count)).ok()
}

/// `part` of `whole` as a percentage in tenths, rounded half up; None when `whole` is 0.
pub fn percent_tenths(part: u64, whole: u64) -> Option<u32> {
    if whole == 0 {
        return None;
    }
    u32::try_from((part * 2000 + whole) / (2 * whole)).ok()
}

/// A figure in tenths as the number it stands for (for display and JSON).
pub fn from_tenths(tenths: u32) -> f64 {
    f64::from(tenths) / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn all_fives_are_100_and_all_ones_are_0() {
        assert_eq!(satisfaction_tenths(5 * 7, 7), Some(1000));
        assert_eq!(satisfaction_tenths(7, 7), Some(0));
        assert_eq!(satisfaction_tenths(0, 0), None);
    }

    #[test]
    fn a_mean_of_four_is_75_and_a_mean_of_three_is_50() {
        assert_eq!(satisfaction_tenths(4 * 3, 3), Some(750));
        assert_eq!(satisfaction_tenths(3 * 9, 9), Some(500));
    }

    #[test]
    fn satisfaction_rounds_half_up_to_a_tenth() {
        // Ratings 5,5,4: mean 14/3, (14/3 − 1) × 25 = 91.666… → 91.7.
        assert_eq!(satisfaction_tenths(14, 3), Some(917));
        // (33/8 − 1) × 25 = 78.125 → 78.1; (7/6 − 1) × 25 = 4.166… → 4.2.
        assert_eq!(satisfaction_tenths(33, 8), Some(781));
        assert_eq!(satisfaction_tenths(7, 6), Some(42));
        // An exact half: (5/4 − 1) × 25 = 6.25 → 6.3.
        assert_eq!(satisfaction_tenths(5, 4), Some(63));
    }

    #[test]
    fn the_response_rate_is_answered_over_issued_in_tenths_of_a_percent() {
        assert_eq!(percent_tenths(10, 12), Some(833));
        assert_eq!(percent_tenths(1, 8), Some(125));
        assert_eq!(percent_tenths(1, 2000), Some(1), "0.05 % rounds up to 0.1 %");
        assert_eq!(percent_tenths(0, 5), Some(0));
        assert_eq!(percent_tenths(0, 0), None);
    }

    #[test]
    fn a_rating_is_a_whole_number_from_one_to_five() {
        assert_eq!(parse_rating(" 1 "), Ok(1));
        assert_eq!(parse_rating("5"), Ok(5));
        for bad in ["0", "6", "4.5", "-1", "five"] {
            assert_eq!(parse_rating(bad).unwrap_err().code, "rating-range", "{bad}");
        }
        assert_eq!(parse_rating("").unwrap_err().code, "required");
    }

    #[test]
    fn a_survey_is_open_from_its_first_day_to_its_last_day_included() {
        let (opens, closes) = (day(2026, 11, 1), day(2026, 11, 30));
        assert_eq!(phase(opens, closes, day(2026, 10, 31)), Phase::NotYet);
        assert_eq!(phase(opens, closes, opens), Phase::Open);
        assert_eq!(phase(opens, closes, closes), Phase::Open);
        assert_eq!(phase(opens, closes, day(2026, 12, 1)), Phase::Closed);
    }

    #[test]
    fn a_period_ends_on_or_after_its_start_and_lasts_at_most_366_days() {
        let opens = day(2026, 1, 1);
        assert!(check_period(opens, opens).is_ok());
        assert_eq!(check_period(opens, day(2025, 12, 31)).unwrap_err().code, "survey-closes-before-opening");
        assert!(check_period(opens, day(2027, 1, 1)).is_ok(), "366 days, both ends included");
        assert_eq!(check_period(opens, day(2027, 1, 2)).unwrap_err().code, "survey-too-long");
    }

    #[test]
    fn a_batch_has_one_to_500_codes() {
        assert_eq!(check_code_count(1), Ok(1));
        assert_eq!(check_code_count(500), Ok(500));
        assert_eq!(check_code_count(0).unwrap_err().code, "code-count-range");
        assert_eq!(check_code_count(501).unwrap_err().code, "code-count-range");
    }
}
