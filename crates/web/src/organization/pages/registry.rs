//! Staff pages for social organisations: the registry as the caller's scope shows it,
//! one organisation's facts with the steps staff take on it (inspection, applications,
//! support, suspension), and the complaint queue.

use app::AppError;
use app::organization::{
    AnnualReportView, ApplicationStep, ApplicationView, ComplaintClosing, ComplaintView, EvaluationView,
    NewOrganizationAccount, NewSupport, OrganizationList, OrganizationQuery, OrganizationView, SupportResult,
    SupportView, SuspensionInput,
};
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use domain::identity::Permission;
use domain::money::parse_yuan;
use domain::organization::application::Step;
use domain::organization::complaint::Finding;
use domain::organization::inspection::{Conclusion, PartyForm};
use domain::organization::{Category, OrgStatus};

use crate::floor::i18n;
use crate::floor::{
    AppState, Chrome, ConfirmForm, FormErrors, PageCall, PageParams, PageUser, Pager, WebError, form_errors, render,
    render_with,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/organizations", get(list))
        .route("/organizations/{id}", get(detail))
        .route("/organizations/{id}/annual-reports/{year}/review", post(review))
        .route("/organizations/{id}/annual-reports/{year}/conclude", post(conclude))
        .route("/organizations/{id}/applications/{application}/{step}", post(step_application))
        .route("/organizations/{id}/fund-supports", post(grant_support))
        .route("/organizations/{id}/suspension", post(suspension))
        .route("/organizations/{id}/accounts", post(create_account))
        .route("/organizations/{id}/fund-supports/{support}/result", post(support_result))
        .route("/complaints", get(complaints))
        .route("/complaints/{id}/take-up", post(take_up))
        .route("/complaints/{id}/close", post(close))
}

