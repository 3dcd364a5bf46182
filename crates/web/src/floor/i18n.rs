//! Message catalogues (Fluent): zh-CN by default, English on request. Templates, problem
//! responses and the CLI all say things through here, never with strings of their own.

use std::collections::HashMap;
use std::sync::OnceLock;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use unic_langid::{LanguageIdentifier, langid};

use super::cookie::{LANG_COOKIE, cookie};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Self::Zh => "zh-CN",
            Self::En => "en",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        let lower = text.trim().to_ascii_lowercase();
        if lower.starts_with("zh") {
            Some(Self::Zh)
        } else if lower.starts_with("en") {
            Some(Self::En)
        } else {
            None
        }
    }

    /// The first supported language of an `Accept-Language` header, in the client's order
    /// of preference (q-values sorted, ties kept in order).
    pub fn from_accept_language(header: &str) -> Option<Self> {
        let mut ranges: Vec<(f32, usize, &str)> = header
            .split(',')
            .enumerate()
            .map(|(i, part)| {
                let mut pieces = part.split(';');
                let tag = pieces.next().unwrap_or("").trim();
                let q = pieces.find_map(|p| p.trim().strip_prefix("q=")).and_then(|q| q.parse().ok()).unwrap_or(1.0);
                (q, i, tag)
            })
            .collect();
        ranges.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        ranges.into_iter().filter(|(q, _, _)| *q > 0.0).find_map(|(_, _, tag)| Self::parse(tag))
    }

    pub fn other(self) -> Self {
        match self {
            Self::Zh => Self::En,
            Self::En => Self::Zh,
        }
    }
}

const ZH: &str = include_str!("../../locales/zh-CN.ftl");
const EN: &str = include_str!("../../locales/en.ftl");

fn bundle(lang: LanguageIdentifier, source: &str) -> FluentBundle<FluentResource> {
    let mut bundle = FluentBundle::new_concurrent(vec![lang]);
    // No Unicode isolation marks: messages go into HTML, spreadsheets and terminals.
    bundle.set_use_isolating(false);
    let resource = FluentResource::try_new(source.to_string()).unwrap_or_else(|(partial, _)| partial);
    let _ = bundle.add_resource(resource);
    bundle
}

fn bundles() -> &'static (FluentBundle<FluentResource>, FluentBundle<FluentResource>) {
    static BUNDLES: OnceLock<(FluentBundle<FluentResource>, FluentBundle<FluentResource>)> = OnceLock::new();
    BUNDLES.get_or_init(|| (bundle(langid!("zh-CN"), ZH), bundle(langid!("en"), EN)))
}

/// Every message formatted once without arguments: page chrome asks for dozens per page.
fn plain(lang: Lang) -> &'static HashMap<String, String> {
    static PLAIN: OnceLock<(HashMap<String, String>, HashMap<String, String>)> = OnceLock::new();
    let (zh, en) = PLAIN.get_or_init(|| {
        let all = |lang: Lang, source: &str| {
            source
                .lines()
                .filter(|l| !l.starts_with('#') && !l.contains("{ $"))
                .filter_map(|l| l.split_once(" = ").map(|(key, _)| key))
                .map(|key| (key.to_string(), format(lang, key, &[])))
                .collect()
        };
        (all(Lang::Zh, ZH), all(Lang::En, EN))
    });
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// A ballot post's name: the catalogue's `post-…` label, or the post's own name for a
/// post a place added.
pub fn post_label(lang: Lang, post: &str) -> String {
    text(lang, &format!("post-{post}")).map(str::to_string).unwrap_or_else(|| post.to_string())
}

/// The text of a message that takes no arguments.
pub fn text(lang: Lang, key: &str) -> Option<&'static str> {
    plain(lang).get(key).map(String::as_str)
}

/// Formats message `key` with `args`; an unknown key comes back as itself, so a missing
/// translation is visible rather than blank.
pub fn message(lang: Lang, key: &str, args: &[(&str, String)]) -> String {
    match text(lang, key) {
        Some(text) if args.is_empty() => text.to_string(),
        _ => format(lang, key, args),
    }
}

fn format(lang: Lang, key: &str, args: &[(&str, String)]) -> String {
    let (zh, en) = bundles();
    let bundle = match lang {
        Lang::Zh => zh,
        Lang::En => en,
    };
    let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
        return key.to_string();
    };
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        fluent_args.set(*name, value.clone());
    }
    let mut errors = Vec::new();
    bundle.format_pattern(pattern, Some(&fluent_args), &mut errors).into_owned()
}

/// The message for a domain violation.
pub fn violation(lang: Lang, v: &domain::Violation) -> String {
    let args: Vec<(&str, String)> = v.args.iter().map(|(k, v)| (*k, v.clone())).collect();
    message(lang, v.code, &args)
}

