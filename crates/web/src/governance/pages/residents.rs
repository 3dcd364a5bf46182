//! Community affairs for residents, without login and phone-first (3B): what the
//! community discloses and when, topics for meetings with a tracking code, the nominees
//! and proxies of an election, and a unified election's results.

use app::governance::{
    CommunityOutcome, DisclosureCalendar, DisclosureView, NewTopic, NomineeList, ProxyView, TopicView, UnifiedResults,
};
use app::paging::PageSpan;
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use chrono::Datelike;
use domain::region::Level;
use serde::Deserialize;

use crate::floor::{
    AppState, FormErrors, PageParams, Pager, PublicChrome, WebError, form_errors, render, render_with, urlencode,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/public/communities", get(find_community))
        .route("/public/communities/{code}", get(community).post(propose))
        .route("/public/topics/{tracking}", get(topic))
        .route("/public/elections/{id}/nominees", get(nominees))
        .route("/public/unified-elections/{id}", get(unified))
}

#[derive(Template)]
#[template(path = "governance/public_community.html")]
struct CommunityPage {
    c: PublicChrome,
    calendar: DisclosureCalendar,
    disclosures: Vec<DisclosureView>,
    topic: NewTopic,
    errors: FormErrors,
}

impl CommunityPage {
    /// Counted elections, from the calendar's election-result periods (`E12`).
    fn elections(&self) -> Vec<i64> {
        self.calendar.entries.iter().filter_map(|e| e.period.strip_prefix('E')?.parse().ok()).collect()
    }
}

async fn community_page(
    state: &AppState,
    c: PublicChrome,
    code: &str,
    topic: NewTopic,
    errors: FormErrors,
) -> Result<CommunityPage, WebError> {
    let year = state.app.settings.today().year();
    Ok(CommunityPage {
        c,
        calendar: state.app.disclosure_calendar(code, year).await?,
        disclosures: state.app.disclosures(code).await?,
        topic,
        errors,
    })
}

async fn community(
    State(state): State<AppState>,
    c: PublicChrome,
    Path(code): Path<String>,
) -> Result<Response, WebError> {
    let page = community_page(&state, c, &code, NewTopic::default(), FormErrors::default());
    Ok(render(&page.await?))
}

async fn propose(
    State(state): State<AppState>,
    c: PublicChrome,
    Path(code): Path<String>,
    Form(input): Form<NewTopic>,
) -> Result<Response, WebError> {
    match state.app.propose_topic(&code, input.clone()).await {
        Ok(tracking) => Ok(Redirect::to(&format!("/public/topics/{tracking}")).into_response()),
        Err(error) => {
            let errors = form_errors(c.lang, error)?;
            let page = community_page(&state, c, &code, input, errors).await?;
            Ok(render_with(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
    }
}

#[derive(Template)]
#[template(path = "governance/public_topic.html")]
struct TopicPage {
    c: PublicChrome,
    t: TopicView,
}

async fn topic(
    State(state): State<AppState>,
    c: PublicChrome,
    Path(tracking): Path<String>,
) -> Result<Response, WebError> {
    Ok(render(&TopicPage { c, t: state.app.topic(&tracking).await? }))
}

#[derive(Template)]
#[template(path = "governance/public_nominees.html")]
struct NomineesPage {
    c: PublicChrome,
    id: i64,
    /// None until nominations close.
    lists: Option<Vec<NomineeList>>,
    proxies: Vec<ProxyView>,
}

async fn nominees(State(state): State<AppState>, c: PublicChrome, Path(id): Path<i64>) -> Result<Response, WebError> {
    let proxies = state.app.proxies(id).await?;
    let lists = match state.app.nominees(id).await {
        Ok(lists) => Some(lists),
        Err(app::AppError::NotFound) => None,
        Err(other) => return Err(other.into()),
    };
    Ok(render(&NomineesPage { c, id, lists, proxies }))
}

#[derive(Deserialize, Default)]
struct Picked {
    #[serde(default)]
    code: String,
}

/// The community picked on the public home page; above a community, back to pick further.
async fn find_community(State(state): State<AppState>, Query(picked): Query<Picked>) -> Redirect {
    let tree = state.app.regions();
    match tree.get(&picked.code) {
        Some(node) if node.level == Level::Village => Redirect::to(&format!("/public/communities/{}", node.code)),
        _ => Redirect::to(&format!("/public?code={}#community", urlencode(&picked.code))),
    }
}

#[derive(Deserialize, Default)]
struct CommunityFilter {
    /// Part of a community's name, or the start of its code.
    #[serde(default)]
    q: String,
}

#[derive(Template)]
#[template(path = "governance/public_unified.html")]
struct UnifiedPage {
    c: PublicChrome,
    r: UnifiedResults,
    q: String,
    /// Communities in the election, whatever the filter.
    total: usize,
    /// The communities of this page, of those the filter keeps.
    shown: Vec<CommunityOutcome>,
    pager: Pager,
}

/// A unified election's results, a page of communities at a time: 1,202 of them on one
/// phone page were 48,000 px long.
async fn unified(
    State(state): State<AppState>,
    c: PublicChrome,
    Path(id): Path<i64>,
    Query(filter): Query<CommunityFilter>,
    Query(paging): Query<PageParams>,
) -> Result<Response, WebError> {
    let mut r = state.app.public_unified_results(id).await?;
    let total = r.communities.len();
    let q = filter.q.trim();
    let kept: Vec<CommunityOutcome> = std::mem::take(&mut r.communities)
        .into_iter()
        .filter(|o| q.is_empty() || o.community.contains(q) || o.region_code.starts_with(q))
        .collect();
    let span = PageSpan::new(paging.request(), 20, kept.len() as u64);
    let pager = Pager::new(&[("q", q)], &span);
    let shown = span.slice(kept);
    Ok(render(&UnifiedPage { c, r, q: filter.q, total, shown, pager }))
}
