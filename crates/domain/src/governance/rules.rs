//! The rules an election runs by, as one set of data (RULES.md: every threshold is a
//! configurable rule, defaulting to Zhejiang's regulation): the count's shares and
//! minimums, the schedule's deadlines, and the committee sizes. A region keeps rule sets
//! with a validity period; an election takes the one in force for its community on its
//! vote date and keeps a copy.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::count::{CountRules, Share};
use super::election::{Committee, ScheduleRules};
use crate::{FieldError, Violation};

/// The total seats a committee may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeatRange {
    pub min: usize,
    pub max: usize,
}

/// Everything an election's rules say, defaulting to the regulation's numbers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ElectionRules {
    pub count: CountRules,
    pub schedule: ScheduleRules,
    /// Residents' committee: 5–9 members (organic law, Art. 7).
    pub residents_committee_seats: SeatRange,
    /// Villagers' committee: 3–7 members.
    pub villagers_committee_seats: SeatRange,
}

impl Default for ElectionRules {
    fn default() -> Self {
        Self {
            count: CountRules::default(),
            schedule: ScheduleRules::default(),
            residents_committee_seats: SeatRange { min: 5, max: 9 },
            villagers_committee_seats: SeatRange { min: 3, max: 7 },
        }
    }
}

impl ElectionRules {
    pub fn seats(&self, committee: Committee) -> SeatRange {
        match committee {
            Committee::ResidentsCommittee => self.residents_committee_seats,
            Committee::VillagersCommittee => self.villagers_committee_seats,
        }
    }

    /// Every field that makes no sense, named under `rules.`: a share that is no share
    /// (or zero), a further round without more candidates than seats, a negative number of
    /// days, nominees listed before nominations close, an empty or reversed seat range.
    pub fn check(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let count = &self.count;
        for (field, share) in [
            ("rules.count.turnout", count.turnout),
            ("rules.count.first_round", count.first_round),
            ("rules.count.further_round", count.further_round),
        ] {
            if !is_share(share) {
                errors.push(Violation::new("rules-share").on(field));
            }
        }
        if count.further_candidates_extra == 0 {
            errors.push(Violation::new("rules-at-least-one").on("rules.count.further_candidates_extra"));
        }
        if count.min_elected_to_leave_empty == 0 {
            errors.push(Violation::new("rules-at-least-one").on("rules.count.min_elected_to_leave_empty"));
        }
        let s = &self.schedule;
        for (field, days) in [
            ("rules.schedule.register_published_days_before", s.register_published_days_before),
            ("rules.schedule.objection_days", s.objection_days),
            ("rules.schedule.objection_decision_days", s.objection_decision_days),
            ("rules.schedule.nominations_close_days_before", s.nominations_close_days_before),
            ("rules.schedule.nominees_published_days_before", s.nominees_published_days_before),
            ("rules.schedule.proxies_filed_days_before", s.proxies_filed_days_before),
        ] {
            if !(0..=365).contains(&days) {
                errors.push(Violation::new("rules-days").with("max", 365).on(field));
            }
        }
        if s.nominees_published_days_before > s.nominations_close_days_before {
            errors.push(
                Violation::new("rules-nominees-before-close").on("rules.schedule.nominees_published_days_before"),
            );
        }
        if !(16..=30).contains(&s.voting_age) {
            errors.push(Violation::new("rules-voting-age").on("rules.schedule.voting_age"));
        }
        for (field, range) in [
            ("rules.residents_committee_seats", self.residents_committee_seats),
            ("rules.villagers_committee_seats", self.villagers_committee_seats),
        ] {
            if range.min == 0 || range.min > range.max || range.max > 50 {
                errors.push(Violation::new("rules-seat-range").on(field));
            }
        }
        errors
    }
}

fn is_share(share: Share) -> bool {
    share.numerator > 0 && share.denominator > 0 && share.numerator <= share.denominator
}

/// A stored rule set as the choice sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleSetPeriod<'a> {
    pub region_code: &'a str,
    pub valid_from: NaiveDate,
    pub valid_until: Option<NaiveDate>,
}

