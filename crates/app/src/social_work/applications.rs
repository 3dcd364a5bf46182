//! The office's queue of registration applications: those filed in its regions, by state
//! (by default the ones waiting for a step), with the worker's name and masked ID number.

use chrono::NaiveDate;
use domain::Violation;
use domain::identifiers::resident_id::mask;
use domain::social_work::registration::ApplicationState;
use serde::Serialize;
use store::entity::{person, social_worker, social_worker_application};
use store::sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::paging::{PageRequest, PageSpan};
use crate::{Actor, App, AppError};

const PAGE_SIZE: u64 = 20;

/// Which applications to list: `waiting` (the default: a step is still to be taken),
/// `all`, or one state; optionally one worker's.
#[derive(Debug, Clone, Default)]
pub struct ApplicationFilter {
    pub state: String,
    pub social_worker_id: Option<i64>,
}

/// The states an office still has a step to take on.
pub const WAITING: [ApplicationState; 4] = [
    ApplicationState::Submitted,
    ApplicationState::FirstReviewPassed,
    ApplicationState::FinalReviewPassed,
    ApplicationState::Registered,
];

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ApplicationRow {
    pub id: i64,
    pub social_worker_id: i64,
    pub name: String,
    /// Masked.
    pub id_number: String,
    pub region_code: String,
    pub level: Option<String>,
    pub submitted_on: NaiveDate,
    pub state: String,
    /// The reason a review gave (always given for a refusal).
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ApplicationList {
    pub items: Vec<ApplicationRow>,
    #[serde(flatten)]
    pub span: PageSpan,
}

impl ApplicationFilter {
    /// The states asked for; an unknown one is the caller's mistake, named `state`.
    fn states(&self) -> Result<Vec<ApplicationState>, AppError> {
        match self.state.trim() {
            "" | "waiting" => Ok(WAITING.to_vec()),
            "all" => Ok(ApplicationState::ALL.to_vec()),
            one => ApplicationState::parse(one)
                .map(|s| vec![s])
                .ok_or_else(|| AppError::invalid("state", Violation::new("unknown-choice"))),
        }
    }
}

impl App {
    /// The applications filed in the regions the actor keeps social workers in, oldest first.
    pub async fn registration_applications(
        &self,
        actor: &Actor,
        filter: &ApplicationFilter,
        page: PageRequest,
    ) -> Result<ApplicationList, AppError> {
        let codes = self.kept_region_codes(actor, "")?;
        let states: Vec<&str> = filter.states()?.into_iter().map(|s| s.as_str()).collect();
        let mut query = social_worker_application::Entity::find()
            .filter(social_worker_application::Column::RegionCode.is_in(codes))
            .filter(social_worker_application::Column::State.is_in(states));
        if let Some(id) = filter.social_worker_id {
            query = query.filter(social_worker_application::Column::SocialWorkerId.eq(id));
        }
        let query = query.order_by_asc(social_worker_application::Column::Id);
        let span = PageSpan::new(page, PAGE_SIZE, query.clone().count(&self.db).await?);
        let found = query.offset(span.page * span.size).limit(span.size).all(&self.db).await?;
        let workers = social_worker::Entity::find()
            .filter(social_worker::Column::Id.is_in(found.iter().map(|a| a.social_worker_id)))
            .all(&self.db)
            .await?;
        let persons = person::Entity::find()
            .filter(person::Column::Id.is_in(workers.iter().map(|w| w.person_id)))
            .all(&self.db)
            .await?;
        let items = found
            .into_iter()
            .map(|a| {
                let worker = workers.iter().find(|w| w.id == a.social_worker_id);
                let person = worker.and_then(|w| persons.iter().find(|p| p.id == w.person_id));
                ApplicationRow {
                    id: a.id,
                    social_worker_id: a.social_worker_id,
                    name: person.map(|p| p.name.clone()).unwrap_or_default(),
                    id_number: person.map(|p| mask(&p.id_number)).unwrap_or_default(),
                    region_code: a.region_code,
                    level: worker.and_then(|w| w.certificate_level).map(String::from),
                    submitted_on: a.submitted_on,
                    state: a.state.0.as_str().to_string(),
                    note: a.note,
                }
            })
            .collect();
        Ok(ApplicationList { items, span })
    }
}
