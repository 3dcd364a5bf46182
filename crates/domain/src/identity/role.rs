use serde::{Deserialize, Serialize};

/// A role is always granted with a scope: a region subtree or one organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    CityAdmin,
    CountyAdmin,
    TownshipAdmin,
    CommunityAdmin,
    Registrar,
    SupervisingUnit,
    Finance,
    SocialWorker,
    Volunteer,
    Resident,
    /// A social organisation's own account: files its applications and annual reports.
    Organization,
}

/// What a grant applies to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "value")]
pub enum Scope {
    /// The region with this code and everything below it.
    Region(String),
    /// One organisation, by id.
    Organization(i64),
    /// The organisations one supervising unit supervises, by the unit's id.
    SupervisingUnit(i64),
}

/// Actions checked on every route; a role grants some of them within its scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    ReadCommunity,
    WriteCommunity,
    /// See personal data (ID numbers, phones) unmasked; each reveal is audited.
    RevealPersonalData,
    ExportData,
    ManageAccounts,
    ReadAudit,
    /// Open a unified term election for the communities below (a city or a county).
    OrganiseElections,
    /// See the social-organisation registry and its complaints.
    ReadOrganizations,
    /// Register, change and deregister social organisations; decide on complaints.
    RegisterOrganizations,
    /// Keep the social-worker registry (5A–5D): profiles, registration, training, posts and
    /// hires. The social-work office acts through its level's administrator accounts; a
    /// `social_worker` account reads only its own record, checked per record.
    ManageSocialWorkers,
    /// Keep the volunteer registry (5E): register and approve volunteers, run activities,
    /// record hours and issue proofs for the level's office. Organisations do the same for
    /// their own activities through their `organization` account, checked per record.
    ManageVolunteers,
}

pub const ALL_ROLES: [Role; 11] = [
    Role::CityAdmin,
    Role::CountyAdmin,
    Role::TownshipAdmin,
    Role::CommunityAdmin,
    Role::Registrar,
    Role::SupervisingUnit,
    Role::Finance,
    Role::SocialWorker,
    Role::Volunteer,
    Role::Resident,
    Role::Organization,
];

impl Role {
    pub fn all() -> &'static [Role] {
        &ALL_ROLES
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::CityAdmin => "city_admin",
            Self::CountyAdmin => "county_admin",
            Self::TownshipAdmin => "township_admin",
            Self::CommunityAdmin => "community_admin",
            Self::Registrar => "registrar",
            Self::SupervisingUnit => "supervising_unit",
            Self::Finance => "finance",
            Self::SocialWorker => "social_worker",
            Self::Volunteer => "volunteer",
            Self::Resident => "resident",
            Self::Organization => "organization",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        ALL_ROLES.into_iter().find(|r| r.as_str() == text)
    }

    /// Whether the account form may grant the role over a region: an organisation's own
    /// account belongs to one organisation and is opened from that organisation's page.
    pub fn granted_over_a_region(self) -> bool {
        self != Self::Organization
    }

    fn is_admin(self) -> bool {
        matches!(self, Self::CityAdmin | Self::CountyAdmin | Self::TownshipAdmin | Self::CommunityAdmin)
    }

    /// The permissions a role carries within its scope.
    pub fn may(self, permission: Permission) -> bool {
        use Permission::*;
        match permission {
            ReadCommunity => self.is_admin() || matches!(self, Self::SocialWorker),
            WriteCommunity | ExportData | ReadAudit => self.is_admin(),
            RevealPersonalData => self.is_admin(),
            // Community admins keep their committee's records but do not hand out accounts;
            // a registrar's office opens its subordinate offices' accounts.
            ManageAccounts => (self.is_admin() && self != Self::CommunityAdmin) || self == Self::Registrar,
            OrganiseElections => matches!(self, Self::CityAdmin | Self::CountyAdmin),
            // Supervising units and organisations read theirs through their own scopes.
            ReadOrganizations => self.is_admin() || self == Self::Registrar,
            RegisterOrganizations => self == Self::Registrar,
            ManageSocialWorkers | ManageVolunteers => self.is_admin(),
        }
    }

    /// The roles that only read (or act for themselves): any administrator may grant them.
    fn only_reads(self) -> bool {
        matches!(self, Self::SocialWorker | Self::Volunteer | Self::Resident)
    }

    /// Whether an account with this role may grant `other` at `placement` from the region
    /// it holds the role in. An administrator grants administrators of a lower tier below
    /// its region, and the roles that only read in or below it; a registrar's office grants
    /// registrars below it. No one grants a peer, a higher role or another department's
    /// role (registrars, finance, supervising units are their departments' own).
    pub fn may_grant(self, other: Role, placement: Placement) -> bool {
        let tier = |r: Role| match r {
            Role::CityAdmin => 0,
            Role::CountyAdmin => 1,
            Role::TownshipAdmin => 2,
            _ => 3,
        };
        if !self.may(Permission::ManageAccounts) {
            return false;
        }
        if self == Self::Registrar {
            return other == Self::Registrar && placement == Placement::Below;
        }
        if other.is_admin() { placement == Placement::Below && tier(other) > tier(self) } else { other.only_reads() }
    }
}

