use app::paging::PageRequest;
use app::social_work::{
    CertificateInput, ContributionInput, ContributionView, HireExit, NewHire, NewPost, NewSocialWorker, NewTraining,
    PostView, SOCIAL_WORKER_SHEET, SocialWorkFigures, SocialWorkerDetail, SocialWorkerList, StepInput, StepOutcome,
    parse_social_worker_sheet,
};
use axum::Json;
use axum::extract::Path;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use crate::floor::sheet::{ImportQuery, ImportResult, SheetUpload};
use crate::floor::{ApiCall, Created, CreatedResponse, Importer, JsonBody, PathParam, QueryParams, WebError, created};

#[derive(Deserialize, IntoParams)]
pub struct ListQuery {
    /// Only records kept in this region and below; all the caller keeps when absent.
    #[serde(default)]
    region: String,
    /// Zero-based page.
    #[serde(default)]
    page: u64,
    /// Rows a page: 20 (the default), 50, 100 or 200.
    #[serde(default)]
    size: u64,
}

/// Social workers kept in a region, paged; ID numbers masked.
#[utoipa::path(get, path = "/api/v1/social-workers", tag = "social_work", params(ListQuery),
    responses((status = 200, body = SocialWorkerList), (status = 403), (status = 404)))]
pub async fn list_social_workers(
    ApiCall { state, auth }: ApiCall,
    QueryParams(q): QueryParams<ListQuery>,
) -> Result<Json<SocialWorkerList>, WebError> {
    Ok(Json(state.app.list_social_workers(&auth.actor, &q.region, PageRequest::new(q.page, q.size)).await?))
}

/// Adds a social worker: the person is found by ID number (or created); a completed
/// registration may come with them (`registered_on`, within a year of the certificate).
#[utoipa::path(post, path = "/api/v1/social-workers", tag = "social_work", request_body = NewSocialWorker,
    responses((status = 201, body = Created), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn add_social_worker(
    ApiCall { state, auth }: ApiCall,
    JsonBody(input): JsonBody<NewSocialWorker>,
) -> CreatedResponse {
    created(state.app.add_social_worker(&auth.actor, input).await?)
}

/// One social worker's record: certificate, registration today and the current period's
/// continuing education. A `social_worker` account reads its own.
#[utoipa::path(get, path = "/api/v1/social-workers/{id}", tag = "social_work", params(("id" = i64, Path)),
    responses((status = 200, body = SocialWorkerDetail), (status = 403), (status = 404)))]
pub async fn get_social_worker(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
) -> Result<Json<SocialWorkerDetail>, WebError> {
    Ok(Json(state.app.social_worker(&auth.actor, id).await?))
}

/// Records continuing education (hours to the half hour).
#[utoipa::path(post, path = "/api/v1/social-workers/{id}/training", tag = "social_work", request_body = NewTraining,
    params(("id" = i64, Path)), responses((status = 201, body = Created), (status = 403), (status = 404), (status = 422)))]
pub async fn add_training(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
    JsonBody(input): JsonBody<NewTraining>,
) -> CreatedResponse {
    created(state.app.add_training(&auth.actor, id, input).await?)
}

