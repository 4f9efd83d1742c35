//! Timesheet import at scale: a 100 800-row workbook (400 staff × 12 months × 21 days)
//! parsed, validated and stored, timed per phase. Run with
//! `cargo bench --bench timesheet_import` (SQLite; ESF_BENCH_DATABASE_URL=postgres://...
//! for an empty PostgreSQL database); it also writes the workbook to
//! target/timesheets-100k.xlsx for comparing with other readers (scripts/openpyxl_read.py).
// Seconds and megabytes of measurements, never money.
#![allow(clippy::float_arithmetic)]

mod common;

use std::time::Instant;

use chrono::{Datelike, NaiveDate, Weekday};
use esf_ledger::domain::entered::Entered;
use rust_xlsxwriter::Workbook;

use esf_ledger::domain::period::Month;
use esf_ledger::service::staff::{self};
use esf_ledger::views::staff::{NewStaffInput, SalaryInput};

const STAFF: usize = 400;

fn main() {
    // ESF_BENCH_DATABASE_URL=postgres://... runs it on an empty PostgreSQL database.
    let (_dir, target, mut conn) = common::seeded_database();
    println!(
        "database: {}",
        if target.backend == esf_ledger::store::Backend::Postgres {
            "PostgreSQL"
        } else {
            "SQLite (temporary file)"
        }
    );
    let economist_id =
        esf_ledger::store::users::find_by_email(&mut conn, "molndal.economist@plugin.example")
            .unwrap()
            .unwrap()
            .id;
    let actor = esf_ledger::service::auth::load_actor(
        &mut conn,
        esf_ledger::auth::token::Subject {
            user_id: economist_id,
            generation: 0,
        },
    )
    .unwrap();
    let org = actor.organisation_id;
    for i in 0..STAFF {
        let s = staff::create(
            &mut conn,
            &actor,
            NewStaffInput {
                organisation_id: org,
                name: format!("Anställd {i}"),
                employee_number: format!("E{i:04}"),
            },
        )
        .unwrap();
        staff::add_salary(
            &mut conn,
            &actor,
            s.id,
            SalaryInput {
                valid_from: Month::parse("2013-01").unwrap(),
                monthly_salary: Entered::new(30000.into()),
                employment_rate_percent: Entered::new(100.into()),
                social_fee_override_percent: None,
                reason: None,
            },
        )
        .unwrap();
    }

    let started = Instant::now();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Tidrapport").unwrap();
    for (c, h) in esf_ledger::excel::timesheets::HEADERS.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let mut row = 1u32;
    for i in 0..STAFF {
        for m in 1..=12u32 {
            let mut days = 0;
            let mut d = NaiveDate::from_ymd_opt(2013, m, 1).unwrap();
            while d.month() == m && days < 21 {
                if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
                    ws.write_string(row, 0, format!("E{i:04}")).unwrap();
                    ws.write_string(row, 1, d.to_string()).unwrap();
                    ws.write_string(row, 2, "6").unwrap();
                    ws.write_string(row, 3, "projekt").unwrap();
                    ws.write_string(row, 4, "Metodverkstad").unwrap();
                    row += 1;
                    days += 1;
                }
                d = d.succ_opt().unwrap();
            }
        }
    }
    let bytes = wb.save_to_buffer().unwrap();
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/timesheets-100k.xlsx");
    std::fs::write(&out, &bytes).unwrap();
    println!(
        "workbook: {} rows, {} kB, written in {:.2} s -> {}",
        row - 1,
        bytes.len() / 1000,
        started.elapsed().as_secs_f64(),
        out.display()
    );

    let started = Instant::now();
    let parsed = esf_ledger::excel::timesheets::read(&bytes)
        .unwrap()
        .unwrap();
    let parse = started.elapsed().as_secs_f64();
    println!(
        "parse + cell validation: {} rows in {parse:.2} s",
        parsed.rows.len()
    );

    let started = Instant::now();
    let report = esf_ledger::service::imports::import_timesheets(
        &mut conn,
        &actor,
        org,
        esf_ledger::service::imports::Upload::new(&bytes, Some("timesheets-100k.xlsx")),
    )
    .unwrap();
    let total = started.elapsed().as_secs_f64();
    println!("import (parse, validate, store): {report:?} in {total:.2} s");
    common::result(
        target.backend,
        "timesheet import, 100 000 rows",
        total,
        "s",
        "< 5 (SQLite); < openpyxl reading it",
    );

    let started = Instant::now();
    let again = esf_ledger::service::imports::import_timesheets(
        &mut conn,
        &actor,
        org,
        esf_ledger::service::imports::Upload::new(&bytes, Some("timesheets-100k.xlsx")),
    )
    .unwrap();
    println!(
        "re-import of the same file: {again:?} in {:.2} s",
        started.elapsed().as_secs_f64()
    );

    // 100 000 bad rows (text in the hours column): refused whole, the first 1 000 listed.
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Tidrapport").unwrap();
    for (c, h) in esf_ledger::excel::timesheets::HEADERS.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for r in 1..=100_000u32 {
        ws.write_string(r, 0, "E0001").unwrap();
        ws.write_string(r, 1, "2013-03-04").unwrap();
        ws.write_string(r, 2, "sex timmar").unwrap();
        ws.write_string(r, 3, "projekt").unwrap();
    }
    let bad = wb.save_to_buffer().unwrap();
    let started = Instant::now();
    let refused = esf_ledger::service::imports::import_timesheets(
        &mut conn,
        &actor,
        org,
        esf_ledger::service::imports::Upload::new(&bad, None),
    );
    let elapsed = started.elapsed().as_secs_f64();
    match refused {
        Err(esf_ledger::error::AppError::ImportFailed { errors, total, .. }) => println!(
            "100 000 bad rows refused: {total} errors counted, {} listed, in {elapsed:.2} s",
            errors.len()
        ),
        other => panic!("expected the bad workbook to be refused, got {other:?}"),
    }
}
