//! Volunteers led by social workers (5E): the registry, activities with QR check-in, the
//! hours ledger, stars and proofs; the volunteer's phone pages, the organiser's pages and
//! the public ledger and proof verification.

mod api;
mod figures;
mod teams;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::floor::AppState;

pub fn api_routes(router: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    router
        .routes(routes!(api::list_volunteers, api::register_volunteer))
        .routes(routes!(api::get_volunteer))
        .routes(routes!(api::approve_volunteer))
        .routes(routes!(api::record_hours))
        .routes(routes!(api::proofs, api::issue_proof))
        .routes(routes!(api::set_stars))
        .routes(routes!(api::activities, api::add_activity))
        .routes(routes!(api::sign_up))
        .routes(routes!(api::check_in))
        .routes(routes!(api::check_out))
        .routes(routes!(api::token))
        .routes(routes!(api::confirm))
        .routes(routes!(api::correct))
        .routes(routes!(api::ledger))
        .routes(routes!(api::ledger_entries))
        .routes(routes!(api::check_head))
        .routes(routes!(api::verify_proof))
        // Teams led by social workers and the linkage figures (issue 14 points 2 and 7).
        .routes(routes!(teams::list_teams, teams::create_team))
        .routes(routes!(teams::get_team))
        .routes(routes!(teams::set_guide))
        .routes(routes!(teams::add_member))
        .routes(routes!(teams::leave))
        .routes(routes!(teams::record_training))
        .routes(routes!(figures::figures))
        .routes(routes!(figures::export))
}
