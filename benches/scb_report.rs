//! SCB's monthly participant report with 10 000 participants in the project: the JSON
//! report (rows, totals, indicators) and the xlsx file for one month, timed over 21
//! runs. `cargo bench --bench scb_report` uses a temporary SQLite file; with
//! ESF_BENCH_DATABASE_URL=postgres://... it runs on an empty PostgreSQL database.
//! Data (deterministic): 10 000 participants (ESF_BENCH_SCALE=regional: 2 000, small:
//! 200) spread over the 70 municipality-level
//! organisations, enrolled from 2012-01 to 2014-12 for 3-14 months each, one in forty
//! with a protected identity, attendance for every enrolled month.
// Seconds and megabytes of measurements, never money.
#![allow(clippy::float_arithmetic)]

mod common;

use std::time::{Duration, Instant};

use chrono::{Datelike, Duration as Days, NaiveDate};
use diesel::prelude::*;

use esf_ledger::domain::identity::{IdKind, Sex};
use esf_ledger::domain::names::Named;
use esf_ledger::domain::participant::{EducationLevel, LabourStatus, Outcome, StatusAtStart};
use esf_ledger::domain::period::Month;
use esf_ledger::store::participants::{EnrolmentRow, ParticipantRow};
use esf_ledger::store::schema::{attendance, enrolments, organisations, participants};

