//! The consolidated whole-project monthly report over ~2 million timesheet rows.
//! `cargo bench --bench monthly_report` uses a temporary SQLite file; with
//! ESF_BENCH_DATABASE_URL=postgres://... it runs on an empty PostgreSQL database.
//! Data: `esf_ledger::scale::generate_entries(Scale::National)`: 76 organisations, 3 040 staff,
//! 36 months (2012-01..2014-12) of attested timesheets with 19 daily rows each
//! (2 079 360 rows), every report consolidated.
// Seconds and megabytes of measurements, never money.
#![allow(clippy::float_arithmetic)]

mod common;

use std::time::{Duration, Instant};

use diesel::RunQueryDsl;

use esf_ledger::domain::period::Month;
use esf_ledger::service::monthly_reports::build;
use esf_ledger::views::monthly_reports::ReportView;

fn main() {
    let (_dir, target, mut conn) = common::seeded_database();
    let started = Instant::now();
    esf_ledger::scale::generate_entries(&mut conn, esf_ledger::scale::Scale::National).unwrap();
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
        if view == ReportView::Consolidated {
            common::result(
                target.backend,
                "consolidated monthly report (2 M rows)",
                times[10].as_secs_f64() * 1e3,
                "ms",
                "< 1000",
            );
        }
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
