//! The monthly SCB participant report: one row per participant active in the month,
//! the totals and ESF indicators beside it, the Excel file SCB asks for, and the record
//! of files sent so that a change to a sent month lists it and every later sent month
//! as due again. Only the owner's admins and managers (who send the file) may read it.

use crate::domain::hours::CentiHours;
use std::collections::BTreeMap;

use chrono::NaiveDate;
use sha2::{Digest, Sha256};

use crate::domain::access::{authorize_project, Action, Actor};
use crate::domain::period::Month;
use crate::domain::scb::{self as rules, BySex, IndicatorInput, Indicators};
use crate::error::{AppError, AppResult};
use crate::store::organisations as orgs;
use crate::store::scb::{self as store, ScbLine};
use crate::store::{projects, DbConnection};
use crate::views::scb::{RegionTotals, ScbMonthStatus, ScbReport, ScbRow, ScbStatus, ScbTotals};
use crate::views::Render;

/// The owner's admins and managers send the file (they may see every identity).
fn authorize_scb(actor: &Actor) -> AppResult<()> {
    Ok(authorize_project(actor, Action::SendScbReport)?)
}

/// Data of `month` changed: that month and every later one already sent are due again.
pub fn mark_changed(conn: &mut DbConnection, month: Month) -> AppResult<()> {
    store::mark_changed(conn, month.to_key())?;
    Ok(())
}

pub fn report(
    conn: &mut DbConnection,
    actor: &Actor,
    month: Month,
    today: NaiveDate,
) -> AppResult<ScbReport> {
    authorize_scb(actor)?;
    let opens = rules::opens_on(month);
    if today < opens {
        return Err(AppError::conflict(
            "month",
            format!("the SCB report for {month} opens on {opens}"),
        ));
    }
    build(conn, month)
}

/// The report for `month`, with every identity in full: only `report` and `export`
/// call it, after their access checks.
fn build(conn: &mut DbConnection, month: Month) -> AppResult<ScbReport> {
    let project = projects::get(conn)?
        .ok_or_else(|| AppError::conflict("project", "no project is configured yet"))?;
    let (first, last) = (month.first_day(), month.last_day());
    let lines = one_line_per_participant(store::lines(conn, month.to_key(), first, last)?);
    let organisations = orgs::subtree(conn, "/")?;
    let by_id: BTreeMap<i64, _> = organisations.iter().map(|o| (o.id, o)).collect();
    let mut regions: BTreeMap<i64, RegionTotals> = BTreeMap::new();
    let mut totals = (BySex::default(), BySex::default(), BySex::default());
    let mut indicators = Indicators::default();
    let mut rows = Vec::with_capacity(lines.len());
    let mut digest = Sha256::new();
    for l in lines {
        let row = row_of(&l, first, last)?;
        let sex = row.sex;
        totals.0.count(sex);
        if month.contains(l.start_date) {
            totals.1.count(sex);
        }
        if row.end_date.is_some() {
            totals.2.count(sex);
        }
        if let Some(region) = region_of(&l.organisation_path).and_then(|id| by_id.get(&id)) {
            regions
                .entry(region.id)
                .or_insert_with(|| RegionTotals {
                    organisation_id: region.id,
                    code: region.code.clone(),
                    name: region.name.clone(),
                    participants: BySex::default(),
                })
                .participants
                .count(sex);
        }
        indicators.count(
            &IndicatorInput {
                sex,
                birth_date: l.birth_date,
                start_date: l.start_date,
                left: row.outcome.map(|o| (o, l.qualification_gained)),
                labour_status: l.labour_status,
                in_education_at_start: l.in_education_at_start,
            },
            month,
        );
        digest.update(serde_json::to_vec(&row).map_err(|e| AppError::Failure {
            context: "cannot write an SCB row for its digest",
            source: Box::new(e),
        })?);
        rows.push(row);
    }
    let sent: BTreeMap<Month, bool> = store::months(conn)?
        .into_iter()
        .map(|m| (m.month, m.needs_resubmission))
        .collect();
    let mut earlier_months_to_send = Vec::new();
    let mut m = Month::of(project.start_date);
    while m < month {
        if sent.get(&m).is_none_or(|due| *due) {
            earlier_months_to_send.push(m);
        }
        m = m.next();
    }
    Ok(ScbReport {
        earlier_months_to_send,
        month,
        file_name: rules::file_name(month, &project.esf_case_number),
        checksum: hex::encode(digest.finalize()),
        rows,
        totals: ScbTotals {
            participants: totals.0,
            new_starts: totals.1,
            exits: totals.2,
            by_region: regions.into_values().collect(),
        },
        indicators,
    })
}

