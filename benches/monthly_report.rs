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

/// The median and the slowest of 21 builds of the whole project's report of `month`.
fn timed(
    conn: &mut esf_ledger::store::DbConnection,
    owner: &esf_ledger::store::organisations::OrganisationRow,
    month: Month,
    view: ReportView,
) -> (
    Duration,
    Duration,
    esf_ledger::views::monthly_reports::MonthlyReport,
) {
    let mut times: Vec<Duration> = Vec::new();
    let mut report = None;
    for _ in 0..21 {
        let t = Instant::now();
        report = Some(build(conn, owner, month, view).unwrap());
        times.push(t.elapsed());
    }
    times.sort();
    (times[10], times[20], report.unwrap())
}

fn main() {
    // ESF_BENCH_SCALE=small|regional|national (default national): how cost grows.
    let scale = common::scale();
    let (_dir, target, mut conn) = common::seeded_database();
    let started = Instant::now();
    esf_ledger::scale::generate_entries(&mut conn, scale).unwrap();
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
        "{:?} {scale:?}: generated {rows} timesheet rows in {:.1} s",
        target.backend,
        started.elapsed().as_secs_f64()
    );

    let owner = esf_ledger::store::organisations::owner(&mut conn)
        .unwrap()
        .unwrap();
    // The generator's months start in 2012-01: June 2013 at national scale, the last
    // generated month at the smaller ones.
    let month = match scale {
        esf_ledger::scale::Scale::Small => Month::parse("2012-03"),
        esf_ledger::scale::Scale::Regional => Month::parse("2012-12"),
        esf_ledger::scale::Scale::National => Month::parse("2013-06"),
    }
    .unwrap();
    // First as computed from the entries (the generator writes the reports' states
    // around the use cases, so nothing is stored yet: an open month's path), then with
    // the closed months' figures stored, as the service keeps them (issue 17).
    for stored in [false, true] {
        if stored {
            let t = Instant::now();
            conn.write_tx(esf_ledger::service::frozen::settle_all)
                .unwrap();
            println!(
                "{:?} {scale:?}: stored every closed month's figures in {:.1} s",
                target.backend,
                t.elapsed().as_secs_f64()
            );
        }
        let how = if stored { "stored" } else { "computed" };
        for view in [ReportView::Consolidated, ReportView::All, ReportView::Own] {
            let (median, max, r) = timed(&mut conn, &owner, month, view);
            if view == ReportView::Consolidated && scale == esf_ledger::scale::Scale::National {
                common::result(
                    target.backend,
                    if stored {
                        "consolidated monthly report, closed month (stored)"
                    } else {
                        "consolidated monthly report (2 M rows)"
                    },
                    median.as_secs_f64() * 1e3,
                    "ms",
                    "< 1000",
                );
            }
            println!(
                "{:?} {scale:?} whole-project report {month} ({view:?}, {how}): median {:.2} ms, max {:.2} ms; staff {} SEK, in kind {} SEK, {} timesheets",
                target.backend,
                median.as_secs_f64() * 1e3,
                max.as_secs_f64() * 1e3,
                r.totals.costs.staff,
                r.totals.cofinancing.in_kind,
                r.totals.attested_timesheets
            );
        }
    }
}
