//! A throwaway PostgreSQL cluster for the tests: initdb into a temp folder, a free
//! port on 127.0.0.1, run as the `postgres` user when we are root (postgres refuses
//! root), and a guardian process that stops and removes it when the tests exit.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub struct PgCluster {
    pub port: u16,
}

impl PgCluster {
    /// The URL of `database` on the throwaway cluster. GSSAPI is switched off: nothing here
    /// uses Kerberos, and libpq's krb5 can trip an assertion in a short-lived process that
    /// exits while its pool still holds connections (seen once in `cli::life_cycle`).
    pub fn url(&self, database: &str) -> String {
        format!(
            "postgres://postgres@127.0.0.1:{}/{database}?gssencmode=disable",
            self.port
        )
    }
}

fn find_bin_dir() -> Result<PathBuf, String> {
    if let Ok(dir) = std::env::var("ESF_PG_BIN") {
        return Ok(PathBuf::from(dir));
    }
    let mut candidates: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.path().join("bin"))
                .collect()
        })
        .unwrap_or_default();
    candidates.sort();
    if let Some(dir) = candidates
        .into_iter()
        .rev()
        .find(|d| d.join("initdb").exists())
    {
        return Ok(dir);
    }
    if let Ok(out) = Command::new("pg_config").arg("--bindir").output() {
        let dir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        if dir.join("initdb").exists() {
            return Ok(dir);
        }
    }
    Err("no PostgreSQL server binaries (initdb) found; set ESF_PG_BIN".into())
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// The command prefix that runs PostgreSQL tools as a non-root user.
fn runner() -> Vec<String> {
    if is_root() {
        vec![
            "runuser".into(),
            "-u".into(),
            "postgres".into(),
            "--".into(),
        ]
    } else {
        Vec::new()
    }
}

fn run(prefix: &[String], program: &Path, args: &[&str]) -> Result<(), String> {
    let (cmd, rest): (String, Vec<String>) = match prefix.split_first() {
        Some((first, others)) => {
            let mut rest: Vec<String> = others.to_vec();
            rest.push(program.display().to_string());
            rest.extend(args.iter().map(|s| s.to_string()));
            (first.clone(), rest)
        }
        None => (
            program.display().to_string(),
            args.iter().map(|s| s.to_string()).collect(),
        ),
    };
    let out = Command::new(&cmd)
        .args(&rest)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run {cmd}: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{} failed: {}{}",
            program.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

fn free_port() -> Result<u16, String> {
    let l = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    Ok(l.local_addr().map_err(|e| e.to_string())?.port())
}

pub fn start() -> Result<PgCluster, String> {
    let bin = find_bin_dir()?;
    let prefix = runner();
    let dir = tempfile::Builder::new()
        .prefix("esf-pg-")
        .tempdir()
        .map_err(|e| e.to_string())?
        .keep();
    if !prefix.is_empty() {
        let status = Command::new("chown")
            .args(["-R", "postgres:postgres"])
            .arg(&dir)
            .status()
            .map_err(|e| e.to_string())?;
        if !status.success() {
            return Err("cannot chown the cluster folder to postgres".into());
        }
    }
    let data = dir.join("data");
    let data_s = data.display().to_string();
    run(
        &prefix,
        &bin.join("initdb"),
        &[
            "-D",
            &data_s,
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-locale",
            "-N",
        ],
    )?;
    // Stop and delete the cluster once this test process is gone, however it ends.
    let pg_ctl = bin.join("pg_ctl");
    let guardian = format!(
        "while kill -0 {pid} 2>/dev/null; do sleep 1; done; {prefix} {pg_ctl} -D {data} -m immediate stop >/dev/null 2>&1; rm -rf {dir}",
        pid = std::process::id(),
        prefix = prefix.join(" "),
        pg_ctl = pg_ctl.display(),
        data = data_s,
        dir = dir.display(),
    );
    Command::new("setsid")
        .args(["sh", "-c", &guardian])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start the cluster guardian: {e}"))?;

    let log = dir.join("postgres.log").display().to_string();
    let mut last_error = String::new();
    for _ in 0..3 {
        let port = free_port()?;
        let options = format!(
            "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400",
            dir.display()
        );
        match run(
            &prefix,
            &pg_ctl,
            &[
                "-D", &data_s, "-l", &log, "-w", "-t", "60", "-o", &options, "start",
            ],
        ) {
            Ok(()) => return Ok(PgCluster { port }),
            Err(e) => last_error = e,
        }
    }
    Err(last_error)
}
