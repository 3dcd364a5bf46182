//! Sanctions, suspension and the credit file (4A, 4D): what evaluation, support and the
//! public lists read.

use app::organization::{
    CreditRecordClosing, CreditRecordView, NewCreditRecord, NewSanction, RemovalApplication, SuspensionInput,
};
use axum::Json;
use axum::extract::Path;
use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;

use crate::floor::{ApiCall, Created, CreatedResponse, JsonBody, WebError, created};

/// Records a sanction by its legal kind (`warning`, `fine` with `amount_fen`, `suspension`,
/// `change_revoked`, `revocation`, `dishonest_debtor`) or an `investigation` (civil affairs);
/// evaluation eligibility and the public lists read them.
#[utoipa::path(post, path = "/api/v1/organizations/{id}/sanctions", tag = "organizations",
    params(("id" = i64, Path)), request_body = NewSanction,
    responses((status = 201, body = Created), (status = 403), (status = 404), (status = 422)))]
pub async fn record_sanction(
    ApiCall { state, auth }: ApiCall,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<NewSanction>,
) -> CreatedResponse {
    created(state.app.record_sanction(&auth.actor, id, input).await?)
}

/// Civil affairs orders an organisation to stop its activities (recorded as a `suspension`), or
/// lets a suspended one resume.
#[utoipa::path(post, path = "/api/v1/organizations/{id}/suspension", tag = "organizations",
    params(("id" = i64, Path)), request_body = SuspensionInput,
    responses((status = 204), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn set_suspension(
    ApiCall { state, auth }: ApiCall,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<SuspensionInput>,
) -> Result<StatusCode, WebError> {
    state.app.set_suspension(&auth.actor, id, input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Records a fact of the credit file the public lists follow from (civil affairs; an
/// objection also by the organisation's own account).
#[utoipa::path(post, path = "/api/v1/organizations/{id}/credit-records", tag = "organizations",
    params(("id" = i64, Path)), request_body = NewCreditRecord,
    responses((status = 201, body = Created), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn record_credit_fact(
    ApiCall { state, auth }: ApiCall,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<NewCreditRecord>,
) -> CreatedResponse {
    created(state.app.record_credit_fact(&auth.actor, id, input).await?)
}

#[derive(Serialize, ToSchema)]
pub struct CreditRecordList {
    items: Vec<CreditRecordView>,
}

/// An organisation's credit file, oldest first.
#[utoipa::path(get, path = "/api/v1/organizations/{id}/credit-records", tag = "organizations",
    params(("id" = i64, Path)), responses((status = 200, body = CreditRecordList), (status = 404)))]
pub async fn list_credit_records(
    ApiCall { state, auth }: ApiCall,
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
    ApiCall { state, auth }: ApiCall,
    Path((id, record)): Path<(i64, i64)>,
    JsonBody(input): JsonBody<CreditRecordClosing>,
) -> Result<StatusCode, WebError> {
    state.app.close_credit_record(&auth.actor, id, record, input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The organisation (or civil affairs for it) applies for removal from the abnormal list,
/// the record's obligation met; the registrar's 5-working-day deadline runs from that day.
#[utoipa::path(post, path = "/api/v1/organizations/{id}/credit-records/{record}/removal-application",
    tag = "organizations", params(("id" = i64, Path), ("record" = i64, Path)), request_body = RemovalApplication,
    responses((status = 204), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn apply_for_removal(
    ApiCall { state, auth }: ApiCall,
    Path((id, record)): Path<(i64, i64)>,
    JsonBody(input): JsonBody<RemovalApplication>,
) -> Result<StatusCode, WebError> {
    state.app.apply_for_removal(&auth.actor, id, record, input).await?;
    Ok(StatusCode::NO_CONTENT)
}
