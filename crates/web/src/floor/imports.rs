//! The import dialog: upload, a dry run with progress, the bad rows listed, then commit.
//! Jobs live in memory for an hour; the upload is parsed once and kept for the commit.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use app::community::{POST_SHEET, parse_import};
use app::organization::{ORGANIZATION_SHEET, parse_organization_sheet};
use app::sheet::SheetFormat;
use app::social_work::{CONTRIBUTION_SHEET, SOCIAL_WORKER_SHEET, parse_contribution_sheet, parse_social_worker_sheet};
use app::volunteer::{HOURS_SHEET, VOLUNTEER_SHEET, parse_hours_sheet, parse_volunteer_sheet};
use app::{Actor, AppError};
use askama::Template;
use axum::Router;
use axum::extract::{Multipart, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use domain::identity::Permission;

use super::AppState;
use super::auth::PageUser;
use super::import_jobs::{Job, Rows, Stage};
use super::limit::{HOURS_UPLOAD_LIMIT, UPLOAD_LIMIT, larger_bodies};
use super::page::{FormErrors, form_errors};
use super::problem::WebError;
use super::sheet::{ReportRow, read_rows, report_rows, template_response, uploaded_file};
use super::view::{Chrome, render, render_with};

/// Which import a request is about (`?kind=organizations`, `?kind=social-workers`,
/// `?kind=contributions&organization=7`; people and posts by default).
#[derive(serde::Deserialize, Default)]
struct KindQuery {
    #[serde(default)]
    kind: String,
    /// The employer whose staff's months an upload of contributions holds.
    organization: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Posts,
    Organizations,
    SocialWorkers,
    /// An employer's social-insurance months of its staff: one organisation's, on its page.
    Contributions,
    /// Volunteers, registered for the importer's office or organisation.
    Volunteers,
    /// Past service of volunteers, into the importer's own hours ledger.
    VolunteerHours,
}

impl Kind {
    const ALL: [Kind; 6] = [
        Kind::Posts,
        Kind::Organizations,
        Kind::SocialWorkers,
        Kind::Contributions,
        Kind::Volunteers,
        Kind::VolunteerHours,
    ];

    fn of(query: &KindQuery) -> Self {
        Self::ALL.into_iter().find(|k| k.key() == query.kind).unwrap_or(Kind::Posts)
    }

    /// The `kind` of its URLs, and the stem of its texts (`import-{key}`, `import-{key}-help`).
    fn key(self) -> &'static str {
        match self {
            Kind::Posts => "posts",
            Kind::Organizations => "organizations",
            Kind::SocialWorkers => "social-workers",
            Kind::Contributions => "contributions",
            Kind::Volunteers => "volunteers",
            Kind::VolunteerHours => "volunteer-hours",
        }
    }

    /// The permission a role grants this import with, anywhere; none for an employer's
    /// upload, which its organisation's account (or the office over it) makes.
    fn permission(self) -> Option<Permission> {
        match self {
            Kind::Posts => Some(Permission::WriteCommunity),
            Kind::Organizations => Some(Permission::RegisterOrganizations),
            Kind::SocialWorkers => Some(Permission::ManageSocialWorkers),
            Kind::Contributions => None,
            Kind::Volunteers | Kind::VolunteerHours => Some(Permission::ManageVolunteers),
        }
    }

    /// Whether the actor makes this import anywhere: by its role's permission, and
    /// volunteers and their past service also as an organisation, for itself.
    fn offered(self, actor: &Actor) -> bool {
        self.permission().is_some_and(|p| actor.has_anywhere(p))
            || (matches!(self, Kind::Volunteers | Kind::VolunteerHours) && !actor.organizations().is_empty())
    }

    /// Refuses, before any upload is read, a user who makes no such import: the kinds by
    /// the role's permission, an employer's upload by the organisation (404 without one).
    async fn allowed(self, state: &AppState, actor: &Actor, organization: Option<i64>) -> Result<(), WebError> {
        match (self.permission(), organization) {
            _ if self.offered(actor) => Ok(()),
            (Some(_), _) => Err(WebError::App(AppError::Forbidden)),
            (None, Some(id)) => Ok(state.app.staff_employer(actor, id).await.map(|_| ())?),
            (None, None) => Err(WebError::App(AppError::NotFound)),
        }
    }

    fn sheet(self) -> &'static SheetFormat {
        match self {
            Kind::Posts => &POST_SHEET,
            Kind::Organizations => &ORGANIZATION_SHEET,
            Kind::SocialWorkers => &SOCIAL_WORKER_SHEET,
            Kind::Contributions => &CONTRIBUTION_SHEET,
            Kind::Volunteers => &VOLUNTEER_SHEET,
            Kind::VolunteerHours => &HOURS_SHEET,
        }
    }

    /// The downloaded template's file name.
    fn template_name(self) -> &'static str {
        match self {
            Kind::Posts => "import-template",
            Kind::Organizations => "organizations-template",
            Kind::SocialWorkers => "social-workers-template",
            Kind::Contributions => "contributions-template",
            Kind::Volunteers => "volunteers-template",
            Kind::VolunteerHours => "volunteer-hours-template",
        }
    }
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/imports", get(form).post(upload).layer(larger_bodies(UPLOAD_LIMIT)))
        // A million rows of past service: the one import allowed a larger file.
        .route("/imports/volunteer-hours", post(upload_hours).layer(larger_bodies(HOURS_UPLOAD_LIMIT)))
        .route("/imports/template.{ext}", get(template))
        .route("/imports/{id}", get(show))
        .route("/imports/{id}/status", get(status))
        .route("/imports/{id}/commit", post(commit))
}

