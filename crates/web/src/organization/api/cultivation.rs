//! Cultivation over HTTP (4B): counts per county and year, incubation bases and the
//! groups they host, development-fund support, and township filings.

use app::organization::{
    BaseView, CultivationRow, FilingView, GraduationInput, NewBase, NewFiling, NewStay, NewSupport, StayView,
    SupportResult, SupportView,
};
use axum::Json;
use axum::extract::Path;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::Datelike;
use domain::money::yuan;
use domain::organization::PriorityKind;
use serde::Serialize;
use utoipa::ToSchema;

use super::inspection::CoverageQuery;
use crate::floor::i18n;
use crate::floor::sheet::{headers, spreadsheet_response};
use crate::floor::{ApiCall, Created, CreatedResponse, JsonBody, QueryParams, WebError, created, request_lang};

#[derive(Serialize, ToSchema)]
pub struct CultivationList {
    year: i32,
    /// The order of each row's counts.
    kinds: Vec<&'static str>,
    items: Vec<CultivationRow>,
}

/// Per county for a year: organisations of the five priority kinds at its end and those
/// registered in it, incubation and development-fund support (what the caller sees).
#[utoipa::path(get, path = "/api/v1/organizations/cultivation", tag = "organizations", params(CoverageQuery),
    responses((status = 200, body = CultivationList), (status = 404)))]
pub async fn cultivation_counts(
    ApiCall { state, auth }: ApiCall,
    QueryParams(query): QueryParams<CoverageQuery>,
) -> Result<Json<CultivationList>, WebError> {
    let year = query.year.unwrap_or_else(|| state.app.settings.today().year());
    let kinds = PriorityKind::ALL.iter().map(|k| k.as_str()).collect();
    Ok(Json(CultivationList { year, kinds, items: state.app.cultivation_counts(&auth.actor, year).await? }))
}

/// The cultivation table as a spreadsheet, headers in the request's language; audited.
#[utoipa::path(get, path = "/api/v1/organizations/cultivation/export", tag = "organizations",
    params(CoverageQuery), responses((status = 200, description = "The spreadsheet"), (status = 404)))]
pub async fn export_cultivation(
    ApiCall { state, auth }: ApiCall,
    request: HeaderMap,
    QueryParams(query): QueryParams<CoverageQuery>,
) -> Result<Response, WebError> {
    let year = query.year.unwrap_or_else(|| state.app.settings.today().year());
    let lang = request_lang(&request);
    let rows: Vec<Vec<String>> = state
        .app
        .export_cultivation_counts(&auth.actor, year)
        .await?
        .into_iter()
        .map(|r| {
            let mut cells = vec![r.region_code, r.region_name];
            for (total, new) in r.totals.iter().zip(&r.new) {
                cells.extend([total.to_string(), new.to_string()]);
            }
            cells.extend([r.incubating, r.graduated, r.graduated_registered, r.supports].map(|n| n.to_string()));
            cells.push(yuan(r.support_fen));
            cells
        })
        .collect();
    let mut columns = headers(lang, &["label-region-code", "org-region"]);
    for kind in PriorityKind::ALL {
        let name = i18n::message(lang, &format!("priority-{}", kind.as_str()), &[]);
        columns.push(name.clone());
        columns.push(i18n::message(lang, "cultivation-new-of", &[("kind", name)]));
    }
    columns.extend(headers(
        lang,
        &[
            "cultivation-incubating",
            "cultivation-graduated",
            "cultivation-graduated-registered",
            "cultivation-supports",
            "cultivation-support-yuan",
        ],
    ));
    let columns: Vec<&str> = columns.iter().map(String::as_str).collect();
    spreadsheet_response(&query.format, &format!("cultivation-{year}"), &columns, &rows)
}

/// A township files a community-level organisation (备案) without full registration.
#[utoipa::path(post, path = "/api/v1/regions/{code}/community-organizations", tag = "organizations",
    params(("code" = String, Path)), request_body = NewFiling,
    responses((status = 201, body = Created), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn file_community_organization(
    ApiCall { state, auth }: ApiCall,
    Path(code): Path<String>,
    JsonBody(input): JsonBody<NewFiling>,
) -> CreatedResponse {
    created(state.app.file_community_organization(&auth.actor, &code, input).await?)
}

#[derive(Serialize, ToSchema)]
pub struct FilingList {
    items: Vec<FilingView>,
}

/// The community-level organisations filed below a region, by name.
#[utoipa::path(get, path = "/api/v1/regions/{code}/community-organizations", tag = "organizations",
    params(("code" = String, Path)), responses((status = 200, body = FilingList), (status = 404)))]
