//! The office's and organisations' volunteer pages: the registry with its sign-up form and
//! approvals, and a volunteer's record with stars, ledger entries, hours entered by the
//! day, and proofs issued from the organiser's ledger.

use app::AppError;
use app::paging::PageRequest;
use app::volunteer::{
    CorrectionAnswer, CorrectionRequestView, NewHours, NewProof, NewVolunteer, ProofView, SERVICE_FIELDS,
    StarApplicationView, VolunteerEntry, VolunteerList, VolunteerView,
};
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use domain::identity::Permission;
use domain::region::Level;
use serde::Deserialize;

use super::{fields_of, hm};
use crate::floor::{
    AppState, Chrome, FormErrors, PageCall, PageParams, PageUser, Pager, RegionPicker, WebError, form_errors, render,
    render_with,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/volunteers", get(list).post(register))
        .route("/volunteers/{id}", get(record))
        .route("/volunteers/{id}/approve", post(approve))
        .route("/volunteers/{id}/hours", post(record_hours))
        .route("/volunteers/{id}/proofs", post(issue_proof))
        .route("/volunteers/{id}/merge", post(merge))
        .route("/volunteers/corrections/{id}/answer", post(answer_correction))
}

/// The sign-up form as typed.
#[derive(Default, Clone)]
pub(super) struct VolunteerForm {
    pub name: String,
    pub id_number: String,
    pub phone: String,
    pub region_code: String,
    pub skills: String,
    pub availability: String,
    pub fields: Vec<String>,
    pub consent: bool,
}

impl VolunteerForm {
    /// The form from its posted pairs (service fields are ticked boxes of one name).
    pub(super) fn from_pairs(pairs: &[(String, String)]) -> Self {
        let one = |key: &str| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()).unwrap_or_default();
        Self {
            name: one("name"),
            id_number: one("id_number"),
            phone: one("phone"),
            region_code: one("region_code"),
            skills: one("skills"),
            availability: one("availability"),
            fields: fields_of(pairs),
            consent: one("consent_to_publish") == "on",
        }
    }

    pub(super) fn input(&self) -> NewVolunteer {
        NewVolunteer {
            name: self.name.clone(),
            id_number: self.id_number.clone(),
            phone: self.phone.clone(),
            region_code: self.region_code.clone(),
            skills: self.skills.clone(),
            availability: self.availability.clone(),
            service_fields: self.fields.clone(),
            consent_to_publish: self.consent,
            username: String::new(),
        }
    }

    pub(super) fn ticked(&self, field: &&str) -> bool {
        self.fields.iter().any(|f| f == field)
    }
}

#[derive(Template)]
#[template(path = "volunteer/volunteers.html")]
struct ListPage {
    c: Chrome,
    list: VolunteerList,
    pager: Pager,
    f: VolunteerForm,
    errors: FormErrors,
    region: RegionPicker,
    fields: &'static [&'static str],
    /// Whether the actor keeps volunteers (offices), else an organisation registering.
    may_approve: bool,
    /// Volunteers' requests to correct the actor's ledgers, open ones first.
    requests: Vec<CorrectionRequestView>,
    answer_errors: FormErrors,
    /// Star applications under way in the actor's regions, for the office to review.
    star_applications: Vec<StarApplicationView>,
}

async fn list_page(
    state: &AppState,
    user: &PageUser,
    page: PageRequest,
    form: Option<(VolunteerForm, FormErrors)>,
) -> Result<ListPage, WebError> {
    let actor = &user.auth.actor;
    let list = match state.app.list_volunteers(actor, page).await {
        Ok(list) => list,
        // An organisation's account keeps no region: its volunteers are on their records.
        Err(AppError::NotFound | AppError::Forbidden) if !actor.organizations().is_empty() => {
            VolunteerList { items: Vec::new(), span: app::paging::PageSpan::new(page, 50, 0) }
        }
        Err(e) => return Err(e.into()),
    };
    let (f, errors) = form.unwrap_or_default();
    let kept = actor.regions_with(Permission::ManageVolunteers);
    let region =
        RegionPicker::new(&state.app.regions(), user.lang, "region_code", &kept, &f.region_code, Level::Village);
    let pager = Pager::new(&[], &list.span);
    let mut requests = state.app.correction_requests(actor).await.unwrap_or_default();
    requests.sort_by_key(|r| r.status != "open");
    let star_applications = state.app.star_applications_to_review(actor).await?;
    Ok(ListPage {
        c: Chrome::new(state, user, "/volunteers"),
        list,
        pager,
        f,
        errors,
        region,
        fields: &SERVICE_FIELDS,
        may_approve: !kept.is_empty(),
        requests,
        answer_errors: FormErrors::default(),
        star_applications,
    })
}

