//! HTTP: one route table for the JSON API and the server-rendered pages, the
//! middleware that resolves the caller and renders problems, and operations endpoints.

pub mod api;
mod assets;
pub mod auth;
pub mod i18n;
mod limit;
mod ops;
mod pages;
pub mod problem;

use std::sync::Arc;

use app::App;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, Request};
use axum::middleware;
use tower_http::request_id::{MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

pub use ops::install_metrics;

/// What every handler can reach; one pointer, so the per-request clones of axum's
/// middleware cost one atomic increment.
#[derive(Clone)]
pub struct AppState(Arc<StateInner>);

pub struct StateInner {
    pub app: App,
    /// Mark cookies `Secure` (set when served behind TLS).
    pub secure_cookies: bool,
    imports: pages::ImportJobs,
    public_writes: limit::PublicWriteLimit,
}

impl AppState {
    /// `trusted_proxies`: the reverse proxies whose `X-Forwarded-For` names the client.
    pub fn new(app: App, secure_cookies: bool, trusted_proxies: Vec<std::net::IpAddr>) -> Self {
        Self(Arc::new(StateInner {
            app,
            secure_cookies,
            imports: pages::ImportJobs::default(),
            public_writes: limit::PublicWriteLimit::new(trusted_proxies),
        }))
    }
}

impl std::ops::Deref for AppState {
    type Target = StateInner;

    fn deref(&self) -> &StateInner {
        &self.0
    }
}

/// Uploads (spreadsheets of up to 100,000 rows) may be this large.
const BODY_LIMIT: usize = 32 * 1024 * 1024;

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
    let (api, openapi) = api::router();
    let openapi_json = serde_json::to_string(&openapi).unwrap_or_default();
    Router::new()
        .merge(api)
        .merge(pages::router())
        .merge(assets::router())
        .merge(ops::router(openapi_json))
        .fallback(ops::not_found)
        .layer(middleware::from_fn_with_state(state.clone(), limit::limit_public_writes))
        .layer(middleware::from_fn_with_state(state.clone(), auth::authenticate))
        .layer(middleware::from_fn_with_state(state.clone(), problem::render_problems))
        .layer(middleware::from_fn(ops::record_metrics))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(TraceLayer::new_for_http().make_span_with(|request: &Request<_>| {
            let id = request.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
            // Path only: query strings may carry search terms about people.
            tracing::info_span!("request", id = %id, method = %request.method(), path = %request.uri().path())
        }))
        .layer(SetRequestIdLayer::new(request_id, RandomRequestId))
        .with_state(state)
}
