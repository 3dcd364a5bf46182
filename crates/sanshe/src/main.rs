//! `sanshe`: the whole platform in one binary.

use std::io::IsTerminal;
use std::process::ExitCode;

/// mimalloc: less time in malloc under load, and no per-thread arenas bloating RSS.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use anyhow::Context;
use clap::{Parser, Subcommand};
use sanshe::check::{Kind, check};
use sanshe::{Config, build, demo_password, open, serve};

#[derive(Parser)]
#[command(
    name = "sanshe",
    version,
    about = "三社互动平台 Sanshe: communities, social organisations, social workers and volunteers"
)]
struct Cli {
    /// A TOML configuration file (default: ./sanshe.toml if present). SANSHE_* variables override it.
    #[arg(long, global = true, env = "SANSHE_CONFIG")]
    config: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server (migrations run first).
    Serve {
        /// Load the Jiaxing demo accounts and records (idempotent).
        #[arg(long)]
        demo: bool,
        /// Address to listen on (default 127.0.0.1:8080, or SANSHE_LISTEN).
        #[arg(long)]
        listen: Option<String>,
    },
    /// Apply pending database migrations and exit.
    Migrate,
    /// The audit trail.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Validate identifiers: one line per value, exit 0 only if all are valid.
    Check {
        #[arg(value_enum)]
        kind: Kind,
        #[arg(required = true)]
        values: Vec<String>,
    },
    /// The region tree.
    Regions {
        #[command(subcommand)]
        command: RegionsCommand,
    },
    /// Committee elections (3B).
    Election {
        #[command(subcommand)]
        command: ElectionCommand,
    },
    /// Accounts no account may grant: the first of each department (an administrator, a
    /// registrar, finance, a supervising unit), created at the server's console.
    Account {
        #[command(subcommand)]
        command: AccountCommand,
    },
}

#[derive(Subcommand)]
enum AccountCommand {
    /// Add an account with one role over a region; the password is read from
    /// SANSHE_NEW_PASSWORD or, if unset, from the first line of standard input.
    Add {
        username: String,
        /// Its role: city_admin, county_admin, township_admin, community_admin, registrar,
        /// supervising_unit, finance, social_worker, volunteer or resident.
        role: String,
        /// The region code it holds the role over.
        region: String,
        /// The name shown for it (default: the username).
        #[arg(long)]
        display_name: Option<String>,
    },
}

#[derive(Subcommand)]
enum ElectionCommand {
    /// Count one round of one election from a JSON file (for a count held on paper in a
    /// hall with a laptop) and print the result as JSON. Exit 2 on input that cannot be counted.
    Count { file: String },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Recompute the hash chain; exit non-zero naming the first bad entry.
    Verify,
}

#[derive(Subcommand)]
enum RegionsCommand {
    /// Import a division file (tab-separated: code, name, level, parent_code, kind), all or nothing.
    Import {
        file: String,
        /// The date the divisions took effect (default today).
        #[arg(long)]
        valid_from: Option<chrono::NaiveDate>,
    },
}

fn init_tracing(config: &Config) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,sea_orm=warn"));
    // Colour codes only for a person at a terminal: in a log file or journal they are noise.
    let colour = std::io::stderr().is_terminal();
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).with_ansi(colour);
    if config.log_format == "json" {
        builder.json().init();
    } else {
        builder.init();
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli).await {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let mut config = Config::load(cli.config.as_deref())?;
    match cli.command {
        Command::Serve { demo, listen } => {
            if let Some(listen) = listen {
                config.listen = listen;
            }
            init_tracing(&config);
            tracing::info!(config = ?config, "starting");
            let (app, router) = build(&config).await?;
            if demo {
                let (password, new) = demo_password(&config)?;
                let created = app::demo::load_demo(&app, &password).await.context("cannot load the demo data")?;
                if created && new {
                    println!(
                        "Demo accounts created. Password (printed once, also in {}/demo-password.txt): {password}",
                        config.data_dir
                    );
                } else if created {
                    println!("Demo accounts created with the configured demo password.");
                }
            }
            serve(&config, router, |addr| {
                tracing::info!(%addr, "listening");
                println!("Sanshe is serving http://{addr}");
            })
            .await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Migrate => {
            open(&config).await?;
            println!("database is up to date");
            Ok(ExitCode::SUCCESS)
        }
        Command::Audit { command: AuditCommand::Verify } => {
            let app = open(&config).await?;
            match app.verify_audit_chain().await? {
                Ok(count) => {
                    println!("audit chain intact: {count} entries");
                    Ok(ExitCode::SUCCESS)
                }
                Err(broken) => {
                    println!("audit chain broken at entry {}: {}", broken.seq, broken.reason);
                    Ok(ExitCode::from(1))
                }
            }
        }
        Command::Check { kind, values } => {
            // Region codes are checked against the stored current divisions.
            let regions = match kind {
                Kind::Region => Some(open(&config).await?.regions()),
                _ => None,
            };
            let all_valid =
                check(kind, &values, config.settings().today(), regions.as_deref(), &mut std::io::stdout())?;
            Ok(if all_valid { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        Command::Election { command: ElectionCommand::Count { file } } => Ok(sanshe::election::count_file(&file)),
        Command::Regions { command: RegionsCommand::Import { file, valid_from } } => {
            let app = open(&config).await?;
            let text = std::fs::read_to_string(&file).with_context(|| format!("cannot read {file}"))?;
            let valid_from = valid_from.unwrap_or_else(|| config.settings().today());
            let imported = app::region::import_divisions(&app, &text, valid_from, app::Author::system()).await;
            answer(imported.map(|summary| {
                format!("imported {} regions, {} new community profiles", summary.regions, summary.new_communities)
            }))
        }
        Command::Account { command: AccountCommand::Add { username, role, region, display_name } } => {
            let password = match std::env::var("SANSHE_NEW_PASSWORD") {
                Ok(password) => password,
                Err(_) => std::io::stdin().lines().next().transpose()?.unwrap_or_default(),
            };
            let app = open(&config).await?;
            let display_name = display_name.unwrap_or_else(|| username.clone());
            let input = app::identity::NewAccount { username, display_name, password, role, region_code: region };
            answer(app.create_account_as_operator(input).await.map(|id| format!("account {id} created")))
        }
    }
}

/// A console command's outcome: its line on success (exit 0), each field's error in
/// English on invalid input (exit 2).
fn answer(outcome: Result<String, app::AppError>) -> anyhow::Result<ExitCode> {
    let errors = match outcome {
        Ok(line) => {
            println!("{line}");
            return Ok(ExitCode::SUCCESS);
        }
        Err(app::AppError::Invalid(errors)) => errors,
        Err(app::AppError::Conflict(error)) => vec![error],
        Err(other) => return Err(other.into()),
    };
    for e in errors {
        eprintln!("{}: {}", e.field, web::i18n::violation(web::i18n::Lang::En, &e.violation));
    }
    Ok(ExitCode::from(2))
}
