//! Pay of social workers (5B): where a post is (its employer kind), years in social work
//! from the hires, the pay-guidance tier a worker falls in, and the monthly title allowance
//! of community social workers. Every amount is data (a region's table, a region's yearly
//! rates), in fen; nothing here knows a figure.

use chrono::{Datelike, Months, NaiveDate};

use super::CertificateLevel;
use super::evaluation::Grade;
use crate::{FieldError, Violation};

named_enum! {
    /// Where a post is (MISSION.md 5D).
    EmployerKind {
        /// 公益服务类事业单位
        PublicService = "public_service",
        /// 社会福利机构
        WelfareInstitution = "welfare_institution",
        /// 群团组织
        MassOrganization = "mass_organization",
        /// 城乡社区
        Community = "community",
        /// 民办社工服务机构
        PrivateAgency = "private_agency",
    }
}

named_enum! {
    /// The degree a pay tier asks at least, in ascending order.
    Degree {
        /// 大专
        JuniorCollege = "junior_college",
        /// 本科
        Bachelor = "bachelor",
        /// 硕士及以上
        Master = "master",
    }
}

named_enum! {
    /// Who gave an award.
    AwardLevel {
        County = "county",
        City = "city",
        Province = "province",
        National = "national",
    }
}

impl Degree {
    /// The degree a record's free-text degree names ("本科", "硕士研究生", "Bachelor"),
    /// the highest word found winning; none when it names none of them.
    pub fn of_text(text: &str) -> Option<Degree> {
        let lower = text.trim().to_lowercase();
        let names = |words: &[&str]| words.iter().any(|w| lower.contains(w));
        if names(&["博士", "硕士", "研究生", "master", "doctor", "phd"]) {
            Some(Degree::Master)
        } else if names(&["本科", "学士", "bachelor"]) {
            Some(Degree::Bachelor)
        } else if names(&["大专", "专科", "高职", "junior college", "associate"]) {
            Some(Degree::JuniorCollege)
        } else {
            None
        }
    }

    fn rank(self) -> u8 {
        match self {
            Degree::JuniorCollege => 1,
            Degree::Bachelor => 2,
            Degree::Master => 3,
        }
    }
}

fn level_rank(level: CertificateLevel) -> u8 {
    match level {
        CertificateLevel::Assistant => 1,
        CertificateLevel::Intermediate => 2,
        CertificateLevel::Senior => 3,
    }
}

/// The most years a tier may ask.
pub const MAX_YEARS: u32 = 50;

/// One row of a region's pay guidance: every condition the worker must meet, and the
/// monthly guidance in fen. A condition left `None` asks nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct PayTier {
    /// The certificate held at least (a senior meets an intermediate row).
    pub level: Option<CertificateLevel>,
    /// The degree held at least.
    pub min_degree: Option<Degree>,
    /// The kind of employer of a post held on the day.
    pub employer: Option<EmployerKind>,
    /// Whole years in social work at least.
    pub min_years: u32,
    pub monthly_fen: i64,
}

/// What a worker is on a day, as the tiers read it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkerStanding {
    /// The certificate held on the day.
    pub level: Option<CertificateLevel>,
    pub degree: Option<Degree>,
    /// The employer kinds of the posts held on the day.
    pub employers: Vec<EmployerKind>,
    pub years: u32,
}

impl PayTier {
    /// Whether the worker meets every condition of this row.
    pub fn met_by(&self, w: &WorkerStanding) -> bool {
        let level = self.level.is_none_or(|l| w.level.is_some_and(|held| level_rank(held) >= level_rank(l)));
        let degree = self.min_degree.is_none_or(|d| w.degree.is_some_and(|held| held.rank() >= d.rank()));
        let employer = self.employer.is_none_or(|e| w.employers.contains(&e));
        level && degree && employer && w.years >= self.min_years
    }

    fn conditions(&self) -> (Option<CertificateLevel>, Option<Degree>, Option<EmployerKind>, u32) {
        (self.level, self.min_degree, self.employer, self.min_years)
    }
}

/// The tier a worker falls in: the highest-paying row whose every condition they meet (the
/// first such row on a tie), with its index; none when they meet no row.
pub fn tier_of<'a>(tiers: &'a [PayTier], worker: &WorkerStanding) -> Option<(usize, &'a PayTier)> {
    tiers.iter().enumerate().filter(|(_, t)| t.met_by(worker)).rev().max_by_key(|(_, t)| t.monthly_fen)
}

