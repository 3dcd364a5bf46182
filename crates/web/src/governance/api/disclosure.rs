//! Public disclosure of community affairs (居务公开, 3B) over HTTP.

use app::governance::{DisclosureCalendar, DisclosureView, NewDisclosure, OverdueCommunity};
use axum::Json;
use axum::extract::{Path, State};
use chrono::Datelike;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::floor::{ApiCall, AppState, Created, CreatedResponse, JsonBody, QueryParams, WebError, created};

/// Publishes a disclosure for one category and period.
#[utoipa::path(post, path = "/api/v1/communities/{code}/disclosures", tag = "governance",
    params(("code" = String, Path)), request_body = NewDisclosure,
    responses((status = 201, body = Created), (status = 404), (status = 422)))]
pub async fn publish_disclosure(
    ApiCall { state, auth }: ApiCall,
    Path(code): Path<String>,
    JsonBody(input): JsonBody<NewDisclosure>,
) -> CreatedResponse {
    created(state.app.publish_disclosure(&auth.actor, &code, input).await?)
}

#[derive(Serialize, ToSchema)]
pub struct DisclosureList {
    items: Vec<DisclosureView>,
}

/// A community's published disclosures, newest first (no login).
#[utoipa::path(get, path = "/api/v1/public/communities/{code}/disclosures", tag = "governance",
    params(("code" = String, Path)), responses((status = 200, body = DisclosureList), (status = 404)))]
pub async fn public_disclosures(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Json<DisclosureList>, WebError> {
    Ok(Json(DisclosureList { items: state.app.disclosures(&code).await? }))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct YearQuery {
    /// This year when absent.
    year: Option<i32>,
}

/// A community's disclosure calendar: what is upcoming, due, published or overdue (no login).
#[utoipa::path(get, path = "/api/v1/public/communities/{code}/disclosure-calendar", tag = "governance",
    params(("code" = String, Path), YearQuery), responses((status = 200, body = DisclosureCalendar), (status = 404)))]
pub async fn public_calendar(
    State(state): State<AppState>,
    Path(code): Path<String>,
    QueryParams(query): QueryParams<YearQuery>,
) -> Result<Json<DisclosureCalendar>, WebError> {
    let year = query.year.unwrap_or_else(|| state.app.settings.today().year());
    Ok(Json(state.app.disclosure_calendar(&code, year).await?))
}

#[derive(Serialize, ToSchema)]
pub struct OverdueList {
    items: Vec<OverdueCommunity>,
}

/// The communities below a region with overdue disclosures: the township's alert list.
#[utoipa::path(get, path = "/api/v1/regions/{code}/overdue-disclosures", tag = "governance",
    params(("code" = String, Path)), responses((status = 200, body = OverdueList), (status = 404)))]
pub async fn overdue_disclosures(
    ApiCall { state, auth }: ApiCall,
    Path(code): Path<String>,
) -> Result<Json<OverdueList>, WebError> {
    Ok(Json(OverdueList { items: state.app.overdue_disclosures(&auth.actor, &code).await? }))
}
