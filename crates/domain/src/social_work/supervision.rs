//! Supervision (督导, 5C): who may supervise on a given day, the dates a relation and its
//! sessions keep to, the per-region ratio of workers to one supervisor and the coverage
//! figures. RULES.md: supervisors are senior social workers (or pool experts); the ratio
//! is a setting per region, 1:40 by default.

use chrono::NaiveDate;

use super::{CertificateLevel, ServiceField};
use crate::Violation;
use crate::date::required_day;

named_enum! {
    /// The level that admitted an expert to the pool.
    ExpertLevel {
        City = "city",
        Provincial = "provincial",
        National = "national",
    }
}

named_enum! {
    /// How a supervision session was held.
    SessionForm {
        Individual = "individual",
        Group = "group",
    }
}

/// Supervisees one supervisor may have where no region sets its own ratio (Shenzhen's 1:40).
pub const DEFAULT_WORKERS_PER_SUPERVISOR: u32 = 40;

/// The highest ratio a region may set: beyond it supervision is a name only.
pub const MAX_WORKERS_PER_SUPERVISOR: u32 = 200;

/// The longest single session, in hours: more is a typing error.
pub const MAX_SESSION_HOURS: f64 = 12.0;

/// A ratio as typed: a whole number of workers per supervisor, from 1 to the maximum.
pub fn parse_ratio(workers: Option<i64>) -> Result<u32, Violation> {
    let workers = workers.ok_or(Violation::new("required"))?;
    u32::try_from(workers)
        .ok()
        .filter(|w| (1..=MAX_WORKERS_PER_SUPERVISOR).contains(w))
        .ok_or(Violation::new("supervision-ratio-range").with("max", MAX_WORKERS_PER_SUPERVISOR))
}

/// Whether a supervisor with `supervisees` current supervisees exceeds the ratio; exactly
/// at the ratio is allowed.
pub fn over_ratio(supervisees: usize, workers_per_supervisor: u32) -> bool {
    supervisees > workers_per_supervisor as usize
}

/// Days from `from` to `until`, both included; open-ended without `until`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
}

impl Span {
    /// A span whose end, if any, is not before its start.
    pub fn new(from: NaiveDate, until: Option<NaiveDate>) -> Result<Self, Violation> {
        match until {
            Some(end) if end < from => Err(Violation::new("date-before-start")),
            _ => Ok(Self { from, until }),
        }
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from <= day && self.until.is_none_or(|end| day <= end)
    }

    /// Whether the two spans share at least one day.
    pub fn overlaps(&self, other: &Span) -> bool {
        self.contains(other.from) || other.contains(self.from)
    }
}

/// A last day as typed (of a relation, of pool membership): not before `from`.
pub fn last_day(text: &str, from: NaiveDate) -> Result<NaiveDate, Violation> {
    let day = required_day(text)?;
    Span::new(from, Some(day)).map(|_| day)
}

/// What makes a social worker (or an external expert) a supervisor on a day.
#[derive(Debug, Clone, Default)]
pub struct Qualification {
    /// The supervisor's certificate (level, obtained on), if a social worker.
    pub certificate: Option<(CertificateLevel, NaiveDate)>,
    /// Spans in the expert pool.
    pub pool: Vec<Span>,
}

/// Whether the supervisor may start supervising on `starts_on`: a senior certificate held
/// that day, or membership of the expert pool that day.
pub fn check_supervisor(qualification: &Qualification, starts_on: NaiveDate) -> Result<(), Violation> {
    if qualification.pool.iter().any(|span| span.contains(starts_on)) {
        return Ok(());
    }
    match qualification.certificate {
        Some((CertificateLevel::Senior, obtained)) if obtained <= starts_on => Ok(()),
        Some((CertificateLevel::Senior, obtained)) => {
            Err(Violation::new("supervisor-certificate-later").with("date", obtained))
        }
        _ => Err(Violation::new("supervisor-not-senior")),
    }
}

/// A session must fall within its relation's dates.
pub fn check_session_day(relation: &Span, held_on: NaiveDate) -> Result<(), Violation> {
    if relation.contains(held_on) {
        Ok(())
    } else {
        Err(Violation::new("session-outside-supervision").with("date", relation.from))
    }
}

/// Service fields as typed: at least one, each one of the 14, duplicates dropped.
pub fn parse_fields(names: &[String]) -> Result<Vec<ServiceField>, Violation> {
    if names.is_empty() {
        return Err(Violation::new("required"));
    }
    let mut fields = Vec::new();
    for name in names {
        let field = ServiceField::parse(name.trim()).ok_or(Violation::new("unknown-choice").with("value", name))?;
        if !fields.contains(&field) {
            fields.push(field);
        }
    }
    Ok(fields)
}

