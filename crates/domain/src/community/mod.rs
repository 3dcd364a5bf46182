//! The community registry (3A): each village-level unit's profile, its bodies (party
//! organisation, residents' or villagers' committee, affairs station), their posts, and
//! the people who hold them (one person may hold posts in several bodies).

use crate::Violation;

named_enum!(
    /// A community's three bodies: functions separate, people concentrated.
    BodyKind {
        PartyOrganization = "party_organization",
        ResidentsCommittee = "residents_committee",
        VillagersCommittee = "villagers_committee",
        AffairsStation = "affairs_station",
    }
);

named_enum!(
    PostTitle {
        Secretary = "secretary",
        DeputySecretary = "deputy_secretary",
        Director = "director",
        DeputyDirector = "deputy_director",
        Member = "member",
        StationHead = "station_head",
        Staff = "staff",
    }
);

named_enum!(
    Employment {
        FullTime = "full_time",
        PartTime = "part_time",
    }
);

impl BodyKind {
    /// The bodies a village-level unit has: a residents' committee in an urban community,
    /// a villagers' committee in a village.
    pub fn for_unit(urban: bool) -> [BodyKind; 3] {
        let committee = if urban { Self::ResidentsCommittee } else { Self::VillagersCommittee };
        [Self::PartyOrganization, committee, Self::AffairsStation]
    }

    /// The post titles this body has.
    pub fn titles(self) -> &'static [PostTitle] {
        use PostTitle::*;
        match self {
            Self::PartyOrganization => &[Secretary, DeputySecretary, Member],
            Self::ResidentsCommittee | Self::VillagersCommittee => &[Director, DeputyDirector, Member],
            Self::AffairsStation => &[StationHead, Staff],
        }
    }
}

impl PostTitle {
    /// A head post: a body has at most one holder of it at a time.
    pub fn is_single_seat(self) -> bool {
        matches!(self, Self::Secretary | Self::Director | Self::StationHead)
    }
}

/// Checks that the body has this post title.
pub fn check_post(body: BodyKind, title: PostTitle) -> Result<(), Violation> {
    if body.titles().contains(&title) {
        Ok(())
    } else {
        Err(Violation::new("post-not-in-body").with("title", title.as_str()).with("body", body.as_str()))
    }
}

/// Checks a community profile's counts: households and population are non-negative and a
/// household has at least one person.
pub fn check_profile_counts(households: i64, population: i64) -> Vec<crate::FieldError> {
    let mut errors = Vec::new();
    if households < 0 {
        errors.push(Violation::new("must-not-be-negative").on("households"));
    }
    if population < 0 {
        errors.push(Violation::new("must-not-be-negative").on("population"));
    }
    if households > 0 && population >= 0 && population < households {
        errors.push(Violation::new("population-below-households").on("population"));
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urban_units_get_a_residents_committee_and_villages_a_villagers_committee() {
        assert!(BodyKind::for_unit(true).contains(&BodyKind::ResidentsCommittee));
        assert!(BodyKind::for_unit(false).contains(&BodyKind::VillagersCommittee));
    }

    #[test]
    fn posts_must_belong_to_their_body() {
        assert!(check_post(BodyKind::PartyOrganization, PostTitle::Secretary).is_ok());
        assert_eq!(check_post(BodyKind::AffairsStation, PostTitle::Director).unwrap_err().code, "post-not-in-body");
    }

    #[test]
    fn population_cannot_be_below_households() {
        assert!(check_profile_counts(300, 900).is_empty());
        assert_eq!(check_profile_counts(300, 299)[0].field, "population");
        assert_eq!(check_profile_counts(-1, 0)[0].field, "households");
    }

    #[test]
    fn names_round_trip() {
        for t in PostTitle::ALL {
            assert_eq!(PostTitle::parse(t.as_str()), Some(*t));
        }
    }
}
