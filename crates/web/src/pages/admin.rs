//! Admin pages: accounts within scope, and the audit trail within scope.

use app::identity::{AccountView, NewAccount};
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use domain::identity::{Permission, Role, Scope};
use serde::Deserialize;
use store::entity::audit_log;

use super::{Chrome, FormErrors, Pager, form_errors, render, render_with};
use crate::AppState;
use crate::auth::{PageUser, urlencode};
use crate::problem::WebError;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/accounts", get(accounts).post(create_account))
        .route("/accounts/{id}/unlock", post(unlock))
        .route("/audit", get(audit))
}

struct AccountRow {
    view: AccountView,
    roles: String,
}

#[derive(Deserialize, Default, Clone)]
struct AccountForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    region_code: String,
}

#[derive(Template)]
#[template(path = "accounts.html")]
struct AccountsPage {
    c: Chrome,
    rows: Vec<AccountRow>,
    roles: Vec<&'static str>,
    form: AccountForm,
    errors: FormErrors,
}

async fn accounts_page(
    state: &AppState,
    user: &PageUser,
    form: AccountForm,
    errors: FormErrors,
) -> Result<AccountsPage, WebError> {
    let c = Chrome::new(state, user, "/accounts");
    let tree = state.app.regions();
    let rows = state
        .app
        .list_accounts(&user.auth.actor)
        .await?
        .into_iter()
        .map(|view| {
            let roles = view
                .grants
                .iter()
                .map(|g| {
                    let scope = match &g.scope {
                        Scope::Region(code) => tree.get(code).map(|n| n.name.clone()).unwrap_or_else(|| code.clone()),
                        Scope::Organization(id) | Scope::SupervisingUnit(id) => format!("#{id}"),
                    };
                    format!("{} · {scope}", c.label("role", g.role.as_str()))
                })
                .collect::<Vec<_>>()
                .join("；");
            AccountRow { view, roles }
        })
        .collect();
    let grantable = Role::all()
        .iter()
        .filter(|r| user.auth.actor.grants.iter().any(|g| g.role.may_grant(**r)))
        .map(|r| r.as_str())
        .collect();
    Ok(AccountsPage { c, rows, roles: grantable, form, errors })
}

async fn accounts(State(state): State<AppState>, user: PageUser) -> Result<Response, WebError> {
    Ok(render(&accounts_page(&state, &user, AccountForm::default(), FormErrors::default()).await?))
}

async fn create_account(
    State(state): State<AppState>,
    user: PageUser,
    Form(form): Form<AccountForm>,
) -> Result<Response, WebError> {
    let input = NewAccount {
        username: form.username.clone(),
        display_name: form.display_name.clone(),
        password: form.password.clone(),
        role: form.role.clone(),
        region_code: form.region_code.trim().to_string(),
    };
    match state.app.create_account(&user.auth.actor, input).await {
        Ok(_) => Ok(Redirect::to("/accounts").into_response()),
        Err(e) => {
            let errors = form_errors(user.lang, e)?;
            let form = AccountForm { password: String::new(), ..form };
            Ok(render_with(StatusCode::UNPROCESSABLE_ENTITY, &accounts_page(&state, &user, form, errors).await?))
        }
    }
}

async fn unlock(State(state): State<AppState>, user: PageUser, Path(id): Path<i64>) -> Result<Response, WebError> {
    state.app.unlock_account(&user.auth.actor, id).await?;
    Ok(Redirect::to("/accounts").into_response())
}

#[derive(Deserialize, Default)]
struct AuditQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    page: u64,
}

struct AuditRow {
    entry: audit_log::Model,
    /// `at` in the deployment's local time, to the second.
    local_time: String,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    c: Chrome,
    q: String,
    entries: Vec<AuditRow>,
    pager: Pager,
}

async fn audit(
    State(state): State<AppState>,
    user: PageUser,
    Query(query): Query<AuditQuery>,
) -> Result<Response, WebError> {
    if !user.auth.actor.has_anywhere(Permission::ReadAudit) {
        return Err(WebError::App(app::AppError::NotFound));
    }
    let found = state.app.audit_entries(&user.auth.actor, &query.q, query.page).await?;
    let pager = Pager::new(
        &format!("q={}", urlencode(&query.q)),
        found.page as usize,
        found.pages.max(1) as usize,
        found.total as usize,
    );
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
            AuditRow { entry, local_time }
        })
        .collect();
    let page = AuditPage { c: Chrome::new(&state, &user, "/audit"), q: query.q, entries, pager };
    Ok(render(&page))
}
