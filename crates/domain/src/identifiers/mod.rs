//! National identifier standards: USCC (GB 32100), resident ID (GB 11643), and the
//! GB/T 2260 address codes both rely on.

pub mod gb2260;
pub mod phone;
pub mod resident_id;
pub mod tracking;
pub mod uscc;

/// Trims, drops every space (ASCII or ideographic), maps full-width ASCII to half-width
/// and upper-cases: what users paste from Word or a Chinese IME becomes canonical.
pub fn normalize(input: &str) -> String {
    input
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c as u32 {
            0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .flat_map(char::to_uppercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn full_width_spaced_lower_case_input_becomes_canonical() {
        assert_eq!(normalize(" ９１３５ 0100m\u{3000}000100y43 "), "91350100M000100Y43");
    }
}
