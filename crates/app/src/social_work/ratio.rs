//! The supervision ratio per region and what it shows: each supervisor's load today
//! against the ratio of the region that keeps them (flagged when read, never stored), and
//! a region's coverage (certified or registered workers with a current supervisor).

use std::collections::HashSet;

use chrono::NaiveDate;
use domain::social_work::supervision::{DEFAULT_WORKERS_PER_SUPERVISOR, coverage_percent, over_ratio, parse_ratio};
use serde::Serialize;
use store::entity::{
    person, social_work_expert, social_worker, social_worker_registration, supervision, supervision_ratio,
};
use store::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, EntityTrait, IntoActiveModel, QueryFilter,
};

use super::supervision::relation_span;
use crate::region::RegionTree;
use crate::tx::{Change, WriteTx};
use crate::{Actor, App, AppError};

/// Who supervises: a social worker, or an external expert of the pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct SupervisorKey {
    pub worker: Option<i64>,
    pub expert: Option<i64>,
}

impl SupervisorKey {
    pub fn of(row: &supervision::Model) -> Self {
        Self { worker: row.supervisor_worker_id, expert: row.supervisor_expert_id }
    }

    /// The relations this supervisor is in.
    pub fn condition(self) -> Condition {
        match (self.worker, self.expert) {
            (Some(worker), _) => Condition::all().add(supervision::Column::SupervisorWorkerId.eq(worker)),
            (None, expert) => Condition::all().add(supervision::Column::SupervisorExpertId.eq(expert)),
        }
    }
}

/// A supervisor's load today.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SupervisorLoad {
    pub social_worker_id: Option<i64>,
    /// Set for an external expert.
    pub expert_id: Option<i64>,
    pub name: String,
    /// The region that keeps the supervisor, whose ratio applies.
    pub region_code: String,
    pub workers_per_supervisor: u32,
    pub current_supervisees: usize,
    /// More current supervisees than the ratio allows.
    pub over_ratio: bool,
}

/// A region's supervision figures today.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SupervisionFigures {
    pub region_code: String,
    /// The ratio in force here (this region's, or the nearest ancestor's, or 40).
    pub workers_per_supervisor: u32,
    /// Workers kept here and below who hold a certificate or a current registration.
    pub workers: usize,
    /// Of those, the ones with a current supervisor.
    pub supervised: usize,
    /// `supervised` as a whole percentage of `workers`, rounded down; absent without workers.
    pub coverage_percent: Option<u32>,
    /// Supervisors of current relations here and below.
    pub supervisors: usize,
    pub supervisors_over_ratio: Vec<SupervisorLoad>,
}

/// The ratio in force in `code`: its own, else the nearest ancestor's, else the default.
fn ratio_in(tree: &RegionTree, ratios: &[supervision_ratio::Model], code: &str) -> u32 {
    tree.lineage(code)
        .iter()
        .rev()
        .find_map(|node| ratios.iter().find(|r| r.region_code == node.code))
        .and_then(|r| u32::try_from(r.workers_per_supervisor).ok())
        .unwrap_or(DEFAULT_WORKERS_PER_SUPERVISOR)
}

impl App {
    /// Each supervisor's load today, in the order of `keys`.
    pub(super) async fn supervisor_loads(
        &self,
        keys: &[SupervisorKey],
        today: NaiveDate,
    ) -> Result<Vec<SupervisorLoad>, AppError> {
        let worker_ids: Vec<i64> = keys.iter().filter_map(|k| k.worker).collect();
        let expert_ids: Vec<i64> = keys.iter().filter_map(|k| k.expert).collect();
        let relations = supervision::Entity::find()
            .filter(
                Condition::any()
                    .add(supervision::Column::SupervisorWorkerId.is_in(worker_ids.clone()))
                    .add(supervision::Column::SupervisorExpertId.is_in(expert_ids.clone())),
            )
            .all(&self.db)
            .await?;
        let current: Vec<SupervisorKey> =
            relations.iter().filter(|r| relation_span(r).contains(today)).map(SupervisorKey::of).collect();
        let workers = social_worker::Entity::find().filter(social_worker::Column::Id.is_in(worker_ids)).all(&self.db);
        let workers = workers.await?;
        let persons = person::Entity::find()
            .filter(person::Column::Id.is_in(workers.iter().map(|w| w.person_id)))
            .all(&self.db)
            .await?;
        let experts =
            social_work_expert::Entity::find().filter(social_work_expert::Column::Id.is_in(expert_ids)).all(&self.db);
        let experts = experts.await?;
        let ratios = supervision_ratio::Entity::find().all(&self.db).await?;
        let tree = self.regions();
        Ok(keys
            .iter()
            .map(|key| {
                let (name, region_code) = match (key.worker, key.expert) {
                    (Some(id), _) => workers
                        .iter()
                        .find(|w| w.id == id)
                        .map(|w| {
                            let name = persons.iter().find(|p| p.id == w.person_id).map(|p| p.name.clone());
                            (name.unwrap_or_default(), w.region_code.clone())
                        })
                        .unwrap_or_default(),
                    (None, id) => experts
                        .iter()
                        .find(|e| Some(e.id) == id)
                        .map(|e| (e.name.clone(), e.region_code.clone()))
                        .unwrap_or_default(),
                };
                let workers_per_supervisor = ratio_in(&tree, &ratios, &region_code);
                let current_supervisees = current.iter().filter(|k| *k == key).count();
                SupervisorLoad {
                    social_worker_id: key.worker,
                    expert_id: key.expert,
                    name,
                    region_code,
                    workers_per_supervisor,
                    current_supervisees,
                    over_ratio: over_ratio(current_supervisees, workers_per_supervisor),
                }
            })
            .collect())
    }

