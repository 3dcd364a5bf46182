//! Evaluation 1A–5A (4D): the standard civil affairs sets, applications, scores,
//! publication, grant and review.

use app::organization::{EvaluationView, StandardInput};
use axum::Json;
use axum::extract::Path;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::floor::{ApiCall, Created, CreatedResponse, JsonBody, WebError, created};

/// Sets a registrar's evaluation standard for a year: indicators, cut-offs, notice days.
#[utoipa::path(put, path = "/api/v1/evaluation-standards/{authority}/{year}", tag = "organizations",
    params(("authority" = String, Path), ("year" = i32, Path)), request_body = StandardInput,
    responses((status = 204), (status = 404), (status = 422)))]
pub async fn set_evaluation_standard(
    ApiCall { state, auth }: ApiCall,
    Path((authority, year)): Path<(String, i32)>,
    JsonBody(input): JsonBody<StandardInput>,
) -> Result<StatusCode, WebError> {
    state.app.set_evaluation_standard(&auth.actor, &authority, year, input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// An authority's own evaluation standard for a year; 404 when it has none.
#[utoipa::path(get, path = "/api/v1/evaluation-standards/{authority}/{year}", tag = "organizations",
    params(("authority" = String, Path), ("year" = i32, Path)),
    responses((status = 200, body = StandardInput), (status = 404)))]
pub async fn get_evaluation_standard(
    ApiCall { state, auth }: ApiCall,
    Path((authority, year)): Path<(String, i32)>,
) -> Result<Json<StandardInput>, WebError> {
    let standard = state.app.evaluation_standard(&auth.actor, &authority, year).await?;
    Ok(Json(standard.ok_or(app::AppError::NotFound)?))
}

#[derive(Serialize, ToSchema)]
pub struct EvaluationList {
    items: Vec<EvaluationView>,
}

/// The organisation applies for evaluation; 422 names why it is not eligible.
#[utoipa::path(post, path = "/api/v1/organizations/{id}/evaluations", tag = "organizations",
    params(("id" = i64, Path)), responses((status = 201, body = Created), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn apply_for_evaluation(ApiCall { state, auth }: ApiCall, Path(id): Path<i64>) -> CreatedResponse {
    created(state.app.apply_for_evaluation(&auth.actor, id).await?)
}

/// An organisation's evaluations, newest first.
#[utoipa::path(get, path = "/api/v1/organizations/{id}/evaluations", tag = "organizations",
    params(("id" = i64, Path)), responses((status = 200, body = EvaluationList), (status = 404)))]
pub async fn list_evaluations(
    ApiCall { state, auth }: ApiCall,
    Path(id): Path<i64>,
) -> Result<Json<EvaluationList>, WebError> {
    Ok(Json(EvaluationList { items: state.app.evaluations(&auth.actor, id).await? }))
}

#[derive(Deserialize, ToSchema)]
pub struct ScoresInput {
    /// Score per indicator code.
    scores: std::collections::HashMap<String, u32>,
}

/// The experts' scores (entered by civil affairs); the total and grade follow.
#[utoipa::path(post, path = "/api/v1/evaluations/{id}/scores", tag = "organizations", params(("id" = i64, Path)),
    request_body = ScoresInput, responses((status = 200, body = EvaluationView), (status = 404), (status = 409), (status = 422)))]
pub async fn score_evaluation(
    ApiCall { state, auth }: ApiCall,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<ScoresInput>,
) -> Result<Json<EvaluationView>, WebError> {
    Ok(Json(state.app.score_evaluation(&auth.actor, id, input.scores).await?))
}

/// Publishes a scored evaluation for its notice period.
#[utoipa::path(post, path = "/api/v1/evaluations/{id}/publish", tag = "organizations", params(("id" = i64, Path)),
    responses((status = 200, body = EvaluationView), (status = 404), (status = 409)))]
pub async fn publish_evaluation(
    ApiCall { state, auth }: ApiCall,
    Path(id): Path<i64>,
) -> Result<Json<EvaluationView>, WebError> {
    Ok(Json(state.app.publish_evaluation(&auth.actor, id).await?))
}

/// Gives the grade after a notice period without a review request (valid five years).
#[utoipa::path(post, path = "/api/v1/evaluations/{id}/grant", tag = "organizations", params(("id" = i64, Path)),
    responses((status = 200, body = EvaluationView), (status = 404), (status = 409)))]
pub async fn grant_evaluation(
    ApiCall { state, auth }: ApiCall,
    Path(id): Path<i64>,
) -> Result<Json<EvaluationView>, WebError> {
    Ok(Json(state.app.grant_evaluation(&auth.actor, id).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct ReviewRequest {
    reason: String,
}

/// The organisation asks for a review during the notice period.
#[utoipa::path(post, path = "/api/v1/evaluations/{id}/review-request", tag = "organizations",
    params(("id" = i64, Path)), request_body = ReviewRequest,
    responses((status = 204), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn request_evaluation_review(
    ApiCall { state, auth }: ApiCall,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<ReviewRequest>,
) -> Result<StatusCode, WebError> {
    state.app.request_evaluation_review(&auth.actor, id, &input.reason).await?;
    Ok(StatusCode::NO_CONTENT)
}
