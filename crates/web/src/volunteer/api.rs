//! The volunteer API (5E): the registry, hours, activities with QR check-in, proofs, and
//! the public ledger and proof verification.

use app::AppError;
use app::paging::PageRequest;
use app::volunteer::{
    ActivityView, Caller, ChainSummary, CheckOutcome, ConfirmInput, CorrectionInput, Direction, HeadCheck,
    LedgerEntryView, NewActivity, NewHours, NewProof, NewVolunteer, ProofVerification, ProofView, SignupOutcome,
    VolunteerList, VolunteerView,
};
use axum::Json;
use axum::extract::{FromRequestParts, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use crate::floor::auth::{Authenticated, BearerToken};
use crate::floor::{ApiCall, AppState, Created, CreatedResponse, JsonBody, PathParam, QueryParams, WebError, created};

#[derive(Deserialize, IntoParams)]
pub struct PageQuery {
    /// Zero-based page.
    #[serde(default)]
    page: u64,
    /// Rows a page.
    #[serde(default)]
    size: u64,
}

/// Volunteers kept in the caller's regions, newest first; ID numbers masked.
#[utoipa::path(get, path = "/api/v1/volunteers", tag = "volunteer", params(PageQuery),
    responses((status = 200, body = VolunteerList), (status = 403), (status = 404)))]
pub async fn list_volunteers(
    ApiCall { state, auth }: ApiCall,
    QueryParams(q): QueryParams<PageQuery>,
) -> Result<Json<VolunteerList>, WebError> {
    Ok(Json(state.app.list_volunteers(&auth.actor, PageRequest::new(q.page, q.size)).await?))
}

/// Registers a volunteer (an office in scope, or an organisation's account); the same
/// person twice is 409 on `id_number`.
#[utoipa::path(post, path = "/api/v1/volunteers", tag = "volunteer", request_body = NewVolunteer,
    responses((status = 201, body = Created), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn register_volunteer(
    ApiCall { state, auth }: ApiCall,
    JsonBody(input): JsonBody<NewVolunteer>,
) -> CreatedResponse {
    created(state.app.register_volunteer(&auth.actor, input).await?)
}

/// A volunteer with confirmed minutes and stars under the region's thresholds.
#[utoipa::path(get, path = "/api/v1/volunteers/{id}", tag = "volunteer", params(("id" = i64, Path)),
    responses((status = 200, body = VolunteerView), (status = 403), (status = 404)))]
pub async fn get_volunteer(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
) -> Result<Json<VolunteerView>, WebError> {
    Ok(Json(state.app.volunteer(&auth.actor, id).await?))
}

/// Approves a self-registered volunteer.
#[utoipa::path(post, path = "/api/v1/volunteers/{id}/approve", tag = "volunteer", params(("id" = i64, Path)),
    responses((status = 204), (status = 403), (status = 404), (status = 409)))]
pub async fn approve_volunteer(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
) -> Result<StatusCode, WebError> {
    state.app.approve_volunteer(&auth.actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Records confirmed service by the day in the caller's ledger (a new hash-chained entry);
/// the id is the entry's.
#[utoipa::path(post, path = "/api/v1/volunteers/{id}/hours", tag = "volunteer", request_body = NewHours,
    params(("id" = i64, Path)),
    responses((status = 201, body = Created), (status = 403), (status = 404), (status = 422)))]
pub async fn record_hours(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
    JsonBody(input): JsonBody<NewHours>,
) -> CreatedResponse {
    created(state.app.record_hours(&auth.actor, id, input).await?)
}

