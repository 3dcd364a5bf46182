//! The office's pages for the city's review and yearly course: recording a worker's city
//! qualification, the courses with their attendance rate, and a course's attendance list
//! entered as ID numbers one a line (as they come from the sign-in sheet).

use app::AppError;
use app::social_work::{
    AttendanceInput, CityCourseDetail, CityCourseView, LocalQualificationInput, LocalQualificationView, MAX_ATTENDEES,
    NewCityCourse,
};
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use domain::FieldError;
use domain::identity::Permission;
use domain::region::Level;
use serde::Deserialize;

use crate::floor::i18n;
use crate::floor::{
    AppState, Chrome, FormErrors, PageCall, PageUser, RegionPicker, WebError, form_errors, render, render_with,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/social-workers/courses", get(courses).post(add_course))
        .route("/social-workers/courses/{id}", get(course).post(record_attendance))
        .route("/social-workers/{id}/local-qualification", get(qualification).post(record_qualification))
}

/// The qualification form as typed, kept when it comes back with errors.
#[derive(Deserialize, Default)]
#[serde(default)]
struct QualificationForm {
    level: String,
    number: String,
    exam_passed_on: String,
    granted_on: String,
    reviewed_by: String,
}

impl From<LocalQualificationView> for QualificationForm {
    fn from(q: LocalQualificationView) -> Self {
        Self {
            level: q.level,
            number: q.number,
            exam_passed_on: q.exam_passed_on.to_string(),
            granted_on: q.granted_on.to_string(),
            reviewed_by: q.reviewed_by,
        }
    }
}

#[derive(Template)]
#[template(path = "social_work/local_qualification.html")]
struct QualificationPage {
    c: Chrome,
    id: i64,
    name: String,
    f: QualificationForm,
    errors: FormErrors,
}

async fn qualification_page(
    state: &AppState,
    user: &PageUser,
    id: i64,
    form: Option<(QualificationForm, FormErrors)>,
) -> Result<QualificationPage, WebError> {
    let actor = &user.auth.actor;
    let w = state.app.social_worker(actor, id).await?;
    // The form is the office's; a worker reading their own record only reads it.
    if !actor.may(Permission::ManageSocialWorkers, &w.region_code, &state.app.regions()) {
        return Err(WebError::App(AppError::Forbidden));
    }
    let (f, errors) = form.unwrap_or_else(|| {
        (w.local_qualification.map(QualificationForm::from).unwrap_or_default(), FormErrors::default())
    });
    Ok(QualificationPage { c: Chrome::new(state, user, "/social-workers"), id, name: w.name, f, errors })
}

async fn qualification(PageCall { state, user }: PageCall, Path(id): Path<i64>) -> Result<Response, WebError> {
    Ok(render(&qualification_page(&state, &user, id, None).await?))
}

