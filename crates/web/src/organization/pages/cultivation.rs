//! Cultivation pages (4B): the counts per county and year, incubation bases with the groups
//! they host, and the community-level organisations townships file.

use app::organization::{
    BaseView, CultivationRow, FilingView, GraduationInput, NewBase, NewFiling, NewStay, OrganizationQuery, StayView,
};
use app::{Actor, AppError};
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::Datelike;
use domain::identity::Permission;
use domain::money::yuan;
use domain::organization::cultivation::Graduation;
use domain::organization::{Category, PriorityKind};
use domain::region::Level;
use serde::Deserialize;

use crate::floor::{
    AppState, Choice, Chrome, FormErrors, PageCall, PageUser, RegionPicker, WebError, form_errors, region_choices,
    render, render_with,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/cultivation", get(overview))
        .route("/cultivation/bases", post(open_base))
        .route("/cultivation/bases/{id}", get(base))
        .route("/cultivation/bases/{id}/stays", post(enter))
        .route("/cultivation/bases/{id}/stays/{stay}/graduate", post(graduate))
        .route("/community-organizations", get(filings).post(file))
}

#[derive(Template)]
#[template(path = "organization/cultivation.html")]
struct OverviewPage {
    c: Chrome,
    year: i32,
    years: Vec<i32>,
    kinds: Vec<&'static str>,
    rows: Vec<CultivationRow>,
    bases: Vec<BaseView>,
    /// Regions where the user may open a base; empty: no form.
    regions: Vec<Choice>,
    form: BaseForm,
    errors: FormErrors,
}

