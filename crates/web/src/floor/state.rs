//! What every handler can reach.

use std::sync::Arc;

use app::App;

use super::import_jobs::ImportJobs;
use super::limit::PublicWriteLimit;

/// One pointer, so the per-request clones of axum's middleware cost one atomic increment.
#[derive(Clone)]
pub struct AppState(Arc<StateInner>);

pub struct StateInner {
    pub app: App,
    /// Mark cookies `Secure` (set when served behind TLS).
    pub secure_cookies: bool,
    pub imports: ImportJobs,
    pub public_writes: PublicWriteLimit,
}

impl AppState {
    /// `trusted_proxies`: the reverse proxies whose `X-Forwarded-For` names the client.
    pub fn new(app: App, secure_cookies: bool, trusted_proxies: Vec<std::net::IpAddr>) -> Self {
        Self(Arc::new(StateInner {
            app,
            secure_cookies,
            imports: ImportJobs::default(),
            public_writes: PublicWriteLimit::new(trusted_proxies),
        }))
    }
}

impl std::ops::Deref for AppState {
    type Target = StateInner;

    fn deref(&self) -> &StateInner {
        &self.0
    }
}
