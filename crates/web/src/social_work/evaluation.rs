//! The yearly evaluation of social workers (5A) and its weights and bands per region and year.

use app::social_work::{EvaluationRulesInput, EvaluationView, NewEvaluation};
use axum::Json;
use axum::http::StatusCode;

use crate::floor::{ApiCall, Created, CreatedResponse, JsonBody, PathParam, WebError, created};

/// Records a worker's evaluation for a year from quality and results (0–100, one
/// decimal); satisfaction is the score of the worker's survey that closed that year.
/// 409 without such a survey, with fewer answers than the rules ask, or when the year
/// is evaluated already.
#[utoipa::path(post, path = "/api/v1/social-workers/{id}/evaluations", tag = "social_work",
    request_body = NewEvaluation, params(("id" = i64, Path)),
    responses((status = 201, body = Created), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn evaluate(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
    JsonBody(input): JsonBody<NewEvaluation>,
) -> CreatedResponse {
    created(state.app.evaluate_social_worker(&auth.actor, id, input).await?)
}

/// A worker's evaluations, latest year first; a `social_worker` account reads its own.
#[utoipa::path(get, path = "/api/v1/social-workers/{id}/evaluations", tag = "social_work",
    params(("id" = i64, Path)), responses((status = 200, body = Vec<EvaluationView>), (status = 403), (status = 404)))]
pub async fn evaluations(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
) -> Result<Json<Vec<EvaluationView>>, WebError> {
    Ok(Json(state.app.social_worker_evaluations(&auth.actor, id).await?))
}

/// Sets a region's weights (percent, summing to 100), grade band floors (descending)
/// and the survey answers needed, for one year's evaluations there and below.
#[utoipa::path(put, path = "/api/v1/regions/{code}/social-work-evaluation-rules/{year}", tag = "social_work",
    request_body = EvaluationRulesInput, params(("code" = String, Path), ("year" = i32, Path)),
    responses((status = 204), (status = 403), (status = 404), (status = 422)))]
pub async fn set_rules(
    ApiCall { state, auth }: ApiCall,
    PathParam((code, year)): PathParam<(String, i32)>,
    JsonBody(input): JsonBody<EvaluationRulesInput>,
) -> Result<StatusCode, WebError> {
    state.app.set_evaluation_rules(&auth.actor, &code, year, input).await?;
    Ok(StatusCode::NO_CONTENT)
}
