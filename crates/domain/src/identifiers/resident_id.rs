//! Resident identity number, GB 11643-1999 (RULES.md "Resident identity number").

use chrono::NaiveDate;

use super::{gb2260, normalize};
use crate::Violation;

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    Male,
    Female,
}

/// A validated, canonical resident ID number (upper-case `X`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ResidentId(String);

/// The check character of the first 17 digits (ISO 7064 MOD 11-2).
fn check_char(digits17: &str) -> char {
    let sum: u32 = digits17.chars().zip(WEIGHTS).map(|(c, w)| c.to_digit(10).unwrap_or(0) * w).sum();
    CHECK[(sum % 11) as usize]
}

impl ResidentId {
    /// Normalises and validates the number as of `today` (birth dates in the future fail).
    pub fn parse(input: &str, today: NaiveDate) -> Result<Self, Violation> {
        let id = normalize(input);
        let count = id.chars().count();
        if count != 18 {
            return Err(Violation::new("id-length").with("length", count));
        }
        let (body, last) = id.split_at(17);
        if !body.chars().all(|c| c.is_ascii_digit()) || !last.chars().all(|c| c.is_ascii_digit() || c == 'X') {
            return Err(Violation::new("id-characters"));
        }
        if gb2260::lookup(&id[..6]).is_none() {
            return Err(Violation::new("id-address-code").with("code", &id[..6]));
        }
        let birth = NaiveDate::parse_from_str(&id[6..14], "%Y%m%d")
            .map_err(|_| Violation::new("id-birth-date").with("date", &id[6..14]))?;
        if birth > today || birth < NaiveDate::from_ymd_opt(1880, 1, 1).unwrap_or(birth) {
            return Err(Violation::new("id-birth-date").with("date", &id[6..14]));
        }
        let expected = check_char(body);
        if !last.starts_with(expected) {
            return Err(Violation::new("id-check").with("expected", expected));
        }
        Ok(Self(id))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn birth_date(&self) -> NaiveDate {
        NaiveDate::parse_from_str(&self.0[6..14], "%Y%m%d").unwrap_or_default()
    }

    pub fn gender(&self) -> Gender {
        let order = self.0.as_bytes()[16];
        if (order - b'0') % 2 == 1 { Gender::Male } else { Gender::Female }
    }

    /// Age in whole years on `day`.
    pub fn age_on(&self, day: NaiveDate) -> u32 {
        day.years_since(self.birth_date()).unwrap_or(0)
    }
}

impl std::fmt::Display for ResidentId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The masked form shown to roles that may not see the number: `330402********1234`.
pub fn mask(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() < 10 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..6].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 10))
}

/// Builds a valid number for tests and demo data from an address code, a birth date and
/// an order code, computing the check character.
pub fn compose(address: &str, birth: NaiveDate, order: u16) -> String {
    let body = format!("{address}{}{order:03}", birth.format("%Y%m%d"));
    format!("{body}{}", check_char(&body))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    const TODAY: fn() -> NaiveDate = || day(2026, 11, 26);

    #[test]
    fn the_standard_example_number_is_valid() {
        // GB 11643-1999's worked example.
        let id = ResidentId::parse("11010519491231002X", TODAY()).unwrap();
        assert_eq!(id.gender(), Gender::Female);
        assert_eq!(id.birth_date(), day(1949, 12, 31));
    }

    #[test]
    fn a_lower_case_x_is_stored_upper_case() {
        assert_eq!(ResidentId::parse("11010519491231002x", TODAY()).unwrap().as_str(), "11010519491231002X");
    }

    #[test]
    fn every_wrong_check_character_is_refused() {
        let good = compose("330402", day(1980, 5, 17), 123);
        for c in "0123456789X".chars().filter(|&c| !good.ends_with(c)) {
            let bad = format!("{}{c}", &good[..17]);
            assert_eq!(ResidentId::parse(&bad, TODAY()).unwrap_err().code, "id-check", "{bad}");
        }
    }

    #[test]
    fn impossible_and_future_birth_dates_are_refused() {
        let feb30 = "33040219800230001";
        let full = format!("{feb30}{}", check_char(feb30));
        assert_eq!(ResidentId::parse(&full, TODAY()).unwrap_err().code, "id-birth-date");
        let tomorrow = compose("330402", day(2026, 11, 27), 1);
        assert_eq!(ResidentId::parse(&tomorrow, TODAY()).unwrap_err().code, "id-birth-date");
        assert!(ResidentId::parse(&compose("330402", day(2026, 11, 26), 1), TODAY()).is_ok());
    }

    #[test]
    fn abolished_county_codes_stay_valid_and_invented_ones_fail() {
        // 平湖县 (330422) became 平湖市 in 1991; numbers issued there kept its code.
        assert!(ResidentId::parse(&compose("330422", day(1975, 3, 1), 11), TODAY()).is_ok());
        let err = ResidentId::parse(&compose("339999", day(1975, 3, 1), 11), TODAY()).unwrap_err();
        assert_eq!(err.code, "id-address-code");
    }

    #[test]
    fn order_code_parity_gives_the_gender() {
        assert_eq!(ResidentId::parse(&compose("330402", day(1990, 1, 1), 13), TODAY()).unwrap().gender(), Gender::Male);
    }

    #[test]
    fn masking_keeps_the_address_code_and_last_four() {
        assert_eq!(mask("330402198005171234"), "330402********1234");
    }

    #[test]
    fn age_counts_whole_years() {
        let id = ResidentId::parse(&compose("330402", day(2008, 11, 27), 2), TODAY()).unwrap();
        assert_eq!(id.age_on(TODAY()), 17);
        assert_eq!(id.age_on(day(2026, 11, 27)), 18);
    }
}
