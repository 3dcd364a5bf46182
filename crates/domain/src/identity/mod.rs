//! Accounts, roles and what each role may do (6A). Scopes are checked in the app layer
//! against the region tree; here are only the pure rules.

mod password;
mod role;

pub use password::check_password_policy;
pub use role::{Permission, Placement, Role, Scope};
