//! Server-rendered pages (askama + htmx), zh-CN by default with an English switch.

mod admin;
mod affairs;
mod communities;
mod cultivation;
mod elections;
mod imports;
mod org_evaluation;
mod org_public;
mod organizations;
mod public;
mod regions;
mod registration;
mod residents;

use std::collections::HashMap;

use app::AppError;
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use domain::FieldError;
use domain::identity::Permission;
use serde::Deserialize;

use crate::AppState;
use crate::auth::{LANG_COOKIE, PageUser, RequestLang, SESSION_COOKIE, clear_session_cookie, cookie, session_cookie};
use crate::i18n::{self, Lang};
use crate::problem::Problem;

pub use imports::ImportJobs;

/// Pages may load only this site's own scripts, styles and frames nothing.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
     img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

async fn security_headers(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CONTENT_SECURITY_POLICY));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    response
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/login", get(login_form).post(login))
        .route("/logout", post(logout))
        .route("/lang/{lang}", get(switch_lang))
        .merge(communities::router())
        .merge(elections::router())
        .merge(affairs::router())
        .merge(imports::router())
        .merge(admin::router())
        .merge(regions::router())
        .merge(public::router())
        .merge(residents::router())
        .merge(organizations::router())
        .merge(cultivation::router())
        .merge(registration::router())
        .merge(org_evaluation::router())
        .merge(org_public::router())
        .layer(axum::middleware::from_fn(security_headers))
}

/// The start page: the first entry of the user's menu (a registrar has no communities).
async fn home(State(state): State<AppState>, user: PageUser) -> Redirect {
    let menu = Chrome::new(&state, &user, "/").menu;
    Redirect::to(menu.first().map(|m| m.href).unwrap_or("/regions"))
}

/// One option of a select: its value and what the user reads.
pub struct Choice {
    pub value: String,
    pub label: String,
}

/// The regions where the actor holds `permission` and the counties below each, for a
/// form's region select.
pub fn region_choices(state: &AppState, actor: &app::Actor, permission: Permission) -> Vec<Choice> {
    let tree = state.app.regions();
    actor
        .regions_with(permission)
        .into_iter()
        .filter_map(|code| tree.get(code))
        .flat_map(|n| std::iter::once(n).chain(tree.within(&n.code, domain::region::Level::County)))
        .map(|n| Choice { value: n.code.clone(), label: n.name.clone() })
        .collect()
}

pub struct MenuItem {
    pub href: &'static str,
    pub label: String,
    pub active: bool,
}

/// What every page's frame shows: language, user, scope, CSRF token, menu.
pub struct Chrome {
    pub lang: Lang,
    pub user_name: String,
    pub scope_name: String,
    pub csrf: String,
    pub menu: Vec<MenuItem>,
}

impl Chrome {
    pub fn new(state: &AppState, user: &PageUser, current: &str) -> Self {
        let actor = &user.auth.actor;
        let tree = state.app.regions();
        let scope_name = actor.home_region().and_then(|c| tree.get(c)).map(|n| n.name.clone()).unwrap_or_default();
        // Only what exists and what the user may use.
        let registry = actor.has_anywhere(Permission::ReadOrganizations) || !actor.supervising_units().is_empty();
        // Registration applications are for the units that review and the registrars who decide.
        let acts_on_registrations =
            actor.has_anywhere(Permission::RegisterOrganizations) || !actor.supervising_units().is_empty();
        let entries: [(&'static str, &str, bool); 14] = [
            ("/communities", "menu-communities", actor.has_anywhere(Permission::ReadCommunity)),
            ("/elections", "menu-elections", actor.has_anywhere(Permission::ReadCommunity)),
            ("/disclosures/overdue", "menu-overdue", actor.has_anywhere(Permission::ReadCommunity)),
            ("/organizations", "menu-organizations", registry || !actor.organizations().is_empty()),
            ("/complaints", "menu-complaints", registry),
            ("/registration-applications", "menu-registrations", acts_on_registrations),
            ("/evaluation-standards", "menu-evaluation", actor.has_anywhere(Permission::RegisterOrganizations)),
            ("/cultivation", "menu-cultivation", actor.has_anywhere(Permission::ReadOrganizations)),
            ("/party-coverage", "menu-party-coverage", actor.has_anywhere(Permission::ReadOrganizations)),
            ("/community-organizations", "menu-filings", actor.has_anywhere(Permission::ReadCommunity)),
            (
                "/imports",
                "menu-imports",
                actor.has_anywhere(Permission::WriteCommunity) || actor.has_anywhere(Permission::RegisterOrganizations),
            ),
            ("/regions", "menu-regions", true),
            ("/accounts", "menu-accounts", actor.has_anywhere(Permission::ManageAccounts)),
            ("/audit", "menu-audit", actor.has_anywhere(Permission::ReadAudit)),
        ];
        let menu = entries
            .into_iter()
            .filter(|(_, _, shown)| *shown)
            .map(|(href, key, _)| MenuItem {
                href,
                label: i18n::message(user.lang, key, &[]),
                active: current.starts_with(href),
            })
            .collect();
        Self {
            lang: user.lang,
            user_name: actor.display_name.clone(),
            scope_name,
            csrf: user.auth.csrf_token.clone().unwrap_or_default(),
            menu,
        }
    }

    fn anonymous(lang: Lang) -> Self {
        Self { lang, user_name: String::new(), scope_name: String::new(), csrf: String::new(), menu: Vec::new() }
    }

    pub fn t<'a>(&self, key: &'a str) -> &'a str {
        i18n::text(self.lang, key).unwrap_or(key)
    }

    /// A message with one argument.
    pub fn t1(&self, key: &str, name: &str, value: &dyn std::fmt::Display) -> String {
        i18n::message(self.lang, key, &[(name, value.to_string())])
    }

    /// A message with two arguments.
    pub fn t2(
        &self,
        key: &str,
        a: &str,
        a_value: &dyn std::fmt::Display,
        b: &str,
        b_value: &dyn std::fmt::Display,
    ) -> String {
        i18n::message(self.lang, key, &[(a, a_value.to_string()), (b, b_value.to_string())])
    }

    /// The label of a coded value: `label("body", "party_organization")` → 党组织.
    pub fn label(&self, prefix: &str, value: &str) -> String {
        i18n::message(self.lang, &format!("{prefix}-{value}"), &[])
    }

    pub fn post_label(&self, post: &str) -> String {
        i18n::post_label(self.lang, post)
    }

    pub fn page_label(&self, p: &Pager) -> String {
        let args = [("page", p.page.to_string()), ("pages", p.pages.to_string()), ("total", p.total.to_string())];
        i18n::message(self.lang, "label-page", &args)
    }

    pub fn lang_code(&self) -> &'static str {
        self.lang.code()
    }

    pub fn other_lang_code(&self) -> &'static str {
        self.lang.other().code()
    }
}

