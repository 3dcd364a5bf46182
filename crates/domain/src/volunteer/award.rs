//! The optional application and public-notice step for stars (RULES.md "Volunteers": a
//! region may require application, public notice and selection). Where a region requires
//! it, reaching a threshold only makes a volunteer eligible: they apply for a level their
//! confirmed hours reach, the office approves it to a public notice (公示) of N days from
//! the day of approval, anyone may object during the notice, and once the notice is over
//! and every objection answered the office confirms the award.

use chrono::{Days, NaiveDate};

use super::stars::StarThresholds;
use crate::Violation;

/// Whether a region's stars need an application, and how long the notice runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StarRule {
    pub requires_application: bool,
    pub notice_days: u32,
}

impl Default for StarRule {
    /// No application, as the national default; a notice of about seven days where one is
    /// required (the 149号 proof procedure's 公示).
    fn default() -> Self {
        Self { requires_application: false, notice_days: 7 }
    }
}

impl StarRule {
    /// The longest notice a region may set: a quarter, long enough for any office.
    pub const MAX_NOTICE_DAYS: u32 = 90;

    /// A rule as a region sets it: a notice of one day at least.
    pub fn new(requires_application: bool, notice_days: u32) -> Result<Self, Violation> {
        if !(1..=Self::MAX_NOTICE_DAYS).contains(&notice_days) {
            return Err(Violation::new("star-notice-days"));
        }
        Ok(Self { requires_application, notice_days })
    }

    /// The stars a volunteer shows: the level awarded where the region requires
    /// application, else the level the hours reach.
    pub fn stars(&self, eligible: u8, awarded: u8) -> u8 {
        if self.requires_application { awarded } else { eligible }
    }

    /// The last day of a notice that starts on `starts_on`: day one is the first day.
    pub fn notice_ends_on(&self, starts_on: NaiveDate) -> NaiveDate {
        starts_on.checked_add_days(Days::new(u64::from(self.notice_days.max(1) - 1))).unwrap_or(NaiveDate::MAX)
    }
}

/// Whether a volunteer may apply for `level`: one to five, above the level already
/// awarded, reached by the confirmed minutes, and no application of theirs still open.
pub fn check_application(
    level: u8,
    thresholds: &StarThresholds,
    minutes: u64,
    awarded: u8,
    open: bool,
) -> Result<(), Violation> {
    if !(1..=5).contains(&level) {
        return Err(Violation::new("star-level-range"));
    }
    if level <= awarded || open {
        return Err(Violation::new("star-level-taken"));
    }
    if thresholds.stars(minutes) < level {
        return Err(Violation::new("star-hours-short"));
    }
    Ok(())
}

/// Whether an objection may be lodged on `today`: through the notice's last day.
pub fn may_object(today: NaiveDate, ends_on: NaiveDate) -> Result<(), Violation> {
    if today > ends_on {
        return Err(Violation::new("star-notice-over"));
    }
    Ok(())
}

/// Whether the office may confirm the award on `today`: from the day after the notice's
/// last day, once every objection lodged has an answer.
pub fn may_award(today: NaiveDate, ends_on: NaiveDate, unanswered: usize) -> Result<(), Violation> {
    if today <= ends_on {
        return Err(Violation::new("star-notice-running"));
    }
    if unanswered > 0 {
        return Err(Violation::new("star-objection-unanswered"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
    }

    #[test]
    fn a_seven_day_notice_from_the_first_runs_through_the_seventh() {
        let rule = StarRule::new(true, 7).unwrap();
        assert_eq!(rule.notice_ends_on(day(1)), day(7));
        assert_eq!(StarRule::new(true, 1).unwrap().notice_ends_on(day(1)), day(1));
    }

    #[test]
    fn a_notice_runs_one_to_ninety_days() {
        assert_eq!(StarRule::new(true, 0).unwrap_err().code, "star-notice-days");
        assert_eq!(StarRule::new(true, 91).unwrap_err().code, "star-notice-days");
        assert!(StarRule::new(false, 90).is_ok());
        assert_eq!(StarRule::default(), StarRule { requires_application: false, notice_days: 7 });
    }

    #[test]
    fn without_application_the_hours_give_the_stars_and_with_it_the_award_does() {
        assert_eq!(StarRule::default().stars(3, 0), 3);
        assert_eq!(StarRule::new(true, 7).unwrap().stars(3, 1), 1);
    }

    #[test]
    fn exactly_100_hours_may_apply_for_one_star_and_one_minute_short_may_not() {
        let t = StarThresholds::default();
        assert_eq!(check_application(1, &t, 100 * 60, 0, false), Ok(()));
        assert_eq!(check_application(1, &t, 100 * 60 - 1, 0, false).unwrap_err().code, "star-hours-short");
        assert_eq!(check_application(2, &t, 300 * 60 - 1, 1, false).unwrap_err().code, "star-hours-short");
        assert_eq!(check_application(3, &t, 600 * 60, 0, false), Ok(()), "a level may be skipped");
    }

    #[test]
    fn a_level_awarded_or_applied_for_already_is_refused() {
        let t = StarThresholds::default();
        assert_eq!(check_application(1, &t, 400 * 60, 1, false).unwrap_err().code, "star-level-taken");
        assert_eq!(check_application(2, &t, 400 * 60, 1, true).unwrap_err().code, "star-level-taken");
        assert_eq!(check_application(2, &t, 400 * 60, 1, false), Ok(()));
        assert_eq!(check_application(0, &t, 400 * 60, 0, false).unwrap_err().code, "star-level-range");
        assert_eq!(check_application(6, &t, 4000 * 60, 5, false).unwrap_err().code, "star-level-range");
    }

    #[test]
    fn an_objection_is_taken_on_the_last_day_of_the_notice_and_not_the_day_after() {
        assert_eq!(may_object(day(7), day(7)), Ok(()));
        assert_eq!(may_object(day(8), day(7)).unwrap_err().code, "star-notice-over");
    }

    #[test]
    fn the_award_is_confirmed_from_the_day_after_the_notice_with_every_objection_answered() {
        assert_eq!(may_award(day(7), day(7), 0).unwrap_err().code, "star-notice-running");
        assert_eq!(may_award(day(8), day(7), 0), Ok(()));
        assert_eq!(may_award(day(8), day(7), 1).unwrap_err().code, "star-objection-unanswered");
    }
}
