//! The command line, run as the real binary: help, migrate, seed (idempotent),
//! user add, token, and serve answering over a real socket.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use esf_ledger::auth::token::TokenKeys;

use crate::harness::{empty_postgres_database, PASSWORD};

const BIN: &str = env!("CARGO_BIN_EXE_esf-ledger");

pub fn cli(
    data_dir: &Path,
    database_url: Option<&str>,
    args: &[&str],
    stdin: Option<&str>,
) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .env("ESF_DATA_DIR", data_dir)
        .env_remove("DATABASE_URL")
        .env_remove("ESF_JWT_SECRET")
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(url) = database_url {
        cmd.env("DATABASE_URL", url).env(
            "ESF_JWT_SECRET",
            "a shared secret for every instance of the service",
        );
    }
    let mut child = cmd.spawn().expect("run esf-ledger");
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("wait")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn help_explains_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let out = cli(dir.path(), None, &["--help"], None);
    assert!(out.status.success());
    let text = stdout(&out);
    for command in ["serve", "migrate", "seed", "user", "token"] {
        assert!(
            text.contains(command),
            "{command} missing from --help:\n{text}"
        );
    }
    let add = stdout(&cli(dir.path(), None, &["user", "add", "--help"], None));
    assert!(
        add.contains("--organisation") && add.contains("--password-stdin"),
        "{add}"
    );
}

/// The whole command-line life cycle on one database.
fn life_cycle(database_url: Option<&str>) {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str], stdin: Option<&str>| cli(dir.path(), database_url, args, stdin);

    let migrate = run(&["migrate"], None);
    assert!(migrate.status.success(), "{}", stderr(&migrate));
    assert!(stdout(&migrate).contains("up to date"));

    let first = run(&["seed"], None);
    assert!(first.status.success(), "{}", stderr(&first));
    assert_eq!(
        stdout(&first).trim(),
        "organisations: 76 created, 76 in all; project: created; demo users: 20 created"
    );
    let again = run(&["seed"], None);
    assert_eq!(
        stdout(&again).trim(),
        "organisations: 0 created, 76 in all; project: kept; demo users: 0 created"
    );

    let add = run(
        &[
            "user",
            "add",
            "--email",
            "Ny@Umea.Example",
            "--name",
            "Ny Ekonom",
            "--organisation",
            "2480",
            "--roles",
            "economist,manager",
            "--password-stdin",
        ],
        Some("a fine long password\n"),
    );
    assert!(add.status.success(), "{}", stderr(&add));
    assert!(
        stdout(&add).contains("<ny@umea.example> in Umeå"),
        "{}",
        stdout(&add)
    );
    let twice = run(
        &[
            "user",
            "add",
            "--email",
            "ny@umea.example",
            "--name",
            "X",
            "--organisation",
            "2480",
            "--roles",
            "economist",
            "--password-stdin",
        ],
        Some("a fine long password\n"),
    );
    assert!(!twice.status.success());
    assert!(
        stderr(&twice).contains("another user has the e-mail address"),
        "{}",
        stderr(&twice)
    );
    let bad_role = run(
        &[
            "user",
            "add",
            "--email",
            "x@umea.example",
            "--name",
            "X",
            "--organisation",
            "2480",
            "--roles",
            "admin",
            "--password-stdin",
        ],
        Some("a fine long password\n"),
    );
    assert!(!bad_role.status.success());
    assert!(stderr(&bad_role).contains("admin role is for users of the project owner"));
    let no_org = run(
        &[
            "user",
            "add",
            "--email",
            "x@umea.example",
            "--name",
            "X",
            "--organisation",
            "9999",
            "--roles",
            "economist",
            "--password-stdin",
        ],
        Some("a fine long password\n"),
    );
    assert!(!no_org.status.success());
    assert!(stderr(&no_org).contains("no organisation with code 9999"));

    let token = run(
        &[
            "token",
            "--email",
            "ny@umea.example",
            "--ttl-seconds",
            "120",
        ],
        None,
    );
    assert!(token.status.success(), "{}", stderr(&token));
    let secret = match database_url {
        Some(_) => b"a shared secret for every instance of the service".to_vec(),
        None => {
            let path = dir.path().join("jwt-secret");
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
                0o600
            );
            std::fs::read_to_string(path)
                .unwrap()
                .trim()
                .as_bytes()
                .to_vec()
        }
    };
    let user_id = TokenKeys::new(&secret, 120)
        .verify(stdout(&token).trim())
        .expect("valid token");
    assert!(user_id.user_id > 0);
    let unknown = run(&["token", "--email", "nobody@example.se"], None);
    assert!(!unknown.status.success());
}

#[test]
fn life_cycle_on_sqlite() {
    life_cycle(None);
}

#[test]
fn life_cycle_on_postgres() {
    if let Some(url) = empty_postgres_database() {
        life_cycle(Some(&url));
    }
}

