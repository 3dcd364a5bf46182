//! HTTP: one route table for the JSON API and the server-rendered pages. Features are
//! folders named as in `domain` and `app`, each with its API handlers and its pages,
//! standing on `floor` (state, caller, problems, language, limits, UI kit); a feature
//! imports nothing from another.

mod audit;
mod community;
mod floor;
mod governance;
mod identity;
mod organization;
mod region;
mod social_work;
mod survey;
mod volunteer;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, Request};
use axum::middleware;
use tower_http::request_id::{MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer};
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

pub use floor::AppState;
pub use floor::i18n;
pub use floor::ops::install_metrics;
use floor::{assets, auth, limit, ops, page};

#[derive(Clone, Default)]
struct RandomRequestId;

impl MakeRequestId for RandomRequestId {
    fn make_request_id<B>(&mut self, _: &Request<B>) -> Option<RequestId> {
        let id = format!("{:016x}", rand::random::<u64>());
        axum::http::HeaderValue::from_str(&id).ok().map(RequestId::new)
    }
}

/// The whole application as one router.
pub fn router(state: AppState) -> Router {
    let request_id = HeaderName::from_static("x-request-id");
    let (api, openapi) = api_router();
    let openapi_json = serde_json::to_string(&openapi).unwrap_or_default();
    Router::new()
        .merge(api)
        .merge(pages())
        .merge(assets::router())
        .merge(ops::router(openapi_json))
        .fallback(ops::not_found)
        .layer(middleware::from_fn_with_state(state.clone(), limit::limit_public_writes))
        .layer(middleware::from_fn_with_state(state.clone(), auth::authenticate))
        .layer(middleware::from_fn_with_state(state.clone(), page::render_problems))
        .layer(middleware::from_fn(ops::record_metrics))
        .layer(DefaultBodyLimit::max(limit::BODY_LIMIT))
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(TraceLayer::new_for_http().make_span_with(|request: &Request<_>| {
            let id = request.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
            // Path only: query strings may carry search terms about people.
            tracing::info_span!("request", id = %id, method = %request.method(), path = %request.uri().path())
        }))
        .layer(SetRequestIdLayer::new(request_id, RandomRequestId))
        .with_state(state)
}

#[derive(OpenApi)]
#[openapi(
    info(title = "Sanshe API", description = "三社互动平台 — communities, social organisations, social workers and volunteers."),
    tags(
        (name = "regions", description = "2E: the administrative region tree"),
        (name = "identity", description = "6A: sessions, tokens and accounts"),
        (name = "communities", description = "3A: the community registry"),
        (name = "governance", description = "3B: term elections, meetings and deliberation, disclosure of community affairs"),
        (name = "organizations", description = "4A–4D: social organisations, classified supervision, complaints"),
        (name = "social_work", description = "5A–5D: social workers, registration, continuing education, posts and hires"),
        (name = "volunteer", description = "5E: volunteers, activities and QR check-in, the hours ledger, stars and proofs"),
        (name = "surveys", description = "Satisfaction surveys with one-time codes (3C, 5A, 6B)"),
        (name = "audit", description = "The tamper-evident audit trail"),
    )
)]
struct ApiDoc;

/// Every API route, with the OpenAPI document that lists them.
fn api_router() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let mut router = OpenApiRouter::with_openapi(ApiDoc::openapi());
    for add in [
        region::api_routes,
        identity::api_routes,
        community::api_routes,
        audit::api_routes,
        governance::api_routes,
        organization::api_routes,
        social_work::api_routes,
        survey::api_routes,
        volunteer::api_routes,
    ] {
        router = add(router);
    }
    router.split_for_parts()
}

/// Every page, with the headers pages carry.
fn pages() -> Router<AppState> {
    Router::new()
        .merge(page::router())
        .merge(floor::imports::router())
        .merge(region::pages())
        .merge(identity::pages())
        .merge(community::pages())
        .merge(audit::pages())
        .merge(governance::pages())
        .merge(social_work::pages())
        .merge(organization::pages())
        .merge(survey::pages())
        .merge(volunteer::pages())
        .layer(middleware::from_fn(page::security_headers))
}
