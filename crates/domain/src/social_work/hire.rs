//! The 2012 gate (5A): a hire into a professional social-work post dated on or after the
//! region's `certificate_required_from` needs a qualification held on the hire date: the
//! national certificate or the city's review (`city::qualified_on`).

use chrono::{Datelike, Months, NaiveDate};

use crate::Violation;

named_enum! {
    /// Why a social worker left a post (the exit mechanism of 5A).
    ExitReason {
        /// 合同期满
        ContractEnded = "contract_ended",
        /// 本人辞职
        Resigned = "resigned",
        /// 考核不合格解聘
        Dismissed = "dismissed",
        /// 调任其他岗位
        Transferred = "transferred",
        /// 退休
        Retired = "retired",
        Other = "other",
    }
}

/// Whether an exit may be recorded on `ended_on`: not before the hire, not in the future.
pub fn check_exit(hired_on: NaiveDate, ended_on: NaiveDate, today: NaiveDate) -> Result<(), Violation> {
    if ended_on < hired_on {
        Err(Violation::new("date-before-start").with("date", hired_on))
    } else if ended_on > today {
        Err(Violation::new("date-in-future"))
    } else {
        Ok(())
    }
}

/// Whether a hire (from `hired_on`, to `ended_on` inclusive if it ended) covers any day of
/// the month beginning on `month`: an employer reports the months its staff worked for it.
pub fn employed_during(hired_on: NaiveDate, ended_on: Option<NaiveDate>, month: NaiveDate) -> bool {
    let first = month.with_day(1).unwrap_or(month);
    let next = first.checked_add_months(Months::new(1)).unwrap_or(NaiveDate::MAX);
    hired_on < next && ended_on.is_none_or(|end| end >= first)
}

/// Whether a hire may be recorded. `certificate_on` is the day the person was first
/// qualified, if they are.
pub fn check_hire(
    certificate_required_from: NaiveDate,
    professional: bool,
    hired_on: NaiveDate,
    certificate_on: Option<NaiveDate>,
) -> Result<(), Violation> {
    if !professional || hired_on < certificate_required_from {
        return Ok(());
    }
    match certificate_on {
        Some(obtained) if obtained <= hired_on => Ok(()),
        Some(obtained) => Err(Violation::new("hire-certificate-later").with("date", obtained)),
        None => Err(Violation::new("hire-needs-certificate").with("date", certificate_required_from)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    const GATE: fn() -> NaiveDate = || NaiveDate::from_ymd_opt(2012, 1, 1).unwrap();

    #[test]
    fn an_exit_on_the_hire_day_or_today_is_recorded_and_one_before_or_after_is_not() {
        let (hired, today) = (day(2020, 3, 1), day(2026, 11, 30));
        assert!(check_exit(hired, hired, today).is_ok());
        assert!(check_exit(hired, today, today).is_ok());
        assert_eq!(check_exit(hired, day(2020, 2, 29), today).unwrap_err().code, "date-before-start");
        assert_eq!(check_exit(hired, day(2026, 12, 1), today).unwrap_err().code, "date-in-future");
    }

    #[test]
    fn a_hire_on_2011_12_31_needs_no_certificate_and_one_on_2012_01_01_does() {
        assert!(check_hire(GATE(), true, day(2011, 12, 31), None).is_ok());
        let refused = check_hire(GATE(), true, day(2012, 1, 1), None).unwrap_err();
        assert_eq!((refused.code, refused.arg("date")), ("hire-needs-certificate", Some("2012-01-01")));
    }

    #[test]
    fn a_certificate_obtained_on_the_hire_date_counts_and_one_obtained_later_does_not() {
        assert!(check_hire(GATE(), true, day(2020, 5, 1), Some(day(2020, 5, 1))).is_ok());
        let refused = check_hire(GATE(), true, day(2020, 5, 1), Some(day(2020, 5, 2))).unwrap_err();
        assert_eq!(refused.code, "hire-certificate-later");
    }

    #[test]
    fn a_post_that_is_not_professional_needs_no_certificate() {
        assert!(check_hire(GATE(), false, day(2020, 5, 1), None).is_ok());
    }

    #[test]
    fn a_region_with_a_later_gate_hires_without_a_certificate_until_then() {
        let later = day(2015, 7, 1);
        assert!(check_hire(later, true, day(2015, 6, 30), None).is_ok());
        assert!(check_hire(later, true, day(2015, 7, 1), None).is_err());
    }

    #[test]
    fn a_hire_covers_a_month_from_its_last_day_hired_to_its_first_day_left() {
        let march = day(2026, 3, 1);
        assert!(employed_during(day(2026, 3, 31), None, march), "hired on the month's last day");
        assert!(!employed_during(day(2026, 4, 1), None, march), "hired the day after it");
        assert!(employed_during(day(2025, 1, 1), Some(day(2026, 3, 1)), march), "left on its first day");
        assert!(!employed_during(day(2025, 1, 1), Some(day(2026, 2, 28)), march), "left the day before");
        assert!(employed_during(day(2026, 3, 10), Some(day(2026, 3, 12)), day(2026, 3, 20)), "any day of it");
    }
}
