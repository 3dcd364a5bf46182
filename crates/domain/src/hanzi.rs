//! Chinese text: stroke counts for ordering names the way official lists do
//! (姓氏笔画顺序: fewer strokes first, character by character).

use std::cmp::Ordering;
use std::sync::OnceLock;

const TABLE: &str = include_str!("../../../data/cjk-strokes.txt");
const FIRST: u32 = 0x4E00;
const DIGITS: &str = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

fn table() -> &'static [u8] {
    static COUNTS: OnceLock<Vec<u8>> = OnceLock::new();
    COUNTS.get_or_init(|| {
        TABLE
            .lines()
            .filter(|line| !line.starts_with('#'))
            .flat_map(|line| line.chars())
            .map(|digit| DIGITS.find(digit).unwrap_or(0) as u8)
            .collect()
    })
}

/// The total strokes of a CJK unified ideograph (U+4E00..U+9FFF), if known.
pub fn stroke_count(c: char) -> Option<u8> {
    let index = (c as u32).checked_sub(FIRST)? as usize;
    table().get(index).copied().filter(|&n| n > 0)
}

/// Orders names by the strokes of their first character, then the next, and so on; a
/// character without a known count sorts after all that have one, and equal counts fall
/// back to the code point so the order is total and stable.
pub fn stroke_order(a: &str, b: &str) -> Ordering {
    let key = |c: char| (stroke_count(c).unwrap_or(u8::MAX), c);
    a.chars().map(key).cmp(b.chars().map(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_come_from_the_unihan_table() {
        assert_eq!(stroke_count('一'), Some(1));
        assert_eq!(stroke_count('丁'), Some(2));
        assert_eq!(stroke_count('王'), Some(4));
        assert_eq!(stroke_count('李'), Some(7));
        assert_eq!(stroke_count('赵'), Some(9));
        assert_eq!(stroke_count('A'), None);
    }

    #[test]
    fn names_sort_by_strokes_character_by_character() {
        let mut names = vec!["赵敏", "王五", "丁一", "王二", "李四", "Anna"];
        names.sort_by(|a, b| stroke_order(a, b));
        assert_eq!(names, ["丁一", "王二", "王五", "李四", "赵敏", "Anna"]);
    }
}
