//! The consolidated whole-project monthly report over ~2 million timesheet rows.
//! `cargo bench --bench monthly_report` uses a temporary SQLite file; with
//! ESF_BENCH_DATABASE_URL=postgres://... it runs on an empty PostgreSQL database.
//! Data (set-based SQL, deterministic): 76 organisations, 3 040 staff (40 each),
//! 36 months (2012-01..2014-12) of attested timesheets with 19 daily rows each
//! (2 079 360 rows), every report consolidated.

use std::time::{Duration, Instant};

use diesel::{Connection, RunQueryDsl};

use esf_ledger::domain::period::Month;
use esf_ledger::seed::{seed, SeedOptions};
use esf_ledger::service::monthly_reports::{build, ReportView};
use esf_ledger::store::{db::Manager, Backend, DatabaseTarget, DbConnection};

fn exec(conn: &mut DbConnection, sql: &str) {
    diesel::sql_query(sql)
        .execute(conn)
        .unwrap_or_else(|e| panic!("{e}: {sql}"));
}

fn generate(conn: &mut DbConnection) {
    let pg = conn.backend() == Backend::Postgres;
    let numbers = |n: u32| {
        if pg {
            format!("SELECT generate_series(0, {}) AS n", n - 1)
        } else {
            format!("WITH RECURSIVE c(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM c WHERE n < {}) SELECT n FROM c", n - 1)
        }
    };
    let now = "CURRENT_TIMESTAMP";
    exec(conn, &format!(
        "INSERT INTO staff (organisation_id, name, employee_number, active, version, created_at, updated_at) \
         SELECT o.id, 'Anställd ' || CAST(k.n AS TEXT), 'B' || CAST(k.n AS TEXT), TRUE, 1, {now}, {now} \
         FROM organisations o CROSS JOIN ({}) k", numbers(40)));
    let months = "SELECT (2012 + n / 12) * 100 + (n % 12) + 1 AS m FROM (".to_string()
        + &numbers(36)
        + ") x";
    let user: i64 = {
        #[derive(diesel::QueryableByName)]
        struct Id {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            id: i64,
        }
        diesel::sql_query("SELECT id FROM users ORDER BY id LIMIT 1")
            .get_result::<Id>(conn)
            .unwrap()
            .id
    };
    // 19 days of 7 h at 289.80 SEK/h: 133 h, 38 543.40 SEK a timesheet.
    exec(conn, &format!(
        "INSERT INTO timesheets (organisation_id, staff_id, month, funding, state, entered_by, signed_by, attested_by, \
         hours_centi, hourly_rate_ore, cost_ore, version, created_at, updated_at) \
         SELECT s.organisation_id, s.id, mm.m, CASE WHEN s.id % 5 = 0 THEN 'in_kind' ELSE 'project' END, 'attested', \
         {user}, {user}, {user}, 13300, 28980, 3854340, 3, {now}, {now} FROM staff s CROSS JOIN ({months}) mm"));
    let date = if pg {
        "make_date(t.month / 100, t.month % 100, d.n + 1)".to_string()
    } else {
        "printf('%04d-%02d-%02d', t.month / 100, t.month % 100, d.n + 1)".to_string()
    };
    exec(
        conn,
        &format!(
            "INSERT INTO timesheet_rows (timesheet_id, work_date, hours_centi, note) \
         SELECT t.id, {date}, 700, 'Metodverkstad' FROM timesheets t CROSS JOIN ({}) d",
            numbers(19)
        ),
    );
    exec(
        conn,
        &format!(
            "INSERT INTO monthly_reports (organisation_id, month, state, version, updated_at) \
         SELECT o.id, mm.m, 'consolidated', 3, {now} FROM organisations o CROSS JOIN ({months}) mm"
        ),
    );
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let url = std::env::var("ESF_BENCH_DATABASE_URL")
        .unwrap_or_else(|_| dir.path().join("bench.db").display().to_string());
    let target = DatabaseTarget::parse(&url);
    let mut conn = Manager::connect_once(&target).unwrap();
    conn.run_migrations().unwrap();
    seed(
        &mut conn,
        &SeedOptions {
            demo_users: true,
            demo_password: "bench password".into(),
        },
    )
    .unwrap();
    let started = Instant::now();
    conn.transaction::<_, diesel::result::Error, _>(|c| {
        generate(c);
        Ok(())
    })
    .unwrap();
    exec(&mut conn, "ANALYZE");
    #[derive(diesel::QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let rows = diesel::sql_query("SELECT CAST(COUNT(*) AS BIGINT) AS n FROM timesheet_rows")
        .get_result::<N>(&mut conn)
        .unwrap()
        .n;
    println!(
        "{:?}: generated {rows} timesheet rows in {:.1} s",
        target.backend,
        started.elapsed().as_secs_f64()
    );

    let owner = esf_ledger::store::organisations::owner(&mut conn)
        .unwrap()
        .unwrap();
    let month = Month::parse("2013-06").unwrap();
    for view in [ReportView::Consolidated, ReportView::All, ReportView::Own] {
        let mut times: Vec<Duration> = Vec::new();
        let mut report = None;
        for _ in 0..21 {
            let t = Instant::now();
            report = Some(build(&mut conn, &owner, month, view).unwrap());
            times.push(t.elapsed());
        }
        times.sort();
        let r = report.unwrap();
        println!(
            "{:?} whole-project report {month} ({view:?}): median {:.1} ms, max {:.1} ms; staff {} SEK, in kind {} SEK, {} timesheets",
            target.backend,
            times[10].as_secs_f64() * 1e3,
            times[20].as_secs_f64() * 1e3,
            r.totals.costs.staff,
            r.totals.cofinancing.in_kind,
            r.totals.attested_timesheets
        );
    }
}
