//! Linkage figures (5E): JSON, a page with the confirmed hours of each month drawn as an
//! inline SVG bar chart above the month-by-month table, and the table as a spreadsheet.

use app::volunteer::{SERVICE_FIELDS, VolunteerFigures};
use askama::Template;
use axum::extract::Query;
use axum::response::Response;
use axum::routing::get;
use axum::{Json, Router};
use chrono::Datelike;
use domain::identity::Permission;
use domain::region::Level;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::floor::i18n::{self, Lang};
use crate::floor::sheet::spreadsheet_response;
use crate::floor::{ApiCall, AppState, Chrome, PageCall, QueryParams, RegionPicker, RequestLang, WebError, render};

/// The office's figures page and its download: merged into the page routes next to the
/// volunteer pages (until then nothing calls it).
pub fn router() -> Router<AppState> {
    Router::new().route("/volunteers/figures", get(figures_page)).route("/volunteers/figures/export", get(export_page))
}

#[derive(Deserialize, Default, IntoParams)]
#[serde(default)]
pub struct FiguresQuery {
    /// A region the caller keeps volunteers in; by default the first one.
    region: String,
    /// By default the current year.
    year: String,
    /// For the export: xlsx (default) or csv.
    format: String,
}

impl FiguresQuery {
    /// The region and year asked for, else the caller's first region and this year.
    fn resolve(&self, state: &AppState, actor: &app::Actor) -> (String, i32) {
        let region = if self.region.trim().is_empty() {
            // Someone who keeps no volunteers is refused at home (403), as lists refuse.
            let kept = actor.regions_with(Permission::ManageVolunteers).first().copied();
            kept.or(actor.home_region()).unwrap_or_default().to_string()
        } else {
            self.region.trim().to_string()
        };
        // A year that is not a number is refused by the use case, which names `year`.
        let year = match self.year.trim() {
            "" => state.app.settings.today().year(),
            typed => typed.parse().unwrap_or(0),
        };
        (region, year)
    }
}

/// Month by month in a region and year: registered and active volunteers, confirmed
/// minutes, teams and those with a social-worker guide, volunteers per social worker,
/// volunteers trained in social-work skills, and activities by service field.
#[utoipa::path(get, path = "/api/v1/volunteer-figures", tag = "volunteer", params(FiguresQuery),
    responses((status = 200, body = VolunteerFigures), (status = 403), (status = 404), (status = 422)))]
pub async fn figures(
    ApiCall { state, auth }: ApiCall,
    QueryParams(q): QueryParams<FiguresQuery>,
) -> Result<Json<VolunteerFigures>, WebError> {
    let (region, year) = q.resolve(&state, &auth.actor);
    Ok(Json(state.app.volunteer_figures(&auth.actor, &region, year).await?))
}

/// The figures as a spreadsheet (.xlsx, or CSV with `format=csv`), one row a month;
/// recorded in the audit trail as an export.
#[utoipa::path(get, path = "/api/v1/volunteer-figures/export", tag = "volunteer", params(FiguresQuery),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 403), (status = 404), (status = 422)))]
pub async fn export(
    ApiCall { state, auth }: ApiCall,
    RequestLang(lang): RequestLang,
    QueryParams(q): QueryParams<FiguresQuery>,
) -> Result<Response, WebError> {
    let (region, year) = q.resolve(&state, &auth.actor);
    let found = state.app.export_volunteer_figures(&auth.actor, &region, year).await?;
    spreadsheet(lang, &q.format, &found)
}

/// Minutes as hours with one decimal: 90 → "1.5".
fn hours(minutes: i64) -> String {
    format!("{:.1}", minutes as f64 / 60.0)
}

/// Tenths as people read them: 125 → "12.5"; none → "—".
fn tenths(value: Option<u64>) -> String {
    value.map_or_else(|| "—".to_string(), |v| format!("{}.{}", v / 10, v % 10))
}

