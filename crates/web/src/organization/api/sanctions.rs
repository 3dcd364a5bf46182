//! Sanctions, suspension and the credit file (4A, 4D): what evaluation, support and the
//! public lists read.

use app::organization::{CreditRecordClosing, CreditRecordView, NewCreditRecord, NewSanction, SuspensionInput};
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;

use crate::floor::{ApiUser, AppState, Created, WebError};

/// Records a sanction by its legal kind (`warning`, `fine` with `amount_fen`, `suspension`,
/// `change_revoked`, `revocation`, `dishonest_debtor`) or an `investigation` (civil affairs);
/// evaluation eligibility and the public lists read them.
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

/// Civil affairs orders an organisation to stop its activities (recorded as a `suspension`), or
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

/// Records a fact of the credit file the public lists follow from (civil affairs; an
/// objection also by the organisation's own account).
#[utoipa::path(post, path = "/api/v1/organizations/{id}/credit-records", tag = "organizations",
    params(("id" = i64, Path)), request_body = NewCreditRecord,
    responses((status = 201, body = Created), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn record_credit_fact(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
    body: Result<Json<NewCreditRecord>, JsonRejection>,
) -> Result<(StatusCode, Json<Created>), WebError> {
    let Json(input) = body?;
    let id = state.app.record_credit_fact(&auth.actor, id, input).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

#[derive(Serialize, ToSchema)]
pub struct CreditRecordList {
    items: Vec<CreditRecordView>,
}

/// An organisation's credit file, oldest first.
#[utoipa::path(get, path = "/api/v1/organizations/{id}/credit-records", tag = "organizations",
    params(("id" = i64, Path)), responses((status = 200, body = CreditRecordList), (status = 404)))]
pub async fn list_credit_records(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<CreditRecordList>, WebError> {
    Ok(Json(CreditRecordList { items: state.app.credit_records(&auth.actor, id).await? }))
}

/// Civil affairs closes a fact of the credit file: the obligation met and checked, or an
/// objection decided (`upheld` or `rejected`).
#[utoipa::path(post, path = "/api/v1/organizations/{id}/credit-records/{record}/close", tag = "organizations",
    params(("id" = i64, Path), ("record" = i64, Path)), request_body = CreditRecordClosing,
    responses((status = 204), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn close_credit_record(
    State(state): State<AppState>,
    ApiUser(auth): ApiUser,
    Path((id, record)): Path<(i64, i64)>,
    body: Result<Json<CreditRecordClosing>, JsonRejection>,
) -> Result<StatusCode, WebError> {
    let Json(input) = body?;
    state.app.close_credit_record(&auth.actor, id, record, input).await?;
    Ok(StatusCode::NO_CONTENT)
}