/// Every way a table is wrong, by field (`tiers[2].monthly_fen`): amounts above zero,
/// years from 0 to 50, no two rows with the same conditions.
pub fn check_tiers(tiers: &[PayTier]) -> Vec<FieldError> {
    let mut errors = Vec::new();
    for (i, tier) in tiers.iter().enumerate() {
        if tier.monthly_fen <= 0 {
            errors.push(Violation::new("amount-positive").on(format!("tiers[{i}].monthly_fen")));
        }
        if tier.min_years > MAX_YEARS {
            errors.push(Violation::new("years-range").with("max", MAX_YEARS).on(format!("tiers[{i}].min_years")));
        }
        if let Some(first) = tiers[..i].iter().position(|t| t.conditions() == tier.conditions()) {
            errors.push(Violation::new("tier-duplicate").with("row", first + 1).on(format!("tiers[{i}]")));
        }
    }
    errors
}

/// A hire's days: from the hire day to the day it ended, both included (still running
/// when `ended_on` is none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
}

impl Span {
    /// Whether the span holds any day from `first` to `last`.
    pub fn touches(&self, first: NaiveDate, last: NaiveDate) -> bool {
        self.from <= last && self.to.is_none_or(|to| to >= first)
    }
}

/// Whole years in social work on `on`: the days before `on` spent in any post (a day in
/// two posts counted once) fill as many whole years as they cover, the years counted back
/// from `on` on the calendar. A single hire from 2020-03-01 makes 5 years on 2025-03-01
/// and 4 the day before.
pub fn years_in_social_work(spans: &[Span], on: NaiveDate) -> u32 {
    let mut clipped: Vec<(NaiveDate, NaiveDate)> = spans
        .iter()
        .filter_map(|s| {
            // Half-open: the days from `from` up to (not including) `until`.
            let until = s.to.and_then(|t| t.succ_opt()).map_or(on, |t| t.min(on));
            (s.from < until).then_some((s.from, until))
        })
        .collect();
    clipped.sort();
    let mut days = 0i64;
    let mut reached: Option<NaiveDate> = None;
    for (from, until) in clipped {
        let from = reached.map_or(from, |r| from.max(r));
        if until > from {
            days += (until - from).num_days();
            reached = Some(until);
        }
    }
    (1..=u32::try_from(days / 365 + 1).unwrap_or(u32::MAX))
        .take_while(|n| on.checked_sub_months(Months::new(12 * n)).is_some_and(|back| (on - back).num_days() <= days))
        .last()
        .unwrap_or(0)
}

/// A month written `YYYY-MM`, as its first day.
pub fn parse_month(text: &str) -> Result<NaiveDate, Violation> {
    NaiveDate::parse_from_str(&format!("{}-01", text.trim()), "%Y-%m-%d").map_err(|_| Violation::new("month-format"))
}

/// The last day of the month `first` starts.
pub fn last_day(first: NaiveDate) -> NaiveDate {
    first.checked_add_months(Months::new(1)).and_then(|d| d.pred_opt()).unwrap_or(first)
}

/// A region's title allowance for a year, per month, in fen, by certificate level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct AllowanceRates {
    pub assistant_fen: i64,
    pub intermediate_fen: i64,
    pub senior_fen: i64,
}

impl AllowanceRates {
    pub fn of(&self, level: CertificateLevel) -> i64 {
        match level {
            CertificateLevel::Assistant => self.assistant_fen,
            CertificateLevel::Intermediate => self.intermediate_fen,
            CertificateLevel::Senior => self.senior_fen,
        }
    }
}

/// What decides the title allowance for one worker and month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowanceFacts {
    /// The first day of the month.
    pub month: NaiveDate,
    /// The worker's hires into `community` posts.
    pub community_hires: Vec<Span>,
    /// The certificate and the day it was obtained.
    pub certificate: Option<(CertificateLevel, NaiveDate)>,
    /// The grade of the evaluation for the year before the month's.
    pub previous_grade: Option<Grade>,
}

/// Why a month's allowance is not due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotDue {
    /// No hire into a community post on any day of the month.
    NoCommunityPost,
    /// No certificate obtained by the month's last day.
    NoCertificate,
    /// No evaluation for the year before.
    NoEvaluation,
    /// The evaluation for the year before is graded below pass.
    BelowPass(Grade),
    /// The region set no allowance for the month's year.
    NoRates,
}

