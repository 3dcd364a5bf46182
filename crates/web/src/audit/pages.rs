//! The audit trail within the reader's scope.

use askama::Template;
use axum::Router;
use axum::extract::Query;
use axum::response::Response;
use axum::routing::get;
use domain::identity::Permission;
use serde::Deserialize;

use crate::floor::{AppState, Chrome, PageCall, PageParams, Pager, WebError, render};

pub fn router() -> Router<AppState> {
    Router::new().route("/audit", get(audit))
}

#[derive(Deserialize, Default)]
struct AuditQuery {
    #[serde(default)]
    q: String,
}

struct AuditRow {
    entry: app::audit::AuditEntry,
    /// `at` in the deployment's local time, to the second.
    local_time: String,
    before: Vec<(String, String)>,
    after: Vec<(String, String)>,
}

/// A recorded record as field–value pairs to read; the exact JSON stays on the page too.
/// Text that is no JSON object comes back whole, under no field name.
fn field_values(json: &str) -> Vec<(String, String)> {
    match serde_json::from_str(json) {
        Ok(serde_json::Value::Object(fields)) => fields
            .into_iter()
            .map(|(field, value)| {
                let value = match value {
                    serde_json::Value::String(text) => text,
                    other => other.to_string(),
                };
                (field, value)
            })
            .collect(),
        _ if json.is_empty() => Vec::new(),
        _ => vec![(String::new(), json.to_string())],
    }
}

#[derive(Template)]
#[template(path = "audit/audit.html")]
struct AuditPage {
    c: Chrome,
    q: String,
    entries: Vec<AuditRow>,
    pager: Pager,
}

async fn audit(
    PageCall { state, user }: PageCall,
    Query(query): Query<AuditQuery>,
    Query(paging): Query<PageParams>,
) -> Result<Response, WebError> {
    if !user.auth.actor.has_anywhere(Permission::ReadAudit) {
        return Err(WebError::App(app::AppError::NotFound));
    }
    let found = state.app.audit_entries(&user.auth.actor, &query.q, paging.request()).await?;
    let pager = Pager::new(&[("q", &query.q)], &found.span);
    let offset = chrono::FixedOffset::east_opt(state.app.settings.utc_offset_minutes * 60);
    let entries = found
        .entries
        .into_iter()
        .map(|entry| {
            let local_time = chrono::DateTime::parse_from_rfc3339(&entry.at)
                .ok()
                .zip(offset)
                .map(|(at, offset)| at.with_timezone(&offset).format("%Y-%m-%d %H:%M:%S").to_string())
                .unwrap_or_else(|| entry.at.clone());
            let (before, after) = (field_values(&entry.before), field_values(&entry.after));
            AuditRow { entry, local_time, before, after }
        })
        .collect();
    let page = AuditPage { c: Chrome::new(&state, &user, "/audit"), q: query.q, entries, pager };
    Ok(render(&page))
}