impl RuleSetPeriod<'_> {
    pub fn in_force(&self, day: NaiveDate) -> bool {
        self.valid_from <= day && self.valid_until.is_none_or(|until| day <= until)
    }
}

/// Which rule set applies to a place on a day: of those in force that day, the nearest
/// region's (the place itself, else its parent, …, else the one for everywhere, region
/// `""`); within one region the latest to start, so a new set replaces an open-ended one
/// from its first day without editing it. `lineage` runs from the root down to the place.
/// Returns the index into `sets`.
pub fn choose_rule_set(sets: &[RuleSetPeriod<'_>], lineage: &[&str], day: NaiveDate) -> Option<usize> {
    let depth = |code: &str| {
        if code.is_empty() { Some(0) } else { lineage.iter().position(|c| *c == code).map(|p| p + 1) }
    };
    sets.iter()
        .enumerate()
        .filter(|(_, s)| s.in_force(day))
        .filter_map(|(i, s)| Some((depth(s.region_code)?, s.valid_from, i)))
        .max()
        .map(|(_, _, i)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn set(region_code: &str, from: NaiveDate, until: Option<NaiveDate>) -> RuleSetPeriod<'_> {
        RuleSetPeriod { region_code, valid_from: from, valid_until: until }
    }

    #[test]
    fn the_regulations_numbers_are_the_default_and_are_sound() {
        let rules = ElectionRules::default();
        assert!(rules.check().is_empty());
        assert_eq!(rules.seats(Committee::ResidentsCommittee), SeatRange { min: 5, max: 9 });
        assert_eq!(rules.seats(Committee::VillagersCommittee), SeatRange { min: 3, max: 7 });
        assert_eq!(rules.schedule.register_published_days_before, 20);
        assert_eq!(rules.count.min_elected_to_leave_empty, 3);
    }

    #[test]
    fn a_rule_set_that_makes_no_sense_names_each_bad_field() {
        let mut rules = ElectionRules::default();
        rules.count.turnout = Share { numerator: 3, denominator: 2, strict: true };
        rules.count.further_candidates_extra = 0;
        rules.schedule.objection_days = -1;
        rules.schedule.nominees_published_days_before = 12;
        rules.residents_committee_seats = SeatRange { min: 9, max: 5 };
        let fields: Vec<String> = rules.check().into_iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                "rules.count.turnout",
                "rules.count.further_candidates_extra",
                "rules.schedule.objection_days",
                "rules.schedule.nominees_published_days_before",
                "rules.residents_committee_seats",
            ]
        );
    }

    #[test]
    fn the_nearest_regions_rule_set_in_force_on_the_day_applies() {
        let lineage = ["330000", "330400", "330402", "330402007"];
        let sets = [
            set("", day(2012, 7, 1), None),
            set("330400", day(2020, 1, 1), None),
            set("330402", day(2026, 1, 1), Some(day(2026, 12, 31))),
            set("330411", day(2020, 1, 1), None),
        ];
        assert_eq!(choose_rule_set(&sets, &lineage, day(2019, 6, 1)), Some(0), "before the city's: the default");
        assert_eq!(choose_rule_set(&sets, &lineage, day(2025, 6, 1)), Some(1), "the city's reaches its counties");
        assert_eq!(choose_rule_set(&sets, &lineage, day(2026, 6, 1)), Some(2), "the county's own is nearer");
        assert_eq!(choose_rule_set(&sets, &lineage, day(2027, 1, 1)), Some(1), "after it expires, the city's again");
        assert_eq!(choose_rule_set(&sets, &["330000", "330400", "330411"], day(2026, 6, 1)), Some(3));
        assert_eq!(choose_rule_set(&sets[1..], &lineage, day(2019, 6, 1)), None);
    }

    #[test]
    fn a_later_rule_set_of_the_same_region_replaces_an_open_ended_one_from_its_first_day() {
        let lineage = ["330400"];
        let sets = [set("330400", day(2020, 1, 1), None), set("330400", day(2027, 1, 1), None)];
        assert_eq!(choose_rule_set(&sets, &lineage, day(2026, 12, 31)), Some(0));
        assert_eq!(choose_rule_set(&sets, &lineage, day(2027, 1, 1)), Some(1));
    }
}
