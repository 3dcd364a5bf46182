//! Service time: actual service (travel excluded) in whole minutes. Timed service (a
//! check-in and check-out) never overlaps another span of the same volunteer; service
//! recorded by the day only (an organiser's entry, an import) has no times to overlap,
//! so every day is also held to 24 hours in all.

use chrono::{Duration, NaiveDate, NaiveDateTime};

use crate::Violation;

/// The most service one day can hold, in minutes.
pub const DAY_MINUTES: i64 = 24 * 60;

/// A span of timed service, start inclusive, end exclusive (local time).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
}

impl Span {
    pub fn minutes(&self) -> i64 {
        (self.end - self.start).num_minutes()
    }

    fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// Minutes of this span on the calendar day `day`.
    fn minutes_on(&self, day: NaiveDate) -> i64 {
        let from = day.and_time(chrono::NaiveTime::MIN);
        let (start, end) = (self.start.max(from), self.end.min(from + Duration::days(1)));
        if end > start { (end - start).num_minutes() } else { 0 }
    }
}

/// A volunteer's service as recorded: timed spans, and minutes recorded by the day.
#[derive(Debug, Clone, Default)]
pub struct Recorded {
    pub spans: Vec<Span>,
    pub dated: Vec<(NaiveDate, i64)>,
}

impl Recorded {
    fn minutes_on(&self, day: NaiveDate) -> i64 {
        let timed: i64 = self.spans.iter().map(|s| s.minutes_on(day)).sum();
        timed + self.dated.iter().filter(|(d, _)| *d == day).map(|(_, m)| m).sum::<i64>()
    }

    fn check_day(&self, day: NaiveDate, adding: i64) -> Result<(), Violation> {
        if self.minutes_on(day) + adding > DAY_MINUTES {
            Err(Violation::new("service-over-a-day").with("date", day))
        } else {
            Ok(())
        }
    }

    /// Whether timed service may be added: it ends after it starts, overlaps no recorded
    /// span, and leaves no day it touches over 24 hours.
    pub fn check_span(&self, new: &Span) -> Result<(), Violation> {
        if new.end <= new.start {
            return Err(Violation::new("date-before-start"));
        }
        if let Some(clash) = self.spans.iter().find(|r| r.overlaps(new)) {
            return Err(Violation::new("service-overlaps").with("start", clash.start).with("end", clash.end));
        }
        let mut day = new.start.date();
        while day <= new.end.date() {
            self.check_day(day, new.minutes_on(day))?;
            day = day.succ_opt().unwrap_or(NaiveDate::MAX);
        }
        Ok(())
    }

    /// Whether minutes recorded by the day may be added: at least one, and the day stays
    /// within 24 hours.
    pub fn check_dated(&self, day: NaiveDate, minutes: i64) -> Result<(), Violation> {
        if minutes <= 0 {
            return Err(Violation::new("minutes-positive"));
        }
        self.check_day(day, minutes)
    }
}

/// Each volunteer's minutes per day, for checking many entries at once (an import of a
/// million rows cannot rescan a volunteer's service for each of them).
#[derive(Debug, Default)]
pub struct DayTotals {
    minutes: std::collections::HashMap<(i64, NaiveDate), i64>,
}

impl DayTotals {
    /// Counts a volunteer's recorded service: timed service on each day it touches.
    pub fn add_recorded(&mut self, volunteer: i64, recorded: &Recorded) {
        for span in &recorded.spans {
            let mut day = span.start.date();
            while day <= span.end.date() {
                *self.minutes.entry((volunteer, day)).or_default() += span.minutes_on(day);
                day = day.succ_opt().unwrap_or(NaiveDate::MAX);
            }
        }
        for (day, minutes) in &recorded.dated {
            *self.minutes.entry((volunteer, *day)).or_default() += minutes;
        }
    }

