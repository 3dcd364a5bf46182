//! Social workers (5A–5D): the registry, registration and renewal, continuing education,
//! posts and hires under the certificate gate, training bases, the expert pool and supervision.

mod api;
mod city;
mod city_pages;
mod employer;
mod evaluation;
mod pages;
mod pay;
mod pay_rules;
mod supervision;
mod workflow_pages;

use axum::Router;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::floor::AppState;
use crate::floor::limit::{UPLOAD_LIMIT, larger_bodies};

pub fn api_routes(router: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    router
        .merge(OpenApiRouter::new().routes(routes!(api::import_social_workers)).layer(larger_bodies(UPLOAD_LIMIT)))
        .merge(OpenApiRouter::new().routes(routes!(employer::import_contributions)).layer(larger_bodies(UPLOAD_LIMIT)))
        .routes(routes!(employer::organization_staff))
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
        .routes(routes!(api::end_hire))
        .routes(routes!(api::set_gate))
        .routes(routes!(api::social_work_figures))
        .routes(routes!(api::record_contribution))
        .routes(routes!(api::contributions))
        .routes(routes!(supervision::list_training_bases, supervision::add_training_base))
        .routes(routes!(supervision::list_experts, supervision::add_expert))
        .routes(routes!(supervision::add_supervision))
        .routes(routes!(supervision::get_supervision))
        .routes(routes!(supervision::add_session))
        .routes(routes!(supervision::end_supervision))
        .routes(routes!(supervision::expert_leaves))
        .routes(routes!(supervision::worker_supervisions))
        .routes(routes!(supervision::set_ratio))
        .routes(routes!(supervision::figures))
        .routes(routes!(evaluation::evaluate, evaluation::evaluations))
        .routes(routes!(evaluation::set_rules))
        .routes(routes!(city::record_local_qualification))
        .routes(routes!(city::city_courses, city::add_city_course))
        .routes(routes!(city::city_course))
        .routes(routes!(city::record_attendance))
        .routes(routes!(pay::pay_tiers, pay::set_pay_tiers))
        .routes(routes!(pay::title_allowance, pay::set_title_allowance))
        .routes(routes!(pay::title_allowances))
        .routes(routes!(pay::add_award))
}

/// The social-work pages: the office's, the worker's own and the employer's.
pub fn pages() -> Router<AppState> {
    pages::router()
        .merge(city_pages::router())
        .merge(pay::pages())
        .merge(workflow_pages::router())
        .merge(pay_rules::router())
        .merge(employer::pages())
}
