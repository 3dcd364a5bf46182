//! Disclosure of community affairs for staff (3B): a community's calendar and what it
//! publishes, and the township's overdue alerts.

use app::AppError;
use app::governance::{DisclosureCalendar, NewDisclosure, OverdueCommunity};
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use chrono::Datelike;
use domain::identity::Permission;

use crate::floor::{AppState, Chrome, FormErrors, PageUser, WebError, form_errors, render, render_with};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/communities/{code}/disclosures", get(disclosures).post(publish))
        .route("/disclosures/overdue", get(overdue))
}

#[derive(Template)]
#[template(path = "governance/disclosures.html")]
struct DisclosuresPage {
    c: Chrome,
    calendar: DisclosureCalendar,
    can_write: bool,
    form: NewDisclosure,
    errors: FormErrors,
}

async fn disclosures_page(
    state: &AppState,
    user: &PageUser,
    code: &str,
    form: NewDisclosure,
    errors: FormErrors,
) -> Result<DisclosuresPage, AppError> {
    let actor = &user.auth.actor;
    actor.require(Permission::ReadCommunity, code, &state.app.regions())?;
    let year = state.app.settings.today().year();
    Ok(DisclosuresPage {
        c: Chrome::new(state, user, "/communities"),
        calendar: state.app.disclosure_calendar(code, year).await?,
        can_write: actor.may(Permission::WriteCommunity, code, &state.app.regions()),
        form,
        errors,
    })
}

async fn disclosures(
    State(state): State<AppState>,
    user: PageUser,
    Path(code): Path<String>,
) -> Result<Response, WebError> {
    Ok(render(&disclosures_page(&state, &user, &code, NewDisclosure::default(), FormErrors::default()).await?))
}

async fn publish(
    State(state): State<AppState>,
    user: PageUser,
    Path(code): Path<String>,
    Form(form): Form<NewDisclosure>,
) -> Result<Response, WebError> {
    match state.app.publish_disclosure(&user.auth.actor, &code, form.clone()).await {
        Ok(_) => Ok(Redirect::to(&format!("/communities/{code}/disclosures")).into_response()),
        Err(error) => {
            let errors = form_errors(user.lang, error)?;
            let page = disclosures_page(&state, &user, &code, form, errors).await?;
            Ok(render_with(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
    }
}

#[derive(Template)]
#[template(path = "governance/overdue.html")]
struct OverduePage {
    c: Chrome,
    items: Vec<OverdueCommunity>,
}

/// The overdue disclosures of every community in the user's scope: the township's alerts.
async fn overdue(State(state): State<AppState>, user: PageUser) -> Result<Response, WebError> {
    let actor = &user.auth.actor;
    let mut items = Vec::new();
    for scope in actor.regions_with(Permission::ReadCommunity) {
        items.extend(state.app.overdue_disclosures(actor, scope).await?);
    }
    Ok(render(&OverduePage { c: Chrome::new(&state, &user, "/disclosures/overdue"), items }))
}
