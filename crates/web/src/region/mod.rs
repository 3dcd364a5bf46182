//! The region tree (2E).

mod api;
mod pages;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::floor::AppState;

pub use pages::router as pages;

pub fn api_routes(router: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    router.routes(routes!(api::get_region)).routes(routes!(api::get_calendar_year, api::set_calendar_year))
}
