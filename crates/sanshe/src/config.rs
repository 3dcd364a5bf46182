//! Configuration: defaults, then an optional TOML file, then `SANSHE_*` variables.

use std::fmt;

use serde::Deserialize;

#[derive(Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// `sqlite://…` or `postgres://…`.
    pub database_url: String,
    /// The pool's size; empty for the store's default (SQLite 4, PostgreSQL two per core).
    pub database_connections: Option<u32>,
    pub listen: String,
    /// Where the SQLite file and the demo password live.
    pub data_dir: String,
    pub demo_password: Option<String>,
    pub secure_cookies: bool,
    /// Reverse proxies whose `X-Forwarded-For` names the client (the cap on anonymous
    /// writes counts per client).
    pub trusted_proxies: Vec<std::net::IpAddr>,
    pub max_failed_logins: i32,
    pub lockout_minutes: i64,
    pub session_idle_minutes: i64,
    /// Offset from UTC of the deployment's local time, in minutes (China: 480).
    pub utc_offset_minutes: i32,
    /// `json` for one JSON object per log line; anything else for text.
    pub log_format: String,
}

impl Default for Config {
    fn default() -> Self {
        let settings = app::Settings::default();
        Self {
            database_url: "sqlite://sanshe-data/sanshe.db".into(),
            database_connections: settings.database_connections,
            listen: "127.0.0.1:8080".into(),
            data_dir: "sanshe-data".into(),
            demo_password: None,
            secure_cookies: false,
            trusted_proxies: vec![std::net::Ipv4Addr::LOCALHOST.into(), std::net::Ipv6Addr::LOCALHOST.into()],
            max_failed_logins: settings.max_failed_logins,
            lockout_minutes: settings.lockout_minutes,
            session_idle_minutes: settings.session_idle_minutes,
            utc_offset_minutes: settings.utc_offset_minutes,
            log_format: "text".into(),
        }
    }
}

/// Secrets never reach logs: Debug shows the URL without its password.
impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("database_url", &self.redacted_database_url())
            .field("listen", &self.listen)
            .field("data_dir", &self.data_dir)
            .field("demo_password", &self.demo_password.as_ref().map(|_| "***"))
            .field("secure_cookies", &self.secure_cookies)
            .finish_non_exhaustive()
    }
}

