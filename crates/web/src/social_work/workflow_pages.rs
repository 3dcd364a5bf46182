//! The office's registration workflow on pages (issue 13 points 2 and 9): the queue of
//! applications in its regions with the next step's buttons, filing an application from a
//! worker's record, and recording a worker's awards. Each form calls the same use case as
//! the API; a refusal by the rules comes back on the page beside what was asked.

use app::AppError;
use app::social_work::{ApplicationFilter, ApplicationList, ApplicationRow, NewAward, SocialWorkerDetail, StepInput};
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use domain::social_work::pay::AwardLevel;
use domain::social_work::registration::ApplicationState;
use serde::Deserialize;

use super::pages::detail_page;
use crate::floor::{
    AppState, Chrome, FormErrors, PageCall, PageParams, PageUser, Pager, WebError, form_errors, render, render_with,
    urlencode,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/social-workers/applications", get(applications))
        .route("/social-workers/applications/{id}/steps", post(take_step))
        .route("/social-workers/{id}/registration-application", post(apply))
        .route("/social-workers/{id}/awards", post(add_award))
}

/// 409 for a step the rules refuse in this state, 422 for what was typed.
fn refusal_status(error: &AppError) -> StatusCode {
    match error {
        AppError::Conflict(_) => StatusCode::CONFLICT,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ApplicationsQuery {
    /// waiting (default), all, or one state.
    state: String,
    worker: Option<i64>,
}

/// One application as the queue shows it.
struct Line {
    a: ApplicationRow,
    region: String,
}

#[derive(Template)]
#[template(path = "social_work/applications.html")]
struct ApplicationsPage {
    c: Chrome,
    state: String,
    worker: String,
    /// The filter's choices: waiting, all, then every state.
    choices: Vec<&'static str>,
    lines: Vec<Line>,
    pager: Pager,
    /// The application whose step was refused, what was typed and why.
    failed: Option<i64>,
    note: String,
    errors: FormErrors,
}

impl ApplicationsPage {
    fn failed_here(&self, id: &i64) -> bool {
        self.failed == Some(*id)
    }
}

async fn applications_page(
    state: &AppState,
    user: &PageUser,
    q: ApplicationsQuery,
    paging: &PageParams,
) -> Result<ApplicationsPage, WebError> {
    let filter = ApplicationFilter { state: q.state.clone(), social_worker_id: q.worker };
    let list: ApplicationList =
        state.app.registration_applications(&user.auth.actor, &filter, paging.request()).await?;
    let worker = q.worker.map(|w| w.to_string()).unwrap_or_default();
    let pager = Pager::new(&[("state", &q.state), ("worker", &worker)], &list.span);
    let tree = state.app.regions();
    let lines = list
        .items
        .into_iter()
        .map(|a| Line { region: tree.get(&a.region_code).map(|n| n.name.clone()).unwrap_or_default(), a })
        .collect();
    let choices = ["waiting", "all"].into_iter().chain(ApplicationState::ALL.iter().map(|s| s.as_str())).collect();
    Ok(ApplicationsPage {
        c: Chrome::new(state, user, "/social-workers/applications"),
        state: if q.state.is_empty() { "waiting".into() } else { q.state },
        worker,
        choices,
        lines,
        pager,
        failed: None,
        note: String::new(),
        errors: FormErrors::default(),
    })
}

async fn applications(
    PageCall { state, user }: PageCall,
    Query(q): Query<ApplicationsQuery>,
    Query(paging): Query<PageParams>,
) -> Result<Response, WebError> {
    Ok(render(&applications_page(&state, &user, q, &paging).await?))
}

/// A step as the queue's buttons send it: `agree` is `false` for the refuse button.
#[derive(Deserialize, Default)]
#[serde(default)]
struct StepForm {
    step: String,
    agree: String,
    note: String,
    /// The filter to go back to.
    back: String,
}

async fn take_step(
    PageCall { state, user }: PageCall,
    Path(id): Path<i64>,
    Form(form): Form<StepForm>,
) -> Result<Response, WebError> {
    let input = StepInput { step: form.step.clone(), agree: Some(form.agree != "false"), note: form.note.clone() };
    match state.app.registration_step(&user.auth.actor, id, input).await {
        Ok(_) => {
            let to = format!("/social-workers/applications?state={}#application-{id}", urlencode(&form.back));
            Ok(Redirect::to(&to).into_response())
        }
        Err(e) => {
            let status = refusal_status(&e);
            let errors = form_errors(user.lang, e)?;
            let q = ApplicationsQuery { state: form.back, worker: None };
            let mut page = applications_page(&state, &user, q, &PageParams::default()).await?;
            (page.failed, page.note, page.errors) = (Some(id), form.note, errors);
            Ok(render_with(status, &page))
        }
    }
}

/// Whether the record offers to file an application: a certificate, no registration and
/// no application still waiting for a step.
pub(super) fn may_apply(w: &SocialWorkerDetail) -> bool {
    let open =
        w.registration.application_state.as_deref().and_then(ApplicationState::parse).is_some_and(|s| s.is_open());
    w.certificate.is_some() && w.registration.status == "unregistered" && !open
}

/// Files the application, dated today; a refusal (the year since the certificate passed,
/// one already open) is shown on the record.
async fn apply(PageCall { state, user }: PageCall, Path(id): Path<i64>) -> Result<Response, WebError> {
    match state.app.apply_for_registration(&user.auth.actor, id).await {
        Ok(_) => Ok(Redirect::to(&format!("/social-workers/{id}#registration")).into_response()),
        Err(e) => {
            let status = refusal_status(&e);
            let errors = form_errors(user.lang, e)?;
            let page = detail_page(&state, &user, id, None, errors, false).await?;
            Ok(render_with(status, &page))
        }
    }
}

/// The awards form as typed, kept when it comes back with errors.
#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct AwardForm {
    pub(super) title: String,
    pub(super) awarding_body: String,
    pub(super) level: String,
    pub(super) awarded_on: String,
}

impl AwardForm {
    pub(super) fn levels(&self) -> Vec<&'static str> {
        AwardLevel::ALL.iter().map(|l| l.as_str()).collect()
    }
}

async fn add_award(
    PageCall { state, user }: PageCall,
    Path(id): Path<i64>,
    Form(form): Form<AwardForm>,
) -> Result<Response, WebError> {
    let input = NewAward {
        title: form.title.clone(),
        awarding_body: form.awarding_body.clone(),
        level: form.level.clone(),
        awarded_on: form.awarded_on.clone(),
    };
    match state.app.add_award(&user.auth.actor, id, input).await {
        Ok(_) => Ok(Redirect::to(&format!("/social-workers/{id}#awards")).into_response()),
        Err(e) => {
            let errors = form_errors(user.lang, e)?;
            let mut page = detail_page(&state, &user, id, None, FormErrors::default(), false).await?;
            (page.award, page.award_errors) = (form, errors);
            Ok(render_with(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
    }
}
