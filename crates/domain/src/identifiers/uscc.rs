//! Unified Social Credit Code, GB 32100-2015 (RULES.md "Unified Social Credit Code").

use super::normalize;
use crate::Violation;

const ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

/// A validated, canonical (upper-case, half-width) USCC.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Uscc(String);

/// The kind of a social organisation, as position 2 of a civil-affairs USCC encodes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CivilAffairsKind {
    SocialGroup,
    PrivateNonEnterprise,
    Foundation,
    Other,
}

impl CivilAffairsKind {
    fn type_char(self) -> char {
        match self {
            Self::SocialGroup => '1',
            Self::PrivateNonEnterprise => '2',
            Self::Foundation => '3',
            Self::Other => '9',
        }
    }
}

fn value(c: char) -> Option<u32> {
    ALPHABET.find(c).map(|i| i as u32)
}

/// GB 11714 value of an organisation-code character: digits as such, letters A–Z as 10–35.
fn org_value(c: char) -> Option<u32> {
    c.to_digit(36)
}

/// GB 11714's check character over the 8 characters of the organisation code.
fn org_check_char(body: &[char]) -> char {
    let sum: u32 = body.iter().zip(ORG_WEIGHTS).map(|(&c, w)| org_value(c).unwrap_or(0) * w).sum();
    match 11 - sum % 11 {
        10 => 'X',
        11 => '0',
        n => char::from_digit(n, 10).unwrap_or('0'),
    }
}

/// GB 32100's check character over the values of the first 17 characters.
fn check_char(values: &[u32]) -> char {
    let sum: u32 = values.iter().zip(WEIGHTS).map(|(v, w)| v * w).sum();
    ALPHABET.chars().nth(((31 - sum % 31) % 31) as usize).unwrap_or('0')
}

impl Uscc {
    /// The valid code that starts with these 16 characters: both check characters are
    /// computed (for generated demo and test data, never for user input).
    pub fn complete(stem16: &str) -> Result<Self, Violation> {
        let chars: Vec<char> = normalize(stem16).chars().collect();
        if chars.len() != 16 {
            return Err(Violation::new("uscc-length").with("length", chars.len() + 2));
        }
        let mut code: String = chars.iter().collect();
        code.push(org_check_char(&chars[8..16]));
        let values: Option<Vec<u32>> = code.chars().map(value).collect();
        let values = values.ok_or_else(|| Violation::new("uscc-character"))?;
        code.push(check_char(&values));
        Self::parse(&code)
    }