/// Issues a service proof from the caller's ledger, free.
#[utoipa::path(post, path = "/api/v1/volunteers/{id}/proofs", tag = "volunteer", request_body = NewProof,
    params(("id" = i64, Path)),
    responses((status = 201, body = Created), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn issue_proof(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
    JsonBody(input): JsonBody<NewProof>,
) -> CreatedResponse {
    created(state.app.issue_proof(&auth.actor, id, input).await?)
}

/// The proofs issued for a volunteer.
#[utoipa::path(get, path = "/api/v1/volunteers/{id}/proofs", tag = "volunteer", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<ProofView>), (status = 403), (status = 404)))]
pub async fn proofs(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
) -> Result<Json<Vec<ProofView>>, WebError> {
    Ok(Json(state.app.proofs_of(&auth.actor, id).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct StarHours {
    /// The hours of one to five stars, ascending.
    hours: [u32; 5],
}

/// Sets a region's star thresholds.
#[utoipa::path(put, path = "/api/v1/volunteer-stars/{code}", tag = "volunteer", request_body = StarHours,
    params(("code" = String, Path)), responses((status = 204), (status = 403), (status = 404), (status = 422)))]
pub async fn set_stars(
    ApiCall { state, auth }: ApiCall,
    PathParam(code): PathParam<String>,
    JsonBody(input): JsonBody<StarHours>,
) -> Result<StatusCode, WebError> {
    state.app.set_star_thresholds(&auth.actor, &code, input.hours).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Activities not yet ended, soonest first.
#[utoipa::path(get, path = "/api/v1/volunteer-activities", tag = "volunteer",
    responses((status = 200, body = Vec<ActivityView>)))]
pub async fn activities(ApiCall { state, .. }: ApiCall) -> Result<Json<Vec<ActivityView>>, WebError> {
    Ok(Json(state.app.activities(None).await?))
}

/// Creates an activity in the caller's ledger.
#[utoipa::path(post, path = "/api/v1/volunteer-activities", tag = "volunteer", request_body = NewActivity,
    responses((status = 201, body = Created), (status = 403), (status = 404), (status = 422)))]
pub async fn add_activity(ApiCall { state, auth }: ApiCall, JsonBody(input): JsonBody<NewActivity>) -> CreatedResponse {
    created(state.app.add_activity(&auth.actor, input).await?)
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct SignupInput {
    /// The volunteer signs the written agreement, where one is required.
    agreement_signed: bool,
}

/// Signs the caller's volunteer record up for an activity (or onto its waiting list).
#[utoipa::path(post, path = "/api/v1/volunteer-activities/{id}/signup", tag = "volunteer", request_body = SignupInput,
    params(("id" = i64, Path)),
    responses((status = 200, body = SignupOutcome), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn sign_up(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
    JsonBody(input): JsonBody<SignupInput>,
) -> Result<Json<SignupOutcome>, WebError> {
    Ok(Json(state.app.sign_up(&auth.actor, id, input.agreement_signed).await?))
}

/// Withdraws the caller's sign-up; the place goes to the first on the waiting list.
#[utoipa::path(post, path = "/api/v1/volunteer-activities/{id}/cancel", tag = "volunteer", params(("id" = i64, Path)),
    responses((status = 204), (status = 403), (status = 404), (status = 409)))]
