//! Accounts, sessions and API tokens (6A).

mod api;
mod pages;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::floor::AppState;

pub use pages::router as pages;

pub fn api_routes(router: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    router
        .routes(routes!(api::login))
        .routes(routes!(api::logout))
        .routes(routes!(api::me))
        .routes(routes!(api::create_token))
        .routes(routes!(api::list_accounts, api::create_account))
        .routes(routes!(api::unlock_account))
}
