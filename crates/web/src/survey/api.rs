use app::survey::{CodeRequest, IssuedCodes, NewSurvey, SurveyRow, SurveySummary};
use axum::Json;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::floor::{ApiCall, Created, CreatedResponse, JsonBody, PathParam, QueryParams, WebError, created};

#[derive(Deserialize, IntoParams)]
pub struct SubjectQuery {
    /// social_worker
    #[serde(default)]
    subject_kind: String,
    subject_id: i64,
}

/// The surveys about one subject, latest first; the subject's own account reads them too.
#[utoipa::path(get, path = "/api/v1/surveys", tag = "surveys", params(SubjectQuery),
    responses((status = 200, body = Vec<SurveyRow>), (status = 403), (status = 404), (status = 422)))]
pub async fn list_surveys(
    ApiCall { state, auth }: ApiCall,
    QueryParams(q): QueryParams<SubjectQuery>,
) -> Result<Json<Vec<SurveyRow>>, WebError> {
    Ok(Json(state.app.subject_surveys(&auth.actor, &q.subject_kind, q.subject_id).await?))
}

/// Opens a survey about a subject (`social_worker` and its id) for a period, with one to
/// ten questions rated 1 to 5.
#[utoipa::path(post, path = "/api/v1/surveys", tag = "surveys", request_body = NewSurvey,
    responses((status = 201, body = Created), (status = 403), (status = 422)))]
pub async fn open_survey(ApiCall { state, auth }: ApiCall, JsonBody(input): JsonBody<NewSurvey>) -> CreatedResponse {
    created(state.app.open_survey(&auth.actor, input).await?)
}

/// A survey's aggregates: codes issued and answered, the response rate, satisfaction
/// (0–100) overall and per question. No single answer is ever shown.
#[utoipa::path(get, path = "/api/v1/surveys/{id}", tag = "surveys", params(("id" = i64, Path)),
    responses((status = 200, body = SurveySummary), (status = 403), (status = 404)))]
pub async fn get_survey(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
) -> Result<Json<SurveySummary>, WebError> {
    Ok(Json(state.app.survey_summary(&auth.actor, id).await?))
}

/// Makes a batch of one-time codes and shows them this once (only hashes are kept).
#[utoipa::path(post, path = "/api/v1/surveys/{id}/codes", tag = "surveys", request_body = CodeRequest,
    params(("id" = i64, Path)),
    responses((status = 200, body = IssuedCodes), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn issue_codes(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
    JsonBody(input): JsonBody<CodeRequest>,
) -> Result<Json<IssuedCodes>, WebError> {
    Ok(Json(state.app.issue_survey_codes(&auth.actor, id, input).await?))
}
