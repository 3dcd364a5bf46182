//! The star application and public-notice step a region may require: the API, the
//! office's review forms on a volunteer's record, and the public notice page where anyone
//! may object. The volunteer applies from their own page (`me.rs`).

use app::AppError;
use app::volunteer::{StarApplicationView, StarNotice, StarReview};
use askama::Template;
use axum::Json;
use axum::Router;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use utoipa::ToSchema;

use super::hm;
use crate::floor::{
    ApiCall, AppState, CreatedResponse, JsonBody, PageCall, PathParam, PublicChrome, WebError, created, form_errors,
    render, render_with,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/star-notices", get(notices))
        .route("/star-notices/{id}/objections", post(object))
        .route("/volunteers/{id}/star-applications", post(apply))
        .route("/volunteers/{id}/star-applications/{application}/review", post(review))
        .route("/volunteers/{id}/star-applications/{application}/award", post(award))
        .route("/volunteers/{id}/star-objections/{objection}/answer", post(answer))
}

#[derive(Deserialize, ToSchema)]
pub struct StarRuleInput {
    /// Stars are awarded on application and public notice, not by reaching the hours.
    requires_application: bool,
    /// Days the notice runs, from the day of approval (1–90).
    #[serde(default = "seven")]
    notice_days: u32,
}

fn seven() -> u32 {
    7
}

/// Sets whether a region's stars need an application and public notice.
#[utoipa::path(put, path = "/api/v1/volunteer-stars/{code}/application", tag = "volunteer",
    request_body = StarRuleInput, params(("code" = String, Path)),
    responses((status = 204), (status = 403), (status = 404), (status = 422)))]
pub async fn set_rule(
    ApiCall { state, auth }: ApiCall,
    PathParam(code): PathParam<String>,
    JsonBody(input): JsonBody<StarRuleInput>,
) -> Result<StatusCode, WebError> {
    state.app.set_star_rule(&auth.actor, &code, input.requires_application, input.notice_days).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A volunteer's star applications, newest first (objections for the office only).
#[utoipa::path(get, path = "/api/v1/volunteers/{id}/star-applications", tag = "volunteer",
    params(("id" = i64, Path)),
    responses((status = 200, body = Vec<StarApplicationView>), (status = 403), (status = 404)))]
pub async fn applications(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
) -> Result<Json<Vec<StarApplicationView>>, WebError> {
    Ok(Json(state.app.star_applications(&auth.actor, id).await?))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct ApplyInput {
    /// The star level applied for (1–5), which the confirmed hours must reach.
    level: i64,
}

/// Applies for a star level (the volunteer, their organiser or the office); 409 when the
/// hours do not reach it, it is awarded or applied for already, or the region needs none.
#[utoipa::path(post, path = "/api/v1/volunteers/{id}/star-applications", tag = "volunteer",
    request_body = ApplyInput, params(("id" = i64, Path)),
    responses((status = 201, body = crate::floor::Created), (status = 403), (status = 404), (status = 409),
        (status = 422)))]
pub async fn apply_api(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
    JsonBody(input): JsonBody<ApplyInput>,
) -> CreatedResponse {
    created(state.app.apply_for_star(&auth.actor, id, input.level).await?)
}

