//! Meetings and deliberation for staff (3B): meetings with their decisions, the topics
//! residents propose, and Art. 10 requests.

use app::AppError;
use app::governance::{
    FollowUpInput, MeetingRecord, MeetingRequestView, MeetingView, NewMeeting, NewMeetingRequest, NewMotion, TopicView,
};
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use domain::governance::meeting::{MeetingKind, RequestBasis};
use domain::identity::Permission;
use domain::{FieldError, Violation};
use serde::Deserialize;

use crate::floor::{AppState, Chrome, FormErrors, PageCall, PageUser, WebError, form_errors, render, render_with};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/communities/{code}/meetings", get(meetings).post(schedule))
        .route("/communities/{code}/meeting-requests", post(file_request))
        .route("/communities/{code}/topics/{tracking}/decline", post(decline))
        .route("/meetings/{id}", get(meeting).post(record))
        .route("/meetings/{id}/motions/{motion}/follow-up", post(follow_up))
}

fn field(name: &str, fields: &[(String, String)]) -> String {
    fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default()
}

fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect()
}

#[derive(Template)]
#[template(path = "governance/meetings.html")]
struct MeetingsPage {
    c: Chrome,
    code: String,
    community: String,
    can_write: bool,
    meetings: Vec<MeetingView>,
    topics: Vec<TopicView>,
    requests: Vec<MeetingRequestView>,
    kinds: Vec<&'static str>,
    bases: Vec<&'static str>,
    /// Which form an error came from.
    section: String,
    errors: FormErrors,
}

async fn meetings_page(
    state: &AppState,
    user: &PageUser,
    code: &str,
    section: &str,
    errors: FormErrors,
) -> Result<MeetingsPage, AppError> {
    let actor = &user.auth.actor;
    let meetings = state.app.meetings(actor, code).await?;
    let can_write = actor.may(Permission::WriteCommunity, code, &state.app.regions());
    Ok(MeetingsPage {
        c: Chrome::new(state, user, "/communities"),
        code: code.to_string(),
        community: state.app.regions().get(code).map(|n| n.name.clone()).unwrap_or_default(),
        topics: if can_write { state.app.topics(actor, code).await? } else { Vec::new() },
        requests: state.app.meeting_requests(actor, code).await?,
        meetings,
        can_write,
        kinds: MeetingKind::ALL.iter().map(|k| k.as_str()).collect(),
        bases: RequestBasis::ALL.iter().map(|b| b.as_str()).collect(),
        section: section.to_string(),
        errors,
    })
}

async fn meetings(PageCall { state, user }: PageCall, Path(code): Path<String>) -> Result<Response, WebError> {
    Ok(render(&meetings_page(&state, &user, &code, "", FormErrors::default()).await?))
}

