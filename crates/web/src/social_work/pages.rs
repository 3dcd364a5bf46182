//! The social-work office's pages (5A–5C): the workers it keeps, paged by region; one
//! worker's record with registration, hours still due and training; adding a worker and a
//! training record. A `social_worker` account reaches its own record from the menu.

use app::AppError;
use app::social_work::{
    CertificateInput, EducationInput, EvaluationView, NewSocialWorker, NewTraining, RegionFigures, SocialWorkerDetail,
    SocialWorkerList,
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

use super::workflow_pages::AwardForm;
use crate::floor::i18n;
use crate::floor::sheet::{headers, spreadsheet_response};
use crate::floor::{
    AppState, Chrome, FormErrors, PageCall, PageParams, PageUser, Pager, RegionPicker, WebError, form_errors, render,
    render_with,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/social-workers", get(list).post(add))
        .route("/social-workers/new", get(new))
        .route("/social-workers/mine", get(mine))
        .route("/social-workers/figures", get(figures))
        .route("/social-workers/figures/export", get(export_figures))
        .route("/social-workers/{id}", get(detail))
        .route("/social-workers/{id}/training", post(add_training))
        .route("/social-workers/{id}/renewal", post(renew))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ListFilter {
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
#[serde(default)]
struct WorkerForm {
    name: String,
    id_number: String,
    phone: String,
    region_code: String,
    #[serde(rename = "certificate.level")]
    level: String,
    #[serde(rename = "certificate.number")]
    number: String,
    #[serde(rename = "certificate.obtained_on")]
    obtained_on: String,
    registered_on: String,
    #[serde(rename = "education.degree")]
    degree: String,
    #[serde(rename = "education.major")]
    major: String,
    #[serde(rename = "education.completed_on")]
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
#[serde(default)]
pub(super) struct TrainingForm {
    course: String,
    provider: String,
    hours: String,
    completed_on: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct DetailQuery {
    added: Option<String>,
}

#[derive(Template)]
#[template(path = "social_work/social_worker.html")]
pub(super) struct DetailPage {
    c: Chrome,
    w: SocialWorkerDetail,
    /// The yearly evaluations, latest first.
    evaluations: Vec<EvaluationView>,
    region_name: String,
    can_write: bool,
    added: bool,
    training: TrainingForm,
    errors: FormErrors,
    /// Why a renewal or an application was refused (hours short, outside the window).
    renewal_errors: FormErrors,
    /// The awards form as typed and its errors.
    pub(super) award: AwardForm,
    pub(super) award_errors: FormErrors,
}

impl DetailPage {
    /// Fen as yuan with two decimals.
    fn yuan(&self, fen: &i64) -> String {
        domain::money::yuan(*fen)
    }

    /// The one reason no month of the year so far is due, when it is the same for all:
    /// shown in a line instead of a table of identical rows.
    fn allowance_never_due(&self) -> Option<&str> {
        let months = &self.w.title_allowance;
        let first = months.first()?.reason.as_deref()?;
        months.iter().all(|m| !m.due && m.reason.as_deref() == Some(first)).then_some(first)
    }
}

pub(super) async fn detail_page(
    state: &AppState,
    user: &PageUser,
    id: i64,
    training: Option<(TrainingForm, FormErrors)>,
    renewal_errors: FormErrors,
    added: bool,
) -> Result<DetailPage, WebError> {
    let actor = &user.auth.actor;
    let w = state.app.social_worker(actor, id).await?;
    let mut evaluations = state.app.social_worker_evaluations(actor, id).await?;
    evaluations.sort_by_key(|e| std::cmp::Reverse(e.year));
    let tree = state.app.regions();
    let (training, errors) = training.unwrap_or_default();
    Ok(DetailPage {
        c: Chrome::new(state, user, "/social-workers"),
        region_name: tree.get(&w.region_code).map(|n| n.name.clone()).unwrap_or_default(),
        can_write: actor.may(Permission::ManageSocialWorkers, &w.region_code, &tree),
        added,
        training,
        errors,
        renewal_errors,
        award: AwardForm::default(),
        award_errors: FormErrors::default(),
        evaluations,
        w,
    })
}

async fn detail(
    PageCall { state, user }: PageCall,
    Path(id): Path<i64>,
    Query(q): Query<DetailQuery>,
) -> Result<Response, WebError> {
    Ok(render(&detail_page(&state, &user, id, None, FormErrors::default(), q.added.is_some()).await?))
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
            let page = detail_page(&state, &user, id, Some((form, errors)), FormErrors::default(), false).await?;
            Ok(render_with(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
    }
}

/// Renews the registration, dated today: the refusal (hours short, outside the window) is
/// shown on the record.
async fn renew(PageCall { state, user }: PageCall, Path(id): Path<i64>) -> Result<Response, WebError> {
    match state.app.renew_registration(&user.auth.actor, id).await {
        Ok(_) => Ok(Redirect::to(&format!("/social-workers/{id}#registration")).into_response()),
        Err(e) => {
            let errors = form_errors(user.lang, e)?;
            let page = detail_page(&state, &user, id, None, errors, false).await?;
            Ok(render_with(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
    }
}

/// A number in tenths as people read it: 123 → "12.3"; none → "—".
fn tenths(value: Option<u64>) -> String {
    value.map_or_else(|| "—".to_string(), |v| format!("{}.{}", v / 10, v % 10))
}

/// One region's line of the figures, ready to show: its numbers and its bar's length.
struct FigureLine {
    code: String,
    name: String,
    f: domain::social_work::figures::Tally,
    supervision: String,
    insurance_arrears: u64,
    evaluation_year: Option<i32>,
    grades: Vec<(String, u64)>,
    per_10k: String,
    compliance: String,
    /// The bar's length against the longest, in percent.
    bar: u64,
}

fn lines(regions: &[RegionFigures]) -> Vec<FigureLine> {
    let longest = regions.iter().filter_map(|r| r.tally.certified_per_10k_tenths).max().unwrap_or(0);
    regions
        .iter()
        .map(|r| FigureLine {
            code: r.code.clone(),
            name: r.name.clone(),
            per_10k: tenths(r.tally.certified_per_10k_tenths),
            compliance: r
                .tally
                .education_met_tenths
                .map_or_else(|| "—".to_string(), |v| format!("{}%", tenths(Some(v)))),
            bar: match (r.tally.certified_per_10k_tenths, longest) {
                (Some(v), l) if l > 0 => v * 100 / l,
                _ => 0,
            },
            f: r.tally.clone(),
            supervision: r.supervision_coverage_percent.map_or_else(|| "—".to_string(), |p| format!("{p}%")),
            insurance_arrears: r.insurance_arrears,
            evaluation_year: r.evaluation_year,
            grades: r.grades.iter().map(|(g, n)| (g.clone(), *n)).collect(),
        })
        .collect()
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct FiguresQuery {
    region: String,
    format: String,
}

#[derive(Template)]
#[template(path = "social_work/figures.html")]
struct FiguresPage {
    c: Chrome,
    picker: RegionPicker,
    region: FigureLine,
    below: Vec<FigureLine>,
    as_of: chrono::NaiveDate,
    /// The standing bar's parts: registered (renewal not open), renewal open, lapsed,
    /// unregistered, each with its count, its share and where it starts, in percent.
    parts: Vec<(&'static str, u64, u64, u64)>,
}

/// The region asked for, else the user's first region that keeps social workers.
fn figures_region<'a>(user: &'a PageUser, asked: &'a str) -> &'a str {
    if asked.is_empty() { kept_regions(user).first().copied().unwrap_or_default() } else { asked }
}

async fn figures(PageCall { state, user }: PageCall, Query(q): Query<FiguresQuery>) -> Result<Response, WebError> {
    let code = figures_region(&user, &q.region).to_string();
    let found = state.app.social_work_figures(&user.auth.actor, &code).await?;
    let tree = state.app.regions();
    let picker = RegionPicker::new(&tree, user.lang, "region", &kept_regions(&user), &code, Level::Township);
    let t = &found.region.tally;
    // Each part starts where the counts before it end, so the parts fill the bar exactly.
    let at = |n: u64| if t.workers == 0 { 0 } else { (n * 200 + t.workers) / (2 * t.workers) };
    let mut before = 0;
    let parts = [
        ("registered", t.registered - t.renewal_open),
        ("renewal_open", t.renewal_open),
        ("lapsed", t.lapsed),
        ("unregistered", t.unregistered),
    ]
    .into_iter()
    .map(|(key, count)| {
        let part = (key, count, at(before + count) - at(before), at(before));
        before += count;
        part
    })
    .collect();
    let region = lines(std::slice::from_ref(&found.region)).remove(0);
    Ok(render(&FiguresPage {
        c: Chrome::new(&state, &user, "/social-workers"),
        picker,
        region,
        below: lines(&found.below),
        as_of: found.as_of,
        parts,
    }))
}

/// The figures as a spreadsheet: the region first, then each region below it.
async fn export_figures(
    PageCall { state, user }: PageCall,
    Query(q): Query<FiguresQuery>,
) -> Result<Response, WebError> {
    let code = figures_region(&user, &q.region).to_string();
    let found = state.app.social_work_figures(&user.auth.actor, &code).await?;
    let all: Vec<RegionFigures> = std::iter::once(found.region).chain(found.below).collect();
    let rows: Vec<Vec<String>> = lines(&all)
        .into_iter()
        .map(|l| {
            let f = &l.f;
            vec![
                l.code,
                l.name,
                f.residents.to_string(),
                f.certified.to_string(),
                l.per_10k,
                f.assistant.to_string(),
                f.intermediate.to_string(),
                f.senior.to_string(),
                f.registered.to_string(),
                f.renewal_open.to_string(),
                f.lapsed.to_string(),
                f.unregistered.to_string(),
                l.compliance,
                f.gate_refusals.to_string(),
                l.supervision,
                l.insurance_arrears.to_string(),
                l.evaluation_year.map(|y| y.to_string()).unwrap_or_default(),
                l.grades
                    .iter()
                    .map(|(g, n)| format!("{}:{n}", i18n::message(user.lang, &format!("sw-grade-{g}"), &[])))
                    .collect::<Vec<_>>()
                    .join(" "),
            ]
        })
        .collect();
    let columns = headers(user.lang, &FIGURE_COLUMNS);
    let columns: Vec<&str> = columns.iter().map(String::as_str).collect();
    spreadsheet_response(&q.format, "social-work-figures", &columns, &rows)
}

/// The figures' columns, as message keys (the page's table uses the same).
const FIGURE_COLUMNS: [&str; 18] = [
    "swf-code",
    "swf-region",
    "swf-residents",
    "swf-certified",
    "swf-per-10k",
    "sw-level-assistant",
    "sw-level-intermediate",
    "sw-level-senior",
    "swf-registered",
    "sw-status-renewal_open",
    "sw-status-lapsed",
    "sw-status-unregistered",
    "swf-compliance",
    "swf-gate-refusals",
    "swf-supervision",
    "swf-insurance-arrears",
    "swf-evaluation-year",
    "swf-grades",
];
