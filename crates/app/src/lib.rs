//! Use cases per domain. The app layer owns transactions, authorisation decisions and
//! audit records; it calls the pure rules in `domain` and the tables in `store`.

pub mod actor;
pub mod audit;
mod batch;
mod cache;
pub mod community;
pub mod demo;
mod error;
mod export;
pub mod governance;
pub mod identity;
pub mod organization;
pub mod paging;
pub mod region;
pub mod sheet;
pub mod social_work;
pub mod survey;
mod tx;
pub mod volunteer;
pub mod workdays;

use std::sync::{Arc, RwLock};

use cache::{Epoch, EpochCache};
use store::sea_orm::DatabaseConnection;

pub use actor::{Actor, Grant};
pub use error::AppError;
pub use region::RegionTree;
pub use tx::Author;

/// Settings that policy may change per deployment.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Failed logins in a row that lock an account.
    pub max_failed_logins: i32,
    pub lockout_minutes: i64,
    /// A session ends after this long without a request.
    pub session_idle_minutes: i64,
    /// The deployment's offset from UTC (China: +8 h), which decides what "today" is for
    /// dates users enter: a post that starts today is not in the future at 07:00 local.
    pub utc_offset_minutes: i32,
    /// The database pool's size; `None` for the store's default.
    pub database_connections: Option<u32>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            max_failed_logins: 5,
            lockout_minutes: 15,
            session_idle_minutes: 30,
            utc_offset_minutes: 480,
            database_connections: None,
        }
    }
}

impl Settings {
    /// Today's date where the deployment is.
    pub fn today(&self) -> chrono::NaiveDate {
        (chrono::Utc::now() + chrono::Duration::minutes(i64::from(self.utc_offset_minutes))).date_naive()
    }
}

/// The application: a database pool, the cached region tree, read caches and settings.
#[derive(Clone)]
pub struct App {
    pub db: DatabaseConnection,
    regions: Arc<RwLock<Arc<RegionTree>>>,
    pub settings: Settings,
    epoch: Arc<Epoch>,
    sessions: Arc<EpochCache<String, identity::CachedSession>>,
    communities: Arc<EpochCache<String, community::CommunityDetail>>,
    unit_names: Arc<EpochCache<(), Arc<std::collections::HashMap<i64, String>>>>,
    checkpoints: Arc<EpochCache<i64, Arc<volunteer::Checkpoint>>>,
    ballot_box: governance::BallotBox,
    check_box: volunteer::CheckBox,
}

impl App {
    /// Connects, migrates, seeds the shipped region tree into an empty database and loads
    /// the tree into memory.
    pub async fn start(url: &str, settings: Settings) -> Result<Self, AppError> {
        let db = store::connect(url, settings.database_connections).await?;
        store::migrate(&db).await?;
        let epoch = Arc::new(Epoch::default());
        cache::follow_writes(db.clone(), Arc::clone(&epoch));
        let ballot_writer = tx::Writer { db: store::connect_dedicated(url).await?, epoch: Arc::clone(&epoch) };
        let ballot_box = governance::ballots::ballot_box(ballot_writer, settings.clone());
        // Check-ins write attendance and ledgers, which no cache holds, so their commits
        // leave the shared epoch alone: otherwise every group would send each signed-in
        // caller back to the database for its session (the head row's poll still advances
        // it twice a second).
        let check_writer = tx::Writer { db: store::connect_dedicated(url).await?, epoch: Arc::default() };
        let check_box = volunteer::check_box(check_writer, settings.utc_offset_minutes);
        let app = Self {
            db,
            regions: Arc::default(),
            settings,
            epoch,
            ballot_box,
            check_box,
            sessions: Arc::new(EpochCache::new(100_000)),
            communities: Arc::new(EpochCache::new(10_000)),
            unit_names: Arc::new(EpochCache::new(1)),
            checkpoints: Arc::new(EpochCache::new(10_000)),
        };
        region::seed_shipped_tree(&app).await?;
        app.reload_regions().await?;
        Ok(app)
    }

    /// What a write transaction needs, detached from the app (for background writers).
    pub(crate) fn writer(&self) -> tx::Writer {
        tx::Writer { db: self.db.clone(), epoch: Arc::clone(&self.epoch) }
    }

    /// The region tree as last loaded; cheap to clone and consistent for one request.
    pub fn regions(&self) -> Arc<RegionTree> {
        self.regions.read().map(|t| Arc::clone(&t)).unwrap_or_default()
    }

    pub async fn reload_regions(&self) -> Result<(), AppError> {
        let tree = Arc::new(RegionTree::load(&self.db).await?);
        if let Ok(mut slot) = self.regions.write() {
            *slot = tree;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::Settings;

    #[test]
    fn today_is_the_date_at_the_deployments_offset() {
        let utc = Settings { utc_offset_minutes: 0, ..Settings::default() };
        let a_day_ahead = Settings { utc_offset_minutes: 24 * 60, ..Settings::default() };
        assert_eq!(a_day_ahead.today(), utc.today().succ_opt().unwrap());
    }
}
