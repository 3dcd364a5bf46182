//! What anyone may read: each organiser's ledger with the heads it published day by day
//! and a check of a head someone kept, and a proof's verification by its code. And the
//! proof itself as printed, for the volunteer and the organiser, with the QR code of its
//! verification page.

use app::AppError;
use app::volunteer::{ChainSummary, HeadCheck, ProofVerification, ProofView};
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::Deserialize;

use super::hm;
use crate::floor::{AppState, Chrome, PageCall, PublicChrome, WebError, qr, render, render_with, urlencode};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/ledgers", get(ledgers))
        .route("/ledgers/{chain}", get(ledger))
        .route("/v", get(verify_entry))
        .route("/v/{code}", get(verify))
        .route("/volunteer-proofs/{id}", get(proof))
        .route("/volunteer-proofs/{id}/pdf", get(proof_pdf))
}

#[derive(Template)]
#[template(path = "volunteer/ledgers.html")]
struct LedgersPage {
    c: PublicChrome,
    chains: Vec<(String, String, i64)>,
}

async fn ledgers(State(state): State<AppState>, c: PublicChrome) -> Result<Response, WebError> {
    Ok(render(&LedgersPage { c, chains: state.app.ledgers().await? }))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct HeadQuery {
    seq: String,
    head: String,
}

#[derive(Template)]
#[template(path = "volunteer/ledger.html")]
struct LedgerPage {
    c: PublicChrome,
    s: ChainSummary,
    q: HeadQuery,
    check: Option<Result<HeadCheck, String>>,
}

async fn ledger(
    State(state): State<AppState>,
    c: PublicChrome,
    Path(chain): Path<String>,
    Query(q): Query<HeadQuery>,
) -> Result<Response, WebError> {
    let s = state.app.ledger_summary(&chain).await?;
    let check = match q.seq.trim().parse::<i64>() {
        Ok(seq) if !q.head.trim().is_empty() => Some(match state.app.check_head(&chain, seq, &q.head).await {
            Ok(found) => Ok(found),
            Err(AppError::Invalid(_)) => Err(crate::floor::i18n::message(c.lang, "ledger-entry-unknown", &[])),
            Err(e) => return Err(e.into()),
        }),
        _ => None,
    };
    Ok(render(&LedgerPage { c, s, q, check }))
}

#[derive(Template)]
#[template(path = "volunteer/verify.html")]
struct VerifyPage {
    c: PublicChrome,
    code: String,
    found: Option<ProofVerification>,
}

impl VerifyPage {
    fn hm(&self, minutes: &i64) -> String {
        hm(self.c.lang, *minutes)
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CodeQuery {
    code: String,
}

/// Where a code is typed in from paper.
async fn verify_entry(c: PublicChrome, Query(q): Query<CodeQuery>) -> Response {
    match q.code.trim() {
        "" => render(&VerifyPage { c, code: String::new(), found: None }),
        code => Redirect::to(&format!("/v/{}", urlencode(code))).into_response(),
    }
}

async fn verify(
    State(state): State<AppState>,
    c: PublicChrome,
    Path(code): Path<String>,
) -> Result<Response, WebError> {
    match state.app.verify_proof(&code).await {
        Ok(found) => Ok(render(&VerifyPage { c, code, found: Some(found) })),
        Err(AppError::NotFound) => Ok(render_with(StatusCode::NOT_FOUND, &VerifyPage { c, code, found: None })),
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "volunteer/proof.html")]
struct ProofPage {
    c: Chrome,
    p: ProofView,
    qr: String,
    url: String,
}

impl ProofPage {
    fn hm(&self, minutes: &i64) -> String {
        hm(self.c.lang, *minutes)
    }
}

async fn proof(
    PageCall { state, user }: PageCall,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let (p, url) = proof_and_url(&state, &user, &headers, id).await?;
    let c = Chrome::new(&state, &user, "/volunteer");
    Ok(render(&ProofPage { c, qr: qr::svg(&url), url, p }))
}

/// A proof the caller may read, and the address of its public verification page.
async fn proof_and_url(
    state: &AppState,
    user: &crate::floor::PageUser,
    headers: &HeaderMap,
    id: i64,
) -> Result<(ProofView, String), WebError> {
    let p = state.app.proof(&user.auth.actor, id).await?;
    let url = qr::public_url(state, headers, &format!("/v/{}", p.code));
    Ok((p, url))
}

/// The proof as a PDF file to keep or send: the same contents, the QR code drawn in it.
async fn proof_pdf(
    PageCall { state, user }: PageCall,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let (p, url) = proof_and_url(&state, &user, &headers, id).await?;
    let body = super::pdf::proof(&p, &url, &hm(user.lang, p.minutes));
    let disposition = format!("attachment; filename=\"proof-{}.pdf\"", p.number);
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        body,
    )
        .into_response())
}
