//! The social-work figures of a region and of each region directly below it (2D), from
//! the records as they stand today: `domain::social_work::figures` counts them.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;
use domain::identity::Permission;
use domain::social_work::SocialWorkRules;
use domain::social_work::education::progress;
use domain::social_work::figures::{Tally, WorkerFacts};
use domain::social_work::insurance::{DEFAULT_DUE_DAY, arrears};
use domain::social_work::supervision::coverage_percent;
use serde::Serialize;
use store::entity::{
    community, social_work_gate_refusal, social_worker, social_worker_contribution, social_worker_evaluation,
    social_worker_registration, social_worker_training, supervision,
};
use store::sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::insurance::contribution_of;
use super::supervision::relation_span;
use super::view::{current_period, standing};
use crate::{Actor, App, AppError, RegionTree};

/// The figures of one region.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RegionFigures {
    pub code: String,
    pub name: String,
    #[serde(flatten)]
    #[schema(value_type = Object)]
    pub tally: Tally,
    /// Certified or registered workers with a current supervisor, in whole percent.
    pub supervision_coverage_percent: Option<u32>,
    /// The latest year any worker here was evaluated, and the evaluations of that year by
    /// grade (excellent, pass, basic, fail).
    pub evaluation_year: Option<i32>,
    pub grades: BTreeMap<String, u64>,
    /// Workers with at least one month of social insurance in arrears today.
    pub insurance_arrears: u64,
}

/// A region's figures, and those of each region directly below it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SocialWorkFigures {
    pub region: RegionFigures,
    pub below: Vec<RegionFigures>,
    pub as_of: NaiveDate,
}

