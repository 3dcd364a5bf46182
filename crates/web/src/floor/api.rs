//! What every JSON handler shares.

use serde::Serialize;
use utoipa::ToSchema;

/// The answer to a POST that created something: its id.
#[derive(Serialize, ToSchema)]
pub struct Created {
    pub id: i64,
}
