//! The community registry (3A): profiles, bodies, posts and the people holding them.

mod import;
pub(crate) mod posts;

pub use import::{ImportRow, POST_SHEET, parse_import};
pub use posts::NewPost;

use std::collections::HashMap;

use chrono::{NaiveDate, Utc};
use domain::community::{BodyKind, check_profile_counts};
use domain::identifiers::phone::check_phone;
use domain::identifiers::resident_id::mask;
use domain::identity::Permission;
use domain::region::Level;
use serde::Serialize;
use store::entity::{community, community_body, person, post};
use store::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
};

use crate::error::{Checks, optional_text};
use crate::paging::{PageRequest, PageSpan};
use crate::tx::{Change, WriteTx};
use crate::{Actor, App, AppError};

const PAGE_SIZE: u64 = 20;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CommunityRow {
    pub code: String,
    pub name: String,
    pub township: String,
    pub county: String,
    pub urban: bool,
    pub households: i64,
    pub population: i64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CommunityList {
    pub items: Vec<CommunityRow>,
    #[serde(flatten)]
    pub span: PageSpan,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PostView {
    pub id: i64,
    pub person_id: i64,
    pub name: String,
    /// Always masked here; the full number needs an audited reveal.
    pub id_number: String,
    pub gender: String,
    pub title: String,
    pub employment: String,
    pub started_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
}

impl PostView {
    fn from_rows(p: &post::Model, person: &person::Model) -> Self {
        Self {
            id: p.id,
            person_id: person.id,
            name: person.name.clone(),
            id_number: mask(&person.id_number),
            gender: person.gender.clone(),
            title: p.title.clone(),
            employment: p.employment.clone(),
            started_on: p.started_on,
            ended_on: p.ended_on,
        }
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BodyView {
    pub id: i64,
    pub kind: String,
    pub posts: Vec<PostView>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RegionRef {
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CommunityDetail {
    pub code: String,
    pub name: String,
    pub kind: String,
    pub lineage: Vec<RegionRef>,
    pub urban: bool,
    pub households: i64,
    pub population: i64,
    pub address: String,
    pub phone: String,
    pub contact_person: String,
    pub bodies: Vec<BodyView>,
}

#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct ProfileInput {
    pub urban: bool,
    pub households: i64,
    pub population: i64,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub contact_person: String,
}

impl App {
    /// Village-level units inside the actor's scope (optionally under `within`), whose
    /// name contains `q`, one page at a time.
    pub async fn list_communities(
        &self,
        actor: &Actor,
        q: &str,
        within: &str,
        page: PageRequest,
    ) -> Result<CommunityList, AppError> {
        let codes = self.community_codes(actor, q, within)?;
        let span = PageSpan::new(page, PAGE_SIZE, codes.len() as u64);
        let items = self.community_rows(span.slice(codes)).await?;
        Ok(CommunityList { items, span })
    }

    /// Every unit the list shows for these filters, for a download; audited.
    pub async fn export_communities(
        &self,
        actor: &Actor,
        q: &str,
        within: &str,
    ) -> Result<Vec<CommunityRow>, AppError> {
        let codes = self.community_codes(actor, q, within)?;
        let tree = self.regions();
        // Read in scope but not allowed to take it away: forbidden, not hidden.
        if !codes.iter().all(|code| actor.may(Permission::ExportData, code, &tree)) {
            return Err(AppError::Forbidden);
        }
        let rows = self.community_rows(codes).await?;
        let filters = serde_json::json!({ "q": q, "within": within });
        self.record_export(actor, "communities", rows.len(), filters).await?;
        Ok(rows)
    }

    /// The codes of the units in scope matching the filters, in code order.
    fn community_codes(&self, actor: &Actor, q: &str, within: &str) -> Result<Vec<String>, AppError> {
        let tree = self.regions();
        let scopes = actor.regions_with(Permission::ReadCommunity);
        if scopes.is_empty() {
            return Err(AppError::NotFound);
        }
        // `within` may be inside a scope, or above one (a community admin filtering by its
        // township); the list is the intersection either way.
        let overlaps = |scope: &&str| tree.contains(scope, within) || tree.contains(within, scope);
        if !within.is_empty() && !scopes.iter().any(overlaps) {
            return Err(AppError::NotFound);
        }
        let q = q.trim().to_lowercase();
        let mut codes: Vec<String> = scopes
            .iter()
            .flat_map(|scope| tree.within(scope, Level::Village))
            .filter(|n| within.is_empty() || tree.contains(within, &n.code))
            .filter(|n| q.is_empty() || n.name.to_lowercase().contains(&q) || n.code.starts_with(&q))
            .map(|n| n.code.clone())
            .collect();
        codes.sort();
        codes.dedup();
        Ok(codes)
    }

    /// The list's rows for `codes`, in their order.
    async fn community_rows(&self, codes: Vec<String>) -> Result<Vec<CommunityRow>, AppError> {
        let tree = self.regions();
        let mut profiles: HashMap<String, community::Model> = HashMap::new();
        // Bounded IN lists: a city-wide export asks for thousands of codes.
        for chunk in codes.chunks(500) {
            let found = community::Entity::find()
                .filter(community::Column::RegionCode.is_in(chunk.to_vec()))
                .all(&self.db)
                .await?;
            profiles.extend(found.into_iter().map(|c| (c.region_code.clone(), c)));
        }
        let rows = codes
            .iter()
            .filter_map(|code| {
                let profile = profiles.get(code)?;
                let lineage = tree.lineage(code);
                let name_at = |level: Level| {
                    lineage.iter().find(|n| n.level == level).map(|n| n.name.clone()).unwrap_or_default()
                };
                Some(CommunityRow {
                    code: code.clone(),
                    name: profile.name.clone(),
                    township: name_at(Level::Township),
                    county: name_at(Level::County),
                    urban: profile.urban,
                    households: profile.households,
                    population: profile.population,
                })
            })
            .collect();
        Ok(rows)
    }

    pub async fn community(&self, actor: &Actor, code: &str) -> Result<CommunityDetail, AppError> {
        let tree = self.regions();
        actor.require(Permission::ReadCommunity, code, &tree)?;
        // Read the epoch before the data: a write in between makes the entry stale at once.
        let epoch = self.epoch.current();
        if let Some(detail) = self.communities.get(&code.to_string(), epoch) {
            return Ok(detail);
        }
        let profile = community::Entity::find_by_id(code.to_string()).one(&self.db).await?.ok_or(AppError::NotFound)?;
        let bodies = community_body::Entity::find()
            .filter(community_body::Column::RegionCode.eq(code))
            .order_by_asc(community_body::Column::Id)
            .all(&self.db)
            .await?;
        let posts = post::Entity::find()
            .filter(post::Column::RegionCode.eq(code))
            .order_by_asc(post::Column::Id)
            .all(&self.db)
            .await?;
        let posts = with_holders(&self.db, posts).await?;
        let bodies = bodies
            .into_iter()
            .map(|body| BodyView {
                posts: posts
                    .iter()
                    .filter(|(p, _)| p.body_id == body.id)
                    .map(|(p, person)| PostView::from_rows(p, person))
                    .collect(),
                id: body.id,
                kind: body.kind,
            })
            .collect();
        let detail = CommunityDetail {
            code: profile.region_code.clone(),
            name: profile.name,
            kind: tree.get(code).map(|n| n.kind.clone()).unwrap_or_default(),
            lineage: tree
                .lineage(code)
                .iter()
                .map(|n| RegionRef { code: n.code.clone(), name: n.name.clone() })
                .collect(),
            urban: profile.urban,
            households: profile.households,
            population: profile.population,
            address: profile.address,
            phone: profile.phone,
            contact_person: profile.contact_person,
            bodies,
        };
        self.communities.put(code.to_string(), epoch, detail.clone());
        Ok(detail)
    }

    pub async fn update_profile(&self, actor: &Actor, code: &str, input: ProfileInput) -> Result<(), AppError> {
        let tree = self.regions();
        actor.require(Permission::WriteCommunity, code, &tree)?;
        let mut checks = Checks::default();
        for error in check_profile_counts(input.households, input.population) {
            checks.push(error);
        }
        let address = checks.field("address", optional_text(&input.address, 200));
        let phone = checks.field("phone", check_phone(&input.phone));
        let contact = checks.field("contact_person", optional_text(&input.contact_person, 40));
        checks.finish()?;
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let found = community::Entity::find_by_id(code.to_string()).one(tx.conn()).await?.ok_or(AppError::NotFound)?;
        let before = profile_json(&found);
        let mut row = found.into_active_model();
        row.urban = Set(input.urban);
        row.households = Set(input.households);
        row.population = Set(input.population);
        row.address = Set(address.unwrap_or_default());
        row.phone = Set(phone.unwrap_or_default());
        row.contact_person = Set(contact.unwrap_or_default());
        row.updated_at = Set(Utc::now());
        let updated = row.update(tx.conn()).await?;
        tx.record(Change::new("update", "community", code, code).before(&before).after(&profile_json(&updated)))
            .await?;
        tx.commit().await
    }
}

fn profile_json(c: &community::Model) -> serde_json::Value {
    serde_json::json!({
        "urban": c.urban, "households": c.households, "population": c.population,
        "address": c.address, "phone": c.phone, "contact_person": c.contact_person,
    })
}

/// The body of a kind in a community.
pub(crate) async fn body_of(
    conn: &impl store::sea_orm::ConnectionTrait,
    code: &str,
    kind: BodyKind,
) -> Result<Option<community_body::Model>, AppError> {
    Ok(community_body::Entity::find()
        .filter(community_body::Column::RegionCode.eq(code))
        .filter(community_body::Column::Kind.eq(kind.as_str()))
        .one(conn)
        .await?)
}

/// Posts paired with their holders, in two queries.
pub(crate) async fn with_holders(
    db: &impl store::sea_orm::ConnectionTrait,
    posts: Vec<post::Model>,
) -> Result<Vec<(post::Model, person::Model)>, AppError> {
    let ids: Vec<i64> = posts.iter().map(|p| p.person_id).collect();
    let mut people: HashMap<i64, person::Model> = HashMap::new();
    for chunk in ids.chunks(500) {
        for p in person::Entity::find().filter(person::Column::Id.is_in(chunk.to_vec())).all(db).await? {
            people.insert(p.id, p);
        }
    }
    Ok(posts.into_iter().filter_map(|p| people.get(&p.person_id).cloned().map(|holder| (p, holder))).collect())
}
