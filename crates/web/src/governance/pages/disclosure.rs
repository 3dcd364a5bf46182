//! Disclosure of community affairs for staff (3B): a community's calendar and what it
//! publishes, and the overdue alerts rolled up from the city down to a township.

use app::AppError;
use app::governance::{DisclosureCalendar, NewDisclosure, OverdueLevel};
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use chrono::Datelike;
use domain::identity::Permission;
use serde::Deserialize;

use crate::floor::sheet::spreadsheet_response;
use crate::floor::view::Texts;
use crate::floor::{AppState, Chrome, FormErrors, PageCall, PageUser, WebError, form_errors, render, render_with};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/communities/{code}/disclosures", get(disclosures).post(publish))
        .route("/disclosures/overdue", get(overdue))
        .route("/disclosures/overdue/export", get(export_overdue))
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

async fn disclosures(PageCall { state, user }: PageCall, Path(code): Path<String>) -> Result<Response, WebError> {
    Ok(render(&disclosures_page(&state, &user, &code, NewDisclosure::default(), FormErrors::default()).await?))
}

async fn publish(
    PageCall { state, user }: PageCall,
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
    level: OverdueLevel,
}

#[derive(Deserialize)]
struct OverdueQuery {
    /// The region to look into; the top of the user's scope when absent.
    #[serde(default)]
    within: String,
    /// xlsx or csv, for the export.
    #[serde(default)]
    format: String,
}

impl OverdueQuery {
    fn within(&self) -> Option<&str> {
        Some(self.within.trim()).filter(|w| !w.is_empty())
    }
}

/// The overdue disclosures in the user's scope, one level at a time: per county or
/// township with counts, and a township's communities with their items.
async fn overdue(PageCall { state, user }: PageCall, Query(q): Query<OverdueQuery>) -> Result<Response, WebError> {
    let level = state.app.overdue_level(&user.auth.actor, q.within()).await?;
    Ok(render(&OverduePage { c: Chrome::new(&state, &user, "/disclosures/overdue"), level }))
}

/// The rows of the level on screen as a spreadsheet: areas with their counts, or a
/// township's overdue items one per line.
async fn export_overdue(
    PageCall { state, user }: PageCall,
    Query(q): Query<OverdueQuery>,
) -> Result<Response, WebError> {
    let level = state.app.export_overdue_level(&user.auth.actor, q.within()).await?;
    let c = Texts { lang: user.lang };
    let stem = format!("overdue-disclosures-{}", level.region_code);
    if level.areas.is_empty() {
        let columns = [
            "overdue-community-code",
            "overdue-community",
            "disclosure-category",
            "disclosure-period",
            "disclosure-due",
        ]
        .map(|key| c.t(key));
        let rows: Vec<[String; 5]> = level
            .communities
            .iter()
            .flat_map(|community| {
                community.items.iter().map(|i| {
                    [
                        community.region_code.clone(),
                        community.community.clone(),
                        c.label("category", &i.category),
                        i.period.clone(),
                        i.due.to_string(),
                    ]
                })
            })
            .collect();
        spreadsheet_response(&q.format, &stem, &columns, &rows)
    } else {
        let columns = ["overdue-area-code", "overdue-area", "overdue-communities", "overdue-items"].map(|key| c.t(key));
        let rows: Vec<[String; 4]> = level
            .areas
            .iter()
            .map(|a| [a.region_code.clone(), a.name.clone(), a.communities.to_string(), a.items.to_string()])
            .collect();
        spreadsheet_response(&q.format, &stem, &columns, &rows)
    }
}
