//! Community self-governance (3B): unified term elections and their voter registers.

mod elections;

pub use elections::{ElectionView, NewUnifiedElection, UnifiedElectionView};
