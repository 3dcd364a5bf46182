//! A cap on anonymous writes: complaints, registration applications and residents' topic
//! proposals, all POSTed under `/public/` or `/api/v1/public/`. Each client address may make
//! `PUBLIC_WRITES` of them per `WINDOW`, so one script cannot flood the queues staff work
//! from. Voting is not under `/public/` and is never capped: a polling station's voters
//! share one address.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::AppState;
use super::problem::WebError;

/// What any request may send: JSON and forms are small. Routes that need more say so
/// with `larger_bodies`, and only those.
pub const BODY_LIMIT: usize = 64 * 1024;
/// A batch of up to 1,000 paper ballots, as JSON or typed on the page.
pub const BATCH_LIMIT: usize = 1024 * 1024;
/// A spreadsheet of up to 100,000 rows.
pub const UPLOAD_LIMIT: usize = 32 * 1024 * 1024;
/// A CSV of a million rows of volunteers' past service (about 45 bytes a row).
pub const HOURS_UPLOAD_LIMIT: usize = 96 * 1024 * 1024;

/// The body limit of a route that takes more than `BODY_LIMIT`.
pub fn larger_bodies(bytes: usize) -> axum::extract::DefaultBodyLimit {
    axum::extract::DefaultBodyLimit::max(bytes)
}

pub const PUBLIC_WRITES: u32 = 20;
pub const WINDOW: Duration = Duration::from_secs(600);
/// Addresses remembered before the expired ones are dropped.
const REMEMBERED: usize = 100_000;

/// Anonymous writes per client address in the current window.
pub struct PublicWriteLimit {
    seen: Mutex<HashMap<IpAddr, (Instant, u32)>>,
    /// Peers whose `X-Forwarded-For` names the client (the reverse proxy in front).
    trusted_proxies: Vec<IpAddr>,
}

impl PublicWriteLimit {
    pub fn new(trusted_proxies: Vec<IpAddr>) -> Self {
        Self { seen: Mutex::default(), trusted_proxies }
    }

    /// Counts one write by `client` at `now`: false once the window's allowance is used.
    pub fn allow(&self, client: IpAddr, now: Instant) -> bool {
        let Ok(mut seen) = self.seen.lock() else { return true };
        if seen.len() >= REMEMBERED {
            seen.retain(|_, (start, _)| now.duration_since(*start) < WINDOW);
        }
        let (start, count) = seen.entry(client).or_insert((now, 0));
        if now.duration_since(*start) >= WINDOW {
            (*start, *count) = (now, 0);
        }
        *count += 1;
        *count <= PUBLIC_WRITES
    }

    /// The client's address: the peer's, or, when the peer is a trusted proxy, the last
    /// address of `X-Forwarded-For` (the one that proxy appended; earlier ones are the
    /// client's own say and could be forged).
    pub fn client(&self, peer: IpAddr, forwarded_for: Option<&str>) -> IpAddr {
        if !self.trusted_proxies.contains(&peer) {
            return peer;
        }
        forwarded_for.and_then(|v| v.rsplit(',').next()).and_then(|last| last.trim().parse().ok()).unwrap_or(peer)
    }
}

/// Refuses an anonymous write past the allowance with 429.
pub async fn limit_public_writes(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let public_write =
        request.method() == Method::POST && (path.starts_with("/public/") || path.starts_with("/api/v1/public/"));
    let peer = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    if let (true, Some(peer)) = (public_write, peer) {
        let forwarded = request.headers().get("x-forwarded-for").and_then(|v| v.to_str().ok());
        let client = state.public_writes.client(peer, forwarded);
        if !state.public_writes.allow(client, Instant::now()) {
            return WebError::TooManyRequests { allowed: PUBLIC_WRITES, window: WINDOW }.into_response();
        }
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_gets_its_allowance_per_window_and_others_are_not_affected() {
        let limit = PublicWriteLimit::new(Vec::new());
        let (a, b) = ("10.0.0.1".parse().unwrap(), "10.0.0.2".parse().unwrap());
        let start = Instant::now();
        for _ in 0..PUBLIC_WRITES {
            assert!(limit.allow(a, start));
        }
        assert!(!limit.allow(a, start + Duration::from_secs(1)));
        assert!(limit.allow(b, start + Duration::from_secs(1)), "another address has its own allowance");
        assert!(limit.allow(a, start + WINDOW), "a new window starts over");
    }

    #[test]
    fn only_a_trusted_proxy_may_name_the_client() {
        let proxy: IpAddr = "10.0.0.9".parse().unwrap();
        let limit = PublicWriteLimit::new(vec![proxy]);
        let client: IpAddr = "203.0.113.7".parse().unwrap();
        assert_eq!(limit.client(proxy, Some("1.2.3.4, 203.0.113.7")), client, "the address the proxy appended");
        assert_eq!(limit.client(proxy, Some("not an address")), proxy);
        assert_eq!(limit.client(proxy, None), proxy);
        let stranger: IpAddr = "198.51.100.1".parse().unwrap();
        assert_eq!(limit.client(stranger, Some("203.0.113.7")), stranger, "anyone else's header is ignored");
    }
}
