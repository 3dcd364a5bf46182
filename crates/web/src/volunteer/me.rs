//! The volunteer's own phone pages: signing up (public, waiting for approval), their hours,
//! stars and proofs, the activities open for sign-up, and the page the QR code at an
//! activity opens, where they check in and out.

use app::AppError;
use app::volunteer::{
    ActivityView, Caller, CheckOutcome, CorrectionRequestInput, CorrectionRequestView, Direction, ProofView,
    SERVICE_FIELDS, SelfRegistration, StarApplicationView, VolunteerEntry, VolunteerView,
};
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use domain::region::Level;
use serde::Deserialize;

use super::hm;
use super::pages::VolunteerForm;
use crate::floor::{
    AppState, Chrome, FormErrors, PageCall, PageUser, PublicChrome, RegionPicker, WebError, form_errors, render,
    render_with,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/volunteer", get(mine))
        .route("/volunteer/join", get(join))
        .route("/public/volunteer-registrations", post(register))
        .route("/volunteer/activities", get(activities))
        .route("/volunteer/activities/{id}/signup", post(sign_up))
        .route("/volunteer/activities/{id}/cancel", post(cancel))
        .route("/volunteer/activities/{id}/check", get(check_page).post(check))
        .route("/volunteer/corrections", post(request_correction))
        .route("/volunteer/star-applications", post(apply_for_star))
}

#[derive(Template)]
#[template(path = "volunteer/join.html")]
struct JoinPage {
    c: PublicChrome,
    f: VolunteerForm,
    username: String,
    errors: FormErrors,
    region: RegionPicker,
    fields: &'static [&'static str],
    /// Registered: the username to sign in with once approved.
    done: Option<String>,
}

fn join_page(state: &AppState, c: PublicChrome, f: VolunteerForm, username: String, errors: FormErrors) -> JoinPage {
    let region = RegionPicker::new(&state.app.regions(), c.lang, "region_code", &[], &f.region_code, Level::Village);
    JoinPage { c, f, username, errors, region, fields: &SERVICE_FIELDS, done: None }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct JoinQuery {
    /// The community whose poster the resident scanned: chosen already.
    region: String,
}

async fn join(State(state): State<AppState>, c: PublicChrome, Query(q): Query<JoinQuery>) -> Response {
    let f = VolunteerForm { region_code: q.region.trim().to_string(), ..VolunteerForm::default() };
    render(&join_page(&state, c, f, String::new(), FormErrors::default()))
}

async fn register(
    State(state): State<AppState>,
    c: PublicChrome,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let f = VolunteerForm::from_pairs(&pairs);
    let one = |key: &str| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()).unwrap_or_default();
    let input = SelfRegistration {
        volunteer: f.input(),
        username: one("username"),
        password: one("password"),
        organization_id: None,
    };
    match state.app.self_register(input).await {
        Ok(_) => {
            let mut page = join_page(&state, c, VolunteerForm::default(), String::new(), FormErrors::default());
            page.done = Some(one("username").trim().to_string());
            Ok(render(&page))
        }
        Err(e) => {
            let status = super::refusal_status(&e);
            let errors = form_errors(c.lang, e)?;
            Ok(render_with(status, &join_page(&state, c, f, one("username"), errors)))
        }
    }
}

#[derive(Template)]
#[template(path = "volunteer/mine.html")]
struct MinePage {
    c: Chrome,
    v: Option<VolunteerView>,
    signups: Vec<(ActivityView, String)>,
    entries: Vec<VolunteerEntry>,
    proofs: Vec<ProofView>,
    requests: Vec<CorrectionRequestView>,
    /// The organisers of the volunteer's entries, as (ledger, name).
    issuers: Vec<(String, String)>,
    errors: FormErrors,
    offset: i32,
    applications: Vec<StarApplicationView>,
    star_errors: FormErrors,
    /// A volunteer reviews nothing; the star card's office forms stay hidden.
    may_review: bool,
    apply_action: String,
}

impl MinePage {
    fn hm(&self, minutes: &i64) -> String {
        hm(self.c.lang, *minutes)
    }

    fn applying(&self) -> bool {
        super::stars::applying(&self.applications)
    }

    fn when(&self, a: &ActivityView) -> String {
        super::local_span(&a.starts_at, &a.ends_at, self.offset)
    }
}

