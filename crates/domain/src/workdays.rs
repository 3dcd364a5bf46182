//! Working days (工作日) as Chinese offices count them: Monday to Friday, except the public
//! holidays the State Council announces each year, plus the weekend days it swaps in as
//! working days (调休). Deadlines in working days ("within 5 working days") are counted on
//! this calendar, never on a plain week.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, Weekday};

/// The State Council's holiday arrangements (国务院办公厅关于部分节假日安排的通知) for the
/// years shipped: each listed day is off (`false`) or a swapped-in working day (`true`);
/// weekend days inside a holiday are off anyway and not listed. Later years are entered by
/// the operator when the notice is published (each November).
const NATIONAL: &[(&str, &[&str], &[&str])] = &[
    (
        "2024",
        &[
            "2024-01-01",
            "2024-02-12",
            "2024-02-13",
            "2024-02-14",
            "2024-02-15",
            "2024-02-16",
            "2024-04-04",
            "2024-04-05",
            "2024-05-01",
            "2024-05-02",
            "2024-05-03",
            "2024-06-10",
            "2024-09-16",
            "2024-09-17",
            "2024-10-01",
            "2024-10-02",
            "2024-10-03",
            "2024-10-04",
            "2024-10-07",
        ],
        &[
            "2024-02-04",
            "2024-02-18",
            "2024-04-07",
            "2024-04-28",
            "2024-05-11",
            "2024-09-14",
            "2024-09-29",
            "2024-10-12",
        ],
    ),
    (
        "2025",
        &[
            "2025-01-01",
            "2025-01-28",
            "2025-01-29",
            "2025-01-30",
            "2025-01-31",
            "2025-02-03",
            "2025-02-04",
            "2025-04-04",
            "2025-05-01",
            "2025-05-02",
            "2025-05-05",
            "2025-06-02",
            "2025-10-01",
            "2025-10-02",
            "2025-10-03",
            "2025-10-06",
            "2025-10-07",
            "2025-10-08",
        ],
        &["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"],
    ),
    (
        "2026",
        &[
            "2026-01-01",
            "2026-01-02",
            "2026-02-16",
            "2026-02-17",
            "2026-02-18",
            "2026-02-19",
            "2026-02-20",
            "2026-02-23",
            "2026-04-06",
            "2026-05-01",
            "2026-05-04",
            "2026-05-05",
            "2026-06-19",
            "2026-09-25",
            "2026-10-01",
            "2026-10-02",
            "2026-10-05",
            "2026-10-06",
            "2026-10-07",
        ],
        &["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"],
    ),
];

/// The working-day calendar: the shipped national arrangements with the operator's entries
/// over them.
#[derive(Debug, Clone)]
pub struct WorkCalendar {
    /// Days whose status differs from the plain week: `true` a working weekend day, `false`
    /// a weekday off.
    adjusted: BTreeMap<NaiveDate, bool>,
    /// Years whose arrangement is known (shipped or entered).
    years: Vec<i32>,
}

impl WorkCalendar {
    /// The shipped national arrangements.
    pub fn national() -> Self {
        let mut calendar = WorkCalendar { adjusted: BTreeMap::new(), years: Vec::new() };
        for (year, off, on) in NATIONAL {
            let year = year.parse().expect("shipped year");
            let day = |text: &&str| NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("shipped day");
            calendar.set_year(year, off.iter().map(day).collect(), on.iter().map(day).collect());
        }
        calendar
    }

    /// Puts a year's arrangement in place of what was known of it: `off`, the weekdays
    /// off; `on`, the weekend days worked.
    pub fn set_year(&mut self, year: i32, off: Vec<NaiveDate>, on: Vec<NaiveDate>) {
        self.adjusted.retain(|day, _| day.year() != year);
        self.adjusted.extend(off.into_iter().filter(|d| d.year() == year).map(|d| (d, false)));
        self.adjusted.extend(on.into_iter().filter(|d| d.year() == year).map(|d| (d, true)));
        if !self.years.contains(&year) {
            self.years.push(year);
            self.years.sort_unstable();
        }
    }

    /// Whether the year's arrangement is known; outside it, deadlines are counted on the
    /// plain week and shown as provisional.
    pub fn knows(&self, year: i32) -> bool {
        self.years.contains(&year)
    }

