//! Public disclosure of community affairs (居务公开, 3B): communities publish per category
//! and period; a calendar shows what is upcoming, due, published or overdue; townships see
//! their communities' overdue items; residents read it all without login.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use domain::Violation;
use domain::governance::disclosure::{
    DisclosureStatus, Frequency, Period, election_period, parse_period, periods_in_year, status,
};
use domain::identity::Permission;
use domain::region::Level;
use serde::{Deserialize, Serialize};
use store::entity::{community, disclosure, disclosure_category, election};
use store::sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::community::RegionRef;
use crate::error::{Checks, required_text};
use crate::region::RegionNode;
use crate::tx::{Change, WriteTx};
use crate::{Actor, App, AppError};

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct NewDisclosure {
    /// finances, decisions, services, community_tasks, election_results, …
    pub category: String,
    /// `2026-11` (monthly), `2026-Q3`, `2026-H2`, `2026` (yearly) or `E12` (election 12).
    pub period: String,
    pub title: String,
    pub body: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DisclosureView {
    pub id: i64,
    pub category: String,
    pub period: String,
    pub title: String,
    pub body: String,
    pub published_on: NaiveDate,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CalendarEntry {
    pub category: String,
    pub frequency: String,
    pub period: String,
    pub ends: NaiveDate,
    pub due: NaiveDate,
    /// upcoming, due, overdue, published or published_late.
    pub status: String,
    pub published_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DisclosureCalendar {
    pub region_code: String,
    pub community: String,
    pub year: i32,
    /// The categories to disclose, in their listed order.
    pub categories: Vec<String>,
    pub entries: Vec<CalendarEntry>,
    pub overdue: usize,
}

/// A community with overdue disclosures, as its township sees it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OverdueCommunity {
    pub region_code: String,
    pub community: String,
    /// Oldest first.
    pub items: Vec<OverdueItem>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OverdueItem {
    pub category: String,
    pub period: String,
    pub due: NaiveDate,
}

/// An area below the region looked at, with its overdue counts.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OverdueArea {
    pub region_code: String,
    pub name: String,
    /// Communities with at least one overdue item.
    pub communities: usize,
    pub items: usize,
}

/// One level of the overdue alerts: above a township, the areas below it with their
/// counts (a city lists thousands of communities, too many to read); in a township, its
/// communities with their items.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OverdueLevel {
    /// The region looked at; empty at the top of an actor with several scopes.
    pub region_code: String,
    pub name: String,
    /// The regions the actor may read from the top of the scope down to this one.
    pub lineage: Vec<RegionRef>,
    pub areas: Vec<OverdueArea>,
    pub communities: Vec<OverdueCommunity>,
    /// Communities with overdue items and overdue items in the whole region.
    pub total_communities: usize,
    pub total_items: usize,
}

/// What one community has, to lay its calendar out.
struct CommunityRecord<'a> {
    categories: &'a [disclosure_category::Model],
    /// First publication day per (category, period).
    published: HashMap<(String, String), NaiveDate>,
    /// Counted elections: (id, vote date).
    elections: Vec<(i64, NaiveDate)>,
}

impl CommunityRecord<'_> {
    fn periods(&self, category: &disclosure_category::Model, year: i32) -> Vec<Period> {
        let grace = i64::from(category.grace_days);
        match Frequency::parse(&category.frequency) {
            Some(Frequency::PerElection) => self
                .elections
                .iter()
                .filter(|(_, day)| day.year() == year)
                .map(|(id, day)| election_period(*id, *day, grace))
                .collect(),
            Some(frequency) => periods_in_year(frequency, year, grace),
            None => Vec::new(),
        }
    }

    fn calendar(&self, year: i32, today: NaiveDate) -> Vec<CalendarEntry> {
        let mut entries = Vec::new();
        for category in self.categories {
            for period in self.periods(category, year) {
                let published_on = self.published.get(&(category.code.clone(), period.key.clone())).copied();
                entries.push(CalendarEntry {
                    category: category.code.clone(),
                    frequency: category.frequency.clone(),
                    status: status(&period, published_on, today).as_str().into(),
                    period: period.key,
                    ends: period.ends,
                    due: period.due,
                    published_on,
                });
            }
        }
        entries
    }
}

impl App {
    async fn disclosure_categories(&self) -> Result<Vec<disclosure_category::Model>, AppError> {
        Ok(disclosure_category::Entity::find()
            .order_by_asc(disclosure_category::Column::Position)
            .all(&self.db)
            .await?)
    }

