//! Continuing education (5C): hours per registration period, to the half hour, against
//! the level's requirement; a completed social-work degree counts once, in its period.

use chrono::NaiveDate;

use super::registration::Period;
use super::{CertificateLevel, SocialWorkRules};
use crate::Violation;

/// The longest single training record, in hours: more is a typing error.
pub const MAX_HOURS_PER_RECORD: f64 = 300.0;

/// Hours of a training record as typed (a number, halves allowed) into minutes.
pub fn parse_hours(hours: f64) -> Result<u32, Violation> {
    parse_hours_up_to(hours, MAX_HOURS_PER_RECORD)
}

/// Hours as typed into minutes: above zero, at most `max`, to the half hour.
pub fn parse_hours_up_to(hours: f64, max: f64) -> Result<u32, Violation> {
    if !hours.is_finite() || hours <= 0.0 {
        return Err(Violation::new("hours-positive"));
    }
    if hours > max {
        return Err(Violation::new("hours-too-many").with("max", max));
    }
    let halves = hours * 2.0;
    if halves.fract() != 0.0 {
        return Err(Violation::new("hours-half"));
    }
    // Bounded above, so the cast is exact.
    Ok(halves as u32 * 30)
}

/// Minutes shown as hours: 4290 → 71.5.
pub fn hours(minutes: u32) -> f64 {
    f64::from(minutes) / 60.0
}

/// Where a social worker stands in one registration period.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Progress {
    pub period: Period,
    pub minutes: u32,
    pub required_minutes: u32,
}

impl Progress {
    pub fn met(&self) -> bool {
        self.minutes >= self.required_minutes
    }

    pub fn shortfall_minutes(&self) -> u32 {
        self.required_minutes.saturating_sub(self.minutes)
    }

    /// Renewal needs the period's hours; refused with the shortfall otherwise.
    pub fn check_for_renewal(&self) -> Result<(), Violation> {
        if self.met() {
            Ok(())
        } else {
            Err(Violation::new("education-short")
                .with("hours", hours(self.minutes))
                .with("required", hours(self.required_minutes))
                .with("shortfall", hours(self.shortfall_minutes())))
        }
    }
}

/// The period's continuing education: training completed within it, plus the degree's
/// hours when the degree was completed within it.
pub fn progress(
    rules: &SocialWorkRules,
    level: CertificateLevel,
    period: Period,
    trainings: &[(NaiveDate, u32)],
    social_work_degree_on: Option<NaiveDate>,
) -> Progress {
    let trained: u32 = trainings.iter().filter(|(on, _)| period.contains(*on)).map(|(_, minutes)| minutes).sum();
    let degree = social_work_degree_on.filter(|on| period.contains(*on)).map_or(0, |_| rules.degree_minutes);
    Progress { period, minutes: trained + degree, required_minutes: rules.required_minutes(level) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn period() -> Period {
        Period::starting(&SocialWorkRules::default(), day(2024, 3, 1))
    }

    fn with(level: CertificateLevel, hours: f64) -> Progress {
        let rules = SocialWorkRules::default();
        progress(&rules, level, period(), &[(day(2025, 1, 1), parse_hours(hours).unwrap())], None)
    }

    #[test]
    fn hours_are_counted_to_the_half_hour() {
        assert_eq!(parse_hours(1.5), Ok(90));
        assert_eq!(parse_hours(0.5), Ok(30));
        assert_eq!(parse_hours(300.0), Ok(18_000));
        assert_eq!(parse_hours(1.25).unwrap_err().code, "hours-half");
        assert_eq!(parse_hours(0.0).unwrap_err().code, "hours-positive");
        assert_eq!(parse_hours(-2.0).unwrap_err().code, "hours-positive");
        assert_eq!(parse_hours(f64::NAN).unwrap_err().code, "hours-positive");
        assert_eq!(parse_hours(300.5).unwrap_err().code, "hours-too-many");
    }

    #[test]
    fn an_assistant_with_71_and_a_half_hours_falls_short_by_half_an_hour_and_72_meets_it() {
        let short = with(CertificateLevel::Assistant, 71.5);
        assert!(!short.met());
        let refused = short.check_for_renewal().unwrap_err();
        assert_eq!((refused.code, refused.arg("shortfall")), ("education-short", Some("0.5")));
        assert!(with(CertificateLevel::Assistant, 72.0).met());
        assert!(with(CertificateLevel::Assistant, 72.0).check_for_renewal().is_ok());
    }

    #[test]
    fn an_intermediate_or_senior_worker_needs_90_hours_not_89_and_a_half() {
        for level in [CertificateLevel::Intermediate, CertificateLevel::Senior] {
            assert!(!with(level, 89.5).met(), "{level:?}");
            assert!(with(level, 90.0).met(), "{level:?}");
        }
    }

    #[test]
    fn training_outside_the_period_does_not_count() {
        let rules = SocialWorkRules::default();
        let p = period();
        let trainings =
            [(day(2024, 2, 29), 600), (day(2024, 3, 1), 60), (day(2027, 2, 28), 60), (day(2027, 3, 1), 600)];
        assert_eq!(progress(&rules, CertificateLevel::Assistant, p, &trainings, None).minutes, 120);
    }

    #[test]
    fn a_social_work_degree_counts_90_hours_once_in_the_period_it_was_completed() {
        let rules = SocialWorkRules::default();
        let p = period();
        let inside = progress(&rules, CertificateLevel::Senior, p, &[], Some(day(2025, 7, 1)));
        assert_eq!(inside.minutes, 90 * 60);
        assert!(inside.met());
        let next = Period::starting(&rules, p.expires_on());
        assert_eq!(progress(&rules, CertificateLevel::Senior, next, &[], Some(day(2025, 7, 1))).minutes, 0);
    }
}
