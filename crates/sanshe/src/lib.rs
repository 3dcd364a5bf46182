//! The `sanshe` binary's library half: configuration and start-up, shared by `main.rs`
//! and the integration tests (which start the real app on port 0).

pub mod check;
pub mod config;
pub mod election;

use std::net::SocketAddr;
use std::path::Path;

use anyhow::Context;
use app::App;
use tokio::net::TcpListener;

pub use config::Config;

/// Opens the database: migrations run and an empty region table gets the shipped tree.
pub async fn open(config: &Config) -> anyhow::Result<App> {
    App::start(&config.database_url, config.settings())
        .await
        .with_context(|| format!("cannot open the database {}", config.redacted_database_url()))
}

/// Opens the app and builds its router.
pub async fn build(config: &Config) -> anyhow::Result<(App, axum::Router)> {
    let app = open(config).await?;
    app.publish_ledger_heads_daily();
    web::install_metrics();
    let router = web::router(web::AppState::new(app.clone(), config.secure_cookies, config.trusted_proxies.clone()));
    Ok((app, router))
}

/// Serves until Ctrl-C or SIGTERM; `on_bound` hears the address once listening.
pub async fn serve(config: &Config, router: axum::Router, on_bound: impl FnOnce(SocketAddr)) -> anyhow::Result<()> {
    let listener =
        TcpListener::bind(&config.listen).await.with_context(|| format!("cannot listen on {}", config.listen))?;
    on_bound(listener.local_addr()?);
    // The peer's address caps anonymous writes per client (`web::limit`).
    let service = router.into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, service).with_graceful_shutdown(shutdown_signal()).await?;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = terminate => {} }
}

/// The demo password: `SANSHE_DEMO_PASSWORD`, else the one written at an earlier start,
/// else a new random one, written to the data folder and returned as new.
pub fn demo_password(config: &Config) -> anyhow::Result<(String, bool)> {
    if let Some(password) = &config.demo_password {
        return Ok((password.clone(), false));
    }
    let file = Path::new(&config.data_dir).join("demo-password.txt");
    if let Ok(existing) = std::fs::read_to_string(&file) {
        return Ok((existing.trim().to_string(), false));
    }
    // Upper case, lower case, digits and a symbol: passes the password policy.
    let password = format!("Sx-{}", &app::identity::random_token()[..16]);
    std::fs::create_dir_all(&config.data_dir)?;
    std::fs::write(&file, format!("{password}\n")).with_context(|| format!("cannot write {}", file.display()))?;
    Ok((password, true))
}
