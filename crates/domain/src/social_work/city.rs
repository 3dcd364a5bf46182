//! The city's own side of qualification and education (the seed's 5A and 5C):
//! - its review (嘉兴市评审): workers without the national exam's schooling are trained,
//!   examined and reviewed by the city and hold its corresponding qualification, which the
//!   city's certificate gate accepts like the national certificate;
//! - its yearly city-wide course (每年一期全市社会工作专题培训班), whose attendance counts
//!   as continuing education without anyone typing a training record.

use chrono::{Datelike, NaiveDate};

use super::education::parse_hours_up_to;
use super::{CertificateLevel, SocialWorkRules};
use crate::Violation;

/// The longest city course, in hours: a week-long course full time is 40.
pub const MAX_COURSE_HOURS: f64 = 120.0;

/// The city's review grants the assistant and intermediate levels; the senior level is
/// the national exam and review only.
pub fn check_local_level(level: CertificateLevel) -> Result<(), Violation> {
    match level {
        CertificateLevel::Senior => Err(Violation::new("local-level-senior")),
        _ => Ok(()),
    }
}

/// The review's dates: the exam passed no later than the grant, the grant not before the
/// city's review existed (the seed, 2010-02-03) and not in the future.
pub fn check_local_dates(
    rules: &SocialWorkRules,
    exam_passed_on: NaiveDate,
    granted_on: NaiveDate,
    today: NaiveDate,
) -> Result<(), (&'static str, Violation)> {
    if granted_on > today {
        return Err(("granted_on", Violation::new("date-in-future")));
    }
    if granted_on < rules.local_review_from {
        return Err(("granted_on", Violation::new("local-review-before-seed").with("date", rules.local_review_from)));
    }
    if exam_passed_on > granted_on {
        return Err(("exam_passed_on", Violation::new("exam-after-grant")));
    }
    Ok(())
}

/// The first day a worker was qualified for a professional post: the national
/// certificate or the city's qualification, whichever came first.
pub fn qualified_on(certificate_on: Option<NaiveDate>, local_on: Option<NaiveDate>) -> Option<NaiveDate> {
    match (certificate_on, local_on) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// A city course as typed, checked: in its year, ending no earlier than it starts, its
/// hours to the half hour. Returns the minutes it counts.
pub fn check_course(
    year: i32,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    hours: f64,
) -> Result<u32, (&'static str, Violation)> {
    if starts_on.year() != year {
        return Err(("starts_on", Violation::new("date-outside-year").with("year", year)));
    }
    if ends_on < starts_on {
        return Err(("ends_on", Violation::new("date-before-start")));
    }
    if ends_on.year() != year {
        return Err(("ends_on", Violation::new("date-outside-year").with("year", year)));
    }
    parse_hours_up_to(hours, MAX_COURSE_HOURS).map_err(|v| ("hours", v))
}

/// Attendance is recorded once the course has ended; it counts on its last day.
pub fn check_attendance(ends_on: NaiveDate, today: NaiveDate) -> Result<(), Violation> {
    if ends_on > today { Err(Violation::new("course-not-ended").with("date", ends_on)) } else { Ok(()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_city_grants_the_two_lower_levels_only() {
        assert!(check_local_level(CertificateLevel::Assistant).is_ok());
        assert!(check_local_level(CertificateLevel::Intermediate).is_ok());
        assert_eq!(check_local_level(CertificateLevel::Senior).unwrap_err().code, "local-level-senior");
    }

    #[test]
    fn a_review_on_the_seeds_day_counts_and_one_the_day_before_does_not() {
        let rules = SocialWorkRules::default();
        let today = day(2026, 11, 30);
        assert!(check_local_dates(&rules, day(2010, 1, 10), day(2010, 2, 3), today).is_ok());
        let (field, refused) = check_local_dates(&rules, day(2010, 1, 10), day(2010, 2, 2), today).unwrap_err();
        assert_eq!((field, refused.code), ("granted_on", "local-review-before-seed"));
        assert_eq!(check_local_dates(&rules, day(2026, 1, 1), day(2026, 12, 1), today).unwrap_err().0, "granted_on");
    }

    #[test]
    fn the_exam_is_passed_on_or_before_the_grant() {
        let rules = SocialWorkRules::default();
        let today = day(2026, 11, 30);
        assert!(check_local_dates(&rules, day(2020, 5, 1), day(2020, 5, 1), today).is_ok());
        assert_eq!(check_local_dates(&rules, day(2020, 5, 2), day(2020, 5, 1), today).unwrap_err().0, "exam_passed_on");
    }

    #[test]
    fn a_worker_is_qualified_from_the_earlier_of_the_two() {
        let (national, local) = (day(2015, 6, 1), day(2013, 9, 1));
        assert_eq!(qualified_on(Some(national), Some(local)), Some(local));
        assert_eq!(qualified_on(Some(national), None), Some(national));
        assert_eq!(qualified_on(None, Some(local)), Some(local));
        assert_eq!(qualified_on(None, None), None);
    }

    #[test]
    fn a_course_lies_in_its_year_and_counts_its_hours_to_the_half_hour() {
        assert_eq!(check_course(2026, day(2026, 12, 30), day(2026, 12, 31), 16.5), Ok(990));
        assert_eq!(check_course(2026, day(2025, 12, 31), day(2026, 1, 2), 8.0).unwrap_err().0, "starts_on");
        assert_eq!(check_course(2026, day(2026, 12, 31), day(2027, 1, 1), 8.0).unwrap_err().0, "ends_on");
        assert_eq!(check_course(2026, day(2026, 5, 2), day(2026, 5, 1), 8.0).unwrap_err().0, "ends_on");
        assert_eq!(check_course(2026, day(2026, 5, 1), day(2026, 5, 1), 120.5).unwrap_err().0, "hours");
        assert_eq!(check_course(2026, day(2026, 5, 1), day(2026, 5, 1), 7.25).unwrap_err().0, "hours");
    }

    #[test]
    fn attendance_is_recorded_from_the_courses_last_day() {
        assert!(check_attendance(day(2026, 11, 30), day(2026, 11, 30)).is_ok());
        assert_eq!(check_attendance(day(2026, 12, 1), day(2026, 11, 30)).unwrap_err().code, "course-not-ended");
    }
}