pub async fn list_community_organizations(
    ApiCall { state, auth }: ApiCall,
    Path(code): Path<String>,
) -> Result<Json<FilingList>, WebError> {
    Ok(Json(FilingList { items: state.app.community_organizations(&auth.actor, &code).await? }))
}

/// Civil affairs opens an incubation base in its region.
#[utoipa::path(post, path = "/api/v1/incubation-bases", tag = "organizations", request_body = NewBase,
    responses((status = 201, body = Created), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn open_incubation_base(
    ApiCall { state, auth }: ApiCall,
    JsonBody(input): JsonBody<NewBase>,
) -> CreatedResponse {
    created(state.app.open_incubation_base(&auth.actor, input).await?)
}

#[derive(Serialize, ToSchema)]
pub struct BaseList {
    items: Vec<BaseView>,
}

/// The incubation bases in the caller's regions, with groups hosted today and graduated.
#[utoipa::path(get, path = "/api/v1/incubation-bases", tag = "organizations",
    responses((status = 200, body = BaseList)))]
pub async fn list_incubation_bases(ApiCall { state, auth }: ApiCall) -> Result<Json<BaseList>, WebError> {
    Ok(Json(BaseList { items: state.app.incubation_bases(&auth.actor).await? }))
}

#[derive(Serialize, ToSchema)]
pub struct BaseDetail {
    base: BaseView,
    stays: Vec<StayView>,
}

/// One base and every group it has hosted.
#[utoipa::path(get, path = "/api/v1/incubation-bases/{id}", tag = "organizations", params(("id" = i64, Path)),
    responses((status = 200, body = BaseDetail), (status = 404)))]
pub async fn incubation_base(
    ApiCall { state, auth }: ApiCall,
    Path(id): Path<i64>,
) -> Result<Json<BaseDetail>, WebError> {
    let (base, stays) = state.app.incubation_base(&auth.actor, id).await?;
    Ok(Json(BaseDetail { base, stays }))
}

/// Takes a group (registered or not yet) into a base.
#[utoipa::path(post, path = "/api/v1/incubation-bases/{id}/stays", tag = "organizations",
    params(("id" = i64, Path)), request_body = NewStay,
    responses((status = 201, body = Created), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn enter_incubation(
    ApiCall { state, auth }: ApiCall,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<NewStay>,
) -> CreatedResponse {
    created(state.app.enter_incubation(&auth.actor, id, input).await?)
}

/// A hosted group leaves: registered (naming the organisation), filed or withdrawn.
#[utoipa::path(post, path = "/api/v1/incubation-stays/{id}/graduate", tag = "organizations",
    params(("id" = i64, Path)), request_body = GraduationInput,
    responses((status = 204), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn graduate_incubation(
    ApiCall { state, auth }: ApiCall,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<GraduationInput>,
) -> Result<StatusCode, WebError> {
    state.app.graduate_incubation(&auth.actor, id, input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Civil affairs grants development-fund support to an active organisation.
#[utoipa::path(post, path = "/api/v1/organizations/{id}/fund-supports", tag = "organizations",
    params(("id" = i64, Path)), request_body = NewSupport,
    responses((status = 201, body = Created), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn grant_support(
    ApiCall { state, auth }: ApiCall,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<NewSupport>,
) -> CreatedResponse {
    created(state.app.grant_support(&auth.actor, id, input).await?)
}

#[derive(Serialize, ToSchema)]
pub struct SupportList {
    items: Vec<SupportView>,
}

/// An organisation's development-fund support, newest first.
#[utoipa::path(get, path = "/api/v1/organizations/{id}/fund-supports", tag = "organizations",
    params(("id" = i64, Path)), responses((status = 200, body = SupportList), (status = 404)))]
pub async fn list_supports(
    ApiCall { state, auth }: ApiCall,
    Path(id): Path<i64>,
) -> Result<Json<SupportList>, WebError> {
    Ok(Json(SupportList { items: state.app.supports(&auth.actor, id).await? }))
}

/// Records what a support achieved (once).
#[utoipa::path(post, path = "/api/v1/fund-supports/{id}/result", tag = "organizations",
    params(("id" = i64, Path)), request_body = SupportResult,
    responses((status = 204), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn record_support_result(
    ApiCall { state, auth }: ApiCall,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<SupportResult>,
) -> Result<StatusCode, WebError> {
    state.app.record_support_result(&auth.actor, id, input).await?;
    Ok(StatusCode::NO_CONTENT)
}
