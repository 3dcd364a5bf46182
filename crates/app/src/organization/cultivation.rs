//! Cultivation (4B): how many organisations of the five priority kinds each county has
//! at the end of a year, and how many of them were registered that year. The kinds follow
//! from each organisation's legal form and category (`domain::organization::priority_kinds`).
//! Community-level organisations that townships file (备案) without full registration.

use chrono::Datelike;
use domain::Violation;
use domain::identity::Permission;
use domain::organization::{Category, OrgKind, PriorityKind, priority_kinds};
use domain::region::Level;
use serde::Serialize;
use store::entity::community_org_filing;
use store::sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

use super::county_of;
use crate::error::{Checks, optional_text, required_text};
use crate::tx::{Change, WriteTx};
use crate::{Actor, App, AppError};

/// One county's counts, in the order of `PriorityKind::ALL`.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CultivationRow {
    pub region_code: String,
    pub region_name: String,
    /// Active organisations of each priority kind at the end of the year.
    pub totals: Vec<usize>,
    /// Of those, registered during the year.
    pub new: Vec<usize>,
}

impl App {
    /// Priority-kind counts per county for a year, over the organisations the actor sees.
    pub async fn cultivation_counts(&self, actor: &Actor, year: i32) -> Result<Vec<CultivationRow>, AppError> {
        let tree = self.regions();
        let mut rows: Vec<CultivationRow> = Vec::new();
        for org in self.active_at_year_end(actor, year).await? {
            let (Some(kind), Some(category)) = (OrgKind::parse(&org.kind), Category::parse(&org.category)) else {
                continue;
            };
            let (code, name) = county_of(&tree, &org.region_code);
            let index = match rows.iter().position(|r| r.region_code == code) {
                Some(index) => index,
                None => {
                    let zeros = vec![0; PriorityKind::ALL.len()];
                    rows.push(CultivationRow {
                        region_code: code,
                        region_name: name,
                        totals: zeros.clone(),
                        new: zeros,
                    });
                    rows.len() - 1
                }
            };
            for priority in priority_kinds(kind, category) {
                let slot = PriorityKind::ALL.iter().position(|p| *p == priority).unwrap_or_default();
                rows[index].totals[slot] += 1;
                rows[index].new[slot] += usize::from(org.registered_on.year() == year);
            }
        }
        rows.sort_by(|a, b| a.region_code.cmp(&b.region_code));
        Ok(rows)
    }
}

#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct NewFiling {
    pub name: String,
    /// The community where it is active (a village-level code of the township), or the
    /// township itself.
    pub region_code: String,
    pub category: String,
    pub leader: String,
    pub members: i32,
    pub activities: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct FilingView {
    pub id: i64,
    pub township: String,
    pub region_code: String,
    pub region_name: String,
    pub name: String,
    #[schema(value_type = String)]
    pub category: Category,
    pub leader: String,
    pub members: i32,
    pub activities: String,
    pub filed_on: chrono::NaiveDate,
}

impl App {
    /// A township files a community-level organisation (备案) active in one of its
    /// communities or across the township.
    pub async fn file_community_organization(
        &self,
        actor: &Actor,
        township: &str,
        input: NewFiling,
    ) -> Result<i64, AppError> {
        let tree = self.regions();
        if tree.get(township).is_none_or(|n| n.level != Level::Township) {
            return Err(AppError::NotFound);
        }
        actor.require(Permission::WriteCommunity, township, &tree)?;
        let mut checks = Checks::default();
        let name = checks.field("name", required_text(&input.name, 100));
        let leader = checks.field("leader", required_text(&input.leader, 40));
        let activities = checks.field("activities", optional_text(&input.activities, 2000));
        let category = Category::parse(input.category.trim());
        if category.is_none() {
            checks.push(Violation::new("unknown-choice").on("category"));
        }
        let region = input.region_code.trim();
        if !tree.contains(township, region) {
            checks.push(Violation::new("region-unknown").on("region_code"));
        }
        if input.members < 1 {
            checks.push(Violation::new("filing-members").on("members"));
        }
        checks.finish()?;
        let (Some(name), Some(leader), Some(activities), Some(category)) = (name, leader, activities, category) else {
            return Err(AppError::Internal("checked fields missing".into()));
        };
        let taken = community_org_filing::Entity::find()
            .filter(community_org_filing::Column::TownshipCode.eq(township))
            .filter(community_org_filing::Column::Name.eq(&name))
            .one(&self.db)
            .await?;
        if taken.is_some() {
            return Err(AppError::Conflict(Violation::new("name-taken").on("name")));
        }
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let id = community_org_filing::Entity::insert(community_org_filing::ActiveModel {
            township_code: Set(township.to_string()),
            region_code: Set(region.to_string()),
            name: Set(name.clone()),
            category: Set(category.as_str().into()),
            leader: Set(leader),
            members: Set(input.members),
            activities: Set(activities),
            filed_on: Set(self.settings.today()),
            ..Default::default()
        })
        .exec(tx.conn())
        .await?
        .last_insert_id;
        let after =
            serde_json::json!({ "name": name, "region_code": region, "category": category, "members": input.members });
        tx.record(Change::new("file", "community_org_filing", id, region).after(&after)).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The community-level organisations filed below a region the actor reads, by name.
    pub async fn community_organizations(&self, actor: &Actor, code: &str) -> Result<Vec<FilingView>, AppError> {
        let tree = self.regions();
        actor.require(Permission::ReadCommunity, code, &tree)?;
        let node = tree.get(code).ok_or(AppError::NotFound)?;
        let townships: Vec<String> =
            tree.codes_with_path_prefix(&node.path).into_iter().filter(|c| c.len() == 9).collect();
        let mut views = Vec::new();
        for chunk in townships.chunks(500) {
            let rows = community_org_filing::Entity::find()
                .filter(community_org_filing::Column::TownshipCode.is_in(chunk.to_vec()))
                .all(&self.db)
                .await?;
            for f in rows.into_iter().filter(|f| tree.contains(code, &f.region_code)) {
                views.push(FilingView {
                    township: tree.get(&f.township_code).map(|n| n.name.clone()).unwrap_or_default(),
                    region_name: tree.get(&f.region_code).map(|n| n.name.clone()).unwrap_or_default(),
                    category: Category::parse(&f.category).unwrap_or(Category::Other),
                    id: f.id,
                    region_code: f.region_code,
                    name: f.name,
                    leader: f.leader,
                    members: f.members,
                    activities: f.activities,
                    filed_on: f.filed_on,
                });
            }
        }
        views.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(views)
    }
}