/// The codes of a coded field, for a filter's options.
fn codes<T: Copy>(all: &[T], as_str: fn(T) -> &'static str) -> Vec<&'static str> {
    all.iter().map(|v| as_str(*v)).collect()
}

#[derive(Template)]
#[template(path = "organization/organizations.html")]
struct ListPage {
    c: Chrome,
    query: OrganizationQuery,
    statuses: Vec<&'static str>,
    categories: Vec<&'static str>,
    list: OrganizationList,
    pager: Pager,
    can_import: bool,
}

async fn list(
    PageCall { state, user }: PageCall,
    Query(query): Query<OrganizationQuery>,
    Query(paging): Query<PageParams>,
) -> Result<Response, WebError> {
    let request = paging.request();
    let query = OrganizationQuery { page: request.page, size: request.size, ..query };
    let list = state.app.list_organizations(&user.auth.actor, &query).await?;
    let filters = [("q", query.q.as_str()), ("status", &query.status), ("category", &query.category)];
    let pager = Pager::new(&filters, &list.span);
    Ok(render(&ListPage {
        can_import: user.auth.actor.has_anywhere(Permission::RegisterOrganizations),
        c: Chrome::new(&state, &user, "/organizations"),
        statuses: codes(OrgStatus::ALL, OrgStatus::as_str),
        categories: codes(Category::ALL, Category::as_str),
        query,
        list,
        pager,
    }))
}

#[derive(Template)]
#[template(path = "organization/organization.html")]
struct DetailPage {
    c: Chrome,
    o: OrganizationView,
    complaints: Vec<ComplaintView>,
    reports: Vec<AnnualReportView>,
    applications: Vec<ApplicationView>,
    supports: Vec<SupportView>,
    evaluations: Vec<EvaluationView>,
    today: String,
    /// The caller is the organisation's own account: it files reports and applies.
    own: bool,
    /// The caller sees the organisation's social workers (its account, or the office).
    staff: bool,
    party_forms: Vec<&'static str>,
    /// The year a report is due for now.
    report_year: i32,
    /// The caller is staff of the organisation's supervising unit / its registrar.
    reviews: bool,
    concludes: bool,
    conclusions: Vec<&'static str>,
    errors: FormErrors,
}

async fn detail_page(state: &AppState, user: &PageUser, id: i64, errors: FormErrors) -> Result<DetailPage, WebError> {
    let actor = &user.auth.actor;
    let o = state.app.organization(actor, id).await?;
    // An organisation's own account does not see who complained about it.
    let complaints = state.app.complaints(actor, Some(id)).await.unwrap_or_default();
    Ok(DetailPage {
        c: Chrome::new(state, user, "/organizations"),
        reports: state.app.annual_reports(actor, id).await?,
        applications: state.app.applications(actor, id).await?,
        supports: state.app.supports(actor, id).await?,
        evaluations: state.app.evaluations(actor, id).await?,
        today: state.app.settings.today().to_string(),
        own: actor.organizations().contains(&id),
        staff: actor.organizations().contains(&id)
            || actor.may(Permission::ManageSocialWorkers, &o.region.code, &state.app.regions()),
        party_forms: codes(PartyForm::ALL, PartyForm::as_str),
        report_year: chrono::Datelike::year(&state.app.settings.today()) - 1,
        reviews: actor.supervising_units().contains(&o.supervising_unit.id),
        concludes: actor.may(Permission::RegisterOrganizations, &o.region.code, &state.app.regions()),
        conclusions: codes(Conclusion::ALL, Conclusion::as_str),
        o,
        complaints,
        errors,
    })
}

async fn detail(State(state): State<AppState>, user: PageUser, Path(id): Path<i64>) -> Result<Response, WebError> {
    Ok(render(&detail_page(&state, &user, id, FormErrors::default()).await?))
}

/// Back to the organisation's page, or the page again with the form's errors.
pub(super) async fn after_step(
    state: &AppState,
    user: &PageUser,
    id: i64,
    done: Result<(), AppError>,
) -> Result<Response, WebError> {
    match done {
        Ok(()) => Ok(Redirect::to(&format!("/organizations/{id}")).into_response()),
        Err(error) => {
            let errors = form_errors(user.lang, error)?;
            Ok(render_with(StatusCode::UNPROCESSABLE_ENTITY, &detail_page(state, user, id, errors).await?))
        }
    }
}

/// The unit's review (`review`) or the registrar's decision (`decide`) on an application.
async fn step_application(
    PageCall { state, user }: PageCall,
    Path((id, application, step)): Path<(i64, i64, String)>,
    Form(form): Form<StepForm>,
) -> Result<Response, WebError> {
    let step = match step.as_str() {
        "review" => Step::Unit,
        "decide" => Step::Registrar,
        _ => return Err(AppError::NotFound.into()),
    };
    let input = ApplicationStep { agree: form.agree == "yes", note: form.note };
    let done = state.app.decide_application(&user.auth.actor, application, step, input).await;
    after_step(&state, &user, id, done).await
}

#[derive(serde::Deserialize)]
struct StepForm {
    /// `yes` to agree, anything else to refuse.
    #[serde(default)]
    agree: String,
    #[serde(default)]
    note: String,
}

#[derive(serde::Deserialize)]
struct ReviewForm {
    #[serde(default)]
    opinion: String,
}

async fn review(
    PageCall { state, user }: PageCall,
    Path((id, year)): Path<(i64, i32)>,
    Form(form): Form<ReviewForm>,
) -> Result<Response, WebError> {
    let done = state.app.review_annual_report(&user.auth.actor, id, year, &form.opinion).await;
    after_step(&state, &user, id, done).await
}

#[derive(serde::Deserialize)]
struct ConcludeForm {
    #[serde(default)]
    conclusion: String,
}

async fn conclude(
    PageCall { state, user }: PageCall,
    Path((id, year)): Path<(i64, i32)>,
    Form(form): Form<ConcludeForm>,
) -> Result<Response, WebError> {
    let done = state.app.conclude_annual_report(&user.auth.actor, id, year, &form.conclusion).await;
    after_step(&state, &user, id, done).await
}

#[derive(serde::Deserialize)]
struct SupportForm {
    /// Yuan as typed.
    #[serde(default)]
    amount: String,
    #[serde(default)]
    purpose: String,
    #[serde(default)]
    granted_on: String,
}

async fn grant_support(
    PageCall { state, user }: PageCall,
    Path(id): Path<i64>,
    Form(form): Form<SupportForm>,
) -> Result<Response, WebError> {
    let done = match parse_yuan(&form.amount) {
        Ok(amount_fen) => {
            let input = NewSupport { amount_fen, purpose: form.purpose, granted_on: form.granted_on };
            state.app.grant_support(&user.auth.actor, id, input).await.map(|_| ())
        }
        Err(violation) => Err(AppError::invalid("amount_fen", violation)),
    };
    after_step(&state, &user, id, done).await
}

async fn support_result(
    PageCall { state, user }: PageCall,
    Path((id, support)): Path<(i64, i64)>,
    Form(form): Form<SupportResult>,
) -> Result<Response, WebError> {
    let done = state.app.record_support_result(&user.auth.actor, support, form).await;
    after_step(&state, &user, id, done).await
}

#[derive(serde::Deserialize)]
struct SuspensionForm {
    /// `yes` to suspend, anything else to let it resume.
    #[serde(default)]
    suspend: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    decided_on: String,
}

async fn suspension(
    PageCall { state, user }: PageCall,
    Path(id): Path<i64>,
    confirm: ConfirmForm<SuspensionForm>,
) -> Result<Response, WebError> {
    // Resuming undoes an order; ordering one is recorded as a penalty for good.
    if confirm.form.suspend == "yes" && !confirm.confirmed {
        let o = state.app.organization(&user.auth.actor, id).await?;
        let consequence = i18n::message(user.lang, "confirm-suspend", &[("name", o.name.clone())]);
        let label = i18n::message(user.lang, "suspension-suspend", &[]);
        let (action, back) = (format!("/organizations/{id}/suspension"), format!("/organizations/{id}#suspension"));
        return Ok(confirm.ask(Chrome::new(&state, &user, "/organizations"), label, consequence, &action, &back));
    }
    let form = confirm.form;
    let input = SuspensionInput { suspend: form.suspend == "yes", reason: form.reason, decided_on: form.decided_on };
    let done = state.app.set_suspension(&user.auth.actor, id, input).await;
    after_step(&state, &user, id, done).await
}

/// The registrar gives the organisation its own login (for its reports and applications).
async fn create_account(
    PageCall { state, user }: PageCall,
    Path(id): Path<i64>,
    Form(form): Form<NewOrganizationAccount>,
) -> Result<Response, WebError> {
    let done = state.app.create_organization_account(&user.auth.actor, id, form).await.map(|_| ());
    after_step(&state, &user, id, done).await
}

#[derive(Template)]
#[template(path = "organization/complaints.html")]
struct QueuePage {
    c: Chrome,
    items: Vec<ComplaintView>,
    findings: Vec<&'static str>,
    /// The complaint whose closing form came back with errors, and the errors.
    failed: Option<(i64, ComplaintClosing)>,
    errors: FormErrors,
}

impl QueuePage {
    /// What was typed into complaint `id`'s closing form, if that form came back.
    fn typed(&self, id: &i64) -> Option<&ComplaintClosing> {
        self.failed.as_ref().filter(|(failed, _)| failed == id).map(|(_, typed)| typed)
    }
}

async fn queue(
    state: &AppState,
    user: &PageUser,
    failed: Option<(i64, ComplaintClosing)>,
    errors: FormErrors,
) -> Result<QueuePage, WebError> {
    Ok(QueuePage {
        c: Chrome::new(state, user, "/complaints"),
        items: state.app.complaints(&user.auth.actor, None).await?,
        findings: codes(Finding::ALL, Finding::as_str),
        failed,
        errors,
    })
}

async fn complaints(State(state): State<AppState>, user: PageUser) -> Result<Response, WebError> {
    Ok(render(&queue(&state, &user, None, FormErrors::default()).await?))
}

async fn take_up(State(state): State<AppState>, user: PageUser, Path(id): Path<i64>) -> Result<Response, WebError> {
    state.app.take_up_complaint(&user.auth.actor, id).await?;
    Ok(Redirect::to(&format!("/complaints#c{id}")).into_response())
}

async fn close(
    PageCall { state, user }: PageCall,
    Path(id): Path<i64>,
    Form(input): Form<ComplaintClosing>,
) -> Result<Response, WebError> {
    match state.app.close_complaint(&user.auth.actor, id, input.clone()).await {
        Ok(()) => Ok(Redirect::to(&format!("/complaints#c{id}")).into_response()),
        Err(error) => {
            let errors = form_errors(user.lang, error)?;
            let page = queue(&state, &user, Some((id, input)), errors).await?;
            Ok(render_with(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
    }
}