impl Config {
    /// Reads `file` if given (or `sanshe.toml` if present), then the environment.
    pub fn load(file: Option<&str>) -> anyhow::Result<Self> {
        let path = file
            .map(str::to_string)
            .or_else(|| std::path::Path::new("sanshe.toml").exists().then(|| "sanshe.toml".into()));
        let mut config = match path {
            Some(path) => {
                let text = std::fs::read_to_string(&path).map_err(|e| anyhow::anyhow!("cannot read {path}: {e}"))?;
                toml::from_str(&text).map_err(|e| anyhow::anyhow!("{path}: {e}"))?
            }
            None => Self::default(),
        };
        config.apply_env(|name| std::env::var(name).ok())?;
        if config.database_url.starts_with("sqlite://") && !config.database_url.contains(":memory:") {
            let file =
                config.database_url.trim_start_matches("sqlite://").split('?').next().unwrap_or_default().to_string();
            if let Some(parent) = std::path::Path::new(&file).parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent)?;
            }
        }
        Ok(config)
    }

    fn apply_env(&mut self, var: impl Fn(&str) -> Option<String>) -> anyhow::Result<()> {
        fn number<T: std::str::FromStr>(name: &str, value: String) -> anyhow::Result<T> {
            value.parse().map_err(|_| anyhow::anyhow!("{name} must be a number, not {value:?}"))
        }
        if let Some(v) = var("SANSHE_DATABASE_URL") {
            self.database_url = v;
        }
        if let Some(v) = var("SANSHE_DATABASE_CONNECTIONS") {
            self.database_connections = Some(number("SANSHE_DATABASE_CONNECTIONS", v)?);
        }
        if let Some(v) = var("SANSHE_LISTEN") {
            self.listen = v;
        }
        if let Some(v) = var("SANSHE_DATA_DIR") {
            self.data_dir = v;
        }
        if let Some(v) = var("SANSHE_DEMO_PASSWORD").filter(|v| !v.is_empty()) {
            self.demo_password = Some(v);
        }
        if let Some(v) = var("SANSHE_SECURE_COOKIES") {
            self.secure_cookies = matches!(v.as_str(), "1" | "true" | "yes");
        }
        if let Some(v) = var("SANSHE_TRUSTED_PROXIES") {
            self.trusted_proxies = v
                .split(',')
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(|a| a.parse().map_err(|_| anyhow::anyhow!("SANSHE_TRUSTED_PROXIES: {a} is not an IP address")))
                .collect::<anyhow::Result<_>>()?;
        }
        if let Some(v) = var("SANSHE_MAX_FAILED_LOGINS") {
            self.max_failed_logins = number("SANSHE_MAX_FAILED_LOGINS", v)?;
        }
        if let Some(v) = var("SANSHE_LOCKOUT_MINUTES") {
            self.lockout_minutes = number("SANSHE_LOCKOUT_MINUTES", v)?;
        }
        if let Some(v) = var("SANSHE_SESSION_IDLE_MINUTES") {
            self.session_idle_minutes = number("SANSHE_SESSION_IDLE_MINUTES", v)?;
        }
        if let Some(v) = var("SANSHE_UTC_OFFSET_MINUTES") {
            self.utc_offset_minutes = number("SANSHE_UTC_OFFSET_MINUTES", v)?;
        }
        if let Some(v) = var("SANSHE_LOG_FORMAT") {
            self.log_format = v;
        }
        Ok(())
    }

    pub fn settings(&self) -> app::Settings {
        app::Settings {
            max_failed_logins: self.max_failed_logins,
            lockout_minutes: self.lockout_minutes,
            session_idle_minutes: self.session_idle_minutes,
            utc_offset_minutes: self.utc_offset_minutes,
            database_connections: self.database_connections,
        }
    }

    /// The database URL with any password replaced by `***`.
    pub fn redacted_database_url(&self) -> String {
        redact_url(&self.database_url)
    }
}

fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    match rest.split_once('@') {
        Some((credentials, host)) => match credentials.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
            None => url.to_string(),
        },
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_in_database_urls_are_redacted() {
        assert_eq!(redact_url("postgres://app:s3cret@db:5432/sanshe"), "postgres://app:***@db:5432/sanshe");
        assert_eq!(redact_url("sqlite://sanshe-data/sanshe.db"), "sqlite://sanshe-data/sanshe.db");
        let config =
            Config { database_url: "postgres://a:b@c/d".into(), demo_password: Some("x".into()), ..Config::default() };
        let shown = format!("{config:?}");
        assert!(!shown.contains(":b@") && !shown.contains("\"x\""), "{shown}");
    }

    #[test]
    fn environment_overrides_and_bad_numbers_are_reported() {
        let mut config = Config::default();
        config.apply_env(|name| (name == "SANSHE_LOCKOUT_MINUTES").then(|| "30".to_string())).unwrap();
        assert_eq!(config.lockout_minutes, 30);
        config.apply_env(|name| (name == "SANSHE_DATABASE_CONNECTIONS").then(|| "4".to_string())).unwrap();
        config.apply_env(|name| (name == "SANSHE_TRUSTED_PROXIES").then(|| "10.0.0.9, ::1".to_string())).unwrap();
        assert_eq!(config.trusted_proxies, ["10.0.0.9".parse::<std::net::IpAddr>().unwrap(), "::1".parse().unwrap()]);
        assert!(config.apply_env(|name| (name == "SANSHE_TRUSTED_PROXIES").then(|| "proxy".to_string())).is_err());
        assert_eq!(config.settings().database_connections, Some(4));
        let err = config.apply_env(|name| (name == "SANSHE_MAX_FAILED_LOGINS").then(|| "five".to_string()));
        assert!(err.unwrap_err().to_string().contains("SANSHE_MAX_FAILED_LOGINS"));
    }
}
