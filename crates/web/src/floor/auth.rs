//! Who is calling: a session cookie (browsers) or a bearer token (machine clients).
//! One middleware resolves a session once per request and checks CSRF on every unsafe
//! request that rides on a cookie; a bearer token is looked up when a handler's extractor
//! first asks for the caller (`ApiUser`, `PageUser`, …), still before any body is read, so
//! a route that looks its callers' tokens up in a group (QR check-in) pays no query each.

use app::{Actor, AppError};
use axum::body::Body;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use domain::identity::Permission;

use super::AppState;
use super::cookie::{SESSION_COOKIE, cookie};
use super::i18n::{Lang, request_lang};
use super::problem::WebError;
use super::view::{PublicChrome, urlencode};

pub const CSRF_HEADER: &str = "x-csrf-token";
pub const CSRF_FIELD: &str = "_csrf";
/// Form bodies are read whole to find their CSRF field; uploads use the header or query.
const FORM_LIMIT: usize = 1 << 20;

/// A bearer token as presented, put into the request by `authenticate` and looked up by
/// `authenticated` when a handler needs the caller.
#[derive(Clone)]
pub struct BearerToken(pub String);

/// The authenticated caller, put into the request by `authenticate` (a session) or by
/// `authenticated` (a bearer token).
#[derive(Clone)]
pub struct Authenticated {
    pub actor: Actor,
    /// Present for cookie sessions; bearer tokens need none.
    pub csrf_token: Option<String>,
}

fn form_field(body: &[u8], name: &str) -> Option<String> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(body)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

fn query_field(request: &Request, name: &str) -> Option<String> {
    request.uri().query().and_then(|q| form_field(q.as_bytes(), name))
}

pub async fn authenticate(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let headers = request.headers();
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_string);
    if let Some(token) = bearer {
        request.extensions_mut().insert(BearerToken(token));
        return next.run(request).await;
    }
    let Some(session) = cookie(headers, SESSION_COOKIE).map(str::to_string) else { return next.run(request).await };
    let auth = match state.app.session(&session).await {
        Ok(s) => Authenticated { actor: s.actor, csrf_token: Some(s.csrf_token) },
        Err(AppError::Unauthenticated) => return next.run(request).await,
        Err(other) => return WebError::App(other).into_response(),
    };
    let unsafe_method = !matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if let (true, Some(expected)) = (unsafe_method, auth.csrf_token.clone()) {
        let (presented, rebuilt) = presented_csrf(request).await;
        request = match rebuilt {
            Some(r) => r,
            None => return WebError::Csrf.into_response(),
        };
        if presented.as_deref() != Some(expected.as_str()) {
            return WebError::Csrf.into_response();
        }
    }
    request.extensions_mut().insert(auth.clone());
    let mut response = next.run(request).await;
    // An error page is drawn in the caller's frame, outside this middleware.
    if response.status().is_client_error() || response.status().is_server_error() {
        response.extensions_mut().insert(auth);
    }
    response
}

/// The caller of this request: its session, or the account its bearer token opens (looked
/// up now, once, and kept in the request).
pub async fn authenticated(parts: &mut Parts, state: &AppState) -> Result<Authenticated, AppError> {
    if let Some(found) = parts.extensions.get::<Authenticated>() {
        return Ok(found.clone());
    }
    let Some(BearerToken(token)) = parts.extensions.get::<BearerToken>() else { return Err(AppError::Unauthenticated) };
    let auth = Authenticated { actor: state.app.api_token_actor(token).await?, csrf_token: None };
    parts.extensions.insert(auth.clone());
    Ok(auth)
}

/// The CSRF token a request carries: header, `_csrf` query parameter (uploads) or `_csrf`
/// form field. Reading a form consumes the body, so the request is rebuilt.
async fn presented_csrf(request: Request) -> (Option<String>, Option<Request>) {
    if let Some(value) = request.headers().get(CSRF_HEADER).and_then(|v| v.to_str().ok()) {
        return (Some(value.to_string()), Some(request));
    }
    if let Some(value) = query_field(&request, CSRF_FIELD) {
        return (Some(value), Some(request));
    }
    let is_form = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return (None, Some(request));
    }
    let (parts, body) = request.into_parts();
    match axum::body::to_bytes(body, FORM_LIMIT).await {
        Ok(bytes) => {
            let token = form_field(&bytes, CSRF_FIELD);
            (token, Some(Request::from_parts(parts, Body::from(bytes))))
        }
        Err(_) => (None, None),
    }
}

/// An API caller; 401 problem when there is none.
pub struct ApiUser(pub Authenticated);

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        Ok(ApiUser(authenticated(parts, state).await?))
    }
}

/// The caller of an import route: someone whose role imports something. Checked before
/// the upload is read, so an account that imports nothing (a social worker, a resident)
/// never makes the server read, let alone unpack, a file. Which rows it may write is
/// decided after parsing, per row.
pub struct Importer;

/// The permissions that each come with an import (people and posts, organisations, social workers).
pub const IMPORT_PERMISSIONS: [Permission; 3] =
    [Permission::WriteCommunity, Permission::RegisterOrganizations, Permission::ManageSocialWorkers];

impl FromRequestParts<AppState> for Importer {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let auth = authenticated(parts, state).await?;
        let actor = &auth.actor;
        if IMPORT_PERMISSIONS.into_iter().any(|p| actor.has_anywhere(p)) {
            Ok(Importer)
        } else {
            Err(WebError::App(AppError::Forbidden))
        }
    }
}

/// A signed-in browser user; anyone else is sent to the login page.
pub struct PageUser {
    pub auth: Authenticated,
    pub lang: Lang,
}

impl FromRequestParts<AppState> for PageUser {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let lang = request_lang(&parts.headers);
        match authenticated(parts, state).await {
            Ok(auth) => Ok(PageUser { auth, lang }),
            Err(AppError::Unauthenticated) => {
                let next = parts.uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
                let target = format!("/login?next={}", urlencode(next));
                Err(Redirect::to(&target).into_response())
            }
            Err(other) => Err(WebError::App(other).into_response()),
        }
    }
}

/// What every signed-in page starts from: the state and the browser user.
pub struct PageCall {
    pub state: AppState,
    pub user: PageUser,
}

impl FromRequestParts<AppState> for PageCall {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let user = PageUser::from_request_parts(parts, state).await?;
        Ok(PageCall { state: state.clone(), user })
    }
}

/// The frame of a public page: the request's language, and the CSRF token of the caller's
/// session if there is one (public forms carry it so a signed-in official can use them too).
impl<S: Send + Sync> FromRequestParts<S> for PublicChrome {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let token = parts.extensions.get::<Authenticated>().and_then(|a| a.csrf_token.clone()).unwrap_or_default();
        Ok(PublicChrome::new(request_lang(&parts.headers), token))
    }
}
