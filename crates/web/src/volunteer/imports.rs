//! Volunteers and their past service imported over the API: the same checks and
//! all-or-none writes as the import page (past service: a file of up to a million rows).

use app::AppError;
use app::volunteer::{HOURS_SHEET, VOLUNTEER_SHEET, parse_hours_sheet, parse_volunteer_sheet};
use axum::Json;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use domain::identity::Permission;

use crate::floor::AppState;
use crate::floor::auth::authenticated;
use crate::floor::sheet::{ImportQuery, ImportResult, SheetUpload};
use crate::floor::{ApiCall, WebError};

/// Someone who may import volunteers or past service somewhere: an office that keeps
/// volunteers, or an organisation for itself. Checked before the file is read; which
/// regions, ledger and volunteers is the import's own check.
pub struct VolunteerImporter;

impl FromRequestParts<AppState> for VolunteerImporter {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let auth = authenticated(parts, state).await?;
        let actor = &auth.actor;
        if actor.has_anywhere(Permission::ManageVolunteers) || !actor.organizations().is_empty() {
            Ok(VolunteerImporter)
        } else {
            Err(WebError::App(AppError::Forbidden))
        }
    }
}

/// Imports past service from an .xlsx or CSV file (multipart field `file`; columns
/// volunteer number or ID number, day, minutes, description) into the caller's ledger as
/// `import` entries: a dry run unless `commit=true`; all rows or none.
#[utoipa::path(post, path = "/api/v1/volunteer-hours/import", tag = "volunteer", params(ImportQuery),
    request_body(content_type = "multipart/form-data", description = "field `file`: .xlsx or .csv in the template's columns"),
    responses((status = 200, body = ImportResult), (status = 403), (status = 413), (status = 422)))]
pub async fn import_hours(
    ApiCall { state, auth }: ApiCall,
    _: VolunteerImporter,
    upload: SheetUpload,
) -> Result<Json<ImportResult>, WebError> {
    let rows = upload.rows(parse_hours_sheet).await?;
    Ok(upload.answer(&HOURS_SHEET, &state.app.import_hours(&auth.actor, &rows, upload.dry_run, &|_| {}).await?))
}

/// Registers volunteers from an .xlsx or CSV file (multipart field `file`) for the
/// caller's office or organisation, active at once: a dry run unless `commit=true`; all
/// rows or none; a person registered already is named on their row.
#[utoipa::path(post, path = "/api/v1/volunteers/import", tag = "volunteer", params(ImportQuery),
    request_body(content_type = "multipart/form-data", description = "field `file`: .xlsx or .csv in the template's columns"),
    responses((status = 200, body = ImportResult), (status = 403), (status = 413), (status = 422)))]
pub async fn import_volunteers(
    ApiCall { state, auth }: ApiCall,
    _: VolunteerImporter,
    upload: SheetUpload,
) -> Result<Json<ImportResult>, WebError> {
    let rows = upload.rows(parse_volunteer_sheet).await?;
    Ok(upload
        .answer(&VOLUNTEER_SHEET, &state.app.import_volunteers(&auth.actor, &rows, upload.dry_run, &|_| {}).await?))
}
