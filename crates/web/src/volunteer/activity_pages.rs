//! The organiser's activity pages: the list with the form that creates one, and an
//! activity's page with the QR code volunteers scan (its token changes every minute, so
//! the code is redrawn every 20 seconds), who signed up, and the check-outs to confirm.

use app::AppError;
use app::volunteer::{ActivityRoster, ActivityView, ConfirmInput, NewActivity, SERVICE_FIELDS};
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use domain::identity::Permission;
use domain::region::Level;
use serde::Deserialize;

use super::hm;
use crate::floor::{
    AppState, Chrome, FormErrors, PageCall, PageUser, RegionPicker, WebError, form_errors, qr, render, render_with,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/volunteers/activities", get(list).post(add))
        .route("/volunteers/activities/{id}", get(activity))
        .route("/volunteers/activities/{id}/qr", get(qr_fragment))
        .route("/volunteers/activities/{id}/entries/{seq}/confirm", post(confirm))
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct ActivityForm {
    region_code: String,
    title: String,
    place: String,
    service_field: String,
    starts_at: String,
    ends_at: String,
    capacity: String,
    insurance_policy: String,
    risky: Option<String>,
    large_event: Option<String>,
    outside_province: Option<String>,
    emergency_rescue: Option<String>,
    agreement_on_request: Option<String>,
    waitlist_may_check_in: Option<String>,
    latitude: String,
    longitude: String,
    radius_m: String,
}

impl ActivityForm {
    fn input(&self) -> NewActivity {
        NewActivity {
            region_code: self.region_code.clone(),
            title: self.title.clone(),
            place: self.place.clone(),
            service_field: self.service_field.clone(),
            starts_at: self.starts_at.clone(),
            ends_at: self.ends_at.clone(),
            capacity: self.capacity.trim().parse().ok(),
            risky: self.risky.is_some(),
            large_event: self.large_event.is_some(),
            outside_province: self.outside_province.is_some(),
            emergency_rescue: self.emergency_rescue.is_some(),
            agreement_on_request: self.agreement_on_request.is_some(),
            insurance_policy: self.insurance_policy.clone(),
            waitlist_may_check_in: self.waitlist_may_check_in.is_some(),
            latitude: self.latitude.trim().parse().ok(),
            longitude: self.longitude.trim().parse().ok(),
            radius_m: self.radius_m.trim().parse().ok(),
        }
    }

    /// The safeguard boxes, as (name, ticked).
    fn boxes(&self) -> [(&'static str, bool); 6] {
        [
            ("risky", self.risky.is_some()),
            ("large_event", self.large_event.is_some()),
            ("outside_province", self.outside_province.is_some()),
            ("emergency_rescue", self.emergency_rescue.is_some()),
            ("agreement_on_request", self.agreement_on_request.is_some()),
            ("waitlist_may_check_in", self.waitlist_may_check_in.is_some()),
        ]
    }
}

#[derive(Template)]
#[template(path = "volunteer/activities.html")]
struct ListPage {
    c: Chrome,
    activities: Vec<ActivityView>,
    f: ActivityForm,
    errors: FormErrors,
    region: RegionPicker,
    fields: &'static [&'static str],
    offset: i32,
}

impl ListPage {
    fn when(&self, a: &ActivityView) -> String {
        super::local_span(&a.starts_at, &a.ends_at, self.offset)
    }
}

async fn list_page(
    state: &AppState,
    user: &PageUser,
    form: Option<(ActivityForm, FormErrors)>,
) -> Result<ListPage, WebError> {
    let actor = &user.auth.actor;
    let activities = state.app.organiser_activities(actor).await?;
    let (f, errors) = form.unwrap_or_default();
    // An office organises in its regions; an organisation (no region kept) anywhere.
    let kept = actor.regions_with(Permission::ManageVolunteers);
    let region =
        RegionPicker::new(&state.app.regions(), user.lang, "region_code", &kept, &f.region_code, Level::Village);
    let offset = state.app.settings.utc_offset_minutes;
    let c = Chrome::new(state, user, "/volunteers/activities");
    Ok(ListPage { c, activities, f, errors, region, fields: &SERVICE_FIELDS, offset })
}

async fn list(PageCall { state, user }: PageCall) -> Result<Response, WebError> {
    Ok(render(&list_page(&state, &user, None).await?))
}

async fn add(PageCall { state, user }: PageCall, Form(f): Form<ActivityForm>) -> Result<Response, WebError> {
    match state.app.add_activity(&user.auth.actor, f.input()).await {
        Ok(id) => Ok(Redirect::to(&format!("/volunteers/activities/{id}")).into_response()),
        Err(e) => {
            let errors = form_errors(user.lang, e)?;
            Ok(render_with(StatusCode::UNPROCESSABLE_ENTITY, &list_page(&state, &user, Some((f, errors))).await?))
        }
    }
}

#[derive(Template)]
#[template(path = "volunteer/activity.html")]
struct ActivityPage {
    c: Chrome,
    r: ActivityRoster,
    qr: String,
    errors: FormErrors,
    offset: i32,
}

impl ActivityPage {
    fn when(&self) -> String {
        super::local_span(&self.r.activity.starts_at, &self.r.activity.ends_at, self.offset)
    }

    fn hm(&self, minutes: &i64) -> String {
        hm(self.c.lang, *minutes)
    }

    fn started(&self, at: &str) -> String {
        chrono::DateTime::parse_from_rfc3339(at).map(|t| t.format("%m-%d %H:%M").to_string()).unwrap_or_default()
    }
}

/// The QR code of the check-in page for this minute's token, and the link it holds.
async fn qr_of(state: &AppState, user: &PageUser, headers: &HeaderMap, id: i64) -> Result<String, WebError> {
    let token = state.app.checkin_token(&user.auth.actor, id).await?;
    let url = qr::public_url(state, headers, &format!("/volunteer/activities/{id}/check?t={token}"));
    Ok(format!(
        r#"<div class="qr">{}</div><p class="mono small"><a href="{url}" id="check-link">{url}</a></p>"#,
        qr::svg(&url)
    ))
}

async fn activity_page(
    state: &AppState,
    user: &PageUser,
    headers: &HeaderMap,
    id: i64,
    errors: FormErrors,
) -> Result<ActivityPage, WebError> {
    let r = state.app.activity_roster(&user.auth.actor, id).await?;
    let qr = qr_of(state, user, headers, id).await?;
    let offset = state.app.settings.utc_offset_minutes;
    Ok(ActivityPage { c: Chrome::new(state, user, "/volunteers/activities"), r, qr, errors, offset })
}

async fn activity(
    PageCall { state, user }: PageCall,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    Ok(render(&activity_page(&state, &user, &headers, id, FormErrors::default()).await?))
}

/// The code alone, for the page to redraw.
async fn qr_fragment(
    PageCall { state, user }: PageCall,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    Ok(Html(qr_of(&state, &user, &headers, id).await?).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ConfirmForm {
    minutes: String,
}

async fn confirm(
    PageCall { state, user }: PageCall,
    headers: HeaderMap,
    Path((id, seq)): Path<(i64, i64)>,
    Form(f): Form<ConfirmForm>,
) -> Result<Response, WebError> {
    let roster = state.app.activity_roster(&user.auth.actor, id).await?;
    let minutes = match f.minutes.trim() {
        "" => serde_json::Value::Null,
        typed => serde_json::Value::String(typed.to_string()),
    };
    match state.app.confirm_entry(&user.auth.actor, &roster.activity.chain, seq, ConfirmInput { minutes }).await {
        Ok(_) => Ok(Redirect::to(&format!("/volunteers/activities/{id}#entries")).into_response()),
        Err(e @ (AppError::Invalid(_) | AppError::Conflict(_))) => {
            let errors = form_errors(user.lang, e)?;
            Ok(render_with(
                StatusCode::UNPROCESSABLE_ENTITY,
                &activity_page(&state, &user, &headers, id, errors).await?,
            ))
        }
        Err(e) => Err(e.into()),
    }
}
