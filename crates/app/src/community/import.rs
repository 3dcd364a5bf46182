//! Spreadsheet import of people and posts (.xlsx or CSV), and export of the same columns.
//! An import checks every row, then writes all rows in one transaction or none; a dry run
//! does the same writes and rolls them back, so it also finds taken seats and name clashes.

use domain::Violation;
use domain::identifiers::resident_id::mask;
use domain::identity::Permission;
use domain::region::Level;
use store::entity::post;
use store::sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use super::NewPost;
use super::posts::write_post;
use crate::sheet::{Choice, Column, ImportFormat, ImportReport, Language, SheetFormat, Takes, row_error};
use crate::tx::{Change, WriteTx};
use crate::{Actor, App, AppError};

const BODIES: &[Choice] = &[
    Choice { code: "party_organization", zh: "党组织", en: "Party organisation", also: &["社区党组织"] },
    Choice { code: "residents_committee", zh: "居民委员会", en: "Residents' committee", also: &["居委会"] },
    Choice { code: "villagers_committee", zh: "村民委员会", en: "Villagers' committee", also: &["村委会"] },
    Choice { code: "affairs_station", zh: "社区工作站", en: "Community affairs station", also: &[] },
];

const TITLES: &[Choice] = &[
    Choice { code: "secretary", zh: "书记", en: "Secretary", also: &[] },
    Choice { code: "deputy_secretary", zh: "副书记", en: "Deputy secretary", also: &[] },
    Choice { code: "director", zh: "主任", en: "Director", also: &[] },
    Choice { code: "deputy_director", zh: "副主任", en: "Deputy director", also: &[] },
    Choice { code: "member", zh: "委员", en: "Member", also: &[] },
    Choice { code: "station_head", zh: "站长", en: "Station head", also: &[] },
    Choice { code: "staff", zh: "工作人员", en: "Staff", also: &[] },
];

const EMPLOYMENTS: &[Choice] = &[
    Choice { code: "full_time", zh: "专职", en: "Full-time", also: &[] },
    Choice { code: "part_time", zh: "兼职", en: "Part-time", also: &[] },
];

/// The people-and-posts sheet (the header row of the downloadable template).
pub static POST_SHEET: SheetFormat = SheetFormat {
    columns: &[
        Column { field: "community", zh: "社区代码", en: "Community code", takes: Takes::Text },
        Column { field: "name", zh: "姓名", en: "Name", takes: Takes::Text },
        Column { field: "id_number", zh: "身份证号", en: "ID number", takes: Takes::Text },
        Column { field: "phone", zh: "手机号码", en: "Mobile", takes: Takes::Text },
        Column { field: "body", zh: "组织", en: "Body", takes: Takes::OneOf(BODIES) },
        Column { field: "title", zh: "职务", en: "Post", takes: Takes::OneOf(TITLES) },
        Column { field: "employment", zh: "专兼职", en: "Employment", takes: Takes::OneOf(EMPLOYMENTS) },
        Column { field: "started_on", zh: "任职日期", en: "Since", takes: Takes::Date },
    ],
    // 百福弄社区 in 建设街道, Nanhu district, Jiaxing.
    example: &[
        "330402007024",
        "沈晓梅",
        "330402198507150022",
        "13905731234",
        "residents_committee",
        "director",
        "full_time",
        "2021-06-01",
    ],
};

/// A data row read from the file, with its line number.
pub struct ImportRow {
    pub line: usize,
    pub community: String,
    pub post: NewPost,
}

/// Reads the rows of a posts sheet in the template's columns.
pub fn parse_import(format: ImportFormat, bytes: &[u8]) -> Result<Vec<ImportRow>, AppError> {
    Ok(POST_SHEET
        .read(format, bytes)?
        .into_iter()
        .map(|(line, cells)| {
            let cell = |i: usize| cells.get(i).cloned().unwrap_or_default();
            ImportRow {
                line,
                community: cell(0).trim().to_string(),
                post: NewPost {
                    name: cell(1),
                    id_number: cell(2),
                    phone: cell(3),
                    body: cell(4),
                    title: cell(5),
                    employment: cell(6),
                    started_on: cell(7),
                },
            }
        })
        .collect())
}