/// SCB wants one row per participant: someone who moved between municipalities within
/// the month has two enrolments in it, merged here into one row that starts when the
/// first started, is where the person is now, and sums the month's hours.
fn one_line_per_participant(lines: Vec<ScbLine>) -> Vec<ScbLine> {
    let mut by_person: BTreeMap<i64, Vec<ScbLine>> = BTreeMap::new();
    let mut order = Vec::new();
    for l in lines {
        if !by_person.contains_key(&l.participant_id) {
            order.push(l.participant_id);
        }
        by_person.entry(l.participant_id).or_default().push(l);
    }
    order
        .into_iter()
        .filter_map(|id| by_person.remove(&id))
        .filter_map(|mut group| {
            group.sort_by_key(|l| l.start_date);
            let first = group.first()?.clone();
            let hours = group
                .iter()
                .filter_map(|l| l.hours_centi)
                .reduce(|a, b| a.checked_add(b).unwrap_or(CentiHours::new(i64::MAX)));
            let mut merged = group.pop()?;
            merged.start_date = first.start_date;
            merged.status_at_start = first.status_at_start;
            merged.labour_status = first.labour_status;
            merged.in_education_at_start = first.in_education_at_start;
            merged.hours_centi = hours;
            Some(merged)
        })
        .collect()
}

/// The region a municipality's path names: its second segment ("/owner/region/...").
fn region_of(path: &str) -> Option<i64> {
    crate::domain::organisation::path_ids(path).get(1).copied()
}

fn row_of(l: &ScbLine, first: NaiveDate, last: NaiveDate) -> AppResult<ScbRow> {
    let left_now = l.end_date.filter(|d| *d >= first && *d <= last);
    Ok(ScbRow {
        identity: l.identity.clone(),
        start_date: l.start_date,
        end_date: left_now,
        sex: l.sex,
        municipality_code: l.municipality_code.clone().ok_or_else(|| {
            AppError::conflict(
                "organisation",
                format!(
                    "organisation {} has participants but no municipality code; an admin sets it before the SCB file can be made",
                    l.organisation_id
                ),
            )
        })?,
        workshop: l.workshop.clone(),
        attended_hours: l.hours_centi.unwrap_or_default(),
        status_at_start: l.status_at_start,
        outcome: match left_now {
            Some(_) => l.outcome,
            None => None,
        },
    })
}

/// The file SCB asks for, recorded as sent (month, time, checksum).
pub fn export(
    conn: &mut DbConnection,
    actor: &Actor,
    month: Month,
    today: NaiveDate,
    render: Render<ScbReport>,
) -> AppResult<(Vec<u8>, String)> {
    // Built and recorded in one transaction; a change that lands meanwhile keeps the
    // month flagged (record_file compares its time with the build's).
    conn.write_tx(|conn| {
        let built_at = crate::store::now();
        let report = report(conn, actor, month, today)?;
        let bytes = render(&report)?;
        store::record_file(
            conn,
            month.to_key(),
            &report.file_name,
            &report.checksum,
            report.rows.len() as i64,
            actor.user_id,
            built_at,
        )?;
        Ok((bytes, report.file_name))
    })
}

pub fn status(conn: &mut DbConnection, actor: &Actor) -> AppResult<ScbStatus> {
    authorize_scb(actor)?;
    let months = store::months(conn)?
        .into_iter()
        .map(|m| {
            Ok(ScbMonthStatus {
                month: m.month,
                last_generated_at: m.last_generated_at.and_utc(),
                last_checksum: m.last_checksum,
                needs_resubmission: m.needs_resubmission,
                changed_at: m.changed_at.map(|t| t.and_utc()),
            })
        })
        .collect::<AppResult<Vec<_>>>()?;
    let to_resend = months
        .iter()
        .filter(|m| m.needs_resubmission)
        .map(|m| m.month)
        .collect();
    Ok(ScbStatus { months, to_resend })
}
