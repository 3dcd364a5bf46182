//! Election pages for officials (3B): open a unified term election, follow each
//! community's election from register to seating, enter paper ballots twice.

use app::AppError;
use app::governance::{
    BatchView, ElectionView, IssuedCode, NewNomination, NewObjection, NewProxy, NewUnifiedElection, NomineeList,
    ObjectionDecisionInput, ObjectionView, PaperEntry, ProxyView, Seating, UnifiedElectionView,
};
use app::paging::PageSpan;
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use domain::governance::count::Ballot;
use domain::governance::election::Method;
use domain::governance::register::{Kinship, ObjectionKind};
use domain::identity::Permission;
use serde::Deserialize;

use crate::floor::limit::{BATCH_LIMIT, UPLOAD_LIMIT, larger_bodies};
use crate::floor::sheet::read_rows;
use crate::floor::{
    AppState, Choice, Chrome, ConfirmForm, FormErrors, Importer, PageCall, PageParams, PageUser, Pager, WebError,
    form_errors, region_choices, render, render_with,
};
use crate::floor::{i18n, qr};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/elections", get(list).post(open))
        .route("/elections/unified/{id}", get(unified))
        .route("/elections/{id}", get(detail))
        .route("/elections/{id}/register", post(build_register))
        .route("/elections/{id}/register/publish", post(publish_register))
        .route("/elections/{id}/codes", post(issue_codes))
        .route("/elections/{id}/voters", post(import_voters).layer(larger_bodies(UPLOAD_LIMIT)))
        .route("/elections/{id}/objections", post(file_objection))
        .route("/elections/{id}/objections/{objection}/decision", post(decide_objection))
        .route("/elections/{id}/nominations", post(nominate))
        .route("/elections/{id}/proxies", post(file_proxy))
        .route("/elections/{id}/paper", post(enter_paper).layer(larger_bodies(BATCH_LIMIT)))
        .route("/elections/{id}/count", post(count))
        .route("/elections/{id}/further-round", post(call_further_round))
        .route("/elections/{id}/further-round/count", post(count_further_round))
        .route("/elections/{id}/seat", post(seat))
}

