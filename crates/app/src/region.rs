//! The region tree (2E): held in memory for scope checks and navigation, stored as data.

use std::collections::HashMap;

use chrono::{NaiveDate, Utc};
use domain::community::BodyKind;
use domain::region::{Division, Level, is_urban_code, parse_divisions};
use serde::Serialize;
use store::entity::{community, community_body, region};
use store::sea_orm::sea_query::OnConflict;
use store::sea_orm::{ActiveValue::Set, DatabaseConnection, EntityTrait, PaginatorTrait};

use crate::tx::{Author, Change, WriteTx};
use crate::{App, AppError};

/// The tree shipped with the product: Jiaxing, statistics bureau codes of 2023-06-30.
pub const SHIPPED_TREE: &str = include_str!("../../../data/jiaxing-divisions-2023.tsv");
const SHIPPED_VALID_FROM: (i32, u32, u32) = (2023, 6, 30);

#[derive(Debug, Clone, Serialize)]
pub struct RegionNode {
    pub code: String,
    pub name: String,
    pub level: Level,
    pub kind: String,
    pub parent_code: Option<String>,
    pub path: String,
    pub children: Vec<String>,
}

#[derive(Debug, Default)]
pub struct RegionTree {
    nodes: HashMap<String, RegionNode>,
}

impl RegionTree {
    pub async fn load(db: &DatabaseConnection) -> Result<Self, AppError> {
        let rows = region::Entity::find().all(db).await?;
        let mut nodes: HashMap<String, RegionNode> = rows
            .into_iter()
            .filter(|r| r.valid_to.is_none())
            .map(|r| {
                let node = RegionNode {
                    level: Level::parse(&r.level).unwrap_or(Level::Village),
                    code: r.code.clone(),
                    name: r.name,
                    kind: r.kind,
                    parent_code: r.parent_code,
                    path: r.path,
                    children: Vec::new(),
                };
                (r.code, node)
            })
            .collect();
        let links: Vec<(String, String)> =
            nodes.values().filter_map(|n| n.parent_code.clone().map(|p| (p, n.code.clone()))).collect();
        for (parent, child) in links {
            if let Some(p) = nodes.get_mut(&parent) {
                p.children.push(child);
            }
        }
        for node in nodes.values_mut() {
            node.children.sort();
        }
        Ok(Self { nodes })
    }

    pub fn get(&self, code: &str) -> Option<&RegionNode> {
        self.nodes.get(code)
    }

    /// Whether `code` is `ancestor` or lies below it.
    pub fn contains(&self, ancestor: &str, code: &str) -> bool {
        match self.nodes.get(code) {
            Some(node) => node.path.contains(&format!("/{ancestor}/")),
            None => false,
        }
    }

    /// The names from the root down to `code`, for breadcrumbs: 嘉兴市 › 南湖区 › …
    pub fn lineage(&self, code: &str) -> Vec<&RegionNode> {
        let mut chain = Vec::new();
        let mut current = self.nodes.get(code);
        while let Some(node) = current {
            chain.push(node);
            current = node.parent_code.as_deref().and_then(|p| self.nodes.get(p));
        }
        chain.reverse();
        chain
    }

    /// Every current region of a level, sorted by code.
    pub fn at_level(&self, level: Level) -> Vec<&RegionNode> {
        let mut found: Vec<&RegionNode> = self.nodes.values().filter(|n| n.level == level).collect();
        found.sort_by(|a, b| a.code.cmp(&b.code));
        found
    }

    /// Every current region of a level inside a subtree, sorted by code.
    pub fn within(&self, ancestor: &str, level: Level) -> Vec<&RegionNode> {
        let mut found: Vec<&RegionNode> =
            self.nodes.values().filter(|n| n.level == level && self.contains(ancestor, &n.code)).collect();
        found.sort_by(|a, b| a.code.cmp(&b.code));
        found
    }

    /// Every current code whose path starts with `prefix` (a node and its whole subtree).
    pub fn codes_with_path_prefix(&self, prefix: &str) -> Vec<String> {
        self.nodes.values().filter(|n| n.path.starts_with(prefix)).map(|n| n.code.clone()).collect()
    }

    /// The regions at the top of the tree (those whose parent it does not hold), by code.
    pub fn roots(&self) -> Vec<&RegionNode> {
        let mut found: Vec<&RegionNode> = self
            .nodes
            .values()
            .filter(|n| n.parent_code.as_deref().is_none_or(|p| !self.nodes.contains_key(p)))
            .collect();
        found.sort_by(|a, b| a.code.cmp(&b.code));
        found
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }
}

/// Outcome of an import: how many regions and community profiles it wrote.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ImportSummary {
    pub regions: usize,
    pub new_communities: usize,
}

