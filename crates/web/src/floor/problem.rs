//! The one mapping from errors to HTTP: RFC 9457 problem+json for the API, an HTML error
//! page for browsers, both in the request's language. Handlers return `WebError`; the
//! `page::render_problems` middleware, which knows the language and the caller, writes
//! the body.

use app::AppError;
use axum::extract::rejection::{FormRejection, JsonRejection, PathRejection, QueryRejection};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::{FieldError, Violation};
use serde_json::json;

use super::i18n::{self, Lang};

/// An error on its way to becoming a response.
#[derive(Debug)]
pub enum WebError {
    App(AppError),
    /// A request the server cannot parse: malformed JSON, a wrong path or query value.
    BadRequest(FieldError),
    Csrf,
    /// A body over its route's limit (`limit::BODY_LIMIT` unless the route takes more).
    TooLarge,
    /// An anonymous write past the client's allowance (`limit`): `allowed` per `window`.
    TooManyRequests {
        allowed: u32,
        window: std::time::Duration,
    },
}

impl From<AppError> for WebError {
    fn from(e: AppError) -> Self {
        Self::App(e)
    }
}

/// What the middleware needs to render the body.
#[derive(Debug, Clone)]
pub struct Problem {
    pub status: StatusCode,
    pub title_key: &'static str,
    pub detail: Option<(&'static str, Vec<(&'static str, String)>)>,
    pub fields: Vec<FieldError>,
}

impl Problem {
    fn new(status: StatusCode, title_key: &'static str) -> Self {
        Self { status, title_key, detail: None, fields: Vec::new() }
    }
}

impl WebError {
    pub fn problem(&self) -> Problem {
        match self {
            Self::App(AppError::Invalid(fields)) => Problem {
                fields: fields.clone(),
                ..Problem::new(StatusCode::UNPROCESSABLE_ENTITY, "problem-validation")
            },
            Self::App(AppError::NotFound) => Problem::new(StatusCode::NOT_FOUND, "problem-not-found"),
            Self::App(AppError::Unauthenticated) => Problem::new(StatusCode::UNAUTHORIZED, "problem-unauthenticated"),
            Self::App(AppError::Locked(until)) => Problem {
                detail: Some(("login-locked", vec![("until", until.format("%Y-%m-%d %H:%M UTC").to_string())])),
                ..Problem::new(StatusCode::UNAUTHORIZED, "problem-locked")
            },
            Self::App(AppError::Forbidden) => Problem::new(StatusCode::FORBIDDEN, "problem-forbidden"),
            Self::App(AppError::Conflict(field)) => {
                Problem { fields: vec![field.clone()], ..Problem::new(StatusCode::CONFLICT, "problem-conflict") }
            }
            Self::App(other) => {
                tracing::error!(error = %other, "request failed");
                Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "problem-internal")
            }
            Self::BadRequest(field) => {
                Problem { fields: vec![field.clone()], ..Problem::new(StatusCode::BAD_REQUEST, "problem-bad-request") }
            }
            Self::Csrf => Problem::new(StatusCode::FORBIDDEN, "problem-csrf"),
            Self::TooLarge => Problem::new(StatusCode::PAYLOAD_TOO_LARGE, "problem-too-large"),
            Self::TooManyRequests { allowed, window } => Problem {
                detail: Some((
                    "public-writes-exceeded",
                    vec![("count", allowed.to_string()), ("minutes", (window.as_secs() / 60).to_string())],
                )),
                ..Problem::new(StatusCode::TOO_MANY_REQUESTS, "problem-too-many")
            },
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let problem = self.problem();
        let mut response = problem.status.into_response();
        response.extensions_mut().insert(problem);
        response
    }
}

fn bad_request(field: &str, detail: String) -> WebError {
    WebError::BadRequest(Violation::new("json-invalid").with("detail", detail).on(field))
}

/// A body the extractor refused: over the route's limit, or malformed.
fn body_rejection(status: StatusCode, text: String) -> WebError {
    if status == StatusCode::PAYLOAD_TOO_LARGE { WebError::TooLarge } else { bad_request("body", text) }
}

impl From<JsonRejection> for WebError {
    fn from(r: JsonRejection) -> Self {
        body_rejection(r.status(), r.body_text())
    }
}

impl From<FormRejection> for WebError {
    fn from(r: FormRejection) -> Self {
        body_rejection(r.status(), r.body_text())
    }
}

impl From<QueryRejection> for WebError {
    fn from(r: QueryRejection) -> Self {
        bad_request("query", r.body_text())
    }
}

impl From<PathRejection> for WebError {
    fn from(_: PathRejection) -> Self {
        // A path that does not parse names nothing that exists.
        Self::App(AppError::NotFound)
    }
}

/// The problem document for `problem` in `lang`.
pub fn problem_json(problem: &Problem, lang: Lang) -> serde_json::Value {
    let errors: Vec<serde_json::Value> = problem
        .fields
        .iter()
        .map(|f| json!({ "field": f.field, "code": f.violation.code, "message": i18n::violation(lang, &f.violation) }))
        .collect();
    let detail = match &problem.detail {
        Some((key, args)) => i18n::message(lang, key, args),
        None => errors
            .iter()
            .filter_map(|e| Some(format!("{}: {}", e["field"].as_str()?, e["message"].as_str()?)))
            .collect::<Vec<_>>()
            .join("; "),
    };
    json!({
        "type": format!("https://sanshe.dev/problems/{}", problem.title_key.trim_start_matches("problem-")),
        "title": i18n::message(lang, problem.title_key, &[]),
        "status": problem.status.as_u16(),
        "detail": detail,
        "errors": errors,
    })
}

/// A client error that axum wrote itself (an extractor's rejection, 405): plain text.
pub fn is_bare_rejection(response: &Response) -> bool {
    let plain = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|v| v.starts_with("text/plain"));
    response.status().is_client_error() && plain
}

/// Turns axum's own text into a problem, so every 4xx has the same shape and language.
pub async fn rejection_problem(response: Response) -> Problem {
    let status = response.status();
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        // The limit's own words (English, about buffering) say nothing a user can act on.
        return Problem::new(status, "problem-too-large");
    }
    let body = axum::body::to_bytes(response.into_body(), 4096).await.unwrap_or_default();
    let detail = String::from_utf8_lossy(&body).trim().to_string();
    let fields = if detail.is_empty() {
        Vec::new()
    } else {
        vec![Violation::new("json-invalid").with("detail", detail).on("request")]
    };
    Problem { fields, ..Problem::new(status, "problem-bad-request") }
}
