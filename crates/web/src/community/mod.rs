//! The community registry (3A).

mod api;
mod pages;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::floor::AppState;
use crate::floor::limit::{UPLOAD_LIMIT, larger_bodies};

pub use pages::router as pages;

pub fn api_routes(router: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    router
        .routes(routes!(api::list_communities))
        .routes(routes!(api::get_community))
        .routes(routes!(api::update_profile))
        .routes(routes!(api::add_post))
        .routes(routes!(api::end_post))
        .routes(routes!(api::reveal_id_number))
        .merge(OpenApiRouter::new().routes(routes!(api::import_posts)).layer(larger_bodies(UPLOAD_LIMIT)))
        .routes(routes!(api::export_posts))
}
