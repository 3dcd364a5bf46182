//! The tab-separated division file (`code name level parent_code kind`), as shipped in
//! `data/jiaxing-divisions-2023.tsv` and accepted by `sanshe regions import`.

use std::collections::HashMap;

use super::{Level, check_code_shape, kind_from_code};
use crate::Violation;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Division {
    pub code: String,
    pub name: String,
    pub level: Level,
    pub parent_code: Option<String>,
    pub kind: String,
}

/// Parses and checks a whole file; on failure returns every bad line (1-based) with why.
/// Parents must come from the file itself, except for the roots (whose parent lies outside).
pub fn parse_divisions(text: &str) -> Result<Vec<Division>, Vec<(usize, Violation)>> {
    let mut divisions = Vec::new();
    let mut errors = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        if line.trim().is_empty() || line.starts_with('#') || line.starts_with("code\t") {
            continue;
        }
        match parse_line(line) {
            Ok(d) => divisions.push((number, d)),
            Err(v) => errors.push((number, v)),
        }
    }
    let levels: HashMap<&str, Level> = divisions.iter().map(|(_, d)| (d.code.as_str(), d.level)).collect();
    let mut seen = HashMap::new();
    for (number, d) in &divisions {
        if seen.insert(d.code.as_str(), *number).is_some() {
            errors.push((*number, Violation::new("region-duplicate").with("code", &d.code)));
        }
        if let Some(parent) = &d.parent_code {
            match levels.get(parent.as_str()) {
                Some(parent_level) if *parent_level >= d.level => {
                    errors.push((*number, Violation::new("region-parent-level").with("parent", parent)));
                }
                Some(_) if d.code.len() > 6 && !d.code.starts_with(parent.as_str()) => {
                    errors.push((*number, Violation::new("region-parent-prefix").with("parent", parent)));
                }
                None if d.level > Level::City => {
                    errors.push((*number, Violation::new("region-parent-missing").with("parent", parent)));
                }
                _ => {}
            }
        }
    }
    if errors.is_empty() {
        Ok(divisions.into_iter().map(|(_, d)| d).collect())
    } else {
        errors.sort_by_key(|(n, _)| *n);
        Err(errors)
    }
}

fn parse_line(line: &str) -> Result<Division, Violation> {
    let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
    if cols.len() < 4 {
        return Err(Violation::new("region-columns").with("count", cols.len()));
    }
    let code = cols[0].to_string();
    let shape = check_code_shape(&code)?;
    let level = Level::parse(cols[2]).ok_or_else(|| Violation::new("region-level").with("level", cols[2]))?;
    if level.code_length() != code.len() || (level >= Level::Township && level != shape) {
        return Err(Violation::new("region-level-mismatch").with("level", cols[2]));
    }
    if cols[1].is_empty() {
        return Err(Violation::new("region-name-empty"));
    }
    let parent_code = Some(cols[3]).filter(|p| !p.is_empty()).map(str::to_string);
    let kind = cols
        .get(4)
        .filter(|k| !k.is_empty())
        .map(|k| k.to_string())
        .or_else(|| kind_from_code(&code).map(str::to_string))
        .unwrap_or_default();
    Ok(Division { code, name: cols[1].to_string(), level, parent_code, kind })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHIPPED: &str = include_str!("../../../../data/jiaxing-divisions-2023.tsv");

    #[test]
    fn the_shipped_jiaxing_tree_has_the_published_counts() {
        let tree = parse_divisions(SHIPPED).expect("shipped file is valid");
        let count = |level| tree.iter().filter(|d| d.level == level).count();
        assert_eq!(count(Level::City), 1);
        assert_eq!(count(Level::County), 7);
        assert_eq!(count(Level::Township), 72);
        assert_eq!(count(Level::Village), 1202);
    }

    #[test]
    fn bad_lines_are_all_reported_with_their_numbers() {
        let text = "330400\t嘉兴市\tcity\t330000\t地级市\n\
                    330402\t南湖区\tcounty\t330400\t市辖区\n\
                    330402007\t建设街道\tvillage\t330402\t街道\n\
                    330499007\t某街道\ttownship\t330499\t街道\n\
                    330402\t重复\tcounty\t330400\t市辖区\n";
        let errors = parse_divisions(text).unwrap_err();
        let lines: Vec<usize> = errors.iter().map(|(n, _)| *n).collect();
        assert_eq!(lines, vec![3, 4, 5]);
        assert_eq!(errors[0].1.code, "region-level-mismatch");
        assert_eq!(errors[1].1.code, "region-parent-missing");
        assert_eq!(errors[2].1.code, "region-duplicate");
    }
}
