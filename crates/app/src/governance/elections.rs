//! Opening a unified term election for every community below a city or county, and
//! building and publishing each community's voter register.

use std::collections::HashMap;

use chrono::{NaiveDate, Utc};
use domain::Violation;
use domain::date::required_day;
use domain::governance::count::PostSpec;
use domain::governance::election::{
    Committee, Electorate, Method, Schedule, ScheduleRules, check_posts, standard_posts,
};
use domain::governance::rules::ElectionRules;
use domain::identifiers::resident_id::ResidentId;
use domain::identity::Permission;
use domain::region::Level;
use serde::{Deserialize, Serialize};
use store::entity::{community, election, election_round, person, unified_election, voter};
use store::sea_orm::sea_query::OnConflict;
use store::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

use crate::error::{Checks, required_text};
use crate::tx::{Change, WriteTx};
use crate::{Actor, App, AppError};

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewUnifiedElection {
    pub name: String,
    /// A city or county: every village-level unit below it gets an election.
    pub region_code: String,
    pub term: i32,
    /// YYYY-MM-DD
    pub vote_date: String,
    #[serde(default = "default_method")]
    #[schema(value_type = String)]
    pub method: Method,
    #[serde(default = "default_electorate")]
    #[schema(value_type = String)]
    pub electorate: Electorate,
    /// Posts for residents' committees; the standard ballot when absent.
    #[serde(default)]
    #[schema(value_type = Option<Vec<Object>>)]
    pub residents_posts: Option<Vec<PostSpec>>,
    /// Posts for villagers' committees; the standard ballot when absent.
    #[serde(default)]
    #[schema(value_type = Option<Vec<Object>>)]
    pub villagers_posts: Option<Vec<PostSpec>>,
}

fn default_method() -> Method {
    Method::SelfNomination
}

