//! Paper ballots entered twice (3B): two tellers type the same batch independently, and
//! the batch counts only when both entries agree ballot by ballot.

use std::collections::BTreeMap;

use serde::Serialize;

use super::count::Ballot;

/// A ballot as tellers compare it: per post, the names trimmed and sorted (their order
/// on paper means nothing), blank posts dropped.
fn canonical(ballot: &Ballot) -> BTreeMap<&str, Vec<&str>> {
    ballot
        .iter()
        .map(|(post, names)| {
            let mut names: Vec<&str> = names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()).collect();
            names.sort_unstable();
            (post.as_str(), names)
        })
        .filter(|(_, names)| !names.is_empty())
        .collect()
}

/// One place where two entries of a batch disagree, shown side by side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mismatch {
    /// The ballot's place in the stack, from 1.
    pub position: usize,
    pub first: Option<Ballot>,
    pub second: Option<Ballot>,
}

/// Every place where two entries of one batch disagree (empty: they match).
pub fn compare_entries(first: &[Ballot], second: &[Ballot]) -> Vec<Mismatch> {
    (0..first.len().max(second.len()))
        .filter_map(|i| {
            let (a, b) = (first.get(i), second.get(i));
            let same = match (a, b) {
                (Some(a), Some(b)) => canonical(a) == canonical(b),
                _ => false,
            };
            (!same).then(|| Mismatch { position: i + 1, first: a.cloned(), second: b.cloned() })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ballot(members: &[&str]) -> Ballot {
        BTreeMap::from([("member".to_string(), members.iter().map(|m| m.to_string()).collect())])
    }

    #[test]
    fn entries_match_whatever_the_order_and_spacing_of_names() {
        let first = [ballot(&["张三", "李四"]), ballot(&[])];
        let second = [ballot(&[" 李四", "张三 "]), Ballot::new()];
        assert!(compare_entries(&first, &second).is_empty());
    }

    #[test]
    fn each_disagreement_is_shown_at_its_place_in_the_stack() {
        let first = [ballot(&["张三"]), ballot(&["李四"]), ballot(&["王五"])];
        let second = [ballot(&["张三"]), ballot(&["李斯"])];
        let found = compare_entries(&first, &second);
        assert_eq!(found.iter().map(|m| m.position).collect::<Vec<_>>(), [2, 3]);
        assert_eq!(found[1].second, None, "the second teller entered one ballot fewer");
    }
}
