//! The JSON API of governance.

mod disclosure;
mod election_rules;
mod elections;
mod meetings;
mod voter_register;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::floor::AppState;
use crate::floor::limit::{BATCH_LIMIT, UPLOAD_LIMIT, larger_bodies};

pub fn routes(router: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    router
        .routes(routes!(elections::open_unified_election, elections::list_unified_elections))
        .routes(routes!(elections::get_election))
        .routes(routes!(elections::community_elections))
        .routes(routes!(elections::build_register))
        .routes(routes!(elections::publish_register))
        .routes(routes!(elections::issue_codes))
        .routes(routes!(elections::cast_ballot))
        .routes(routes!(elections::count_election))
        .merge(
            OpenApiRouter::new()
                .routes(routes!(elections::enter_paper_batch, elections::list_paper_batches))
                .layer(larger_bodies(BATCH_LIMIT)),
        )
        .routes(routes!(elections::seat_elected))
        .routes(routes!(elections::direct_election_indicator))
        .routes(routes!(elections::public_unified_results))
        .routes(routes!(elections::count_unified))
        .routes(routes!(elections::call_further_round))
        .routes(routes!(elections::count_further_round))
        .routes(routes!(elections::public_result))
        .routes(routes!(voter_register::file_objection, voter_register::list_objections))
        .routes(routes!(voter_register::decide_objection))
        .routes(routes!(voter_register::nominate))
        .routes(routes!(voter_register::public_nominees))
        .routes(routes!(voter_register::file_proxy))
        .routes(routes!(voter_register::public_proxies))
        .routes(routes!(voter_register::declare_kinship, voter_register::list_kinship))
        .routes(routes!(voter_register::withdraw_kinship))
        .routes(routes!(election_rules::add_election_rules, election_rules::election_rules_in_force))
        .merge(OpenApiRouter::new().routes(routes!(voter_register::import_voters)).layer(larger_bodies(UPLOAD_LIMIT)))
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
}