fn default_electorate() -> Electorate {
    Electorate::AllVoters
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct UnifiedElectionView {
    pub id: i64,
    pub name: String,
    pub region_code: String,
    pub term: i32,
    pub vote_date: NaiveDate,
    /// Community elections inside the caller's scope.
    pub elections: u64,
    pub registers_published: u64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ElectionView {
    pub id: i64,
    pub unified_id: i64,
    pub region_code: String,
    pub community: String,
    #[schema(value_type = String)]
    pub committee: Committee,
    #[schema(value_type = String)]
    pub method: Method,
    #[schema(value_type = String)]
    pub electorate: Electorate,
    #[schema(value_type = Vec<Object>)]
    pub posts: Vec<PostSpec>,
    #[schema(value_type = Object)]
    pub schedule: Schedule,
    /// The rule set it was opened under (its numbers are kept with the election).
    pub rule_set_id: Option<i64>,
    pub register_published_on: Option<NaiveDate>,
    pub voters: u64,
    pub counted: bool,
    /// The ballot of the latest round after the first (the further round or a new vote),
    /// once called.
    #[schema(value_type = Option<Vec<Object>>)]
    pub further_posts: Option<Vec<PostSpec>>,
    /// That round's number (2, 3, …): its paper batches carry it.
    pub further_round: Option<i32>,
    pub further_counted: bool,
    pub seated_on: Option<NaiveDate>,
}

fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

pub(super) fn parse_json<T: for<'de> Deserialize<'de>>(text: &str) -> Result<T, AppError> {
    serde_json::from_str(text).map_err(|e| AppError::Internal(format!("stored election data: {e}")))
}

impl App {
    /// Opens a term election for every village-level unit below a city or county, all in
    /// one transaction: each community gets the ballot of its committee.
    pub async fn open_unified_election(&self, actor: &Actor, input: NewUnifiedElection) -> Result<i64, AppError> {
        let tree = self.regions();
        actor.require(Permission::OrganiseElections, &input.region_code, &tree)?;
        let mut checks = Checks::default();
        let name = checks.field("name", required_text(&input.name, 100));
        let today = self.settings.today();
        let vote_date = checks.field("vote_date", required_day(&input.vote_date));
        let level = tree.get(&input.region_code).map(|n| n.level);
        if !matches!(level, Some(Level::City | Level::County)) {
            checks.push(Violation::new("election-region-level").on("region_code"));
        }
        if !(2000..=2100).contains(&input.term) {
            checks.push(Violation::new("election-term").on("term"));
        }
        let residents = input.residents_posts.unwrap_or_else(|| standard_posts(Committee::ResidentsCommittee));
        let villagers = input.villagers_posts.unwrap_or_else(|| standard_posts(Committee::VillagersCommittee));
        let units: Vec<String> =
            tree.within(&input.region_code, Level::Village).iter().map(|n| n.code.clone()).collect();
        // Each community runs by the rule set in force for it on the vote date.
        let mut chosen: HashMap<String, (i64, ElectionRules)> = HashMap::new();
        if let Some(day) = vote_date {
            let sets = self.rule_sets().await?;
            let mut missing = false;
            for code in &units {
                match sets.for_place(&tree, code, day)? {
                    Some(found) => {
                        chosen.insert(code.clone(), found);
                    }
                    None => missing = true,
                }
            }
            if missing {
                checks.push(Violation::new("election-no-rules").on("vote_date"));
            }
            // The register must still be publishable the rules' days ahead, everywhere.
            let days = chosen.values().map(|(_, r)| r.schedule.register_published_days_before).max().unwrap_or(0);
            let earliest = today + chrono::Duration::days(days);
            if day < earliest {
                checks.push(Violation::new("election-too-soon").with("earliest", earliest).on("vote_date"));
            }
            let mut distinct: Vec<&ElectionRules> = chosen.values().map(|(_, r)| r).collect();
            distinct.dedup();
            for (field, committee, posts) in [
                ("residents_posts", Committee::ResidentsCommittee, &residents),
                ("villagers_posts", Committee::VillagersCommittee, &villagers),
            ] {
                if let Some(v) = distinct.iter().find_map(|r| check_posts(r.seats(committee), posts).err()) {
                    checks.push(v.on(field));
                }
            }
        }
        let (name, vote_date) = checks.finish_with((name, vote_date))?;
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let unified = unified_election::Entity::insert(unified_election::ActiveModel {
            name: Set(name.clone()),
            region_code: Set(input.region_code.clone()),
            term: Set(input.term),
            vote_date: Set(vote_date),
            created_at: Set(Utc::now()),
            ..Default::default()
        })
        .exec(tx.conn())
        .await?
        .last_insert_id;
        let mut profiles = Vec::new();
        for chunk in units.chunks(500) {
            profiles.extend(
                community::Entity::find()
                    .filter(community::Column::RegionCode.is_in(chunk.to_vec()))
                    .all(tx.conn())
                    .await?,
            );
        }
        for chunk in profiles.chunks(200) {
            let rows = chunk.iter().map(|c| {
                let (committee, posts) = if c.urban {
                    (Committee::ResidentsCommittee, &residents)
                } else {
                    (Committee::VillagersCommittee, &villagers)
                };
                let (rule_set, rules) = chosen.get(&c.region_code).cloned().unwrap_or_default();
                election::ActiveModel {
                    unified_id: Set(unified),
                    region_code: Set(c.region_code.clone()),
                    committee: Set(committee.into()),
                    method: Set(input.method.into()),
                    electorate: Set(input.electorate.into()),
                    posts: Set(json(posts)),
                    count_rules: Set(json(&rules.count)),
                    schedule_rules: Set(json(&rules.schedule)),
                    rule_set_id: Set(Some(rule_set)),
                    vote_date: Set(vote_date),
                    ..Default::default()
                }
            });
            election::Entity::insert_many(rows).exec_without_returning(tx.conn()).await?;
        }
        let after = serde_json::json!({ "name": name, "term": input.term, "vote_date": vote_date, "elections": profiles.len() });
        tx.record(Change::new("open", "unified_election", unified, &input.region_code).after(&after)).await?;
        tx.commit().await?;
        Ok(unified)
    }

    /// Term elections that reach into the actor's scope, with counts inside that scope.
    pub async fn unified_elections(&self, actor: &Actor) -> Result<Vec<UnifiedElectionView>, AppError> {
        let codes = self.readable_units(actor);
        let mut views = Vec::new();
        for unified in
            unified_election::Entity::find().order_by_desc(unified_election::Column::Id).all(&self.db).await?
        {
            let mine = election::Entity::find()
                .filter(election::Column::UnifiedId.eq(unified.id))
                .filter(election::Column::RegionCode.is_in(codes.clone()));
            let elections = mine.clone().count(&self.db).await?;
            if elections == 0 {
                continue;
            }
            let registers_published =
                mine.filter(election::Column::RegisterPublishedOn.is_not_null()).count(&self.db).await?;
            views.push(UnifiedElectionView {
                id: unified.id,
                name: unified.name,
                region_code: unified.region_code,
                term: unified.term,
                vote_date: unified.vote_date,
                elections,
                registers_published,
            });
        }
        Ok(views)
    }

    fn readable_units(&self, actor: &Actor) -> Vec<String> {
        let tree = self.regions();
        let mut codes: Vec<String> = actor
            .regions_with(Permission::ReadCommunity)
            .into_iter()
            .flat_map(|scope| tree.within(scope, Level::Village))
            .map(|n| n.code.clone())
            .collect();
        codes.sort();
        codes.dedup();
        codes
    }

    /// One community's election, if the actor may read its community.
    pub async fn election(&self, actor: &Actor, id: i64) -> Result<ElectionView, AppError> {
        let found = election::Entity::find_by_id(id).one(&self.db).await?.ok_or(AppError::NotFound)?;
        actor.require(Permission::ReadCommunity, &found.region_code, &self.regions())?;
        Ok(self.views(vec![found]).await?.remove(0))
    }

    /// The register sizes of these elections, in one grouped query per 500.
    pub(super) async fn register_sizes(&self, ids: &[i64]) -> Result<HashMap<i64, u64>, AppError> {
        let mut sizes = HashMap::new();
        for chunk in ids.chunks(500) {
            let counted: Vec<(i64, i64)> = voter::Entity::find()
                .select_only()
                .column(voter::Column::ElectionId)
                .column_as(voter::Column::Id.count(), "voters")
                .filter(voter::Column::ElectionId.is_in(chunk.to_vec()))
                .group_by(voter::Column::ElectionId)
                .into_tuple()
                .all(&self.db)
                .await?;
            sizes.extend(counted.into_iter().map(|(id, n)| (id, n as u64)));
        }
        Ok(sizes)
    }

    /// Views of elections the caller has already authorised, in the given order.
    async fn views(&self, elections: Vec<election::Model>) -> Result<Vec<ElectionView>, AppError> {
        let tree = self.regions();
        let ids: Vec<i64> = elections.iter().map(|e| e.id).collect();
        let sizes = self.register_sizes(&ids).await?;
        let mut rounds = Vec::new();
        for chunk in ids.chunks(500) {
            rounds.extend(
                election_round::Entity::find()
                    .filter(election_round::Column::ElectionId.is_in(chunk.to_vec()))
                    .all(&self.db)
                    .await?,
            );
        }
        elections
            .into_iter()
            .map(|found| {
                let schedule_rules: ScheduleRules = parse_json(&found.schedule_rules)?;
                let latest = rounds.iter().filter(|r| r.election_id == found.id).max_by_key(|r| r.number);
                Ok(ElectionView {
                    id: found.id,
                    unified_id: found.unified_id,
                    community: tree.get(&found.region_code).map(|n| n.name.clone()).unwrap_or_default(),
                    committee: found.committee.0,
                    method: found.method.0,
                    electorate: found.electorate.0,
                    posts: parse_json(&found.posts)?,
                    schedule: schedule_rules.schedule(found.vote_date),
                    register_published_on: found.register_published_on,
                    voters: sizes.get(&found.id).copied().unwrap_or(0),
                    counted: found.result.is_some(),
                    further_posts: latest.map(|r| parse_json(&r.posts)).transpose()?,
                    further_round: latest.map(|r| r.number),
                    further_counted: latest.is_some_and(|r| r.result.is_some()),
                    rule_set_id: found.rule_set_id,
                    seated_on: found.seated_on,
                    region_code: found.region_code,
                })
            })
            .collect()
    }

    /// The community elections of a unified election inside the actor's scope, by region code.
    pub async fn unified_election_communities(
        &self,
        actor: &Actor,
        unified_id: i64,
    ) -> Result<Vec<ElectionView>, AppError> {
        let codes = self.readable_units(actor);
        let mut found = Vec::new();
        for chunk in codes.chunks(500) {
            found.extend(
                election::Entity::find()
                    .filter(election::Column::UnifiedId.eq(unified_id))
                    .filter(election::Column::RegionCode.is_in(chunk.to_vec()))
                    .all(&self.db)
                    .await?,
            );
        }
        found.sort_by(|a, b| a.region_code.cmp(&b.region_code));
        self.views(found).await
    }

    /// A community's elections, newest first.
    pub async fn community_elections(&self, actor: &Actor, code: &str) -> Result<Vec<ElectionView>, AppError> {
        actor.require(Permission::ReadCommunity, code, &self.regions())?;
        let found = election::Entity::find()
            .filter(election::Column::RegionCode.eq(code))
            .order_by_desc(election::Column::Id)
            .all(&self.db)
            .await?;
        self.views(found).await
    }

    /// An election whose register the actor may still change, with its schedule rules.
    pub(super) async fn unpublished_register(
        &self,
        actor: &Actor,
        id: i64,
    ) -> Result<(election::Model, ScheduleRules), AppError> {
        let found = election::Entity::find_by_id(id).one(&self.db).await?.ok_or(AppError::NotFound)?;
        actor.require(Permission::WriteCommunity, &found.region_code, &self.regions())?;
        if found.register_published_on.is_some() {
            return Err(AppError::Conflict(Violation::new("register-already-published").on("register")));
        }
        let rules = parse_json(&found.schedule_rules)?;
        Ok((found, rules))
    }

    /// Puts every person of the community who may vote on the vote date on the register
    /// (people already on it stay once). Returns the register's size.
    pub async fn build_register(&self, actor: &Actor, id: i64) -> Result<u64, AppError> {
        let (found, rules) = self.unpublished_register(actor, id).await?;
        let people =
            person::Entity::find().filter(person::Column::RegionCode.eq(&found.region_code)).all(&self.db).await?;
        let eligible: Vec<i64> = people
            .iter()
            .filter(|p| {
                ResidentId::parse(&p.id_number, found.vote_date)
                    .is_ok_and(|rid| rules.may_vote(&rid, found.vote_date, p.deprived_of_political_rights))
            })
            .map(|p| p.id)
            .collect();
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        for chunk in eligible.chunks(500) {
            let rows = chunk.iter().map(|person_id| voter::ActiveModel {
                election_id: Set(id),
                person_id: Set(*person_id),
                ..Default::default()
            });
            voter::Entity::insert_many(rows)
                .on_conflict(
                    OnConflict::columns([voter::Column::ElectionId, voter::Column::PersonId]).do_nothing().to_owned(),
                )
                .exec_without_returning(tx.conn())
                .await?;
        }
        let total = voter::Entity::find().filter(voter::Column::ElectionId.eq(id)).count(tx.conn()).await?;
        let after = serde_json::json!({ "eligible": eligible.len(), "register": total });
        tx.record(Change::new("build_register", "election", id, &found.region_code).after(&after)).await?;
        tx.commit().await?;
        Ok(total)
    }

    /// Publishes the register today, which must be at least the rule's days before the vote.
    pub async fn publish_register(&self, actor: &Actor, id: i64) -> Result<NaiveDate, AppError> {
        let (found, rules) = self.unpublished_register(actor, id).await?;
        let today = self.settings.today();
        let deadline = rules.schedule(found.vote_date).register_published_by;
        if today > deadline {
            return Err(AppError::invalid(
                "register",
                Violation::new("register-published-late").with("deadline", deadline),
            ));
        }
        let region = found.region_code.clone();
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let mut row = found.into_active_model();
        row.register_published_on = Set(Some(today));
        row.update(tx.conn()).await?;
        let after = serde_json::json!({ "published_on": today, "objections_close": rules.objections_close(today) });
        tx.record(Change::new("publish_register", "election", id, &region).after(&after)).await?;
        tx.commit().await?;
        Ok(today)
    }
}