/// Back to the meetings page, or the page again with the form's errors.
async fn back_to_meetings<T>(
    state: &AppState,
    user: &PageUser,
    code: &str,
    section: &str,
    result: Result<T, AppError>,
) -> Result<Response, WebError> {
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/communities/{code}/meetings#{section}")).into_response()),
        Err(error) => {
            let errors = form_errors(user.lang, error)?;
            let page = meetings_page(state, user, code, section, errors).await?;
            Ok(render_with(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
    }
}

/// The schedule form: repeated `topic` checkboxes, so read as pairs.
async fn schedule(
    PageCall { state, user }: PageCall,
    Path(code): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let input = NewMeeting {
        kind: field("kind", &fields),
        title: field("title", &fields),
        held_on: field("held_on", &fields),
        place: field("place", &fields),
        members: field("members", &fields).trim().parse().unwrap_or(0),
        agenda: lines(&field("agenda", &fields)),
        topic_ids: fields.iter().filter(|(k, _)| k == "topic").map(|(_, v)| v.clone()).collect(),
        request_id: field("request_id", &fields).trim().parse().ok(),
    };
    let result = state.app.schedule_meeting(&user.auth.actor, &code, input).await;
    back_to_meetings(&state, &user, &code, "schedule", result).await
}

#[derive(Deserialize)]
struct RequestForm {
    #[serde(default)]
    basis: String,
    #[serde(default)]
    supporters: String,
    #[serde(default)]
    total: String,
    #[serde(default)]
    subject: String,
}

async fn file_request(
    PageCall { state, user }: PageCall,
    Path(code): Path<String>,
    Form(form): Form<RequestForm>,
) -> Result<Response, WebError> {
    let input = NewMeetingRequest {
        basis: form.basis,
        supporters: form.supporters.trim().parse().unwrap_or(0),
        total: form.total.trim().parse().unwrap_or(0),
        subject: form.subject,
    };
    let result = state.app.file_meeting_request(&user.auth.actor, &code, input).await;
    back_to_meetings(&state, &user, &code, "requests", result).await
}

#[derive(Deserialize)]
struct DeclineForm {
    #[serde(default)]
    reason: String,
}

async fn decline(
    PageCall { state, user }: PageCall,
    Path((code, tracking)): Path<(String, String)>,
    Form(form): Form<DeclineForm>,
) -> Result<Response, WebError> {
    let result = state.app.decline_topic(&user.auth.actor, &tracking, &form.reason).await;
    back_to_meetings(&state, &user, &code, "topics", result).await
}

#[derive(Template)]
#[template(path = "governance/meeting.html")]
struct MeetingPage {
    c: Chrome,
    m: MeetingView,
    community: String,
    can_write: bool,
    errors: FormErrors,
}

async fn meeting_page(state: &AppState, user: &PageUser, id: i64, errors: FormErrors) -> Result<MeetingPage, AppError> {
    let m = state.app.meeting(&user.auth.actor, id).await?;
    Ok(MeetingPage {
        c: Chrome::new(state, user, "/communities"),
        community: state.app.regions().get(&m.region_code).map(|n| n.name.clone()).unwrap_or_default(),
        can_write: user.auth.actor.may(Permission::WriteCommunity, &m.region_code, &state.app.regions()),
        m,
        errors,
    })
}

async fn meeting(State(state): State<AppState>, user: PageUser, Path(id): Path<i64>) -> Result<Response, WebError> {
    Ok(render(&meeting_page(&state, &user, id, FormErrors::default()).await?))
}

#[derive(Deserialize)]
struct RecordForm {
    #[serde(default)]
    present: String,
    #[serde(default)]
    minutes: String,
    /// One motion per line: `text | yes | no | abstain`.
    #[serde(default)]
    motions: String,
}

/// Reads the motions typed one per line as `text | yes | no | abstain`.
fn read_motions(text: &str) -> Result<Vec<NewMotion>, FieldError> {
    lines(text)
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let parts: Vec<&str> = line.split(['|', '｜']).map(str::trim).collect();
            let number = |at: usize| parts.get(at).and_then(|n| n.parse::<u32>().ok());
            match (parts.first(), number(1), number(2), number(3)) {
                (Some(text), Some(yes), Some(no), Some(abstain)) if parts.len() == 4 => {
                    Ok(NewMotion { text: text.to_string(), yes, no, abstain })
                }
                _ => Err(Violation::new("motion-line-format").with("line", i + 1).on("motions")),
            }
        })
        .collect()
}

async fn record(
    PageCall { state, user }: PageCall,
    Path(id): Path<i64>,
    Form(form): Form<RecordForm>,
) -> Result<Response, WebError> {
    let result = match (read_motions(&form.motions), form.present.trim().parse::<u32>()) {
        (Ok(motions), Ok(present)) => {
            let input = MeetingRecord { present, minutes: form.minutes, motions };
            state.app.record_meeting(&user.auth.actor, id, input).await.map(|_| ())
        }
        (Err(error), _) => Err(AppError::Invalid(vec![error])),
        (_, Err(_)) => Err(AppError::invalid("present", Violation::new("not-a-number"))),
    };
    meeting_result(&state, &user, id, result).await
}

async fn meeting_result(
    state: &AppState,
    user: &PageUser,
    id: i64,
    result: Result<(), AppError>,
) -> Result<Response, WebError> {
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/meetings/{id}")).into_response()),
        Err(error) => {
            let errors = form_errors(user.lang, error)?;
            Ok(render_with(StatusCode::UNPROCESSABLE_ENTITY, &meeting_page(state, user, id, errors).await?))
        }
    }
}

async fn follow_up(
    PageCall { state, user }: PageCall,
    Path((id, motion)): Path<(i64, i64)>,
    Form(input): Form<FollowUpInput>,
) -> Result<Response, WebError> {
    let result = state.app.follow_up(&user.auth.actor, motion, input).await;
    meeting_result(&state, &user, id, result).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn motions_are_typed_one_per_line_with_their_votes() {
        let motions = read_motions("加装电梯 | 11 | 10 | 0\n\n更换物业｜10｜5｜6").unwrap();
        assert_eq!(motions.len(), 2);
        assert_eq!((motions[1].yes, motions[1].no, motions[1].abstain), (10, 5, 6));
        let bad = read_motions("加装电梯 | 11 | 10 | 0\n更换物业 | 十").unwrap_err();
        assert_eq!(bad.violation.arg("line"), Some("2"));
    }
}