    /// Adds `minutes` of service on `day` unless the day would then hold more than 24 hours.
    pub fn take(&mut self, volunteer: i64, day: NaiveDate, minutes: i64) -> Result<(), Violation> {
        if minutes <= 0 {
            return Err(Violation::new("minutes-positive"));
        }
        let total = self.minutes.entry((volunteer, day)).or_default();
        if *total + minutes > DAY_MINUTES {
            return Err(Violation::new("service-over-a-day").with("date", day));
        }
        *total += minutes;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    fn at(d: u32, h: u32, m: u32) -> NaiveDateTime {
        day(d).and_hms_opt(h, m, 0).unwrap()
    }

    fn span(a: NaiveDateTime, b: NaiveDateTime) -> Span {
        Span { start: a, end: b }
    }

    #[test]
    fn overlapping_service_is_refused_and_touching_service_is_not() {
        let recorded = Recorded { spans: vec![span(at(3, 9, 0), at(3, 12, 0))], dated: vec![] };
        assert_eq!(recorded.check_span(&span(at(3, 11, 59), at(3, 14, 0))).unwrap_err().code, "service-overlaps");
        assert_eq!(recorded.check_span(&span(at(3, 8, 0), at(3, 13, 0))).unwrap_err().code, "service-overlaps");
        assert!(recorded.check_span(&span(at(3, 12, 0), at(3, 14, 0))).is_ok());
        assert!(recorded.check_span(&span(at(3, 7, 0), at(3, 9, 0))).is_ok());
    }

    #[test]
    fn a_day_holds_24_hours_and_not_a_minute_more() {
        let empty = Recorded::default();
        assert!(empty.check_dated(day(3), DAY_MINUTES).is_ok());
        assert_eq!(empty.check_dated(day(3), DAY_MINUTES + 1).unwrap_err().code, "service-over-a-day");
        let worked = Recorded { spans: vec![span(at(3, 9, 0), at(3, 10, 0))], dated: vec![(day(3), 600)] };
        assert!(worked.check_dated(day(3), DAY_MINUTES - 660).is_ok());
        let over = worked.check_dated(day(3), DAY_MINUTES - 659).unwrap_err();
        assert_eq!((over.code, over.arg("date")), ("service-over-a-day", Some("2026-11-03")));
        assert!(worked.check_dated(day(4), DAY_MINUTES).is_ok(), "the next day is its own");
    }

    #[test]
    fn timed_service_over_midnight_counts_on_each_day_it_touches() {
        let full = Recorded { spans: vec![], dated: vec![(day(4), DAY_MINUTES - 60)] };
        assert!(full.check_span(&span(at(3, 22, 0), at(4, 1, 0))).is_ok());
        assert_eq!(full.check_span(&span(at(3, 22, 0), at(4, 1, 1))).unwrap_err().code, "service-over-a-day");
    }

    #[test]
    fn a_span_ending_when_it_starts_and_no_minutes_are_refused() {
        let empty = Recorded::default();
        assert_eq!(empty.check_span(&span(at(3, 9, 0), at(3, 9, 0))).unwrap_err().code, "date-before-start");
        assert_eq!(empty.check_dated(day(3), 0).unwrap_err().code, "minutes-positive");
    }

    #[test]
    fn day_totals_take_service_up_to_24_hours_a_day_counting_what_is_recorded() {
        let recorded = Recorded { spans: vec![span(at(3, 22, 0), at(4, 1, 0))], dated: vec![(day(4), 600)] };
        let mut totals = DayTotals::default();
        totals.add_recorded(7, &recorded);
        // Day 4 holds 60 timed minutes and 600 dated ones.
        assert!(totals.take(7, day(4), DAY_MINUTES - 661).is_ok());
        assert_eq!(totals.take(7, day(4), 2).unwrap_err().code, "service-over-a-day");
        assert!(totals.take(7, day(4), 1).is_ok(), "the refused entry was not counted");
        assert_eq!(totals.take(7, day(4), 1).unwrap_err().arg("date"), Some("2026-11-04"));
        assert!(totals.take(7, day(3), DAY_MINUTES - 120).is_ok(), "day 3 holds the span's first 120 minutes");
        assert_eq!(totals.take(7, day(3), 1).unwrap_err().code, "service-over-a-day");
        assert!(totals.take(8, day(4), DAY_MINUTES).is_ok(), "another volunteer's day is their own");
        assert_eq!(totals.take(8, day(5), 0).unwrap_err().code, "minutes-positive");
    }
}
