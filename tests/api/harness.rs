//! Test application over either backend, seeded with the Plug In tree and demo users.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use actix_http::Request;
use actix_service::boxed::{self, BoxService};
use actix_service::ServiceExt;
use actix_web::body::BoxBody;
use actix_web::dev::ServiceResponse;
use actix_web::http::{Method, StatusCode};
use actix_web::test as atest;
use diesel::RunQueryDsl;
use serde_json::Value;

use esf_ledger::api::AppState;
use esf_ledger::auth::token::TokenKeys;
use esf_ledger::domain::user::LockoutPolicy;
use esf_ledger::seed::{seed, SeedOptions, DEFAULT_DEMO_PASSWORD};
use esf_ledger::store::{build_pool, Backend, DatabaseTarget, DbConnection, DbPool};

use super::pg::{self, PgCluster};

pub const PASSWORD: &str = DEFAULT_DEMO_PASSWORD;
pub const SECRET: &[u8] = b"test secret that is long enough for HS256 signing";

type Svc = BoxService<Request, ServiceResponse<BoxBody>, actix_web::Error>;

pub struct TestApp {
    svc: Svc,
    pub pool: DbPool,
    pub tokens: TokenKeys,
    target: DatabaseTarget,
    _dir: Option<tempfile::TempDir>,
}

#[derive(Debug)]
pub struct Response {
    pub status: StatusCode,
    pub headers: actix_web::http::header::HeaderMap,
    pub body: Value,
    pub text: String,
    pub bytes: Vec<u8>,
}

impl Response {
    pub fn content_type(&self) -> &str {
        self.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

fn require_postgres() -> bool {
    std::env::var("ESF_REQUIRE_POSTGRES").is_ok_and(|v| v == "1")
}

fn seed_database(target: &DatabaseTarget) {
    let mut conn = DbConnection::establish_target(target);
    conn.run_migrations().expect("migrations");
    let options = SeedOptions {
        demo_users: true,
        demo_password: PASSWORD.into(),
    };
    seed(&mut conn, &options).expect("seed");
}

trait EstablishTarget {
    fn establish_target(target: &DatabaseTarget) -> DbConnection;
}

impl EstablishTarget for DbConnection {
    fn establish_target(target: &DatabaseTarget) -> DbConnection {
        esf_ledger::store::db::Manager::connect_once(target).expect("connect")
    }
}

/// A seeded SQLite file that every SQLite test copies.
fn sqlite_template() -> &'static std::path::Path {
    static TEMPLATE: OnceLock<tempfile::TempDir> = OnceLock::new();
    let dir = TEMPLATE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("template.db");
        let target = DatabaseTarget::parse(&path.display().to_string());
        seed_database(&target);
        let mut conn = DbConnection::establish_target(&target);
        diesel::sql_query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&mut conn)
            .expect("checkpoint");
        dir
    });
    Box::leak(dir.path().join("template.db").into_boxed_path())
}

struct PgState {
    cluster: PgCluster,
    admin: Mutex<DbConnection>,
    counter: AtomicUsize,
}

fn postgres() -> Option<&'static PgState> {
    static STATE: OnceLock<Option<PgState>> = OnceLock::new();
    STATE
        .get_or_init(|| match pg::start() {
            Ok(cluster) => {
                let mut admin = DbConnection::establish_target(&DatabaseTarget::parse(
                    &cluster.url("postgres"),
                ));
                diesel::sql_query("CREATE DATABASE esf_template")
                    .execute(&mut admin)
                    .expect("create template");
                seed_database(&DatabaseTarget::parse(&cluster.url("esf_template")));
                Some(PgState {
                    cluster,
                    admin: Mutex::new(admin),
                    counter: AtomicUsize::new(0),
                })
            }
            Err(e) if require_postgres() => {
                panic!("ESF_REQUIRE_POSTGRES=1 but PostgreSQL cannot start: {e}")
            }
            Err(e) => {
                eprintln!("\n*** SKIPPING PostgreSQL tests: {e} ***\n");
                None
            }
        })
        .as_ref()
}

/// An empty PostgreSQL database (no schema) for command-line tests, if PostgreSQL runs.
/// Logins per minute per client address in ordinary test apps: more than any test sends.
const WIDE_LOGIN_LIMIT: u32 = 100_000;

pub fn empty_postgres_database() -> Option<String> {
    let state = postgres()?;
    let n = state.counter.fetch_add(1, Ordering::SeqCst);
    let name = format!("empty_{n}");
    let mut admin = state.admin.lock().unwrap_or_else(|e| e.into_inner());
    diesel::sql_query(format!("CREATE DATABASE {name}"))
        .execute(&mut *admin)
        .expect("create database");
    Some(state.cluster.url(&name))
}