/// The language cookie if set, else `Accept-Language`, else zh-CN.
pub fn request_lang(headers: &HeaderMap) -> Lang {
    cookie(headers, LANG_COOKIE)
        .and_then(Lang::parse)
        .or_else(|| {
            headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).and_then(Lang::from_accept_language)
        })
        .unwrap_or_default()
}

/// The request's language, for pages anyone may see.
pub struct RequestLang(pub Lang);

impl<S: Send + Sync> FromRequestParts<S> for RequestLang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(RequestLang(request_lang(&parts.headers)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(source: &str) -> Vec<&str> {
        let mut keys: Vec<&str> = source
            .lines()
            .filter(|l| !l.starts_with('#') && l.contains(" = "))
            .filter_map(|l| l.split(" = ").next())
            .collect();
        keys.sort();
        keys
    }

    #[test]
    fn both_catalogues_have_the_same_keys() {
        assert_eq!(keys(ZH), keys(EN));
    }

    /// Fluent keeps the first of two messages with one key, so a label sharing a
    /// violation's key shows the violation's sentence.
    #[test]
    fn no_key_is_defined_twice() {
        for catalogue in [ZH, EN] {
            let keys = keys(catalogue);
            let twice: Vec<_> = keys.windows(2).filter(|w| w[0] == w[1]).map(|w| w[0]).collect();
            assert!(twice.is_empty(), "defined twice: {twice:?}");
        }
    }

    #[test]
    fn messages_take_their_arguments_without_isolation_marks() {
        let text = message(Lang::En, "too-long", &[("max", "40".into())]);
        assert_eq!(text, "At most 40 characters");
        assert_eq!(message(Lang::Zh, "too-long", &[("max", "40".into())]), "不能超过 40 个字符");
    }

    #[test]
    fn accept_language_honours_preference_order() {
        assert_eq!(Lang::from_accept_language("en-US,en;q=0.9,zh-CN;q=0.8"), Some(Lang::En));
        assert_eq!(Lang::from_accept_language("fr;q=1, zh-TW;q=0.5, en;q=0.4"), Some(Lang::Zh));
        assert_eq!(Lang::from_accept_language("fr, de"), None);
        assert_eq!(Lang::from_accept_language("en;q=0, zh"), Some(Lang::Zh));
    }

    /// Every file with `extension` under `dirs` (relative to the crates folder), read from
    /// disk so a new file cannot be forgotten.
    fn files(dirs: &[&str], extension: &str) -> Vec<(std::path::PathBuf, String)> {
        let crates = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut pending: Vec<_> = dirs.iter().map(|d| crates.join(d)).collect();
        let mut found = Vec::new();
        while let Some(dir) = pending.pop() {
            for entry in std::fs::read_dir(&dir).expect("folder").flatten() {
                let path = entry.path();
                if path.is_dir() {
                    pending.push(path);
                } else if path.extension().is_some_and(|e| e == extension) {
                    let text = std::fs::read_to_string(&path).expect("file");
                    found.push((path, text));
                }
            }
        }
        found
    }

    /// Every Rust source of the domain, app and web crates.
    fn sources() -> Vec<(std::path::PathBuf, String)> {
        files(&["domain/src", "app/src", "web/src"], "rs")
    }

    #[test]
    fn every_key_a_template_names_has_a_message() {
        let templates = files(&["web/templates"], "html");
        assert!(templates.len() > 30, "the walk found the templates");
        for (path, text) in templates {
            let quoted = |piece: &str| piece.split('"').nth(1).unwrap_or_default().to_string();
            let mut keys: Vec<String> = ["c.t(\"", "c.t1(\""]
                .iter()
                .flat_map(|call| text.split(call).skip(1).map(|p| p.split('"').next().unwrap_or_default().to_string()))
                .collect();
            // c.label("prefix", "value") with a literal value.
            for piece in text.split("c.label(").skip(1) {
                let args: Vec<&str> = piece.splitn(3, '"').collect();
                if let [_, prefix, rest] = args[..]
                    && rest.starts_with(", \"")
                {
                    keys.push(format!("{prefix}-{}", quoted(rest)));
                }
            }
            for key in keys {
                assert_ne!(message(Lang::Zh, &key, &[]), key, "no message for {key} in {}", path.display());
            }
        }
    }

    #[test]
    fn every_violation_code_the_code_uses_has_a_message() {
        let sources = sources();
        assert!(sources.len() > 30, "the walk found the sources");
        for (path, source) in sources {
            for piece in source.split("Violation::new(\"").skip(1) {
                let code = piece.split('"').next().unwrap_or_default();
                assert_ne!(message(Lang::Zh, code, &[]), code, "no zh-CN message for {code} ({})", path.display());
            }
        }
    }
}