impl App {
    pub async fn social_work_figures(&self, actor: &Actor, code: &str) -> Result<SocialWorkFigures, AppError> {
        let tree = self.regions();
        let code = code.trim();
        let node = tree.get(code).ok_or(AppError::NotFound)?;
        actor.require(Permission::ManageSocialWorkers, code, &tree)?;
        let today = self.settings.today();
        let codes = tree.codes_with_path_prefix(&node.path);
        let workers =
            social_worker::Entity::find().filter(social_worker::Column::RegionCode.is_in(codes.clone())).all(&self.db);
        let workers = workers.await?;
        let ids: Vec<i64> = workers.iter().map(|w| w.id).collect();
        let mut periods: HashMap<i64, Vec<social_worker_registration::Model>> = HashMap::new();
        let mut trainings: HashMap<i64, Vec<(NaiveDate, u32)>> = HashMap::new();
        for chunk in ids.chunks(1000) {
            let found = social_worker_registration::Entity::find()
                .filter(social_worker_registration::Column::SocialWorkerId.is_in(chunk.to_vec()))
                .all(&self.db)
                .await?;
            for p in found {
                periods.entry(p.social_worker_id).or_default().push(p);
            }
            let found = social_worker_training::Entity::find()
                .filter(social_worker_training::Column::SocialWorkerId.is_in(chunk.to_vec()))
                .all(&self.db)
                .await?;
            for t in found {
                trainings
                    .entry(t.social_worker_id)
                    .or_default()
                    .push((t.completed_on, u32::try_from(t.minutes).unwrap_or(0)));
            }
        }
        let rules = SocialWorkRules::default();
        // Supervision covers the certified and those registered today (as `supervision_figures`).
        let mut counted: Vec<(String, i64)> = Vec::new();
        let facts: Vec<(String, WorkerFacts)> = workers
            .iter()
            .map(|w| {
                let current = current_period(periods.get(&w.id).map_or(&[][..], Vec::as_slice), today);
                if w.certificate_level.is_some() || current.is_some_and(|(period, _)| period.contains(today)) {
                    counted.push((w.region_code.clone(), w.id));
                }
                let level = w.certificate_level.map(|l| l.0);
                let education_met = current.zip(level).map(|((period, _), level)| {
                    let done = trainings.get(&w.id).map_or(&[][..], Vec::as_slice);
                    progress(&rules, level, period, done, w.social_work_degree_on).met()
                });
                (
                    w.region_code.clone(),
                    WorkerFacts { level, standing: standing(&rules, current, today), education_met },
                )
            })
            .collect();
        let residents: Vec<(String, u64)> = community::Entity::find()
            .filter(community::Column::RegionCode.is_in(codes.clone()))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|c| (c.region_code, u64::try_from(c.population).unwrap_or(0)))
            .collect();
        let supervised: Vec<(String, i64)> = supervision::Entity::find()
            .filter(supervision::Column::RegionCode.is_in(codes.clone()))
            .all(&self.db)
            .await?
            .into_iter()
            .filter(|r| relation_span(r).contains(today))
            .map(|r| (r.region_code, r.social_worker_id))
            .collect();
        let refusals: Vec<String> = social_work_gate_refusal::Entity::find()
            .filter(social_work_gate_refusal::Column::RegionCode.is_in(codes))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|r| r.region_code)
            .collect();
        let mut evaluations: Vec<(String, i32, String)> = Vec::new();
        for chunk in ids.chunks(1000) {
            let found = social_worker_evaluation::Entity::find()
                .filter(social_worker_evaluation::Column::SocialWorkerId.is_in(chunk.to_vec()))
                .all(&self.db)
                .await?;
            evaluations.extend(found.into_iter().map(|e| (e.region_code, e.year, e.grade.0.as_str().to_string())));
        }
        let mut owing: HashSet<i64> = HashSet::new();
        for chunk in ids.chunks(1000) {
            let months = social_worker_contribution::Entity::find()
                .filter(social_worker_contribution::Column::SocialWorkerId.is_in(chunk.to_vec()))
                .all(&self.db)
                .await?;
            owing.extend(
                months
                    .iter()
                    .filter(|m| arrears(&contribution_of(m), DEFAULT_DUE_DAY, today).is_some())
                    .map(|m| m.social_worker_id),
            );
        }
        let in_arrears: Vec<String> =
            workers.iter().filter(|w| owing.contains(&w.id)).map(|w| w.region_code.clone()).collect();
        let figures_of = |area: &str, name: &str| {
            let inside = |region: &str| tree.contains(area, region);
            let own: Vec<WorkerFacts> = facts.iter().filter(|(r, _)| inside(r)).map(|(_, f)| *f).collect();
            let people = residents.iter().filter(|(r, _)| inside(r)).map(|(_, n)| n).sum();
            let refused = refusals.iter().filter(|r| inside(r)).count() as u64;
            let evaluated: Vec<&(String, i32, String)> = evaluations.iter().filter(|(r, _, _)| inside(r)).collect();
            let evaluation_year = evaluated.iter().map(|(_, year, _)| *year).max();
            let mut grades = BTreeMap::new();
            for (_, _, grade) in evaluated.iter().filter(|(_, year, _)| Some(*year) == evaluation_year) {
                *grades.entry(grade.clone()).or_insert(0) += 1;
            }
            let counted_here: HashSet<i64> = counted.iter().filter(|(r, _)| inside(r)).map(|(_, id)| *id).collect();
            let supervised_here: HashSet<i64> =
                supervised.iter().filter(|(r, id)| inside(r) && counted_here.contains(id)).map(|(_, id)| *id).collect();
            RegionFigures {
                code: area.to_string(),
                name: name.to_string(),
                tally: Tally::count(&own, people, refused),
                supervision_coverage_percent: coverage_percent(supervised_here.len(), counted_here.len()),
                evaluation_year,
                grades,
                insurance_arrears: in_arrears.iter().filter(|r| inside(r)).count() as u64,
            }
        };
        let region = figures_of(code, &node.name);
        let below: Vec<RegionFigures> = children(&tree, code).into_iter().map(|(c, n)| figures_of(&c, &n)).collect();
        Ok(SocialWorkFigures { region, below, as_of: today })
    }
}

/// The regions directly below `code`, by code.
fn children(tree: &RegionTree, code: &str) -> Vec<(String, String)> {
    let Some(node) = tree.get(code) else { return Vec::new() };
    let mut found: Vec<(String, String)> =
        node.children.iter().filter_map(|c| tree.get(c)).map(|n| (n.code.clone(), n.name.clone())).collect();
    found.sort();
    found
}
