//! Volunteer teams led by social workers (5E): the JSON API and the office's pages — the
//! list with teams lacking a social-worker guide flagged, a team's page with its guide,
//! members joining and leaving, and the training its members received.

use app::AppError;
use app::volunteer::{GuideInput, LeaveInput, NewMember, NewTeam, NewTraining, TEAM_KINDS, TeamDetail, TeamList};
use askama::Template;
use axum::extract::{Form, Path};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use domain::identity::Permission;
use domain::region::Level;
use serde::Deserialize;

use crate::floor::{
    ApiCall, AppState, Chrome, CreatedResponse, FormErrors, JsonBody, PageCall, PageUser, PathParam, RegionPicker,
    WebError, created, form_errors, render, render_with,
};

/// The office's pages for teams: merged into the page routes next to the
/// volunteer pages (until then nothing calls it).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/volunteers/teams", get(teams_page).post(create_team_page))
        .route("/volunteers/teams/{id}", get(team_page))
        .route("/volunteers/teams/{id}/guide", post(set_guide_page))
        .route("/volunteers/teams/{id}/members", post(add_member_page))
        .route("/volunteers/teams/{id}/members/{volunteer}/leave", post(leave_page))
        .route("/volunteers/teams/{id}/trainings", post(training_page))
}

/// The teams kept in the caller's regions, those without a social-worker guide first
/// (`guided` false) and counted in `unguided`.
#[utoipa::path(get, path = "/api/v1/volunteer-teams", tag = "volunteer",
    responses((status = 200, body = TeamList), (status = 403), (status = 404)))]
pub async fn list_teams(ApiCall { state, auth }: ApiCall) -> Result<Json<TeamList>, WebError> {
    Ok(Json(state.app.list_teams(&auth.actor).await?))
}

/// Creates a team in a region the caller keeps volunteers in; its guide, if given, is a
/// social worker kept in the team's region, above it or below it.
#[utoipa::path(post, path = "/api/v1/volunteer-teams", tag = "volunteer", request_body = NewTeam,
    responses((status = 201, body = crate::floor::Created), (status = 403), (status = 404), (status = 422)))]
pub async fn create_team(ApiCall { state, auth }: ApiCall, JsonBody(input): JsonBody<NewTeam>) -> CreatedResponse {
    created(state.app.create_team(&auth.actor, input).await?)
}

/// A team with its members (current first) and their training.
#[utoipa::path(get, path = "/api/v1/volunteer-teams/{id}", tag = "volunteer", params(("id" = i64, Path)),
    responses((status = 200, body = TeamDetail), (status = 403), (status = 404)))]
pub async fn get_team(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
) -> Result<Json<TeamDetail>, WebError> {
    Ok(Json(state.app.team(&auth.actor, id).await?))
}

/// Sets or replaces the team's social-worker guide.
#[utoipa::path(put, path = "/api/v1/volunteer-teams/{id}/guide", tag = "volunteer", request_body = GuideInput,
    params(("id" = i64, Path)), responses((status = 204), (status = 403), (status = 404), (status = 422)))]
