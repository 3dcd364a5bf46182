//! The yearly evaluation of a social worker (5A): professional quality, results and
//! service satisfaction, each 0–100, weighted into a total that falls in a grade band.
//! Weights and bands are data per region and year (`EvaluationRules`); every score is
//! kept in integer tenths, so a total on a band's edge lands in that band exactly.

use crate::{FieldError, Violation};

named_enum! {
    /// The grade a total earns.
    Grade {
        /// 优秀
        Excellent = "excellent",
        /// 合格
        Pass = "pass",
        /// 基本合格, where a region sets that band
        Basic = "basic",
        /// 不合格
        Fail = "fail",
    }
}

/// A score's top, in tenths.
pub const FULL: u32 = 1000;

/// How a region weighs and grades one year's evaluations. Weights are percentages that sum
/// to 100; band floors are in tenths and descend from excellent to basic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct EvaluationRules {
    pub quality_weight: u32,
    pub results_weight: u32,
    pub satisfaction_weight: u32,
    pub excellent_from: u32,
    pub pass_from: u32,
    pub basic_from: Option<u32>,
    /// Answers the year's survey needs before its satisfaction counts.
    pub min_answers: u32,
}

impl Default for EvaluationRules {
    fn default() -> Self {
        Self {
            quality_weight: 40,
            results_weight: 30,
            satisfaction_weight: 30,
            excellent_from: 900,
            pass_from: 600,
            basic_from: None,
            min_answers: 10,
        }
    }
}

/// The three scores of one evaluation, in tenths.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scores {
    pub quality: u32,
    pub results: u32,
    pub satisfaction: u32,
}

impl EvaluationRules {
    /// Every way these rules are inconsistent, by field.
    pub fn check(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if self.quality_weight + self.results_weight + self.satisfaction_weight != 100 {
            errors.push(Violation::new("weights-sum").on("weights"));
        }
        if self.pass_from >= self.excellent_from {
            errors.push(Violation::new("bands-descending").on("pass_from"));
        }
        if self.basic_from.is_some_and(|b| b >= self.pass_from) {
            errors.push(Violation::new("bands-descending").on("basic_from"));
        }
        if self.min_answers == 0 {
            errors.push(Violation::new("min-answers-positive").on("min_answers"));
        }
        errors
    }

    /// The weighted total in tenths, rounded half up: the figure reported and graded.
    pub fn total(&self, scores: Scores) -> u32 {
        let weighted = self.quality_weight * scores.quality
            + self.results_weight * scores.results
            + self.satisfaction_weight * scores.satisfaction;
        (weighted + 50) / 100
    }

    /// The band `total` (in tenths) falls in.
    pub fn grade(&self, total: u32) -> Grade {
        if total >= self.excellent_from {
            Grade::Excellent
        } else if total >= self.pass_from {
            Grade::Pass
        } else if self.basic_from.is_some_and(|b| total >= b) {
            Grade::Basic
        } else {
            Grade::Fail
        }
    }
}

