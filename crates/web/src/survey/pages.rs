//! The resident's phone pages (`/s`, `/s/{code}`, answers posted under `/public/` so the
//! public-write limit bounds them) and the staff's survey page with printable code slips.

use std::collections::HashMap;

use app::AppError;
use app::survey::{
    AnswerInput, CodeRequest, CodeState, IssuedCodes, NewSurvey, PublicSurvey, SurveyRow, SurveySummary,
};
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use domain::survey::{HIGHEST, LOWEST, MAX_QUESTIONS, Phase, SubjectKind};
use serde::Deserialize;

use crate::floor::{
    AppState, Chrome, FormErrors, PageCall, PublicChrome, WebError, form_errors, qr, render, render_with,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/s", get(entry))
        .route("/s/{code}", get(survey_page))
        .route("/public/survey-answers", post(answer))
        .route("/surveys", get(surveys).post(open_survey))
        .route("/surveys/{id}", get(summary))
        .route("/surveys/{id}/codes", post(issue_codes))
}

#[derive(Template)]
#[template(path = "survey/entry.html")]
struct EntryPage {
    c: PublicChrome,
    /// The code typed, when no survey has it.
    unknown: String,
}

#[derive(Deserialize, Default)]
struct Typed {
    #[serde(default)]
    code: String,
}

/// Where a code is typed in; a code that opens a survey goes on to it.
async fn entry(
    State(state): State<AppState>,
    c: PublicChrome,
    Query(typed): Query<Typed>,
) -> Result<Response, WebError> {
    let code = typed.code.trim();
    if code.is_empty() {
        return Ok(render(&EntryPage { c, unknown: String::new() }));
    }
    match state.app.survey_by_code(code).await {
        Ok(_) => Ok(Redirect::to(&format!("/s/{}", crate::floor::urlencode(code))).into_response()),
        Err(AppError::NotFound) => Ok(unknown_code(c, code)),
        Err(other) => Err(other.into()),
    }
}

fn unknown_code(c: PublicChrome, code: &str) -> Response {
    render_with(StatusCode::NOT_FOUND, &EntryPage { c, unknown: code.to_string() })
}

/// One rated question as the form shows it.
struct Question {
    name: String,
    text: String,
    ticked: u8,
}

#[derive(Template)]
#[template(path = "survey/answer.html")]
struct AnswerPage {
    c: PublicChrome,
    code: String,
    s: PublicSurvey,
    questions: Vec<Question>,
    comment: String,
    errors: FormErrors,
    /// The answer was just recorded.
    thanked: bool,
}

impl AnswerPage {
    fn new(c: PublicChrome, code: &str, s: PublicSurvey, input: &AnswerInput, errors: FormErrors) -> Self {
        let questions = (s.questions.iter().enumerate())
            .map(|(i, text)| Question {
                name: format!("q{i}"),
                text: text.clone(),
                ticked: input.ratings.get(i).and_then(|r| r.parse().ok()).unwrap_or(0),
            })
            .collect();
        let comment = input.comment.clone();
        Self { c, code: code.to_string(), s, questions, comment, errors, thanked: false }
    }

    fn scale(&self) -> Vec<u8> {
        (LOWEST..=HIGHEST).collect()
    }

    /// Why the code cannot be used now, as a message key; None when it can.
    fn refusal(&self) -> Option<&'static str> {
        match self.s.state {
            CodeState::Ready => None,
            CodeState::Used => Some("survey-code-used"),
            CodeState::Outside(Phase::NotYet) => Some("survey-page-not-yet"),
            CodeState::Outside(_) => Some("survey-closed"),
        }
    }
}

async fn survey_page(
    State(state): State<AppState>,
    c: PublicChrome,
    Path(code): Path<String>,
) -> Result<Response, WebError> {
    match state.app.survey_by_code(&code).await {
        Ok(s) => {
            let page = AnswerPage::new(c, &code, s, &AnswerInput::default(), FormErrors::default());
            let status = if page.refusal().is_some() { StatusCode::CONFLICT } else { StatusCode::OK };
            Ok(render_with(status, &page))
        }
        Err(AppError::NotFound) => Ok(unknown_code(c, &code)),
        Err(other) => Err(other.into()),
    }
}

