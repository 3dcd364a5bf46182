//! The JSON API of organization.

mod applications;
mod cultivation;
mod evaluation;
mod inspection;
mod registration;
mod registry;
mod sanctions;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::floor::AppState;
use crate::floor::limit::{UPLOAD_LIMIT, larger_bodies};

pub fn routes(router: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    router
        .routes(routes!(registry::register_organization, registry::list_organizations))
        .routes(routes!(inspection::party_coverage))
        .routes(routes!(inspection::export_party_coverage))
        .routes(routes!(cultivation::cultivation_counts))
        .routes(routes!(cultivation::export_cultivation))
        .routes(routes!(cultivation::file_community_organization, cultivation::list_community_organizations))
        .routes(routes!(cultivation::open_incubation_base, cultivation::list_incubation_bases))
        .routes(routes!(cultivation::incubation_base))
        .routes(routes!(cultivation::enter_incubation))
        .routes(routes!(cultivation::graduate_incubation))
        .routes(routes!(cultivation::grant_support, cultivation::list_supports))
        .routes(routes!(cultivation::record_support_result))
        .routes(routes!(registry::get_organization))
        .routes(routes!(inspection::file_annual_report, inspection::list_annual_reports))
        .routes(routes!(inspection::review_annual_report))
        .routes(routes!(inspection::conclude_annual_report))
        .routes(routes!(inspection::set_inspection_year))
        .routes(routes!(inspection::public_list))
        .routes(routes!(applications::file_application, applications::list_applications))
        .routes(routes!(applications::review_application))
        .routes(routes!(applications::decide_application))
        .routes(routes!(evaluation::set_evaluation_standard, evaluation::get_evaluation_standard))
        .routes(routes!(evaluation::apply_for_evaluation, evaluation::list_evaluations))
        .routes(routes!(evaluation::score_evaluation))
        .routes(routes!(evaluation::publish_evaluation))
        .routes(routes!(evaluation::grant_evaluation))
        .routes(routes!(evaluation::request_evaluation_review))
        .routes(routes!(sanctions::record_sanction))
        .routes(routes!(sanctions::record_credit_fact, sanctions::list_credit_records))
        .routes(routes!(sanctions::close_credit_record))
        .routes(routes!(sanctions::apply_for_removal))
        .routes(routes!(registration::file_registration))
        .routes(routes!(registration::public_registration))
        .routes(routes!(registration::list_registrations))
        .routes(routes!(registration::decide_registration))
        .routes(routes!(sanctions::set_suspension))
        .merge(OpenApiRouter::new().routes(routes!(registry::import_organizations)).layer(larger_bodies(UPLOAD_LIMIT)))
        .routes(routes!(registry::export_organizations))
        .routes(routes!(registry::create_organization_account))
        .routes(routes!(registry::search_organizations))
        .routes(routes!(registry::public_organization))
        .routes(routes!(registry::file_complaint))
        .routes(routes!(registry::public_complaint))
        .routes(routes!(registry::list_complaints))
        .routes(routes!(registry::take_up_complaint))
        .routes(routes!(registry::close_complaint))
        .routes(routes!(registry::list_units, registry::create_unit))
        .routes(routes!(registry::set_rule))
}
