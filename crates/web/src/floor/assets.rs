//! Static files, compiled into the binary: the product must run on an intranet.

use axum::Router;
use axum::http::header;
use axum::routing::get;

use super::AppState;

const HTMX: &str = include_str!("../../assets/htmx.min.js");
const CSS: &str = include_str!("../../assets/app.css");
const JS: &str = include_str!("../../assets/app.js");
const CACHE: &str = "public, max-age=86400";

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/assets/htmx.min.js",
            get(|| async { ([(header::CONTENT_TYPE, "text/javascript"), (header::CACHE_CONTROL, CACHE)], HTMX) }),
        )
        .route(
            "/assets/app.js",
            get(|| async { ([(header::CONTENT_TYPE, "text/javascript"), (header::CACHE_CONTROL, CACHE)], JS) }),
        )
        .route(
            "/assets/app.css",
            get(|| async { ([(header::CONTENT_TYPE, "text/css"), (header::CACHE_CONTROL, CACHE)], CSS) }),
        )
}
