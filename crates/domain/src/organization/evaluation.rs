//! Evaluation of social organisations, 1A–5A (社会组织评估管理办法, 民政部令第39号; 4D):
//! who may be evaluated, the score against an indicator system out of 1000, the grade by
//! the registrar's own cut-offs (data, per registrar and year), the notice period, and
//! the five years a grade is valid.

use std::collections::HashMap;

use chrono::{Datelike, Months, NaiveDate};

use super::inspection::Conclusion;
use crate::Violation;

named_enum! {
    /// Highest first.
    Grade {
        FiveA = "5A",
        FourA = "4A",
        ThreeA = "3A",
        TwoA = "2A",
        OneA = "1A",
    }
}

named_enum! {
    EvaluationStatus {
        /// Applied for, eligible; waiting for the experts' scores.
        Applied = "applied",
        Scored = "scored",
        /// Published; the organisation may ask for a review until the notice ends.
        Notice = "notice",
        ReviewRequested = "review_requested",
        /// The notice ended without a review: the grade (if any) is given.
        Granted = "granted",
    }
}

/// Years a grade is valid.
const VALID_YEARS: u32 = 5;
/// Full years of registration before a first evaluation.
const YEARS_BEFORE_FIRST: u32 = 2;
/// The most an indicator system may total.
pub const MAX_TOTAL: u32 = 1000;

/// One indicator of the system and the most it scores.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Indicator {
    pub code: String,
    pub name: String,
    pub max: u32,
}

/// A registrar's standard for a year: its indicators and the lowest score of each grade.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Standard {
    pub indicators: Vec<Indicator>,
    /// (grade, lowest score), every grade once, higher grades needing higher scores.
    pub cutoffs: Vec<(Grade, u32)>,
}

impl Standard {
    /// Checks the bounds: indicators with distinct codes and positive maxima totalling at
    /// most 1000; one cut-off per grade, within the total, strictly falling from 5A to 1A.
    pub fn check(&self) -> Result<(), Violation> {
        // Summed wide: maxima are typed in, and a few huge ones must not wrap around.
        let total: u64 = self.indicators.iter().map(|i| u64::from(i.max)).sum();
        if self.indicators.is_empty() || total > u64::from(MAX_TOTAL) || self.indicators.iter().any(|i| i.max == 0) {
            return Err(Violation::new("evaluation-indicators").with("max", MAX_TOTAL));
        }
        let mut codes: Vec<&str> = self.indicators.iter().map(|i| i.code.as_str()).collect();
        codes.sort_unstable();
        if codes.windows(2).any(|w| w[0] == w[1]) {
            return Err(Violation::new("evaluation-indicator-twice"));
        }
        let mut cutoffs = self.cutoffs.clone();
        cutoffs.sort_by_key(|(grade, _)| Grade::ALL.iter().position(|g| g == grade));
        let grades: Vec<Grade> = cutoffs.iter().map(|(g, _)| *g).collect();
        let falling = cutoffs.windows(2).all(|w| w[0].1 > w[1].1);
        if grades != Grade::ALL || !falling || cutoffs.iter().any(|(_, min)| u64::from(*min) > total) {
            return Err(Violation::new("evaluation-cutoffs").with("total", total));
        }
        Ok(())
    }

    /// The total of the experts' scores per indicator code: every indicator scored once,
    /// none above its maximum, no unknown code.
    pub fn total(&self, scores: &HashMap<String, u32>) -> Result<u32, Violation> {
        if let Some(unknown) = scores.keys().find(|code| !self.indicators.iter().any(|i| &i.code == *code)) {
            return Err(Violation::new("evaluation-indicator-unknown").with("code", unknown));
        }
        let mut total = 0;
        for indicator in &self.indicators {
            let score = *scores
                .get(&indicator.code)
                .ok_or_else(|| Violation::new("evaluation-indicator-unscored").with("code", &indicator.code))?;
            if score > indicator.max {
                return Err(Violation::new("evaluation-score-above-max")
                    .with("code", &indicator.code)
                    .with("max", indicator.max));
            }
            total += score;
        }
        Ok(total)
    }

