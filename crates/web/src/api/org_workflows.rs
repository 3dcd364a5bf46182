//! Social organisations over HTTP (4A, 4D): registration, change and deregistration
//! applications,
//! evaluation 1A–5A and the sanctions it reads.

use app::organization::{
    ApplicationStep, ApplicationView, EvaluationView, FiledRegistration, NewApplication, NewRegistration, NewSanction,
    RegistrationDecision, RegistrationView, StandardInput, SuspensionInput,
};
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use domain::organization::application::Step;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::elections::Created;
use crate::AppState;
use crate::auth::ApiUser;
use crate::problem::WebError;
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

/// Sets a registrar's evaluation standard for a year: indicators, cut-offs, notice days.
#[utoipa::path(put, path = "/api/v1/evaluation-standards/{authority}/{year}", tag = "organizations",
    params(("authority" = String, Path), ("year" = i32, Path)), request_body = StandardInput,
    responses((status = 204), (status = 404), (status = 422)))]
pub async fn set_evaluation_standard(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path((authority, year)): Path<(String, i32)>,
    body: Result<Json<StandardInput>, JsonRejection>,
) -> Result<StatusCode, WebError> {
    let Json(input) = body?;
    state.app.set_evaluation_standard(&auth.actor, &authority, year, input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// An authority's own evaluation standard for a year; 404 when it has none.
#[utoipa::path(get, path = "/api/v1/evaluation-standards/{authority}/{year}", tag = "organizations",
    params(("authority" = String, Path), ("year" = i32, Path)),
    responses((status = 200, body = StandardInput), (status = 404)))]
pub async fn get_evaluation_standard(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
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
pub async fn apply_for_evaluation(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
) -> Result<(StatusCode, Json<Created>), WebError> {
    let id = state.app.apply_for_evaluation(&auth.actor, id).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// An organisation's evaluations, newest first.
#[utoipa::path(get, path = "/api/v1/organizations/{id}/evaluations", tag = "organizations",
    params(("id" = i64, Path)), responses((status = 200, body = EvaluationList), (status = 404)))]
pub async fn list_evaluations(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
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
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
    body: Result<Json<ScoresInput>, JsonRejection>,
) -> Result<Json<EvaluationView>, WebError> {
    let Json(input) = body?;
    Ok(Json(state.app.score_evaluation(&auth.actor, id, input.scores).await?))
}

/// Publishes a scored evaluation for its notice period.
#[utoipa::path(post, path = "/api/v1/evaluations/{id}/publish", tag = "organizations", params(("id" = i64, Path)),
    responses((status = 200, body = EvaluationView), (status = 404), (status = 409)))]
pub async fn publish_evaluation(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<EvaluationView>, WebError> {
    Ok(Json(state.app.publish_evaluation(&auth.actor, id).await?))
}

/// Gives the grade after a notice period without a review request (valid five years).
#[utoipa::path(post, path = "/api/v1/evaluations/{id}/grant", tag = "organizations", params(("id" = i64, Path)),
    responses((status = 200, body = EvaluationView), (status = 404), (status = 409)))]
pub async fn grant_evaluation(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
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
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
    body: Result<Json<ReviewRequest>, JsonRejection>,
) -> Result<StatusCode, WebError> {
    let Json(input) = body?;
    state.app.request_evaluation_review(&auth.actor, id, &input.reason).await?;
    Ok(StatusCode::NO_CONTENT)
}

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

/// Founders apply to register a new organisation (no login); answers the tracking number.
#[utoipa::path(post, path = "/api/v1/public/registration-applications", tag = "organizations",
    request_body = NewRegistration,
    responses((status = 201, body = FiledRegistration), (status = 409), (status = 422)))]
pub async fn file_registration(
    State(state): State<AppState>,
    body: Result<Json<NewRegistration>, JsonRejection>,
) -> Result<(StatusCode, Json<FiledRegistration>), WebError> {
    let Json(input) = body?;
    Ok((StatusCode::CREATED, Json(state.app.file_registration(input).await?)))
}

/// A registration application's progress by tracking number (no login, no contact details).
#[utoipa::path(get, path = "/api/v1/public/registration-applications/{tracking}", tag = "organizations",
    params(("tracking" = String, Path)), responses((status = 200, body = RegistrationView), (status = 404)))]
pub async fn public_registration(
    State(state): State<AppState>,
    Path(tracking): Path<String>,
) -> Result<Json<RegistrationView>, WebError> {
    Ok(Json(state.app.public_registration(&tracking).await?))
}

#[derive(Serialize, ToSchema)]
pub struct RegistrationList {
    items: Vec<RegistrationView>,
}

/// The registration applications the caller's unit reviews or civil affairs decides.
#[utoipa::path(get, path = "/api/v1/registration-applications", tag = "organizations",
    responses((status = 200, body = RegistrationList), (status = 404)))]
pub async fn list_registrations(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
) -> Result<Json<RegistrationList>, WebError> {
    Ok(Json(RegistrationList { items: state.app.registrations(&auth.actor).await? }))
}

/// The supervising unit's review (`review`) or civil affairs' decision (`decide`, with the
/// code it issues when it agrees: the organisation is registered).
#[utoipa::path(post, path = "/api/v1/registration-applications/{id}/{step}", tag = "organizations",
    params(("id" = i64, Path), ("step" = String, Path)), request_body = RegistrationDecision,
    responses((status = 204), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn decide_registration(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path((id, step)): Path<(i64, String)>,
    body: Result<Json<RegistrationDecision>, JsonRejection>,
) -> Result<StatusCode, WebError> {
    let step = match step.as_str() {
        "review" => Step::Unit,
        "decide" => Step::Registrar,
        _ => return Err(app::AppError::NotFound.into()),
    };
    let Json(input) = body?;
    state.app.decide_registration(&auth.actor, id, step, input).await?;
    Ok(StatusCode::NO_CONTENT)
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