pub async fn cancel_signup(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
) -> Result<StatusCode, WebError> {
    state.app.cancel_signup(&auth.actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct CheckInput {
    /// The token of the activity's QR code.
    token: String,
    latitude: Option<f64>,
    longitude: Option<f64>,
}

impl CheckInput {
    fn at(&self) -> Option<(f64, f64)> {
        self.latitude.zip(self.longitude)
    }
}

/// The caller of a QR check: a session's account, or a bearer token left for the writer
/// to look up with its group's others (one query per group instead of one per check). A
/// token without the shape of one is refused here, before the body is read.
pub struct CheckCall {
    state: AppState,
    caller: Caller,
}

impl FromRequestParts<AppState> for CheckCall {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let caller = match (parts.extensions.get::<Authenticated>(), parts.extensions.get::<BearerToken>()) {
            (Some(auth), _) => Caller::Account(auth.actor.account_id),
            (None, Some(BearerToken(token))) => Caller::bearer(token)?,
            (None, None) => return Err(WebError::App(AppError::Unauthenticated)),
        };
        Ok(CheckCall { state: state.clone(), caller })
    }
}

/// Checks the caller in, with the token of the activity's QR code; answered once written.
#[utoipa::path(post, path = "/api/v1/volunteer-activities/{id}/check-in", tag = "volunteer", request_body = CheckInput,
    params(("id" = i64, Path)),
    responses((status = 200, body = CheckOutcome), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn check_in(
    CheckCall { state, caller }: CheckCall,
    PathParam(id): PathParam<i64>,
    JsonBody(input): JsonBody<CheckInput>,
) -> Result<Json<CheckOutcome>, WebError> {
    Ok(Json(state.app.check(caller, id, Direction::In, &input.token, input.at()).await?))
}

/// Checks the caller out: the span becomes a ledger entry waiting for confirmation.
#[utoipa::path(post, path = "/api/v1/volunteer-activities/{id}/check-out", tag = "volunteer", request_body = CheckInput,
    params(("id" = i64, Path)),
    responses((status = 200, body = CheckOutcome), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn check_out(
    CheckCall { state, caller }: CheckCall,
    PathParam(id): PathParam<i64>,
    JsonBody(input): JsonBody<CheckInput>,
) -> Result<Json<CheckOutcome>, WebError> {
    Ok(Json(state.app.check(caller, id, Direction::Out, &input.token, input.at()).await?))
}

#[derive(serde::Serialize, ToSchema)]
pub struct TokenView {
    token: String,
}

/// The token the activity's QR code carries this minute (its organiser only).
#[utoipa::path(get, path = "/api/v1/volunteer-activities/{id}/token", tag = "volunteer", params(("id" = i64, Path)),
    responses((status = 200, body = TokenView), (status = 404)))]
pub async fn token(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
) -> Result<Json<TokenView>, WebError> {
    Ok(Json(TokenView { token: state.app.checkin_token(&auth.actor, id).await? }))
}

/// Confirms a check-out entry of the caller's ledger (with changed minutes, if given).
#[utoipa::path(post, path = "/api/v1/volunteer-ledgers/{chain}/entries/{seq}/confirm", tag = "volunteer",
    request_body = ConfirmInput, params(("chain" = String, Path), ("seq" = i64, Path)),
    responses((status = 201, body = Created), (status = 404), (status = 409), (status = 422)))]
pub async fn confirm(
    ApiCall { state, auth }: ApiCall,
    PathParam((chain, seq)): PathParam<(String, i64)>,
    JsonBody(input): JsonBody<ConfirmInput>,
) -> CreatedResponse {
    created(state.app.confirm_entry(&auth.actor, &chain, seq, input).await?)
}

/// Corrects an entry of the caller's ledger with a new entry that names it.
#[utoipa::path(post, path = "/api/v1/volunteer-ledgers/{chain}/entries/{seq}/correction", tag = "volunteer",
    request_body = CorrectionInput, params(("chain" = String, Path), ("seq" = i64, Path)),
    responses((status = 201, body = Created), (status = 404), (status = 409), (status = 422)))]
pub async fn correct(
    ApiCall { state, auth }: ApiCall,
    PathParam((chain, seq)): PathParam<(String, i64)>,
    JsonBody(input): JsonBody<CorrectionInput>,
) -> CreatedResponse {
    created(state.app.correct_entry(&auth.actor, &chain, seq, input).await?)
}

/// An organiser's ledger: head, whether it verifies, and the heads published each day.
#[utoipa::path(get, path = "/api/v1/public/volunteer-ledgers/{chain}", tag = "volunteer",
    params(("chain" = String, Path)), responses((status = 200, body = ChainSummary), (status = 404)))]
pub async fn ledger(
    State(state): State<AppState>,
    PathParam(chain): PathParam<String>,
) -> Result<Json<ChainSummary>, WebError> {
    Ok(Json(state.app.ledger_summary(&chain).await?))
}

