//! Money is kept in fen (1/100 yuan) as integers; people type and read yuan.

use crate::Violation;

/// An amount typed in yuan ("30000", "30,000.5", "0.07") as fen; at most two decimals,
/// never negative.
pub fn parse_yuan(text: &str) -> Result<i64, Violation> {
    let text: String = text.trim().chars().filter(|c| *c != ',' && *c != '，').collect();
    let bad = || Violation::new("money-format");
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    if whole.is_empty() || fraction.len() > 2 || !(whole.bytes().chain(fraction.bytes()).all(|b| b.is_ascii_digit())) {
        return Err(bad());
    }
    let yuan: i64 = whole.parse().map_err(|_| bad())?;
    let fen: i64 = format!("{fraction:0<2}").parse().map_err(|_| bad())?;
    yuan.checked_mul(100).and_then(|f| f.checked_add(fen)).ok_or_else(bad)
}

/// Fen as yuan with two decimals ("12000.50").
pub fn yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", fen.unsigned_abs() / 100, fen.unsigned_abs() % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yuan_become_fen_exactly_and_back() {
        assert_eq!(parse_yuan("30000"), Ok(3_000_000));
        assert_eq!(parse_yuan("2,000,000.5"), Ok(200_000_050));
        assert_eq!(parse_yuan("1，200"), Ok(120_000));
        assert_eq!(parse_yuan(" 0.07 "), Ok(7));
        for bad in ["", "-5", "1.234", "abc", ".5", "1e6", "99999999999999999999"] {
            assert_eq!(parse_yuan(bad).unwrap_err().code, "money-format", "{bad}");
        }
        assert_eq!(yuan(1_200_050), "12000.50");
        assert_eq!(yuan(7), "0.07");
        assert_eq!(yuan(-7), "-0.07");
    }
}
