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
}