#[derive(Template)]
#[template(path = "floor/imports.html")]
struct UploadPage {
    c: Chrome,
    /// The imports the user's roles make: the `kind` of each.
    kinds: Vec<&'static str>,
    /// Errors of the file last uploaded, and which import it was for.
    errors: FormErrors,
    failed_kind: &'static str,
    /// The employer of an upload of contributions (the only kind then shown), as the
    /// upload's query names it.
    upload_query: String,
}

impl UploadPage {
    fn new(state: &AppState, user: &PageUser, errors: FormErrors, failed: Kind, organization: Option<i64>) -> Self {
        let actor = &user.auth.actor;
        let kinds = match organization {
            Some(_) => vec![Kind::Contributions.key()],
            None => Kind::ALL.into_iter().filter(|k| k.offered(actor)).map(Kind::key).collect(),
        };
        let upload_query = organization.map(|id| format!("&organization={id}")).unwrap_or_default();
        Self { c: Chrome::new(state, user, "/imports"), kinds, errors, failed_kind: failed.key(), upload_query }
    }
}

async fn form(
    State(state): State<AppState>,
    user: PageUser,
    Query(query): Query<KindQuery>,
) -> Result<Response, WebError> {
    let organization = query.organization.filter(|_| Kind::of(&query) == Kind::Contributions);
    if let Some(id) = organization {
        state.app.staff_employer(&user.auth.actor, id).await?;
    }
    Ok(render(&UploadPage::new(&state, &user, FormErrors::default(), Kind::Posts, organization)))
}

/// The template in the user's language, with an example row and drop-down lists.
async fn template(
    Path(ext): Path<String>,
    Query(kind): Query<KindQuery>,
    user: PageUser,
) -> Result<Response, WebError> {
    let kind = Kind::of(&kind);
    template_response(&ext, kind.template_name(), kind.sheet(), user.lang)
}

