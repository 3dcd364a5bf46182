//! The pages of organization.

mod cultivation;
mod evaluation;
mod public;
mod registration;
mod registry;

use axum::Router;

use crate::floor::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(cultivation::router())
        .merge(evaluation::router())
        .merge(public::router())
        .merge(registration::router())
        .merge(registry::router())
}
