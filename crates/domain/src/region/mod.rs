//! The administrative region tree (2E): GB/T 2260 county codes and the statistics bureau's
//! 9-digit township and 12-digit village-level codes.

mod divisions;

pub use divisions::{Division, parse_divisions};

use serde::{Deserialize, Serialize};

use crate::Violation;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Province,
    City,
    County,
    Township,
    Village,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Province => "province",
            Self::City => "city",
            Self::County => "county",
            Self::Township => "township",
            Self::Village => "village",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::Province, Self::City, Self::County, Self::Township, Self::Village]
            .into_iter()
            .find(|l| l.as_str() == text)
    }

    /// How many digits a code of this level has.
    pub fn code_length(self) -> usize {
        match self {
            Self::Province | Self::City | Self::County => 6,
            Self::Township => 9,
            Self::Village => 12,
        }
    }
}

/// The kind a township or village-level code's own digits stand for (RULES.md, divisions).
pub fn kind_from_code(code: &str) -> Option<&'static str> {
    let part = |range: std::ops::Range<usize>| code.get(range).and_then(|p| p.parse::<u16>().ok());
    match code.len() {
        9 => match part(6..9)? {
            1..=99 => Some("街道"),
            100..=199 => Some("镇"),
            200..=399 => Some("乡"),
            400..=599 => Some("其他乡级单位"),
            _ => None,
        },
        12 => match part(9..12)? {
            1..=199 => Some("居民委员会"),
            200..=399 => Some("村民委员会"),
            400..=499 => Some("类似居民委员会"),
            500..=599 => Some("类似村民委员会"),
            _ => None,
        },
        _ => None,
    }
}

/// Whether a village-level unit is urban (a community) rather than rural (a village),
/// read from its code: 001–199 and 400–499 are residents' committees or alike.
pub fn is_urban_code(code: &str) -> bool {
    matches!(kind_from_code(code), Some("居民委员会" | "类似居民委员会"))
}

/// Checks a code's shape: digits only, a known length, a township or village part inside
/// the ranges GB/T 2260 and the statistics bureau assign.
pub fn check_code_shape(code: &str) -> Result<Level, Violation> {
    if !code.chars().all(|c| c.is_ascii_digit()) {
        return Err(Violation::new("region-code-digits"));
    }
    match code.len() {
        6 if code.ends_with("0000") => Ok(Level::Province),
        6 if code.ends_with("00") => Ok(Level::City),
        6 => Ok(Level::County),
        9 | 12 if kind_from_code(code).is_none() => Err(Violation::new("region-code-part").with("code", code)),
        9 => Ok(Level::Township),
        12 => Ok(Level::Village),
        n => Err(Violation::new("region-code-length").with("length", n)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_parts_decide_the_kind_at_every_range_edge() {
        assert_eq!(kind_from_code("330402099"), Some("街道"));
        assert_eq!(kind_from_code("330402100"), Some("镇"));
        assert_eq!(kind_from_code("330402399"), Some("乡"));
        assert_eq!(kind_from_code("330402600"), None);
        assert_eq!(kind_from_code("330402001199"), Some("居民委员会"));
        assert_eq!(kind_from_code("330402001200"), Some("村民委员会"));
        assert_eq!(kind_from_code("330402001499"), Some("类似居民委员会"));
        assert_eq!(kind_from_code("330402001599"), Some("类似村民委员会"));
        assert_eq!(kind_from_code("330402001000"), None);
    }

    #[test]
    fn shapes_give_levels_and_bad_shapes_say_why() {
        assert_eq!(check_code_shape("330000"), Ok(Level::Province));
        assert_eq!(check_code_shape("330400"), Ok(Level::City));
        assert_eq!(check_code_shape("330402"), Ok(Level::County));
        assert_eq!(check_code_shape("330402007"), Ok(Level::Township));
        assert_eq!(check_code_shape("330402007024"), Ok(Level::Village));
        assert_eq!(check_code_shape("3304").unwrap_err().code, "region-code-length");
        assert_eq!(check_code_shape("33040a").unwrap_err().code, "region-code-digits");
        assert_eq!(check_code_shape("330402000").unwrap_err().code, "region-code-part");
    }

    #[test]
    fn urban_units_are_residents_committees_and_alike() {
        assert!(is_urban_code("330402007024"));
        assert!(is_urban_code("330402007401"));
        assert!(!is_urban_code("330402101201"));
    }
}
