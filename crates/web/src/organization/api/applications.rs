//! Change and deregistration applications (4A): the organisation files, the supervising
//! unit reviews, civil affairs decides.

use app::organization::{ApplicationStep, ApplicationView, NewApplication};
use axum::Json;
use axum::extract::Path;
use axum::http::StatusCode;
use domain::organization::application::Step;
use serde::Serialize;
use utoipa::ToSchema;

use crate::floor::{ApiCall, Created, CreatedResponse, JsonBody, WebError, created};

#[derive(Serialize, ToSchema)]
pub struct ApplicationList {
    items: Vec<ApplicationView>,
}

/// The organisation's own account applies for a change of its facts or for deregistration.
#[utoipa::path(post, path = "/api/v1/organizations/{id}/applications", tag = "organizations",
    params(("id" = i64, Path)), request_body = NewApplication,
    responses((status = 201, body = Created), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn file_application(
    ApiCall { state, auth }: ApiCall,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<NewApplication>,
) -> CreatedResponse {
    created(state.app.file_application(&auth.actor, id, input).await?)
}

/// An organisation's applications, newest first.
#[utoipa::path(get, path = "/api/v1/organizations/{id}/applications", tag = "organizations",
    params(("id" = i64, Path)), responses((status = 200, body = ApplicationList), (status = 404)))]
pub async fn list_applications(
    ApiCall { state, auth }: ApiCall,
    Path(id): Path<i64>,
) -> Result<Json<ApplicationList>, WebError> {
    Ok(Json(ApplicationList { items: state.app.applications(&auth.actor, id).await? }))
}

/// The supervising unit's review of an application (agree or refuse, with its opinion).
#[utoipa::path(post, path = "/api/v1/applications/{id}/review", tag = "organizations", params(("id" = i64, Path)),
    request_body = ApplicationStep, responses((status = 204), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn review_application(
    ApiCall { state, auth }: ApiCall,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<ApplicationStep>,
) -> Result<StatusCode, WebError> {
    state.app.decide_application(&auth.actor, id, Step::Unit, input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Civil affairs' decision on a reviewed application; approval applies it to the registry.
#[utoipa::path(post, path = "/api/v1/applications/{id}/decide", tag = "organizations", params(("id" = i64, Path)),
    request_body = ApplicationStep, responses((status = 204), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn decide_application(
    ApiCall { state, auth }: ApiCall,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<ApplicationStep>,
) -> Result<StatusCode, WebError> {
    state.app.decide_application(&auth.actor, id, Step::Registrar, input).await?;
    Ok(StatusCode::NO_CONTENT)
}
