//! The 3B indicator: the share of communities whose committee and party organisation were
//! both directly elected in a term must rise over the previous term (MISSION.md 3B).

use serde::Serialize;

/// One community's term, as the indicator sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TermOutcome {
    /// The committee was elected by candidate-free direct election (海选) and took office.
    pub committee_direct: bool,
    /// The party organisation was directly elected (recorded; the party holds that vote).
    pub party_direct: bool,
}

/// The direct-election figures of a region in one term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DirectShare {
    pub communities: u64,
    pub committee_direct: u64,
    /// Committee and party organisation both directly elected: what the indicator tracks.
    pub both_direct: u64,
}

impl DirectShare {
    pub fn of(outcomes: impl IntoIterator<Item = TermOutcome>) -> Self {
        let mut share = Self { communities: 0, committee_direct: 0, both_direct: 0 };
        for o in outcomes {
            share.communities += 1;
            share.committee_direct += u64::from(o.committee_direct);
            share.both_direct += u64::from(o.committee_direct && o.party_direct);
        }
        share
    }

    /// The share in percent, one decimal (for display; comparisons use exact fractions).
    pub fn percent(&self) -> f64 {
        (self.both_direct * 1000).checked_div(self.communities).map_or(0.0, |permille| permille as f64 / 10.0)
    }

    /// Whether this term's share is higher than `previous`'s, compared exactly; unknown
    /// without a previous term.
    pub fn rose_over(&self, previous: Option<&DirectShare>) -> Option<bool> {
        let previous = previous.filter(|p| p.communities > 0)?;
        if self.communities == 0 {
            return Some(false);
        }
        // a/b > c/d  ⇔  a·d > c·b
        Some(
            u128::from(self.both_direct) * u128::from(previous.communities)
                > u128::from(previous.both_direct) * u128::from(self.communities),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcomes(both: usize, committee_only: usize, neither: usize) -> Vec<TermOutcome> {
        let o = |committee_direct, party_direct| TermOutcome { committee_direct, party_direct };
        let mut all = vec![o(true, true); both];
        all.extend(vec![o(true, false); committee_only]);
        all.extend(vec![o(false, true); neither]);
        all
    }

    #[test]
    fn only_communities_with_both_bodies_directly_elected_count() {
        let share = DirectShare::of(outcomes(3, 2, 1));
        assert_eq!((share.communities, share.committee_direct, share.both_direct), (6, 5, 3));
        assert_eq!(share.percent(), 50.0);
    }

    #[test]
    fn an_equal_share_is_not_a_rise() {
        let before = DirectShare::of(outcomes(1, 0, 2));
        let same = DirectShare::of(outcomes(2, 0, 4));
        let more = DirectShare::of(outcomes(3, 0, 5));
        assert_eq!(same.rose_over(Some(&before)), Some(false), "1/3 = 2/6");
        assert_eq!(more.rose_over(Some(&before)), Some(true), "3/8 > 1/3");
        assert_eq!(more.rose_over(None), None);
    }
}