    /// The grade a total earns: the highest whose cut-off it reaches; none below 1A's.
    pub fn grade(&self, total: u32) -> Option<Grade> {
        Grade::ALL.iter().copied().find(|grade| self.cutoffs.iter().any(|(g, min)| g == grade && total >= *min))
    }
}

/// What eligibility depends on, as of the day of the application.
#[derive(Debug, Clone, Default)]
pub struct Record {
    pub registered_on: Option<NaiveDate>,
    /// The expiry of the grade last given, if any.
    pub grade_expires_on: Option<NaiveDate>,
    /// Each year's inspection: `None` for a report filed and not yet concluded.
    pub inspections: HashMap<i32, Option<Conclusion>>,
    /// Each report year's due date.
    pub due: HashMap<i32, NaiveDate>,
    pub penalised_last_year: bool,
    pub under_investigation: bool,
    /// On the abnormal-activity or the serious list today.
    pub listed: bool,
}

/// The report year whose inspection counts on `today` as "last year's": last year's once
/// it is filed or its due date has passed, before that the year before's.
pub fn inspection_year_judged(record: &Record, today: NaiveDate) -> i32 {
    let last = today.year() - 1;
    let filed = record.inspections.contains_key(&last);
    let due_passed = record.due.get(&last).is_some_and(|due| *due < today);
    if filed || due_passed { last } else { last - 1 }
}

/// Whether an organisation may be evaluated on `today`, or the first reason it may not.
pub fn eligibility(record: &Record, today: NaiveDate) -> Result<(), Violation> {
    let registered = record.registered_on.ok_or_else(|| Violation::new("evaluation-too-young"))?;
    match record.grade_expires_on {
        Some(expires) if today <= expires => {
            return Err(Violation::new("evaluation-grade-in-force").with("until", expires));
        }
        Some(_) => {}
        None => {
            let eligible_from = registered.checked_add_months(Months::new(12 * YEARS_BEFORE_FIRST));
            if eligible_from.is_none_or(|from| today < from) {
                return Err(Violation::new("evaluation-too-young").with("years", YEARS_BEFORE_FIRST));
            }
        }
    }
    // A report that was due and not filed, or failed; not one still within its time.
    let last = inspection_year_judged(record, today);
    match record.inspections.get(&last) {
        None | Some(Some(Conclusion::Unqualified)) => {
            return Err(Violation::new("evaluation-inspection-last-year").with("year", last));
        }
        _ => {}
    }
    let basically = |year: i32| record.inspections.get(&year) == Some(&Some(Conclusion::BasicallyQualified));
    if basically(last) && basically(last - 1) {
        return Err(Violation::new("evaluation-basically-qualified-twice"));
    }
    if record.penalised_last_year {
        return Err(Violation::new("evaluation-penalised"));
    }
    if record.under_investigation {
        return Err(Violation::new("evaluation-under-investigation"));
    }
    if record.listed {
        return Err(Violation::new("evaluation-listed"));
    }
    Ok(())
}

