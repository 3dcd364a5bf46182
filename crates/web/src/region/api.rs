use axum::Json;
use axum::extract::{Path, State};
use serde::Serialize;
use utoipa::ToSchema;

use crate::floor::{AppState, WebError};

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