impl TestApp {
    pub async fn new(backend: Backend) -> Option<Self> {
        let (target, dir) = match backend {
            Backend::Sqlite => {
                let template = sqlite_template();
                let dir = tempfile::tempdir().expect("tempdir");
                let path = dir.path().join("test.db");
                std::fs::copy(template, &path).expect("copy template");
                (
                    DatabaseTarget::parse(&path.display().to_string()),
                    Some(dir),
                )
            }
            Backend::Postgres => {
                let state = postgres()?;
                let n = state.counter.fetch_add(1, Ordering::SeqCst);
                let name = format!("test_{n}");
                {
                    let mut admin = state.admin.lock().unwrap_or_else(|e| e.into_inner());
                    diesel::sql_query(format!("CREATE DATABASE {name} TEMPLATE esf_template"))
                        .execute(&mut *admin)
                        .expect("create test database");
                }
                (DatabaseTarget::parse(&state.cluster.url(&name)), None)
            }
        };
        Some(Self::serve(target, dir, WIDE_LOGIN_LIMIT).await)
    }

    /// The database the app serves, as DATABASE_URL takes it.
    pub fn database_url(&self) -> String {
        self.target.location.clone()
    }

    /// The app served over TCP on 127.0.0.1 (a free port), for a real browser: its base
    /// URL and the handle that stops it.
    pub async fn http_server(&self) -> (String, actix_web::dev::ServerHandle) {
        let state = AppState {
            pool: self.pool.clone(),
            pool_health: Default::default(),
            tokens: self.tokens.clone(),
            lockout: LockoutPolicy::default(),
            hashing: esf_ledger::api::state::HashingSlots::new(8),
            sessions: Default::default(),
            secure_cookies: false,
            login_limit: esf_ledger::api::state::LoginLimiter::per_minute(
                std::num::NonZeroU32::new(WIDE_LOGIN_LIMIT).expect("a limit"),
            ),
            max_json_bytes: 64 * 1024,
            max_upload_bytes: 2 * 1024 * 1024,
            actors: esf_ledger::api::actors::ActorCache::watching(self.target.clone())
                .expect("the directory watcher"),
        };
        let server = actix_web::HttpServer::new(move || esf_ledger::build_app(state.clone()))
            .workers(2)
            .bind(("127.0.0.1", 0))
            .expect("bind 127.0.0.1");
        let port = server.addrs()[0].port();
        let server = server.run();
        let handle = server.handle();
        actix_web::rt::spawn(server);
        (format!("http://127.0.0.1:{port}"), handle)
    }

    /// Another server instance on the same database (its own pool and app).
    pub async fn second_instance(&self) -> Self {
        Self::serve(self.target.clone(), None, WIDE_LOGIN_LIMIT).await
    }

    /// Another instance on the same database that takes `per_minute` logins per client
    /// address (the others take so many that tests never meet the limit).
    pub async fn instance_with_login_limit(&self, per_minute: u32) -> Self {
        Self::serve(self.target.clone(), None, per_minute).await
    }

    async fn serve(
        target: DatabaseTarget,
        dir: Option<tempfile::TempDir>,
        logins_per_minute: u32,
    ) -> Self {
        let pool = build_pool(&target, 4).expect("pool");
        let tokens = TokenKeys::new(SECRET, 900);
        let state = AppState {
            pool: pool.clone(),
            pool_health: Default::default(),
            tokens: tokens.clone(),
            lockout: LockoutPolicy::default(),
            // Wide, so parallel-login tests run their password checks really at once.
            hashing: esf_ledger::api::state::HashingSlots::new(64),
            sessions: Default::default(),
            secure_cookies: false,
            login_limit: esf_ledger::api::state::LoginLimiter::per_minute(
                std::num::NonZeroU32::new(logins_per_minute).expect("a limit"),
            ),
            max_json_bytes: 64 * 1024,
            max_upload_bytes: 2 * 1024 * 1024,
            actors: esf_ledger::api::actors::ActorCache::watching(target.clone())
                .expect("the directory watcher"),
        };
        let svc = atest::init_service(esf_ledger::build_app(state)).await;
        let svc = boxed::service(svc.map(|res: ServiceResponse<_>| res.map_into_boxed_body()));
        Self {
            svc,
            pool,
            tokens,
            target,
            _dir: dir,
        }
    }

    pub fn conn(&self) -> TestConn {
        TestConn(self.pool.get().expect("connection"))
    }

    pub fn user_id(&self, email: &str) -> i64 {
        esf_ledger::store::users::find_by_email(&mut self.conn(), email)
            .expect("query")
            .unwrap_or_else(|| panic!("no user {email}"))
            .id
    }

    pub fn org_id(&self, code: &str) -> i64 {
        esf_ledger::store::organisations::find_by_code(&mut self.conn(), code)
            .expect("query")
            .unwrap_or_else(|| panic!("no organisation {code}"))
            .id
    }

    /// A valid token for the user with this e-mail (no password round trip).
    /// A token for the user as they stand now (their current token generation).
    pub fn token(&self, email: &str) -> String {
        let subject = self.subject(self.user_id(email));
        self.tokens
            .issue(subject.user_id, subject.generation)
            .expect("token")
    }

