use app::AppError;
use app::community::{CommunityDetail, CommunityList, NewPost, ProfileInput};
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use domain::community::{BodyKind, Employment};
use domain::identity::Permission;
use domain::region::Level;
use serde::Deserialize;

use super::api::ListQuery;
use crate::floor::i18n;
use crate::floor::sheet::{headers, spreadsheet_response};
use crate::floor::{
    AppState, Chrome, ConfirmForm, FormErrors, PageCall, PageParams, PageUser, Pager, RegionPicker, WebError,
    form_errors, render, render_with,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/communities", get(list))
        .route("/communities/{code}", get(detail))
        .route("/communities/{code}/profile", post(save_profile))
        .route("/communities/{code}/posts", post(add_post))
        .route("/communities/{code}/posts/{id}/end", post(end_post))
        .route("/communities/{code}/persons/{id}/reveal", post(reveal))
        .route("/communities/export", get(export))
        .route("/communities/list-export", get(export_list))
}

#[derive(Template)]
#[template(path = "community/communities.html")]
struct ListPage {
    c: Chrome,
    q: String,
    within: String,
    /// Where the list is: any region down to a township.
    region: RegionPicker,
    list: CommunityList,
    pager: Pager,
    can_export: bool,
}

async fn list(
    PageCall { state, user }: PageCall,
    Query(query): Query<ListQuery>,
    Query(paging): Query<PageParams>,
) -> Result<Response, WebError> {
    let list = state.app.list_communities(&user.auth.actor, &query.q, &query.within, paging.request()).await?;
    let scopes = user.auth.actor.regions_with(Permission::ReadCommunity);
    let region = RegionPicker::new(&state.app.regions(), user.lang, "within", &scopes, &query.within, Level::Township);
    let pager = Pager::new(&[("q", &query.q), ("within", &query.within)], &list.span);
    let page = ListPage {
        can_export: user.auth.actor.has_anywhere(Permission::ExportData),
        c: Chrome::new(&state, &user, "/communities"),
        q: query.q,
        within: query.within,
        region,
        list,
        pager,
    };
    Ok(render(&page))
}

/// The values typed into the add-person form, kept when it comes back with errors.
#[derive(Deserialize, Default, Clone)]
struct PostForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    id_number: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    employment: String,
    #[serde(default)]
    started_on: String,
}

#[derive(Deserialize, Default, Clone)]
struct ProfileForm {
    #[serde(default)]
    urban: Option<String>,
    #[serde(default)]
    households: String,
    #[serde(default)]
    population: String,
    #[serde(default)]
    address: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    contact_person: String,
}

#[derive(Template)]
#[template(path = "community/community.html")]
struct DetailPage {
    c: Chrome,
    d: CommunityDetail,
    can_write: bool,
    can_reveal: bool,
    saved: bool,
    profile: ProfileForm,
    profile_errors: FormErrors,
    post: PostForm,
    post_errors: FormErrors,
    bodies: Vec<(String, Vec<String>)>,
    employments: Vec<String>,
}

#[derive(Deserialize, Default)]
struct DetailQuery {
    #[serde(default)]
    saved: Option<String>,
}

fn profile_form(d: &CommunityDetail) -> ProfileForm {
    ProfileForm {
        urban: d.urban.then(|| "on".into()),
        households: d.households.to_string(),
        population: d.population.to_string(),
        address: d.address.clone(),
        phone: d.phone.clone(),
        contact_person: d.contact_person.clone(),
    }
}

async fn detail_page(
    state: &AppState,
    user: &PageUser,
    code: &str,
    profile: Option<(ProfileForm, FormErrors)>,
    post: Option<(PostForm, FormErrors)>,
    saved: bool,
) -> Result<DetailPage, WebError> {
    let actor = &user.auth.actor;
    let d = state.app.community(actor, code).await?;
    let tree = state.app.regions();
    let kinds = BodyKind::for_unit(d.urban);
    let bodies = kinds
        .iter()
        .map(|k| (k.as_str().to_string(), k.titles().iter().map(|t| t.as_str().to_string()).collect()))
        .collect();
    let (profile, profile_errors) = profile.unwrap_or_else(|| (profile_form(&d), FormErrors::default()));
    let (post, post_errors) = post.unwrap_or_default();
    Ok(DetailPage {
        c: Chrome::new(state, user, "/communities"),
        can_write: actor.may(Permission::WriteCommunity, code, &tree),
        can_reveal: actor.may(Permission::RevealPersonalData, code, &tree),
        saved,
        profile,
        profile_errors,
        post,
        post_errors,
        bodies,
        employments: Employment::ALL.iter().map(|e| e.as_str().to_string()).collect(),
        d,
    })
}

async fn detail(
    PageCall { state, user }: PageCall,
    Path(code): Path<String>,
    Query(q): Query<DetailQuery>,
) -> Result<Response, WebError> {
    Ok(render(&detail_page(&state, &user, &code, None, None, q.saved.is_some()).await?))
}

