//! The social-work office's pages (5A–5C): the workers it keeps, paged by region; one
//! worker's record with registration, hours still due and training; adding a worker and a
//! training record. A `social_worker` account reaches its own record from the menu.

use app::AppError;
use app::social_work::{
    CertificateInput, EducationInput, NewSocialWorker, NewTraining, SocialWorkerDetail, SocialWorkerList,
};
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use domain::identity::Permission;
use domain::region::Level;
use domain::social_work::CertificateLevel;
use serde::Deserialize;

use crate::floor::{
    AppState, Chrome, FormErrors, PageCall, PageParams, PageUser, Pager, RegionPicker, WebError, form_errors, render,
    render_with,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/social-workers", get(list).post(add))
        .route("/social-workers/new", get(new))
        .route("/social-workers/mine", get(mine))
        .route("/social-workers/{id}", get(detail))
        .route("/social-workers/{id}/training", post(add_training))
}

#[derive(Deserialize, Default)]
struct ListFilter {
    #[serde(default)]
    region: String,
}

#[derive(Template)]
#[template(path = "social_work/social_workers.html")]
struct ListPage {
    c: Chrome,
    region: RegionPicker,
    list: SocialWorkerList,
    pager: Pager,
}

/// The regions in which the user keeps social workers.
fn kept_regions(user: &PageUser) -> Vec<&str> {
    user.auth.actor.regions_with(Permission::ManageSocialWorkers)
}

async fn list(
    PageCall { state, user }: PageCall,
    Query(filter): Query<ListFilter>,
    Query(paging): Query<PageParams>,
) -> Result<Response, WebError> {
    let list = state.app.list_social_workers(&user.auth.actor, &filter.region, paging.request()).await?;
    let tree = state.app.regions();
    let region = RegionPicker::new(&tree, user.lang, "region", &kept_regions(&user), &filter.region, Level::Township);
    let pager = Pager::new(&[("region", &filter.region)], &list.span);
    Ok(render(&ListPage { c: Chrome::new(&state, &user, "/social-workers"), region, list, pager }))
}

/// The add-worker form as typed, kept when it comes back with errors.
#[derive(Deserialize, Default)]
struct WorkerForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    id_number: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    region_code: String,
    #[serde(default, rename = "certificate.level")]
    level: String,
    #[serde(default, rename = "certificate.number")]
    number: String,
    #[serde(default, rename = "certificate.obtained_on")]
    obtained_on: String,
    #[serde(default)]
    registered_on: String,
    #[serde(default, rename = "education.degree")]
    degree: String,
    #[serde(default, rename = "education.major")]
    major: String,
    #[serde(default, rename = "education.completed_on")]
    degree_on: String,
}

impl WorkerForm {
    fn input(&self) -> NewSocialWorker {
        let certificate = CertificateInput {
            level: self.level.clone(),
            number: self.number.clone(),
            obtained_on: self.obtained_on.clone(),
        };
        let has_certificate = [&self.level, &self.number, &self.obtained_on].iter().any(|t| !t.trim().is_empty());
        NewSocialWorker {
            name: self.name.clone(),
            id_number: self.id_number.clone(),
            phone: self.phone.clone(),
            region_code: self.region_code.clone(),
            certificate: has_certificate.then_some(certificate),
            registered_on: self.registered_on.clone(),
            education: Some(EducationInput {
                degree: self.degree.clone(),
                major: self.major.clone(),
                social_work: !self.degree_on.trim().is_empty(),
                completed_on: self.degree_on.clone(),
            }),
            username: String::new(),
        }
    }
}

#[derive(Template)]
#[template(path = "social_work/new_worker.html")]
struct NewPage {
    c: Chrome,
    f: WorkerForm,
    errors: FormErrors,
    region: RegionPicker,
    levels: Vec<&'static str>,
}

fn new_page(state: &AppState, user: &PageUser, f: WorkerForm, errors: FormErrors) -> NewPage {
    let tree = state.app.regions();
    let region =
        RegionPicker::new(&tree, user.lang, "region_code", &kept_regions(user), &f.region_code, Level::Township);
    let levels = CertificateLevel::ALL.iter().map(|l| l.as_str()).collect();
    NewPage { c: Chrome::new(state, user, "/social-workers"), f, errors, region, levels }
}

