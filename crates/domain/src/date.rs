//! Dates as people type them in spreadsheets: Chinese offices write 2024/1/2 or
//! 2024年1月2日 as often as 2024-01-02, and Excel on a Chinese Windows saves dates so.

use chrono::NaiveDate;

use crate::Violation;

/// A day written year first: `2024-01-02`, `2024-1-2`, `2024/1/2`, `2024.1.2` or
/// `2024年1月2日`. The year has four digits, month and day one or two; anything else
/// (day-first orders, two-digit years, days that do not exist) is `None`, because
/// guessing would put a wrong date in a record.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    let text = text.strip_suffix('日').unwrap_or(text);
    let parts: Vec<&str> = text.split(['-', '/', '.', '年', '月']).collect();
    let [year, month, day] = parts[..] else { return None };
    let digits = |part: &str, lengths: std::ops::RangeInclusive<usize>| {
        lengths.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit())
    };
    if !(digits(year, 4..=4) && digits(month, 1..=2) && digits(day, 1..=2)) {
        return None;
    }
    NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
}

/// A day a form or an API field must hold, in any form `parse_date` reads: empty is
/// `required`, anything else that is no such day `date-format`.
pub fn required_day(text: &str) -> Result<NaiveDate, Violation> {
    if text.trim().is_empty() {
        return Err(Violation::new("required"));
    }
    parse_date(text).ok_or_else(|| Violation::new("date-format"))
}

/// As `required_day`, and not after `today` (`date-in-future`).
pub fn past_day(text: &str, today: NaiveDate) -> Result<NaiveDate, Violation> {
    let day = required_day(text)?;
    if day > today { Err(Violation::new("date-in-future")) } else { Ok(day) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn a_date_is_read_with_dashes_slashes_dots_or_chinese_characters() {
        for text in ["2024-01-02", "2024-1-2", "2024/1/2", "2024/01/02", "2024.1.2", "2024年1月2日", " 2024-01-02 "]
        {
            assert_eq!(parse_date(text), day(2024, 1, 2), "{text}");
        }
    }

    #[test]
    fn a_day_that_does_not_exist_is_refused() {
        assert_eq!(parse_date("2023-02-29"), None);
        assert_eq!(parse_date("2024-13-01"), None);
        assert_eq!(parse_date("2024-02-29"), day(2024, 2, 29), "a leap day");
    }

    #[test]
    fn ambiguous_or_partial_forms_are_refused_rather_than_guessed() {
        for text in
            ["", "2024", "2024-01", "1/2/2024", "24/1/2", "2024-001-02", "2024-01-02 10:00", "２０２４-1-2", "abc"]
        {
            assert_eq!(parse_date(text), None, "{text}");
        }
    }

    #[test]
    fn a_required_day_says_required_when_empty_and_date_format_when_wrong() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        assert_eq!(required_day(" ").unwrap_err().code, "required");
        assert_eq!(required_day("30/11/2026").unwrap_err().code, "date-format");
        assert_eq!(required_day("2026/11/30"), Ok(today));
        assert_eq!(past_day("2026-11-30", today), Ok(today));
        assert_eq!(past_day("2026-12-01", today).unwrap_err().code, "date-in-future");
    }
}
