//! Settings from environment variables, with defaults that give a working embedded setup.

use std::path::PathBuf;
use std::str::FromStr;

use chrono::TimeDelta;

use crate::auth::{secret, token::TokenKeys};
use crate::domain::user::LockoutPolicy;
use crate::store::{Backend, DatabaseTarget};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Clone)]
pub struct Config {
    /// DATABASE_URL: `postgres://...` for PostgreSQL, else a SQLite file
    /// (default `./data/esf-ledger.db`).
    pub database: DatabaseTarget,
    /// ESF_BIND: listen address (default 127.0.0.1:8080).
    pub bind: String,
    /// ESF_DATA_DIR: where the SQLite file and the generated secret live (default ./data).
    pub data_dir: PathBuf,
    /// ESF_JWT_SECRET: token signing secret, at least 32 bytes.
    pub jwt_secret: Option<String>,
    /// ESF_TOKEN_TTL_SECONDS: lifetime of an access token (default 1800).
    pub token_ttl_seconds: i64,
    /// ESF_DB_POOL_SIZE: connections in the pool (default 8).
    pub pool_size: u32,
    /// ESF_LOG_FORMAT: `text` (default) or `json`.
    pub log_format: LogFormat,
    /// ESF_LOGIN_MAX_FAILURES / ESF_LOGIN_LOCK_SECONDS: lockout after failed logins.
    pub lockout: LockoutPolicy,
    /// ESF_MAX_JSON_BYTES: largest accepted JSON body (default 256 KiB).
    pub max_json_bytes: usize,
    /// ESF_MAX_UPLOAD_BYTES: largest accepted workbook (default 20 MiB).
    pub max_upload_bytes: usize,
}

fn env_or<T: FromStr>(name: &str, default: T) -> Result<T, String> {
    match std::env::var(name) {
        Ok(v) if !v.trim().is_empty() => v
            .trim()
            .parse()
            .map_err(|_| format!("{name}='{v}' is not a valid value")),
        _ => Ok(default),
    }
}

impl Config {
    pub fn from_env() -> Result<Self, String> {
        let data_dir: PathBuf = env_or("ESF_DATA_DIR", PathBuf::from("./data"))?;
        let default_db = data_dir
            .join("esf-ledger.db")
            .to_string_lossy()
            .into_owned();
        let database = DatabaseTarget::parse(&env_or("DATABASE_URL", default_db)?);
        let log_format = match env_or("ESF_LOG_FORMAT", "text".to_string())?.as_str() {
            "json" => LogFormat::Json,
            "text" => LogFormat::Text,
            other => return Err(format!("ESF_LOG_FORMAT='{other}' must be text or json")),
        };
        let token_ttl_seconds = env_or("ESF_TOKEN_TTL_SECONDS", 1800i64)?;
        if !(60..=86_400).contains(&token_ttl_seconds) {
            return Err("ESF_TOKEN_TTL_SECONDS must be between 60 and 86400".into());
        }
        Ok(Self {
            database,
            bind: env_or("ESF_BIND", "127.0.0.1:8080".to_string())?,
            data_dir,
            jwt_secret: std::env::var("ESF_JWT_SECRET")
                .ok()
                .filter(|s| !s.is_empty()),
            token_ttl_seconds,
            pool_size: env_or("ESF_DB_POOL_SIZE", 8u32)?.max(1),
            log_format,
            lockout: LockoutPolicy {
                max_failures: env_or("ESF_LOGIN_MAX_FAILURES", 5i32)?.max(1),
                lock_for: TimeDelta::seconds(env_or("ESF_LOGIN_LOCK_SECONDS", 900i64)?),
            },
            max_json_bytes: env_or("ESF_MAX_JSON_BYTES", 256 * 1024usize)?,
            max_upload_bytes: env_or("ESF_MAX_UPLOAD_BYTES", 20 * 1024 * 1024usize)?,
        })
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
