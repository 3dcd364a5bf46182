//! Pure types and rules of Sanshe: no I/O, no clocks, no database.
//! Every rule here is a plain function over plain data so it can be tested exhaustively.

pub mod audit;
pub mod community;
pub mod governance;
pub mod identifiers;
pub mod identity;
pub mod region;
mod violation;

pub use violation::{FieldError, Violation};
