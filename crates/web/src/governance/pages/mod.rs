//! The pages of governance.

mod disclosure;
mod elections;
mod meetings;
mod residents;
mod voting;

use axum::Router;

use crate::floor::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(disclosure::router())
        .merge(elections::router())
        .merge(meetings::router())
        .merge(residents::router())
        .merge(voting::router())
}