impl NotDue {
    pub fn as_str(self) -> &'static str {
        match self {
            NotDue::NoCommunityPost => "no_community_post",
            NotDue::NoCertificate => "no_certificate",
            NotDue::NoEvaluation => "no_evaluation",
            NotDue::BelowPass(_) => "below_pass",
            NotDue::NoRates => "no_rates",
        }
    }
}

/// The level whose allowance is due for the month, or the first reason it is not.
///
/// A month is due whole or not at all, never prorated: a community hire on any day of the
/// month (one that ended on the 1st included), a certificate obtained on or before its last
/// day, and the previous year's evaluation graded excellent or pass (none is not due).
pub fn allowance_due(facts: &AllowanceFacts) -> Result<CertificateLevel, NotDue> {
    let last = last_day(facts.month);
    if !facts.community_hires.iter().any(|h| h.touches(facts.month, last)) {
        return Err(NotDue::NoCommunityPost);
    }
    let level = match facts.certificate {
        Some((level, obtained)) if obtained <= last => level,
        _ => return Err(NotDue::NoCertificate),
    };
    match facts.previous_grade {
        None => Err(NotDue::NoEvaluation),
        Some(Grade::Excellent | Grade::Pass) => Ok(level),
        Some(grade) => Err(NotDue::BelowPass(grade)),
    }
}

/// The months of `year` from January, as first days.
pub fn months_of(year: i32) -> Vec<NaiveDate> {
    (1..=12).filter_map(|m| NaiveDate::from_ymd_opt(year, m, 1)).collect()
}

