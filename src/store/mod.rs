//! Storage: diesel queries for both backends. Knows nothing of HTTP.

pub mod audit;
pub mod budgets;
pub mod claims;
pub mod db;
pub mod entries;
pub mod imports;
pub mod monthly_reports;
pub mod organisations;
pub mod participants;
pub mod projects;
pub mod reports;
pub mod scb;
pub mod schema;
pub mod social_fees;
pub mod staff;
pub mod timesheet_adjustments;
pub mod timesheets;
pub mod users;

/// A multi-row INSERT on either backend, in chunks of `$chunk` rows: one statement per
/// chunk instead of one per row. diesel's MultiConnection has no batch insert, so this
/// dispatches to the backend's own connection; the query is the same diesel code.
#[macro_export]
macro_rules! insert_batch {
    ($conn:expr, $table:expr, $rows:expr, $chunk:expr) => {{
        let mut inserted = 0usize;
        for chunk in $rows.chunks($chunk) {
            inserted += match &mut *$conn {
                $crate::store::DbConnection::Sqlite(c) => {
                    diesel::RunQueryDsl::execute(diesel::insert_into($table).values(chunk), c)
                }
                $crate::store::DbConnection::Postgres(c) => {
                    diesel::RunQueryDsl::execute(diesel::insert_into($table).values(chunk), c)
                }
            }?;
        }
        Ok::<usize, diesel::result::Error>(inserted)
    }};
}

pub use db::{build_pool, Backend, DatabaseTarget, DbConnection, DbPool};

/// Errors of the storage layer, independent of how they are shown to users.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Query(#[from] diesel::result::Error),
    #[error("cannot connect to the database: {0}")]
    Connection(#[from] diesel::ConnectionError),
    #[error("database unavailable: {0}")]
    Unavailable(String),
    #[error("migration failed: {0}")]
    Migration(String),
}

impl From<r2d2::Error> for StoreError {
    fn from(e: r2d2::Error) -> Self {
        StoreError::Unavailable(e.to_string())
    }
}

/// UTC now, truncated to microseconds so both backends store the same value.
pub fn now() -> chrono::NaiveDateTime {
    use chrono::{DurationRound, TimeDelta};
    let now = chrono::Utc::now().naive_utc();
    now.duration_trunc(TimeDelta::microseconds(1))
        .unwrap_or(now)
}