    /// Loads what the calendars of these communities need, in a few queries.
    async fn community_records<'c>(
        &self,
        codes: &[String],
        categories: &'c [disclosure_category::Model],
    ) -> Result<HashMap<String, CommunityRecord<'c>>, AppError> {
        let mut records: HashMap<String, CommunityRecord<'c>> = codes
            .iter()
            .map(|c| (c.clone(), CommunityRecord { categories, published: HashMap::new(), elections: Vec::new() }))
            .collect();
        for chunk in codes.chunks(500) {
            for d in disclosure::Entity::find()
                .filter(disclosure::Column::RegionCode.is_in(chunk.to_vec()))
                .all(&self.db)
                .await?
            {
                if let Some(r) = records.get_mut(&d.region_code) {
                    let day = r.published.entry((d.category, d.period)).or_insert(d.published_on);
                    *day = (*day).min(d.published_on);
                }
            }
            for e in election::Entity::find()
                .filter(election::Column::RegionCode.is_in(chunk.to_vec()))
                .filter(election::Column::Result.is_not_null())
                .all(&self.db)
                .await?
            {
                if let Some(r) = records.get_mut(&e.region_code) {
                    r.elections.push((e.id, e.vote_date));
                }
            }
        }
        Ok(records)
    }

    /// Publishes a disclosure for a category's period (a period may get more than one:
    /// corrections and supplements; the first counts for the calendar).
    pub async fn publish_disclosure(&self, actor: &Actor, code: &str, input: NewDisclosure) -> Result<i64, AppError> {
        actor.require(Permission::WriteCommunity, code, &self.regions())?;
        community::Entity::find_by_id(code.to_string()).one(&self.db).await?.ok_or(AppError::NotFound)?;
        let categories = self.disclosure_categories().await?;
        let mut checks = Checks::default();
        let title = checks.field("title", required_text(&input.title, 100));
        let body = checks.field("body", required_text(&input.body, 20_000));
        let category = categories.iter().find(|c| c.code == input.category.trim());
        let period = match category {
            None => {
                checks.push(Violation::new("unknown-choice").on("category"));
                None
            }
            Some(category) => {
                let frequency = Frequency::parse(&category.frequency);
                let grace = i64::from(category.grace_days);
                let key = input.period.trim();
                let found = match frequency {
                    Some(Frequency::PerElection) => self.election_period_of(code, key, grace).await?,
                    Some(f) => parse_period(f, key, grace).ok(),
                    None => None,
                };
                if found.is_none() {
                    checks.push(
                        Violation::new("disclosure-period-unknown").with("frequency", &category.frequency).on("period"),
                    );
                }
                found
            }
        };
        let (category, period, title, body) = checks.finish_with((category, period, title, body))?;
        let today = self.settings.today();
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let id = disclosure::Entity::insert(disclosure::ActiveModel {
            region_code: Set(code.to_string()),
            category: Set(category.code.clone()),
            period: Set(period.key.clone()),
            title: Set(title.clone()),
            body: Set(body),
            published_on: Set(today),
            ..Default::default()
        })
        .exec(tx.conn())
        .await?
        .last_insert_id;
        let after = serde_json::json!({ "category": category.code, "period": period.key, "title": title,
            "status": status(&period, Some(today), today).as_str() });
        tx.record(Change::new("publish", "disclosure", id, code).after(&after)).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The period of `E<id>` if that is a counted election of the community.
    async fn election_period_of(&self, code: &str, key: &str, grace: i64) -> Result<Option<Period>, AppError> {
        let Some(id) = key.strip_prefix('E').and_then(|n| n.parse::<i64>().ok()) else { return Ok(None) };
        let found = election::Entity::find_by_id(id).one(&self.db).await?;
        Ok(found
            .filter(|e| e.region_code == code && e.result.is_some())
            .map(|e| election_period(e.id, e.vote_date, grace)))
    }

    /// A community's disclosure calendar for a year (public).
    pub async fn disclosure_calendar(&self, code: &str, year: i32) -> Result<DisclosureCalendar, AppError> {
        community::Entity::find_by_id(code.to_string()).one(&self.db).await?.ok_or(AppError::NotFound)?;
        if !(2000..=2100).contains(&year) {
            return Err(AppError::invalid("year", Violation::new("disclosure-year")));
        }
        let categories = self.disclosure_categories().await?;
        let records = self.community_records(&[code.to_string()], &categories).await?;
        let entries = records.get(code).map(|r| r.calendar(year, self.settings.today())).unwrap_or_default();
        Ok(DisclosureCalendar {
            region_code: code.to_string(),
            community: self.regions().get(code).map(|n| n.name.clone()).unwrap_or_default(),
            year,
            categories: categories.iter().map(|c| c.code.clone()).collect(),
            overdue: entries.iter().filter(|e| e.status == DisclosureStatus::Overdue.as_str()).count(),
            entries,
        })
    }

    /// A community's published disclosures, newest first (public).
    pub async fn disclosures(&self, code: &str) -> Result<Vec<DisclosureView>, AppError> {
        community::Entity::find_by_id(code.to_string()).one(&self.db).await?.ok_or(AppError::NotFound)?;
        Ok(disclosure::Entity::find()
            .filter(disclosure::Column::RegionCode.eq(code))
            .order_by_desc(disclosure::Column::PublishedOn)
            .order_by_desc(disclosure::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|d| DisclosureView {
                id: d.id,
                category: d.category,
                period: d.period,
                title: d.title,
                body: d.body,
                published_on: d.published_on,
            })
            .collect())
    }

    /// Every overdue disclosure of the communities below a region in the actor's scope,
    /// this year and last (a December period falls due in January): the township's alert list.
    pub async fn overdue_disclosures(
        &self,
        actor: &Actor,
        region_code: &str,
    ) -> Result<Vec<OverdueCommunity>, AppError> {
        let tree = self.regions();
        actor.require(Permission::ReadCommunity, region_code, &tree)?;
        let units: Vec<String> = tree.within(region_code, Level::Village).iter().map(|n| n.code.clone()).collect();
        let mut profiled = Vec::with_capacity(units.len());
        for chunk in units.chunks(500) {
            profiled.extend(
                community::Entity::find()
                    .filter(community::Column::RegionCode.is_in(chunk.to_vec()))
                    .all(&self.db)
                    .await?
                    .into_iter()
                    .map(|c| c.region_code),
            );
        }
        profiled.sort();
        let categories = self.disclosure_categories().await?;
        let records = self.community_records(&profiled, &categories).await?;
        let today = self.settings.today();
        let mut overdue = Vec::new();
        for code in &profiled {
            let Some(record) = records.get(code) else { continue };
            let mut items: Vec<OverdueItem> = [today.year() - 1, today.year()]
                .into_iter()
                .flat_map(|year| record.calendar(year, today))
                .filter(|entry| entry.status == DisclosureStatus::Overdue.as_str())
                .map(|entry| OverdueItem { category: entry.category, period: entry.period, due: entry.due })
                .collect();
            if !items.is_empty() {
                items.sort_by_key(|i| i.due);
                let community = tree.get(code).map(|n| n.name.clone()).unwrap_or_default();
                overdue.push(OverdueCommunity { region_code: code.clone(), community, items });
            }
        }
        Ok(overdue)
    }

    /// The overdue alerts of one region in the actor's scope (`None`: the top of the
    /// actor's scope): above a township rolled up per area below it, in a township per
    /// community.
    pub async fn overdue_level(&self, actor: &Actor, within: Option<&str>) -> Result<OverdueLevel, AppError> {
        let tree = self.regions();
        let scopes = actor.regions_with(Permission::ReadCommunity);
        let within = within.or(match scopes[..] {
            [only] => Some(only),
            _ => None,
        });
        let (node, areas): (Option<&RegionNode>, Vec<&RegionNode>) = match within {
            Some(code) => {
                actor.require(Permission::ReadCommunity, code, &tree)?;
                let node = tree.get(code).ok_or(AppError::NotFound)?;
                let areas = match node.level {
                    Level::Township | Level::Village => Vec::new(),
                    _ => node.children.iter().filter_map(|c| tree.get(c)).collect(),
                };
                (Some(node), areas)
            }
            None => (None, scopes.iter().filter_map(|s| tree.get(s)).collect()),
        };
        let mut communities = Vec::new();
        for code in within.map_or(scopes.clone(), |code| vec![code]) {
            communities.extend(self.overdue_disclosures(actor, code).await?);
        }
        let mut tallies: Vec<OverdueArea> = areas
            .iter()
            .map(|a| OverdueArea { region_code: a.code.clone(), name: a.name.clone(), communities: 0, items: 0 })
            .collect();
        let index: HashMap<&str, usize> = areas.iter().enumerate().map(|(i, a)| (a.code.as_str(), i)).collect();
        for community in &communities {
            let area = tree.lineage(&community.region_code).iter().find_map(|n| index.get(n.code.as_str()).copied());
            if let Some(tally) = area.and_then(|i| tallies.get_mut(i)) {
                tally.communities += 1;
                tally.items += community.items.len();
            }
        }
        let lineage = node
            .map(|n| tree.lineage(&n.code))
            .unwrap_or_default()
            .into_iter()
            .filter(|n| actor.may(Permission::ReadCommunity, &n.code, &tree))
            .map(|n| RegionRef { code: n.code.clone(), name: n.name.clone() })
            .collect();
        Ok(OverdueLevel {
            region_code: node.map(|n| n.code.clone()).unwrap_or_default(),
            name: node.map(|n| n.name.clone()).unwrap_or_default(),
            lineage,
            total_communities: communities.len(),
            total_items: communities.iter().map(|c| c.items.len()).sum(),
            communities: if tallies.is_empty() { communities } else { Vec::new() },
            areas: tallies,
        })
    }

    /// The rows of one level of the overdue alerts for a spreadsheet; the export is audited.
    pub async fn export_overdue_level(&self, actor: &Actor, within: Option<&str>) -> Result<OverdueLevel, AppError> {
        let level = self.overdue_level(actor, within).await?;
        let tree = self.regions();
        let covered = match level.region_code.as_str() {
            "" => actor.regions_with(Permission::ReadCommunity),
            code => vec![code],
        };
        // Read in scope but not allowed to take it away: forbidden, not hidden.
        if !covered.iter().all(|code| actor.may(Permission::ExportData, code, &tree)) {
            return Err(AppError::Forbidden);
        }
        let rows = if level.areas.is_empty() { level.total_items } else { level.areas.len() };
        let detail = serde_json::json!({ "within": level.region_code });
        self.record_export(actor, "overdue_disclosures", rows, detail).await?;
        Ok(level)
    }
}