async fn mine(PageCall { state, user }: PageCall) -> Result<Response, WebError> {
    Ok(render(&mine_page(&state, &user, FormErrors::default()).await?))
}

async fn mine_page(state: &AppState, user: &PageUser, errors: FormErrors) -> Result<MinePage, WebError> {
    let actor = &user.auth.actor;
    let own = state.app.own_volunteer(actor).await?;
    let (v, entries, proofs, applications) = match own {
        Some(own) => (
            Some(state.app.volunteer(actor, own.id).await?),
            state.app.volunteer_ledger(actor, own.id).await?,
            state.app.proofs_of(actor, own.id).await?,
            state.app.star_applications(actor, own.id).await?,
        ),
        None => (None, Vec::new(), Vec::new(), Vec::new()),
    };
    let signups = state.app.my_signups(actor).await?;
    let requests = state.app.correction_requests(actor).await?;
    let mut issuers: Vec<(String, String)> = Vec::new();
    for e in &entries {
        if !issuers.iter().any(|(chain, _)| *chain == e.chain) {
            issuers.push((e.chain.clone(), e.issuer.clone()));
        }
    }
    let offset = state.app.settings.utc_offset_minutes;
    let c = Chrome::new(state, user, "/volunteer");
    Ok(MinePage {
        c,
        v,
        signups,
        entries,
        proofs,
        requests,
        issuers,
        errors,
        offset,
        applications,
        star_errors: FormErrors::default(),
        may_review: false,
        apply_action: "/volunteer/star-applications".into(),
    })
}