/// A ledger's entries without personal data, to recompute its hashes.
#[utoipa::path(get, path = "/api/v1/public/volunteer-ledgers/{chain}/entries", tag = "volunteer",
    params(("chain" = String, Path)), responses((status = 200, body = Vec<LedgerEntryView>), (status = 404)))]
pub async fn ledger_entries(
    State(state): State<AppState>,
    PathParam(chain): PathParam<String>,
) -> Result<Json<Vec<LedgerEntryView>>, WebError> {
    Ok(Json(state.app.ledger_entries(&chain).await?))
}

#[derive(Deserialize, IntoParams)]
pub struct HeadQuery {
    seq: i64,
    head: String,
}

/// Whether a head someone kept is still what the ledger gives.
#[utoipa::path(get, path = "/api/v1/public/volunteer-ledgers/{chain}/check", tag = "volunteer",
    params(("chain" = String, Path), HeadQuery), responses((status = 200, body = HeadCheck), (status = 422)))]
pub async fn check_head(
    State(state): State<AppState>,
    PathParam(chain): PathParam<String>,
    QueryParams(q): QueryParams<HeadQuery>,
) -> Result<Json<HeadCheck>, WebError> {
    Ok(Json(state.app.check_head(&chain, q.seq, &q.head).await?))
}

/// A proof checked against the ledger by its verification code; the name masked.
#[utoipa::path(get, path = "/api/v1/public/volunteer-proofs/{code}", tag = "volunteer",
    params(("code" = String, Path)), responses((status = 200, body = ProofVerification), (status = 404)))]
pub async fn verify_proof(
    State(state): State<AppState>,
    PathParam(code): PathParam<String>,
) -> Result<Json<ProofVerification>, WebError> {
    Ok(Json(state.app.verify_proof(&code).await?))
}

/// A volunteer asks an organiser to correct an error or gap in its record.
#[utoipa::path(post, path = "/api/v1/volunteer-corrections", tag = "volunteer",
    request_body = app::volunteer::CorrectionRequestInput,
    responses((status = 201, body = Created), (status = 403), (status = 422)))]
pub async fn request_correction(
    ApiCall { state, auth }: ApiCall,
    JsonBody(input): JsonBody<app::volunteer::CorrectionRequestInput>,
) -> CreatedResponse {
    created(state.app.request_correction(&auth.actor, input).await?)
}

/// The caller's own requests (a volunteer), or those to the ledgers the caller keeps.
#[utoipa::path(get, path = "/api/v1/volunteer-corrections", tag = "volunteer",
    responses((status = 200, body = Vec<app::volunteer::CorrectionRequestView>), (status = 403), (status = 404)))]
pub async fn correction_requests(
    ApiCall { state, auth }: ApiCall,
) -> Result<Json<Vec<app::volunteer::CorrectionRequestView>>, WebError> {
    Ok(Json(state.app.correction_requests(&auth.actor).await?))
}

/// The organiser answers a request: fixed or refused, and what it found.
#[utoipa::path(post, path = "/api/v1/volunteer-corrections/{id}/answer", tag = "volunteer",
    request_body = app::volunteer::CorrectionAnswer, params(("id" = i64, Path)),
    responses((status = 204), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn answer_correction(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
    JsonBody(input): JsonBody<app::volunteer::CorrectionAnswer>,
) -> Result<StatusCode, WebError> {
    state.app.answer_correction(&auth.actor, id, input).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct MergeInput {
    /// The volunteer number of the duplicate record to merge into this one.
    merged: String,
}

/// Merges a duplicate record (by its volunteer number) into this one: its entries count
/// here from now on, and it is closed; no ledger entry is rewritten.
#[utoipa::path(post, path = "/api/v1/volunteers/{id}/merge", tag = "volunteer", request_body = MergeInput,
    params(("id" = i64, Path)), responses((status = 204), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn merge(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
    JsonBody(input): JsonBody<MergeInput>,
) -> Result<StatusCode, WebError> {
    state.app.merge_volunteers(&auth.actor, id, &input.merged).await?;
    Ok(StatusCode::NO_CONTENT)
}
