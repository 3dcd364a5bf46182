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
    UniqueKey::new("voter_kin", &["election_id", "voter_id", "kin_id"], "kin_id_number", "kinship-already-declared"),
    UniqueKey::new("election_rule_sets", &["region_code", "valid_from"], "valid_from", "rule-set-exists"),
    UniqueKey::new("social_workers", &["person_id"], "id_number", "social-worker-exists"),
    UniqueKey::new("social_workers", &["certificate_number"], "certificate.number", "certificate-number-taken"),
    UniqueKey::new("social_workers", &["account_id"], "username", "social-worker-account-linked"),
    UniqueKey::new("election_rounds", &["election_id", "number"], "election", "further-round-called"),
    UniqueKey::new("social_work_training_bases", &["region_code", "name"], "name", "name-taken"),
    UniqueKey::new("social_worker_local_qualifications", &["number"], "number", "local-number-taken"),
    UniqueKey::new("city_courses", &["region_code", "year"], "year", "city-course-exists"),
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

    /// Fails with every error found, if any.
    pub fn finish(self) -> Result<(), AppError> {
        self.finish_with(())
    }

    /// The checked values, once no field failed; otherwise every error found.
    pub fn finish_with<V: CheckedFields>(self, values: V) -> Result<V::Values, AppError> {
        self.into_values(values).map_err(AppError::Invalid)
    }

    /// As `finish_with`, with the bare field errors for callers that report them per row.
    pub fn into_values<V: CheckedFields>(self, values: V) -> Result<V::Values, Vec<FieldError>> {
        match values.all_present() {
            Some(values) if self.0.is_empty() => Ok(values),
            // A value is missing only where an error was recorded, so the errors say it all.
            _ => Err(self.0),
        }
    }
}

/// Values checked with `Checks`, alone or in a tuple: each is missing only when an error
/// was recorded for it, so once no error was recorded they are all present.
pub trait CheckedFields {
    type Values;

    fn all_present(self) -> Option<Self::Values>;
}

impl CheckedFields for () {
    type Values = ();

    fn all_present(self) -> Option<()> {
        Some(())
    }
}

impl<T> CheckedFields for Option<T> {
    type Values = T;

    fn all_present(self) -> Option<T> {
        self
    }
}

macro_rules! checked_tuple {
    ($($value:ident: $type:ident),+) => {
        impl<$($type),+> CheckedFields for ($(Option<$type>,)+) {
            type Values = ($($type,)+);

            fn all_present(self) -> Option<Self::Values> {
                let ($($value,)+) = self;
                Some(($($value?,)+))
            }
        }
    };
}

checked_tuple!(a: A, b: B);
checked_tuple!(a: A, b: B, c: C);
checked_tuple!(a: A, b: B, c: C, d: D);
checked_tuple!(a: A, b: B, c: C, d: D, e: E);
checked_tuple!(a: A, b: B, c: C, d: D, e: E, f: F);
checked_tuple!(a: A, b: B, c: C, d: D, e: E, f: F, g: G);

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checked_values_come_back_once_no_field_failed() {
        let mut checks = Checks::default();
        let name = checks.field("name", required_text(" Li ", 10));
        let note = checks.field("note", optional_text("", 10));
        assert_eq!(checks.into_values((name, note)), Ok(("Li".to_string(), String::new())));
    }

    #[test]
    fn every_failed_field_is_reported_together() {
        let mut checks = Checks::default();
        let name = checks.field("name", required_text(" ", 10));
        let note = checks.field("note", optional_text("too long a note", 4));
        checks.push(Violation::new("unknown-choice").on("kind"));
        let fields: Vec<String> = checks.into_values((name, note)).unwrap_err().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["name", "note", "kind"]);
    }
}
