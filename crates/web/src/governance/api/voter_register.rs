//! Objections to the register, self-nominations and proxies (3B) over HTTP.

use app::governance::{
    KinView, NewKinship, NewNomination, NewObjection, NewProxy, NomineeList, ObjectionDecisionInput, ObjectionView,
    ProxyView,
};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;

use crate::floor::sheet::{ImportQuery, ImportResult, SheetUpload};
use crate::floor::{ApiCall, AppState, Created, CreatedResponse, Importer, JsonBody, PathParam, WebError, created};

/// Files an objection to a published register (within the rule's days of publication).
#[utoipa::path(post, path = "/api/v1/elections/{id}/objections", tag = "governance", params(("id" = i64, Path)),
    request_body = NewObjection, responses((status = 201, body = Created), (status = 404), (status = 409), (status = 422)))]
pub async fn file_objection(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
    JsonBody(input): JsonBody<NewObjection>,
) -> CreatedResponse {
    created(state.app.file_objection(&auth.actor, id, input).await?)
}

#[derive(Serialize, ToSchema)]
pub struct ObjectionList {
    items: Vec<ObjectionView>,
}

/// An election's objections with their decision deadlines.
#[utoipa::path(get, path = "/api/v1/elections/{id}/objections", tag = "governance", params(("id" = i64, Path)),
    responses((status = 200, body = ObjectionList), (status = 404)))]
pub async fn list_objections(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
) -> Result<Json<ObjectionList>, WebError> {
    Ok(Json(ObjectionList { items: state.app.objections(&auth.actor, id).await? }))
}

/// Decides an objection; upholding it corrects the register.
#[utoipa::path(post, path = "/api/v1/objections/{id}/decision", tag = "governance", params(("id" = i64, Path)),
    request_body = ObjectionDecisionInput, responses((status = 204), (status = 404), (status = 409), (status = 422)))]
pub async fn decide_objection(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
    JsonBody(input): JsonBody<ObjectionDecisionInput>,
) -> Result<StatusCode, WebError> {
    state.app.decide_objection(&auth.actor, id, input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Files a voter's self-nomination for one post (until nominations close).
#[utoipa::path(post, path = "/api/v1/elections/{id}/nominations", tag = "governance", params(("id" = i64, Path)),
    request_body = NewNomination, responses((status = 201, body = Created), (status = 404), (status = 409), (status = 422)))]
pub async fn nominate(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
    JsonBody(input): JsonBody<NewNomination>,
) -> CreatedResponse {
    created(state.app.nominate(&auth.actor, id, input).await?)
}

#[derive(Serialize, ToSchema)]
pub struct NomineeLists {
    items: Vec<NomineeList>,
}

/// The self-nominees per post in stroke order (public once nominations have closed).
#[utoipa::path(get, path = "/api/v1/public/elections/{id}/nominees", tag = "governance", params(("id" = i64, Path)),
    responses((status = 200, body = NomineeLists), (status = 404)))]
pub async fn public_nominees(
    State(state): State<AppState>,
    PathParam(id): PathParam<i64>,
) -> Result<Json<NomineeLists>, WebError> {
    Ok(Json(NomineeLists { items: state.app.nominees(id).await? }))
}

/// Files a written proxy to a close relative on the register.
#[utoipa::path(post, path = "/api/v1/elections/{id}/proxies", tag = "governance", params(("id" = i64, Path)),
    request_body = NewProxy, responses((status = 201, body = Created), (status = 404), (status = 409), (status = 422)))]
pub async fn file_proxy(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
    JsonBody(input): JsonBody<NewProxy>,
) -> CreatedResponse {
    created(state.app.file_proxy(&auth.actor, id, input).await?)
}

#[derive(Serialize, ToSchema)]
pub struct ProxyList {
    items: Vec<ProxyView>,
}

/// The filed proxies, published (public).
#[utoipa::path(get, path = "/api/v1/public/elections/{id}/proxies", tag = "governance", params(("id" = i64, Path)),
    responses((status = 200, body = ProxyList), (status = 404)))]
pub async fn public_proxies(
    State(state): State<AppState>,
    PathParam(id): PathParam<i64>,
) -> Result<Json<ProxyList>, WebError> {
    Ok(Json(ProxyList { items: state.app.proxies(id).await? }))
}

/// Puts the people of a spreadsheet (.xlsx or CSV with the columns 姓名, 身份证号, 手机号码;
/// multipart field `file`) on an unpublished register: a dry run unless `commit=true`; all
/// rows or none.
#[utoipa::path(post, path = "/api/v1/elections/{id}/voters/import", tag = "governance",
    params(("id" = i64, Path), ImportQuery),
    request_body(content_type = "multipart/form-data", description = "field `file`: .xlsx or .csv"),
    responses((status = 200, body = ImportResult), (status = 404), (status = 409), (status = 422)))]
pub async fn import_voters(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
    _: Importer,
    upload: SheetUpload,
) -> Result<Json<ImportResult>, WebError> {
    let rows = upload.rows(app::governance::parse_voter_sheet).await?;
    Ok(upload
        .answer(&app::governance::VOTER_SHEET, &state.app.import_voters(&auth.actor, id, &rows, upload.dry_run).await?))
}

/// Declares two voters of the register close kin (spouse, parent or child, sibling), so the
/// count keeps only one of them on the committee (Art. 31); until the count.
#[utoipa::path(post, path = "/api/v1/elections/{id}/kinship", tag = "governance", params(("id" = i64, Path)),
    request_body = NewKinship, responses((status = 201, body = Created), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn declare_kinship(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
    JsonBody(input): JsonBody<NewKinship>,
) -> CreatedResponse {
    created(state.app.declare_kinship(&auth.actor, id, input).await?)
}

#[derive(Serialize, ToSchema)]
pub struct KinList {
    items: Vec<KinView>,
}

/// The kinship declared on the register.
#[utoipa::path(get, path = "/api/v1/elections/{id}/kinship", tag = "governance", params(("id" = i64, Path)),
    responses((status = 200, body = KinList), (status = 403), (status = 404)))]
pub async fn list_kinship(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
) -> Result<Json<KinList>, WebError> {
    Ok(Json(KinList { items: state.app.kinship_declarations(&auth.actor, id).await? }))
}

/// Withdraws a kinship declaration made in error; until the count.
#[utoipa::path(delete, path = "/api/v1/elections/{id}/kinship/{kin_id}", tag = "governance",
    params(("id" = i64, Path), ("kin_id" = i64, Path)),
    responses((status = 204), (status = 403), (status = 404), (status = 409)))]
pub async fn withdraw_kinship(
    ApiCall { state, auth }: ApiCall,
    PathParam((id, kin_id)): PathParam<(i64, i64)>,
) -> Result<StatusCode, WebError> {
    state.app.withdraw_kinship(&auth.actor, id, kin_id).await?;
    Ok(StatusCode::NO_CONTENT)
}