#[test]
fn postgres_requires_a_shared_secret() {
    let Some(url) = empty_postgres_database() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let seeded = cli(dir.path(), Some(&url), &["seed"], None);
    assert!(seeded.status.success());
    let out = Command::new(BIN)
        .args(["token", "--email", "skl.admin@plugin.example"])
        .env("DATABASE_URL", &url)
        .env_remove("ESF_JWT_SECRET")
        .env("ESF_DATA_DIR", dir.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("ESF_JWT_SECRET must be set with PostgreSQL")
    );
}

fn http(port: u16, request: &str) -> Option<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    stream.write_all(request.as_bytes()).ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    Some(response)
}

fn body_of(response: &str) -> serde_json::Value {
    let body = response.split("\r\n\r\n").nth(1).unwrap_or("");
    serde_json::from_str(body).unwrap_or(serde_json::Value::Null)
}

/// The README's first command: `serve --demo` answers on a real socket.
#[test]
fn serve_demo_answers_over_http() {
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = Command::new(BIN)
        .args(["serve", "--demo", "--bind", &format!("127.0.0.1:{port}")])
        .env("ESF_DATA_DIR", dir.path())
        .env_remove("DATABASE_URL")
        .env_remove("ESF_JWT_SECRET")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let ready = loop {
        match http(
            port,
            "GET /readyz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n",
        ) {
            Some(r) if r.starts_with("HTTP/1.1 200") => break true,
            _ if started.elapsed() > Duration::from_secs(60) => break false,
            _ => std::thread::sleep(Duration::from_millis(100)),
        }
    };
    let result = std::panic::catch_unwind(|| {
        assert!(ready, "the server did not become ready");
        assert!(dir.path().join("esf-ledger.db").exists());
        let login = format!(r#"{{"email":"skl.admin@plugin.example","password":"{PASSWORD}"}}"#);
        let res = http(port, &format!(
            "POST /api/v1/auth/login HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{login}",
            login.len()
        )).unwrap();
        let token = body_of(&res)["access_token"]
            .as_str()
            .expect("token")
            .to_string();
        let res = http(port, &format!(
            "GET /api/v1/organisations HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n"
        )).unwrap();
        assert_eq!(body_of(&res)["total"], 76);
    });
    let _ = child.kill();
    let _ = child.wait();
    if let Err(e) = result {
        std::panic::resume_unwind(e);
    }
}

/// `seed --scale small` fills a fresh database through the whole chain, quarterly claims
/// included, and the ledger it leaves verifies clean; a second run is refused.
fn scale_data(database_url: Option<&str>) {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| cli(dir.path(), database_url, args, None);
    let out = run(&["seed", "--scale", "small"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("Small data: 152 staff, 456 timesheets with 8664 daily rows, 1140 premises/other/cash entries, 200 participants with 1200 compensation entries"),
        "{text}"
    );
    assert!(text.contains("1 quarterly claims issued"), "{text}");
    // SCB can place every generated participant: each enrolment's organisation has a
    // municipality code, so the monthly file is made, not refused.
    let location = database_url
        .map(str::to_string)
        .unwrap_or_else(|| dir.path().join("esf-ledger.db").display().to_string());
    let mut conn = esf_ledger::store::db::Manager::connect_once(
        &esf_ledger::store::DatabaseTarget::parse(&location),
    )
    .unwrap();
    let month = esf_ledger::domain::period::Month::parse("2012-02").unwrap();
    let admin = esf_ledger::store::users::find_by_email(&mut conn, "skl.admin@plugin.example")
        .unwrap()
        .expect("SKL's admin");
    let admin = esf_ledger::service::auth::load_actor(
        &mut conn,
        esf_ledger::auth::token::Subject {
            user_id: admin.id,
            generation: admin.token_generation,
        },
    )
    .unwrap();
    let after = chrono::NaiveDate::from_ymd_opt(2030, 1, 1).unwrap();
    let report =
        esf_ledger::service::scb::report(&mut conn, &admin, month, after).expect("the SCB report");
    assert!(report.rows.len() > 100, "{} rows", report.rows.len());
    drop(conn);
    let verify = run(&["verify"]);
    assert!(verify.status.success(), "{}", stdout(&verify));
    assert!(
        stdout(&verify).contains("checked 1 issued claim(s) and 0 payment(s): all invariants hold")
    );
    let again = run(&["seed", "--scale", "small"]);
    assert!(!again.status.success());
    assert!(
        stderr(&again).contains("already has staff"),
        "{}",
        stderr(&again)
    );
}

#[test]
fn scale_data_on_sqlite() {
    scale_data(None);
}

#[test]
fn scale_data_on_postgres() {
    if let Some(url) = empty_postgres_database() {
        scale_data(Some(&url));
    }
}
