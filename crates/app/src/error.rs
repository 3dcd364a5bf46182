use chrono::{DateTime, Utc};
use domain::{FieldError, Violation};
use store::sea_orm::{DbErr, SqlErr};

/// What can go wrong in a use case; the web layer maps each to one HTTP problem type.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    /// Missing, or outside the actor's scope: the two are indistinguishable on purpose.
    #[error("not found")]
    NotFound,
    #[error("authentication required")]
    Unauthenticated,
    #[error("account locked until {0}")]
    Locked(DateTime<Utc>),
    #[error("not permitted")]
    Forbidden,
    #[error("conflict")]
    Conflict(FieldError),
    #[error("store: {0}")]
    Store(#[from] store::StoreError),
    #[error("database: {0}")]
    Db(DbErr),
    #[error("{0}")]
    Internal(String),
}

impl AppError {
    pub fn invalid(field: &str, violation: Violation) -> Self {
        Self::Invalid(vec![violation.on(field)])
    }
}

impl From<DbErr> for AppError {
    /// A unique index is the last word on duplicates: a write that lost a race to it is the
    /// same conflict the use case's own check reports, not a failure of the server.
    fn from(error: DbErr) -> Self {
        match error.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(message)) => Self::Conflict(unique_violation(&message)),
            _ => Self::Db(error),
        }
    }
}

/// A unique key of the schema and what a duplicate means to the caller.
struct UniqueKey {
    table: &'static str,
    columns: &'static [&'static str],
    field: &'static str,
    code: &'static str,
}

impl UniqueKey {
    const fn new(
        table: &'static str,
        columns: &'static [&'static str],
        field: &'static str,
        code: &'static str,
    ) -> Self {
        Self { table, columns, field, code }
    }

    /// Whether a database's message names this key: SQLite lists `table.column`s,
    /// PostgreSQL quotes the constraint's name, `ix_<table>_<columns>` for the migrations'
    /// indexes and `<table>_<column>_key` for a unique column.
    fn named_in(&self, message: &str) -> bool {
        let sqlite = self.columns.iter().map(|c| format!("{}.{c}", self.table)).collect::<Vec<_>>().join(", ");
        let index = format!("\"ix_{}_{}\"", self.table, self.columns.join("_"));
        let column = format!("\"{}_{}_key\"", self.table, self.columns.join("_"));
        message.ends_with(&format!(": {sqlite}")) || message.contains(&index) || message.contains(&column)
    }
}

/// The unique keys a caller's input can collide with, each under the API's field name and
/// the code the use cases' own checks give.
const UNIQUE_KEYS: &[UniqueKey] = &[
    UniqueKey::new("accounts", &["username"], "username", "username-taken"),
    UniqueKey::new("organizations", &["name"], "name", "name-taken"),
    UniqueKey::new("organizations", &["uscc"], "uscc", "uscc-registered"),
    UniqueKey::new("supervising_units", &["name"], "name", "name-taken"),
    UniqueKey::new("incubation_bases", &["region_code", "name"], "name", "name-taken"),
    UniqueKey::new("community_org_filings", &["township_code", "name"], "name", "name-taken"),
    UniqueKey::new("annual_reports", &["organization_id", "year"], "year", "report-filed"),
    UniqueKey::new("nominations", &["election_id", "voter_id"], "post", "nomination-one-post"),
    UniqueKey::new("proxies", &["election_id", "grantor_id"], "grantor_id_number", "proxy-already-given"),
];

/// The field and code of a unique-key violation. A key not listed above still answers
/// 409, with the general conflict message on the key as the database names it (SQLite:
/// after the colon, PostgreSQL: in quotes).
fn unique_violation(message: &str) -> FieldError {
    match UNIQUE_KEYS.iter().find(|key| key.named_in(message)) {
        Some(key) => Violation::new(key.code).on(key.field),
        None => {
            let key = message.split('"').nth(1).or_else(|| message.rsplit(": ").next()).unwrap_or(message);
            Violation::new("problem-conflict").on(key)
        }
    }
}

/// Collects field errors and fails with all of them at once.
#[derive(Default)]
pub struct Checks(Vec<FieldError>);

impl Checks {
    pub fn field<T>(&mut self, field: &str, result: Result<T, Violation>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(v) => {
                self.0.push(v.on(field));
                None
            }
        }
    }

    pub fn push(&mut self, error: FieldError) {
        self.0.push(error);
    }

    pub fn finish(self) -> Result<(), AppError> {
        if self.0.is_empty() { Ok(()) } else { Err(AppError::Invalid(self.0)) }
    }
}

/// Requires a non-empty text of at most `max` characters, trimmed.
pub fn required_text(value: &str, max: usize) -> Result<String, Violation> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(Violation::new("required"));
    }
    optional_text(trimmed, max)
}

/// Accepts an optional text of at most `max` characters, trimmed.
pub fn optional_text(value: &str, max: usize) -> Result<String, Violation> {
    let trimmed = value.trim();
    if trimmed.chars().count() > max {
        return Err(Violation::new("too-long").with("max", max));
    }
    if trimmed.chars().any(char::is_control) {
        return Err(Violation::new("control-characters"));
    }
    Ok(trimmed.to_string())
}
