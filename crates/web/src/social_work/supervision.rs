//! Training bases, the expert pool and supervision (5C) over JSON.

use app::social_work::{
    ExpertView, NewExpert, NewSession, NewSupervision, NewTrainingBase, SupervisionFigures, SupervisionView,
    TrainingBaseView,
};
use axum::Json;
use axum::extract::Path;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use crate::floor::{ApiCall, Created, CreatedResponse, JsonBody, PathParam, QueryParams, WebError, created};

#[derive(Deserialize, IntoParams)]
pub struct PoolQuery {
    /// The region; its records and those below it are listed (all the caller keeps when absent).
    #[serde(default)]
    region: String,
    /// Only experts of this service field (experts list only).
    #[serde(default)]
    field: String,
}

/// Recognises a training base, hosted by a registered organisation or a named public body.
#[utoipa::path(post, path = "/api/v1/training-bases", tag = "social_work", request_body = NewTrainingBase,
    responses((status = 201, body = Created), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn add_training_base(
    ApiCall { state, auth }: ApiCall,
    JsonBody(input): JsonBody<NewTrainingBase>,
) -> CreatedResponse {
    created(state.app.add_training_base(&auth.actor, input).await?)
}

/// The training bases of a region and below, by name.
#[utoipa::path(get, path = "/api/v1/training-bases", tag = "social_work", params(PoolQuery),
    responses((status = 200, body = [TrainingBaseView]), (status = 403), (status = 404), (status = 422)))]
pub async fn list_training_bases(
    ApiCall { state, auth }: ApiCall,
    QueryParams(q): QueryParams<PoolQuery>,
) -> Result<Json<Vec<TrainingBaseView>>, WebError> {
    Ok(Json(state.app.list_training_bases(&auth.actor, &q.region).await?))
}

/// Admits a social worker or an external expert (name, title, employer) to a region's pool.
#[utoipa::path(post, path = "/api/v1/social-work-experts", tag = "social_work", request_body = NewExpert,
    responses((status = 201, body = Created), (status = 403), (status = 404), (status = 422)))]
pub async fn add_expert(ApiCall { state, auth }: ApiCall, JsonBody(input): JsonBody<NewExpert>) -> CreatedResponse {
    created(state.app.add_social_work_expert(&auth.actor, input).await?)
}

/// The experts of a region and below, optionally of one service field.
#[utoipa::path(get, path = "/api/v1/social-work-experts", tag = "social_work", params(PoolQuery),
    responses((status = 200, body = [ExpertView]), (status = 403), (status = 404), (status = 422)))]
pub async fn list_experts(
    ApiCall { state, auth }: ApiCall,
    QueryParams(q): QueryParams<PoolQuery>,
) -> Result<Json<Vec<ExpertView>>, WebError> {
    Ok(Json(state.app.list_social_work_experts(&auth.actor, &q.region, &q.field).await?))
}

/// Records a supervision relation; 422 on the supervisor's field when they hold no senior
/// certificate on the start day and are not in the expert pool that day.
#[utoipa::path(post, path = "/api/v1/supervisions", tag = "social_work", request_body = NewSupervision,
    responses((status = 201, body = Created), (status = 403), (status = 409), (status = 422)))]
pub async fn add_supervision(
    ApiCall { state, auth }: ApiCall,
    JsonBody(input): JsonBody<NewSupervision>,
) -> CreatedResponse {
    created(state.app.add_supervision(&auth.actor, input).await?)
}

/// A supervision relation, its sessions and the supervisor's load against the ratio.
#[utoipa::path(get, path = "/api/v1/supervisions/{id}", tag = "social_work", params(("id" = i64, Path)),
    responses((status = 200, body = SupervisionView), (status = 403), (status = 404)))]
pub async fn get_supervision(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
) -> Result<Json<SupervisionView>, WebError> {
    Ok(Json(state.app.supervision(&auth.actor, id).await?))
}

/// Records a session on a relation running today (409 otherwise), dated within it.
#[utoipa::path(post, path = "/api/v1/supervisions/{id}/sessions", tag = "social_work", request_body = NewSession,
    params(("id" = i64, Path)), responses((status = 201, body = Created), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn add_session(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
    JsonBody(input): JsonBody<NewSession>,
) -> CreatedResponse {
    created(state.app.add_supervision_session(&auth.actor, id, input).await?)
}

/// The relations a social worker is in, supervised or supervising; a `social_worker`
/// account reads its own.
#[utoipa::path(get, path = "/api/v1/social-workers/{id}/supervisions", tag = "social_work", params(("id" = i64, Path)),
    responses((status = 200, body = [SupervisionView]), (status = 403), (status = 404)))]
pub async fn worker_supervisions(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
) -> Result<Json<Vec<SupervisionView>>, WebError> {
    Ok(Json(state.app.worker_supervisions(&auth.actor, id).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct RatioInput {
    /// Workers one supervisor may have, 1 to 200; the default is 40.
    #[serde(default)]
    workers_per_supervisor: Option<i64>,
}

/// Sets the supervision ratio of a region (and below, where no nearer region sets one).
#[utoipa::path(put, path = "/api/v1/regions/{code}/supervision-ratio", tag = "social_work", request_body = RatioInput,
    params(("code" = String, Path)), responses((status = 204), (status = 403), (status = 404), (status = 422)))]
pub async fn set_ratio(
    ApiCall { state, auth }: ApiCall,
    Path(code): Path<String>,
    JsonBody(input): JsonBody<RatioInput>,
) -> Result<StatusCode, WebError> {
    state.app.set_supervision_ratio(&auth.actor, &code, input.workers_per_supervisor).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Supervision coverage and the supervisors over the ratio in a region and below, today.
#[utoipa::path(get, path = "/api/v1/regions/{code}/supervision-figures", tag = "social_work",
    params(("code" = String, Path)), responses((status = 200, body = SupervisionFigures), (status = 403), (status = 404)))]
pub async fn figures(
    ApiCall { state, auth }: ApiCall,
    Path(code): Path<String>,
) -> Result<Json<SupervisionFigures>, WebError> {
    Ok(Json(state.app.supervision_figures(&auth.actor, &code).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct EndInput {
    /// The relation's last day, YYYY-MM-DD: not before its start nor its latest session.
    #[serde(default)]
    ends_on: String,
}

/// Ends a supervision relation (once; 409 when it already has a last day).
#[utoipa::path(put, path = "/api/v1/supervisions/{id}/end", tag = "social_work", request_body = EndInput,
    params(("id" = i64, Path)), responses((status = 204), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn end_supervision(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
    JsonBody(input): JsonBody<EndInput>,
) -> Result<StatusCode, WebError> {
    state.app.end_supervision(&auth.actor, id, &input.ends_on).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
pub struct LeavingInput {
    /// The expert's last day in the pool, YYYY-MM-DD, not before the admission.
    #[serde(default)]
    left_on: String,
}

/// Records an expert's last day in the pool (once; 409 when already recorded).
#[utoipa::path(put, path = "/api/v1/social-work-experts/{id}/leaving", tag = "social_work", request_body = LeavingInput,
    params(("id" = i64, Path)), responses((status = 204), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn expert_leaves(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
    JsonBody(input): JsonBody<LeavingInput>,
) -> Result<StatusCode, WebError> {
    state.app.expert_leaves(&auth.actor, id, &input.left_on).await?;
    Ok(StatusCode::NO_CONTENT)
}
