//! Registration applications (4A): founders file without an account and follow a
//! tracking number; the supervising unit reviews, civil affairs registers.

use app::organization::{FiledRegistration, NewRegistration, RegistrationDecision, RegistrationView};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use domain::organization::application::Step;
use serde::Serialize;
use utoipa::ToSchema;

use crate::floor::{ApiCall, AppState, JsonBody, WebError};

/// Founders apply to register a new organisation (no login); answers the tracking number.
#[utoipa::path(post, path = "/api/v1/public/registration-applications", tag = "organizations",
    request_body = NewRegistration,
    responses((status = 201, body = FiledRegistration), (status = 409), (status = 422)))]
pub async fn file_registration(
    State(state): State<AppState>,
    JsonBody(input): JsonBody<NewRegistration>,
) -> Result<(StatusCode, Json<FiledRegistration>), WebError> {
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
pub async fn list_registrations(ApiCall { state, auth }: ApiCall) -> Result<Json<RegistrationList>, WebError> {
    Ok(Json(RegistrationList { items: state.app.registrations(&auth.actor).await? }))
}

/// The supervising unit's review (`review`) or civil affairs' decision (`decide`, with the
/// code it issues when it agrees: the organisation is registered).
#[utoipa::path(post, path = "/api/v1/registration-applications/{id}/{step}", tag = "organizations",
    params(("id" = i64, Path), ("step" = String, Path)), request_body = RegistrationDecision,
    responses((status = 204), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn decide_registration(
    ApiCall { state, auth }: ApiCall,
    Path((id, step)): Path<(i64, String)>,
    JsonBody(input): JsonBody<RegistrationDecision>,
) -> Result<StatusCode, WebError> {
    let step = match step.as_str() {
        "review" => Step::Unit,
        "decide" => Step::Registrar,
        _ => return Err(app::AppError::NotFound.into()),
    };
    state.app.decide_registration(&auth.actor, id, step, input).await?;
    Ok(StatusCode::NO_CONTENT)
}