fn main() {
    let (_dir, target, mut conn) = common::seeded_database();
    let started = Instant::now();
    let municipalities: Vec<i64> = organisations::table
        .filter(organisations::kind.eq("municipality"))
        // SCB wants a municipality code for every participant's organisation.
        .filter(organisations::municipality_code.is_not_null())
        .order(organisations::id.asc())
        .select(organisations::id)
        .load(&mut conn)
        .unwrap();
    let user: i64 = esf_ledger::store::users::find_by_email(&mut conn, "skl.admin@plugin.example")
        .unwrap()
        .unwrap()
        .id;
    let now = esf_ledger::store::now();
    let first_start = NaiveDate::from_ymd_opt(2012, 1, 2).unwrap();
    let mut people = Vec::new();
    let mut enrols = Vec::new();
    let mut hours = Vec::new();
    // The scale generator's count (10 000 national, 2 000 regional, 200 small), spread
    // over the same three years here, so a month holds a fifth or a fiftieth as many.
    let count = i64::from(common::scale().participants());
    for i in 0..count {
        // Substitute codes are birth date + sex: each protected identity its own birth date.
        let protected = i % 40 == 0;
        let offset = if protected { i / 40 } else { (i * 37) % 1460 };
        let birth = NaiveDate::from_ymd_opt(1993, 1, 1).unwrap() + Days::days(offset);
        let sex = if i % 2 == 0 { Sex::Female } else { Sex::Male };
        people.push(ParticipantRow {
            id: 0,
            id_kind: if protected {
                IdKind::Protected
            } else {
                IdKind::Personnummer
            },
            identity: if protected {
                format!("{}T{}29", birth.format("%Y%m%d"), &sex.as_str()[..1])
            } else {
                format!("{}{:04}", birth.format("%Y%m%d"), i % 10_000)
            },
            birth_date: birth,
            sex,
            created_at: now,
        });
        let start = first_start + Days::days((i * 7919) % 1050);
        let months = 3 + (i % 12);
        let end =
            (start + Days::days(months * 30)).min(NaiveDate::from_ymd_opt(2015, 6, 30).unwrap());
        let ended = i % 3 != 0;
        enrols.push(EnrolmentRow {
            id: 0,
            participant_id: i + 1,
            organisation_id: municipalities[(i as usize) % municipalities.len()],
            workshop_id: None,
            start_date: start,
            end_date: ended.then_some(end),
            status_at_start: if i % 5 == 0 {
                StatusAtStart::AtRisk
            } else {
                StatusAtStart::DroppedOut
            },
            education_level: EducationLevel::Isced02,
            labour_status: [
                LabourStatus::Unemployed,
                LabourStatus::Inactive,
                LabourStatus::LongTermUnemployed,
                LabourStatus::Employed,
            ][(i % 4) as usize],
            in_education_at_start: i % 7 == 0,
            outcome: ended.then(|| {
                [
                    Outcome::BackInStudies,
                    Outcome::InWork,
                    Outcome::OtherActivity,
                    Outcome::Unknown,
                ][(i % 4) as usize]
            }),
            qualification_gained: ended && i % 6 == 0,
            created_by: user,
            version: 1,
            created_at: now,
            updated_at: now,
        });
        let last = if ended {
            end
        } else {
            start + Days::days(months * 30)
        };
        let mut m = Month::of(start);
        while m.first_day() <= last {
            hours.push((
                i + 1,
                enrols.last().unwrap().organisation_id,
                m.to_key(),
                1000 + (i % 50) * 100,
            ));
            m = m.next();
        }
    }
    conn.transaction::<_, diesel::result::Error, _>(|c| {
        esf_ledger::insert_batch!(c, participants::table, people, 1000)?;
        esf_ledger::insert_batch!(c, enrolments::table, enrols, 1000)?;
        let rows: Vec<_> = hours
            .iter()
            .map(|(e, o, m, h)| {
                (
                    attendance::enrolment_id.eq(*e),
                    attendance::organisation_id.eq(*o),
                    attendance::month.eq(*m),
                    attendance::hours_centi.eq(*h),
                    attendance::updated_by.eq(user),
                    attendance::version.eq(1i64),
                    attendance::updated_at.eq(now),
                )
            })
            .collect();
        esf_ledger::insert_batch!(c, attendance::table, rows, 1000)?;
        Ok(())
    })
    .unwrap();
    diesel::sql_query("ANALYZE").execute(&mut conn).unwrap();
    println!(
        "{:?}: {count} participants, {} attendance months, generated in {:.1} s",
        target.backend,
        hours.len(),
        started.elapsed().as_secs_f64()
    );

    let month = Month::parse("2013-06").unwrap();
    assert_eq!(month.first_day().year(), 2013);
    let mut json_times: Vec<Duration> = Vec::new();
    let mut xlsx_times: Vec<Duration> = Vec::new();
    let mut summary = String::new();
    // The owner's admin sends SCB's file (and sees every identity).
    let admin = esf_ledger::service::auth::load_actor(
        &mut conn,
        esf_ledger::auth::token::Subject {
            user_id: user,
            generation: 0,
        },
    )
    .unwrap();
    let after = NaiveDate::from_ymd_opt(2030, 1, 1).unwrap();
    for _ in 0..21 {
        let t = Instant::now();
        let report = esf_ledger::service::scb::report(&mut conn, &admin, month, after).unwrap();
        let body = serde_json::to_vec(&report).unwrap();
        json_times.push(t.elapsed());
        let t = Instant::now();
        let report = esf_ledger::service::scb::report(&mut conn, &admin, month, after).unwrap();
        let file = esf_ledger::excel::scb::workbook(&report).unwrap();
        xlsx_times.push(t.elapsed());
        summary = format!(
            "{} rows active in {month} ({} new, {} left), JSON {} kB, xlsx {} kB",
            report.rows.len(),
            report.totals.new_starts.total,
            report.totals.exits.total,
            body.len() / 1000,
            file.len() / 1000
        );
    }
    json_times.sort();
    xlsx_times.sort();
    // The statistics of the same month for the whole project, through the service.
    let query = || esf_ledger::views::statistics::StatisticsQuery {
        organisation_id: None,
        from: Some(month),
        to: Some(month),
    };
    let mut stats_json: Vec<Duration> = Vec::new();
    let mut stats_xlsx: Vec<Duration> = Vec::new();
    for _ in 0..21 {
        let t = Instant::now();
        let stats =
            esf_ledger::service::statistics::participants(&mut conn, &admin, query()).unwrap();
        serde_json::to_vec(&stats).unwrap();
        stats_json.push(t.elapsed());
        let t = Instant::now();
        let stats =
            esf_ledger::service::statistics::participants(&mut conn, &admin, query()).unwrap();
        esf_ledger::excel::statistics::workbook(&stats).unwrap();
        stats_xlsx.push(t.elapsed());
    }
    stats_json.sort();
    stats_xlsx.sort();
    println!(
        "{:?} statistics {month}: JSON median {:.1} ms (max {:.1} ms); xlsx with charts median {:.1} ms (max {:.1} ms)",
        target.backend,
        stats_json[10].as_secs_f64() * 1e3,
        stats_json[20].as_secs_f64() * 1e3,
        stats_xlsx[10].as_secs_f64() * 1e3,
        stats_xlsx[20].as_secs_f64() * 1e3,
    );
    println!("{summary}");
    common::result(
        target.backend,
        &format!("SCB report JSON ({count} participants)"),
        json_times[10].as_secs_f64() * 1e3,
        "ms",
        "< 300",
    );
    common::result(
        target.backend,
        "SCB report xlsx",
        xlsx_times[10].as_secs_f64() * 1e3,
        "ms",
        "< 1000",
    );
    println!(
        "{:?} SCB report {month}: JSON median {:.1} ms (max {:.1} ms); xlsx median {:.1} ms (max {:.1} ms)",
        target.backend,
        json_times[10].as_secs_f64() * 1e3,
        json_times[20].as_secs_f64() * 1e3,
        xlsx_times[10].as_secs_f64() * 1e3,
        xlsx_times[20].as_secs_f64() * 1e3,
    );
}
