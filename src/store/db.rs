//! Connections, the pool and migrations for both backends behind one connection type.

use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::r2d2::R2D2Connection;
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

use super::StoreError;

/// One connection type for both databases: all query code is written against this.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Postgres(diesel::PgConnection),
    Sqlite(diesel::SqliteConnection),
}

pub type DbPool = r2d2::Pool<Manager>;
pub type PooledConn = r2d2::PooledConnection<Manager>;

/// A connection is pinged on checkout only after it has lain idle this long: under load
/// the ping would be one round trip in every few (issue 17). A connection the server
/// dropped meanwhile (a restart) is caught by [`Pooled::suspect`] instead.
const PING_WHEN_IDLE_FOR: Duration = Duration::from_secs(5);

/// A connection as the pool keeps it: when it was last given back, and whether the work
/// done on it failed in a way that may mean the connection itself is gone. It
/// dereferences to [`DbConnection`], so query code never sees the difference.
pub struct Pooled {
    conn: DbConnection,
    returned: std::time::Instant,
    suspect: bool,
}

impl Pooled {
    fn new(conn: DbConnection) -> Self {
        Pooled {
            conn,
            returned: std::time::Instant::now(),
            suspect: false,
        }
    }

    /// The work on this connection failed on the server's side: it is pinged when it is
    /// given back, and dropped from the pool if the ping fails. (diesel's own
    /// `is_broken` does not see a connection that libpq knows is lost: "no connection to
    /// the server" leaves its transaction state as it was.) So after a database restart
    /// each pooled connection fails one request, with 503, and is then replaced.
    pub fn suspect(&mut self) {
        self.suspect = true;
    }
}

impl std::ops::Deref for Pooled {
    type Target = DbConnection;
    fn deref(&self) -> &DbConnection {
        &self.conn
    }
}

impl std::ops::DerefMut for Pooled {
    fn deref_mut(&mut self) -> &mut DbConnection {
        &mut self.conn
    }
}

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Where the database is: chosen from the URL scheme, never by trial and error,
/// so a failing PostgreSQL connection reports its own error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatabaseTarget {
    pub backend: Backend,
    /// A libpq URL for PostgreSQL, a file path (or SQLite URI) for SQLite.
    pub location: String,
}

impl DatabaseTarget {
    pub fn parse(url: &str) -> Self {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Self {
                backend: Backend::Postgres,
                location: url.to_string(),
            };
        }
        let location = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
            .unwrap_or(url)
            .to_string();
        Self {
            backend: Backend::Sqlite,
            location,
        }
    }

    /// A description safe for logs: PostgreSQL passwords are cut out.
    pub fn redacted(&self) -> String {
        match self.backend {
            Backend::Sqlite => format!("sqlite:{}", self.location),
            Backend::Postgres => redact_password(&self.location),
        }
    }
}

fn redact_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    match rest.split_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split(':').next().unwrap_or("");
            format!("{scheme}://{user}:***@{host}")
        }
        None => url.to_string(),
    }
}

/// r2d2 manager that opens the backend named by the target and prepares each SQLite
/// connection (WAL, foreign keys, busy timeout).
#[derive(Debug, Clone)]
pub struct Manager {
    target: DatabaseTarget,
}

impl Manager {
    pub fn new(target: DatabaseTarget) -> Self {
        Self { target }
    }

    pub fn connect_once(target: &DatabaseTarget) -> Result<DbConnection, StoreError> {
        match target.backend {
            Backend::Postgres => Ok(DbConnection::Postgres(diesel::PgConnection::establish(
                &target.location,
            )?)),
            Backend::Sqlite => {
                let mut conn = diesel::SqliteConnection::establish(&target.location)?;
                conn.batch_execute(
                    "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; \
                     PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL;",
                )?;
                Ok(DbConnection::Sqlite(conn))
            }
        }
    }
}

impl r2d2::ManageConnection for Manager {
    type Connection = Pooled;
    type Error = StoreError;

    fn connect(&self) -> Result<Pooled, StoreError> {
        Self::connect_once(&self.target).map(Pooled::new)
    }

    /// On checkout: a connection given back within [`PING_WHEN_IDLE_FOR`] is taken as it
    /// is; one that lay idle longer is pinged first.
    fn is_valid(&self, pooled: &mut Pooled) -> Result<(), StoreError> {
        if pooled.returned.elapsed() < PING_WHEN_IDLE_FOR {
            return Ok(());
        }
        pooled.conn.ping().map_err(StoreError::from)
    }