#[derive(Template)]
#[template(path = "governance/elections.html")]
struct ListPage {
    c: Chrome,
    items: Vec<UnifiedElectionView>,
    /// Cities and counties the user may open an election for; empty: no form.
    regions: Vec<Choice>,
    form: OpenForm,
    errors: FormErrors,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct OpenForm {
    name: String,
    region_code: String,
    term: String,
    vote_date: String,
    method: String,
}

async fn list_page(
    state: &AppState,
    user: &PageUser,
    form: OpenForm,
    errors: FormErrors,
) -> Result<ListPage, AppError> {
    let actor = &user.auth.actor;
    let regions = region_choices(state, actor, Permission::OrganiseElections);
    Ok(ListPage {
        c: Chrome::new(state, user, "/elections"),
        items: state.app.unified_elections(actor).await?,
        regions,
        form,
        errors,
    })
}

async fn list(State(state): State<AppState>, user: PageUser) -> Result<Response, WebError> {
    Ok(render(&list_page(&state, &user, OpenForm::default(), FormErrors::default()).await?))
}

async fn open(State(state): State<AppState>, user: PageUser, Form(form): Form<OpenForm>) -> Result<Response, WebError> {
    let input = NewUnifiedElection {
        name: form.name.clone(),
        region_code: form.region_code.clone(),
        term: form.term.trim().parse().unwrap_or(0),
        vote_date: form.vote_date.clone(),
        method: Method::parse(&form.method).unwrap_or(Method::SelfNomination),
        electorate: domain::governance::election::Electorate::AllVoters,
        residents_posts: None,
        villagers_posts: None,
    };
    match state.app.open_unified_election(&user.auth.actor, input).await {
        Ok(id) => Ok(Redirect::to(&format!("/elections/unified/{id}")).into_response()),
        Err(error) => {
            let errors = form_errors(user.lang, error)?;
            let page = list_page(&state, &user, form, errors).await?;
            Ok(render_with(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
    }
}

/// The stages a community's election goes through, as a filter of the unified list.
const STAGES: [&str; 4] = ["unpublished", "uncounted", "unseated", "seated"];

#[derive(Deserialize, Default)]
struct UnifiedFilters {
    /// Part of a community's name, or the start of its code.
    #[serde(default)]
    q: String,
    /// One of `STAGES`: the communities still at that stage.
    #[serde(default)]
    stage: String,
}

impl UnifiedFilters {
    fn keeps(&self, e: &ElectionView) -> bool {
        let stage = match self.stage.as_str() {
            "unpublished" => e.register_published_on.is_none(),
            "uncounted" => !e.counted,
            "unseated" => e.counted && e.seated_on.is_none(),
            "seated" => e.seated_on.is_some(),
            _ => true,
        };
        let q = self.q.trim();
        stage && (q.is_empty() || e.community.contains(q) || e.region_code.starts_with(q))
    }
}

#[derive(Template)]
#[template(path = "governance/unified_election.html")]
struct UnifiedPage {
    c: Chrome,
    id: i64,
    filters: UnifiedFilters,
    stages: [&'static str; 4],
    items: Vec<ElectionView>,
    pager: Pager,
}

async fn unified(
    PageCall { state, user }: PageCall,
    Path(id): Path<i64>,
    Query(filters): Query<UnifiedFilters>,
    Query(paging): Query<PageParams>,
) -> Result<Response, WebError> {
    let all = state.app.unified_election_communities(&user.auth.actor, id).await?;
    if all.is_empty() {
        return Err(AppError::NotFound.into());
    }
    let kept: Vec<ElectionView> = all.into_iter().filter(|e| filters.keeps(e)).collect();
    let span = PageSpan::new(paging.request(), 50, kept.len() as u64);
    let pager = Pager::new(&[("q", &filters.q), ("stage", &filters.stage)], &span);
    let items = span.slice(kept);
    Ok(render(&UnifiedPage { c: Chrome::new(&state, &user, "/elections"), id, filters, stages: STAGES, items, pager }))
}

#[derive(Template)]
#[template(path = "governance/election.html")]
struct DetailPage {
    c: Chrome,
    e: ElectionView,
    can_write: bool,
    objections: Vec<ObjectionView>,
    nominations: Vec<NomineeList>,
    proxies: Vec<ProxyView>,
    batches: Vec<BatchView>,
    /// The batch just entered, with any disagreement to show side by side.
    entered: Option<BatchView>,
    kinds: Vec<&'static str>,
    kinships: Vec<&'static str>,
    /// The section an action came from, and its errors.
    section: String,
    errors: FormErrors,
    done: String,
    /// The report of a voter sheet just uploaded.
    imported: Option<ImportResultView>,
}

/// A voter import's outcome, as the register section shows it.
struct ImportResultView {
    total: usize,
    committed: bool,
    errors: Vec<crate::floor::sheet::ReportRow>,
}

async fn detail_page(
    state: &AppState,
    user: &PageUser,
    id: i64,
    section: &str,
    errors: FormErrors,
    entered: Option<BatchView>,
) -> Result<DetailPage, AppError> {
    let actor = &user.auth.actor;
    let e = state.app.election(actor, id).await?;
    let can_write = actor.may(Permission::WriteCommunity, &e.region_code, &state.app.regions());
    let (objections, nominations, batches) = if can_write {
        (
            state.app.objections(actor, id).await?,
            state.app.nominations(actor, id).await?,
            state.app.paper_batches(actor, id).await?,
        )
    } else {
        Default::default()
    };
    Ok(DetailPage {
        c: Chrome::new(state, user, "/elections"),
        proxies: state.app.proxies(id).await?,
        e,
        can_write,
        objections,
        nominations,
        batches,
        entered,
        kinds: ObjectionKind::ALL.iter().map(|k| k.as_str()).collect(),
        kinships: Kinship::ALL.iter().map(|k| k.as_str()).collect(),
        section: section.to_string(),
        errors,
        done: String::new(),
        imported: None,
    })
}

#[derive(Deserialize, Default)]
struct DoneQuery {
    #[serde(default)]
    done: String,
}

async fn detail(
    PageCall { state, user }: PageCall,
    Path(id): Path<i64>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let mut page = detail_page(&state, &user, id, "", FormErrors::default(), None).await?;
    page.done = q.done;
    Ok(render(&page))
}

/// After an action: back to the election (post/redirect/get), or the page again with the
/// action's errors in its section.
async fn after<T>(
    state: &AppState,
    user: &PageUser,
    id: i64,
    section: &str,
    result: Result<T, AppError>,
) -> Result<Response, WebError> {
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/elections/{id}?done={section}#{section}")).into_response()),
        Err(error) => {
            let errors = form_errors(user.lang, error)?;
            let page = detail_page(state, user, id, section, errors, None).await?;
            Ok(render_with(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
    }
}

async fn build_register(PageCall { state, user }: PageCall, Path(id): Path<i64>) -> Result<Response, WebError> {
    let result = state.app.build_register(&user.auth.actor, id).await;
    after(&state, &user, id, "register", result).await
}

async fn publish_register(
    PageCall { state, user }: PageCall,
    Path(id): Path<i64>,
    form: ConfirmForm,
) -> Result<Response, WebError> {
    if !form.confirmed {
        return ask(
            &state,
            &user,
            id,
            &form,
            "election-publish-register",
            "confirm-publish-register",
            "register/publish",
        )
        .await;
    }
    let result = state.app.publish_register(&user.auth.actor, id).await;
    after(&state, &user, id, "register", result).await
}

#[derive(Template)]
#[template(path = "governance/voter_cards.html")]
struct CardsPage {
    c: Chrome,
    e: ElectionView,
    codes: Vec<IssuedCode>,
    /// Where voters vote, in full, and as a QR code (SVG drawn here, no service needed).
    vote_url: String,
    vote_qr: String,
}

/// The voting page's address as voters reach this server (the host they were given), and
/// its QR code. Behind TLS (`secure_cookies`) the address is https.
fn vote_address(state: &AppState, headers: &HeaderMap) -> (String, String) {
    let url = qr::public_url(state, headers, "/vote");
    let code = qr::svg(&url);
    (url, code)
}

/// Asks before an irreversible step of election `id` (posted to `/elections/{id}/{path}`).
async fn ask(
    state: &AppState,
    user: &PageUser,
    id: i64,
    form: &ConfirmForm,
    action_key: &str,
    consequence_key: &str,
    path: &str,
) -> Result<Response, WebError> {
    let e = state.app.election(&user.auth.actor, id).await?;
    let args = [("community", e.community.clone()), ("voters", e.voters.to_string())];
    let consequence = i18n::message(user.lang, consequence_key, &args);
    let label = i18n::message(user.lang, action_key, &[]);
    let back = format!("/elections/{id}#register");
    Ok(form.ask(Chrome::new(state, user, "/elections"), label, consequence, &format!("/elections/{id}/{path}"), &back))
}

/// Issues the codes and shows them once, as voter cards to print.
async fn issue_codes(
    PageCall { state, user }: PageCall,
    Path(id): Path<i64>,
    headers: HeaderMap,
    form: ConfirmForm,
) -> Result<Response, WebError> {
    if !form.confirmed {
        return ask(&state, &user, id, &form, "election-issue-codes", "confirm-issue-codes", "codes").await;
    }
    match state.app.issue_codes(&user.auth.actor, id).await {
        Ok(codes) => {
            let e = state.app.election(&user.auth.actor, id).await?;
            let (vote_url, vote_qr) = vote_address(&state, &headers);
            Ok(render(&CardsPage { c: Chrome::new(&state, &user, "/elections"), e, codes, vote_url, vote_qr }))
        }
        Err(error) => after::<()>(&state, &user, id, "register", Err(error)).await,
    }
}

/// Checks (and with `commit` writes) a voter sheet, showing its report in the register
/// section.
async fn import_voters(
    PageCall { state, user }: PageCall,
    Path(id): Path<i64>,
    _: Importer,
    mut multipart: axum::extract::Multipart,
) -> Result<Response, WebError> {
    let mut file = None;
    let mut commit = false;
    while let Ok(Some(field)) = multipart.next_field().await {
        match field.name() {
            Some("file") => {
                let name = field.file_name().unwrap_or("upload").to_string();
                file = field.bytes().await.ok().map(|b| (name, b));
            }
            Some("commit") => commit = true,
            _ => {}
        }
    }
    let result = match file {
        Some((name, bytes)) => match read_rows(&name, bytes, app::governance::parse_voter_sheet).await {
            Ok(rows) => state.app.import_voters(&user.auth.actor, id, &rows, !commit).await,
            Err(error) => Err(error),
        },
        None => Err(AppError::invalid("file", domain::Violation::new("required"))),
    };
    match result {
        Ok(report) => {
            let mut page = detail_page(&state, &user, id, "register", FormErrors::default(), None).await?;
            page.imported = Some(ImportResultView {
                total: report.total,
                committed: report.committed,
                errors: crate::floor::sheet::report_rows(user.lang, &app::governance::VOTER_SHEET, &report.errors),
            });
            Ok(render(&page))
        }
        Err(error) => after::<()>(&state, &user, id, "register", Err(error)).await,
    }
}

async fn file_objection(
    PageCall { state, user }: PageCall,
    Path(id): Path<i64>,
    Form(input): Form<NewObjection>,
) -> Result<Response, WebError> {
    let result = state.app.file_objection(&user.auth.actor, id, input).await;
    after(&state, &user, id, "objections", result).await
}

async fn decide_objection(
    PageCall { state, user }: PageCall,
    Path((id, objection)): Path<(i64, i64)>,
    Form(input): Form<ObjectionDecisionInput>,
) -> Result<Response, WebError> {
    let result = state.app.decide_objection(&user.auth.actor, objection, input).await;
    after(&state, &user, id, "objections", result).await
}

async fn nominate(
    PageCall { state, user }: PageCall,
    Path(id): Path<i64>,
    Form(input): Form<NewNomination>,
) -> Result<Response, WebError> {
    let result = state.app.nominate(&user.auth.actor, id, input).await;
    after(&state, &user, id, "nominations", result).await
}

async fn file_proxy(
    PageCall { state, user }: PageCall,
    Path(id): Path<i64>,
    Form(input): Form<NewProxy>,
) -> Result<Response, WebError> {
    let result = state.app.file_proxy(&user.auth.actor, id, input).await;
    after(&state, &user, id, "proxies", result).await
}

#[derive(Deserialize)]
struct PaperForm {
    /// 1 (first round) unless a later round's batches are entered (its number).
    #[serde(default)]
    round: String,
    #[serde(default)]
    number: String,
    #[serde(default)]
    ballots: String,
}

/// Reads a batch typed one ballot per line: the posts in ballot order separated by `/`,
/// names within a post by spaces, commas or 、; a line of `-` is a blank ballot.
fn read_batch(posts: &[String], text: &str) -> Vec<Ballot> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(|line| {
            let mut ballot = Ballot::new();
            if line == "-" {
                return ballot;
            }
            for (post, part) in posts.iter().zip(line.split('/')) {
                let names: Vec<String> = part
                    .split(|c: char| c.is_whitespace() || c == ',' || c == '，' || c == '、')
                    .filter(|n| !n.is_empty())
                    .map(str::to_string)
                    .collect();
                if !names.is_empty() {
                    ballot.insert(post.clone(), names);
                }
            }
            ballot
        })
        .collect()
}

async fn enter_paper(
    PageCall { state, user }: PageCall,
    Path(id): Path<i64>,
    Form(form): Form<PaperForm>,
) -> Result<Response, WebError> {
    let e = state.app.election(&user.auth.actor, id).await?;
    let round: i32 = form.round.trim().parse().unwrap_or(1);
    let ballot = match (&e.further_posts, e.further_round) {
        (Some(posts), Some(open)) if open == round => posts,
        _ => &e.posts,
    };
    let posts: Vec<String> = ballot.iter().map(|p| p.post.clone()).collect();
    let input = PaperEntry {
        round,
        number: form.number.trim().parse().unwrap_or(0),
        ballots: read_batch(&posts, &form.ballots),
    };
    match state.app.enter_paper_batch(&user.auth.actor, id, input).await {
        Ok(view) => {
            let page = detail_page(&state, &user, id, "paper", FormErrors::default(), Some(view)).await?;
            Ok(render(&page))
        }
        Err(error) => after::<()>(&state, &user, id, "paper", Err(error)).await,
    }
}

#[derive(Deserialize)]
struct CountForm {
    #[serde(default)]
    paper_voters: String,
}

impl CountForm {
    /// People who took a paper ballot: a whole number, none when left empty.
    fn paper_voters(&self) -> Result<u64, AppError> {
        let typed = self.paper_voters.trim();
        if typed.is_empty() {
            return Ok(0);
        }
        typed.parse().map_err(|_| AppError::invalid("paper_voters", domain::Violation::new("not-a-number")))
    }
}

async fn count(
    PageCall { state, user }: PageCall,
    Path(id): Path<i64>,
    Form(form): Form<CountForm>,
) -> Result<Response, WebError> {
    let result = match form.paper_voters() {
        Ok(n) => state.app.count_election(&user.auth.actor, id, n).await.map(|_| ()),
        Err(e) => Err(e),
    };
    after(&state, &user, id, "count", result).await
}

#[derive(Deserialize)]
struct NextRoundForm {
    #[serde(default)]
    self_nomination: Option<String>,
}

async fn call_further_round(
    PageCall { state, user }: PageCall,
    Path(id): Path<i64>,
    Form(form): Form<NextRoundForm>,
) -> Result<Response, WebError> {
    let input = app::governance::NextRound { self_nomination: form.self_nomination.is_some() };
    let result = state.app.call_further_round(&user.auth.actor, id, input).await;
    after(&state, &user, id, "count", result).await
}

async fn count_further_round(
    PageCall { state, user }: PageCall,
    Path(id): Path<i64>,
    Form(form): Form<CountForm>,
) -> Result<Response, WebError> {
    let result = match form.paper_voters() {
        Ok(n) => state.app.count_further_round(&user.auth.actor, id, n).await.map(|_| ()),
        Err(e) => Err(e),
    };
    after(&state, &user, id, "count", result).await
}

#[derive(Deserialize)]
struct SeatForm {
    #[serde(default)]
    party_directly_elected: Option<String>,
    /// Lines of `name id-number` for elected names the register holds twice.
    #[serde(default)]
    id_numbers: String,
}

async fn seat(
    PageCall { state, user }: PageCall,
    Path(id): Path<i64>,
    Form(form): Form<SeatForm>,
) -> Result<Response, WebError> {
    let id_numbers = form
        .id_numbers
        .lines()
        .filter_map(|line| line.trim().split_once(char::is_whitespace))
        .map(|(name, number)| (name.trim().to_string(), number.trim().to_string()))
        .collect();
    let input = Seating { id_numbers, party_directly_elected: form.party_directly_elected.is_some() };
    let result = state.app.seat_elected(&user.auth.actor, id, input).await;
    after(&state, &user, id, "seat", result).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_batch_reads_posts_in_ballot_order() {
        let posts = vec!["director".to_string(), "member".to_string()];
        let batch = read_batch(&posts, "张三 / 李四、王五\n-\n\n / 赵六\n");
        assert_eq!(batch.len(), 3, "blank lines are skipped, '-' is a blank ballot");
        assert_eq!(batch[0]["member"], ["李四", "王五"]);
        assert!(batch[1].is_empty());
        assert_eq!((batch[2].get("director"), batch[2]["member"].len()), (None, 1));
    }
}