async fn new(PageCall { state, user }: PageCall) -> Result<Response, WebError> {
    if kept_regions(&user).is_empty() {
        return Err(WebError::App(AppError::Forbidden));
    }
    Ok(render(&new_page(&state, &user, WorkerForm::default(), FormErrors::default())))
}

async fn add(PageCall { state, user }: PageCall, Form(form): Form<WorkerForm>) -> Result<Response, WebError> {
    match state.app.add_social_worker(&user.auth.actor, form.input()).await {
        Ok(id) => Ok(Redirect::to(&format!("/social-workers/{id}?added=1")).into_response()),
        Err(e) => {
            let errors = form_errors(user.lang, e)?;
            Ok(render_with(StatusCode::UNPROCESSABLE_ENTITY, &new_page(&state, &user, form, errors)))
        }
    }
}

/// A `social_worker` account's own record.
async fn mine(PageCall { state, user }: PageCall) -> Result<Response, WebError> {
    match state.app.own_social_worker(&user.auth.actor).await? {
        Some(id) => Ok(Redirect::to(&format!("/social-workers/{id}")).into_response()),
        None => Err(WebError::App(AppError::NotFound)),
    }
}

#[derive(Deserialize, Default)]
struct TrainingForm {
    #[serde(default)]
    course: String,
    #[serde(default)]
    provider: String,
    #[serde(default)]
    hours: String,
    #[serde(default)]
    completed_on: String,
}

#[derive(Deserialize, Default)]
struct DetailQuery {
    #[serde(default)]
    added: Option<String>,
}

#[derive(Template)]
#[template(path = "social_work/social_worker.html")]
struct DetailPage {
    c: Chrome,
    w: SocialWorkerDetail,
    region_name: String,
    can_write: bool,
    added: bool,
    training: TrainingForm,
    errors: FormErrors,
}

async fn detail_page(
    state: &AppState,
    user: &PageUser,
    id: i64,
    training: Option<(TrainingForm, FormErrors)>,
    added: bool,
) -> Result<DetailPage, WebError> {
    let actor = &user.auth.actor;
    let w = state.app.social_worker(actor, id).await?;
    let tree = state.app.regions();
    let (training, errors) = training.unwrap_or_default();
    Ok(DetailPage {
        c: Chrome::new(state, user, "/social-workers"),
        region_name: tree.get(&w.region_code).map(|n| n.name.clone()).unwrap_or_default(),
        can_write: actor.may(Permission::ManageSocialWorkers, &w.region_code, &tree),
        added,
        training,
        errors,
        w,
    })
}

async fn detail(
    PageCall { state, user }: PageCall,
    Path(id): Path<i64>,
    Query(q): Query<DetailQuery>,
) -> Result<Response, WebError> {
    Ok(render(&detail_page(&state, &user, id, None, q.added.is_some()).await?))
}

async fn add_training(
    PageCall { state, user }: PageCall,
    Path(id): Path<i64>,
    Form(form): Form<TrainingForm>,
) -> Result<Response, WebError> {
    // The API takes a JSON number; a form sends text, which is a number or the API's error.
    let hours = match form.hours.trim().parse::<f64>() {
        Ok(n) => serde_json::json!(n),
        Err(_) if form.hours.trim().is_empty() => serde_json::Value::Null,
        Err(_) => serde_json::json!(form.hours),
    };
    let input = NewTraining {
        hours,
        completed_on: form.completed_on.clone(),
        course: form.course.clone(),
        provider: form.provider.clone(),
    };
    match state.app.add_training(&user.auth.actor, id, input).await {
        Ok(_) => Ok(Redirect::to(&format!("/social-workers/{id}#training")).into_response()),
        Err(e) => {
            let errors = form_errors(user.lang, e)?;
            let page = detail_page(&state, &user, id, Some((form, errors)), false).await?;
            Ok(render_with(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
    }
}