/// Corrects the certificate; refused (409) once a registration's first approval froze it.
#[utoipa::path(put, path = "/api/v1/social-workers/{id}/certificate", tag = "social_work", request_body = CertificateInput,
    params(("id" = i64, Path)), responses((status = 204), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn update_certificate(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
    JsonBody(input): JsonBody<CertificateInput>,
) -> Result<StatusCode, WebError> {
    state.app.update_certificate(&auth.actor, id, input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Files an application for first registration, dated today (within a year of the
/// certificate, that day included).
#[utoipa::path(post, path = "/api/v1/social-workers/{id}/registration-applications", tag = "social_work",
    params(("id" = i64, Path)), responses((status = 201, body = Created), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn apply_for_registration(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
) -> CreatedResponse {
    created(state.app.apply_for_registration(&auth.actor, id).await?)
}

/// Takes a step on an application: first_review, final_review (each agree or refuse),
/// register (the period starts today), issue_certificate.
#[utoipa::path(post, path = "/api/v1/social-worker-applications/{id}/steps", tag = "social_work", request_body = StepInput,
    params(("id" = i64, Path)), responses((status = 200, body = StepOutcome), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn registration_step(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
    JsonBody(input): JsonBody<StepInput>,
) -> Result<Json<StepOutcome>, WebError> {
    Ok(Json(state.app.registration_step(&auth.actor, id, input).await?))
}

/// Renews the registration, dated today: in the three months before expiry (409 outside
/// them) and with the period's continuing education (422 on `continuing_education` with
/// the shortfall otherwise).
#[utoipa::path(post, path = "/api/v1/social-workers/{id}/renewals", tag = "social_work",
    params(("id" = i64, Path)), responses((status = 201, body = Created), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn renew_registration(ApiCall { state, auth }: ApiCall, PathParam(id): PathParam<i64>) -> CreatedResponse {
    created(state.app.renew_registration(&auth.actor, id).await?)
}

/// Creates a social-work post with its service field.
#[utoipa::path(post, path = "/api/v1/social-work-posts", tag = "social_work", request_body = NewPost,
    responses((status = 201, body = Created), (status = 403), (status = 404), (status = 422)))]
pub async fn add_post(ApiCall { state, auth }: ApiCall, JsonBody(input): JsonBody<NewPost>) -> CreatedResponse {
    created(state.app.add_social_work_post(&auth.actor, input).await?)
}

/// A social-work post and the day its region's certificate gate starts.
#[utoipa::path(get, path = "/api/v1/social-work-posts/{id}", tag = "social_work", params(("id" = i64, Path)),
    responses((status = 200, body = PostView), (status = 403), (status = 404)))]
pub async fn get_post(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
) -> Result<Json<PostView>, WebError> {
    Ok(Json(state.app.social_work_post(&auth.actor, id).await?))
}

/// Hires a social worker into a post; 422 on `certificate` when a professional post's
/// hire on or after the gate day has no certificate held on the hire date.
#[utoipa::path(post, path = "/api/v1/social-work-posts/{id}/hires", tag = "social_work", request_body = NewHire,
    params(("id" = i64, Path)), responses((status = 201, body = Created), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn hire(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
    JsonBody(input): JsonBody<NewHire>,
) -> CreatedResponse {
    created(state.app.hire_social_worker(&auth.actor, id, input).await?)
}

#[derive(Deserialize, ToSchema)]
pub struct GateInput {
    /// YYYY-MM-DD; the national default is 2012-01-01.
    #[serde(default)]
    certificate_required_from: String,
}

/// Sets the day from which hires into professional posts in this region need a certificate.
#[utoipa::path(put, path = "/api/v1/regions/{code}/social-work-gate", tag = "social_work", request_body = GateInput,
    params(("code" = String, Path)), responses((status = 204), (status = 403), (status = 404), (status = 422)))]
pub async fn set_gate(
    ApiCall { state, auth }: ApiCall,
    Path(code): Path<String>,
    JsonBody(input): JsonBody<GateInput>,
) -> Result<StatusCode, WebError> {
    state.app.set_certificate_gate(&auth.actor, &code, &input.certificate_required_from).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Imports certificate holders from an .xlsx or CSV file in the template's columns
/// (multipart field `file`): a dry run unless `commit=true`; all rows or none.
#[utoipa::path(post, path = "/api/v1/social-workers/import", tag = "social_work", params(ImportQuery),
    request_body(content_type = "multipart/form-data", description = "field `file`: .xlsx or .csv in the template's columns"),
    responses((status = 200, body = ImportResult), (status = 403), (status = 404), (status = 422)))]
pub async fn import_social_workers(
    ApiCall { state, auth }: ApiCall,
    _: Importer,
    upload: SheetUpload,
) -> Result<Json<ImportResult>, WebError> {
    let rows = upload.rows(parse_social_worker_sheet).await?;
    Ok(upload.answer(
        &SOCIAL_WORKER_SHEET,
        &state.app.import_social_workers(&auth.actor, &rows, upload.dry_run, &|_| {}).await?,
    ))
}

/// A worker leaves a post: the day (from the hire to today) and the reason.
#[utoipa::path(post, path = "/api/v1/social-work-hires/{id}/exit", tag = "social_work", request_body = HireExit,
    params(("id" = i64, Path)), responses((status = 204), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn end_hire(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
    JsonBody(input): JsonBody<HireExit>,
) -> Result<StatusCode, WebError> {
    state.app.end_hire(&auth.actor, id, input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The social-work figures of a region and of each region directly below it (2D):
/// certified workers by level and per 10,000 residents (in tenths), registrations by
/// standing, continuing-education compliance (percent, in tenths), gate refusals.
#[utoipa::path(get, path = "/api/v1/regions/{code}/social-work-figures", tag = "social_work",
    params(("code" = String, Path)), responses((status = 200, body = SocialWorkFigures), (status = 403), (status = 404)))]
pub async fn social_work_figures(
    ApiCall { state, auth }: ApiCall,
    PathParam(code): PathParam<String>,
) -> Result<Json<SocialWorkFigures>, WebError> {
    Ok(Json(state.app.social_work_figures(&auth.actor, &code).await?))
}

/// Records (or corrects) a worker's social-insurance contribution for a month (`YYYY-MM`):
/// due on the base, paid, and the day paid.
#[utoipa::path(put, path = "/api/v1/social-workers/{id}/contributions/{month}", tag = "social_work",
    params(("id" = i64, Path), ("month" = String, Path)), request_body = ContributionInput,
    responses((status = 204), (status = 403), (status = 404), (status = 422)))]
pub async fn record_contribution(
    ApiCall { state, auth }: ApiCall,
    PathParam((id, month)): PathParam<(i64, String)>,
    JsonBody(input): JsonBody<ContributionInput>,
) -> Result<StatusCode, WebError> {
    state.app.record_contribution(&auth.actor, id, &month, input).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(serde::Serialize, ToSchema)]
pub struct ContributionList {
    items: Vec<ContributionView>,
}

/// A worker's months of social insurance, latest first, each with its due day and arrears
/// (`unpaid`, `late` or `short`). A `social_worker` account reads its own.
#[utoipa::path(get, path = "/api/v1/social-workers/{id}/contributions", tag = "social_work",
    params(("id" = i64, Path)), responses((status = 200, body = ContributionList), (status = 403), (status = 404)))]
pub async fn contributions(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
) -> Result<Json<ContributionList>, WebError> {
    Ok(Json(ContributionList { items: state.app.contributions(&auth.actor, id).await? }))
}