/// The office approves an application to public notice, or refuses it with a reason.
#[utoipa::path(post, path = "/api/v1/volunteer-star-applications/{id}/review", tag = "volunteer",
    request_body = StarReview, params(("id" = i64, Path)),
    responses((status = 204), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn review_api(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
    JsonBody(input): JsonBody<StarReview>,
) -> Result<StatusCode, WebError> {
    state.app.review_star_application(&auth.actor, id, input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The office confirms the award after the notice, every objection answered.
#[utoipa::path(post, path = "/api/v1/volunteer-star-applications/{id}/award", tag = "volunteer",
    params(("id" = i64, Path)), responses((status = 204), (status = 403), (status = 404), (status = 409)))]
pub async fn award_api(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
) -> Result<StatusCode, WebError> {
    state.app.award_star(&auth.actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct AnswerInput {
    answer: String,
}

/// The office answers an objection, once.
#[utoipa::path(post, path = "/api/v1/volunteer-star-objections/{id}/answer", tag = "volunteer",
    request_body = AnswerInput, params(("id" = i64, Path)),
    responses((status = 204), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn answer_api(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
    JsonBody(input): JsonBody<AnswerInput>,
) -> Result<StatusCode, WebError> {
    state.app.answer_star_objection(&auth.actor, id, &input.answer).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The stars on public notice today; names masked.
#[utoipa::path(get, path = "/api/v1/public/volunteer-star-notices", tag = "volunteer",
    responses((status = 200, body = Vec<StarNotice>)))]
pub async fn notices_api(State(state): State<AppState>) -> Result<Json<Vec<StarNotice>>, WebError> {
    Ok(Json(state.app.star_notices().await?))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct ObjectionInput {
    /// What the objector knows against the award (at most 500 characters).
    message: String,
}

/// Anyone objects to a star on notice, through the notice's last day.
#[utoipa::path(post, path = "/api/v1/public/volunteer-star-notices/{id}/objections", tag = "volunteer",
    request_body = ObjectionInput, params(("id" = i64, Path)),
    responses((status = 201, body = crate::floor::Created), (status = 404), (status = 409), (status = 422)))]
pub async fn object_api(
    State(state): State<AppState>,
    PathParam(id): PathParam<i64>,
    JsonBody(input): JsonBody<ObjectionInput>,
) -> CreatedResponse {
    created(state.app.object_to_star(id, &input.message).await?)
}

#[derive(Template)]
#[template(path = "volunteer/star_notices.html")]
struct NoticesPage {
    c: PublicChrome,
    notices: Vec<StarNotice>,
    /// The notice an objection was just lodged against, and its outcome or refusal.
    outcome: Option<(i64, Result<(), String>)>,
    message: String,
}

impl NoticesPage {
    fn hm(&self, minutes: &i64) -> String {
        hm(self.c.lang, *minutes)
    }
}

async fn notices(State(state): State<AppState>, c: PublicChrome) -> Result<Response, WebError> {
    let notices = state.app.star_notices().await?;
    Ok(render(&NoticesPage { c, notices, outcome: None, message: String::new() }))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ObjectionForm {
    message: String,
}

async fn object(
    State(state): State<AppState>,
    c: PublicChrome,
    Path(id): Path<i64>,
    Form(f): Form<ObjectionForm>,
) -> Result<Response, WebError> {
    let (status, outcome, message) = match state.app.object_to_star(id, &f.message).await {
        Ok(_) => (StatusCode::OK, Ok(()), String::new()),
        Err(e @ (AppError::Invalid(_) | AppError::Conflict(_))) => {
            let status = super::refusal_status(&e);
            (status, Err(form_errors(c.lang, e)?.messages().join(" ")), f.message)
        }
        Err(e) => return Err(e.into()),
    };
    let notices = state.app.star_notices().await?;
    Ok(render_with(status, &NoticesPage { c, notices, outcome: Some((id, outcome)), message }))
}

/// Whether an application is under way, so no other may be made.
pub(super) fn applying(applications: &[StarApplicationView]) -> bool {
    applications.iter().any(|a| a.status == "applied" || a.status == "notice")
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct ApplyForm {
    level: String,
}

impl ApplyForm {
    /// The level picked; anything else is out of range, and said so by the rule.
    pub(super) fn level(&self) -> i64 {
        self.level.trim().parse().unwrap_or(0)
    }
}

/// Where a star form returns: the record's star card, or the record page again with the
/// refusal, in the status the refusal carries.
async fn back(state: &AppState, call: PageCall, id: i64, result: Result<(), AppError>) -> Result<Response, WebError> {
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/volunteers/{id}#stars")).into_response()),
        Err(e @ (AppError::Invalid(_) | AppError::Conflict(_))) => {
            let status = super::refusal_status(&e);
            let errors = form_errors(call.user.lang, e)?;
            Ok(super::pages::record_with_star_errors(state, &call.user, id, errors, status).await?)
        }
        Err(e) => Err(e.into()),
    }
}

async fn apply(call: PageCall, Path(id): Path<i64>, Form(f): Form<ApplyForm>) -> Result<Response, WebError> {
    let state = call.state.clone();
    let result = state.app.apply_for_star(&call.user.auth.actor, id, f.level()).await.map(|_| ());
    back(&state, call, id, result).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ReviewForm {
    decision: String,
    reason: String,
}

async fn review(
    call: PageCall,
    Path((id, application)): Path<(i64, i64)>,
    Form(f): Form<ReviewForm>,
) -> Result<Response, WebError> {
    let state = call.state.clone();
    let input = StarReview { decision: f.decision, reason: f.reason };
    let result = state.app.review_star_application(&call.user.auth.actor, application, input).await;
    back(&state, call, id, result).await
}

async fn award(call: PageCall, Path((id, application)): Path<(i64, i64)>) -> Result<Response, WebError> {
    let state = call.state.clone();
    let result = state.app.award_star(&call.user.auth.actor, application).await;
    back(&state, call, id, result).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct AnswerForm {
    answer: String,
}

async fn answer(
    call: PageCall,
    Path((id, objection)): Path<(i64, i64)>,
    Form(f): Form<AnswerForm>,
) -> Result<Response, WebError> {
    let state = call.state.clone();
    let result = state.app.answer_star_objection(&call.user.auth.actor, objection, &f.answer).await;
    back(&state, call, id, result).await
}
