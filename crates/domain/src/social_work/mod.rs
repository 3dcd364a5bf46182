//! Social workers (5A–5D): certificate levels and numbers, the national registration
//! workflow and its dates, continuing education per registration period, and the 2012
//! certificate gate on professional social-work posts. Every number a rule uses is a
//! field of `SocialWorkRules`, whose defaults are the national ones.

pub mod city;
pub mod education;
pub mod evaluation;
pub mod figures;
pub mod hire;
pub mod insurance;
pub mod pay;
pub mod registration;
pub mod supervision;

use chrono::NaiveDate;

use crate::Violation;

named_enum! {
    /// The national certificate's level (社会工作者职业水平证书).
    CertificateLevel {
        /// 助理社会工作师
        Assistant = "assistant",
        /// 社会工作师
        Intermediate = "intermediate",
        /// 高级社会工作师 (exam and review)
        Senior = "senior",
    }
}

named_enum! {
    /// The 14 service fields of MISSION.md 5D.
    ServiceField {
        Welfare = "welfare",
        Assistance = "assistance",
        Charity = "charity",
        Disability = "disability",
        SpecialCare = "special_care",
        Health = "health",
        Youth = "youth",
        Corrections = "corrections",
        Mediation = "mediation",
        Community = "community",
        Employment = "employment",
        FamilyPlanning = "family_planning",
        NewResidents = "new_residents",
        MarriageFamily = "marriage_family",
    }
}

/// The numbers the social-work rules run by; the defaults are the national ones
/// (RULES.md "Social workers"), and a region may set others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SocialWorkRules {
    /// The first day a national certificate can carry: the exam was first held in 2008.
    pub first_exam_on: NaiveDate,
    /// Months after the certificate within which the first registration is filed.
    pub first_registration_months: u32,
    /// Months a registration is valid.
    pub registration_months: u32,
    /// Months before expiry in which renewal is open.
    pub renewal_window_months: u32,
    /// Continuing education per registration period, in minutes.
    pub assistant_minutes: u32,
    pub intermediate_minutes: u32,
    /// What a completed social-work degree counts, once, in its period.
    pub degree_minutes: u32,
    /// Hires into professional posts from this day need a certificate (5A: 2012).
    pub certificate_required_from: NaiveDate,
    /// The city's own qualification review began with the seed (2010-02-03).
    pub local_review_from: NaiveDate,
}

impl Default for SocialWorkRules {
    fn default() -> Self {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("a calendar date");
        Self {
            first_exam_on: day(2008, 1, 1),
            first_registration_months: 12,
            registration_months: 36,
            renewal_window_months: 3,
            assistant_minutes: 72 * 60,
            intermediate_minutes: 90 * 60,
            degree_minutes: 90 * 60,
            certificate_required_from: day(2012, 1, 1),
            local_review_from: day(2010, 2, 3),
        }
    }
}

impl SocialWorkRules {
    /// The continuing education a level needs per registration period, in minutes.
    pub fn required_minutes(&self, level: CertificateLevel) -> u32 {
        match level {
            CertificateLevel::Assistant => self.assistant_minutes,
            CertificateLevel::Intermediate | CertificateLevel::Senior => self.intermediate_minutes,
        }
    }
}

/// A certificate number as typed: trimmed, full-width folded, upper-cased; 6 to 20 letters
/// and digits with at least 6 digits (the ministry's management numbers are digits with
/// an optional letter prefix, e.g. `B33040012345`).
pub fn parse_certificate_number(text: &str) -> Result<String, Violation> {
    let folded: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            other => other,
        })
        .collect::<String>()
        .to_uppercase();
    if folded.is_empty() {
        return Err(Violation::new("required"));
    }
    let shaped = (6..=20).contains(&folded.len())
        && folded.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && folded.chars().filter(char::is_ascii_digit).count() >= 6;
    if shaped { Ok(folded) } else { Err(Violation::new("certificate-number-shape")) }
}

/// The day a certificate was obtained: not before the first national exam, not after today.
pub fn check_obtained_on(rules: &SocialWorkRules, obtained_on: NaiveDate, today: NaiveDate) -> Result<(), Violation> {
    if obtained_on < rules.first_exam_on {
        Err(Violation::new("certificate-before-exam").with("date", rules.first_exam_on))
    } else if obtained_on > today {
        Err(Violation::new("date-in-future"))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn levels_and_service_fields_round_trip_through_their_names() {
        assert_eq!(CertificateLevel::ALL.len(), 3);
        assert_eq!(ServiceField::ALL.len(), 14);
        for field in ServiceField::ALL {
            assert_eq!(ServiceField::parse(field.as_str()), Some(*field));
        }
        assert_eq!(CertificateLevel::parse("senior"), Some(CertificateLevel::Senior));
        assert_eq!(CertificateLevel::parse("expert"), None);
    }

    #[test]
    fn an_assistant_needs_72_hours_and_the_other_levels_90() {
        let rules = SocialWorkRules::default();
        assert_eq!(rules.required_minutes(CertificateLevel::Assistant), 72 * 60);
        assert_eq!(rules.required_minutes(CertificateLevel::Intermediate), 90 * 60);
        assert_eq!(rules.required_minutes(CertificateLevel::Senior), 90 * 60);
    }

    #[test]
    fn a_certificate_number_is_normalised_then_shaped() {
        assert_eq!(parse_certificate_number(" b33040012345 ").unwrap(), "B33040012345");
        assert_eq!(parse_certificate_number("ＺＪ２０１９０００１").unwrap(), "ZJ20190001");
        assert_eq!(parse_certificate_number("123456").unwrap(), "123456");
        assert_eq!(parse_certificate_number("").unwrap_err().code, "required");
        for bad in ["12345", "ABCDEF1", "123-4567", "1234567890123456789012", "社工123456"] {
            assert_eq!(parse_certificate_number(bad).unwrap_err().code, "certificate-number-shape", "{bad}");
        }
    }

    #[test]
    fn a_certificate_is_dated_between_the_first_exam_and_today() {
        let rules = SocialWorkRules::default();
        let today = day(2026, 11, 30);
        assert!(check_obtained_on(&rules, day(2008, 1, 1), today).is_ok());
        assert_eq!(check_obtained_on(&rules, day(2007, 12, 31), today).unwrap_err().code, "certificate-before-exam");
        assert!(check_obtained_on(&rules, today, today).is_ok());
        assert_eq!(check_obtained_on(&rules, day(2026, 12, 1), today).unwrap_err().code, "date-in-future");
    }
}