    pub fn subject(&self, user_id: i64) -> esf_ledger::auth::token::Subject {
        let generation = esf_ledger::store::users::find(&mut self.conn(), user_id)
            .expect("user")
            .map_or(0, |u| u.token_generation);
        esf_ledger::auth::token::Subject {
            user_id,
            generation,
        }
    }

    pub async fn request(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Response {
        let mut req = atest::TestRequest::default().method(method).uri(path);
        if let Some(t) = token {
            req = req.insert_header(("Authorization", format!("Bearer {t}")));
        }
        if let Some(b) = body {
            req = req.set_json(b);
        }
        self.send(req.to_request()).await
    }

    pub async fn send(&self, req: Request) -> Response {
        let res = atest::call_service(&self.svc, req).await;
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = atest::read_body(res).await;
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Response {
            status,
            headers,
            body,
            text,
            bytes: bytes.to_vec(),
        }
    }

    pub async fn get(&self, path: &str, token: &str) -> Response {
        self.request(Method::GET, path, Some(token), None).await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> Response {
        self.request(Method::POST, path, Some(token), Some(body))
            .await
    }

    pub async fn patch(&self, path: &str, token: &str, body: Value) -> Response {
        self.request(Method::PATCH, path, Some(token), Some(body))
            .await
    }

    /// PATCHes `changes` to the record at `path` under the version it holds now (read
    /// first, as a client that has just looked at it would).
    pub async fn patch_current(&self, path: &str, token: &str, changes: Value) -> Response {
        let current = self.get(path, token).await;
        assert_eq!(current.status, 200, "{path}: {}", current.text);
        let mut body = changes;
        body["version"] = current.body["version"].clone();
        self.patch(path, token, body).await
    }

    pub async fn put(&self, path: &str, token: &str, body: Value) -> Response {
        self.request(Method::PUT, path, Some(token), Some(body))
            .await
    }

    /// Number of rows in a table, to show that a refused request wrote nothing.
    pub fn count(&self, table: &str) -> i64 {
        #[derive(diesel::QueryableByName)]
        struct N {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        diesel::sql_query(format!("SELECT CAST(COUNT(*) AS BIGINT) AS n FROM {table}"))
            .get_result::<N>(&mut *self.conn())
            .expect("count")
            .n
    }

    /// A snapshot of all organisations, users and the audit log, to compare before and after.
    pub fn snapshot(&self) -> String {
        let mut conn = self.conn();
        let orgs = esf_ledger::store::organisations::list_subtree(
            &mut conn,
            "/",
            &Default::default(),
            i64::MAX,
            0,
        )
        .expect("orgs")
        .0;
        let users = esf_ledger::store::users::list_in_subtree(
            &mut conn,
            "/",
            &Default::default(),
            i64::MAX,
            0,
        )
        .expect("users")
        .0;
        format!(
            "{orgs:?}\n{:?}\naudit={} login_failures={}",
            users
                .iter()
                .map(|(u, _)| (u.id, &u.email, &u.roles, u.active, u.version,))
                .collect::<Vec<_>>(),
            self.count("audit_log"),
            self.count("login_failures")
        )
    }
}

/// Runs each named `async fn name(app: TestApp)` once on SQLite and once on PostgreSQL,
/// as the tests `name::sqlite` and `name::postgres`; the functions are ordinary items, so
/// rustfmt formats them.
#[macro_export]
macro_rules! both_backends {
    ($($name:ident),+ $(,)?) => {
        $(
            mod $name {
                #[actix_web::test]
                async fn sqlite() {
                    let app = $crate::harness::TestApp::new(esf_ledger::store::Backend::Sqlite)
                        .await
                        .expect("sqlite test app");
                    super::$name(app).await
                }

                #[actix_web::test]
                async fn postgres() {
                    if let Some(app) =
                        $crate::harness::TestApp::new(esf_ledger::store::Backend::Postgres).await
                    {
                        super::$name(app).await
                    }
                }
            }
        )+
    };
}

pub fn assert_problem(res: &Response, status: u16) {
    assert_eq!(
        res.status.as_u16(),
        status,
        "expected {status}, got {}: {}",
        res.status,
        res.text
    );
    assert_eq!(
        res.content_type(),
        "application/problem+json",
        "{}",
        res.text
    );
    assert_eq!(res.body["status"], status);
    assert!(res.body["title"].is_string() && res.body["detail"].is_string());
}

/// The field names in a problem's `errors`.
pub fn error_fields(res: &Response) -> Vec<String> {
    res.body["errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|e| e["field"].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

/// A pooled connection for a test's own queries: `&mut *app.conn()` is the
/// `DbConnection` the query code takes.
pub struct TestConn(esf_ledger::store::db::PooledConn);

impl std::ops::Deref for TestConn {
    type Target = DbConnection;
    fn deref(&self) -> &DbConnection {
        &self.0
    }
}

impl std::ops::DerefMut for TestConn {
    fn deref_mut(&mut self) -> &mut DbConnection {
        &mut self.0
    }
}