    /// Sets how many workers one supervisor may have in `code` (and below, where no
    /// nearer region sets its own).
    pub async fn set_supervision_ratio(&self, actor: &Actor, code: &str, workers: Option<i64>) -> Result<(), AppError> {
        let code = self.registry_region(actor, code)?;
        let workers = parse_ratio(workers).map_err(|v| AppError::invalid("workers_per_supervisor", v))?;
        let stored = i32::try_from(workers).unwrap_or(i32::MAX);
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let existing = supervision_ratio::Entity::find()
            .filter(supervision_ratio::Column::RegionCode.eq(&code))
            .one(tx.conn())
            .await?;
        let before =
            existing.as_ref().map(|r| serde_json::json!({ "workers_per_supervisor": r.workers_per_supervisor }));
        let id = match existing {
            Some(ratio) => {
                let mut row = ratio.into_active_model();
                row.workers_per_supervisor = Set(stored);
                row.update(tx.conn()).await?.id
            }
            None => {
                let row = supervision_ratio::ActiveModel {
                    region_code: Set(code.clone()),
                    workers_per_supervisor: Set(stored),
                    ..Default::default()
                };
                supervision_ratio::Entity::insert(row).exec(tx.conn()).await?.last_insert_id
            }
        };
        let mut change = Change::new("update", "supervision_ratio", id, &code)
            .after(&serde_json::json!({ "workers_per_supervisor": workers }));
        if let Some(before) = before {
            change = change.before(&before);
        }
        tx.record(change).await?;
        tx.commit().await
    }

    /// Coverage and supervisors over the ratio in `code` and below, today.
    pub async fn supervision_figures(&self, actor: &Actor, code: &str) -> Result<SupervisionFigures, AppError> {
        let codes = self.kept_region_codes(actor, code)?;
        let code = code.trim().to_string();
        let today = self.settings.today();
        let workers = social_worker::Entity::find()
            .filter(social_worker::Column::RegionCode.is_in(codes.clone()))
            .all(&self.db)
            .await?;
        let registered: HashSet<i64> = social_worker_registration::Entity::find()
            .filter(social_worker_registration::Column::SocialWorkerId.is_in(workers.iter().map(|w| w.id)))
            .filter(social_worker_registration::Column::StartsOn.lte(today))
            .filter(social_worker_registration::Column::ValidUntil.gte(today))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|r| r.social_worker_id)
            .collect();
        let counted: HashSet<i64> = workers
            .iter()
            .filter(|w| w.certificate_level.is_some() || registered.contains(&w.id))
            .map(|w| w.id)
            .collect();
        let current: Vec<supervision::Model> = supervision::Entity::find()
            .filter(supervision::Column::RegionCode.is_in(codes))
            .all(&self.db)
            .await?
            .into_iter()
            .filter(|r| relation_span(r).contains(today))
            .collect();
        let supervised: HashSet<i64> =
            current.iter().map(|r| r.social_worker_id).filter(|id| counted.contains(id)).collect();
        let mut keys: Vec<SupervisorKey> = Vec::new();
        for key in current.iter().map(SupervisorKey::of) {
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
        let loads = self.supervisor_loads(&keys, today).await?;
        let ratios = supervision_ratio::Entity::find().all(&self.db).await?;
        Ok(SupervisionFigures {
            workers_per_supervisor: ratio_in(&self.regions(), &ratios, &code),
            region_code: code,
            workers: counted.len(),
            supervised: supervised.len(),
            coverage_percent: coverage_percent(supervised.len(), counted.len()),
            supervisors: keys.len(),
            supervisors_over_ratio: loads.into_iter().filter(|l| l.over_ratio).collect(),
        })
    }
}
