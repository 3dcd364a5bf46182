//! Social organisations for the public, without login and phone-first (4D): search by
//! name or USCC, an organisation's registration facts, and complaints followed by their
//! tracking number.

use app::organization::{ComplaintView, ListedOrganization, NewComplaint, OrganizationView, PublicOrganization};
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use domain::organization::inspection::ListStatus;
use serde::Deserialize;

use crate::floor::{AppState, FormErrors, PublicChrome, WebError, form_errors, render, render_with, urlencode};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/public/organizations", get(search))
        .route("/public/organizations/{id}", get(organization).post(complain))
        .route("/public/organization-lists/{list}", get(public_list))
        .route("/public/complaints", get(lookup))
        .route("/public/complaints/{tracking}", get(complaint))
}

#[derive(Deserialize, Default)]
struct SearchQuery {
    #[serde(default)]
    q: String,
}

#[derive(Template)]
#[template(path = "organization/public_organizations.html")]
struct SearchPage {
    c: PublicChrome,
    q: String,
    items: Vec<PublicOrganization>,
}

async fn search(
    State(state): State<AppState>,
    c: PublicChrome,
    Query(query): Query<SearchQuery>,
) -> Result<Response, WebError> {
    let items = state.app.search_organizations(&query.q).await?;
    Ok(render(&SearchPage { c, q: query.q, items }))
}

#[derive(Template)]
#[template(path = "organization/public_organization.html")]
struct OrganizationPage {
    c: PublicChrome,
    o: OrganizationView,
    complaint: NewComplaint,
    errors: FormErrors,
}

async fn organization(
    State(state): State<AppState>,
    c: PublicChrome,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let o = state.app.public_organization(id).await?;
    Ok(render(&OrganizationPage { c, o, complaint: NewComplaint::default(), errors: FormErrors::default() }))
}

async fn complain(
    State(state): State<AppState>,
    c: PublicChrome,
    Path(id): Path<i64>,
    Form(input): Form<NewComplaint>,
) -> Result<Response, WebError> {
    match state.app.file_complaint(id, input.clone()).await {
        Ok(filed) => Ok(Redirect::to(&format!("/public/complaints/{}", filed.tracking_number)).into_response()),
        Err(error) => {
            let errors = form_errors(c.lang, error)?;
            let o = state.app.public_organization(id).await?;
            let page = OrganizationPage { c, o, complaint: input, errors };
            Ok(render_with(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
    }
}

#[derive(Deserialize, Default)]
struct LookupQuery {
    #[serde(default)]
    tracking: String,
}

#[derive(Template)]
#[template(path = "organization/public_complaint.html")]
struct ComplaintPage {
    c: PublicChrome,
    /// None on the lookup form, or when the number typed was not found.
    complaint: Option<ComplaintView>,
    tracking: String,
}

async fn lookup(c: PublicChrome, Query(query): Query<LookupQuery>) -> Response {
    let tracking = query.tracking.trim();
    if tracking.is_empty() {
        render(&ComplaintPage { c, complaint: None, tracking: String::new() })
    } else {
        Redirect::to(&format!("/public/complaints/{}", urlencode(tracking))).into_response()
    }
}

async fn complaint(
    State(state): State<AppState>,
    c: PublicChrome,
    Path(tracking): Path<String>,
) -> Result<Response, WebError> {
    match state.app.public_complaint(&tracking).await {
        Ok(found) => Ok(render(&ComplaintPage { c, complaint: Some(found), tracking })),
        // Said on the lookup form, so the visitor can correct what they typed.
        Err(app::AppError::NotFound) => {
            Ok(render_with(StatusCode::NOT_FOUND, &ComplaintPage { c, complaint: None, tracking }))
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Template)]
#[template(path = "organization/public_org_list.html")]
struct ListPage {
    c: PublicChrome,
    list: &'static str,
    items: Vec<ListedOrganization>,
}

async fn public_list(
    State(state): State<AppState>,
    c: PublicChrome,
    Path(list): Path<String>,
) -> Result<Response, WebError> {
    let status = match ListStatus::parse(&list) {
        Some(status @ (ListStatus::Abnormal | ListStatus::Serious)) => status,
        _ => return Err(app::AppError::NotFound.into()),
    };
    let items = state.app.listed_organizations(status).await?;
    Ok(render(&ListPage { c, list: status.as_str(), items }))
}
