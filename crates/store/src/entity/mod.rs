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
pub mod nomination;
pub mod paper_batch;
pub mod paper_entry;
pub mod person;
pub mod post;
pub mod proxy;
pub mod region;
pub mod register_objection;
pub mod role_grant;
pub mod session;
pub mod unified_election;
pub mod voter;
