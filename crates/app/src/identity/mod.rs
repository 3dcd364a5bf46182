//! Identity (6A): accounts, password login with lock-out, sessions, API tokens, and
//! account management within an admin's own scope.

mod accounts;
mod secrets;
mod sessions;

pub use accounts::{AccountView, NewAccount};
pub(crate) use accounts::{account_with_role, check_login, insert_account_in, insert_grant_in};
pub(crate) use secrets::hash_password_blocking;
pub use secrets::{hash_password, random_token, token_hash, well_formed_token};
pub(crate) use sessions::live_tokens;
pub use sessions::{CachedSession, LoginOutcome, SessionInfo};
