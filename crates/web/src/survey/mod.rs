//! Satisfaction surveys: staff open them and print one-time codes (API and pages);
//! residents answer on a phone page at `/s/{code}`, without an account.

mod api;
mod pages;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::floor::AppState;

pub use pages::router as pages;

pub fn api_routes(router: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    router
        .routes(routes!(api::list_surveys, api::open_survey))
        .routes(routes!(api::get_survey))
        .routes(routes!(api::issue_codes))
}