impl OverviewPage {
    fn yuan(&self, fen: &i64) -> String {
        yuan(*fen)
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct YearQuery {
    year: Option<i32>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct BaseForm {
    name: String,
    region_code: String,
    operator: String,
    address: String,
    opened_on: String,
}

async fn overview_page(
    state: &AppState,
    user: &PageUser,
    year: Option<i32>,
    form: BaseForm,
    errors: FormErrors,
) -> Result<OverviewPage, AppError> {
    let actor = &user.auth.actor;
    let this_year = state.app.settings.today().year();
    let year = year.filter(|y| (this_year - 30..=this_year).contains(y)).unwrap_or(this_year);
    Ok(OverviewPage {
        c: Chrome::new(state, user, "/cultivation"),
        years: (this_year - 5..=this_year).rev().collect(),
        kinds: PriorityKind::ALL.iter().map(|k| k.as_str()).collect(),
        rows: state.app.cultivation_counts(actor, year).await?,
        bases: state.app.incubation_bases(actor).await?,
        regions: region_choices(state, actor, Permission::RegisterOrganizations),
        year,
        form,
        errors,
    })
}

async fn overview(PageCall { state, user }: PageCall, Query(query): Query<YearQuery>) -> Result<Response, WebError> {
    Ok(render(&overview_page(&state, &user, query.year, BaseForm::default(), FormErrors::default()).await?))
}

async fn open_base(PageCall { state, user }: PageCall, Form(form): Form<BaseForm>) -> Result<Response, WebError> {
    let input = NewBase {
        name: form.name.clone(),
        region_code: form.region_code.clone(),
        operator: form.operator.clone(),
        address: form.address.clone(),
        opened_on: form.opened_on.clone(),
    };
    match state.app.open_incubation_base(&user.auth.actor, input).await {
        Ok(id) => Ok(Redirect::to(&format!("/cultivation/bases/{id}")).into_response()),
        Err(error) => {
            let errors = form_errors(user.lang, error)?;
            let page = overview_page(&state, &user, None, form, errors).await?;
            Ok(render_with(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
    }
}

#[derive(Template)]
#[template(path = "organization/incubation_base.html")]
struct BasePage {
    c: Chrome,
    base: BaseView,
    stays: Vec<StayView>,
    /// The user registers organisations in the base's region.
    manages: bool,
    outcomes: Vec<&'static str>,
    today: String,
    form: StayForm,
    errors: FormErrors,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct StayForm {
    name: String,
    /// A registered organisation, by its code (resolved to its id).
    uscc: String,
    entered_on: String,
    note: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct GraduateForm {
    graduated_on: String,
    outcome: String,
    uscc: String,
}

async fn base_page(
    state: &AppState,
    user: &PageUser,
    id: i64,
    form: StayForm,
    errors: FormErrors,
) -> Result<BasePage, AppError> {
    let actor = &user.auth.actor;
    let (base, stays) = state.app.incubation_base(actor, id).await?;
    Ok(BasePage {
        c: Chrome::new(state, user, "/cultivation"),
        manages: actor.may(Permission::RegisterOrganizations, &base.region_code, &state.app.regions()),
        outcomes: Graduation::ALL.iter().map(|g| g.as_str()).collect(),
        today: state.app.settings.today().to_string(),
        base,
        stays,
        form,
        errors,
    })
}

async fn base(State(state): State<AppState>, user: PageUser, Path(id): Path<i64>) -> Result<Response, WebError> {
    Ok(render(&base_page(&state, &user, id, StayForm::default(), FormErrors::default()).await?))
}

/// The id of the organisation a typed USCC names, among those the user sees; a blank code
/// names none.
async fn organization_by_code(state: &AppState, actor: &Actor, uscc: &str) -> Result<Option<i64>, AppError> {
    let code = uscc.trim().to_uppercase();
    if code.is_empty() {
        return Ok(None);
    }
    let query = OrganizationQuery { q: code.clone(), ..Default::default() };
    let found = state.app.list_organizations(actor, &query).await?;
    match found.items.into_iter().find(|o| o.uscc == code) {
        Some(org) => Ok(Some(org.id)),
        None => Err(AppError::invalid("organization_id", domain::Violation::new("organization-unknown"))),
    }
}

/// Back to the base's page, or the page again with the form's errors.
async fn after_base_step(
    state: &AppState,
    user: &PageUser,
    id: i64,
    form: StayForm,
    done: Result<(), AppError>,
) -> Result<Response, WebError> {
    match done {
        Ok(()) => Ok(Redirect::to(&format!("/cultivation/bases/{id}")).into_response()),
        Err(error) => {
            let errors = form_errors(user.lang, error)?;
            Ok(render_with(StatusCode::UNPROCESSABLE_ENTITY, &base_page(state, user, id, form, errors).await?))
        }
    }
}

async fn enter(
    PageCall { state, user }: PageCall,
    Path(id): Path<i64>,
    Form(form): Form<StayForm>,
) -> Result<Response, WebError> {
    let actor = &user.auth.actor;
    let done = match organization_by_code(&state, actor, &form.uscc).await {
        Ok(organization_id) => {
            let input = NewStay {
                name: form.name.clone(),
                organization_id,
                entered_on: form.entered_on.clone(),
                note: form.note.clone(),
            };
            state.app.enter_incubation(actor, id, input).await.map(|_| ())
        }
        Err(error) => Err(error),
    };
    after_base_step(&state, &user, id, form, done).await
}

async fn graduate(
    PageCall { state, user }: PageCall,
    Path((id, stay)): Path<(i64, i64)>,
    Form(form): Form<GraduateForm>,
) -> Result<Response, WebError> {
    let actor = &user.auth.actor;
    let done = match organization_by_code(&state, actor, &form.uscc).await {
        Ok(organization_id) => {
            let input = GraduationInput { graduated_on: form.graduated_on, outcome: form.outcome, organization_id };
            state.app.graduate_incubation(actor, stay, input).await
        }
        Err(error) => Err(error),
    };
    after_base_step(&state, &user, id, StayForm::default(), done).await
}

#[derive(Template)]
#[template(path = "organization/community_organizations.html")]
struct FilingsPage {
    c: Chrome,
    region_name: String,
    items: Vec<FilingView>,
    /// The township the user files for; none: no form.
    township: Option<String>,
    /// The township and its communities, for the form.
    place: Option<RegionPicker>,
    categories: Vec<&'static str>,
    form: FilingForm,
    errors: FormErrors,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct FilingForm {
    name: String,
    region_code: String,
    category: String,
    leader: String,
    members: String,
    activities: String,
}

async fn filings_page(
    state: &AppState,
    user: &PageUser,
    form: FilingForm,
    errors: FormErrors,
) -> Result<FilingsPage, AppError> {
    let actor = &user.auth.actor;
    let tree = state.app.regions();
    let home = actor.home_region().ok_or(AppError::NotFound)?.to_string();
    let node = tree.get(&home).ok_or(AppError::NotFound)?;
    let township =
        (node.level == Level::Township && actor.may(Permission::WriteCommunity, &home, &tree)).then(|| home.clone());
    // A township files for itself or one of its villages.
    let place = township.as_ref().map(|code| {
        RegionPicker::new(&tree, user.lang, "region_code", &[code.as_str()], &form.region_code, Level::Village)
    });
    Ok(FilingsPage {
        c: Chrome::new(state, user, "/community-organizations"),
        region_name: node.name.clone(),
        items: state.app.community_organizations(actor, &home).await?,
        township,
        place,
        categories: Category::ALL.iter().map(|c| c.as_str()).collect(),
        form,
        errors,
    })
}

async fn filings(State(state): State<AppState>, user: PageUser) -> Result<Response, WebError> {
    Ok(render(&filings_page(&state, &user, FilingForm::default(), FormErrors::default()).await?))
}

async fn file(PageCall { state, user }: PageCall, Form(form): Form<FilingForm>) -> Result<Response, WebError> {
    let actor = &user.auth.actor;
    let township = actor.home_region().unwrap_or_default().to_string();
    let input = NewFiling {
        name: form.name.clone(),
        region_code: form.region_code.clone(),
        category: form.category.clone(),
        leader: form.leader.clone(),
        // Not a number: refused by the same check as zero members.
        members: form.members.trim().parse().unwrap_or(0),
        activities: form.activities.clone(),
    };
    match state.app.file_community_organization(actor, &township, input).await {
        Ok(_) => Ok(Redirect::to("/community-organizations").into_response()),
        Err(error) => {
            let errors = form_errors(user.lang, error)?;
            Ok(render_with(StatusCode::UNPROCESSABLE_ENTITY, &filings_page(&state, &user, form, errors).await?))
        }
    }
}
