//! Volunteers led by social workers (5E): the registry, activities with QR check-in, the
//! hours ledger, stars and proofs; the volunteer's phone pages, the organiser's pages and
//! the public ledger and proof verification.

mod activity_pages;
mod api;
mod figures;
mod imports;
mod me;
mod pages;
mod pdf;
mod public;
mod stars;
mod teams;

use axum::Router;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::floor::AppState;
use crate::floor::i18n::{self, Lang};
use crate::floor::limit::{HOURS_UPLOAD_LIMIT, UPLOAD_LIMIT, larger_bodies};

pub fn api_routes(router: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    router
        .routes(routes!(api::list_volunteers, api::register_volunteer))
        .routes(routes!(api::get_volunteer))
        .routes(routes!(api::approve_volunteer))
        .routes(routes!(api::merge))
        .routes(routes!(api::record_hours))
        .routes(routes!(api::proofs, api::issue_proof))
        .routes(routes!(api::set_stars))
        .routes(routes!(api::activities, api::add_activity))
        .routes(routes!(api::sign_up))
        .routes(routes!(api::cancel_signup))
        .routes(routes!(api::check_in))
        .routes(routes!(api::check_out))
        .routes(routes!(api::token))
        .routes(routes!(api::confirm))
        .routes(routes!(api::correct))
        .routes(routes!(api::ledger))
        .routes(routes!(api::ledger_entries))
        .routes(routes!(api::check_head))
        .routes(routes!(api::verify_proof))
        .routes(routes!(api::correction_requests, api::request_correction))
        .routes(routes!(api::answer_correction))
        // The optional star application and public notice (issue 14 point 6).
        .routes(routes!(stars::set_rule))
        .routes(routes!(stars::applications, stars::apply_api))
        .routes(routes!(stars::review_api))
        .routes(routes!(stars::award_api))
        .routes(routes!(stars::answer_api))
        .routes(routes!(stars::notices_api))
        .routes(routes!(stars::object_api))
        // Teams led by social workers and the linkage figures (issue 14 points 2 and 7).
        .routes(routes!(teams::list_teams, teams::create_team))
        .routes(routes!(teams::get_team))
        .routes(routes!(teams::set_guide))
        .routes(routes!(teams::add_member))
        .routes(routes!(teams::leave))
        .routes(routes!(teams::record_training))
        .routes(routes!(figures::figures))
        .routes(routes!(figures::export))
        .merge(OpenApiRouter::new().routes(routes!(imports::import_hours)).layer(larger_bodies(HOURS_UPLOAD_LIMIT)))
        .merge(OpenApiRouter::new().routes(routes!(imports::import_volunteers)).layer(larger_bodies(UPLOAD_LIMIT)))
}

pub fn pages() -> Router<AppState> {
    Router::new()
        .merge(pages::router())
        .merge(activity_pages::router())
        .merge(me::router())
        .merge(public::router())
        .merge(stars::router())
        .merge(teams::router())
        .merge(figures::router())
}

/// Minutes as people read them: 12 小时 5 分, 12 h 5 min.
fn hm(lang: Lang, minutes: i64) -> String {
    let args = [("h", (minutes / 60).to_string()), ("m", (minutes % 60).to_string())];
    i18n::message(lang, "vol-hm", &args)
}

/// The ticked service fields of a posted form.
fn fields_of(pairs: &[(String, String)]) -> Vec<String> {
    pairs.iter().filter(|(k, _)| k == "service_fields").map(|(_, v)| v.clone()).collect()
}

/// An activity's time in the deployment's zone: 12-01 09:00–11:30, or with both dates.
fn local_span(
    start: &chrono::DateTime<chrono::Utc>,
    end: &chrono::DateTime<chrono::Utc>,
    offset_minutes: i32,
) -> String {
    let zone =
        chrono::FixedOffset::east_opt(offset_minutes * 60).unwrap_or(chrono::FixedOffset::east_opt(0).expect("UTC"));
    let (s, e) = (start.with_timezone(&zone), end.with_timezone(&zone));
    if s.date_naive() == e.date_naive() {
        format!("{} – {}", s.format("%Y-%m-%d %H:%M"), e.format("%H:%M"))
    } else {
        format!("{} – {}", s.format("%Y-%m-%d %H:%M"), e.format("%Y-%m-%d %H:%M"))
    }
}

/// The status a refused form comes back with: 409 when a rule of the record's state
/// refused it, 403 when the caller may not, 422 when what was typed is wrong.
fn refusal_status(error: &app::AppError) -> axum::http::StatusCode {
    match error {
        app::AppError::Conflict(_) => axum::http::StatusCode::CONFLICT,
        app::AppError::Forbidden => axum::http::StatusCode::FORBIDDEN,
        _ => axum::http::StatusCode::UNPROCESSABLE_ENTITY,
    }
}