async fn list(PageCall { state, user }: PageCall, Query(p): Query<PageParams>) -> Result<Response, WebError> {
    Ok(render(&list_page(&state, &user, p.request(), None).await?))
}

async fn register(
    PageCall { state, user }: PageCall,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let f = VolunteerForm::from_pairs(&pairs);
    match state.app.register_volunteer(&user.auth.actor, f.input()).await {
        Ok(id) => Ok(Redirect::to(&format!("/volunteers/{id}")).into_response()),
        Err(e) => {
            let status = super::refusal_status(&e);
            let errors = form_errors(user.lang, e)?;
            let page = list_page(&state, &user, PageRequest::new(0, 0), Some((f, errors))).await?;
            Ok(render_with(status, &page))
        }
    }
}

async fn approve(PageCall { state, user }: PageCall, Path(id): Path<i64>) -> Result<Response, WebError> {
    state.app.approve_volunteer(&user.auth.actor, id).await?;
    Ok(Redirect::to(&format!("/volunteers/{id}")).into_response())
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct HoursForm {
    minutes: String,
    served_on: String,
    description: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct ProofForm {
    responsible: String,
    handler: String,
    contact: String,
}

#[derive(Template)]
#[template(path = "volunteer/volunteer.html")]
struct RecordPage {
    c: Chrome,
    v: VolunteerView,
    entries: Vec<VolunteerEntry>,
    /// Entries not shown (the page shows the latest unless asked for all).
    hidden: usize,
    proofs: Vec<ProofView>,
    h: HoursForm,
    hours_errors: FormErrors,
    p: ProofForm,
    proof_errors: FormErrors,
    merge_errors: FormErrors,
    /// The reader may write to the record (an office or an organisation), not only read it.
    may_write: bool,
    applications: Vec<StarApplicationView>,
    star_errors: FormErrors,
    /// The reader is the office of the volunteer's region: it reviews star applications.
    may_review: bool,
    apply_action: String,
}

impl RecordPage {
    fn hm(&self, minutes: &i64) -> String {
        hm(self.c.lang, *minutes)
    }

    fn applying(&self) -> bool {
        super::stars::applying(&self.applications)
    }
}

#[derive(Default)]
struct Forms {
    hours: Option<(HoursForm, FormErrors)>,
    proof: Option<(ProofForm, FormErrors)>,
    merge: Option<FormErrors>,
    stars: Option<FormErrors>,
    all: bool,
}

/// The entries a record shows at first: the latest.
const LATEST: usize = 30;

#[derive(Deserialize, Default)]
#[serde(default)]
struct RecordQuery {
    all: bool,
}

async fn record_page(state: &AppState, user: &PageUser, id: i64, forms: Forms) -> Result<RecordPage, WebError> {
    let actor = &user.auth.actor;
    let v = state.app.volunteer(actor, id).await?;
    let mut entries = state.app.volunteer_ledger(actor, id).await?;
    let hidden = if forms.all { 0 } else { entries.len().saturating_sub(LATEST) };
    entries.truncate(entries.len() - hidden);
    let proofs = state.app.proofs_of(actor, id).await?;
    let may_review = actor.may(Permission::ManageVolunteers, &v.region_code, &state.app.regions());
    let may_write = may_review || !actor.organizations().is_empty();
    let applications = state.app.star_applications(actor, id).await?;
    let (h, hours_errors) = forms.hours.unwrap_or_else(|| {
        (HoursForm { served_on: state.app.settings.today().to_string(), ..HoursForm::default() }, FormErrors::default())
    });
    let (p, proof_errors) = forms.proof.unwrap_or_default();
    let merge_errors = forms.merge.unwrap_or_default();
    let apply_action = format!("/volunteers/{id}/star-applications");
    Ok(RecordPage {
        c: Chrome::new(state, user, "/volunteers"),
        v,
        entries,
        hidden,
        proofs,
        h,
        hours_errors,
        p,
        proof_errors,
        merge_errors,
        may_write,
        applications,
        star_errors: forms.stars.unwrap_or_default(),
        may_review,
        apply_action,
    })
}

/// The record page again after a star form was refused, with the refusal on its card.
pub(super) async fn record_with_star_errors(
    state: &AppState,
    user: &PageUser,
    id: i64,
    errors: FormErrors,
    status: StatusCode,
) -> Result<Response, WebError> {
    let forms = Forms { stars: Some(errors), ..Forms::default() };
    Ok(render_with(status, &record_page(state, user, id, forms).await?))
}

async fn record(
    PageCall { state, user }: PageCall,
    Path(id): Path<i64>,
    Query(q): Query<RecordQuery>,
) -> Result<Response, WebError> {
    Ok(render(&record_page(&state, &user, id, Forms { all: q.all, ..Forms::default() }).await?))
}

async fn record_hours(
    PageCall { state, user }: PageCall,
    Path(id): Path<i64>,
    Form(f): Form<HoursForm>,
) -> Result<Response, WebError> {
    let input = NewHours {
        minutes: serde_json::Value::String(f.minutes.clone()),
        served_on: f.served_on.clone(),
        description: f.description.clone(),
    };
    match state.app.record_hours(&user.auth.actor, id, input).await {
        Ok(_) => Ok(Redirect::to(&format!("/volunteers/{id}#entries")).into_response()),
        Err(e) => {
            let errors = form_errors(user.lang, e)?;
            let forms = Forms { hours: Some((f, errors)), ..Forms::default() };
            Ok(render_with(StatusCode::UNPROCESSABLE_ENTITY, &record_page(&state, &user, id, forms).await?))
        }
    }
}

async fn issue_proof(
    PageCall { state, user }: PageCall,
    Path(id): Path<i64>,
    Form(f): Form<ProofForm>,
) -> Result<Response, WebError> {
    let input = NewProof { responsible: f.responsible.clone(), handler: f.handler.clone(), contact: f.contact.clone() };
    match state.app.issue_proof(&user.auth.actor, id, input).await {
        Ok(proof) => Ok(Redirect::to(&format!("/volunteer-proofs/{proof}")).into_response()),
        Err(e) => {
            let status = super::refusal_status(&e);
            let errors = form_errors(user.lang, e)?;
            let forms = Forms { proof: Some((f, errors)), ..Forms::default() };
            Ok(render_with(status, &record_page(&state, &user, id, forms).await?))
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct AnswerForm {
    status: String,
    answer: String,
}

async fn answer_correction(
    PageCall { state, user }: PageCall,
    Path(id): Path<i64>,
    Form(f): Form<AnswerForm>,
) -> Result<Response, WebError> {
    let input = CorrectionAnswer { status: f.status, answer: f.answer };
    match state.app.answer_correction(&user.auth.actor, id, input).await {
        Ok(()) => Ok(Redirect::to("/volunteers#corrections").into_response()),
        Err(e @ (AppError::Invalid(_) | AppError::Conflict(_))) => {
            let mut page = list_page(&state, &user, PageRequest::new(0, 0), None).await?;
            page.answer_errors = form_errors(user.lang, e)?;
            Ok(render_with(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct MergeForm {
    merged: String,
}

async fn merge(
    PageCall { state, user }: PageCall,
    Path(id): Path<i64>,
    Form(f): Form<MergeForm>,
) -> Result<Response, WebError> {
    match state.app.merge_volunteers(&user.auth.actor, id, &f.merged).await {
        Ok(()) => Ok(Redirect::to(&format!("/volunteers/{id}")).into_response()),
        Err(e @ (AppError::Invalid(_) | AppError::Conflict(_))) => {
            let forms = Forms { merge: Some(form_errors(user.lang, e)?), ..Forms::default() };
            Ok(render_with(StatusCode::UNPROCESSABLE_ENTITY, &record_page(&state, &user, id, forms).await?))
        }
        Err(e) => Err(e.into()),
    }
}