impl App {
    /// Checks every row and writes them all, or (dry run, or any error) none. `progress`
    /// is told how many rows are done, for a progress bar.
    pub async fn import_posts(
        &self,
        actor: &Actor,
        rows: &[ImportRow],
        dry_run: bool,
        progress: &(dyn Fn(usize) + Send + Sync),
    ) -> Result<ImportReport, AppError> {
        let tree = self.regions();
        let today = self.settings.today();
        let mut errors = Vec::new();
        let mut valid = Vec::with_capacity(rows.len());
        for row in rows {
            let in_scope = tree.get(&row.community).is_some_and(|n| n.level == Level::Village)
                && actor.may(Permission::WriteCommunity, &row.community, &tree);
            if !in_scope {
                errors.push(row_error(row.line, Violation::new("community-unknown").on(POST_SHEET.columns[0].field)));
            }
            match row.post.validate(today) {
                Ok(post) if in_scope => valid.push((row.line, row.community.as_str(), post)),
                Ok(_) => {}
                Err(field_errors) => errors.extend(field_errors.into_iter().map(|e| row_error(row.line, e))),
            }
        }
        progress(rows.len() / 2);
        if !errors.is_empty() {
            return Ok(ImportReport { total: rows.len(), errors, committed: false });
        }
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        for (done, (line, code, post)) in valid.iter().enumerate() {
            match write_post(&mut tx, code, post).await {
                Ok(_) => {}
                Err(AppError::Invalid(field_errors)) => {
                    errors.extend(field_errors.into_iter().map(|e| row_error(*line, e)))
                }
                Err(AppError::Conflict(e)) => errors.push(row_error(*line, e)),
                Err(other) => return Err(other),
            }
            if done % 100 == 0 {
                progress(rows.len() / 2 + done / 2);
            }
        }
        progress(rows.len());
        let committed = errors.is_empty() && !dry_run;
        if committed {
            let summary = serde_json::json!({ "rows": rows.len() });
            let scope = actor.home_region().unwrap_or_default().to_string();
            tx.record(Change::new("import", "posts", rows.len(), &scope).after(&summary)).await?;
            tx.commit().await?;
        }
        Ok(ImportReport { total: rows.len(), errors, committed })
    }

    /// Current and past posts of one community (or of all in scope), as template rows.
    pub async fn export_rows(&self, actor: &Actor, code: Option<&str>) -> Result<Vec<[String; 8]>, AppError> {
        let tree = self.regions();
        let scopes: Vec<String> = match code {
            Some(code) => {
                actor.require(Permission::ExportData, code, &tree)?;
                vec![code.to_string()]
            }
            None => actor.regions_with(Permission::ExportData).into_iter().map(str::to_string).collect(),
        };
        if scopes.is_empty() {
            return Err(AppError::NotFound);
        }
        let codes: Vec<String> =
            scopes.iter().filter_map(|s| tree.get(s)).flat_map(|n| tree.codes_with_path_prefix(&n.path)).collect();
        let mut posts = Vec::new();
        for chunk in codes.chunks(500) {
            posts.extend(
                post::Entity::find()
                    .filter(post::Column::RegionCode.is_in(chunk.to_vec()))
                    .order_by_asc(post::Column::RegionCode)
                    .order_by_asc(post::Column::Id)
                    .all(&self.db)
                    .await?,
            );
        }
        let body_kinds: std::collections::HashMap<i64, String> = store::entity::community_body::Entity::find()
            .filter(
                store::entity::community_body::Column::Id.is_in(posts.iter().map(|p| p.body_id).collect::<Vec<_>>()),
            )
            .all(&self.db)
            .await?
            .into_iter()
            .map(|b| (b.id, b.kind))
            .collect();
        // Chinese labels, so that a person reads the export and can import it again.
        let label = |column: usize, code: &str| POST_SHEET.label(column, code, Language::Chinese);
        let rows: Vec<[String; 8]> = super::with_holders(&self.db, posts)
            .await?
            .into_iter()
            .map(|(p, person)| {
                [
                    p.region_code.clone(),
                    person.name,
                    mask(&person.id_number),
                    person.phone,
                    label(4, body_kinds.get(&p.body_id).map(String::as_str).unwrap_or_default()),
                    label(5, &p.title),
                    label(6, &p.employment),
                    p.started_on.to_string(),
                ]
            })
            .collect();
        let detail = serde_json::json!({ "scope": scopes });
        let region = code.map(str::to_string).unwrap_or_else(|| actor.home_region().unwrap_or_default().to_string());
        self.record_export_in(actor, "posts", rows.len(), detail, &region).await?;
        Ok(rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_templates_example_is_a_valid_post() {
        let cell = |i: usize| POST_SHEET.example[i].to_string();
        let post = NewPost {
            name: cell(1),
            id_number: cell(2),
            phone: cell(3),
            body: cell(4),
            title: cell(5),
            employment: cell(6),
            started_on: cell(7),
        };
        let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        assert!(post.validate(today).is_ok());
    }
}
