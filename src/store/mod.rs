//! Storage: diesel queries for both backends. Knows nothing of HTTP.

/// The version a guarded update writes after `expected`. A client may send any
/// version; one that no row holds (i64::MAX included: versions start at 1 and grow by
/// one) makes the guarded update match nothing, which the use case answers as stale, so
/// the value written then does not matter and must not overflow.
pub fn next_version(expected: i64) -> i64 {
    expected.saturating_add(1)
}

pub mod audit;
pub mod budgets;
pub mod claims;
pub mod db;
pub mod directory;
pub mod entries;
pub mod enums;
pub mod imports;
pub mod login_failures;
pub mod month_figures;
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
mod units;
pub mod uploads;
pub mod users;
pub mod web_sessions;

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

/// Database messages that say the machine, not the request, is at fault: the disk is
/// full, the file or server is read-only, the server is going away or the disk fails.
/// They clear up without any change to the data, so they are shown as "unavailable"
/// (503, try again) rather than as an internal error. SQLite and libpq give no error
/// code through diesel for these, so their (stable, documented) messages are matched.
const UNAVAILABLE_CAUSES: [(&str, &str); 10] = [
    // SQLite: SQLITE_FULL, SQLITE_READONLY, SQLITE_IOERR, SQLITE_BUSY past the timeout.
    ("database or disk is full", "the database's disk is full"),
    (
        "attempt to write a readonly database",
        "the database file is read-only",
    ),
    (
        "disk I/O error",
        "the database's disk cannot be read or written",
    ),
    ("database is locked", "the database is busy"),
    // PostgreSQL: disk_full (53100), read_only_sql_transaction (25006), admin_shutdown
    // (57P01), cannot_connect_now (57P03), and a connection lost under libpq.
    ("No space left on device", "the database's disk is full"),
    ("read-only transaction", "the database is read-only"),
    (
        "terminating connection",
        "the database server is shutting down",
    ),
    (
        "the database system is",
        "the database server is starting or stopping",
    ),
    (
        "server closed the connection",
        "the connection to the database was lost",
    ),
    // libpq, sending on a connection it already knows is lost.
    (
        "no connection to the server",
        "the connection to the database was lost",
    ),
];

impl StoreError {
    /// What about the database's machine keeps it from answering, when that is why
    /// this query failed.
    pub fn unavailable_cause(&self) -> Option<&'static str> {
        use diesel::result::DatabaseErrorKind as Kind;
        let StoreError::Query(diesel::result::Error::DatabaseError(kind, info)) = self else {
            return None;
        };
        // Constraint violations and the like are the request's fault, whatever they say.
        if !matches!(
            kind,
            Kind::Unknown
                | Kind::ClosedConnection
                | Kind::UnableToSendCommand
                | Kind::ReadOnlyTransaction
        ) {
            return None;
        }
        let message = info.message();
        UNAVAILABLE_CAUSES
            .iter()
            .find(|(needle, _)| message.contains(needle))
            .map(|(_, cause)| *cause)
    }
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

#[cfg(test)]
mod unavailable_tests {
    use super::StoreError;
    use diesel::result::{DatabaseErrorKind, Error};

    fn database_error(message: &str) -> StoreError {
        StoreError::Query(Error::DatabaseError(
            DatabaseErrorKind::Unknown,
            Box::new(message.to_string()),
        ))
    }

    #[test]
    fn machine_faults_are_told_apart_from_query_faults() {
        let cause = |m: &str| database_error(m).unavailable_cause();
        assert_eq!(
            cause("database or disk is full"),
            Some("the database's disk is full")
        );
        assert_eq!(
            cause("could not extend file \"base/1/2\": No space left on device"),
            Some("the database's disk is full")
        );
        assert_eq!(
            cause("attempt to write a readonly database"),
            Some("the database file is read-only")
        );
        assert_eq!(
            cause("terminating connection due to administrator command"),
            Some("the database server is shutting down")
        );
        assert_eq!(cause("no such column: x"), None);
        for (message, expected) in [
            ("database is locked", "the database is busy"),
            (
                "disk I/O error",
                "the database's disk cannot be read or written",
            ),
            (
                "cannot execute INSERT in a read-only transaction",
                "the database is read-only",
            ),
            (
                "the database system is starting up",
                "the database server is starting or stopping",
            ),
            (
                "server closed the connection unexpectedly",
                "the connection to the database was lost",
            ),
        ] {
            assert_eq!(cause(message), Some(expected), "{message}");
        }
        // Only errors of no particular kind are read for these messages.
        let unique = StoreError::Query(Error::DatabaseError(
            DatabaseErrorKind::UniqueViolation,
            Box::new("database or disk is full".to_string()),
        ));
        assert_eq!(unique.unavailable_cause(), None);
        assert_eq!(StoreError::Query(Error::NotFound).unavailable_cause(), None);
    }
}