/// The volunteer applies for a star from their own page.
async fn apply_for_star(
    PageCall { state, user }: PageCall,
    Form(f): Form<super::stars::ApplyForm>,
) -> Result<Response, WebError> {
    let actor = &user.auth.actor;
    let own = state.app.own_volunteer(actor).await?.ok_or(AppError::Forbidden)?;
    match state.app.apply_for_star(actor, own.id, f.level()).await {
        Ok(_) => Ok(Redirect::to("/volunteer#stars").into_response()),
        Err(e @ (AppError::Invalid(_) | AppError::Conflict(_))) => {
            let status = super::refusal_status(&e);
            let mut page = mine_page(&state, &user, FormErrors::default()).await?;
            page.star_errors = form_errors(user.lang, e)?;
            Ok(render_with(status, &page))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CorrectionForm {
    chain: String,
    about_seq: String,
    message: String,
}

async fn request_correction(
    PageCall { state, user }: PageCall,
    Form(f): Form<CorrectionForm>,
) -> Result<Response, WebError> {
    let input = CorrectionRequestInput {
        chain: f.chain,
        about_seq: f.about_seq.trim().trim_start_matches('#').parse().ok(),
        message: f.message,
    };
    match state.app.request_correction(&user.auth.actor, input).await {
        Ok(_) => Ok(Redirect::to("/volunteer#corrections").into_response()),
        Err(e @ AppError::Invalid(_)) => {
            let errors = form_errors(user.lang, e)?;
            Ok(render_with(StatusCode::UNPROCESSABLE_ENTITY, &mine_page(&state, &user, errors).await?))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "volunteer/open_activities.html")]
struct ActivitiesPage {
    c: Chrome,
    activities: Vec<(ActivityView, Option<String>)>,
    /// The activity a sign-up was just tried on, and its outcome or refusal.
    notice: Option<(i64, Result<String, String>)>,
    offset: i32,
}

impl ActivitiesPage {
    fn when(&self, a: &ActivityView) -> String {
        super::local_span(&a.starts_at, &a.ends_at, self.offset)
    }
}

async fn activities_page(
    state: &AppState,
    user: &PageUser,
    notice: Option<(i64, Result<String, String>)>,
) -> Result<ActivitiesPage, WebError> {
    let mine = state.app.my_signups(&user.auth.actor).await?;
    let activities = state
        .app
        .activities(None)
        .await?
        .into_iter()
        .map(|a| {
            let status = mine.iter().find(|(m, _)| m.id == a.id).map(|(_, s)| s.clone());
            (a, status)
        })
        .collect();
    let offset = state.app.settings.utc_offset_minutes;
    Ok(ActivitiesPage { c: Chrome::new(state, user, "/volunteer"), activities, notice, offset })
}

async fn activities(PageCall { state, user }: PageCall) -> Result<Response, WebError> {
    Ok(render(&activities_page(&state, &user, None).await?))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SignupForm {
    agreement: Option<String>,
}

async fn sign_up(
    PageCall { state, user }: PageCall,
    Path(id): Path<i64>,
    Form(f): Form<SignupForm>,
) -> Result<Response, WebError> {
    let (status, notice) = match state.app.sign_up(&user.auth.actor, id, f.agreement.is_some()).await {
        Ok(outcome) => (StatusCode::OK, Ok(outcome.status)),
        Err(e @ (AppError::Invalid(_) | AppError::Conflict(_))) => {
            let status = super::refusal_status(&e);
            (status, Err(form_errors(user.lang, e)?.messages().join(" ")))
        }
        Err(e) => return Err(e.into()),
    };
    Ok(render_with(status, &activities_page(&state, &user, Some((id, notice))).await?))
}

async fn cancel(PageCall { state, user }: PageCall, Path(id): Path<i64>) -> Result<Response, WebError> {
    let (status, notice) = match state.app.cancel_signup(&user.auth.actor, id).await {
        Ok(()) => (StatusCode::OK, Ok("cancelled".to_string())),
        Err(e @ AppError::Conflict(_)) => (StatusCode::CONFLICT, Err(form_errors(user.lang, e)?.messages().join(" "))),
        Err(e) => return Err(e.into()),
    };
    Ok(render_with(status, &activities_page(&state, &user, Some((id, notice))).await?))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct TokenQuery {
    t: String,
}

#[derive(Template)]
#[template(path = "volunteer/check.html")]
struct CheckPage {
    c: Chrome,
    a: ActivityView,
    token: String,
    outcome: Option<Result<CheckOutcome, String>>,
    offset: i32,
}

impl CheckPage {
    fn when(&self) -> String {
        super::local_span(&self.a.starts_at, &self.a.ends_at, self.offset)
    }

    fn at(&self, o: &CheckOutcome) -> String {
        let zone =
            chrono::FixedOffset::east_opt(self.offset * 60).unwrap_or(chrono::FixedOffset::east_opt(0).expect("UTC"));
        o.at.with_timezone(&zone).format("%H:%M:%S").to_string()
    }

    fn hm(&self, minutes: &i64) -> String {
        hm(self.c.lang, *minutes)
    }
}

async fn check_page_of(
    state: &AppState,
    user: &PageUser,
    id: i64,
    token: String,
    outcome: Option<Result<CheckOutcome, String>>,
) -> Result<CheckPage, WebError> {
    let a = state.app.activity(id).await?;
    let offset = state.app.settings.utc_offset_minutes;
    Ok(CheckPage { c: Chrome::new(state, user, "/volunteer"), a, token, outcome, offset })
}

async fn check_page(
    PageCall { state, user }: PageCall,
    Path(id): Path<i64>,
    Query(q): Query<TokenQuery>,
) -> Result<Response, WebError> {
    Ok(render(&check_page_of(&state, &user, id, q.t, None).await?))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CheckForm {
    t: String,
    direction: String,
    latitude: String,
    longitude: String,
}

async fn check(
    PageCall { state, user }: PageCall,
    Path(id): Path<i64>,
    Form(f): Form<CheckForm>,
) -> Result<Response, WebError> {
    let direction = if f.direction == "out" { Direction::Out } else { Direction::In };
    let at = f.latitude.trim().parse::<f64>().ok().zip(f.longitude.trim().parse::<f64>().ok());
    let (status, outcome) =
        match state.app.check(Caller::Account(user.auth.actor.account_id), id, direction, &f.t, at).await {
            Ok(done) => (StatusCode::OK, Ok(done)),
            Err(e @ (AppError::Invalid(_) | AppError::Conflict(_) | AppError::Forbidden)) => {
                let status = super::refusal_status(&e);
                let message = match e {
                    AppError::Forbidden => crate::floor::i18n::message(user.lang, "volc-not-volunteer", &[]),
                    other => form_errors(user.lang, other)?.messages().join(" "),
                };
                (status, Err(message))
            }
            Err(e) => return Err(e.into()),
        };
    Ok(render_with(status, &check_page_of(&state, &user, id, f.t, Some(outcome)).await?))
}
