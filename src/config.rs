//! Settings from environment variables, with defaults that give a working embedded setup.

use std::path::PathBuf;

use chrono::TimeDelta;

use crate::auth::{secret, token::TokenKeys};
use crate::domain::user::LockoutPolicy;
use crate::store::{Backend, DatabaseTarget};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

/// Every setting, from its environment variable (or the same-named option), parsed in
/// this one place; `esf-ledger --help` lists them all with their defaults.
#[derive(Debug, Clone, clap::Args)]
pub struct Settings {
    /// `postgres://...` for PostgreSQL, else a SQLite file [default: <data dir>/esf-ledger.db]
    #[arg(long, env = "DATABASE_URL", global = true, hide_env_values = true)]
    pub database_url: Option<String>,
    /// Address to listen on.
    #[arg(
        long,
        env = "ESF_BIND",
        default_value = "127.0.0.1:8080",
        global = true
    )]
    pub bind: String,
    /// Where the SQLite file and the generated token secret live.
    #[arg(long, env = "ESF_DATA_DIR", default_value = "./data", global = true)]
    pub data_dir: PathBuf,
    /// Token signing secret, at least 32 bytes (required with PostgreSQL).
    #[arg(long, env = "ESF_JWT_SECRET", global = true, hide_env_values = true)]
    pub jwt_secret: Option<String>,
    /// Lifetime of an access token in seconds (60-86400).
    #[arg(long, env = "ESF_TOKEN_TTL_SECONDS", default_value_t = 1800, global = true,
          value_parser = clap::value_parser!(i64).range(60..=86_400))]
    pub token_ttl_seconds: i64,
    /// Connections in the database pool (at least 1).
    #[arg(long, env = "ESF_DB_POOL_SIZE", default_value_t = 8, global = true,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub db_pool_size: u32,
    /// Log lines as text or JSON (levels by RUST_LOG).
    #[arg(long, env = "ESF_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text, global = true)]
    pub log_format: LogFormat,
    /// Failed logins in a row that lock an account (at least 1).
    #[arg(long, env = "ESF_LOGIN_MAX_FAILURES", default_value_t = 5, global = true,
          value_parser = clap::value_parser!(i32).range(1..))]
    pub login_max_failures: i32,
    /// How long a locked account stays locked, in seconds.
    #[arg(long, env = "ESF_LOGIN_LOCK_SECONDS", default_value_t = 900, global = true,
          value_parser = clap::value_parser!(i64).range(1..))]
    pub login_lock_seconds: i64,
    /// Logins per minute from one client address, across e-mail addresses (a burst of
    /// that many, then one every 60/N seconds).
    #[arg(long, env = "ESF_LOGIN_PER_ADDRESS_PER_MINUTE", default_value_t = std::num::NonZeroU32::new(30).expect("30"), global = true)]
    pub login_per_address_per_minute: std::num::NonZeroU32,
    /// Minutes without a request after which a web session ends (it ends 10 hours after
    /// the login in any case).
    #[arg(long, env = "ESF_SESSION_IDLE_MINUTES", default_value_t = 30, global = true,
          value_parser = clap::value_parser!(i64).range(1..=600))]
    pub session_idle_minutes: i64,
    /// The service is reached over HTTPS (directly or behind a proxy): cookies are marked
    /// Secure.
    #[arg(
        long,
        env = "ESF_COOKIE_SECURE",
        default_value_t = false,
        global = true
    )]
    pub cookie_secure: bool,
    /// The largest accepted JSON body, in bytes.
    #[arg(long, env = "ESF_MAX_JSON_BYTES", default_value_t = 256 * 1024, global = true)]
    pub max_json_bytes: usize,
    /// The largest accepted workbook upload, in bytes.
    #[arg(long, env = "ESF_MAX_UPLOAD_BYTES", default_value_t = 20 * 1024 * 1024, global = true)]
    pub max_upload_bytes: usize,
    /// The demo users' password, for `seed` and `serve --demo`.
    #[arg(long, env = "ESF_DEMO_PASSWORD", default_value = crate::seed::DEFAULT_DEMO_PASSWORD,
          global = true, hide_env_values = true, hide_default_value = true)]
    pub demo_password: String,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub database: DatabaseTarget,
    pub bind: String,
    pub data_dir: PathBuf,
    pub jwt_secret: Option<String>,
    pub token_ttl_seconds: i64,
    pub pool_size: u32,
    pub log_format: LogFormat,
    pub lockout: LockoutPolicy,
    pub login_per_address_per_minute: std::num::NonZeroU32,
    pub sessions: crate::service::sessions::SessionPolicy,
    pub secure_cookies: bool,
    pub max_json_bytes: usize,
    pub max_upload_bytes: usize,
    pub demo_password: String,
}

impl Config {
    pub fn from_settings(s: Settings) -> Self {
        let database_url = s
            .database_url
            .filter(|u| !u.trim().is_empty())
            .unwrap_or_else(|| {
                s.data_dir
                    .join("esf-ledger.db")
                    .to_string_lossy()
                    .into_owned()
            });
        Self {
            database: DatabaseTarget::parse(database_url.trim()),
            bind: s.bind,
            data_dir: s.data_dir,
            jwt_secret: s.jwt_secret.filter(|x| !x.is_empty()),
            token_ttl_seconds: s.token_ttl_seconds,
            pool_size: s.db_pool_size,
            log_format: s.log_format,
            lockout: LockoutPolicy {
                max_failures: s.login_max_failures,
                lock_for: TimeDelta::seconds(s.login_lock_seconds),
            },
            login_per_address_per_minute: s.login_per_address_per_minute,
            sessions: crate::service::sessions::SessionPolicy {
                idle: TimeDelta::minutes(s.session_idle_minutes),
                lifetime: TimeDelta::hours(10),
            },
            secure_cookies: s.cookie_secure,
            max_json_bytes: s.max_json_bytes,
            max_upload_bytes: s.max_upload_bytes,
            demo_password: s.demo_password,
        }
    }

    /// The signing keys. PostgreSQL deployments may run several instances, which must
    /// share one secret, so there it must be given; with SQLite one is generated once.
    pub fn token_keys(&self) -> Result<TokenKeys, String> {
        let secret = match (&self.jwt_secret, self.database.backend) {
            (Some(s), _) => secret::check_secret(s)?,
            (None, Backend::Sqlite) => secret::load_or_create(&self.data_dir.join("jwt-secret"))?,
            (None, Backend::Postgres) => {
                return Err(
                    "ESF_JWT_SECRET must be set with PostgreSQL: all instances must share it"
                        .into(),
                )
            }
        };
        Ok(TokenKeys::new(&secret, self.token_ttl_seconds))
    }
}
