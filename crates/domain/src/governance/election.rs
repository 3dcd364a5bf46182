//! Setting up a committee election (3B): sizes, posts, methods, the electorate, who may
//! vote, and the schedule the regulation fixes around the vote date (RULES.md).

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use super::count::PostSpec;
use super::rules::SeatRange;
use crate::Violation;
use crate::identifiers::resident_id::ResidentId;

named_enum!(
    /// Which committee is elected: a residents' committee (urban) or a villagers' committee.
    Committee {
        ResidentsCommittee = "residents_committee",
        VillagersCommittee = "villagers_committee",
    }
);

named_enum!(
    /// Art. 3: candidate-free self-nomination (海选) or a candidate list with more
    /// candidates than seats.
    Method {
        SelfNomination = "self_nomination",
        Candidates = "candidates",
    }
);

named_enum!(
    /// Art. 8 (organic law): who casts the ballots.
    Electorate {
        AllVoters = "all_voters",
        HouseholdRepresentatives = "household_representatives",
        GroupRepresentatives = "group_representatives",
    }
);

/// The dates the regulation counts back from the vote (Arts. 12–14, 20, 25), as data so a
/// place that differs can change them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScheduleRules {
    pub register_published_days_before: i64,
    pub objection_days: i64,
    pub objection_decision_days: i64,
    pub nominations_close_days_before: i64,
    pub nominees_published_days_before: i64,
    pub proxies_filed_days_before: i64,
    pub max_proxies_per_holder: usize,
    pub voting_age: u32,
}

impl Default for ScheduleRules {
    fn default() -> Self {
        Self {
            register_published_days_before: 20,
            objection_days: 5,
            objection_decision_days: 3,
            nominations_close_days_before: 10,
            nominees_published_days_before: 5,
            proxies_filed_days_before: 3,
            max_proxies_per_holder: 3,
            voting_age: 18,
        }
    }
}

/// The deadlines of one election, computed from its vote date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Schedule {
    /// The voter register is published no later than this.
    pub register_published_by: NaiveDate,
    pub nominations_close: NaiveDate,
    pub nominees_published_by: NaiveDate,
    pub proxies_filed_by: NaiveDate,
    pub vote_date: NaiveDate,
}

impl ScheduleRules {
    pub fn schedule(&self, vote_date: NaiveDate) -> Schedule {
        let before = |days: i64| vote_date - Duration::days(days);
        Schedule {
            register_published_by: before(self.register_published_days_before),
            nominations_close: before(self.nominations_close_days_before),
            nominees_published_by: before(self.nominees_published_days_before),
            proxies_filed_by: before(self.proxies_filed_days_before),
            vote_date,
        }
    }

    /// The last day to object to a register published on `published`.
    pub fn objections_close(&self, published: NaiveDate) -> NaiveDate {
        published + Duration::days(self.objection_days)
    }

    /// The last day to decide an objection filed on `filed`.
    pub fn objection_decided_by(&self, filed: NaiveDate) -> NaiveDate {
        filed + Duration::days(self.objection_decision_days)
    }

    /// Whether a person may be registered: of voting age on the vote date and not deprived
    /// of political rights.
    pub fn may_vote(&self, id: &ResidentId, vote_date: NaiveDate, deprived_of_political_rights: bool) -> bool {
        !deprived_of_political_rights && id.age_on(vote_date) >= self.voting_age
    }
}

/// Checks an election's posts: a director, seats within the committee's range of the
/// rules (the woman-member post counts as a seat), no post twice, no post without seats.
pub fn check_posts(range: SeatRange, posts: &[PostSpec]) -> Result<(), Violation> {
    let mut seen = std::collections::HashSet::new();
    if posts.iter().any(|p| p.seats == 0 || !seen.insert(p.post.as_str())) {
        return Err(Violation::new("election-posts-malformed"));
    }
    if posts.iter().find(|p| p.post == "director").map(|p| p.seats) != Some(1) {
        return Err(Violation::new("election-needs-one-director"));
    }
    let total: usize = posts.iter().map(|p| p.seats).sum();
    let SeatRange { min, max } = range;
    if total < min || total > max {
        return Err(Violation::new("election-seat-count").with("min", min).with("max", max).with("total", total));
    }
    Ok(())
}

