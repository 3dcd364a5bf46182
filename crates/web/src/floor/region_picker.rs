//! The cascading region picker (city → county → township → community) for every form or
//! filter that takes a region: one select per level, each listing the children of the
//! region chosen above it, the choice in a hidden input. Changing a select redraws the
//! picker from `/kit/region-picker` (assets/app.js, through htmx). The picker shows names
//! only (the region tree is public); what a user may do in a region is checked where the
//! form is posted.

use app::region::{RegionNode, RegionTree};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use domain::Violation;
use domain::region::Level;
use serde::Deserialize;

use super::AppState;
use super::i18n::{Lang, RequestLang};
use super::problem::WebError;
use super::view::Texts;

/// A picker's roots are an account's scopes: a handful.
const MAX_ROOTS: usize = 16;

/// One select of the picker.
pub struct PickerLevel {
    /// The level's name, e.g. 乡镇（街道）.
    pub label: String,
    /// What "any" means here: the region chosen above (empty at the top of several roots).
    pub above: String,
    /// (code, name) of each region offered.
    pub options: Vec<(String, String)>,
    pub selected: String,
}

#[derive(Template)]
#[template(path = "floor/region_picker.html")]
pub struct RegionPicker {
    /// The name the chosen code is posted under.
    pub field: String,
    /// The chosen code ("" for nothing at the top of several roots).
    pub value: String,
    pub levels: Vec<PickerLevel>,
    /// The one root's name, shown because no select offers it (a township's own admin).
    root_name: String,
    /// Carried to the redraw: the roots and the deepest level offered.
    roots: String,
    deepest: &'static str,
    t: Texts,
}

impl RegionPicker {
    /// A picker for `field` holding `value`, offering the regions under `roots` (the whole
    /// tree when empty) down to `deepest`. A value outside the roots is not kept.
    pub fn new(tree: &RegionTree, lang: Lang, field: &str, roots: &[&str], value: &str, deepest: Level) -> Self {
        let roots: Vec<&RegionNode> = if roots.is_empty() {
            tree.roots()
        } else {
            let mut found: Vec<&RegionNode> = roots.iter().filter_map(|c| tree.get(c)).collect();
            // A root inside another root adds nothing.
            let all = found.clone();
            found.retain(|n| !all.iter().any(|o| o.code != n.code && tree.contains(&o.code, &n.code)));
            found.sort_by(|a, b| a.code.cmp(&b.code));
            found
        };
        let texts = Texts { lang };
        let level_name = |n: &RegionNode| texts.label("region-level", n.level.as_str());
        // One root is fixed and its children come first; several are the first choice.
        let (base, mut offered): (String, Vec<&RegionNode>) = match roots[..] {
            [only] => (only.code.clone(), only.children.iter().filter_map(|c| tree.get(c)).collect()),
            _ => (String::new(), roots.clone()),
        };
        let inside = roots.iter().any(|r| tree.contains(&r.code, value));
        let chain: Vec<&RegionNode> = if inside { tree.lineage(value) } else { Vec::new() };
        let mut levels = Vec::new();
        let mut above = base.clone();
        let mut chosen = base;
        while let Some(first) = offered.first().copied() {
            if first.level > deepest {
                break;
            }
            let selected = offered.iter().find(|n| chain.iter().any(|c| c.code == n.code)).copied();
            levels.push(PickerLevel {
                label: level_name(first),
                above: above.clone(),
                options: offered.iter().map(|n| (n.code.clone(), n.name.clone())).collect(),
                selected: selected.map(|n| n.code.clone()).unwrap_or_default(),
            });
            let Some(node) = selected else { break };
            chosen = node.code.clone();
            above = chosen.clone();
            offered = node.children.iter().filter_map(|c| tree.get(c)).collect();
        }
        Self {
            field: field.to_string(),
            value: chosen,
            levels,
            root_name: match roots[..] {
                [only] => only.name.clone(),
                _ => String::new(),
            },
            roots: roots.iter().map(|r| r.code.as_str()).collect::<Vec<_>>().join(","),
            deepest: deepest.as_str(),
            t: texts,
        }
    }
}

#[derive(Deserialize)]
pub struct PickerQuery {
    field: String,
    #[serde(default)]
    roots: String,
    #[serde(default)]
    deepest: String,
    /// The region just chosen.
    #[serde(default)]
    pick: String,
}

/// The picker redrawn after a choice.
pub async fn redraw(
    State(state): State<AppState>,
    RequestLang(lang): RequestLang,
    Query(q): Query<PickerQuery>,
) -> Result<Response, WebError> {
    // The name goes into the page as an input's name: a plain identifier only.
    if q.field.is_empty() || !q.field.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(WebError::BadRequest(Violation::new("json-invalid").with("detail", "field").on("field")));
    }
    // Anyone may ask for a redraw: take the few roots a page can have, not thousands.
    let mut roots: Vec<&str> = q.roots.split(',').filter(|c| !c.is_empty()).take(MAX_ROOTS).collect();
    roots.sort_unstable();
    roots.dedup();
    let deepest = Level::parse(&q.deepest).unwrap_or(Level::Village);
    let picker = RegionPicker::new(&state.app.regions(), lang, &q.field, &roots, &q.pick, deepest);
    Ok(super::view::render(&picker))
}
