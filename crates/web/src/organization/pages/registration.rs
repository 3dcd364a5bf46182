//! Registration applications on pages (4A): founders apply on a phone without an account
//! and follow the tracking number; the supervising unit and civil affairs act on a queue.

use app::AppError;
use app::organization::{NewRegistration, RegistrationDecision, RegistrationView};
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use domain::Violation;
use domain::identity::Permission;
use domain::money::parse_yuan;
use domain::organization::application::Step;
use domain::organization::inspection::PartyForm;
use domain::organization::{Category, OrgKind};
use domain::region::Level;
use serde::Deserialize;

use crate::floor::{
    AppState, Choice, Chrome, FormErrors, PageCall, PageUser, PublicChrome, WebError, form_errors, render, render_with,
    urlencode,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/public/registration", get(form).post(apply))
        .route("/public/registrations", get(lookup))
        .route("/public/registrations/{tracking}", get(progress))
        .route("/registration-applications", get(queue))
        .route("/registration-applications/{id}/{step}", post(act))
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct ApplyForm {
    name: String,
    kind: String,
    category: String,
    region_code: String,
    domicile: String,
    business_scope: String,
    /// Yuan as typed.
    capital: String,
    legal_representative_name: String,
    legal_representative_id_number: String,
    /// As typed; empty is none.
    party_members: String,
    party_form: String,
    contact_name: String,
    contact_phone: String,
}

#[derive(Template)]
#[template(path = "organization/public_registration.html")]
struct ApplyPage {
    c: PublicChrome,
    kinds: Vec<&'static str>,
    categories: Vec<&'static str>,
    /// The city and its counties: where an organisation may be domiciled and registered.
    regions: Vec<Choice>,
    party_forms: Vec<&'static str>,
    form: ApplyForm,
    errors: FormErrors,
}

fn apply_page(state: &AppState, c: PublicChrome, form: ApplyForm, errors: FormErrors) -> ApplyPage {
    let tree = state.app.regions();
    let regions = tree
        .at_level(Level::City)
        .into_iter()
        .flat_map(|city| std::iter::once(city).chain(tree.within(&city.code, Level::County)))
        .map(|n| Choice { value: n.code.clone(), label: n.name.clone() })
        .collect();
    ApplyPage {
        c,
        kinds: OrgKind::ALL.iter().map(|k| k.as_str()).collect(),
        categories: Category::ALL.iter().map(|k| k.as_str()).collect(),
        regions,
        party_forms: PartyForm::ALL.iter().map(|f| f.as_str()).collect(),
        form,
        errors,
    }
}

async fn form(State(state): State<AppState>, c: PublicChrome) -> Response {
    render(&apply_page(&state, c, ApplyForm::default(), FormErrors::default()))
}

async fn apply(
    State(state): State<AppState>,
    c: PublicChrome,
    Form(form): Form<ApplyForm>,
) -> Result<Response, WebError> {
    let capital = if form.capital.trim().is_empty() { Ok(0) } else { parse_yuan(&form.capital) };
    let members = match form.party_members.trim() {
        "" => Ok(0),
        text => text.parse::<i32>().map_err(|_| Violation::new("must-be-number")),
    };
    let filed = match (capital, members) {
        (Ok(registered_capital_fen), Ok(party_members)) => {
            let input = NewRegistration {
                name: form.name.clone(),
                kind: form.kind.clone(),
                category: form.category.clone(),
                region_code: form.region_code.clone(),
                domicile: form.domicile.clone(),
                business_scope: form.business_scope.clone(),
                registered_capital_fen,
                legal_representative_name: form.legal_representative_name.clone(),
                legal_representative_id_number: form.legal_representative_id_number.clone(),
                party_members,
                party_form: form.party_form.clone(),
                contact_name: form.contact_name.clone(),
                contact_phone: form.contact_phone.clone(),
            };
            state.app.file_registration(input).await
        }
        (capital, members) => Err(AppError::Invalid(
            [capital.err().map(|v| v.on("registered_capital_fen")), members.err().map(|v| v.on("party_members"))]
                .into_iter()
                .flatten()
                .collect(),
        )),
    };
    match filed {
        Ok(filed) => Ok(Redirect::to(&format!("/public/registrations/{}", filed.tracking_number)).into_response()),
        Err(error) => {
            let errors = form_errors(c.lang, error)?;
            let page = apply_page(&state, c, form, errors);
            Ok(render_with(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
    }
}

#[derive(Template)]
#[template(path = "organization/public_registration_status.html")]
struct ProgressPage {
    c: PublicChrome,
    /// None on the lookup form, or when the number typed was not found.
    application: Option<RegistrationView>,
    tracking: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct LookupQuery {
    tracking: String,
}

async fn lookup(c: PublicChrome, Query(query): Query<LookupQuery>) -> Response {
    let tracking = query.tracking.trim();
    if tracking.is_empty() {
        render(&ProgressPage { c, application: None, tracking: String::new() })
    } else {
        Redirect::to(&format!("/public/registrations/{}", urlencode(tracking))).into_response()
    }
}

async fn progress(
    State(state): State<AppState>,
    c: PublicChrome,
    Path(tracking): Path<String>,
) -> Result<Response, WebError> {
    match state.app.public_registration(&tracking).await {
        Ok(found) => Ok(render(&ProgressPage { c, application: Some(found), tracking })),
        Err(AppError::NotFound) => {
            Ok(render_with(StatusCode::NOT_FOUND, &ProgressPage { c, application: None, tracking }))
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Template)]
#[template(path = "organization/registrations.html")]
struct QueuePage {
    c: Chrome,
    items: Vec<RegistrationView>,
    /// The supervising units the user reviews for; whether the user registers.
    units: Vec<i64>,
    registers: bool,
    errors: FormErrors,
}

async fn queue_page(state: &AppState, user: &PageUser, errors: FormErrors) -> Result<QueuePage, AppError> {
    let actor = &user.auth.actor;
    Ok(QueuePage {
        c: Chrome::new(state, user, "/registration-applications"),
        items: state.app.registrations(actor).await?,
        units: actor.supervising_units(),
        registers: actor.has_anywhere(Permission::RegisterOrganizations),
        errors,
    })
}

async fn queue(State(state): State<AppState>, user: PageUser) -> Result<Response, WebError> {
    Ok(render(&queue_page(&state, &user, FormErrors::default()).await?))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ActForm {
    /// `yes` to agree, anything else to refuse.
    agree: String,
    note: String,
    uscc: String,
}

async fn act(
    PageCall { state, user }: PageCall,
    Path((id, step)): Path<(i64, String)>,
    Form(form): Form<ActForm>,
) -> Result<Response, WebError> {
    let step = match step.as_str() {
        "review" => Step::Unit,
        "decide" => Step::Registrar,
        _ => return Err(AppError::NotFound.into()),
    };
    let input = RegistrationDecision { agree: form.agree == "yes", note: form.note, uscc: form.uscc };
    match state.app.decide_registration(&user.auth.actor, id, step, input).await {
        Ok(()) => Ok(Redirect::to(&format!("/registration-applications#r{id}")).into_response()),
        Err(error) => {
            let errors = form_errors(user.lang, error)?;
            Ok(render_with(StatusCode::UNPROCESSABLE_ENTITY, &queue_page(&state, &user, errors).await?))
        }
    }
}
