//! The signed-in account and its scoped roles: every use case asks the actor before it
//! reads or writes, and answers "not found" for anything outside its scope.

use domain::identity::{Permission, Placement, Role, Scope};
use serde::Serialize;

use crate::{AppError, RegionTree};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Grant {
    pub role: Role,
    pub scope: Scope,
}

#[derive(Debug, Clone, Serialize)]
pub struct Actor {
    pub account_id: i64,
    pub username: String,
    pub display_name: String,
    pub grants: Vec<Grant>,
}

impl Actor {
    /// The region subtrees in which the actor holds `permission`.
    pub fn regions_with(&self, permission: Permission) -> Vec<&str> {
        self.grants
            .iter()
            .filter(|g| g.role.may(permission))
            .filter_map(|g| match &g.scope {
                Scope::Region(code) => Some(code.as_str()),
                Scope::Organization(_) | Scope::SupervisingUnit(_) => None,
            })
            .collect()
    }

    /// Whether the actor holds `permission` on the region `code` (or an ancestor of it).
    pub fn may(&self, permission: Permission, code: &str, tree: &RegionTree) -> bool {
        self.regions_with(permission).into_iter().any(|scope| tree.contains(scope, code))
    }

    /// Fails with `NotFound` when the region is outside the actor's scope for reading,
    /// and with `Forbidden` when it is visible but the permission is missing.
    pub fn require(&self, permission: Permission, code: &str, tree: &RegionTree) -> Result<(), AppError> {
        if self.may(permission, code, tree) {
            Ok(())
        } else if self.may(Permission::ReadCommunity, code, tree) {
            Err(AppError::Forbidden)
        } else {
            Err(AppError::NotFound)
        }
    }

    /// Whether the actor may grant `role` over the region `code`, by a role it holds over
    /// that region or above it (`Role::may_grant`).
    pub fn may_grant(&self, role: Role, code: &str, tree: &RegionTree) -> bool {
        self.grants.iter().any(|g| match &g.scope {
            Scope::Region(own) if own == code => g.role.may_grant(role, Placement::Own),
            Scope::Region(own) if tree.contains(own, code) => g.role.may_grant(role, Placement::Below),
            _ => false,
        })
    }

    /// The roles the actor may grant somewhere, for the account form.
    pub fn grantable_roles(&self) -> Vec<Role> {
        let grants_it = |role: Role| {
            self.grants.iter().any(|g| [Placement::Own, Placement::Below].iter().any(|p| g.role.may_grant(role, *p)))
        };
        Role::all().iter().copied().filter(|r| grants_it(*r)).collect()
    }

    /// The supervising units whose staff the actor is.
    pub fn supervising_units(&self) -> Vec<i64> {
        self.grants
            .iter()
            .filter_map(|g| match g.scope {
                Scope::SupervisingUnit(id) if g.role == Role::SupervisingUnit => Some(id),
                _ => None,
            })
            .collect()
    }

    /// The organisations whose own account the actor is.
    pub fn organizations(&self) -> Vec<i64> {
        self.grants
            .iter()
            .filter_map(|g| match g.scope {
                Scope::Organization(id) if g.role == Role::Organization => Some(id),
                _ => None,
            })
            .collect()
    }

    /// Whether the actor holds `permission` anywhere (to show or hide a menu entry).
    pub fn has_anywhere(&self, permission: Permission) -> bool {
        self.grants.iter().any(|g| g.role.may(permission))
    }

    /// The widest region the actor is granted anything in, for the top bar and the audit.
    pub fn home_region(&self) -> Option<&str> {
        self.grants
            .iter()
            .filter_map(|g| match &g.scope {
                Scope::Region(code) => Some(code.as_str()),
                Scope::Organization(_) | Scope::SupervisingUnit(_) => None,
            })
            .min_by_key(|c| c.len())
    }
}
