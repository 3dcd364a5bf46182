//! The one mapping from errors to HTTP: RFC 9457 problem+json for the API, an HTML error
//! page for browsers, both in the request's language. Handlers return `WebError`; the
//! `render_problems` middleware, which knows the language, writes the body.

use app::AppError;
use axum::extract::rejection::{FormRejection, JsonRejection, PathRejection, QueryRejection};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use domain::{FieldError, Violation};
use serde_json::json;

use crate::i18n::{self, Lang};
use crate::{AppState, pages};

/// An error on its way to becoming a response.
#[derive(Debug)]
pub enum WebError {
    App(AppError),
    /// A request the server cannot parse: malformed JSON, a wrong path or query value.
    BadRequest(FieldError),
    Csrf,
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

impl From<JsonRejection> for WebError {
    fn from(r: JsonRejection) -> Self {
        bad_request("body", r.body_text())
    }
}

impl From<FormRejection> for WebError {
    fn from(r: FormRejection) -> Self {
        bad_request("body", r.body_text())
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

/// Renders pending problems in the request's language: JSON under /api, HTML elsewhere.
pub async fn render_problems(State(state): State<AppState>, request: Request, next: Next) -> Response {
    // Keep only what rendering needs; the language is worked out when there is a problem.
    let mut language_headers = HeaderMap::new();
    for name in [header::COOKIE, header::ACCEPT_LANGUAGE] {
        for value in request.headers().get_all(&name) {
            language_headers.append(name.clone(), value.clone());
        }
    }
    let api = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    let Some(problem) = response.extensions().get::<Problem>().cloned() else {
        return response;
    };
    let lang = crate::auth::request_lang(&language_headers);
    if api {
        let mut out = (problem.status, axum::Json(problem_json(&problem, lang))).into_response();
        out.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
        return out;
    }
    if problem.status == StatusCode::UNAUTHORIZED {
        return axum::response::Redirect::to("/login").into_response();
    }
    pages::error_page(&state, lang, &problem)
}