/// The usual ballot: a director, deputies, members and, where the committee must have a
/// woman, a woman-member post.
pub fn standard_posts(committee: Committee) -> Vec<PostSpec> {
    let post = PostSpec::new;
    match committee {
        Committee::ResidentsCommittee => {
            vec![post("director", 1), post("deputy_director", 2), post("member", 3), post("woman_member", 1)]
        }
        Committee::VillagersCommittee => {
            vec![post("director", 1), post("deputy_director", 1), post("member", 2), post("woman_member", 1)]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::governance::rules::ElectionRules;
    use crate::identifiers::resident_id::compose;

    fn seats(committee: Committee) -> SeatRange {
        ElectionRules::default().seats(committee)
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_schedule_counts_back_from_the_vote() {
        let s = ScheduleRules::default().schedule(day(2026, 12, 20));
        assert_eq!(s.register_published_by, day(2026, 11, 30));
        assert_eq!(s.nominations_close, day(2026, 12, 10));
        assert_eq!(s.nominees_published_by, day(2026, 12, 15));
        assert_eq!(s.proxies_filed_by, day(2026, 12, 17));
        let rules = ScheduleRules::default();
        assert_eq!(rules.objections_close(day(2026, 11, 30)), day(2026, 12, 5));
        assert_eq!(rules.objection_decided_by(day(2026, 12, 5)), day(2026, 12, 8));
    }

    #[test]
    fn a_voter_must_be_eighteen_on_the_vote_date_itself() {
        let rules = ScheduleRules::default();
        let vote = day(2026, 12, 20);
        let turns_18_on_the_day = ResidentId::parse(&compose("330402", day(2008, 12, 20), 11), vote).unwrap();
        let turns_18_the_day_after = ResidentId::parse(&compose("330402", day(2008, 12, 21), 11), vote).unwrap();
        assert!(rules.may_vote(&turns_18_on_the_day, vote, false));
        assert!(!rules.may_vote(&turns_18_the_day_after, vote, false));
        assert!(!rules.may_vote(&turns_18_on_the_day, vote, true), "deprived of political rights");
    }

    #[test]
    fn committee_sizes_follow_the_law_at_both_ends() {
        let with_members = |members| vec![PostSpec::new("director", 1), PostSpec::new("member", members)];
        assert_eq!(
            check_posts(seats(Committee::ResidentsCommittee), &with_members(3)).unwrap_err().code,
            "election-seat-count"
        );
        assert!(check_posts(seats(Committee::ResidentsCommittee), &with_members(4)).is_ok());
        assert!(check_posts(seats(Committee::ResidentsCommittee), &with_members(8)).is_ok());
        assert!(check_posts(seats(Committee::ResidentsCommittee), &with_members(9)).is_err());
        assert!(check_posts(seats(Committee::VillagersCommittee), &with_members(2)).is_ok());
        assert!(check_posts(seats(Committee::VillagersCommittee), &with_members(1)).is_err());
        assert!(check_posts(seats(Committee::VillagersCommittee), &with_members(7)).is_err());
    }

    #[test]
    fn a_committee_has_exactly_one_director() {
        let no_director = vec![PostSpec::new("member", 5)];
        assert_eq!(
            check_posts(seats(Committee::ResidentsCommittee), &no_director).unwrap_err().code,
            "election-needs-one-director"
        );
    }

    #[test]
    fn the_standard_ballots_are_lawful() {
        for committee in [Committee::ResidentsCommittee, Committee::VillagersCommittee] {
            assert!(check_posts(seats(committee), &standard_posts(committee)).is_ok());
        }
    }
}