fn spreadsheet(lang: Lang, format: &str, f: &VolunteerFigures) -> Result<Response, WebError> {
    let mut columns: Vec<String> = COLUMNS.iter().map(|key| i18n::message(lang, key, &[])).collect();
    columns.extend(SERVICE_FIELDS.iter().map(|field| i18n::message(lang, &format!("vfig-field-{field}"), &[])));
    let columns: Vec<&str> = columns.iter().map(String::as_str).collect();
    let rows: Vec<Vec<String>> = f
        .months
        .iter()
        .map(|m| {
            let mut row = vec![
                f.region_name.clone(),
                format!("{}-{:02}", f.year, m.month),
                m.registered.to_string(),
                m.active.to_string(),
                hours(m.confirmed_minutes),
                m.teams.to_string(),
                m.guided_teams.to_string(),
                m.social_workers.to_string(),
                tenths(m.volunteers_per_social_worker_tenths),
                m.trained_in_social_work.to_string(),
                m.activities.to_string(),
            ];
            row.extend(SERVICE_FIELDS.iter().map(|field| m.activities_by_field.get(*field).unwrap_or(&0).to_string()));
            row
        })
        .collect();
    spreadsheet_response(format, &format!("volunteer-figures-{}-{}", f.region_code, f.year), &columns, &rows)
}

/// The export's first columns, as message keys; one column a service field follows.
const COLUMNS: [&str; 11] = [
    "vfig-region",
    "vfig-month",
    "vfig-registered",
    "vfig-active",
    "vfig-confirmed-hours",
    "vfig-teams",
    "vfig-guided-teams",
    "vfig-social-workers",
    "vfig-per-social-worker",
    "vfig-trained",
    "vfig-activities",
];

/// One month's line of the table and its bar in the chart (viewBox units).
struct MonthLine {
    month: String,
    f: app::volunteer::MonthFigures,
    hours: String,
    per_worker: String,
    x: u32,
    y: u32,
    height: u32,
}

/// The chart's drawing area: bars stand on `BASE` and reach `TOP` at the most hours.
const BASE: u32 = 180;
const TOP: u32 = 20;
const SLOT: u32 = 50;

#[derive(Template)]
#[template(path = "volunteer/figures.html")]
struct FiguresPage {
    c: Chrome,
    picker: RegionPicker,
    region: String,
    year: i32,
    f: Option<VolunteerFigures>,
    lines: Vec<MonthLine>,
    /// The year's activities by service field: label and count, fields with any.
    fields: Vec<(String, u64)>,
    errors: crate::floor::FormErrors,
    base: u32,
    width: u32,
}

fn lines(f: &VolunteerFigures) -> Vec<MonthLine> {
    let most = f.months.iter().map(|m| m.confirmed_minutes).max().unwrap_or(0).max(1);
    f.months
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let height = u32::try_from(m.confirmed_minutes.max(0) * i64::from(BASE - TOP) / most).unwrap_or(0);
            MonthLine {
                month: format!("{}-{:02}", f.year, m.month),
                hours: hours(m.confirmed_minutes),
                per_worker: tenths(m.volunteers_per_social_worker_tenths),
                x: i as u32 * SLOT + 10,
                y: BASE - height,
                height,
                f: m.clone(),
            }
        })
        .collect()
}

async fn figures_page(PageCall { state, user }: PageCall, Query(q): Query<FiguresQuery>) -> Result<Response, WebError> {
    let actor = &user.auth.actor;
    let (region, year) = q.resolve(&state, actor);
    let kept = actor.regions_with(Permission::ManageVolunteers);
    let picker = RegionPicker::new(&state.app.regions(), user.lang, "region", &kept, &region, Level::Village);
    let (f, errors) = match state.app.volunteer_figures(actor, &region, year).await {
        Ok(f) => (Some(f), Default::default()),
        Err(e) => (None, crate::floor::form_errors(user.lang, e)?),
    };
    let lines = f.as_ref().map(lines).unwrap_or_default();
    let fields = f
        .as_ref()
        .map(|f| {
            f.activities_by_field
                .iter()
                .filter(|(_, n)| *n > 0)
                .map(|(field, n)| (i18n::message(user.lang, &format!("vfig-field-{field}"), &[]), *n))
                .collect()
        })
        .unwrap_or_default();
    Ok(render(&FiguresPage {
        c: Chrome::new(&state, &user, "/volunteers/figures"),
        picker,
        region,
        year,
        width: 12 * SLOT + 10,
        base: BASE,
        f,
        lines,
        fields,
        errors,
    }))
}

async fn export_page(PageCall { state, user }: PageCall, Query(q): Query<FiguresQuery>) -> Result<Response, WebError> {
    let (region, year) = q.resolve(&state, &user.auth.actor);
    let found = state.app.export_volunteer_figures(&user.auth.actor, &region, year).await?;
    spreadsheet(user.lang, &q.format, &found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_show_one_decimal_and_ratios_tenths() {
        assert_eq!(hours(90), "1.5");
        assert_eq!(hours(0), "0.0");
        assert_eq!(tenths(Some(125)), "12.5");
        assert_eq!(tenths(None), "—");
    }
}
