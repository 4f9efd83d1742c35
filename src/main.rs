//! The esf-ledger command line: serve the API, migrate, seed, manage users, issue tokens.

use std::io::BufRead;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use esf_ledger::config::{Config, Settings};
use esf_ledger::domain::roles::RoleSet;
use esf_ledger::error::AppError;
use esf_ledger::seed::{self, SeedOptions};
use esf_ledger::service::{self, ChangedBy};
use esf_ledger::store::{organisations, users};
use esf_ledger::views::users::NewUserInput;

#[derive(Parser)]
#[command(
    name = "esf-ledger",
    version,
    about = "Accounting and reporting for a multi-partner European Social Fund project",
    long_about = "Accounting and reporting for a multi-partner European Social Fund project.\n\n\
        Every setting below can be given as its environment variable or its option; the \
        database is SQLite at ./data/esf-ledger.db unless DATABASE_URL names another file \
        or a postgres:// server. Log levels: RUST_LOG."
)]
struct Cli {
    #[command(flatten)]
    settings: Settings,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the REST API (migrates the database first).
    Serve {
        /// Load the Plug In organisation tree, project and demo users before serving.
        #[arg(long)]
        demo: bool,
    },
    /// Bring the database schema up to date and exit.
    Migrate,
    /// Load the Plug In organisation tree, project settings and demo users (idempotent).
    Seed {
        /// Only the organisation tree and project, no demo users.
        #[arg(long)]
        without_users: bool,
        /// Then fill the (empty) database with generated data of this size: staff,
        /// timesheets, costs, participants, every month consolidated, a claim per quarter.
        #[arg(long, value_enum)]
        scale: Option<esf_ledger::scale::Scale>,
        /// With --scale: issue only this many of the quarterly claims (0 leaves every
        /// month consolidated and unclaimed, ready for a claim over HTTP).
        #[arg(long, requires = "scale")]
        claims: Option<u32>,
    },
    /// Check the ledger's invariants (claims, their entries, distributions); exits
    /// non-zero and lists every breach if one does not hold.
    Verify,
    /// Manage users.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Print a bearer token for a user, for scripts and tests.
    Token {
        /// The user's e-mail address.
        #[arg(long)]
        email: String,
        /// Lifetime in seconds (default ESF_TOKEN_TTL_SECONDS or 1800).
        #[arg(long)]
        ttl_seconds: Option<i64>,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Add a user; the password is asked for (or read from stdin with --password-stdin).
    Add {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// The organisation's code, e.g. SKL, GR or 1481.
        #[arg(long)]
        organisation: String,
        /// Comma-separated: economist, manager, admin (owner only), auditor.
        #[arg(long)]
        roles: String,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = Config::from_settings(cli.settings);
    esf_ledger::telemetry::init(config.log_format);
    match run(cli.command, config) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn describe(e: AppError) -> String {
    match e {
        AppError::Validation(v) => {
            v.0.iter()
                .map(|e| format!("{}: {}", e.field, e.message))
                .collect::<Vec<_>>()
                .join("\n")
        }
        // The operator at the command line sees what went wrong inside.
        AppError::Internal(m) => format!("internal error: {m}"),
        failure @ AppError::Failure { .. } => {
            format!("internal error: {}", esf_ledger::error::chain(&failure))
        }
        other => other.problem().detail,
    }
}

fn run(command: Command, config: Config) -> Result<(), String> {
    let pool = esf_ledger::open_database(&config)?;
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    match command {
        Command::Migrate => {
            println!("database {} is up to date", config.database.redacted());
            Ok(())
        }
        Command::Verify => {
            let report = esf_ledger::service::verify::run(&mut conn).map_err(describe)?;
            for breach in &report.breaches {
                println!("BREACH: {breach}");
            }
            println!(
                "checked {} issued claim(s) and {} payment(s): {}",
                report.issued_claims,
                report.payments,
                if report.is_clean() {
                    "all invariants hold".to_string()
                } else {
                    format!("{} breach(es)", report.breaches.len())
                }
            );
            if report.is_clean() {
                Ok(())
            } else {
                Err("the ledger's invariants do not hold".into())
            }
        }
        Command::Seed {
            without_users,
            scale,
            claims,
        } => {
            let options = SeedOptions {
                demo_users: !without_users,
                demo_password: config.demo_password.clone(),
            };
            let r = seed::seed(&mut conn, &options).map_err(describe)?;
            println!(
                "organisations: {} created, {} in all; project: {}; demo users: {} created",
                r.organisations_created,
                r.organisations_total,
                if r.project_created { "created" } else { "kept" },
                r.users_created
            );
            if let Some(scale) = scale {
                if without_users {
                    return Err("--scale needs the demo users; leave out --without-users".into());
                }
                let r = esf_ledger::scale::generate(&mut conn, scale, claims).map_err(describe)?;
                println!(
                    "{scale:?} data: {} staff, {} timesheets with {} daily rows, {} premises/other/cash entries, \
                     {} participants with {} compensation entries in {:.1} s; {} quarterly claims issued in {:.1} s",
                    r.staff,
                    r.timesheets,
                    r.timesheet_rows,
                    r.other_entries,
                    r.participants,
                    r.compensation,
                    r.entries_seconds,
                    r.claims,
                    r.claims_seconds
                );
            }
            Ok(())
        }
        Command::User {
            command:
                UserCommand::Add {
                    email,
                    name,
                    organisation,
                    roles,
                    password_stdin,
                },
        } => {
            let org = organisations::find_by_code(&mut conn, &organisation)
                .map_err(|e| e.to_string())?
                .ok_or_else(|| format!("no organisation with code {organisation}"))?;
            let roles = RoleSet::parse_list(&roles)?;
            let password = if password_stdin {
                let mut line = String::new();
                std::io::stdin()
                    .lock()
                    .read_line(&mut line)
                    .map_err(|e| e.to_string())?;
                line.trim_end_matches(['\r', '\n']).to_string()
            } else {
                rpassword::prompt_password("Password: ").map_err(|e| e.to_string())?
            };
            let input = NewUserInput {
                organisation_id: org.id,
                name,
                email,
                roles: roles.to_vec(),
                password,
                active: Some(true),
            };
            let user = service::users::create(&mut conn, &ChangedBy::Cli, None, input)
                .map_err(describe)?;
            println!("added user {} <{}> in {}", user.id, user.email, org.name);
            Ok(())
        }
        Command::Token { email, ttl_seconds } => {
            let keys = config.token_keys()?;
            let user = users::find_by_email(&mut conn, &email.trim().to_lowercase())
                .map_err(|e| e.to_string())?
                .ok_or_else(|| format!("no user with e-mail {email}"))?;
            if !user.active {
                return Err(format!("{email} is disabled"));
            }
            let ttl = ttl_seconds.unwrap_or(keys.ttl_seconds);
            if ttl <= 0 {
                return Err("--ttl-seconds must be positive".into());
            }
            let token = keys
                .issue_at(
                    user.id,
                    user.token_generation,
                    chrono::Utc::now().timestamp(),
                    ttl,
                )
                .map_err(|e| format!("cannot sign the token: {e}"))?;
            println!("{token}");
            Ok(())
        }
        Command::Serve { demo } => {
            if demo {
                let options = SeedOptions {
                    demo_password: config.demo_password.clone(),
                    ..SeedOptions::default()
                };
                let r = seed::seed(&mut conn, &options).map_err(describe)?;
                tracing::info!(
                    organisations = r.organisations_total,
                    users_created = r.users_created,
                    "demo data loaded"
                );
            }
            drop(conn);
            let bind = config.bind.clone();
            let state = esf_ledger::app_state(&config, pool)?;
            serve(state, &bind).map_err(|e| format!("cannot serve on {bind}: {e}"))
        }
    }
}

#[actix_web::main]
async fn serve(state: esf_ledger::api::AppState, bind: &str) -> std::io::Result<()> {
    tracing::info!(%bind, "serving; API docs at /api/v1/docs");
    actix_web::HttpServer::new(move || esf_ledger::build_app(state.clone()))
        .bind(bind)?
        .run()
        .await
}
