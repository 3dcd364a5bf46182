//! Sanctions and suspension (4A): what evaluation and support read.

use app::organization::{NewSanction, SuspensionInput};
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;

use crate::floor::{ApiUser, AppState, Created, WebError};

/// Records a penalty or an investigation (civil affairs); evaluation eligibility reads them.
#[utoipa::path(post, path = "/api/v1/organizations/{id}/sanctions", tag = "organizations",
    params(("id" = i64, Path)), request_body = NewSanction,
    responses((status = 201, body = Created), (status = 403), (status = 404), (status = 422)))]
pub async fn record_sanction(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
    body: Result<Json<NewSanction>, JsonRejection>,
) -> Result<(StatusCode, Json<Created>), WebError> {
    let Json(input) = body?;
    let id = state.app.record_sanction(&auth.actor, id, input).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// Civil affairs orders an organisation to stop its activities (recorded as a penalty), or
/// lets a suspended one resume.
#[utoipa::path(post, path = "/api/v1/organizations/{id}/suspension", tag = "organizations",
    params(("id" = i64, Path)), request_body = SuspensionInput,
    responses((status = 204), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn set_suspension(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
    body: Result<Json<SuspensionInput>, JsonRejection>,
) -> Result<StatusCode, WebError> {
    let Json(input) = body?;
    state.app.set_suspension(&auth.actor, id, input).await?;
    Ok(StatusCode::NO_CONTENT)
}
