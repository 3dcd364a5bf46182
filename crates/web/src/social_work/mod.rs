//! Social workers (5A–5D): the registry, registration and renewal, continuing education,
//! posts and hires under the certificate gate.

mod api;
mod evaluation;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::floor::AppState;

pub fn api_routes(router: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    router
        .routes(routes!(api::list_social_workers, api::add_social_worker))
        .routes(routes!(api::get_social_worker))
        .routes(routes!(api::add_training))
        .routes(routes!(api::update_certificate))
        .routes(routes!(api::apply_for_registration))
        .routes(routes!(api::registration_step))
        .routes(routes!(api::renew_registration))
        .routes(routes!(api::add_post))
        .routes(routes!(api::get_post))
        .routes(routes!(api::hire))
        .routes(routes!(api::set_gate))
        .routes(routes!(evaluation::evaluate, evaluation::evaluations))
        .routes(routes!(evaluation::set_rules))
}