/// The year before the month's: the evaluation it asks for.
pub fn evaluation_year(month: NaiveDate) -> i32 {
    month.year() - 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn tier(level: Option<CertificateLevel>, min_years: u32, monthly_fen: i64) -> PayTier {
        PayTier { level, min_degree: None, employer: None, min_years, monthly_fen }
    }

    fn span(from: NaiveDate, to: Option<NaiveDate>) -> Span {
        Span { from, to }
    }

    #[test]
    fn five_years_are_reached_on_the_anniversary_and_not_the_day_before() {
        let hires = [span(day(2020, 3, 1), None)];
        assert_eq!(years_in_social_work(&hires, day(2025, 3, 1)), 5);
        assert_eq!(years_in_social_work(&hires, day(2025, 2, 28)), 4);
        assert_eq!(years_in_social_work(&hires, day(2020, 3, 1)), 0);
        assert_eq!(years_in_social_work(&[], day(2025, 3, 1)), 0);
    }

    #[test]
    fn overlapping_hires_count_their_shared_days_once_and_gaps_not_at_all() {
        // 2018-01-01..2019-12-31 and 2019-01-01..2020-12-31 overlap: three years, not four.
        let overlapping =
            [span(day(2018, 1, 1), Some(day(2019, 12, 31))), span(day(2019, 1, 1), Some(day(2020, 12, 31)))];
        assert_eq!(years_in_social_work(&overlapping, day(2026, 1, 1)), 3);
        // One year, a year's gap, then one more: two years, whatever the calendar says.
        let gap = [span(day(2021, 1, 1), Some(day(2021, 12, 31))), span(day(2023, 1, 1), None)];
        assert_eq!(years_in_social_work(&gap, day(2024, 1, 1)), 2);
        assert_eq!(years_in_social_work(&gap, day(2023, 12, 31)), 1);
    }

    #[test]
    fn the_tier_is_the_highest_paying_row_the_worker_meets_in_full() {
        let tiers = [
            tier(None, 0, 400_000),
            tier(Some(CertificateLevel::Assistant), 0, 450_000),
            tier(Some(CertificateLevel::Intermediate), 5, 600_000),
        ];
        let mut w = WorkerStanding { level: Some(CertificateLevel::Senior), years: 5, ..Default::default() };
        assert_eq!(tier_of(&tiers, &w).map(|(i, _)| i), Some(2), "a senior meets an intermediate row");
        w.years = 4;
        assert_eq!(tier_of(&tiers, &w).map(|(i, _)| i), Some(1), "a day short of five years");
        w.level = None;
        assert_eq!(tier_of(&tiers, &w).map(|(i, t)| (i, t.monthly_fen)), Some((0, 400_000)));
        assert_eq!(tier_of(&tiers[1..], &w), None);
    }

    #[test]
    fn degree_and_employer_conditions_are_met_at_or_above_and_by_a_post_held() {
        let row = PayTier {
            level: None,
            min_degree: Some(Degree::Bachelor),
            employer: Some(EmployerKind::Community),
            min_years: 0,
            monthly_fen: 1,
        };
        let mut w = WorkerStanding {
            degree: Some(Degree::Master),
            employers: vec![EmployerKind::Community],
            ..Default::default()
        };
        assert!(row.met_by(&w));
        w.degree = Some(Degree::JuniorCollege);
        assert!(!row.met_by(&w));
        w.degree = Some(Degree::Bachelor);
        w.employers = vec![EmployerKind::PrivateAgency];
        assert!(!row.met_by(&w));
    }

    #[test]
    fn a_degree_is_read_from_the_records_words() {
        assert_eq!(Degree::of_text("本科"), Some(Degree::Bachelor));
        assert_eq!(Degree::of_text("硕士研究生"), Some(Degree::Master));
        assert_eq!(Degree::of_text("大专"), Some(Degree::JuniorCollege));
        assert_eq!(Degree::of_text("Bachelor of Social Work"), Some(Degree::Bachelor));
        assert_eq!(Degree::of_text("高中"), None);
        assert_eq!(Degree::of_text(""), None);
    }

    #[test]
    fn a_table_needs_positive_amounts_years_to_50_and_distinct_conditions() {
        let tiers = [tier(None, 0, 0), tier(None, 51, 10), tier(None, 0, 20)];
        let fields: Vec<String> = check_tiers(&tiers).into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["tiers[0].monthly_fen", "tiers[1].min_years", "tiers[2]"]);
        assert!(check_tiers(&[tier(None, 50, 1), tier(None, 0, 1)]).is_empty());
    }

    fn facts(hire: Span, certificate_on: NaiveDate, grade: Option<Grade>) -> AllowanceFacts {
        AllowanceFacts {
            month: day(2026, 3, 1),
            community_hires: vec![hire],
            certificate: Some((CertificateLevel::Assistant, certificate_on)),
            previous_grade: grade,
        }
    }

    #[test]
    fn a_hire_ending_on_the_first_counts_for_the_month_and_one_ending_the_day_before_does_not() {
        let on_first = facts(span(day(2020, 1, 1), Some(day(2026, 3, 1))), day(2020, 1, 1), Some(Grade::Pass));
        assert_eq!(allowance_due(&on_first), Ok(CertificateLevel::Assistant));
        let before = facts(span(day(2020, 1, 1), Some(day(2026, 2, 28))), day(2020, 1, 1), Some(Grade::Pass));
        assert_eq!(allowance_due(&before), Err(NotDue::NoCommunityPost));
        let starting_last = facts(span(day(2026, 3, 31), None), day(2020, 1, 1), Some(Grade::Pass));
        assert!(allowance_due(&starting_last).is_ok(), "hired on the last day");
    }

    #[test]
    fn a_certificate_obtained_on_the_months_last_day_counts_and_a_day_later_does_not() {
        let hire = span(day(2020, 1, 1), None);
        assert!(allowance_due(&facts(hire, day(2026, 3, 31), Some(Grade::Excellent))).is_ok());
        assert_eq!(allowance_due(&facts(hire, day(2026, 4, 1), Some(Grade::Excellent))), Err(NotDue::NoCertificate));
    }

    #[test]
    fn pass_or_better_the_year_before_is_due_and_basic_fail_or_none_is_not() {
        let hire = span(day(2020, 1, 1), None);
        let on = day(2020, 1, 1);
        assert!(allowance_due(&facts(hire, on, Some(Grade::Pass))).is_ok());
        assert_eq!(allowance_due(&facts(hire, on, Some(Grade::Basic))), Err(NotDue::BelowPass(Grade::Basic)));
        assert_eq!(allowance_due(&facts(hire, on, Some(Grade::Fail))), Err(NotDue::BelowPass(Grade::Fail)));
        assert_eq!(allowance_due(&facts(hire, on, None)), Err(NotDue::NoEvaluation));
        assert_eq!(evaluation_year(day(2026, 1, 1)), 2025);
    }

    #[test]
    fn a_month_is_written_year_dash_month_and_ends_on_its_last_day() {
        assert_eq!(parse_month("2024-02"), Ok(day(2024, 2, 1)));
        assert_eq!(last_day(day(2024, 2, 1)), day(2024, 2, 29));
        assert_eq!(last_day(day(2026, 12, 1)), day(2026, 12, 31));
        assert_eq!(parse_month("2024-13").unwrap_err().code, "month-format");
        assert_eq!(parse_month("202402").unwrap_err().code, "month-format");
        assert_eq!(months_of(2026).len(), 12);
    }
}
