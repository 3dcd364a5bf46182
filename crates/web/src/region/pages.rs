//! Browsing the region tree (public data, shown to any signed-in user).

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{Redirect, Response};
use axum::routing::get;

use crate::floor::{AppState, Chrome, PageUser, WebError, render};

pub fn router() -> Router<AppState> {
    Router::new().route("/regions", get(root)).route("/regions/{code}", get(show))
}

struct Entry {
    code: String,
    name: String,
    kind: String,
}

#[derive(Template)]
#[template(path = "region/region.html")]
struct RegionPage {
    c: Chrome,
    code: String,
    name: String,
    level: String,
    kind: String,
    lineage: Vec<Entry>,
    children: Vec<Entry>,
    is_village: bool,
}

async fn root(State(state): State<AppState>, user: PageUser) -> Redirect {
    let tree = state.app.regions();
    // Staff of a supervising unit or an organisation hold no region: they start at the top.
    let home = user.auth.actor.home_region().filter(|c| tree.get(c).is_some()).map(str::to_string);
    let start = home.or_else(|| tree.roots().first().map(|root| root.code.clone()));
    Redirect::to(&format!("/regions/{}", start.unwrap_or_default()))
}

async fn show(State(state): State<AppState>, user: PageUser, Path(code): Path<String>) -> Result<Response, WebError> {
    let tree = state.app.regions();
    let node = tree.get(&code).ok_or(WebError::App(app::AppError::NotFound))?;
    let entry =
        |n: &app::region::RegionNode| Entry { code: n.code.clone(), name: n.name.clone(), kind: n.kind.clone() };
    let c = Chrome::new(&state, &user, "/regions");
    let page = RegionPage {
        level: c.label("region-level", node.level.as_str()),
        c,
        code: node.code.clone(),
        name: node.name.clone(),
        kind: node.kind.clone(),
        lineage: tree.lineage(&code).into_iter().map(entry).collect(),
        children: node.children.iter().filter_map(|c| tree.get(c)).map(entry).collect(),
        is_village: node.level == domain::region::Level::Village,
    };
    Ok(render(&page))
}
