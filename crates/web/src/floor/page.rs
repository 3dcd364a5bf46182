//! The frame of staff pages and what their forms share: the menu a user may use, the
//! security headers, the language switch, region selects and localised field errors.

use std::collections::HashMap;

use app::AppError;
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use domain::FieldError;
use domain::identity::Permission;
use domain::region::Level;
use serde::Deserialize;

use super::AppState;
use super::auth::{Authenticated, IMPORT_PERMISSIONS, PageUser};
use super::cookie::LANG_COOKIE;
use super::i18n::{self, Lang, request_lang};
use super::problem::{Problem, is_bare_rejection, problem_json, rejection_problem};
use super::region_picker::{self, RegionPicker};
use super::view::{Chrome, MenuItem, PublicChrome, Texts, render, render_with, safe_next};

/// Pages may load only this site's own scripts, styles and frames nothing.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
     img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The headers every HTML page carries.
pub async fn security_headers(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CONTENT_SECURITY_POLICY));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    response
}

/// The start page and the language switch.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/lang/{lang}", get(switch_lang))
        .route("/kit/region-picker", get(region_picker::redraw))
        .route("/public", get(public_home))
}

/// The start page: the first entry of the user's menu (a registrar has no communities).
async fn home(State(state): State<AppState>, user: PageUser) -> Redirect {
    let menu = Chrome::new(&state, &user, "/").menu;
    Redirect::to(menu.first().map(|m| m.href).unwrap_or("/regions"))
}

#[derive(Template)]
#[template(path = "floor/public_home.html")]
struct PublicHome {
    c: PublicChrome,
    /// Residents find their community's page by picking it.
    community: RegionPicker,
    /// Sent back here having picked a region above a community.
    pick_deeper: bool,
}

#[derive(Deserialize, Default)]
struct HomeQuery {
    /// A region picked that is not a community.
    #[serde(default)]
    code: String,
}