/// The last day a grade given on `granted_on` is valid: the day before the same date five
/// years on (given on 1 March 2023, valid through 29 February 2028). A grade given on
/// 29 February, whose date does not recur, runs to 28 February.
pub fn valid_until(granted_on: NaiveDate) -> Option<NaiveDate> {
    let years = i32::try_from(VALID_YEARS).ok()?;
    let same_date = granted_on
        .with_year(granted_on.year() + years)
        .or_else(|| NaiveDate::from_ymd_opt(granted_on.year() + years, 3, 1))?;
    same_date.pred_opt()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn standard(five_a: u32) -> Standard {
        let indicators = [("basics", 60), ("governance", 400), ("work", 440), ("assessment", 100)]
            .map(|(code, max)| Indicator { code: code.into(), name: code.into(), max })
            .to_vec();
        let cutoffs = vec![
            (Grade::FiveA, five_a),
            (Grade::FourA, 850),
            (Grade::ThreeA, 700),
            (Grade::TwoA, 600),
            (Grade::OneA, 500),
        ];
        Standard { indicators, cutoffs }
    }

    fn scores(values: [u32; 4]) -> HashMap<String, u32> {
        ["basics", "governance", "work", "assessment"].iter().map(|c| c.to_string()).zip(values).collect()
    }

    #[test]
    fn cutoffs_are_the_registrars_own_so_one_score_earns_different_grades() {
        let strict = standard(950);
        let lenient = standard(900);
        assert!(strict.check().is_ok() && lenient.check().is_ok());
        let total = strict.total(&scores([58, 380, 420, 62])).unwrap();
        assert_eq!(total, 920);
        assert_eq!(strict.grade(total), Some(Grade::FourA));
        assert_eq!(lenient.grade(total), Some(Grade::FiveA));
        assert_eq!(strict.grade(950), Some(Grade::FiveA), "a cut-off is reached at equality");
        assert_eq!(strict.grade(499), None, "below 1A, no grade");
    }

    #[test]
    fn scores_must_cover_every_indicator_within_its_maximum() {
        let s = standard(950);
        assert_eq!(s.total(&scores([61, 0, 0, 0])).unwrap_err().code, "evaluation-score-above-max");
        let mut missing = scores([1, 1, 1, 1]);
        missing.remove("work");
        assert_eq!(s.total(&missing).unwrap_err().code, "evaluation-indicator-unscored");
        let mut extra = scores([1, 1, 1, 1]);
        extra.insert("charm".into(), 5);
        assert_eq!(s.total(&extra).unwrap_err().code, "evaluation-indicator-unknown");
    }

    #[test]
    fn standards_out_of_bounds_are_refused() {
        let mut over = standard(950);
        over.indicators[0].max = 61;
        assert_eq!(over.check().unwrap_err().code, "evaluation-indicators");
        let mut wrapping = standard(950);
        wrapping.indicators[0].max = u32::MAX;
        wrapping.indicators[1].max = 2;
        assert_eq!(wrapping.check().unwrap_err().code, "evaluation-indicators", "no wrap-around to a small total");
        let mut rising = standard(950);
        rising.cutoffs[1].1 = 960;
        assert_eq!(rising.check().unwrap_err().code, "evaluation-cutoffs");
        let mut missing = standard(950);
        missing.cutoffs.pop();
        assert_eq!(missing.check().unwrap_err().code, "evaluation-cutoffs");
        let mut twice = standard(950);
        twice.indicators[1].code = "basics".into();
        assert_eq!(twice.check().unwrap_err().code, "evaluation-indicator-twice");
    }

    fn clean(registered: &str) -> Record {
        Record {
            registered_on: Some(day(registered)),
            inspections: HashMap::from([(2025, Some(Conclusion::Qualified)), (2024, Some(Conclusion::Qualified))]),
            due: HashMap::from([(2024, day("2025-05-31")), (2025, day("2026-05-31"))]),
            ..Record::default()
        }
    }

    #[test]
    fn two_full_years_of_registration_come_first() {
        let today = day("2026-11-27");
        assert!(eligibility(&clean("2024-11-27"), today).is_ok());
        assert_eq!(eligibility(&clean("2024-11-28"), today).unwrap_err().code, "evaluation-too-young");
    }

    #[test]
    fn a_grade_in_force_waits_for_its_expiry() {
        let today = day("2026-11-27");
        let mut graded = clean("2010-01-01");
        graded.grade_expires_on = valid_until(day("2021-11-28"));
        assert_eq!(graded.grade_expires_on, Some(day("2026-11-27")));
        assert_eq!(eligibility(&graded, today).unwrap_err().code, "evaluation-grade-in-force");
        assert!(eligibility(&graded, day("2026-11-28")).is_ok(), "the day after expiry");
    }

    #[test]
    fn last_years_inspection_must_be_filed_and_passed() {
        let today = day("2026-11-27");
        let mut skipped = clean("2010-01-01");
        skipped.inspections.remove(&2025);
        assert_eq!(eligibility(&skipped, today).unwrap_err().code, "evaluation-inspection-last-year");
        let mut failed = clean("2010-01-01");
        failed.inspections.insert(2025, Some(Conclusion::Unqualified));
        assert_eq!(eligibility(&failed, today).unwrap_err().code, "evaluation-inspection-last-year");
        let mut pending = clean("2010-01-01");
        pending.inspections.insert(2025, None);
        assert!(eligibility(&pending, today).is_ok(), "filed, not yet concluded");
    }

    #[test]
    fn basically_qualified_twice_running_penalties_and_investigations_refuse() {
        let today = day("2026-11-27");
        let mut twice = clean("2010-01-01");
        twice.inspections.insert(2025, Some(Conclusion::BasicallyQualified));
        let once = twice.clone();
        assert!(eligibility(&once, today).is_ok(), "once is not twice");
        twice.inspections.insert(2024, Some(Conclusion::BasicallyQualified));
        assert_eq!(eligibility(&twice, today).unwrap_err().code, "evaluation-basically-qualified-twice");
        let penalised = Record { penalised_last_year: true, ..clean("2010-01-01") };
        assert_eq!(eligibility(&penalised, today).unwrap_err().code, "evaluation-penalised");
        let investigated = Record { under_investigation: true, ..clean("2010-01-01") };
        assert_eq!(eligibility(&investigated, today).unwrap_err().code, "evaluation-under-investigation");
    }

    #[test]
    fn a_grade_is_valid_five_years_less_a_day() {
        assert_eq!(valid_until(day("2026-11-27")), Some(day("2031-11-26")));
        assert_eq!(valid_until(day("2024-02-29")), Some(day("2029-02-28")));
        assert_eq!(valid_until(day("2024-03-01")), Some(day("2029-02-28")));
    }

    #[test]
    fn a_grade_given_on_the_first_of_march_runs_through_a_leap_day() {
        assert_eq!(valid_until(day("2023-03-01")), Some(day("2028-02-29")), "the day before 2028-03-01");
        assert_eq!(valid_until(day("2023-02-28")), Some(day("2028-02-27")));
        assert_eq!(valid_until(day("2023-01-01")), Some(day("2027-12-31")));
    }

    #[test]
    fn before_last_years_due_date_the_year_before_is_judged() {
        let mut record = clean("2010-01-01");
        record.inspections.remove(&2025);
        record.due.insert(2025, day("2026-05-31"));
        assert!(eligibility(&record, day("2026-05-31")).is_ok(), "2025's report is not due yet: 2024's counts");
        assert_eq!(inspection_year_judged(&record, day("2026-05-31")), 2024);
        assert_eq!(
            eligibility(&record, day("2026-06-01")).unwrap_err().code,
            "evaluation-inspection-last-year",
            "due and not filed"
        );
        record.due.remove(&2025);
        assert!(eligibility(&record, day("2026-11-27")).is_ok(), "no due date announced: nothing was due");
        record.inspections.insert(2024, Some(Conclusion::Unqualified));
        assert_eq!(eligibility(&record, day("2026-03-01")).unwrap_err().code, "evaluation-inspection-last-year");
        record.inspections.insert(2025, Some(Conclusion::Qualified));
        assert!(eligibility(&record, day("2026-03-01")).is_ok(), "filed early: last year's counts");
    }

    #[test]
    fn a_listed_organisation_is_not_evaluated() {
        let listed = Record { listed: true, ..clean("2010-01-01") };
        assert_eq!(eligibility(&listed, day("2026-11-27")).unwrap_err().code, "evaluation-listed");
    }
}
