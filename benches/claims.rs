//! An ESF claim over the whole project at national scale: drafting and recomputing it
//! (every check and aggregate), issuing it (freezing every line), recording its payment
//! and reading the distribution, and the claim workbook with the process's peak memory
//! while it is written. `cargo bench --bench claims` uses a temporary SQLite file; with
//! ESF_BENCH_DATABASE_URL=postgres://... it runs on an empty PostgreSQL database.
//! Data: `esf_ledger::scale::generate_entries(Scale::National)` (2 079 360 timesheet
//! rows, 10 000 participants, 36 months, 76 organisations), without its claims.
// Seconds and megabytes of measurements, never money.
#![allow(clippy::float_arithmetic)]

mod common;

use std::time::{Duration, Instant};

use esf_ledger::service::claims::{self};
use esf_ledger::service::payments::{self};
use esf_ledger::views::claims::{ClaimInput, IssueInput, VersionInput};
use esf_ledger::views::payments::PaymentInput;

/// Peak resident memory of this process since the last reset, in MB (Linux).
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn reset_peak_rss() {
    // "5" resets the peak RSS (VmHWM) to the current RSS.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn median(mut times: Vec<Duration>) -> (f64, f64) {
    times.sort();
    (
        times[times.len() / 2].as_secs_f64() * 1e3,
        times[times.len() - 1].as_secs_f64() * 1e3,
    )
}

fn main() {
    let (_dir, target, mut conn) = common::seeded_database();
    let backend = target.backend;
    let started = Instant::now();
    // ESF_BENCH_SCALE=small|regional|national (default national): how cost grows. The
    // claim covers every generated month.
    let scale = common::scale();
    esf_ledger::scale::generate_entries(&mut conn, scale).unwrap();
    println!(
        "{backend:?}: generated the {scale:?} data in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let (first, last) = scale.generated_months();
    let scope = format!(
        "{} months {}",
        scale.months(),
        format!("{scale:?}").to_lowercase()
    );

    let manager_id =
        esf_ledger::store::users::find_by_email(&mut conn, "skl.manager@plugin.example")
            .unwrap()
            .unwrap()
            .id;
    let actor = esf_ledger::service::auth::load_actor(
        &mut conn,
        esf_ledger::auth::token::Subject {
            user_id: manager_id,
            generation: 0,
        },
    )
    .unwrap();
    let input = ClaimInput {
        from: first,
        to: last,
    };
    let t = Instant::now();
    let draft = claims::create(&mut conn, &actor, input).unwrap();
    let created = t.elapsed();
    let mut version = draft.version;
    let mut times = Vec::new();
    let mut claim = draft;
    for _ in 0..11 {
        let t = Instant::now();
        claim = claims::recompute(&mut conn, &actor, claim.id, VersionInput { version }).unwrap();
        times.push(t.elapsed());
        version = claim.version;
    }
    let (med, max) = median(times);
    println!(
        "{backend:?} claim {first}..{last} drafted in {:.0} ms; recomputed: median {med:.0} ms, max {max:.0} ms \
         (total eligible {} SEK, co-financing {} SEK, ESF requested {} SEK, {} organisations)",
        created.as_secs_f64() * 1e3,
        claim.total_eligible.period,
        claim.total_cofinancing.period,
        claim.esf.requested,
        claim.organisations.len()
    );

    // The floor: the same sums as one bare SQL statement per source, run directly.
    let floor_sql: Vec<&str> = include_str!("claim_floor.sql")
        .lines()
        .filter(|l| !l.starts_with("--") && !l.trim().is_empty())
        .collect();
    let mut times = Vec::new();
    for _ in 0..11 {
        let t = Instant::now();
        for sql in &floor_sql {
            diesel::RunQueryDsl::execute(diesel::sql_query(*sql), &mut conn).unwrap();
        }
        times.push(t.elapsed());
    }
    let (floor, _) = median(times);
    common::result(
        backend,
        &format!("claim recompute, {scope}"),
        med,
        "ms",
        "< 2000",
    );
    common::result(
        backend,
        "claim ÷ bare SQL in the same process",
        med / floor,
        "×",
        "≤ 2 (aim)",
    );
    println!(
        "{backend:?} bare SQL aggregates of the same figures: median {floor:.0} ms; the claim's \
         figures cost {:.1}× that",
        med / floor
    );

    let t = Instant::now();
    let issued = claims::issue(
        &mut conn,
        &actor,
        claim.id,
        IssueInput {
            version,
            sent_on: None,
        },
    )
    .unwrap();
    println!(
        "{backend:?} issued as number {} (every line frozen) in {:.0} ms",
        issued.number.unwrap(),
        t.elapsed().as_secs_f64() * 1e3
    );

    let mut times = Vec::new();
    for _ in 0..11 {
        let t = Instant::now();
        let again = claims::get(&mut conn, &actor, claim.id).unwrap();
        times.push(t.elapsed());
        assert_eq!(again.esf, issued.esf);
    }
    let (med, max) = median(times);
    println!("{backend:?} issued claim read: median {med:.1} ms, max {max:.1} ms");

    let t = Instant::now();
    let paid = payments::record_payment(
        &mut conn,
        &actor,
        claim.id,
        PaymentInput {
            amount: esf_ledger::domain::entered::Entered::new(
                issued.esf.requested.to_sek() - rust_decimal::Decimal::new(1_234_567, 2),
            ),
            paid_on: chrono::Utc::now().date_naive().into(),
        },
    )
    .unwrap();
    let recorded = t.elapsed();
    common::result(
        backend,
        "payment + distribution (76 parts)",
        recorded.as_secs_f64() * 1e3,
        "ms",
        "< 100",
    );
    let parts =
        esf_ledger::domain::money::Ore::checked_sum(paid.organisations.iter().map(|p| p.part));
    assert_eq!(parts, Some(paid.payment.amount));
    let mut times = Vec::new();
    for _ in 0..21 {
        let t = Instant::now();
        payments::distribution(&mut conn, &actor, claim.id).unwrap();
        times.push(t.elapsed());
    }
    let (med, max) = median(times);
    println!(
        "{backend:?} payment of {} SEK recorded and distributed to {} organisations in {:.1} ms; distribution read: median {med:.1} ms, max {max:.1} ms",
        paid.payment.amount,
        paid.organisations.len(),
        recorded.as_secs_f64() * 1e3
    );

    reset_peak_rss();
    let before = peak_rss_mb();
    let t = Instant::now();
    let (bytes, name) = claims::export(
        &mut conn,
        &actor,
        claim.id,
        esf_ledger::excel::claims::claim_workbook,
    )
    .unwrap();
    let took = t.elapsed();
    common::result(backend, "claim workbook", took.as_secs_f64(), "s", "< 10");
    common::result(
        backend,
        "peak memory writing it",
        peak_rss_mb().unwrap_or(0.0),
        "MB",
        "< 300",
    );
    println!(
        "{backend:?} claim workbook {name}: {:.1} MB in {:.1} s; process peak memory {:.0} MB (from {:.0} MB before)",
        bytes.len() as f64 / 1e6,
        took.as_secs_f64(),
        peak_rss_mb().unwrap_or(0.0),
        before.unwrap_or(0.0)
    );
    let t = Instant::now();
    let report = esf_ledger::service::verify::run(&mut conn).unwrap();
    assert!(report.is_clean(), "{:?}", report.breaches);
    println!(
        "{backend:?} verify over the issued claim: clean in {:.1} s",
        t.elapsed().as_secs_f64()
    );
}
