//! Signing in and out, and the accounts within the manager's scope.

use app::AppError;
use app::identity::{AccountView, NewAccount};
use app::paging::{PageRequest, PageSpan};
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use domain::identity::{Permission, Role, Scope};
use domain::region::Level;
use serde::Deserialize;

use crate::floor::cookie::{SESSION_COOKIE, clear_session_cookie, cookie, session_cookie};
use crate::floor::i18n::{self, Lang};
use crate::floor::view::safe_next;
use crate::floor::{
    AppState, Chrome, FormErrors, PageCall, PageParams, PageUser, Pager, RegionPicker, RequestLang, WebError,
    form_errors, render, render_with,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/login", get(login_form).post(login))
        .route("/logout", post(logout))
        .route("/accounts", get(accounts).post(create_account))
        .route("/accounts/{id}/unlock", post(unlock))
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
#[template(path = "identity/accounts.html")]
struct AccountsPage {
    c: Chrome,
    rows: Vec<AccountRow>,
    roles: Vec<&'static str>,
    form: AccountForm,
    region: RegionPicker,
    errors: FormErrors,
    q: String,
    pager: Pager,
}

/// Which accounts the list shows: a city has one or more per community.
#[derive(Deserialize, Default)]
struct AccountFilter {
    /// Part of a username or a name.
    #[serde(default)]
    q: String,
}

async fn accounts_page(
    state: &AppState,
    user: &PageUser,
    form: AccountForm,
    errors: FormErrors,
    filter: AccountFilter,
    page: PageRequest,
) -> Result<AccountsPage, WebError> {
    let c = Chrome::new(state, user, "/accounts");
    let tree = state.app.regions();
    let q = filter.q.trim();
    let found: Vec<AccountView> = state
        .app
        .list_accounts(&user.auth.actor)
        .await?
        .into_iter()
        .filter(|a| q.is_empty() || a.username.contains(q) || a.display_name.contains(q))
        .collect();
    let span = PageSpan::new(page, 50, found.len() as u64);
    let pager = Pager::new(&[("q", q)], &span);
    let rows = span
        .slice(found)
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
    let grantable =
        user.auth.actor.grantable_roles().into_iter().filter(|r| r.granted_over_a_region()).map(Role::as_str).collect();
    let scopes = user.auth.actor.regions_with(Permission::ManageAccounts);
    let region = RegionPicker::new(&tree, user.lang, "region_code", &scopes, &form.region_code, Level::Village);
    Ok(AccountsPage { c, rows, roles: grantable, form, region, errors, q: filter.q, pager })
}

async fn accounts(
    PageCall { state, user }: PageCall,
    Query(filter): Query<AccountFilter>,
    Query(paging): Query<PageParams>,
) -> Result<Response, WebError> {
    let page = accounts_page(&state, &user, AccountForm::default(), FormErrors::default(), filter, paging.request());
    Ok(render(&page.await?))
}

async fn create_account(
    PageCall { state, user }: PageCall,
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
            // A role the user may not grant in the chosen region: said on the form, which
            // offers every role the user grants somewhere.
            let e = match e {
                AppError::Forbidden => AppError::invalid("role", domain::Violation::new("role-not-grantable-here")),
                other => other,
            };
            let errors = form_errors(user.lang, e)?;
            let form = AccountForm { password: String::new(), ..form };
            let page = accounts_page(&state, &user, form, errors, AccountFilter::default(), PageRequest::default());
            Ok(render_with(StatusCode::UNPROCESSABLE_ENTITY, &page.await?))
        }
    }
}

async fn unlock(State(state): State<AppState>, user: PageUser, Path(id): Path<i64>) -> Result<Response, WebError> {
    state.app.unlock_account(&user.auth.actor, id).await?;
    Ok(Redirect::to("/accounts").into_response())
}

#[derive(Template)]
#[template(path = "identity/login.html")]
struct LoginPage {
    lang_code: &'static str,
    app_name: String,
    subtitle: String,
    title: String,
    username_label: String,
    password_label: String,
    other_lang: &'static str,
    other_lang_label: String,
    error: Option<String>,
    username: String,
    next: String,
}

impl LoginPage {
    fn new(lang: Lang, username: String, next: String, error: Option<String>) -> Self {
        let t = |key| i18n::message(lang, key, &[]);
        Self {
            lang_code: lang.code(),
            app_name: t("app-name"),
            subtitle: t("app-subtitle"),
            title: t("login-title"),
            username_label: t("login-username"),
            password_label: t("login-password"),
            other_lang: lang.other().code(),
            other_lang_label: t("menu-language"),
            error,
            username,
            next,
        }
    }
}

#[derive(Deserialize)]
struct NextQuery {
    #[serde(default)]
    next: String,
}

async fn login_form(RequestLang(lang): RequestLang, Query(q): Query<NextQuery>) -> Response {
    render(&LoginPage::new(lang, String::new(), safe_next(&q.next), None))
}

#[derive(Deserialize)]
struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

async fn login(State(state): State<AppState>, RequestLang(lang): RequestLang, Form(form): Form<LoginForm>) -> Response {
    match state.app.login(&form.username, &form.password).await {
        Ok(outcome) => {
            let mut response = Redirect::to(&safe_next(&form.next)).into_response();
            if let Ok(value) = HeaderValue::from_str(&session_cookie(&outcome.token, state.secure_cookies)) {
                response.headers_mut().insert(header::SET_COOKIE, value);
            }
            response
        }
        Err(error) => {
            let message = match &error {
                AppError::Locked(until) => {
                    i18n::message(lang, "login-locked", &[("until", until.format("%Y-%m-%d %H:%M UTC").to_string())])
                }
                AppError::Unauthenticated => i18n::message(lang, "login-failed", &[]),
                other => {
                    tracing::error!(error = %other, "login failed");
                    i18n::message(lang, "problem-internal", &[])
                }
            };
            let page = LoginPage::new(lang, form.username, safe_next(&form.next), Some(message));
            render_with(StatusCode::UNAUTHORIZED, &page)
        }
    }
}

async fn logout(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Some(token) = cookie(&headers, SESSION_COOKIE) {
        let _ = state.app.logout(token).await;
    }
    let mut response = Redirect::to("/login").into_response();
    if let Ok(value) = HeaderValue::from_str(&clear_session_cookie()) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}