async fn save_profile(
    PageCall { state, user }: PageCall,
    Path(code): Path<String>,
    Form(form): Form<ProfileForm>,
) -> Result<Response, WebError> {
    let parse = |text: &str, field: &str| {
        text.trim().parse::<i64>().map_err(|_| domain::Violation::new("must-be-number").on(field))
    };
    let outcome = match (parse(&form.households, "households"), parse(&form.population, "population")) {
        (Ok(households), Ok(population)) => {
            let input = ProfileInput {
                urban: form.urban.is_some(),
                households,
                population,
                address: form.address.clone(),
                phone: form.phone.clone(),
                contact_person: form.contact_person.clone(),
            };
            state.app.update_profile(&user.auth.actor, &code, input).await
        }
        (a, b) => Err(app::AppError::Invalid([a.err(), b.err()].into_iter().flatten().collect())),
    };
    match outcome {
        Ok(()) => Ok(Redirect::to(&format!("/communities/{code}?saved=1")).into_response()),
        Err(e) => {
            let errors = form_errors(user.lang, e)?;
            let page = detail_page(&state, &user, &code, Some((form, errors)), None, false).await?;
            Ok(render_with(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
    }
}

async fn add_post(
    PageCall { state, user }: PageCall,
    Path(code): Path<String>,
    Form(form): Form<PostForm>,
) -> Result<Response, WebError> {
    let input = NewPost {
        name: form.name.clone(),
        id_number: form.id_number.clone(),
        phone: form.phone.clone(),
        body: form.body.clone(),
        title: form.title.clone(),
        employment: form.employment.clone(),
        started_on: form.started_on.clone(),
    };
    match state.app.add_post(&user.auth.actor, &code, input).await {
        Ok(_) => Ok(Redirect::to(&format!("/communities/{code}?saved=1#bodies")).into_response()),
        Err(e) => {
            let errors = form_errors(user.lang, e)?;
            let page = detail_page(&state, &user, &code, None, Some((form, errors)), false).await?;
            Ok(render_with(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
    }
}

#[derive(Deserialize)]
struct EndForm {
    #[serde(default)]
    ended_on: String,
}

async fn end_post(
    PageCall { state, user }: PageCall,
    Path((code, id)): Path<(String, i64)>,
    confirm: ConfirmForm<EndForm>,
) -> Result<Response, WebError> {
    if !confirm.confirmed {
        let detail = state.app.community(&user.auth.actor, &code).await?;
        let held = detail.bodies.iter().flat_map(|b| &b.posts).find(|p| p.id == id).ok_or(AppError::NotFound)?;
        let args = [
            ("person", held.name.clone()),
            ("post", i18n::message(user.lang, &format!("title-{}", held.title), &[])),
            ("day", confirm.form.ended_on.clone()),
        ];
        let consequence = i18n::message(user.lang, "confirm-end-post", &args);
        let label = i18n::message(user.lang, "action-end", &[]);
        let (action, back) = (format!("/communities/{code}/posts/{id}/end"), format!("/communities/{code}#bodies"));
        return Ok(confirm.ask(Chrome::new(&state, &user, "/communities"), label, consequence, &action, &back));
    }
    state.app.end_post(&user.auth.actor, &code, id, &confirm.form.ended_on).await?;
    Ok(Redirect::to(&format!("/communities/{code}?saved=1#bodies")).into_response())
}

/// Answers htmx with the full number in place of the masked one.
async fn reveal(
    PageCall { state, user }: PageCall,
    Path((code, id)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    let number = state.app.reveal_id_number(&user.auth.actor, &code, id).await?;
    Ok(Html(format!("<span class=\"mono\">{number}</span>")).into_response())
}

#[derive(Deserialize, Default)]
struct ExportQuery {
    #[serde(default)]
    format: String,
    #[serde(default)]
    code: String,
}

async fn export(PageCall { state, user }: PageCall, Query(q): Query<ExportQuery>) -> Result<Response, WebError> {
    let code = Some(q.code.as_str()).filter(|c| !c.is_empty());
    let rows = state.app.export_rows(&user.auth.actor, code).await?;
    let columns = app::community::POST_SHEET.headers(app::sheet::Language::Chinese);
    spreadsheet_response(&q.format, code.unwrap_or("posts"), &columns, &rows)
}

#[derive(Deserialize, Default)]
struct ListExportQuery {
    #[serde(default)]
    format: String,
}

/// The list as filtered on the page, every page of it; audited.
async fn export_list(
    PageCall { state, user }: PageCall,
    Query(query): Query<ListQuery>,
    Query(download): Query<ListExportQuery>,
) -> Result<Response, WebError> {
    let rows: Vec<[String; 7]> = state
        .app
        .export_communities(&user.auth.actor, &query.q, &query.within)
        .await?
        .into_iter()
        .map(|r| {
            let kind = if r.urban { "community-urban" } else { "community-rural" };
            [
                r.name,
                r.code,
                r.township,
                r.county,
                i18n::message(user.lang, kind, &[]),
                r.households.to_string(),
                r.population.to_string(),
            ]
        })
        .collect();
    let columns = headers(
        user.lang,
        &[
            "community-name",
            "community-code",
            "community-township",
            "community-county",
            "community-type",
            "community-households",
            "community-population",
        ],
    );
    let columns: Vec<&str> = columns.iter().map(String::as_str).collect();
    spreadsheet_response(&download.format, "communities", &columns, &rows)
}
