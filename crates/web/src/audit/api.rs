use app::audit::AuditPage;
use app::paging::PageRequest;
use axum::Json;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::floor::{ApiCall, QueryParams, WebError};

#[derive(Deserialize, IntoParams)]
pub struct AuditQuery {
    /// Exact actor, entity, action or region code.
    #[serde(default)]
    q: String,
    /// Zero-based page, newest first.
    #[serde(default)]
    page: u64,
    /// Entries a page: 20, 50 (the default), 100 or 200.
    #[serde(default)]
    size: u64,
}

/// Audit entries about regions inside the caller's scope.
#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", params(AuditQuery),
    responses((status = 200, body = AuditPage), (status = 404)))]
pub async fn list_audit(
    ApiCall { state, auth }: ApiCall,
    QueryParams(query): QueryParams<AuditQuery>,
) -> Result<Json<AuditPage>, WebError> {
    Ok(Json(state.app.audit_entries(&auth.actor, &query.q, PageRequest::new(query.page, query.size)).await?))
}
