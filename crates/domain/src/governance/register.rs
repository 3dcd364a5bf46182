//! The voter register's procedures before the vote (RULES.md, Arts. 12–14, 20, 25):
//! objections to the register, self-nominations and written proxies.

use chrono::NaiveDate;

use super::election::ScheduleRules;
use crate::Violation;

named_enum!(
    /// What an objection to the published register says.
    ObjectionKind {
        /// A person who may vote is missing.
        Omitted = "omitted",
        /// A person on the register may not vote here.
        WronglyIncluded = "wrongly_included",
    }
);

named_enum!(
    /// The election committee's decision on an objection.
    ObjectionDecision {
        Upheld = "upheld",
        Rejected = "rejected",
    }
);

named_enum!(
    /// The close relatives a voter may give a written proxy to (Art. 25).
    Kinship {
        Spouse = "spouse",
        Parent = "parent",
        Child = "child",
        Sibling = "sibling",
        Grandparent = "grandparent",
        Grandchild = "grandchild",
    }
);

impl Kinship {
    /// Whether two elected members so related cannot both sit (Art. 31: spouses, parents
    /// and children, siblings; grandparents and grandchildren may).
    pub fn avoided_in_office(self) -> bool {
        matches!(self, Self::Spouse | Self::Parent | Self::Child | Self::Sibling)
    }
}

/// An objection may be filed from the day the register is published until the rule's
/// days after it.
pub fn check_objection_filed(
    rules: &ScheduleRules,
    published: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<(), Violation> {
    let published = published.ok_or_else(|| Violation::new("register-not-published"))?;
    let close = rules.objections_close(published);
    if today > close {
        return Err(Violation::new("objection-too-late").with("close", close));
    }
    Ok(())
}

/// Self-nominations close the rule's days before the vote (Art. 20).
pub fn check_nomination_filed(rules: &ScheduleRules, vote_date: NaiveDate, today: NaiveDate) -> Result<(), Violation> {
    let close = rules.schedule(vote_date).nominations_close;
    if today > close {
        return Err(Violation::new("nomination-too-late").with("close", close));
    }
    Ok(())
}

/// What the register already says about the two people of a new proxy.
#[derive(Debug, Clone, Copy, Default)]
pub struct ProxyFacts {
    pub same_person: bool,
    pub grantor_has_given_one: bool,
    /// The holder has given a proxy away (no re-delegation).
    pub holder_has_given_one: bool,
    /// The grantor already carries proxies of others.
    pub grantor_holds_others: bool,
    pub holder_is_nominee: bool,
    /// Proxies the holder carries already.
    pub holder_carries: usize,
}

/// Art. 25: a written proxy to a close relative who is a voter and not a candidate, filed
/// the rule's days before the vote; one holder carries at most the rule's number; no
/// re-delegation.
pub fn check_proxy(
    rules: &ScheduleRules,
    vote_date: NaiveDate,
    today: NaiveDate,
    facts: ProxyFacts,
) -> Result<(), Violation> {
    let by = rules.schedule(vote_date).proxies_filed_by;
    if today > by {
        return Err(Violation::new("proxy-too-late").with("by", by));
    }
    if facts.same_person {
        return Err(Violation::new("proxy-to-self"));
    }
    if facts.grantor_has_given_one {
        return Err(Violation::new("proxy-already-given"));
    }
    if facts.holder_has_given_one || facts.grantor_holds_others {
        return Err(Violation::new("proxy-redelegated"));
    }
    if facts.holder_is_nominee {
        return Err(Violation::new("proxy-holder-is-candidate"));
    }
    if facts.holder_carries >= rules.max_proxies_per_holder {
        return Err(Violation::new("proxy-holder-full").with("max", rules.max_proxies_per_holder));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
    }

    #[test]
    fn objections_are_taken_until_the_fifth_day_after_publication() {
        let rules = ScheduleRules::default();
        assert!(check_objection_filed(&rules, Some(day(1)), day(6)).is_ok());
        assert_eq!(check_objection_filed(&rules, Some(day(1)), day(7)).unwrap_err().code, "objection-too-late");
        assert_eq!(check_objection_filed(&rules, None, day(1)).unwrap_err().code, "register-not-published");
    }

    #[test]
    fn nominations_close_ten_days_before_the_vote() {
        let rules = ScheduleRules::default();
        assert!(check_nomination_filed(&rules, day(21), day(11)).is_ok());
        assert_eq!(check_nomination_filed(&rules, day(21), day(12)).unwrap_err().code, "nomination-too-late");
    }

    #[test]
    fn a_holder_carries_at_most_three_proxies_filed_three_days_ahead() {
        let rules = ScheduleRules::default();
        let vote = day(21);
        let carrying = |n| ProxyFacts { holder_carries: n, ..Default::default() };
        assert!(check_proxy(&rules, vote, day(18), carrying(2)).is_ok());
        assert_eq!(check_proxy(&rules, vote, day(18), carrying(3)).unwrap_err().code, "proxy-holder-full");
        assert_eq!(check_proxy(&rules, vote, day(19), carrying(0)).unwrap_err().code, "proxy-too-late");
    }

    #[test]
    fn proxies_are_not_passed_on_nor_given_to_candidates() {
        let rules = ScheduleRules::default();
        let refused = |facts| check_proxy(&rules, day(21), day(1), facts).unwrap_err().code;
        assert_eq!(refused(ProxyFacts { holder_has_given_one: true, ..Default::default() }), "proxy-redelegated");
        assert_eq!(refused(ProxyFacts { grantor_holds_others: true, ..Default::default() }), "proxy-redelegated");
        assert_eq!(refused(ProxyFacts { holder_is_nominee: true, ..Default::default() }), "proxy-holder-is-candidate");
        assert_eq!(refused(ProxyFacts { grantor_has_given_one: true, ..Default::default() }), "proxy-already-given");
        assert_eq!(refused(ProxyFacts { same_person: true, ..Default::default() }), "proxy-to-self");
    }
}
