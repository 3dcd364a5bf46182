//! Public disclosure of community affairs (居务公开, 3B): each category has a frequency;
//! each period of it must be published within its days of grace, or it is overdue.

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use crate::Violation;

named_enum!(
    /// How often a category must be disclosed.
    Frequency {
        Monthly = "monthly",
        Quarterly = "quarterly",
        HalfYearly = "half_yearly",
        Yearly = "yearly",
        /// Once for every election the community holds, after its vote.
        PerElection = "per_election",
    }
);

named_enum!(
    /// Where a period of a category stands.
    DisclosureStatus {
        /// The period has not ended yet.
        Upcoming = "upcoming",
        /// Ended, within its days of grace, not published.
        Due = "due",
        /// Past its days of grace and not published: the township is alerted.
        Overdue = "overdue",
        Published = "published",
        /// Published after its days of grace.
        PublishedLate = "published_late",
    }
);

/// One period a category must be disclosed for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Period {
    /// `2026-11`, `2026-Q3`, `2026-H2`, `2026`, or `E12` for election 12.
    pub key: String,
    pub ends: NaiveDate,
    /// The last day to publish it.
    pub due: NaiveDate,
}

fn month_end(year: i32, month: u32) -> Option<NaiveDate> {
    let (y, m) = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
    NaiveDate::from_ymd_opt(y, m, 1).map(|first| first - Duration::days(1))
}

fn period(key: String, year: i32, last_month: u32, grace_days: i64) -> Option<Period> {
    let ends = month_end(year, last_month)?;
    Some(Period { key, ends, due: ends + Duration::days(grace_days) })
}

/// The periods of a calendar frequency in one year (none for per-election categories).
pub fn periods_in_year(frequency: Frequency, year: i32, grace_days: i64) -> Vec<Period> {
    let (count, months, label): (u32, u32, fn(i32, u32) -> String) = match frequency {
        Frequency::Monthly => (12, 1, |y, n| format!("{y}-{n:02}")),
        Frequency::Quarterly => (4, 3, |y, n| format!("{y}-Q{n}")),
        Frequency::HalfYearly => (2, 6, |y, n| format!("{y}-H{n}")),
        Frequency::Yearly => (1, 12, |y, _| format!("{y}")),
        Frequency::PerElection => return Vec::new(),
    };
    (1..=count).filter_map(|n| period(label(year, n), year, n * months, grace_days)).collect()
}

/// The period of an election's results: due the days of grace after the vote.
pub fn election_period(election_id: i64, vote_date: NaiveDate, grace_days: i64) -> Period {
    Period { key: format!("E{election_id}"), ends: vote_date, due: vote_date + Duration::days(grace_days) }
}

/// Reads a calendar period key of a frequency (per-election keys are checked against the
/// community's elections by the caller).
pub fn parse_period(frequency: Frequency, key: &str, grace_days: i64) -> Result<Period, Violation> {
    let key = key.trim();
    let year: Option<i32> = key.get(..4).and_then(|y| y.parse().ok()).filter(|y| (2000..=2100).contains(y));
    let found = year.and_then(|y| periods_in_year(frequency, y, grace_days).into_iter().find(|p| p.key == key));
    found.ok_or_else(|| Violation::new("disclosure-period-unknown").with("frequency", frequency.as_str()))
}

/// Where a period stands today, given when (if ever) it was published.
pub fn status(period: &Period, published_on: Option<NaiveDate>, today: NaiveDate) -> DisclosureStatus {
    match published_on {
        Some(day) if day > period.due => DisclosureStatus::PublishedLate,
        Some(_) => DisclosureStatus::Published,
        None if today <= period.ends => DisclosureStatus::Upcoming,
        None if today <= period.due => DisclosureStatus::Due,
        None => DisclosureStatus::Overdue,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn periods_end_on_the_last_day_and_fall_due_after_the_grace() {
        let months = periods_in_year(Frequency::Monthly, 2024, 10);
        assert_eq!(months.len(), 12);
        assert_eq!((months[1].key.as_str(), months[1].ends), ("2024-02", day(2024, 2, 29)));
        assert_eq!(months[11].due, day(2025, 1, 10));
        let quarters = periods_in_year(Frequency::Quarterly, 2026, 10);
        assert_eq!(
            (quarters[2].key.as_str(), quarters[2].ends, quarters[2].due),
            ("2026-Q3", day(2026, 9, 30), day(2026, 10, 10))
        );
        assert_eq!(periods_in_year(Frequency::HalfYearly, 2026, 0)[0].ends, day(2026, 6, 30));
        assert_eq!(periods_in_year(Frequency::Yearly, 2026, 30)[0].due, day(2027, 1, 30));
        assert!(periods_in_year(Frequency::PerElection, 2026, 7).is_empty());
    }

    #[test]
    fn the_day_after_the_grace_is_overdue() {
        let q3 = parse_period(Frequency::Quarterly, "2026-Q3", 10).unwrap();
        assert_eq!(status(&q3, None, day(2026, 9, 30)), DisclosureStatus::Upcoming);
        assert_eq!(status(&q3, None, day(2026, 10, 1)), DisclosureStatus::Due);
        assert_eq!(status(&q3, None, day(2026, 10, 10)), DisclosureStatus::Due);
        assert_eq!(status(&q3, None, day(2026, 10, 11)), DisclosureStatus::Overdue);
        assert_eq!(status(&q3, Some(day(2026, 10, 10)), day(2027, 1, 1)), DisclosureStatus::Published);
        assert_eq!(status(&q3, Some(day(2026, 10, 11)), day(2027, 1, 1)), DisclosureStatus::PublishedLate);
    }

    #[test]
    fn a_period_key_must_belong_to_the_frequency() {
        assert!(parse_period(Frequency::Monthly, "2026-11", 10).is_ok());
        assert!(parse_period(Frequency::Monthly, "2026-13", 10).is_err());
        assert!(parse_period(Frequency::Quarterly, "2026-11", 10).is_err());
        assert!(parse_period(Frequency::Yearly, "1999", 10).is_err());
        assert_eq!(election_period(12, day(2026, 12, 20), 7).due, day(2026, 12, 27));
    }
}
