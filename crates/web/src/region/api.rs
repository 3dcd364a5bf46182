use app::workdays::{CalendarYear, CalendarYearInput};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;

use crate::floor::{ApiCall, AppState, JsonBody, PathParam, WebError};

#[derive(Serialize, ToSchema)]
pub struct RegionChild {
    code: String,
    name: String,
}

#[derive(Serialize, ToSchema)]
pub struct RegionResponse {
    code: String,
    name: String,
    /// city, county, township or village (province for a root above a city).
    level: String,
    /// 街道, 镇, 居民委员会, 村民委员会, …
    kind: String,
    parent_code: Option<String>,
    children: Vec<RegionChild>,
}

/// One region with its direct children (public).
#[utoipa::path(get, path = "/api/v1/regions/{code}", tag = "regions",
    params(("code" = String, Path, description = "GB/T 2260 or statistics-bureau code")),
    responses((status = 200, body = RegionResponse), (status = 404, description = "No current region has this code")))]
pub async fn get_region(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Json<RegionResponse>, WebError> {
    let tree = state.app.regions();
    let node = tree.get(&code).ok_or(WebError::App(app::AppError::NotFound))?;
    let children = node
        .children
        .iter()
        .filter_map(|c| tree.get(c))
        .map(|c| RegionChild { code: c.code.clone(), name: c.name.clone() })
        .collect();
    Ok(Json(RegionResponse {
        code: node.code.clone(),
        name: node.name.clone(),
        level: node.level.as_str().to_string(),
        kind: node.kind.clone(),
        parent_code: node.parent_code.clone(),
        children,
    }))
}

/// A year of the working-day calendar deadlines are counted on (public): the weekdays off
/// and the weekend days worked, as the State Council's notice gives them.
#[utoipa::path(get, path = "/api/v1/work-calendar/{year}", tag = "regions", params(("year" = i32, Path)),
    responses((status = 200, body = CalendarYear), (status = 400)))]
pub async fn get_calendar_year(
    State(state): State<AppState>,
    PathParam(year): PathParam<i32>,
) -> Result<Json<CalendarYear>, WebError> {
    Ok(Json(state.app.calendar_year(year).await?))
}

/// The city's administrator enters a year's holiday arrangement when the State Council
/// publishes it (each November); it replaces what was known of that year.
#[utoipa::path(put, path = "/api/v1/work-calendar/{year}", tag = "regions", params(("year" = i32, Path)),
    request_body = CalendarYearInput, responses((status = 204), (status = 403), (status = 422)))]
pub async fn set_calendar_year(
    ApiCall { state, auth }: ApiCall,
    PathParam(year): PathParam<i32>,
    JsonBody(input): JsonBody<CalendarYearInput>,
) -> Result<StatusCode, WebError> {
    state.app.set_calendar_year(&auth.actor, year, input).await?;
    Ok(StatusCode::NO_CONTENT)
}
