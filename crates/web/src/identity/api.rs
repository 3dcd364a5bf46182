//! Sessions and API tokens, and the accounts a manager keeps.

use app::Grant;
use app::identity::{AccountView, NewAccount};
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::floor::cookie::{SESSION_COOKIE, clear_session_cookie, cookie, session_cookie};
use crate::floor::{ApiCall, ApiUser, AppState, Created, CreatedResponse, JsonBody, PathParam, WebError, created};

#[derive(Deserialize, ToSchema)]
pub struct LoginRequest {
    username: String,
    password: String,
}

#[derive(Serialize, ToSchema)]
pub struct Me {
    username: String,
    display_name: String,
    #[schema(value_type = Vec<Object>)]
    grants: Vec<Grant>,
    /// Send it back as `X-CSRF-Token` on every write made with the session cookie.
    csrf_token: Option<String>,
}

/// Signs in; sets the session cookie (HttpOnly, SameSite=Lax).
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "identity", request_body = LoginRequest,
    responses((status = 200, body = Me), (status = 401, description = "Wrong credentials, or locked")))]
pub async fn login(
    State(state): State<AppState>,
    JsonBody(body): JsonBody<LoginRequest>,
) -> Result<Response, WebError> {
    let outcome = state.app.login(&body.username, &body.password).await?;
    let me = Me {
        username: outcome.actor.username,
        display_name: outcome.actor.display_name,
        grants: outcome.actor.grants,
        csrf_token: Some(outcome.csrf_token),
    };
    let mut response = Json(me).into_response();
    if let Ok(value) = HeaderValue::from_str(&session_cookie(&outcome.token, state.secure_cookies)) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    Ok(response)
}

/// Ends the session.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "identity", responses((status = 204)))]
pub async fn logout(State(state): State<AppState>, headers: HeaderMap, _user: ApiUser) -> Result<Response, WebError> {
    if let Some(token) = cookie(&headers, SESSION_COOKIE) {
        state.app.logout(token).await?;
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    if let Ok(value) = HeaderValue::from_str(&clear_session_cookie()) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    Ok(response)
}

/// The caller and its scoped roles.
#[utoipa::path(get, path = "/api/v1/me", tag = "identity", responses((status = 200, body = Me), (status = 401)))]
pub async fn me(ApiUser(auth): ApiUser) -> Json<Me> {
    Json(Me {
        username: auth.actor.username,
        display_name: auth.actor.display_name,
        grants: auth.actor.grants,
        csrf_token: auth.csrf_token,
    })
}

#[derive(Deserialize, ToSchema)]
pub struct TokenRequest {
    name: String,
}

#[derive(Serialize, ToSchema)]
pub struct TokenResponse {
    /// Shown once; only its hash is stored. Send as `Authorization: Bearer …`.
    token: String,
}

/// Issues an API token for the caller's own account.
#[utoipa::path(post, path = "/api/v1/tokens", tag = "identity", request_body = TokenRequest,
    responses((status = 201, body = TokenResponse), (status = 422)))]
pub async fn create_token(
    ApiCall { state, auth }: ApiCall,
    JsonBody(body): JsonBody<TokenRequest>,
) -> Result<(StatusCode, Json<TokenResponse>), WebError> {
    let token = state.app.create_api_token(&auth.actor, &body.name).await?;
    Ok((StatusCode::CREATED, Json(TokenResponse { token })))
}

#[derive(Serialize, ToSchema)]
pub struct AccountList {
    #[schema(value_type = Vec<Object>)]
    items: Vec<AccountView>,
}

/// Accounts inside the caller's account-managing scope.
#[utoipa::path(get, path = "/api/v1/accounts", tag = "identity", responses((status = 200, body = AccountList), (status = 404)))]
pub async fn list_accounts(ApiCall { state, auth }: ApiCall) -> Result<Json<AccountList>, WebError> {
    Ok(Json(AccountList { items: state.app.list_accounts(&auth.actor).await? }))
}

#[derive(Deserialize, ToSchema)]
pub struct AccountRequest {
    username: String,
    display_name: String,
    password: String,
    /// city_admin, county_admin, township_admin, community_admin, registrar, …
    role: String,
    region_code: String,
}

/// Creates an account with one role in a region the caller manages.
#[utoipa::path(post, path = "/api/v1/accounts", tag = "identity", request_body = AccountRequest,
    responses((status = 201, body = Created), (status = 404), (status = 409), (status = 422)))]
pub async fn create_account(
    ApiCall { state, auth }: ApiCall,
    JsonBody(b): JsonBody<AccountRequest>,
) -> CreatedResponse {
    let input = NewAccount {
        username: b.username,
        display_name: b.display_name,
        password: b.password,
        role: b.role,
        region_code: b.region_code,
    };
    created(state.app.create_account(&auth.actor, input).await?)
}

/// Lifts a lock-out.
#[utoipa::path(post, path = "/api/v1/accounts/{id}/unlock", tag = "identity",
    params(("id" = i64, Path)), responses((status = 204), (status = 404)))]
pub async fn unlock_account(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
) -> Result<StatusCode, WebError> {
    state.app.unlock_account(&auth.actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