    /// Normalises and validates: length, alphabet, both check characters.
    pub fn parse(input: &str) -> Result<Self, Violation> {
        let code = normalize(input);
        let count = code.chars().count();
        if count != 18 {
            return Err(Violation::new("uscc-length").with("length", count));
        }
        let chars: Vec<char> = code.chars().collect();
        let mut values = Vec::with_capacity(18);
        for (i, &c) in chars.iter().enumerate() {
            match value(c) {
                Some(v) => values.push(v),
                None => {
                    return Err(Violation::new("uscc-character").with("position", i + 1).with("character", c));
                }
            }
        }
        if !chars[2..8].iter().all(char::is_ascii_digit) {
            return Err(Violation::new("uscc-region"));
        }
        let org_check = org_check_char(&chars[8..16]);
        if chars[16] != org_check {
            return Err(Violation::new("uscc-organization-code-check").with("expected", org_check));
        }
        let expected = check_char(&values[..17]);
        if chars[17] != expected {
            return Err(Violation::new("uscc-check").with("expected", expected));
        }
        Ok(Self(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether civil affairs registered this code as an organisation of that kind: it must
    /// start with 51, 52, 53 or 59, and position 2 must be the kind's.
    pub fn check_civil_affairs(&self, kind: CivilAffairsKind) -> Result<(), Violation> {
        let mut chars = self.0.chars();
        let authority = chars.next();
        let type_char = chars.next();
        if authority != Some('5') || !matches!(type_char, Some('1' | '2' | '3' | '9')) {
            return Err(Violation::new("uscc-not-civil-affairs"));
        }
        if type_char != Some(kind.type_char()) {
            return Err(Violation::new("uscc-kind-mismatch").with("type", type_char.unwrap_or('?')));
        }
        Ok(())
    }
}

impl std::fmt::Display for Uscc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_checks(stem16: &str) -> String {
        Uscc::complete(stem16).unwrap().as_str().to_string()
    }

    #[test]
    fn a_published_example_code_is_valid() {
        // The example of GB 32100-2015's own annex.
        assert!(Uscc::parse("91350100M000100Y43").is_ok());
        assert_eq!(Uscc::complete("91350100M000100Y").unwrap().as_str(), "91350100M000100Y43");
    }

    #[test]
    fn published_codes_of_each_civil_affairs_kind_are_valid_and_of_their_kind() {
        // Codes in public use, not built here (issue 12, 21): national social groups (51)
        // and foundations (53) registered with the Ministry, as printed on invoices. (No
        // published code of a private non-enterprise unit, 52, could be found offline.)
        let published = [
            ("51100000500009247D", CivilAffairsKind::SocialGroup),
            ("51100000500012681T", CivilAffairsKind::SocialGroup),
            ("51100000500002862F", CivilAffairsKind::SocialGroup),
            ("53100000500021676K", CivilAffairsKind::Foundation),
            ("53100000500019795A", CivilAffairsKind::Foundation),
        ];
        for (code, kind) in published {
            let parsed = Uscc::parse(code).unwrap_or_else(|e| panic!("{code}: {}", e.code));
            assert!(parsed.check_civil_affairs(kind).is_ok(), "{code} is {kind:?}");
            let broken = format!("{}{}", &code[..17], if code.ends_with('0') { '1' } else { '0' });
            assert!(Uscc::parse(&broken).is_err(), "{broken}");
        }
    }

    #[test]
    fn computed_codes_validate_and_any_single_change_fails() {
        let code = with_checks("5133040012345678");
        assert!(Uscc::parse(&code).is_ok(), "{code}");
        let last = code.chars().last().unwrap();
        let other = if last == '0' { '1' } else { '0' };
        let broken = format!("{}{other}", &code[..17]);
        assert_eq!(Uscc::parse(&broken).unwrap_err().code, "uscc-check");
    }

    #[test]
    fn a_broken_organisation_code_is_its_own_error() {
        let code = with_checks("5133040012345678");
        let mut chars: Vec<char> = code.chars().collect();
        chars[16] = if chars[16] == '1' { '2' } else { '1' };
        let err = Uscc::parse(&chars.iter().collect::<String>()).unwrap_err();
        assert_eq!(err.code, "uscc-organization-code-check");
    }

    #[test]
    fn input_is_normalised_before_validation() {
        let code = with_checks("5233040012345679");
        let messy = format!(" {} ", code.to_lowercase().replace('5', "５"));
        assert_eq!(Uscc::parse(&messy).unwrap().as_str(), code);
    }

    #[test]
    fn letters_outside_the_alphabet_are_refused_with_their_position() {
        let err = Uscc::parse("91350100M000100I43").unwrap_err();
        assert_eq!(err.code, "uscc-character");
        assert_eq!(err.arg("position"), Some("16"));
        assert_eq!(Uscc::parse("9135").unwrap_err().code, "uscc-length");
    }

    #[test]
    fn civil_affairs_prefix_and_kind_must_agree() {
        let group = Uscc::parse(&with_checks("5133040012345678")).unwrap();
        assert!(group.check_civil_affairs(CivilAffairsKind::SocialGroup).is_ok());
        assert_eq!(group.check_civil_affairs(CivilAffairsKind::Foundation).unwrap_err().code, "uscc-kind-mismatch");
        let enterprise = Uscc::parse("91350100M000100Y43").unwrap();
        assert_eq!(
            enterprise.check_civil_affairs(CivilAffairsKind::SocialGroup).unwrap_err().code,
            "uscc-not-civil-affairs"
        );
    }
}