/// Where residents start: every public page, and their community's.
async fn public_home(State(state): State<AppState>, c: PublicChrome, Query(q): Query<HomeQuery>) -> Response {
    let community = RegionPicker::new(&state.app.regions(), c.lang, "code", &[], &q.code, Level::Village);
    render(&PublicHome { c, community, pick_deeper: !q.code.is_empty() })
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
    let mut seen = std::collections::HashSet::new();
    actor
        .regions_with(permission)
        .into_iter()
        .filter_map(|code| tree.get(code))
        .flat_map(|n| std::iter::once(n).chain(tree.within(&n.code, domain::region::Level::County)))
        // A county's own node is also among the counties within it: each region once.
        .filter(|n| seen.insert(n.code.clone()))
        .map(|n| Choice { value: n.code.clone(), label: n.name.clone() })
        .collect()
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
        let keeps_social_workers = actor.has_anywhere(Permission::ManageSocialWorkers);
        let is_social_worker = actor.grants.iter().any(|g| g.role == domain::identity::Role::SocialWorker);
        let keeps_volunteers = actor.has_anywhere(Permission::ManageVolunteers);
        let organises = keeps_volunteers || !actor.organizations().is_empty();
        let is_volunteer = actor.grants.iter().any(|g| g.role == domain::identity::Role::Volunteer);
        let entries: Vec<(&'static str, &str, bool)> = vec![
            ("/communities", "menu-communities", actor.has_anywhere(Permission::ReadCommunity)),
            ("/elections", "menu-elections", actor.has_anywhere(Permission::ReadCommunity)),
            ("/disclosures/overdue", "menu-overdue", actor.has_anywhere(Permission::ReadCommunity)),
            ("/organizations", "menu-organizations", registry || !actor.organizations().is_empty()),
            ("/social-workers/staff", "menu-staff", !actor.organizations().is_empty()),
            ("/complaints", "menu-complaints", registry),
            ("/registration-applications", "menu-registrations", acts_on_registrations),
            ("/evaluation-standards", "menu-evaluation", actor.has_anywhere(Permission::RegisterOrganizations)),
            ("/cultivation", "menu-cultivation", actor.has_anywhere(Permission::ReadOrganizations)),
            ("/party-coverage", "menu-party-coverage", actor.has_anywhere(Permission::ReadOrganizations)),
            ("/community-organizations", "menu-filings", actor.has_anywhere(Permission::ReadCommunity)),
            ("/social-workers", "menu-social-workers", keeps_social_workers),
            ("/social-workers/mine", "menu-my-social-work", is_social_worker && !keeps_social_workers),
            ("/social-workers/applications", "menu-sw-applications", keeps_social_workers),
            ("/surveys", "menu-surveys", keeps_social_workers),
            ("/social-workers/courses", "menu-city-courses", keeps_social_workers),
            ("/volunteers", "menu-volunteers", organises),
            ("/volunteers/activities", "menu-volunteer-activities", organises),
            ("/volunteers/teams", "menu-volunteer-teams", keeps_volunteers),
            ("/volunteers/figures", "menu-volunteer-figures", keeps_volunteers),
            ("/volunteer", "menu-my-volunteering", is_volunteer),
            ("/imports", "menu-imports", IMPORT_PERMISSIONS.into_iter().any(|p| actor.has_anywhere(p))),
            ("/regions", "menu-regions", true),
            ("/accounts", "menu-accounts", actor.has_anywhere(Permission::ManageAccounts)),
            ("/audit", "menu-audit", actor.has_anywhere(Permission::ReadAudit)),
        ];
        let shown: Vec<_> = entries.into_iter().filter(|(_, _, shown)| *shown).collect();
        // The entry the page is under: the longest that prefixes it (a course page is under
        // the courses, not also under the social workers).
        let active =
            shown.iter().map(|(href, _, _)| *href).filter(|href| current.starts_with(href)).max_by_key(|h| h.len());
        let menu = shown
            .into_iter()
            .map(|(href, key, _)| MenuItem {
                href,
                label: i18n::message(user.lang, key, &[]),
                active: active == Some(href),
            })
            .collect();
        Self {
            texts: Texts { lang: user.lang },
            user_name: actor.display_name.clone(),
            scope_name,
            csrf: user.auth.csrf_token.clone().unwrap_or_default(),
            menu,
        }
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

/// Renders pending problems in the request's language: JSON under /api, HTML elsewhere,
/// the page in the caller's own frame (their menu and name; none for a visitor).
pub async fn render_problems(State(state): State<AppState>, request: Request, next: Next) -> Response {
    // Keep only what rendering needs; the language is worked out when there is a problem.
    let mut language_headers = HeaderMap::new();
    for name in [header::COOKIE, header::ACCEPT_LANGUAGE] {
        for value in request.headers().get_all(&name) {
            language_headers.append(name.clone(), value.clone());
        }
    }
    let api = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    let caller = response.extensions().get::<Authenticated>().cloned();
    let problem = match response.extensions().get::<Problem>().cloned() {
        Some(problem) => problem,
        None if is_bare_rejection(&response) => rejection_problem(response).await,
        None => return response,
    };
    let lang = request_lang(&language_headers);
    if api {
        let mut out = (problem.status, axum::Json(problem_json(&problem, lang))).into_response();
        out.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
        return out;
    }
    if problem.status == StatusCode::UNAUTHORIZED {
        return Redirect::to("/login").into_response();
    }
    let c = match caller {
        Some(auth) => Chrome::new(&state, &PageUser { auth, lang }, ""),
        None => Chrome::anonymous(lang),
    };
    error_page(c, &problem)
}

#[derive(Template)]
#[template(path = "floor/error.html")]
struct ErrorPage {
    c: Chrome,
    status: u16,
    title: String,
    messages: Vec<String>,
}

fn error_page(c: Chrome, problem: &Problem) -> Response {
    let lang = c.lang;
    let mut messages: Vec<String> =
        problem.fields.iter().map(|f| format!("{}: {}", f.field, i18n::violation(lang, &f.violation))).collect();
    if let Some((key, args)) = &problem.detail {
        messages.push(i18n::message(lang, key, args));
    }
    let page =
        ErrorPage { status: problem.status.as_u16(), title: i18n::message(lang, problem.title_key, &[]), messages, c };
    render_with(problem.status, &page)
}
