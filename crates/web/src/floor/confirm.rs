//! A second step for what cannot be undone (publishing a register, issuing codes, ordering
//! a suspension, ending a post): a form posted without `confirmed=yes` gets a page that
//! says what will happen and posts the same fields again with it; only then does the
//! action run. Server-side, so a double click or a stray Enter cannot skip it.

use askama::Template;
use axum::extract::{FromRequest, Request};
use axum::response::Response;
use serde::de::{DeserializeOwned, IgnoredAny};

use super::auth::CSRF_FIELD;
use super::problem::WebError;
use super::view::{Chrome, render};

const CONFIRMED: &str = "confirmed";
/// A form is small; the CSRF check has read it whole already under the same bound.
const FORM_LIMIT: usize = 1 << 20;

/// A form of an irreversible action: its fields, and whether the user confirmed them.
pub struct ConfirmForm<T = IgnoredAny> {
    pub form: T,
    pub confirmed: bool,
    /// The fields as posted (without the CSRF token), for the confirmation page to repost.
    fields: Vec<(String, String)>,
}

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ConfirmForm<T> {
    type Rejection = WebError;

    async fn from_request(request: Request, _: &S) -> Result<Self, Self::Rejection> {
        let bad = |detail: String| {
            WebError::BadRequest(domain::Violation::new("json-invalid").with("detail", detail).on("body"))
        };
        let bytes = axum::body::to_bytes(request.into_body(), FORM_LIMIT).await.map_err(|e| bad(e.to_string()))?;
        let form = serde_urlencoded::from_bytes(&bytes).map_err(|e| bad(e.to_string()))?;
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes).map_err(|e| bad(e.to_string()))?;
        let confirmed = pairs.iter().any(|(k, v)| k == CONFIRMED && v == "yes");
        let fields = pairs.into_iter().filter(|(k, _)| k != CSRF_FIELD && k != CONFIRMED).collect();
        Ok(Self { form, confirmed, fields })
    }
}

#[derive(Template)]
#[template(path = "floor/confirm.html")]
struct ConfirmPage {
    c: Chrome,
    /// The button's words: the action itself ("公布选民名单").
    action_label: String,
    consequence: String,
    action: String,
    fields: Vec<(String, String)>,
    back: String,
}

impl<T> ConfirmForm<T> {
    /// The page that asks: `consequence` says what will happen, the button repeats
    /// `action_label`, and cancelling returns to `back`.
    pub fn ask(&self, c: Chrome, action_label: String, consequence: String, action: &str, back: &str) -> Response {
        render(&ConfirmPage {
            c,
            action_label,
            consequence,
            action: action.to_string(),
            fields: self.fields.clone(),
            back: back.to_string(),
        })
    }
}
