use app::identity::{AccountView, NewAccount};
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::auth::ApiUser;
use crate::problem::WebError;

#[derive(Serialize, ToSchema)]
pub struct AccountList {
    #[schema(value_type = Vec<Object>)]
    items: Vec<AccountView>,
}

/// Accounts inside the caller's account-managing scope.
#[utoipa::path(get, path = "/api/v1/accounts", tag = "identity", responses((status = 200, body = AccountList), (status = 404)))]
pub async fn list_accounts(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
) -> Result<Json<AccountList>, WebError> {
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

#[derive(Serialize, ToSchema)]
pub struct Created {
    id: i64,
}

/// Creates an account with one role in a region the caller manages.
#[utoipa::path(post, path = "/api/v1/accounts", tag = "identity", request_body = AccountRequest,
    responses((status = 201, body = Created), (status = 404), (status = 409), (status = 422)))]
pub async fn create_account(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    body: Result<Json<AccountRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<Created>), WebError> {
    let Json(b) = body?;
    let input = NewAccount {
        username: b.username,
        display_name: b.display_name,
        password: b.password,
        role: b.role,
        region_code: b.region_code,
    };
    let id = state.app.create_account(&auth.actor, input).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// Lifts a lock-out.
#[utoipa::path(post, path = "/api/v1/accounts/{id}/unlock", tag = "identity",
    params(("id" = i64, Path)), responses((status = 204), (status = 404)))]
pub async fn unlock_account(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    id: Result<Path<i64>, axum::extract::rejection::PathRejection>,
) -> Result<StatusCode, WebError> {
    let Path(id) = id?;
    state.app.unlock_account(&auth.actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