pub async fn set_guide(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
    JsonBody(input): JsonBody<GuideInput>,
) -> Result<StatusCode, WebError> {
    state.app.set_team_guide(&auth.actor, id, input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Adds an active volunteer (by id or volunteer number) to the team; one who is a current
/// member already is 409 on `volunteer`.
#[utoipa::path(post, path = "/api/v1/volunteer-teams/{id}/members", tag = "volunteer", request_body = NewMember,
    params(("id" = i64, Path)),
    responses((status = 201, body = crate::floor::Created), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn add_member(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
    JsonBody(input): JsonBody<NewMember>,
) -> CreatedResponse {
    created(state.app.add_team_member(&auth.actor, id, input).await?)
}

/// A current member leaves, on a day not before joining (422 on `left_on`).
#[utoipa::path(post, path = "/api/v1/volunteer-teams/{id}/members/{volunteer_id}/leave", tag = "volunteer",
    request_body = LeaveInput, params(("id" = i64, Path), ("volunteer_id" = i64, Path)),
    responses((status = 204), (status = 403), (status = 404), (status = 422)))]
pub async fn leave(
    ApiCall { state, auth }: ApiCall,
    PathParam((id, volunteer_id)): PathParam<(i64, i64)>,
    JsonBody(input): JsonBody<LeaveInput>,
) -> Result<StatusCode, WebError> {
    state.app.leave_team(&auth.actor, id, volunteer_id, input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Records training a member of the team received: minutes or hours, social-work skills
/// marked.
#[utoipa::path(post, path = "/api/v1/volunteer-teams/{id}/trainings", tag = "volunteer", request_body = NewTraining,
    params(("id" = i64, Path)),
    responses((status = 201, body = crate::floor::Created), (status = 403), (status = 404), (status = 422)))]
pub async fn record_training(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
    JsonBody(input): JsonBody<NewTraining>,
) -> CreatedResponse {
    created(state.app.record_training(&auth.actor, id, input).await?)
}

/// A number typed in a form: the number, or none when blank or not a number.
fn typed(text: &str) -> Option<i64> {
    text.trim().parse().ok()
}

/// Text typed where a number belongs, as JSON: blank is nothing, else the text itself (the
/// use case names what is wrong with it).
fn typed_value(text: &str) -> serde_json::Value {
    if text.trim().is_empty() { serde_json::Value::Null } else { serde_json::Value::String(text.trim().to_string()) }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct TeamForm {
    name: String,
    region_code: String,
    kind: String,
    organization_id: String,
    guide_social_worker_id: String,
    founded_on: String,
}

/// A guide a select offers: id and "name (region)".
struct GuideChoice {
    id: i64,
    label: String,
}

#[derive(Template)]
#[template(path = "volunteer/teams.html")]
struct TeamsPage {
    c: Chrome,
    list: TeamList,
    f: TeamForm,
    errors: FormErrors,
    region: RegionPicker,
    kinds: Vec<&'static str>,
    guides: Vec<GuideChoice>,
}

async fn guides(state: &AppState, user: &PageUser) -> Result<Vec<GuideChoice>, WebError> {
    let tree = state.app.regions();
    Ok(state
        .app
        .guide_choices(&user.auth.actor)
        .await?
        .into_iter()
        .map(|(id, name, code)| {
            let region = tree.get(&code).map(|n| n.name.clone()).unwrap_or(code);
            GuideChoice { id, label: format!("{name}（{region}）") }
        })
        .collect())
}

async fn teams_view(
    state: &AppState,
    user: &PageUser,
    form: Option<(TeamForm, FormErrors)>,
) -> Result<TeamsPage, WebError> {
    let list = state.app.list_teams(&user.auth.actor).await?;
    let kept = user.auth.actor.regions_with(Permission::ManageVolunteers);
    let (f, errors) = form.unwrap_or_else(|| {
        let founded_on = state.app.settings.today().to_string();
        (TeamForm { founded_on, kind: "community".into(), ..TeamForm::default() }, FormErrors::default())
    });
    let region =
        RegionPicker::new(&state.app.regions(), user.lang, "region_code", &kept, &f.region_code, Level::Village);
    Ok(TeamsPage {
        c: Chrome::new(state, user, "/volunteers/teams"),
        list,
        f,
        errors,
        region,
        kinds: TEAM_KINDS.to_vec(),
        guides: guides(state, user).await?,
    })
}

async fn teams_page(PageCall { state, user }: PageCall) -> Result<Response, WebError> {
    Ok(render(&teams_view(&state, &user, None).await?))
}

async fn create_team_page(PageCall { state, user }: PageCall, Form(f): Form<TeamForm>) -> Result<Response, WebError> {
    let input = NewTeam {
        name: f.name.clone(),
        region_code: f.region_code.clone(),
        kind: f.kind.clone(),
        organization_id: typed(&f.organization_id),
        guide_social_worker_id: typed(&f.guide_social_worker_id),
        founded_on: f.founded_on.clone(),
    };
    match state.app.create_team(&user.auth.actor, input).await {
        Ok(id) => Ok(Redirect::to(&format!("/volunteers/teams/{id}")).into_response()),
        Err(e) => {
            let errors = form_errors(user.lang, e)?;
            Ok(render_with(StatusCode::UNPROCESSABLE_ENTITY, &teams_view(&state, &user, Some((f, errors))).await?))
        }
    }
}

/// What the team page's forms send; each form fills its own fields.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct TeamPageForm {
    guide_social_worker_id: String,
    volunteer: String,
    joined_on: String,
    left_on: String,
    title: String,
    provider: String,
    hours: String,
    trained_on: String,
    social_work_skills: Option<String>,
}

#[derive(Template)]
#[template(path = "volunteer/team.html")]
struct TeamPage {
    c: Chrome,
    d: TeamDetail,
    region_name: String,
    guides: Vec<GuideChoice>,
    f: TeamPageForm,
    errors: FormErrors,
    today: String,
}

impl TeamPage {
    /// Minutes as hours with one decimal.
    fn hours(&self, minutes: &i64) -> String {
        format!("{:.1}", *minutes as f64 / 60.0)
    }
}

async fn team_view(
    state: &AppState,
    user: &PageUser,
    id: i64,
    form: Option<(TeamPageForm, FormErrors)>,
) -> Result<TeamPage, WebError> {
    let d = state.app.team(&user.auth.actor, id).await?;
    let today = state.app.settings.today().to_string();
    let (f, errors) = form.unwrap_or_else(|| {
        let f = TeamPageForm { joined_on: today.clone(), trained_on: today.clone(), ..TeamPageForm::default() };
        (f, FormErrors::default())
    });
    let region_name = state.app.regions().get(&d.team.region_code).map(|n| n.name.clone()).unwrap_or_default();
    Ok(TeamPage {
        c: Chrome::new(state, user, "/volunteers/teams"),
        region_name,
        guides: guides(state, user).await?,
        d,
        f,
        errors,
        today,
    })
}

async fn team_page(PageCall { state, user }: PageCall, Path(id): Path<i64>) -> Result<Response, WebError> {
    Ok(render(&team_view(&state, &user, id, None).await?))
}

/// Back to the team page after a form: to its `anchor`, or the page again with the errors.
async fn answer(
    state: &AppState,
    user: &PageUser,
    id: i64,
    f: TeamPageForm,
    outcome: Result<(), AppError>,
    anchor: &str,
) -> Result<Response, WebError> {
    match outcome {
        Ok(()) => Ok(Redirect::to(&format!("/volunteers/teams/{id}#{anchor}")).into_response()),
        Err(e) => {
            let errors = form_errors(user.lang, e)?;
            Ok(render_with(StatusCode::UNPROCESSABLE_ENTITY, &team_view(state, user, id, Some((f, errors))).await?))
        }
    }
}

async fn set_guide_page(
    PageCall { state, user }: PageCall,
    Path(id): Path<i64>,
    Form(f): Form<TeamPageForm>,
) -> Result<Response, WebError> {
    let input = GuideInput { guide_social_worker_id: typed(&f.guide_social_worker_id) };
    let outcome = state.app.set_team_guide(&user.auth.actor, id, input).await;
    answer(&state, &user, id, f, outcome, "guide").await
}

async fn add_member_page(
    PageCall { state, user }: PageCall,
    Path(id): Path<i64>,
    Form(f): Form<TeamPageForm>,
) -> Result<Response, WebError> {
    let input = NewMember { volunteer: typed_value(&f.volunteer), joined_on: f.joined_on.clone() };
    let outcome = state.app.add_team_member(&user.auth.actor, id, input).await.map(|_| ());
    answer(&state, &user, id, f, outcome, "members").await
}

async fn leave_page(
    PageCall { state, user }: PageCall,
    Path((id, volunteer)): Path<(i64, i64)>,
    Form(f): Form<TeamPageForm>,
) -> Result<Response, WebError> {
    let input = LeaveInput { left_on: f.left_on.clone() };
    let outcome = state.app.leave_team(&user.auth.actor, id, volunteer, input).await;
    answer(&state, &user, id, f, outcome, "members").await
}

async fn training_page(
    PageCall { state, user }: PageCall,
    Path(id): Path<i64>,
    Form(f): Form<TeamPageForm>,
) -> Result<Response, WebError> {
    let input = NewTraining {
        volunteer: typed_value(&f.volunteer),
        title: f.title.clone(),
        provider: f.provider.clone(),
        minutes: serde_json::Value::Null,
        hours: typed_value(&f.hours),
        trained_on: f.trained_on.clone(),
        social_work_skills: f.social_work_skills.is_some(),
    };
    let outcome = state.app.record_training(&user.auth.actor, id, input).await.map(|_| ());
    answer(&state, &user, id, f, outcome, "trainings").await
}
