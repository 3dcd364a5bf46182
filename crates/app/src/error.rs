use chrono::{DateTime, Utc};
use domain::{FieldError, Violation};
use store::sea_orm::DbErr;

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
    Db(#[from] DbErr),
    #[error("{0}")]
    Internal(String),
}

impl AppError {
    pub fn invalid(field: &str, violation: Violation) -> Self {
        Self::Invalid(vec![violation.on(field)])
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
