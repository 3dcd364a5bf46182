//! Volunteers led by social workers (5E): star levels from confirmed hours (and the
//! optional application and public notice before one is awarded), the
//! append-only hours ledger chained per organisation, the rules on service time (no
//! overlap, at most 24 hours a day) and the minute-by-minute check-in token. Pure rules;
//! the records and their writes are in `app::volunteer`.

pub mod activity;
pub mod award;
pub mod checkin;
pub mod ledger;
pub mod service;
pub mod stars;
