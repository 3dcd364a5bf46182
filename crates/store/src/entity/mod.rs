//! SeaORM entities, one per table; the same definitions serve SQLite and PostgreSQL.

pub mod account;
pub mod api_token;
pub mod audit_head;
pub mod audit_log;
pub mod ballot;
pub mod ballot_mark;
pub mod community;
pub mod community_body;
pub mod election;
pub mod person;
pub mod post;
pub mod region;
pub mod role_grant;
pub mod session;
pub mod unified_election;
pub mod voter;