/// Runs the import in the background, counting rows into `done` and leaving the outcome
/// in `stage`.
fn spawn_run(
    state: &AppState,
    actor: Actor,
    rows: Rows,
    done: Arc<AtomicUsize>,
    stage: Arc<Mutex<Stage>>,
    dry_run: bool,
) {
    let app = state.app.clone();
    tokio::spawn(async move {
        let progress = {
            let done = Arc::clone(&done);
            move |n: usize| done.store(n, Ordering::Relaxed)
        };
        let outcome = match &rows {
            Rows::Posts(rows) => app.import_posts(&actor, rows, dry_run, &progress).await,
            Rows::Organizations(rows) => app.import_organizations(&actor, rows, dry_run, &progress).await,
            Rows::SocialWorkers(rows) => app.import_social_workers(&actor, rows, dry_run, &progress).await,
            Rows::Contributions(org, rows) => app.import_contributions(&actor, *org, rows, dry_run, &progress).await,
            Rows::Volunteers(rows) => app.import_volunteers(&actor, rows, dry_run, &progress).await,
            Rows::VolunteerHours(rows) => app.import_hours(&actor, rows, dry_run, &progress).await,
        };
        let next = match outcome {
            Ok(report) if dry_run => Stage::Checked(report),
            Ok(report) => Stage::Done(report),
            Err(e) => {
                tracing::error!(error = %e, "import failed");
                Stage::Failed
            }
        };
        if let Ok(mut slot) = stage.lock() {
            *slot = next;
        }
    });
}

/// An upload of past service, on its own route for its larger file.
async fn upload_hours(state: State<AppState>, user: PageUser, multipart: Multipart) -> Result<Response, WebError> {
    let query = KindQuery { kind: Kind::VolunteerHours.key().to_string(), organization: None };
    upload(state, user, Query(query), multipart).await
}

async fn upload(
    State(state): State<AppState>,
    user: PageUser,
    Query(query): Query<KindQuery>,
    multipart: Multipart,
) -> Result<Response, WebError> {
    let kind = Kind::of(&query);
    let organization = query.organization.filter(|_| kind == Kind::Contributions);
    kind.allowed(&state, &user.auth.actor, organization).await?;
    let parsed = match uploaded_file(multipart).await {
        Ok((name, bytes)) => {
            let rows = match kind {
                Kind::Posts => read_rows(&name, bytes, parse_import).await.map(|rows| Rows::Posts(Arc::new(rows))),
                Kind::Organizations => read_rows(&name, bytes, parse_organization_sheet)
                    .await
                    .map(|rows| Rows::Organizations(Arc::new(rows))),
                Kind::SocialWorkers => read_rows(&name, bytes, parse_social_worker_sheet)
                    .await
                    .map(|rows| Rows::SocialWorkers(Arc::new(rows))),
                Kind::Contributions => read_rows(&name, bytes, parse_contribution_sheet)
                    .await
                    .map(|rows| Rows::Contributions(organization.unwrap_or_default(), Arc::new(rows))),
                Kind::Volunteers => {
                    read_rows(&name, bytes, parse_volunteer_sheet).await.map(|rows| Rows::Volunteers(Arc::new(rows)))
                }
                Kind::VolunteerHours => {
                    read_rows(&name, bytes, parse_hours_sheet).await.map(|rows| Rows::VolunteerHours(Arc::new(rows)))
                }
            };
            rows.map(|rows| (name, rows))
        }
        Err(WebError::App(e)) => Err(e),
        Err(other) => return Err(other),
    };
    let (file_name, rows) = match parsed {
        Ok(found) => found,
        Err(e) => {
            let errors = form_errors(user.lang, e)?;
            let page = UploadPage::new(&state, &user, errors, kind, organization);
            return Ok(render_with(axum::http::StatusCode::UNPROCESSABLE_ENTITY, &page));
        }
    };
    let done = Arc::new(AtomicUsize::new(0));
    let stage = Arc::new(Mutex::new(Stage::Checking));
    let job = Job {
        owner: user.auth.actor.account_id,
        file_name,
        rows: rows.clone(),
        done: Arc::clone(&done),
        stage: Arc::clone(&stage),
        created: Instant::now(),
    };
    let id = state.imports.add(job);
    spawn_run(&state, user.auth.actor.clone(), rows, done, stage, true);
    Ok(Redirect::to(&format!("/imports/{id}")).into_response())
}