    pub fn years(&self) -> &[i32] {
        &self.years
    }

    /// The weekdays off and the weekend days worked in `year`.
    pub fn year(&self, year: i32) -> (Vec<NaiveDate>, Vec<NaiveDate>) {
        let days = self.adjusted.iter().filter(|(d, _)| d.year() == year);
        let (on, off): (Vec<_>, Vec<_>) = days.partition(|(_, working)| **working);
        (off.into_iter().map(|(d, _)| *d).collect(), on.into_iter().map(|(d, _)| *d).collect())
    }

    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        self.adjusted.get(&day).copied().unwrap_or(!matches!(day.weekday(), Weekday::Sat | Weekday::Sun))
    }

    /// The last day of a period of `n` working days that starts the day after `from` (the
    /// day of the act itself does not count, as in 行政许可法 Art. 82).
    pub fn add_working_days(&self, from: NaiveDate, n: u32) -> NaiveDate {
        let mut day = from;
        let mut left = n;
        while left > 0 {
            day = day.succ_opt().unwrap_or(NaiveDate::MAX);
            if day == NaiveDate::MAX {
                break;
            }
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        day
    }

    /// Whether counting `n` working days from `from` crosses a year whose arrangement is
    /// not known.
    pub fn provisional(&self, from: NaiveDate, n: u32) -> bool {
        let end = self.add_working_days(from, n);
        (from.year()..=end.year()).any(|year| !self.knows(year))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn shipped_years_have_the_notices_holiday_counts() {
        // Each notice gives the days of rest; the weekdays off among them are what we list.
        let calendar = WorkCalendar::national();
        for (year, weekdays_off, weekends_worked) in [(2024, 19, 8), (2025, 18, 5), (2026, 19, 6)] {
            let (off, on) = calendar.year(year);
            assert_eq!((off.len(), on.len()), (weekdays_off, weekends_worked), "{year}");
            assert!(
                off.iter().all(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)),
                "{year}: a listed day off is a weekday"
            );
            assert!(
                on.iter().all(|d| matches!(d.weekday(), Weekday::Sat | Weekday::Sun)),
                "{year}: a swapped working day is a weekend day"
            );
        }
    }

    #[test]
    fn five_working_days_skip_weekends_holidays_and_count_swapped_saturdays() {
        let calendar = WorkCalendar::national();
        // A plain week: Monday 2025-03-03 → Monday 2025-03-10.
        assert_eq!(calendar.add_working_days(d("2025-03-03"), 5), d("2025-03-10"));
        // Before National Day 2025: from Friday 26 September, Sunday 28 (worked), Monday 29,
        // Tuesday 30, then 1–8 October off, Thursday 9 and Friday 10.
        assert_eq!(calendar.add_working_days(d("2025-09-26"), 5), d("2025-10-10"));
        // Spring Festival 2026: Friday 13 February, Saturday 14 worked, 16–23 off, then
        // Tuesday 24 to Friday 27.
        assert_eq!(calendar.add_working_days(d("2026-02-13"), 5), d("2026-02-27"));
        // A plain Mon–Fri count would have said 2026-02-20.
        assert!(calendar.is_working_day(d("2026-02-28")));
        assert!(!calendar.is_working_day(d("2026-02-23")));
    }

    #[test]
    fn an_unknown_year_counts_on_the_plain_week_and_says_so() {
        let mut calendar = WorkCalendar::national();
        assert!(!calendar.knows(2027));
        assert!(calendar.provisional(d("2026-12-28"), 5));
        assert!(!calendar.provisional(d("2026-12-01"), 5));
        // The operator enters 2027: 1 January off.
        calendar.set_year(2027, vec![d("2027-01-01")], vec![]);
        assert!(calendar.knows(2027));
        assert!(!calendar.provisional(d("2026-12-28"), 5));
        // 28 Dec (Mon) + 5: 29, 30, 31, (1 Jan off), 4, 5 → Tuesday 5 January.
        assert_eq!(calendar.add_working_days(d("2026-12-28"), 5), d("2027-01-05"));
        // Entering a year again replaces it.
        calendar.set_year(2027, vec![], vec![]);
        assert_eq!(calendar.add_working_days(d("2026-12-28"), 5), d("2027-01-04"));
    }
}
