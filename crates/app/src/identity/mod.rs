//! Identity (6A): accounts, password login with lock-out, sessions, API tokens, and
//! account management within an admin's own scope.

mod accounts;
mod secrets;
mod sessions;

pub(crate) use accounts::insert_account_in;
pub use accounts::{AccountView, NewAccount};
pub use secrets::{hash_password, random_token};
pub use sessions::{CachedSession, LoginOutcome, SessionInfo};
