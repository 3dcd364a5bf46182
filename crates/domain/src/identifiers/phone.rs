//! Phone numbers as people type them (mobile or landline with area code), and as staff
//! see them: masked.

use crate::Violation;

/// An optional phone number, trimmed: digits and dashes only, at most 20 characters.
pub fn check_phone(input: &str) -> Result<String, Violation> {
    let text = input.trim();
    if text.chars().count() > 20 {
        return Err(Violation::new("too-long").with("max", 20));
    }
    if text.chars().all(|c| c.is_ascii_digit() || c == '-') {
        Ok(text.to_string())
    } else {
        Err(Violation::new("phone-format"))
    }
}

/// A phone number someone must be reachable at: a mobile number (11 digits from 1) or a
/// landline with its area code (0 and 10–12 digits in all), dashes allowed.
pub fn check_contact_phone(input: &str) -> Result<String, Violation> {
    let text = check_phone(input)?;
    if text.is_empty() {
        return Err(Violation::new("required"));
    }
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let mobile = digits.len() == 11 && digits.starts_with('1');
    let landline = (10..=12).contains(&digits.len()) && digits.starts_with('0');
    if mobile || landline { Ok(text) } else { Err(Violation::new("phone-format")) }
}

/// A phone number as staff see it: the first three and last four digits.
pub fn mask_phone(phone: &str) -> String {
    let chars: Vec<char> = phone.chars().collect();
    if chars.len() < 8 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..3].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 7))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_keep_digits_and_dashes_only() {
        assert_eq!(check_phone(" 0573-82000000 ").unwrap(), "0573-82000000");
        assert_eq!(check_phone("").unwrap(), "");
        assert_eq!(check_phone("138 0000").unwrap_err().code, "phone-format");
        assert_eq!(check_phone(&"1".repeat(21)).unwrap_err().code, "too-long");
    }

    #[test]
    fn a_contact_phone_is_a_mobile_or_a_landline_with_its_area_code() {
        assert_eq!(check_contact_phone("13857300123").unwrap(), "13857300123");
        assert_eq!(check_contact_phone("0573-82000000").unwrap(), "0573-82000000");
        assert_eq!(check_contact_phone(" ").unwrap_err().code, "required");
        for bad in ["123", "82000000", "23857300123", "138573001234", "0573-8200"] {
            assert_eq!(check_contact_phone(bad).unwrap_err().code, "phone-format", "{bad}");
        }
    }

    #[test]
    fn masking_shows_three_and_four_digits() {
        assert_eq!(mask_phone("13805731011"), "138****1011");
        assert_eq!(mask_phone("1234567"), "*******");
    }
}