#[derive(Template)]
#[template(path = "floor/import_job.html")]
struct JobPage {
    c: Chrome,
    status: JobStatus,
    /// Where the upload came from.
    origin: String,
}

#[derive(Template)]
#[template(path = "floor/import_status.html")]
struct JobStatus {
    c: Chrome,
    id: u64,
    file_name: String,
    total: usize,
    done: usize,
    running: bool,
    progress: String,
    message: String,
    can_commit: bool,
    errors: Vec<ReportRow>,
}

fn job_status(state: &AppState, user: &PageUser, id: u64) -> Result<JobStatus, WebError> {
    let c = Chrome::new(state, user, "/imports");
    let Job { file_name, rows, done, stage, .. } =
        state.imports.get(id, user.auth.actor.account_id).ok_or(WebError::App(AppError::NotFound))?;
    let stage = stage.lock().map(|s| s.clone()).unwrap_or(Stage::Failed);
    let total = rows.len();
    let lang = user.lang;
    let (running, message, can_commit, errors) = match &stage {
        Stage::Checking => (true, c.t("import-checking").to_string(), false, Vec::new()),
        Stage::Committing => (true, c.t("import-committing").to_string(), false, Vec::new()),
        Stage::Checked(r) if r.errors.is_empty() => {
            (false, c.t1("import-checked-ok", "total", &total), true, Vec::new())
        }
        Stage::Checked(r) => (
            false,
            c.t1("import-checked-errors", "count", &r.errors.len()),
            false,
            report_rows(lang, rows.sheet(), &r.errors),
        ),
        Stage::Done(r) if r.committed => (false, c.t1("import-done", "total", &total), false, Vec::new()),
        Stage::Done(r) => (false, c.t("import-failed").to_string(), false, report_rows(lang, rows.sheet(), &r.errors)),
        Stage::Failed => (false, c.t("import-failed").to_string(), false, Vec::new()),
    };
    // A check that found errors stops before the write's share of the counter; once
    // checked or done, every row has been looked at.
    let done = match &stage {
        Stage::Checked(_) | Stage::Done(_) => total,
        _ => done.load(Ordering::Relaxed).min(total),
    };
    let progress =
        super::i18n::message(lang, "import-progress", &[("done", done.to_string()), ("total", total.to_string())]);
    Ok(JobStatus { c, id, file_name, total, done, running, progress, message, can_commit, errors })
}

async fn show(State(state): State<AppState>, user: PageUser, Path(id): Path<u64>) -> Result<Response, WebError> {
    let status = job_status(&state, &user, id)?;
    let origin = state.imports.get(id, user.auth.actor.account_id).map(|j| j.rows.origin()).unwrap_or_default();
    Ok(render(&JobPage { c: Chrome::new(&state, &user, "/imports"), status, origin }))
}

/// The status fragment htmx polls while a job runs.
async fn status(State(state): State<AppState>, user: PageUser, Path(id): Path<u64>) -> Result<Response, WebError> {
    Ok(render(&job_status(&state, &user, id)?))
}

async fn commit(State(state): State<AppState>, user: PageUser, Path(id): Path<u64>) -> Result<Response, WebError> {
    let Job { rows, done, stage, .. } =
        state.imports.get(id, user.auth.actor.account_id).ok_or(WebError::App(AppError::NotFound))?;
    {
        let mut slot = stage.lock().map_err(|_| WebError::App(AppError::Internal("import state poisoned".into())))?;
        // Only a clean dry run may be committed, and only once.
        if !matches!(&*slot, Stage::Checked(r) if r.errors.is_empty()) {
            return Ok(Redirect::to(&format!("/imports/{id}")).into_response());
        }
        *slot = Stage::Committing;
    }
    done.store(0, Ordering::Relaxed);
    spawn_run(&state, user.auth.actor.clone(), rows, done, stage, false);
    Ok(Redirect::to(&format!("/imports/{id}")).into_response())
}