async fn record_qualification(
    PageCall { state, user }: PageCall,
    Path(id): Path<i64>,
    Form(f): Form<QualificationForm>,
) -> Result<Response, WebError> {
    let input = LocalQualificationInput {
        level: f.level.clone(),
        number: f.number.clone(),
        exam_passed_on: f.exam_passed_on.clone(),
        granted_on: f.granted_on.clone(),
        reviewed_by: f.reviewed_by.clone(),
    };
    match state.app.record_local_qualification(&user.auth.actor, id, input).await {
        Ok(()) => Ok(Redirect::to(&format!("/social-workers/{id}#certificate")).into_response()),
        Err(e) => {
            let errors = form_errors(user.lang, e)?;
            let page = qualification_page(&state, &user, id, Some((f, errors))).await?;
            Ok(render_with(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
    }
}

/// The course form as typed.
#[derive(Deserialize, Default)]
#[serde(default)]
struct CourseForm {
    region_code: String,
    year: String,
    title: String,
    provider: String,
    hours: String,
    starts_on: String,
    ends_on: String,
}

#[derive(Template)]
#[template(path = "social_work/city_courses.html")]
struct CoursesPage {
    c: Chrome,
    courses: Vec<CityCourseView>,
    f: CourseForm,
    errors: FormErrors,
    region: RegionPicker,
}

async fn courses_page(
    state: &AppState,
    user: &PageUser,
    form: Option<(CourseForm, FormErrors)>,
) -> Result<CoursesPage, WebError> {
    let courses = state.app.city_courses(&user.auth.actor).await?;
    let kept = user.auth.actor.regions_with(Permission::ManageSocialWorkers);
    let (f, errors) = form.unwrap_or_else(|| {
        let year = state.app.settings.today().format("%Y").to_string();
        (CourseForm { year, ..CourseForm::default() }, FormErrors::default())
    });
    let region =
        RegionPicker::new(&state.app.regions(), user.lang, "region_code", &kept, &f.region_code, Level::County);
    Ok(CoursesPage { c: Chrome::new(state, user, "/social-workers/courses"), courses, f, errors, region })
}

async fn courses(PageCall { state, user }: PageCall) -> Result<Response, WebError> {
    Ok(render(&courses_page(&state, &user, None).await?))
}

/// A number typed in a form: the number, or none when blank or not a number (the use
/// case then names the field).
fn typed<T: std::str::FromStr>(text: &str) -> Option<T> {
    text.trim().parse().ok()
}

async fn add_course(PageCall { state, user }: PageCall, Form(f): Form<CourseForm>) -> Result<Response, WebError> {
    let input = NewCityCourse {
        region_code: f.region_code.clone(),
        year: typed(&f.year),
        title: f.title.clone(),
        provider: f.provider.clone(),
        hours: typed(&f.hours),
        starts_on: f.starts_on.clone(),
        ends_on: f.ends_on.clone(),
    };
    match state.app.add_city_course(&user.auth.actor, input).await {
        Ok(id) => Ok(Redirect::to(&format!("/social-workers/courses/{id}")).into_response()),
        Err(e) => {
            let errors = form_errors(user.lang, e)?;
            Ok(render_with(StatusCode::UNPROCESSABLE_ENTITY, &courses_page(&state, &user, Some((f, errors))).await?))
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct AttendanceForm {
    id_numbers: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Recorded {
    recorded: Option<u64>,
    already: Option<u64>,
}

#[derive(Template)]
#[template(path = "social_work/city_course.html")]
struct CoursePage {
    c: Chrome,
    d: CityCourseDetail,
    /// The attendance rate, e.g. "62.5%".
    rate: String,
    typed: String,
    /// Each refused line: its number (from 1) and why.
    refused: Vec<(usize, String)>,
    /// The notice after a list was recorded.
    done: Option<(u64, u64)>,
    max: usize,
}

async fn course_page(
    state: &AppState,
    user: &PageUser,
    id: i64,
    typed: String,
    refused: Vec<(usize, String)>,
    done: Option<(u64, u64)>,
) -> Result<CoursePage, WebError> {
    let d = state.app.city_course(&user.auth.actor, id).await?;
    let permille = d.course.attendance_permille;
    Ok(CoursePage {
        c: Chrome::new(state, user, "/social-workers/courses"),
        rate: format!("{}.{}%", permille / 10, permille % 10),
        d,
        typed,
        refused,
        done,
        max: MAX_ATTENDEES,
    })
}

async fn course(
    PageCall { state, user }: PageCall,
    Path(id): Path<i64>,
    Query(q): Query<Recorded>,
) -> Result<Response, WebError> {
    let done = q.recorded.zip(q.already);
    Ok(render(&course_page(&state, &user, id, String::new(), Vec::new(), done).await?))
}

/// The lines of a pasted list that hold something: blank lines are nothing to record.
fn id_lines(text: &str) -> Vec<(usize, String)> {
    text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()).map(|(i, l)| (i + 1, l.trim().to_string())).collect()
}

async fn record_attendance(
    PageCall { state, user }: PageCall,
    Path(id): Path<i64>,
    Form(f): Form<AttendanceForm>,
) -> Result<Response, WebError> {
    let lines = id_lines(&f.id_numbers);
    let input = AttendanceInput { id_numbers: lines.iter().map(|(_, l)| l.clone()).collect() };
    let refused: Vec<FieldError> = match state.app.record_attendance(&user.auth.actor, id, input).await {
        Ok(done) => {
            let back = format!("/social-workers/courses/{id}?recorded={}&already={}", done.recorded, done.already);
            return Ok(Redirect::to(&back).into_response());
        }
        Err(AppError::Invalid(fields)) => fields,
        Err(AppError::Conflict(field)) => vec![field],
        Err(other) => return Err(other.into()),
    };
    // `id_numbers[i]` is the i-th line that held something; other fields name the list.
    let refused = refused
        .iter()
        .map(|e| {
            let index = e
                .field
                .strip_prefix("id_numbers[")
                .and_then(|r| r.strip_suffix(']'))
                .and_then(|i| i.parse::<usize>().ok());
            (index.and_then(|i| lines.get(i)).map_or(0, |(line, _)| *line), i18n::violation(user.lang, &e.violation))
        })
        .collect();
    let page = course_page(&state, &user, id, f.id_numbers, refused, None).await?;
    Ok(render_with(StatusCode::UNPROCESSABLE_ENTITY, &page))
}