/// Where a grant lies from the region of the grantor's own role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// The grantor's region itself.
    Own,
    /// Strictly inside it.
    Below,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_through_their_names() {
        for role in Role::all() {
            assert_eq!(Role::parse(role.as_str()), Some(*role));
        }
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn only_admins_change_community_records() {
        assert!(Role::CommunityAdmin.may(Permission::WriteCommunity));
        assert!(!Role::SocialWorker.may(Permission::WriteCommunity));
        assert!(Role::SocialWorker.may(Permission::ReadCommunity));
        assert!(!Role::Resident.may(Permission::ReadCommunity));
        assert!(!Role::Volunteer.may(Permission::RevealPersonalData));
    }

    #[test]
    fn only_registrars_register_organisations() {
        assert!(Role::Registrar.may(Permission::RegisterOrganizations));
        assert!(Role::Registrar.may(Permission::ReadOrganizations));
        assert!(!Role::Registrar.may(Permission::WriteCommunity));
        assert!(Role::CountyAdmin.may(Permission::ReadOrganizations));
        assert!(!Role::CityAdmin.may(Permission::RegisterOrganizations));
        assert!(!Role::SupervisingUnit.may(Permission::ReadOrganizations));
    }

    #[test]
    fn admins_keep_the_social_worker_registry_and_social_workers_do_not() {
        assert!(Role::TownshipAdmin.may(Permission::ManageSocialWorkers));
        assert!(Role::CityAdmin.may(Permission::ManageSocialWorkers));
        for other in [Role::SocialWorker, Role::Registrar, Role::Volunteer, Role::Organization] {
            assert!(!other.may(Permission::ManageSocialWorkers), "{other:?}");
        }
    }

    #[test]
    fn admins_grant_lower_admins_below_them_and_readers_and_registrars_grant_registrars_below() {
        use Placement::*;
        assert!(Role::CountyAdmin.may_grant(Role::TownshipAdmin, Below));
        assert!(!Role::CountyAdmin.may_grant(Role::TownshipAdmin, Own), "a township role over a county");
        assert!(!Role::CountyAdmin.may_grant(Role::CountyAdmin, Below), "a peer");
        assert!(!Role::CountyAdmin.may_grant(Role::CityAdmin, Below), "a higher role");
        assert!(Role::CountyAdmin.may_grant(Role::SocialWorker, Own));
        for department in [Role::Registrar, Role::Finance, Role::SupervisingUnit, Role::Organization] {
            assert!(!Role::CityAdmin.may_grant(department, Below), "{department:?} is another department's");
        }
        assert!(Role::Registrar.may_grant(Role::Registrar, Below));
        assert!(!Role::Registrar.may_grant(Role::Registrar, Own), "a peer registrar");
        assert!(!Role::Registrar.may_grant(Role::SocialWorker, Below));
        assert!(!Role::CommunityAdmin.may_grant(Role::Resident, Own));
        assert!(!Role::Finance.may_grant(Role::Finance, Below));
    }
}
