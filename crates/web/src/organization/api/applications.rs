//! Change and deregistration applications (4A): the organisation files, the supervising
//! unit reviews, civil affairs decides.

use app::organization::{ApplicationStep, ApplicationView, NewApplication};
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use domain::organization::application::Step;
use serde::Serialize;
use utoipa::ToSchema;

use crate::floor::{ApiUser, AppState, Created, WebError};

#[derive(Serialize, ToSchema)]
pub struct ApplicationList {
    items: Vec<ApplicationView>,
}

/// The organisation's own account applies for a change of its facts or for deregistration.
#[utoipa::path(post, path = "/api/v1/organizations/{id}/applications", tag = "organizations",
    params(("id" = i64, Path)), request_body = NewApplication,
    responses((status = 201, body = Created), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn file_application(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
    body: Result<Json<NewApplication>, JsonRejection>,
) -> Result<(StatusCode, Json<Created>), WebError> {
    let Json(input) = body?;
    let id = state.app.file_application(&auth.actor, id, input).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// An organisation's applications, newest first.
#[utoipa::path(get, path = "/api/v1/organizations/{id}/applications", tag = "organizations",
    params(("id" = i64, Path)), responses((status = 200, body = ApplicationList), (status = 404)))]
pub async fn list_applications(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<ApplicationList>, WebError> {
    Ok(Json(ApplicationList { items: state.app.applications(&auth.actor, id).await? }))
}

/// The supervising unit's review of an application (agree or refuse, with its opinion).
#[utoipa::path(post, path = "/api/v1/applications/{id}/review", tag = "organizations", params(("id" = i64, Path)),
    request_body = ApplicationStep, responses((status = 204), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn review_application(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
    body: Result<Json<ApplicationStep>, JsonRejection>,
) -> Result<StatusCode, WebError> {
    let Json(input) = body?;
    state.app.decide_application(&auth.actor, id, Step::Unit, input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Civil affairs' decision on a reviewed application; approval applies it to the registry.
#[utoipa::path(post, path = "/api/v1/applications/{id}/decide", tag = "organizations", params(("id" = i64, Path)),
    request_body = ApplicationStep, responses((status = 204), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn decide_application(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
    body: Result<Json<ApplicationStep>, JsonRejection>,
) -> Result<StatusCode, WebError> {
    let Json(input) = body?;
    state.app.decide_application(&auth.actor, id, Step::Registrar, input).await?;
    Ok(StatusCode::NO_CONTENT)
}
