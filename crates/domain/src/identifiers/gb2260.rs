//! Every county-level (or higher) GB/T 2260 code that any edition has contained.

use std::collections::HashMap;
use std::sync::OnceLock;

/// One code's history: its last name and the years it was in force (`to` None: still is).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HistoricCode {
    pub name: &'static str,
    pub from: Option<u16>,
    pub to: Option<u16>,
}

const TABLE: &str = include_str!("../../../../data/gb2260-history.tsv");

fn table() -> &'static HashMap<&'static str, HistoricCode> {
    static CODES: OnceLock<HashMap<&'static str, HistoricCode>> = OnceLock::new();
    CODES.get_or_init(|| {
        TABLE
            .lines()
            .filter(|line| !line.starts_with('#') && !line.starts_with("code\t"))
            .filter_map(|line| {
                let mut cols = line.split('\t');
                let code = cols.next()?;
                let name = cols.next()?;
                let from = cols.next().and_then(|y| y.parse().ok());
                let to = cols.next().and_then(|y| y.parse().ok());
                Some((code, HistoricCode { name, from, to }))
            })
            .collect()
    })
}

/// The code's history if any edition of GB/T 2260 contains it.
pub fn lookup(code: &str) -> Option<HistoricCode> {
    table().get(code).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abolished_codes_are_still_known_with_their_end_year() {
        let old = lookup("330422").expect("平湖县 existed");
        assert_eq!(old.to, Some(1991));
        assert!(lookup("330402").unwrap().to.is_none());
    }

    #[test]
    fn invented_codes_are_unknown() {
        assert!(lookup("339999").is_none());
        assert!(lookup("000000").is_none());
    }
}