/// Records an answer; a used code, a closed survey or a missing rating shows the page
/// again with the reason.
async fn answer(
    State(state): State<AppState>,
    c: PublicChrome,
    Form(mut form): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let code = form.remove("code").unwrap_or_default();
    let input = AnswerInput {
        ratings: (0..AnswerInput::MAX_RATINGS).map(|i| form.remove(&format!("q{i}")).unwrap_or_default()).collect(),
        comment: form.remove("comment").unwrap_or_default(),
    };
    let outcome = state.app.answer_survey(&code, input.clone()).await;
    let s = match state.app.survey_by_code(&code).await {
        Ok(s) => s,
        Err(AppError::NotFound) => return Ok(unknown_code(c, &code)),
        Err(other) => return Err(other.into()),
    };
    match outcome {
        Ok(()) => {
            let mut page = AnswerPage::new(c, &code, s, &AnswerInput::default(), FormErrors::default());
            page.thanked = true;
            Ok(render(&page))
        }
        Err(error) => {
            let status = match error {
                AppError::Conflict(_) => StatusCode::CONFLICT,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            let errors = form_errors(c.lang, error)?;
            Ok(render_with(status, &AnswerPage::new(c, &code, s, &input, errors)))
        }
    }
}

#[derive(Template)]
#[template(path = "survey/summary.html")]
struct SummaryPage {
    c: Chrome,
    s: SurveySummary,
    errors: FormErrors,
}

async fn summary(PageCall { state, user }: PageCall, Path(id): Path<i64>) -> Result<Response, WebError> {
    let s = state.app.survey_summary(&user.auth.actor, id).await?;
    Ok(render(&SummaryPage { c: Chrome::new(&state, &user, "/surveys"), s, errors: FormErrors::default() }))
}

#[derive(Template)]
#[template(path = "survey/codes.html")]
struct CodesPage {
    c: Chrome,
    batch: IssuedCodes,
    /// Each code with its answer page's address and that address as a QR code.
    slips: Vec<(String, String, String)>,
}

#[derive(Deserialize, Default)]
struct CountForm {
    #[serde(default)]
    count: String,
}

/// Issues a batch and shows it once, as slips to print and cut.
async fn issue_codes(
    PageCall { state, user }: PageCall,
    Path(id): Path<i64>,
    headers: HeaderMap,
    Form(form): Form<CountForm>,
) -> Result<Response, WebError> {
    // Anything but a number is out of range, so it gets the range's message.
    let count = match form.count.trim() {
        "" => None,
        typed => Some(typed.parse().unwrap_or(0)),
    };
    match state.app.issue_survey_codes(&user.auth.actor, id, CodeRequest { count }).await {
        Ok(batch) => {
            let slips = (batch.codes.iter())
                .map(|code| {
                    let url = qr::public_url(&state, &headers, &format!("/s/{code}"));
                    (code.clone(), qr::svg(&url), url)
                })
                .collect();
            Ok(render(&CodesPage { c: Chrome::new(&state, &user, "/surveys"), batch, slips }))
        }
        Err(error) => {
            let errors = form_errors(user.lang, error)?;
            let s = state.app.survey_summary(&user.auth.actor, id).await?;
            let page = SummaryPage { c: Chrome::new(&state, &user, "/surveys"), s, errors };
            Ok(render_with(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
    }
}

/// The open-survey form as typed: questions one a line.
#[derive(Deserialize, Default)]
#[serde(default)]
struct SurveyForm {
    title: String,
    subject_kind: String,
    subject_id: String,
    opens_on: String,
    closes_on: String,
    questions: String,
}

impl SurveyForm {
    fn input(&self) -> NewSurvey {
        NewSurvey {
            title: self.title.clone(),
            subject_kind: self.subject_kind.clone(),
            // A number that names nothing gets the unknown-subject message, as an id of 0 does.
            subject_id: match self.subject_id.trim() {
                "" => None,
                typed => Some(typed.parse().unwrap_or(0)),
            },
            opens_on: self.opens_on.clone(),
            closes_on: self.closes_on.clone(),
            questions: self.questions.lines().map(str::trim).filter(|q| !q.is_empty()).map(String::from).collect(),
        }
    }
}

#[derive(Template)]
#[template(path = "survey/surveys.html")]
struct SurveysPage {
    c: Chrome,
    rows: Vec<SurveyRow>,
    form: SurveyForm,
    errors: FormErrors,
}

impl SurveysPage {
    /// A message for each question line that failed, by its number.
    fn question_errors(&self) -> Vec<(usize, String)> {
        (0..MAX_QUESTIONS)
            .filter_map(|i| {
                let field = format!("questions.{i}");
                self.errors.has(&field).then(|| (i + 1, self.errors.get(&field).to_string()))
            })
            .collect()
    }

    fn kinds(&self) -> Vec<&'static str> {
        SubjectKind::ALL.iter().map(|k| k.as_str()).collect()
    }
}

/// The surveys the user keeps, latest first, and the form to open one.
async fn surveys(PageCall { state, user }: PageCall) -> Result<Response, WebError> {
    let rows = state.app.kept_surveys(&user.auth.actor).await?;
    let page = SurveysPage {
        c: Chrome::new(&state, &user, "/surveys"),
        rows,
        form: SurveyForm::default(),
        errors: FormErrors::default(),
    };
    Ok(render(&page))
}

async fn open_survey(PageCall { state, user }: PageCall, Form(form): Form<SurveyForm>) -> Result<Response, WebError> {
    match state.app.open_survey(&user.auth.actor, form.input()).await {
        Ok(id) => Ok(Redirect::to(&format!("/surveys/{id}")).into_response()),
        Err(error) => {
            let errors = form_errors(user.lang, error)?;
            let rows = state.app.kept_surveys(&user.auth.actor).await?;
            let page = SurveysPage { c: Chrome::new(&state, &user, "/surveys"), rows, form, errors };
            Ok(render_with(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
    }
}
