//! Meetings, deliberation, residents' topics and Art. 10 requests (3B) over HTTP.

use app::governance::{
    FollowUpInput, MeetingRecord, MeetingRequestView, MeetingView, NewMeeting, NewMeetingRequest, NewTopic, TopicView,
};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::floor::{ApiCall, AppState, Created, CreatedResponse, JsonBody, PathParam, WebError, created};

/// Schedules a meeting with its agenda (and any residents' topics and Art. 10 request it answers).
#[utoipa::path(post, path = "/api/v1/communities/{code}/meetings", tag = "governance", params(("code" = String, Path)),
    request_body = NewMeeting, responses((status = 201, body = Created), (status = 404), (status = 422)))]
pub async fn schedule_meeting(
    ApiCall { state, auth }: ApiCall,
    Path(code): Path<String>,
    JsonBody(input): JsonBody<NewMeeting>,
) -> CreatedResponse {
    created(state.app.schedule_meeting(&auth.actor, &code, input).await?)
}

#[derive(Serialize, ToSchema)]
pub struct MeetingList {
    items: Vec<MeetingView>,
}

/// A community's meetings, latest first, with quorum, motions and open follow-ups.
#[utoipa::path(get, path = "/api/v1/communities/{code}/meetings", tag = "governance", params(("code" = String, Path)),
    responses((status = 200, body = MeetingList), (status = 404)))]
pub async fn list_meetings(
    ApiCall { state, auth }: ApiCall,
    Path(code): Path<String>,
) -> Result<Json<MeetingList>, WebError> {
    Ok(Json(MeetingList { items: state.app.meetings(&auth.actor, &code).await? }))
}

/// One meeting.
#[utoipa::path(get, path = "/api/v1/meetings/{id}", tag = "governance", params(("id" = i64, Path)),
    responses((status = 200, body = MeetingView), (status = 404)))]
pub async fn get_meeting(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
) -> Result<Json<MeetingView>, WebError> {
    Ok(Json(state.app.meeting(&auth.actor, id).await?))
}

/// Records a held meeting once: attendance, minutes, votes; quorum and decisions are computed.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/record", tag = "governance", params(("id" = i64, Path)),
    request_body = MeetingRecord, responses((status = 200, body = MeetingView), (status = 404), (status = 409), (status = 422)))]
pub async fn record_meeting(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
    JsonBody(input): JsonBody<MeetingRecord>,
) -> Result<Json<MeetingView>, WebError> {
    Ok(Json(state.app.record_meeting(&auth.actor, id, input).await?))
}

/// Moves an adopted decision on (in_progress, then done).
#[utoipa::path(post, path = "/api/v1/motions/{id}/follow-up", tag = "governance", params(("id" = i64, Path)),
    request_body = FollowUpInput, responses((status = 204), (status = 404), (status = 409), (status = 422)))]
pub async fn follow_up(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
    JsonBody(input): JsonBody<FollowUpInput>,
) -> Result<StatusCode, WebError> {
    state.app.follow_up(&auth.actor, id, input).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct Tracking {
    /// Keep it to follow the topic.
    tracking: String,
}

/// A resident proposes a topic for a meeting (no login).
#[utoipa::path(post, path = "/api/v1/public/communities/{code}/topics", tag = "governance", params(("code" = String, Path)),
    request_body = NewTopic, responses((status = 201, body = Tracking), (status = 404), (status = 422)))]
pub async fn propose_topic(
    State(state): State<AppState>,
    Path(code): Path<String>,
    JsonBody(input): JsonBody<NewTopic>,
) -> Result<(StatusCode, Json<Tracking>), WebError> {
    let tracking = state.app.propose_topic(&code, input).await?;
    Ok((StatusCode::CREATED, Json(Tracking { tracking })))
}

/// A proposed topic by its tracking code (no login, no contact details).
#[utoipa::path(get, path = "/api/v1/public/topics/{tracking}", tag = "governance", params(("tracking" = String, Path)),
    responses((status = 200, body = TopicView), (status = 404)))]
pub async fn public_topic(
    State(state): State<AppState>,
    Path(tracking): Path<String>,
) -> Result<Json<TopicView>, WebError> {
    Ok(Json(state.app.topic(&tracking).await?))
}

#[derive(Serialize, ToSchema)]
pub struct TopicList {
    items: Vec<TopicView>,
}

/// The topics residents proposed to a community, for its staff.
#[utoipa::path(get, path = "/api/v1/communities/{code}/topics", tag = "governance", params(("code" = String, Path)),
    responses((status = 200, body = TopicList), (status = 404)))]
pub async fn list_topics(
    ApiCall { state, auth }: ApiCall,
    Path(code): Path<String>,
) -> Result<Json<TopicList>, WebError> {
    Ok(Json(TopicList { items: state.app.topics(&auth.actor, &code).await? }))
}

#[derive(Deserialize, ToSchema)]
pub struct Decline {
    reason: String,
}

/// Declines a proposed topic with the reason the resident will read.
#[utoipa::path(post, path = "/api/v1/topics/{tracking}/decline", tag = "governance", params(("tracking" = String, Path)),
    request_body = Decline, responses((status = 204), (status = 404), (status = 409), (status = 422)))]
pub async fn decline_topic(
    ApiCall { state, auth }: ApiCall,
    Path(tracking): Path<String>,
    JsonBody(input): JsonBody<Decline>,
) -> Result<StatusCode, WebError> {
    state.app.decline_topic(&auth.actor, &tracking, &input.reason).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Files an Art. 10 request for a residents' meeting.
#[utoipa::path(post, path = "/api/v1/communities/{code}/meeting-requests", tag = "governance",
    params(("code" = String, Path)), request_body = NewMeetingRequest,
    responses((status = 201, body = Created), (status = 404), (status = 422)))]
pub async fn file_meeting_request(
    ApiCall { state, auth }: ApiCall,
    Path(code): Path<String>,
    JsonBody(input): JsonBody<NewMeetingRequest>,
) -> CreatedResponse {
    created(state.app.file_meeting_request(&auth.actor, &code, input).await?)
}

#[derive(Serialize, ToSchema)]
pub struct MeetingRequestList {
    items: Vec<MeetingRequestView>,
}

/// A community's Art. 10 requests: which oblige a meeting, and which meeting answered them.
#[utoipa::path(get, path = "/api/v1/communities/{code}/meeting-requests", tag = "governance",
    params(("code" = String, Path)), responses((status = 200, body = MeetingRequestList), (status = 404)))]
pub async fn list_meeting_requests(
    ApiCall { state, auth }: ApiCall,
    Path(code): Path<String>,
) -> Result<Json<MeetingRequestList>, WebError> {
    Ok(Json(MeetingRequestList { items: state.app.meeting_requests(&auth.actor, &code).await? }))
}
