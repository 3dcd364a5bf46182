//! Community self-governance (3B): unified term elections and their voter registers.

pub mod ballots;
mod elections;
mod results;

pub use ballots::{BallotBox, IssuedCode};
pub use elections::{ElectionView, NewUnifiedElection, UnifiedElectionView};
pub use results::{BallotSheet, PublicResult};
