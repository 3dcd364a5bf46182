//! Employers and their staff (5A, 5B): the organisation's current social workers with
//! their months of social insurance in arrears, and the employer's upload of those months.
//! For the organisation's own account and the office over the organisation's region.

use app::social_work::{CONTRIBUTION_SHEET, StaffList, parse_contribution_sheet};
use askama::Template;
use axum::Json;
use axum::Router;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;

use crate::floor::sheet::{ImportQuery, ImportResult, SheetUpload};
use crate::floor::{ApiCall, AppState, Chrome, FormErrors, PageCall, PathParam, WebError, render};

pub fn pages() -> Router<AppState> {
    Router::new()
        .route("/social-workers/staff", get(own_staff))
        .route("/organizations/{id}/social-workers", get(staff_page))
}

/// The caller of an employer's upload: the organisation's own account or the office over
/// it, checked from the request head, so nobody else makes the server read a file.
pub struct Employer(i64);

impl FromRequestParts<AppState> for Employer {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let call = ApiCall::from_request_parts(parts, state).await?;
        let PathParam(id) = PathParam::<i64>::from_request_parts(parts, state).await?;
        call.state.app.staff_employer(&call.auth.actor, id).await?;
        Ok(Employer(id))
    }
}

/// An organisation's current social workers: post, hire day, certificate, registration,
/// hours still due and the months of social insurance in arrears. ID numbers masked.
#[utoipa::path(get, path = "/api/v1/organizations/{id}/social-workers", tag = "social_work",
    params(("id" = i64, Path)), responses((status = 200, body = StaffList), (status = 403), (status = 404)))]
pub async fn organization_staff(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
) -> Result<Json<StaffList>, WebError> {
    Ok(Json(state.app.organization_staff(&auth.actor, id).await?))
}

/// The employer's upload of its staff's social-insurance months from an .xlsx or CSV file
/// in the template's columns (ID number, month, due and paid in yuan, day paid; multipart
/// field `file`): a dry run unless `commit=true`; all rows or none; a month recorded
/// already is replaced.
#[utoipa::path(post, path = "/api/v1/organizations/{id}/contributions/import", tag = "social_work",
    params(("id" = i64, Path), ImportQuery),
    request_body(content_type = "multipart/form-data", description = "field `file`: .xlsx or .csv in the template's columns"),
    responses((status = 200, body = ImportResult), (status = 403), (status = 404), (status = 422)))]
pub async fn import_contributions(
    ApiCall { state, auth }: ApiCall,
    Employer(id): Employer,
    upload: SheetUpload,
) -> Result<Json<ImportResult>, WebError> {
    let rows = upload.rows(parse_contribution_sheet).await?;
    let report = state.app.import_contributions(&auth.actor, id, &rows, upload.dry_run, &|_| {}).await?;
    Ok(upload.answer(&CONTRIBUTION_SHEET, &report))
}

#[derive(Template)]
#[template(path = "social_work/staff.html")]
struct StaffPage {
    c: Chrome,
    staff: StaffList,
    /// For the upload card (see `floor/import_card.html`).
    kind: &'static str,
    failed: bool,
    errors: FormErrors,
    upload_query: String,
}

/// An organisation account's own staff page.
async fn own_staff(PageCall { state: _, user }: PageCall) -> Result<Response, WebError> {
    match user.auth.actor.organizations().first() {
        Some(id) => Ok(Redirect::to(&format!("/organizations/{id}/social-workers")).into_response()),
        None => Err(WebError::App(app::AppError::NotFound)),
    }
}

async fn staff_page(PageCall { state, user }: PageCall, PathParam(id): PathParam<i64>) -> Result<Response, WebError> {
    let staff = state.app.organization_staff(&user.auth.actor, id).await?;
    let current =
        if user.auth.actor.organizations().contains(&id) { "/social-workers/staff" } else { "/organizations" };
    Ok(render(&StaffPage {
        c: Chrome::new(&state, &user, current),
        staff,
        kind: "contributions",
        failed: false,
        errors: FormErrors::default(),
        upload_query: format!("&organization={id}"),
    }))
}