/// Loads the shipped tree into a database that has no regions yet.
pub async fn seed_shipped_tree(app: &App) -> Result<(), AppError> {
    if region::Entity::find().count(&app.db).await? > 0 {
        return Ok(());
    }
    let (y, m, d) = SHIPPED_VALID_FROM;
    let valid_from = NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
    import_divisions(app, SHIPPED_TREE, valid_from, Author::system()).await?;
    Ok(())
}

/// Imports a division file all or nothing: upserts every region with its path, and gives
/// every new village-level unit a community profile with its three bodies.
pub async fn import_divisions(
    app: &App,
    text: &str,
    valid_from: NaiveDate,
    author: Author,
) -> Result<ImportSummary, AppError> {
    let divisions = parse_divisions(text).map_err(|errors| {
        AppError::Invalid(errors.into_iter().map(|(line, v)| v.on(format!("line {line}"))).collect())
    })?;
    let existing: HashMap<String, String> =
        region::Entity::find().all(&app.db).await?.into_iter().map(|r| (r.code, r.path)).collect();
    let paths = compute_paths(&divisions, &existing);
    let mut tx = WriteTx::begin(app, author).await?;
    for chunk in divisions.chunks(500) {
        let rows = chunk.iter().map(|d| region::ActiveModel {
            code: Set(d.code.clone()),
            name: Set(d.name.clone()),
            level: Set(d.level.as_str().to_string()),
            kind: Set(d.kind.clone()),
            parent_code: Set(d.parent_code.clone()),
            path: Set(paths[&d.code].clone()),
            valid_from: Set(valid_from),
            ..Default::default()
        });
        region::Entity::insert_many(rows)
            .on_conflict(
                OnConflict::column(region::Column::Code)
                    .update_columns([
                        region::Column::Name,
                        region::Column::Level,
                        region::Column::Kind,
                        region::Column::ParentCode,
                        region::Column::Path,
                    ])
                    .to_owned(),
            )
            .exec_without_returning(tx.conn())
            .await?;
    }
    let villages: Vec<&Division> =
        divisions.iter().filter(|d| d.level == Level::Village && !existing.contains_key(&d.code)).collect();
    let now = Utc::now();
    for chunk in villages.chunks(500) {
        let profiles = chunk.iter().map(|d| community::ActiveModel {
            region_code: Set(d.code.clone()),
            name: Set(d.name.clone()),
            urban: Set(is_urban_code(&d.code)),
            households: Set(0),
            population: Set(0),
            address: Set(String::new()),
            phone: Set(String::new()),
            contact_person: Set(String::new()),
            updated_at: Set(now),
        });
        community::Entity::insert_many(profiles).exec_without_returning(tx.conn()).await?;
        let bodies = chunk.iter().flat_map(|d| {
            BodyKind::for_unit(is_urban_code(&d.code)).map(|kind| community_body::ActiveModel {
                region_code: Set(d.code.clone()),
                kind: Set(kind.as_str().to_string()),
                name: Set(String::new()),
                ..Default::default()
            })
        });
        community_body::Entity::insert_many(bodies).exec_without_returning(tx.conn()).await?;
    }
    let summary = ImportSummary { regions: divisions.len(), new_communities: villages.len() };
    let root = divisions.iter().min_by_key(|d| d.level).map(|d| d.code.clone()).unwrap_or_default();
    tx.record(Change::new("import", "regions", &root, &root).after(&summary)).await?;
    tx.commit().await?;
    app.reload_regions().await?;
    Ok(summary)
}

impl App {
    /// The codes from the root down to `code`: where a setting made per region is looked up.
    pub(crate) fn lineage_codes(&self, code: &str) -> Vec<String> {
        self.regions().lineage(code).into_iter().map(|n| n.code.clone()).collect()
    }
}

/// The row of the nearest region in `lineage` (root first) that has one.
pub(crate) fn nearest<'a, T>(lineage: &[String], rows: &'a [T], region: impl Fn(&T) -> &str) -> Option<&'a T> {
    lineage.iter().rev().find_map(|c| rows.iter().find(|r| region(r) == c))
}

/// `/root/…/code/` for every division, from parents in the file or already stored.
fn compute_paths(divisions: &[Division], existing: &HashMap<String, String>) -> HashMap<String, String> {
    let mut sorted: Vec<&Division> = divisions.iter().collect();
    sorted.sort_by_key(|d| d.level);
    let mut paths: HashMap<String, String> = HashMap::new();
    for d in sorted {
        let parent_path = d
            .parent_code
            .as_ref()
            .and_then(|p| paths.get(p).or_else(|| existing.get(p)).cloned())
            .unwrap_or_else(|| "/".to_string());
        paths.insert(d.code.clone(), format!("{parent_path}{}/", d.code));
    }
    paths
}
