//! Residents' meetings, representative meetings and deliberation (3B; organic law Arts.
//! 9–10, RULES.md): quorum, motions, and the requests that oblige a meeting.

use serde::{Deserialize, Serialize};

use crate::Violation;

named_enum!(
    /// The kinds of meeting a community holds.
    MeetingKind {
        /// 居民（村民）会议: all adult residents, or one per household.
        ResidentsMeeting = "residents_meeting",
        /// 居民（村民）代表会议.
        RepresentativesMeeting = "representatives_meeting",
        /// 议事协商会: deliberation and consultation with residents and organisations.
        Deliberation = "deliberation",
    }
);

named_enum!(
    /// How far a decision of a meeting has been carried out.
    FollowUp {
        /// The motion failed: nothing to carry out.
        NotAdopted = "not_adopted",
        Pending = "pending",
        InProgress = "in_progress",
        Done = "done",
    }
);

named_enum!(
    /// Who asks for a residents' meeting (Art. 10).
    RequestBasis {
        /// 1/5 of the adult residents.
        AdultResidents = "adult_residents",
        /// 1/5 of the households.
        Households = "households",
        /// 1/3 of the residents' groups.
        ResidentsGroups = "residents_groups",
    }
);

/// A meeting may decide only with more than half of its members present (Art. 9).
pub fn quorate(members: u32, present: u32) -> bool {
    u64::from(present) * 2 > u64::from(members)
}

/// The votes on one motion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    pub yes: u32,
    pub no: u32,
    pub abstain: u32,
}

/// Checks a meeting's attendance and votes: no more present than members, no more votes
/// on a motion than people present.
pub fn check_record(members: u32, present: u32, tallies: &[Tally]) -> Result<(), (Option<usize>, Violation)> {
    if present > members {
        return Err((None, Violation::new("meeting-more-present-than-members").with("members", members)));
    }
    for (i, t) in tallies.iter().enumerate() {
        if u64::from(t.yes) + u64::from(t.no) + u64::from(t.abstain) > u64::from(present) {
            return Err((Some(i), Violation::new("motion-more-votes-than-present").with("present", present)));
        }
    }
    Ok(())
}

/// A motion passes with more than half of those present, at a quorate meeting (Art. 9).
pub fn motion_passed(members: u32, present: u32, tally: Tally) -> bool {
    quorate(members, present) && u64::from(tally.yes) * 2 > u64::from(present)
}

/// Whether a request obliges the committee to call a residents' meeting (Art. 10): at
/// least 1/5 of adults or households, or 1/3 of the residents' groups.
pub fn request_obliges_meeting(basis: RequestBasis, supporters: u32, total: u32) -> bool {
    if total == 0 || supporters > total {
        return false;
    }
    let parts = match basis {
        RequestBasis::AdultResidents | RequestBasis::Households => 5,
        RequestBasis::ResidentsGroups => 3,
    };
    u64::from(supporters) * parts >= u64::from(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tally(yes: u32) -> Tally {
        Tally { yes, no: 0, abstain: 0 }
    }

    #[test]
    fn exactly_half_present_is_no_quorum() {
        assert!(!quorate(100, 50));
        assert!(quorate(100, 51));
        assert!(!quorate(101, 50));
        assert!(quorate(101, 51));
    }

    #[test]
    fn a_motion_needs_more_than_half_of_those_present() {
        assert!(!motion_passed(100, 60, tally(30)));
        assert!(motion_passed(100, 60, tally(31)));
        assert!(!motion_passed(100, 50, tally(50)), "unanimous, but no quorum");
    }

    #[test]
    fn a_fifth_of_adults_or_households_or_a_third_of_groups_oblige_a_meeting() {
        assert!(request_obliges_meeting(RequestBasis::AdultResidents, 200, 1000));
        assert!(!request_obliges_meeting(RequestBasis::AdultResidents, 199, 1000));
        assert!(request_obliges_meeting(RequestBasis::Households, 61, 301));
        assert!(!request_obliges_meeting(RequestBasis::Households, 60, 301));
        assert!(request_obliges_meeting(RequestBasis::ResidentsGroups, 3, 9));
        assert!(!request_obliges_meeting(RequestBasis::ResidentsGroups, 2, 9));
        assert!(!request_obliges_meeting(RequestBasis::ResidentsGroups, 10, 9), "more supporters than there are");
    }

    #[test]
    fn no_more_votes_than_people_present() {
        assert!(check_record(10, 6, &[Tally { yes: 3, no: 2, abstain: 1 }]).is_ok());
        let err = check_record(10, 6, &[tally(1), Tally { yes: 4, no: 2, abstain: 1 }]).unwrap_err();
        assert_eq!((err.0, err.1.code), (Some(1), "motion-more-votes-than-present"));
        assert_eq!(check_record(10, 11, &[]).unwrap_err().1.code, "meeting-more-present-than-members");
    }
}
