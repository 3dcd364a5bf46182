//! Community self-governance (3B): unified term elections and their voter registers.

pub mod ballots;
mod elections;

pub use ballots::{BallotBox, IssuedCode};
pub use elections::{ElectionView, NewUnifiedElection, UnifiedElectionView};
