//! What every page is drawn with: the frame's texts in the caller's language, the frame
//! itself for staff and for the public, and rendering a template into a response.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use super::i18n::{self, Lang};
use super::table::Pager;

/// The texts a template asks for, in one language.
pub struct Texts {
    pub lang: Lang,
}

impl Texts {
    pub fn t<'a>(&self, key: &'a str) -> &'a str {
        i18n::text(self.lang, key).unwrap_or(key)
    }

    /// What follows a label: a full-width colon in Chinese, ": " in English.
    pub fn colon(&self) -> &'static str {
        match self.lang {
            Lang::Zh => "：",
            Lang::En => ": ",
        }
    }

    /// A message with one argument.
    pub fn t1(&self, key: &str, name: &str, value: &dyn std::fmt::Display) -> String {
        i18n::message(self.lang, key, &[(name, value.to_string())])
    }

    /// A message with two arguments.
    pub fn t2(
        &self,
        key: &str,
        a: &str,
        a_value: &dyn std::fmt::Display,
        b: &str,
        b_value: &dyn std::fmt::Display,
    ) -> String {
        i18n::message(self.lang, key, &[(a, a_value.to_string()), (b, b_value.to_string())])
    }

    /// The label of a coded value: `label("body", "party_organization")` → 党组织.
    pub fn label(&self, prefix: &str, value: &str) -> String {
        i18n::message(self.lang, &format!("{prefix}-{value}"), &[])
    }

    /// A division's kind as the division file writes it (居民委员会, 镇, 市辖区 …): in
    /// English, the usual translation of the kinds GB/T 2260 and the statistics codes use;
    /// any other kind as written.
    pub fn division_kind<'a>(&self, kind: &'a str) -> &'a str {
        if self.lang == Lang::Zh {
            return kind;
        }
        match kind {
            "省" => "Province",
            "地级市" => "Prefecture-level city",
            "市辖区" => "District",
            "县级市" => "County-level city",
            "县" => "County",
            "街道" => "Subdistrict",
            "镇" => "Town",
            "乡" => "Township",
            "居民委员会" => "Residents' committee",
            "类似居民委员会" => "Residents' committee (equivalent)",
            "村民委员会" => "Villagers' committee",
            other => other,
        }
    }

    pub fn post_label(&self, post: &str) -> String {
        i18n::post_label(self.lang, post)
    }

    pub fn page_label(&self, p: &Pager) -> String {
        let args = [("page", p.page.to_string()), ("pages", p.pages.to_string()), ("total", p.total.to_string())];
        i18n::message(self.lang, "label-page", &args)
    }

    pub fn lang_code(&self) -> &'static str {
        self.lang.code()
    }

    pub fn other_lang_code(&self) -> &'static str {
        self.lang.other().code()
    }
}

pub struct MenuItem {
    pub href: &'static str,
    pub label: String,
    pub active: bool,
}

/// What every staff page's frame shows: language, user, scope, CSRF token, menu
/// (`Chrome::new` builds it for a signed-in user).
pub struct Chrome {
    pub texts: Texts,
    pub user_name: String,
    pub scope_name: String,
    pub csrf: String,
    pub menu: Vec<MenuItem>,
}

impl Chrome {
    /// The frame with no user and no menu, for error pages.
    pub fn anonymous(lang: Lang) -> Self {
        Self {
            texts: Texts { lang },
            user_name: String::new(),
            scope_name: String::new(),
            csrf: String::new(),
            menu: Vec::new(),
        }
    }
}

impl std::ops::Deref for Chrome {
    type Target = Texts;

    fn deref(&self) -> &Texts {
        &self.texts
    }
}

/// The frame of public pages: language and the session's CSRF token if any.
pub struct PublicChrome {
    pub texts: Texts,
    pub csrf: String,
}

impl PublicChrome {
    pub fn new(lang: Lang, csrf: String) -> Self {
        Self { texts: Texts { lang }, csrf }
    }
}

impl std::ops::Deref for PublicChrome {
    type Target = Texts;

    fn deref(&self) -> &Texts {
        &self.texts
    }
}

pub fn render(template: &impl Template) -> Response {
    render_with(StatusCode::OK, template)
}

pub fn render_with(status: StatusCode, template: &impl Template) -> Response {
    match template.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// `text` as one query-string value.
pub fn urlencode(text: &str) -> String {
    serde_urlencoded::to_string([("v", text)]).unwrap_or_default().trim_start_matches("v=").to_string()
}

/// Only local paths: a `next` or a referrer must never send a user to another site.
pub fn safe_next(next: &str) -> String {
    if next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') {
        next.to_string()
    } else {
        "/".to_string()
    }
}
