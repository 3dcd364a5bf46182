//! Pages for residents, without login and phone-first: casting a ballot with the code on
//! the voter card, and the published results where a voter finds their receipt.

use app::AppError;
use app::governance::{BallotSheet, PendingResult, PublicResult};
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;

use crate::floor::i18n::Lang;
use crate::floor::{AppState, FormErrors, PublicChrome, WebError, form_errors, render, render_with};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/vote", get(code_form).post(open_ballot))
        .route("/vote/cast", post(cast))
        .route("/public/elections/{id}", get(results))
}

#[derive(Template)]
#[template(path = "governance/vote.html")]
struct VotePage {
    c: PublicChrome,
    code: String,
    sheet: Option<BallotSheet>,
    errors: FormErrors,
}

async fn code_form(c: PublicChrome) -> Response {
    render(&VotePage { c, code: String::new(), sheet: None, errors: FormErrors::default() })
}

#[derive(Deserialize)]
struct CodeForm {
    #[serde(default)]
    code: String,
}

async fn open_ballot(
    State(state): State<AppState>,
    c: PublicChrome,
    Form(form): Form<CodeForm>,
) -> Result<Response, WebError> {
    match state.app.ballot_for_code(&form.code).await {
        Ok(sheet) => Ok(render(&VotePage { c, code: form.code, sheet: Some(sheet), errors: FormErrors::default() })),
        Err(error) => {
            let errors = vote_errors(c.lang, error)?;
            Ok(render_with(StatusCode::UNPROCESSABLE_ENTITY, &VotePage { c, code: form.code, sheet: None, errors }))
        }
    }
}

/// Messages for the voter: an unknown code is said as such on the form, not as a 404 page.
fn vote_errors(lang: Lang, error: AppError) -> Result<FormErrors, AppError> {
    match error {
        AppError::NotFound => Ok(FormErrors::from_fields(lang, &[domain::Violation::new("code-unknown").on("code")])),
        other => form_errors(lang, other),
    }
}

#[derive(Template)]
#[template(path = "governance/receipt.html")]
struct ReceiptPage {
    c: PublicChrome,
    receipt: String,
    election_id: i64,
}

/// The ballot form posts `code`, `election_id` and one `p:POST` field per line.
async fn cast(
    State(state): State<AppState>,
    c: PublicChrome,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let value = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default();
    let code = value("code");
    let mut ballot = domain::governance::count::Ballot::new();
    for (key, name) in &fields {
        if let Some(post) = key.strip_prefix("p:") {
            ballot.entry(post.to_string()).or_default().push(name.clone());
        }
    }
    match state.app.cast_ballot(&code, ballot).await {
        Ok(receipt) => {
            let election_id = value("election_id").parse().unwrap_or_default();
            Ok(render(&ReceiptPage { c, receipt, election_id }))
        }
        Err(error) => {
            let errors = vote_errors(c.lang, error)?;
            let sheet = state.app.ballot_for_code(&code).await.ok();
            Ok(render_with(StatusCode::UNPROCESSABLE_ENTITY, &VotePage { c, code, sheet, errors }))
        }
    }
}

#[derive(Template)]
#[template(path = "governance/results.html")]
struct ResultsPage {
    c: PublicChrome,
    r: PublicResult,
    /// The receipt a visitor looked for, and whether it was counted.
    looked_for: String,
    found: bool,
}

#[derive(Deserialize, Default)]
struct ReceiptQuery {
    #[serde(default)]
    receipt: String,
}

#[derive(Template)]
#[template(path = "governance/results_pending.html")]
struct PendingPage {
    c: PublicChrome,
    p: PendingResult,
}

async fn results(
    State(state): State<AppState>,
    c: PublicChrome,
    Path(id): Path<i64>,
    Query(q): Query<ReceiptQuery>,
) -> Result<Response, WebError> {
    let r = match state.app.public_result(id).await {
        Ok(r) => r,
        // Before the count a resident hears that the result is coming, not "not found".
        Err(AppError::NotFound) => return Ok(render(&PendingPage { c, p: state.app.pending_result(id).await? })),
        Err(other) => return Err(other.into()),
    };
    let looked_for = q.receipt.trim().to_uppercase();
    let found = !looked_for.is_empty() && r.receipts.binary_search(&looked_for).is_ok();
    Ok(render(&ResultsPage { c, r, looked_for, found }))
}
