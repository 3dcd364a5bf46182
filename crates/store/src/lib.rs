//! Storage: SeaORM entities, the migration history and the connection set-up shared by
//! SQLite (the embedded default) and PostgreSQL (production).

pub mod entity;
mod migration;

use std::time::Duration;

use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr};
use sea_orm_migration::MigratorTrait;

pub use migration::Migrator;
pub use sea_orm;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("unsupported database URL (use sqlite://… or postgres://…): {0}")]
    UnsupportedUrl(String),
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Opens a pool for `url` of `connections` (the default for the database when `None`).
/// SQLite gets WAL, foreign keys, a busy timeout and `synchronous=FULL`, so every commit
/// acknowledged is on disk.
pub async fn connect(url: &str, connections: Option<u32>) -> Result<DatabaseConnection, StoreError> {
    connect_with(url, connections).await
}

/// Opens one connection of its own for a hot writer: on SQLite its page cache stays warm,
/// since only other connections' commits make it re-read pages.
pub async fn connect_dedicated(url: &str) -> Result<DatabaseConnection, StoreError> {
    connect_with(url, Some(1)).await
}

/// Two PostgreSQL backends per core of this host: more only queue inside the database when
/// it shares the host. On two cores the public search's p99 was 22-23 ms with 16 backends,
/// 21-23 ms with 8 and 16-19 ms with 4 (bench/results/2026-11-27-registry.md).
fn default_pg_connections() -> u32 {
    std::thread::available_parallelism().map_or(4, |cores| 2 * u32::try_from(cores.get()).unwrap_or(2))
}

async fn connect_with(url: &str, connections: Option<u32>) -> Result<DatabaseConnection, StoreError> {
    let mut options = ConnectOptions::new(url.to_string());
    options.connect_timeout(Duration::from_secs(10)).acquire_timeout(Duration::from_secs(30)).sqlx_logging(false);
    if url.starts_with("sqlite:") {
        // A file cannot drop a connection: no ping before each query (in the SQLite driver a
        // ping is one more trip to the connection's thread).
        options.test_before_acquire(false);
        options.max_connections(connections.unwrap_or(4)).min_connections(1).map_sqlx_sqlite_opts(|o| {
            o.create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(30))
                // 16 MiB of page cache per connection: codes and ballot slots are looked
                // up at random.
                .pragma("cache_size", "-16384")
                // Reads through a mapping of the file (up to 1 GiB) skip a copy per page.
                .pragma("mmap_size", "1073741824")
                // Checkpoint every 250 pages instead of 1,000: a commit that checkpoints
                // stalls its group for a quarter as long (ballot p99 15-17 -> 9-12 ms here).
                .pragma("wal_autocheckpoint", "250")
        });
    } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        // Ping only connections idle long enough for a server, proxy or firewall to have
        // dropped them, not on every query (a round trip each).
        options.max_connections(connections.unwrap_or_else(default_pg_connections)).min_connections(1);
        options.test_before_acquire_if_idle_for(Duration::from_secs(30));
        // Prepared statements keep one generic plan instead of being planned again on every
        // run: sea-query binds LIMIT as a parameter, and with it PostgreSQL never trusts
        // the generic plan, so each public search paid 0.16 ms of planning for 0.04 ms of
        // work. The queries here are keyed lookups and range scans, which plan the same.
        options.map_sqlx_postgres_opts(|o| o.options([("plan_cache_mode", "force_generic_plan")]));
    } else {
        return Err(StoreError::UnsupportedUrl(url.to_string()));
    }
    Ok(Database::connect(options).await?)
}

/// Applies every pending migration.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}
