//! Election rule sets (3B): the count's and the schedule's numbers and the committee
//! sizes, per region and validity period. The regulation's numbers ship as the set for
//! everywhere (region `""`, from 2012-07-01); a city or county adds its own, which reaches
//! every community below it unless a nearer region has one. Sets are never edited: a new
//! one of the same region replaces an open-ended one from its first day, and an election
//! keeps a copy of the set it was opened under.

use chrono::{NaiveDate, Utc};
use domain::Violation;
use domain::date::required_day;
use domain::governance::rules::{ElectionRules, RuleSetPeriod, choose_rule_set};
use domain::identity::Permission;
use serde::{Deserialize, Serialize};
use store::entity::election_rule_set;
use store::sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use super::elections::parse_json;
use crate::error::Checks;
use crate::tx::{Change, WriteTx};
use crate::{Actor, App, AppError, RegionTree};

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewRuleSet {
    /// YYYY-MM-DD: the first vote date it applies to.
    pub valid_from: String,
    /// YYYY-MM-DD: the last vote date it applies to; open-ended when absent.
    #[serde(default)]
    pub valid_until: Option<String>,
    /// Any number left out is the regulation's.
    #[serde(default)]
    #[schema(value_type = Object)]
    pub rules: ElectionRules,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RuleSetView {
    pub id: i64,
    /// The region whose set it is; empty for the regulation's set for everywhere.
    pub region_code: String,
    pub valid_from: NaiveDate,
    pub valid_until: Option<NaiveDate>,
    #[schema(value_type = Object)]
    pub rules: ElectionRules,
}

fn date(field: &str, text: &str) -> Result<NaiveDate, domain::FieldError> {
    required_day(text).map_err(|violation| violation.on(field))
}

/// Every stored rule set, ready to choose from (a small table: a few rows per region).
pub(super) struct RuleSets(Vec<election_rule_set::Model>);

impl RuleSets {
    /// The set in force for a place on a day, with its rules.
    pub(super) fn for_place(
        &self,
        tree: &RegionTree,
        code: &str,
        day: NaiveDate,
    ) -> Result<Option<(i64, ElectionRules)>, AppError> {
        let lineage: Vec<&str> = tree.lineage(code).into_iter().map(|n| n.code.as_str()).collect();
        let periods: Vec<RuleSetPeriod<'_>> = self
            .0
            .iter()
            .map(|s| RuleSetPeriod {
                region_code: &s.region_code,
                valid_from: s.valid_from,
                valid_until: s.valid_until,
            })
            .collect();
        choose_rule_set(&periods, &lineage, day).map(|i| Ok((self.0[i].id, parse_json(&self.0[i].rules)?))).transpose()
    }

    fn view(&self, id: i64) -> Result<RuleSetView, AppError> {
        let row = self.0.iter().find(|s| s.id == id).ok_or(AppError::NotFound)?;
        Ok(RuleSetView {
            id,
            region_code: row.region_code.clone(),
            valid_from: row.valid_from,
            valid_until: row.valid_until,
            rules: parse_json(&row.rules)?,
        })
    }
}

impl App {
    pub(super) async fn rule_sets(&self) -> Result<RuleSets, AppError> {
        Ok(RuleSets(election_rule_set::Entity::find().all(&self.db).await?))
    }

    /// Adds a region's rule set; an admin who may open elections in the region may.
    pub async fn add_election_rules(
        &self,
        actor: &Actor,
        region_code: &str,
        input: NewRuleSet,
    ) -> Result<i64, AppError> {
        let tree = self.regions();
        if tree.get(region_code).is_none() {
            return Err(AppError::NotFound);
        }
        actor.require(Permission::OrganiseElections, region_code, &tree)?;
        let mut checks = Checks::default();
        let from = date("valid_from", &input.valid_from).map_err(|e| checks.push(e)).ok();
        let until = match input.valid_until.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            Some(text) => date("valid_until", text).map_err(|e| checks.push(e)).ok(),
            None => None,
        };
        if let (Some(from), Some(until)) = (from, until)
            && until < from
        {
            checks.push(Violation::new("rules-until-before-from").on("valid_until"));
        }
        input.rules.check().into_iter().for_each(|e| checks.push(e));
        let from = checks.finish_with(from)?;
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let taken = election_rule_set::Entity::find()
            .filter(election_rule_set::Column::RegionCode.eq(region_code))
            .filter(election_rule_set::Column::ValidFrom.eq(from))
            .count(tx.conn())
            .await?;
        if taken > 0 {
            return Err(AppError::Conflict(Violation::new("rule-set-exists").on("valid_from")));
        }
        let rules = serde_json::to_value(&input.rules).map_err(|e| AppError::Internal(e.to_string()))?;
        let id = election_rule_set::Entity::insert(election_rule_set::ActiveModel {
            region_code: Set(region_code.to_string()),
            valid_from: Set(from),
            valid_until: Set(until),
            rules: Set(rules.to_string()),
            created_at: Set(Utc::now()),
            ..Default::default()
        })
        .exec(tx.conn())
        .await?
        .last_insert_id;
        let after = serde_json::json!({ "valid_from": from, "valid_until": until, "rules": rules });
        tx.record(Change::new("add", "election_rule_set", id, region_code).after(&after)).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The rule set in force for a place (in the actor's scope) on a day, today by default.
    pub async fn election_rules_in_force(
        &self,
        actor: &Actor,
        region_code: &str,
        on: Option<&str>,
    ) -> Result<RuleSetView, AppError> {
        let tree = self.regions();
        actor.require(Permission::ReadCommunity, region_code, &tree)?;
        let day = match on.map(str::trim).filter(|t| !t.is_empty()) {
            Some(text) => date("on", text).map_err(|e| AppError::Invalid(vec![e]))?,
            None => self.settings.today(),
        };
        let sets = self.rule_sets().await?;
        let (id, _) = sets.for_place(&tree, region_code, day)?.ok_or(AppError::NotFound)?;
        sets.view(id)
    }
}