    /// On return: a transaction left open or in error, or a suspect connection that
    /// fails its ping, is dropped.
    fn has_broken(&self, pooled: &mut Pooled) -> bool {
        pooled.returned = std::time::Instant::now();
        if pooled.conn.is_broken() {
            return true;
        }
        std::mem::take(&mut pooled.suspect) && pooled.conn.ping().is_err()
    }
}

impl DbConnection {
    pub fn backend(&self) -> Backend {
        match self {
            DbConnection::Postgres(_) => Backend::Postgres,
            DbConnection::Sqlite(_) => Backend::Sqlite,
        }
    }

    /// Runs `f` in a transaction that holds the write lock from its first statement.
    /// On SQLite a deferred transaction that reads and then writes can fail at once
    /// with SQLITE_BUSY when another connection wrote meanwhile; touching the lock row
    /// first makes it wait on busy_timeout instead. PostgreSQL needs nothing extra.
    pub fn write_tx<T, E, F>(&mut self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, E>,
        E: From<diesel::result::Error>,
    {
        self.transaction(|conn| {
            if conn.backend() == Backend::Sqlite {
                diesel::sql_query("UPDATE write_lock SET n = n WHERE id = 1").execute(conn)?;
            }
            f(conn)
        })
    }

    pub fn run_migrations(&mut self) -> Result<Vec<String>, StoreError> {
        let applied = match self {
            DbConnection::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS),
            DbConnection::Postgres(c) => c.run_pending_migrations(POSTGRES_MIGRATIONS),
        }
        .map_err(|e| StoreError::Migration(e.to_string()))?;
        Ok(applied.iter().map(|m| m.to_string()).collect())
    }
}

/// Builds the pool. For a SQLite file, its folder is created first.
pub fn build_pool(target: &DatabaseTarget, max_size: u32) -> Result<DbPool, StoreError> {
    if target.backend == Backend::Sqlite {
        ensure_sqlite_dir(&target.location)?;
    }
    r2d2::Pool::builder()
        .max_size(max_size)
        .min_idle(Some(1))
        .connection_timeout(Duration::from_secs(5))
        .build(Manager::new(target.clone()))
        .map_err(|e| StoreError::Unavailable(e.to_string()))
}

fn ensure_sqlite_dir(location: &str) -> Result<(), StoreError> {
    if location.starts_with("file:") || location == ":memory:" {
        return Ok(());
    }
    use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
    // The file holds full personal identity numbers (issue 13.13): a directory we
    // create is 0700 and the file 0600; SQLite gives its -wal and -shm files the
    // database file's mode. A file that already exists with wider permissions is
    // narrowed to 0600.
    if let Some(dir) = std::path::Path::new(location).parent() {
        if !dir.as_os_str().is_empty() && !dir.exists() {
            std::fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(dir)
                .map_err(|e| {
                    StoreError::Unavailable(format!("cannot create {}: {e}", dir.display()))
                })?;
        }
    }
    // SQLite quietly falls back to read-only, or in WAL mode fails with "unable to open
    // database file": say plainly that the file must be writable.
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .open(location)
        .map_err(|e| {
            StoreError::Unavailable(format!(
                "the database file {location} cannot be opened for writing: {e}"
            ))
        })?;
    let mode = file
        .metadata()
        .map(|m| m.permissions().mode())
        .unwrap_or(0o600);
    if mode & 0o077 != 0 {
        file.set_permissions(std::fs::Permissions::from_mode(0o600))
            .map_err(|e| {
                StoreError::Unavailable(format!(
                    "the database file {location} is readable by others and cannot be narrowed to 0600: {e}"
                ))
            })?;
        tracing::warn!(
            file = location,
            "narrowed the database file's permissions to 0600"
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_database_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("data");
        let file = dir.join("esf.db");
        ensure_sqlite_dir(&file.display().to_string()).unwrap();
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&file), 0o600);
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        ensure_sqlite_dir(&file.display().to_string()).unwrap();
        assert_eq!(mode(&file), 0o600);
    }

    #[test]
    fn backend_comes_from_the_scheme() {
        assert_eq!(
            DatabaseTarget::parse("postgres://u:p@h/db").backend,
            Backend::Postgres
        );
        let t = DatabaseTarget::parse("sqlite://./data/x.db");
        assert_eq!(t.backend, Backend::Sqlite);
        assert_eq!(t.location, "./data/x.db");
        assert_eq!(DatabaseTarget::parse("./y.db").location, "./y.db");
    }

    #[test]
    fn passwords_are_redacted() {
        let t = DatabaseTarget::parse("postgres://esf:secret@db:5432/esf");
        assert_eq!(t.redacted(), "postgres://esf:***@db:5432/esf");
    }
}