/// Field errors of a form, localised, by field name.
#[derive(Default)]
pub struct FormErrors(HashMap<String, String>);

impl FormErrors {
    pub fn from_fields(lang: Lang, fields: &[FieldError]) -> Self {
        Self(fields.iter().map(|f| (f.field.clone(), i18n::violation(lang, &f.violation))).collect())
    }

    pub fn get(&self, field: &str) -> &str {
        self.0.get(field).map(String::as_str).unwrap_or("")
    }

    pub fn has(&self, field: &str) -> bool {
        self.0.contains_key(field)
    }

    /// Every message, for a section that shows its errors together.
    pub fn messages(&self) -> Vec<&str> {
        let mut all: Vec<&str> = self.0.values().map(String::as_str).collect();
        all.sort_unstable();
        all
    }
}

/// Splits an error into inline form errors (bad input, conflicts) or a page error.
pub fn form_errors(lang: Lang, error: AppError) -> Result<FormErrors, AppError> {
    match error {
        AppError::Invalid(fields) => Ok(FormErrors::from_fields(lang, &fields)),
        AppError::Conflict(field) => Ok(FormErrors::from_fields(lang, &[field])),
        other => Err(other),
    }
}

pub fn render(template: &impl Template) -> Response {
    render_with(StatusCode::OK, template)
}

pub fn render_with(status: StatusCode, template: &impl Template) -> Response {
    match template.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    c: Chrome,
    status: u16,
    title: String,
    messages: Vec<String>,
}

pub fn error_page(_state: &AppState, lang: Lang, problem: &Problem) -> Response {
    let mut messages: Vec<String> =
        problem.fields.iter().map(|f| format!("{}: {}", f.field, i18n::violation(lang, &f.violation))).collect();
    if let Some((key, args)) = &problem.detail {
        messages.push(i18n::message(lang, key, args));
    }
    let page = ErrorPage {
        c: Chrome::anonymous(lang),
        status: problem.status.as_u16(),
        title: i18n::message(lang, problem.title_key, &[]),
        messages,
    };
    render_with(problem.status, &page)
}

#[derive(Template)]
#[template(path = "login.html")]
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

/// Only local paths: `next` must never send a user to another site.
fn safe_next(next: &str) -> String {
    if next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') {
        next.to_string()
    } else {
        "/".to_string()
    }
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

async fn switch_lang(Path(lang): Path<String>, headers: HeaderMap) -> Response {
    let lang = Lang::parse(&lang).unwrap_or_default();
    // Back to where the switch was pressed, if that was on this site.
    let back = headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| r.split_once("://").map(|(_, rest)| rest))
        .and_then(|rest| rest.find('/').map(|i| rest[i..].to_string()))
        .map(|p| safe_next(&p))
        .unwrap_or_else(|| "/".into());
    let mut response = Redirect::to(&back).into_response();
    let value = format!("{LANG_COOKIE}={}; Path=/; SameSite=Lax; Max-Age=31536000", lang.code());
    if let Ok(value) = HeaderValue::from_str(&value) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

/// Pagination links for a list page.
pub struct Pager {
    pub page: usize,
    pub pages: usize,
    pub total: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
}

impl Pager {
    /// `base` is the page's query string without `page`.
    pub fn new(base: &str, page: usize, pages: usize, total: usize) -> Self {
        let link = |p: usize| format!("?{base}&page={p}");
        Self {
            page: page + 1,
            pages,
            total,
            prev: (page > 0).then(|| link(page - 1)),
            next: (page + 1 < pages).then(|| link(page + 1)),
        }
    }
}
