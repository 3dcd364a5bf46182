//! Addresses that printed slips send people to, and their QR codes (SVG drawn here: an
//! intranet has no QR service).

use axum::http::{HeaderMap, header};

use super::AppState;

/// `path` on this server as people reach it (the host they were given); https behind TLS.
pub fn public_url(state: &AppState, headers: &HeaderMap, path: &str) -> String {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost");
    let scheme = if state.secure_cookies { "https" } else { "http" };
    format!("{scheme}://{host}{path}")
}

/// A QR code of `text` as inline SVG, at least 120 px square.
pub fn svg(text: &str) -> String {
    qrcode::QrCode::new(text.as_bytes())
        .map(|code| code.render::<qrcode::render::svg::Color>().min_dimensions(120, 120).build())
        .unwrap_or_default()
}
