//! The JSON API under /api/v1, described by the OpenAPI document it is built with.

mod accounts;
mod audit;
mod communities;
mod disclosure;
mod elections;
mod meetings;
mod org_cultivation;
mod org_inspection;
mod org_workflows;
mod organizations;
mod register;

pub use communities::{ListQuery, ReportRow, report_rows, spreadsheet_response, uploaded_file};
mod identity;
mod regions;

use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;

#[derive(OpenApi)]
#[openapi(
    info(title = "Sanshe API", description = "三社互动平台 — communities, social organisations, social workers and volunteers."),
    tags(
        (name = "regions", description = "2E: the administrative region tree"),
        (name = "identity", description = "6A: sessions, tokens and accounts"),
        (name = "communities", description = "3A: the community registry"),
        (name = "governance", description = "3B: term elections, meetings and deliberation, disclosure of community affairs"),
        (name = "organizations", description = "4A–4D: social organisations, classified supervision, complaints"),
        (name = "audit", description = "The tamper-evident audit trail"),
    )
)]
struct ApiDoc;

/// Every API route, with the OpenAPI document that lists them.
pub fn router() -> (axum::Router<AppState>, utoipa::openapi::OpenApi) {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(regions::get_region))
        .routes(routes!(identity::login))
        .routes(routes!(identity::logout))
        .routes(routes!(identity::me))
        .routes(routes!(identity::create_token))
        .routes(routes!(accounts::list_accounts, accounts::create_account))
        .routes(routes!(accounts::unlock_account))
        .routes(routes!(communities::list_communities))
        .routes(routes!(communities::get_community))
        .routes(routes!(communities::update_profile))
        .routes(routes!(communities::add_post))
        .routes(routes!(communities::end_post))
        .routes(routes!(communities::reveal_id_number))
        .routes(routes!(communities::import_posts))
        .routes(routes!(communities::export_posts))
        .routes(routes!(audit::list_audit))
        .routes(routes!(elections::open_unified_election, elections::list_unified_elections))
        .routes(routes!(elections::get_election))
        .routes(routes!(elections::community_elections))
        .routes(routes!(elections::build_register))
        .routes(routes!(elections::publish_register))
        .routes(routes!(elections::issue_codes))
        .routes(routes!(elections::cast_ballot))
        .routes(routes!(elections::count_election))
        .routes(routes!(elections::enter_paper_batch, elections::list_paper_batches))
        .routes(routes!(elections::seat_elected))
        .routes(routes!(elections::direct_election_indicator))
        .routes(routes!(elections::public_unified_results))
        .routes(routes!(elections::count_unified))
        .routes(routes!(elections::call_further_round))
        .routes(routes!(elections::count_further_round))
        .routes(routes!(elections::public_result))
        .routes(routes!(register::file_objection, register::list_objections))
        .routes(routes!(register::decide_objection))
        .routes(routes!(register::nominate))
        .routes(routes!(register::public_nominees))
        .routes(routes!(register::file_proxy))
        .routes(routes!(register::public_proxies))
        .routes(routes!(register::import_voters))
        .routes(routes!(meetings::schedule_meeting, meetings::list_meetings))
        .routes(routes!(meetings::get_meeting))
        .routes(routes!(meetings::record_meeting))
        .routes(routes!(meetings::follow_up))
        .routes(routes!(meetings::propose_topic))
        .routes(routes!(meetings::public_topic))
        .routes(routes!(meetings::list_topics))
        .routes(routes!(meetings::decline_topic))
        .routes(routes!(meetings::file_meeting_request, meetings::list_meeting_requests))
        .routes(routes!(disclosure::publish_disclosure))
        .routes(routes!(disclosure::public_disclosures))
        .routes(routes!(disclosure::public_calendar))
        .routes(routes!(disclosure::overdue_disclosures))
        .routes(routes!(organizations::register_organization, organizations::list_organizations))
        .routes(routes!(org_inspection::party_coverage))
        .routes(routes!(org_inspection::export_party_coverage))
        .routes(routes!(org_cultivation::cultivation_counts))
        .routes(routes!(org_cultivation::export_cultivation))
        .routes(routes!(org_cultivation::file_community_organization, org_cultivation::list_community_organizations))
        .routes(routes!(org_cultivation::open_incubation_base, org_cultivation::list_incubation_bases))
        .routes(routes!(org_cultivation::incubation_base))
        .routes(routes!(org_cultivation::enter_incubation))
        .routes(routes!(org_cultivation::graduate_incubation))
        .routes(routes!(org_cultivation::grant_support, org_cultivation::list_supports))
        .routes(routes!(org_cultivation::record_support_result))
        .routes(routes!(organizations::get_organization))
        .routes(routes!(org_inspection::file_annual_report, org_inspection::list_annual_reports))
        .routes(routes!(org_inspection::review_annual_report))
        .routes(routes!(org_inspection::conclude_annual_report))
        .routes(routes!(org_inspection::set_inspection_year))
        .routes(routes!(org_inspection::public_list))
        .routes(routes!(org_workflows::file_application, org_workflows::list_applications))
        .routes(routes!(org_workflows::review_application))
        .routes(routes!(org_workflows::decide_application))
        .routes(routes!(org_workflows::set_evaluation_standard, org_workflows::get_evaluation_standard))
        .routes(routes!(org_workflows::apply_for_evaluation, org_workflows::list_evaluations))
        .routes(routes!(org_workflows::score_evaluation))
        .routes(routes!(org_workflows::publish_evaluation))
        .routes(routes!(org_workflows::grant_evaluation))
        .routes(routes!(org_workflows::request_evaluation_review))
        .routes(routes!(org_workflows::record_sanction))
        .routes(routes!(org_workflows::file_registration))
        .routes(routes!(org_workflows::public_registration))
        .routes(routes!(org_workflows::list_registrations))
        .routes(routes!(org_workflows::decide_registration))
        .routes(routes!(org_workflows::set_suspension))
        .routes(routes!(organizations::import_organizations))
        .routes(routes!(organizations::export_organizations))
        .routes(routes!(organizations::create_organization_account))
        .routes(routes!(organizations::search_organizations))
        .routes(routes!(organizations::public_organization))
        .routes(routes!(organizations::file_complaint))
        .routes(routes!(organizations::public_complaint))
        .routes(routes!(organizations::list_complaints))
        .routes(routes!(organizations::take_up_complaint))
        .routes(routes!(organizations::close_complaint))
        .routes(routes!(organizations::list_units, organizations::create_unit))
        .routes(routes!(organizations::set_rule))
        .split_for_parts()
}
