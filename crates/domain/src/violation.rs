use std::fmt;

/// A broken rule, named by a message-catalogue key with its arguments, so the web layer
/// can say it in zh-CN or English without the domain knowing about languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub code: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl Violation {
    pub fn new(code: &'static str) -> Self {
        Self { code, args: Vec::new() }
    }

    pub fn with(mut self, name: &'static str, value: impl ToString) -> Self {
        self.args.push((name, value.to_string()));
        self
    }

    /// The argument of that name, if the violation carries one.
    pub fn arg(&self, name: &str) -> Option<&str> {
        self.args.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
    }

    pub fn on(self, field: impl Into<String>) -> FieldError {
        FieldError { field: field.into(), violation: self }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code)?;
        for (name, value) in &self.args {
            write!(f, " {name}={value}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Violation {}

/// A violation tied to the input field that caused it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub violation: Violation,
}