/// The share of workers with a current supervisor, in whole percent rounded down (so
/// 99.9 % never shows as full coverage); none for a region with no workers.
pub fn coverage_percent(supervised: usize, workers: usize) -> Option<u32> {
    (workers > 0).then(|| u32::try_from(supervised * 100 / workers).unwrap_or(100))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn senior_from(obtained: NaiveDate) -> Qualification {
        Qualification { certificate: Some((CertificateLevel::Senior, obtained)), pool: vec![] }
    }

    #[test]
    fn a_supervisor_at_exactly_the_ratio_is_not_flagged_and_one_more_is() {
        assert!(!over_ratio(40, DEFAULT_WORKERS_PER_SUPERVISOR));
        assert!(over_ratio(41, DEFAULT_WORKERS_PER_SUPERVISOR));
        assert!(!over_ratio(3, 3));
        assert!(over_ratio(4, 3));
    }

    #[test]
    fn a_senior_certificate_obtained_on_the_start_day_qualifies_and_one_a_day_later_does_not() {
        let start = day(2025, 3, 1);
        assert!(check_supervisor(&senior_from(start), start).is_ok());
        let refused = check_supervisor(&senior_from(day(2025, 3, 2)), start).unwrap_err();
        assert_eq!((refused.code, refused.arg("date")), ("supervisor-certificate-later", Some("2025-03-02")));
    }

    #[test]
    fn an_intermediate_worker_or_one_without_a_certificate_is_not_a_supervisor() {
        let start = day(2025, 3, 1);
        let intermediate =
            Qualification { certificate: Some((CertificateLevel::Intermediate, day(2020, 1, 1))), pool: vec![] };
        assert_eq!(check_supervisor(&intermediate, start).unwrap_err().code, "supervisor-not-senior");
        assert_eq!(check_supervisor(&Qualification::default(), start).unwrap_err().code, "supervisor-not-senior");
    }

    #[test]
    fn an_expert_supervises_from_the_admission_day_to_the_leaving_day_inclusive() {
        let pool = |from, until| Qualification { certificate: None, pool: vec![Span { from, until }] };
        let admitted = day(2025, 3, 1);
        assert!(check_supervisor(&pool(admitted, None), admitted).is_ok());
        assert!(check_supervisor(&pool(admitted, None), day(2025, 2, 28)).is_err());
        assert!(check_supervisor(&pool(admitted, Some(day(2025, 6, 30))), day(2025, 6, 30)).is_ok());
        assert!(check_supervisor(&pool(admitted, Some(day(2025, 6, 30))), day(2025, 7, 1)).is_err());
    }

    #[test]
    fn a_span_may_end_on_its_start_day_but_not_before() {
        assert!(Span::new(day(2025, 3, 1), Some(day(2025, 3, 1))).is_ok());
        assert_eq!(Span::new(day(2025, 3, 1), Some(day(2025, 2, 28))).unwrap_err().code, "date-before-start");
    }

    #[test]
    fn a_session_falls_within_its_relation_both_ends_included() {
        let relation = Span::new(day(2025, 3, 1), Some(day(2025, 12, 31))).unwrap();
        assert!(check_session_day(&relation, day(2025, 3, 1)).is_ok());
        assert!(check_session_day(&relation, day(2025, 12, 31)).is_ok());
        assert_eq!(check_session_day(&relation, day(2025, 2, 28)).unwrap_err().code, "session-outside-supervision");
        assert!(check_session_day(&relation, day(2026, 1, 1)).is_err());
    }

    #[test]
    fn a_last_day_is_a_date_not_before_the_first() {
        let from = day(2025, 3, 1);
        assert_eq!(last_day("2025-03-01", from), Ok(from));
        assert_eq!(last_day("2025-02-28", from).unwrap_err().code, "date-before-start");
        assert_eq!(last_day("", from).unwrap_err().code, "required");
    }

    #[test]
    fn spans_overlap_when_they_share_a_day() {
        let first = Span::new(day(2025, 1, 1), Some(day(2025, 6, 30))).unwrap();
        assert!(first.overlaps(&Span::new(day(2025, 6, 30), None).unwrap()));
        assert!(!first.overlaps(&Span::new(day(2025, 7, 1), None).unwrap()));
        assert!(Span::new(day(2024, 1, 1), None).unwrap().overlaps(&first));
    }

    #[test]
    fn a_ratio_is_a_whole_number_from_1_to_200() {
        assert_eq!(parse_ratio(Some(1)), Ok(1));
        assert_eq!(parse_ratio(Some(200)), Ok(200));
        assert_eq!(parse_ratio(None).unwrap_err().code, "required");
        for bad in [0, -5, 201] {
            assert_eq!(parse_ratio(Some(bad)).unwrap_err().code, "supervision-ratio-range", "{bad}");
        }
    }

    #[test]
    fn fields_are_one_or_more_of_the_fourteen_without_repeats() {
        let names = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            parse_fields(&names(&["youth", " youth", "health"])),
            Ok(vec![ServiceField::Youth, ServiceField::Health])
        );
        assert_eq!(parse_fields(&[]).unwrap_err().code, "required");
        assert_eq!(parse_fields(&names(&["youth", "astrology"])).unwrap_err().code, "unknown-choice");
    }

    #[test]
    fn coverage_rounds_down_and_is_absent_without_workers() {
        assert_eq!(coverage_percent(0, 0), None);
        assert_eq!(coverage_percent(2, 3), Some(66));
        assert_eq!(coverage_percent(999, 1000), Some(99));
        assert_eq!(coverage_percent(4, 4), Some(100));
    }
}
