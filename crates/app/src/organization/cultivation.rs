//! Cultivation (4B): how many organisations of the five priority kinds each county has
//! at the end of a year, and how many of them were registered that year. The kinds follow
//! from each organisation's legal form and category (`domain::organization::priority_kinds`).
//! Incubation and development-fund support per county and year. Community-level
//! organisations that townships file (备案) without full registration.

use chrono::{Datelike, NaiveDate};
use domain::Violation;
use domain::identity::Permission;
use domain::organization::cultivation::{Graduation, Stay};
use domain::organization::{Category, PriorityKind, priority_kinds};
use domain::region::Level;
use serde::Serialize;
use store::entity::{community_org_filing, fund_support, organization};
use store::sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

use super::{county_of, sees};
use crate::error::{Checks, optional_text, required_text};
use crate::tx::{Change, WriteTx};
use crate::{Actor, App, AppError};

/// One county's counts for a year: the priority kinds in the order of `PriorityKind::ALL`,
/// incubation in the county's bases, and development-fund support to its organisations.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CultivationRow {
    pub region_code: String,
    pub region_name: String,
    /// Active organisations of each priority kind at the end of the year.
    pub totals: Vec<usize>,
    /// Of those, registered during the year.
    pub new: Vec<usize>,
    /// Groups hosted in the county's incubation bases at the end of the year.
    pub incubating: usize,
    /// Groups that left those bases during the year, and of them how many registered.
    pub graduated: usize,
    pub graduated_registered: usize,
    /// Support records granted during the year and their sum, in fen.
    pub supports: usize,
    pub support_fen: i64,
}

/// The rows being counted, one per county, created on first use.
struct Tally<'a> {
    tree: &'a crate::RegionTree,
    rows: Vec<CultivationRow>,
}

impl Tally<'_> {
    fn county(&mut self, region: &str) -> &mut CultivationRow {
        let (code, name) = county_of(self.tree, region);
        let index = match self.rows.iter().position(|r| r.region_code == code) {
            Some(index) => index,
            None => {
                let zeros = vec![0; PriorityKind::ALL.len()];
                self.rows.push(CultivationRow {
                    region_code: code,
                    region_name: name,
                    totals: zeros.clone(),
                    new: zeros,
                    incubating: 0,
                    graduated: 0,
                    graduated_registered: 0,
                    supports: 0,
                    support_fen: 0,
                });
                self.rows.len() - 1
            }
        };
        &mut self.rows[index]
    }
}

impl App {
    /// Cultivation counts per county for a year, over what the actor sees.
    pub async fn cultivation_counts(&self, actor: &Actor, year: i32) -> Result<Vec<CultivationRow>, AppError> {
        let tree = self.regions();
        let mut tally = Tally { tree: &tree, rows: Vec::new() };
        for org in self.active_at_year_end(actor, year).await? {
            let row = tally.county(&org.region_code);
            for priority in priority_kinds(org.kind.0, org.category.0) {
                let slot = PriorityKind::ALL.iter().position(|p| *p == priority).unwrap_or_default();
                row.totals[slot] += 1;
                row.new[slot] += usize::from(org.registered_on.year() == year);
            }
        }
        let (Some(first), Some(last)) = (NaiveDate::from_ymd_opt(year, 1, 1), NaiveDate::from_ymd_opt(year, 12, 31))
        else {
            return Err(AppError::invalid("year", Violation::new("year-out-of-range")));
        };
        let (bases, stays) = self.visible_bases(actor).await?;
        for stay in stays {
            let Some(base) = bases.iter().find(|b| b.id == stay.base_id) else { continue };
            let hosted = Stay { entered_on: stay.entered_on, graduated_on: stay.graduated_on }.hosted_on(last);
            let left = stay.graduated_on.filter(|day| (first..=last).contains(day));
            let registered = stay.outcome == Some(Graduation::Registered.into());
            if hosted || left.is_some() {
                let row = tally.county(&base.region_code);
                row.incubating += usize::from(hosted);
                row.graduated += usize::from(left.is_some());
                row.graduated_registered += usize::from(left.is_some() && registered);
            }
        }
        for (support, org) in self.supports_granted(actor, first, last).await? {
            let row = tally.county(&org.region_code);
            row.supports += 1;
            row.support_fen += support.amount_fen;
        }
        let mut rows = tally.rows;
        rows.sort_by(|a, b| a.region_code.cmp(&b.region_code));
        Ok(rows)
    }

    /// Support granted between two days to organisations the actor sees.
    async fn supports_granted(
        &self,
        actor: &Actor,
        first: NaiveDate,
        last: NaiveDate,
    ) -> Result<Vec<(fund_support::Model, organization::Model)>, AppError> {
        let tree = self.regions();
        let rows = fund_support::Entity::find()
            .filter(fund_support::Column::GrantedOn.between(first, last))
            .find_also_related(organization::Entity)
            .all(&self.db)
            .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(support, org)| org.filter(|o| sees(actor, &tree, o)).map(|o| (support, o)))
            .collect())
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
        let category =
            checks.field("category", Category::parse(input.category.trim()).ok_or(Violation::new("unknown-choice")));
        let region = input.region_code.trim();
        if !tree.contains(township, region) {
            checks.push(Violation::new("region-unknown").on("region_code"));
        }
        if input.members < 1 {
            checks.push(Violation::new("filing-members").on("members"));
        }
        let (name, leader, activities, category) = checks.finish_with((name, leader, activities, category))?;
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let taken = community_org_filing::Entity::find()
            .filter(community_org_filing::Column::TownshipCode.eq(township))
            .filter(community_org_filing::Column::Name.eq(&name))
            .one(tx.conn())
            .await?;
        if taken.is_some() {
            return Err(AppError::Conflict(Violation::new("name-taken").on("name")));
        }
        let id = community_org_filing::Entity::insert(community_org_filing::ActiveModel {
            township_code: Set(township.to_string()),
            region_code: Set(region.to_string()),
            name: Set(name.clone()),
            category: Set(category.into()),
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
                    category: f.category.0,
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
