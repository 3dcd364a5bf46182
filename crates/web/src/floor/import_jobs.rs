//! The import jobs of this process: each upload parsed once and kept, with its progress,
//! for an hour, for the account that started it.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use app::community::ImportRow;
use app::organization::OrganizationRow;
use app::sheet::{ImportReport, SheetFormat};
use app::social_work::{ContributionRow, SheetWorkerRow};
use app::volunteer::{HoursRow, VolunteerSheetRow};

const JOB_LIFETIME: Duration = Duration::from_secs(3600);

#[derive(Clone)]
pub enum Stage {
    Checking,
    Checked(ImportReport),
    Committing,
    Done(ImportReport),
    Failed,
}

/// What a file holds: people and posts, social organisations, social workers, or an
/// employer's (by id) social-insurance months of its staff.
#[derive(Clone)]
pub enum Rows {
    Posts(Arc<Vec<ImportRow>>),
    Organizations(Arc<Vec<OrganizationRow>>),
    SocialWorkers(Arc<Vec<SheetWorkerRow>>),
    Contributions(i64, Arc<Vec<ContributionRow>>),
    Volunteers(Arc<Vec<VolunteerSheetRow>>),
    VolunteerHours(Arc<Vec<HoursRow>>),
}

impl Rows {
    pub fn len(&self) -> usize {
        match self {
            Self::Posts(rows) => rows.len(),
            Self::Organizations(rows) => rows.len(),
            Self::SocialWorkers(rows) => rows.len(),
            Self::Contributions(_, rows) => rows.len(),
            Self::Volunteers(rows) => rows.len(),
            Self::VolunteerHours(rows) => rows.len(),
        }
    }

    /// The sheet the rows were read in, which names their columns.
    pub fn sheet(&self) -> &'static SheetFormat {
        match self {
            Self::Posts(_) => &app::community::POST_SHEET,
            Self::Organizations(_) => &app::organization::ORGANIZATION_SHEET,
            Self::SocialWorkers(_) => &app::social_work::SOCIAL_WORKER_SHEET,
            Self::Contributions(..) => &app::social_work::CONTRIBUTION_SHEET,
            Self::Volunteers(_) => &app::volunteer::VOLUNTEER_SHEET,
            Self::VolunteerHours(_) => &app::volunteer::HOURS_SHEET,
        }
    }

    /// The page the upload came from, to go back to.
    pub fn origin(&self) -> String {
        match self {
            Self::Contributions(org, _) => format!("/organizations/{org}/social-workers"),
            Self::Volunteers(_) | Self::VolunteerHours(_) => "/volunteers".to_string(),
            _ => "/imports".to_string(),
        }
    }
}

#[derive(Clone)]
pub struct Job {
    pub owner: i64,
    pub file_name: String,
    pub rows: Rows,
    pub done: Arc<AtomicUsize>,
    pub stage: Arc<Mutex<Stage>>,
    pub created: Instant,
}

/// The import jobs of this process.
#[derive(Clone, Default)]
pub struct ImportJobs {
    jobs: Arc<Mutex<HashMap<u64, Job>>>,
    next_id: Arc<AtomicUsize>,
}

impl ImportJobs {
    pub fn add(&self, job: Job) -> u64 {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed) as u64 + 1;
        if let Ok(mut jobs) = self.jobs.lock() {
            jobs.retain(|_, j| j.created.elapsed() < JOB_LIFETIME);
            jobs.insert(id, job);
        }
        id
    }

    /// A job (its parts shared), only for the account that started it.
    pub fn get(&self, id: u64, owner: i64) -> Option<Job> {
        let jobs = self.jobs.lock().ok()?;
        jobs.get(&id).filter(|j| j.owner == owner).cloned()
    }
}