/// A score as typed: 0 to 100 with at most one decimal, as tenths.
pub fn parse_score(score: f64) -> Result<u32, Violation> {
    let tenths = (score * 10.0).round();
    if !(0.0..=f64::from(FULL)).contains(&tenths) || score.is_nan() {
        Err(Violation::new("score-range"))
    } else if (score * 10.0 - tenths).abs() > 1e-6 {
        Err(Violation::new("score-precision"))
    } else {
        // In range and whole, so the cast is exact.
        Ok(tenths as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scores(quality: u32, results: u32, satisfaction: u32) -> Scores {
        Scores { quality, results, satisfaction }
    }

    #[test]
    fn the_total_is_the_weighted_sum_exact_to_a_tenth() {
        let rules = EvaluationRules::default();
        // 0.4 × 85.5 + 0.3 × 92 + 0.3 × 78.1 = 34.2 + 27.6 + 23.43 = 85.23 → 85.2
        assert_eq!(rules.total(scores(855, 920, 781)), 852);
        // 0.4 × 70.1 + 0.3 × 70.1 + 0.3 × 70.1 = 70.1, with no float drift
        assert_eq!(rules.total(scores(701, 701, 701)), 701);
        // 0.4 × 90 + 0.3 × 90 + 0.3 × 90.5 = 90.15 → 90.2 (half up)
        assert_eq!(rules.total(scores(900, 900, 905)), 902);
        assert_eq!(rules.total(scores(FULL, FULL, FULL)), FULL);
    }

    #[test]
    fn a_total_exactly_at_90_is_excellent_and_one_tenth_below_is_pass() {
        let rules = EvaluationRules::default();
        assert_eq!(rules.grade(900), Grade::Excellent);
        assert_eq!(rules.grade(899), Grade::Pass);
    }

    #[test]
    fn a_total_exactly_at_60_passes_and_one_tenth_below_fails() {
        let rules = EvaluationRules::default();
        assert_eq!(rules.grade(600), Grade::Pass);
        assert_eq!(rules.grade(599), Grade::Fail);
        assert_eq!(rules.grade(0), Grade::Fail);
    }

    #[test]
    fn satisfaction_exactly_at_a_band_edge_carries_the_total_onto_it() {
        let rules = EvaluationRules::default();
        // Quality and results 90; satisfaction exactly 90.0 → total 90.0, excellent.
        let total = rules.total(scores(900, 900, 900));
        assert_eq!((total, rules.grade(total)), (900, Grade::Excellent));
        // Satisfaction 89.6: 0.3 × 89.6 = 26.88, total 89.88 → 89.9, a tenth below: pass.
        let total = rules.total(scores(900, 900, 896));
        assert_eq!((total, rules.grade(total)), (899, Grade::Pass));
        // Satisfaction 89.7: total 89.91 → 89.9 too; 89.8: 89.94 → 89.9; 89.9: 89.97 → 90.0.
        assert_eq!(rules.grade(rules.total(scores(900, 900, 898))), Grade::Pass);
        assert_eq!(rules.grade(rules.total(scores(900, 900, 899))), Grade::Excellent);
    }

    #[test]
    fn a_region_may_add_a_basic_band_between_pass_and_fail() {
        let rules = EvaluationRules { pass_from: 700, basic_from: Some(600), ..EvaluationRules::default() };
        assert_eq!(rules.grade(700), Grade::Pass);
        assert_eq!(rules.grade(699), Grade::Basic);
        assert_eq!(rules.grade(600), Grade::Basic);
        assert_eq!(rules.grade(599), Grade::Fail);
    }

    #[test]
    fn weights_sum_to_100_and_bands_descend() {
        assert!(EvaluationRules::default().check().is_empty());
        let fields = |rules: EvaluationRules| rules.check().into_iter().map(|e| e.field).collect::<Vec<_>>();
        let heavy = EvaluationRules { quality_weight: 41, ..EvaluationRules::default() };
        assert_eq!(fields(heavy), ["weights"]);
        let flat = EvaluationRules { pass_from: 900, ..EvaluationRules::default() };
        assert_eq!(fields(flat), ["pass_from"]);
        let basic_above = EvaluationRules { basic_from: Some(600), ..EvaluationRules::default() };
        assert_eq!(fields(basic_above), ["basic_from"]);
        let none_needed = EvaluationRules { min_answers: 0, ..EvaluationRules::default() };
        assert_eq!(fields(none_needed), ["min_answers"]);
    }

    #[test]
    fn a_score_is_0_to_100_with_at_most_one_decimal() {
        assert_eq!(parse_score(0.0), Ok(0));
        assert_eq!(parse_score(100.0), Ok(1000));
        assert_eq!(parse_score(85.5), Ok(855));
        assert_eq!(parse_score(70.1), Ok(701), "0.1 is not exact in binary, yet reads as 701 tenths");
        assert_eq!(parse_score(100.1).unwrap_err().code, "score-range");
        assert_eq!(parse_score(-0.1).unwrap_err().code, "score-range");
        assert_eq!(parse_score(f64::NAN).unwrap_err().code, "score-range");
        assert_eq!(parse_score(85.25).unwrap_err().code, "score-precision");
    }
}
