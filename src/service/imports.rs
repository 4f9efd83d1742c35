//! Applying a filled workbook: every row checked against the same rules as the JSON
//! endpoints, every error reported with its cell, and all rows applied or none.
//! Importing the same file again changes nothing (rows are keyed by staff member and day).

use std::collections::{BTreeMap, HashMap};

use super::audit::{self, Change};
use super::{periods, staff as staff_service, ChangedBy};
use crate::domain::access::{Action, Actor};
use crate::domain::entry::Funding;
use crate::domain::hours::{self, CentiHours};
use crate::domain::names::Named;
use crate::domain::period::Month;
use crate::domain::validation::FieldError;
use crate::domain::workflow::TimesheetState;
use crate::error::{AppError, AppResult};
use crate::excel::grid::WorkbookError;
use crate::excel::timesheets::{self as sheet, ImportRow};
use crate::excel::{CellError, ImportErrors};
use crate::store::imports::Imported;
use crate::store::staff::StaffRow;
use crate::store::timesheets::{self as store, DayRow, NewTimesheet};
use crate::store::{organisations as orgs, projects, DbConnection};
use crate::views::imports::{ImportReport, TimesheetPrefill, TimesheetTemplate};

pub(super) fn import_problem(errors: ImportErrors) -> AppError {
    let total = errors.total;
    let listed = errors.listed.len();
    let detail = if total > listed {
        format!(
            "{total} errors in the workbook; the first {listed} are listed; nothing was imported"
        )
    } else {
        format!("{total} error(s) in the workbook; nothing was imported")
    };
    AppError::ImportFailed {
        detail,
        errors: errors.listed.into_iter().map(FieldError::from).collect(),
        total,
    }
}

pub(super) fn workbook_problem(e: WorkbookError) -> AppError {
    match e {
        WorkbookError::NotXlsx(m) => AppError::UnsupportedMediaType(m),
        WorkbookError::Unreadable(m) => AppError::validation("file", m),
        WorkbookError::TooLarge(m) => AppError::PayloadTooLarge(m),
    }
}

fn cell_error(row: u32, col: usize, value: String, rule: String) -> CellError {
    crate::excel::grid::error(sheet::SHEET, &sheet::HEADERS, row, col, value, rule)
}

/// The organisation a workbook is imported for, once the actor may enter its data:
/// who may import comes before what the file says.
pub(super) fn import_target(
    conn: &mut DbConnection,
    actor: &Actor,
    organisation_id: i64,
) -> AppResult<crate::store::organisations::OrganisationRow> {
    let missing = || {
        AppError::validation(
            "organisation_id",
            format!("no organisation {organisation_id} exists"),
        )
    };
    let org = orgs::find(conn, organisation_id)?.ok_or_else(missing)?;
    super::authorize_found(actor, Action::EnterData, &org, missing)?;
    Ok(org)
}

/// Records the workbook being imported (name as uploaded, SHA-256 of its bytes);
/// the entries it writes refer to it.
pub(super) fn record_import(
    conn: &mut DbConnection,
    actor: &Actor,
    kind: &str,
    organisation_id: i64,
    upload: &Upload<'_>,
    rows: usize,
) -> AppResult<i64> {
    use sha2::{Digest, Sha256};
    let sha = hex::encode(Sha256::digest(upload.bytes));
    let name = match upload.file_name {
        Some(n) if !n.trim().is_empty() => n.trim().chars().take(200).collect(),
        _ => format!("upload-{}.xlsx", &sha[..12]),
    };
    Ok(crate::store::imports::record(
        conn,
        kind,
        organisation_id,
        &name,
        &sha,
        i32::try_from(rows).unwrap_or(i32::MAX),
        actor.user_id,
    )?)
}

/// An uploaded workbook and the file name it was sent with, if any.
#[derive(Debug, Clone, Copy)]
pub struct Upload<'a> {
    pub bytes: &'a [u8],
    pub file_name: Option<&'a str>,
}

impl<'a> Upload<'a> {
    pub fn new(bytes: &'a [u8], file_name: Option<&'a str>) -> Self {
        Upload { bytes, file_name }
    }
}

/// The timesheet template to write: blank, or, for `organisation_id` and `month` (both
/// or neither), pre-filled with the organisation's staff paid that month (see below) and
/// the month's working
/// days within the project. The organisation is one the actor may enter data for.
pub fn timesheet_template(
    conn: &mut DbConnection,
    actor: &Actor,
    organisation_id: Option<i64>,
    month: Option<Month>,
) -> AppResult<TimesheetTemplate> {
    let project = projects::get(conn)?
        .ok_or_else(|| AppError::conflict("project", "no project is configured yet"))?;
    let prefill = match (organisation_id, month) {
        (None, None) => None,
        (Some(_), None) => {
            return Err(AppError::validation(
                "month",
                "a pre-filled template needs the month as well as the organisation",
            ))
        }
        (None, Some(_)) => {
            return Err(AppError::validation(
                "organisation_id",
                "a pre-filled template needs the organisation as well as the month",
            ))
        }
        (Some(id), Some(month)) => {
            let org = import_target(conn, actor, id)?;
            if month < Month::of(project.start_date) || month > Month::of(project.end_date) {
                return Err(AppError::validation(
                    "month",
                    format!(
                        "outside the project ({} to {})",
                        project.start_date, project.end_date
                    ),
                ));
            }
            // Those whose hours the month can cost (a salary in force), and of them those
            // still employed or with a timesheet that month (someone who has since left
            // but worked then).
            let paid: std::collections::HashSet<i64> =
                crate::store::staff::paid_in(conn, org.id, month)?
                    .into_iter()
                    .collect();
            let with_sheet: std::collections::HashSet<i64> =
                store::in_months(conn, org.id, month.to_key(), month.to_key())?
                    .into_iter()
                    .map(|t| t.staff_id)
                    .collect();
            let mut staff: Vec<(String, String)> =
                crate::store::staff::list_of(conn, &[org.id], i64::MAX, 0)?
                    .0
                    .into_iter()
                    .filter(|s| paid.contains(&s.id) && (s.active || with_sheet.contains(&s.id)))
                    .map(|s| (s.employee_number, s.name))
                    .collect();
            staff.sort_by(|a, b| {
                natord::compare(&a.1, &b.1).then_with(|| natord::compare(&a.0, &b.0))
            });
            let days = crate::domain::calendar::working_days(month)
                .into_iter()
                .filter(|d| *d >= project.start_date && *d <= project.end_date)
                .collect();
            Some(TimesheetPrefill {
                organisation_name: org.name,
                month,
                staff,
                days,
            })
        }
    };
    Ok(TimesheetTemplate {
        project_start: project.start_date,
        project_end: project.end_date,
        prefill,
    })
}

/// Imports a filled timesheet workbook for `organisation_id`.
pub fn import_timesheets(
    conn: &mut DbConnection,
    actor: &Actor,
    organisation_id: i64,
    upload: Upload<'_>,
) -> AppResult<ImportReport> {
    let bytes = upload.bytes;
    let org = import_target(conn, actor, organisation_id)?;
    let (rows, days_off) = match sheet::read(bytes).map_err(workbook_problem)? {
        Ok(read) => (read.rows, read.without_hours),
        Err(errors) => return Err(import_problem(errors)),
    };
    let rows_without_hours = days_off.len();
    conn.write_tx(|conn| {
        let import_id = record_import(conn, actor, "timesheets", org.id, &upload, rows.len())?;
        let project = projects::get(conn)?
            .ok_or_else(|| AppError::conflict("project", "no project is configured yet"))?;
        let staff: HashMap<String, StaffRow> =
            crate::store::staff::list_of(conn, &[org.id], i64::MAX, 0)?
                .0
                .into_iter()
                .map(|s| (s.employee_number.clone(), s))
                .collect();

        let mut errors = ImportErrors::default();
        // (staff id, month) → the days with hours and the days without, in file order.
        let mut groups: BTreeMap<(i64, Month), Group> = BTreeMap::new();
        let days = rows
            .iter()
            .map(|r| (r.row, &r.employee_number, r.date, Some(r)))
            .chain(
                days_off
                    .iter()
                    .map(|d| (d.row, &d.employee_number, d.date, None)),
            );
        for (row, employee_number, date, with_hours) in days {
            let Some(member) = staff.get(employee_number) else {
                errors.push(cell_error(
                    row,
                    0,
                    employee_number.clone(),
                    format!("no staff member with this number in {}", org.name),
                ));
                continue;
            };
            if date < project.start_date || date > project.end_date {
                errors.push(cell_error(
                    row,
                    1,
                    date.to_string(),
                    format!(
                        "outside the project ({} to {})",
                        project.start_date, project.end_date
                    ),
                ));
                continue;
            }
            let group = groups.entry((member.id, Month::of(date))).or_default();
            match with_hours {
                Some(r) => group.rows.push(r),
                None => group.off.push((date, row)),
            }
        }

        let mut report = ImportReport {
            rows: rows.len(),
            timesheets_created: 0,
            timesheets_updated: 0,
            timesheets_unchanged: 0,
            rows_without_hours,
        };
        // Planning reads what it needs once, not once per staff member and month.
        let months: Vec<Month> = groups.keys().map(|(_, m)| *m).collect();
        let (first_month, last_month) = (
            months.iter().min().map_or(0, |m| m.to_key()),
            months.iter().max().map_or(0, |m| m.to_key()),
        );
        let mut existing_sheets: HashMap<(i64, Month), crate::store::timesheets::TimesheetRow> =
            store::in_months(conn, org.id, first_month, last_month)?
                .into_iter()
                .map(|t| ((t.staff_id, t.month), t))
                .collect();
        // The days already entered in those timesheets, in one read.
        let mut existing_rows = {
            let ids: Vec<i64> = existing_sheets.values().map(|t| t.id).collect();
            store::rows_of(conn, &ids)?
        };
        let mut editable: HashMap<Month, Result<(), String>> = HashMap::new();
        // Every staff member's salary records in the file, in one read.
        let staff_ids: Vec<i64> = {
            let mut ids: Vec<i64> = groups.keys().map(|(s, _)| *s).collect();
            ids.dedup();
            ids
        };
        let salaries = crate::store::staff::salaries_of(conn, &staff_ids)?;
        let mut fees = staff_service::Fees::default();
        let mut plans = Vec::new();
        for ((staff_id, month), group) in &groups {
            let member = staff
                .values()
                .find(|s| s.id == *staff_id)
                .ok_or_else(|| AppError::Internal("staff".into()))?;
            let mut days: BTreeMap<chrono::NaiveDate, (i32, String, u32)> = BTreeMap::new();
            let mut seen: BTreeMap<chrono::NaiveDate, u32> = BTreeMap::new();
            let every_day = group
                .rows
                .iter()
                .map(|r| (r.date, r.row))
                .chain(group.off.iter().copied());
            for (date, row) in every_day {
                if seen.insert(date, row).is_some() {
                    errors.push(cell_error(
                        row,
                        1,
                        date.to_string(),
                        "the same staff member and day appears twice".into(),
                    ));
                }
            }
            for row in &group.rows {
                days.insert(
                    row.date,
                    (row.hours_centi as i32, row.note.clone(), row.row),
                );
            }
            let existing = existing_sheets.remove(&(*staff_id, *month));
            // A month the file only clears days of: nothing to do unless one of those
            // days holds hours now.
            let first_row = group
                .rows
                .first()
                .map(|r| r.row)
                .or_else(|| group.off.first().map(|(_, row)| *row))
                .unwrap_or_default();
            let funding = match (group.rows.first(), &existing) {
                (Some(r), _) => r.funding,
                (None, Some(t)) => t.funding,
                (None, None) => continue,
            };
            if let Some(other) = group.rows.iter().find(|r| r.funding != funding) {
                errors.push(cell_error(
                    other.row,
                    3,
                    format!("{:?}", other.funding),
                    format!(
                        "one staff member's month has one funding; row {first_row} says otherwise"
                    ),
                ));
            }
            let merged_now: BTreeMap<chrono::NaiveDate, (i32, String)> = existing
                .as_ref()
                .and_then(|t| existing_rows.remove(&t.id))
                .unwrap_or_default()
                .into_iter()
                .map(|r| (r.work_date, (r.hours_centi, r.note)))
                .collect();
            if group.rows.is_empty() && !group.off.iter().any(|(d, _)| merged_now.contains_key(d)) {
                continue;
            }
            if !editable.contains_key(month) {
                let state =
                    periods::ensure_editable(conn, &org, *month).map_err(|e| e.problem().detail);
                editable.insert(*month, state);
            }
            if let Some(Err(detail)) = editable.get(month) {
                errors.push(cell_error(first_row, 1, month.to_string(), detail.clone()));
                continue;
            }
            if let Some(t) = &existing {
                if t.state != TimesheetState::Draft {
                    errors.push(cell_error(
                        first_row,
                        1,
                        month.to_string(),
                        format!(
                            "{}'s timesheet for {month} is {}; only drafts change",
                            member.name, t.state
                        ),
                    ));
                    continue;
                }
            }
            let records = salaries
                .get(staff_id)
                .map(Vec::as_slice)
                .unwrap_or_default();
            if let Err(e) =
                staff_service::hourly_rate_from(conn, &mut fees, records, member, &org, *month)
            {
                errors.push(cell_error(
                    first_row,
                    1,
                    month.to_string(),
                    e.problem().detail,
                ));
                continue;
            }
            // The merged rows: the file's days replace the same days already entered, and
            // a day the file leaves without hours is cleared.
            let before = merged_now;
            let mut merged = before.clone();
            for (date, (centi, note, _)) in &days {
                merged.insert(*date, (*centi, note.clone()));
            }
            for (date, _) in &group.off {
                merged.remove(date);
            }
            let total: i64 = merged.values().map(|(c, _)| i64::from(*c)).sum();
            let unchanged = existing.is_some()
                && merged == before
                && existing.as_ref().is_some_and(|t| t.funding == funding);
            plans.push(Plan {
                staff_id: *staff_id,
                month: *month,
                first_row,
                file_rows: days.iter().map(|(d, (_, _, row))| (*d, *row)).collect(),
                existing: existing.map(|t| (t.id, t.version)),
                merged,
                total,
                funding,
                unchanged,
            });
        }
        // The yearly cap, per staff member and year: what the file leaves in place plus
        // what it writes.
        let mut per_year: BTreeMap<(i64, i32), (i64, Vec<i64>, u32)> = BTreeMap::new();
        for p in &plans {
            let e = per_year.entry((p.staff_id, p.month.year())).or_insert((
                0,
                Vec::new(),
                p.first_row,
            ));
            e.0 += p.total;
            e.1.extend(p.existing.map(|x| x.0));
        }
        // What each staff member keeps of each year: one query per year for all of them.
        let mut kept_by_year: HashMap<i32, HashMap<i64, i64>> = HashMap::new();
        let years: std::collections::BTreeSet<i32> = per_year.keys().map(|(_, y)| *y).collect();
        for year in years {
            let (ids, replaced): (Vec<i64>, Vec<i64>) =
                per_year.iter().filter(|((_, y), _)| *y == year).fold(
                    (Vec::new(), Vec::new()),
                    |(mut ids, mut replaced), ((s, _), v)| {
                        ids.push(*s);
                        replaced.extend(&v.1);
                        (ids, replaced)
                    },
                );
            kept_by_year.insert(
                year,
                store::declared_hours_by_staff(
                    conn,
                    &ids,
                    year * 100 + 1,
                    year * 100 + 12,
                    &replaced,
                )?,
            );
        }
        for ((staff_id, year), (planned, _, row)) in per_year {
            // Every staff member in the plans had its salary records read above (none
            // found: no records, a cap of nothing).
            let records = salaries
                .get(&staff_id)
                .map(Vec::as_slice)
                .unwrap_or_default();
            let cap = staff_service::yearly_cap_from(records, year);
            let kept = kept_by_year
                .get(&year)
                .and_then(|k| k.get(&staff_id))
                .copied()
                .unwrap_or(0);
            if kept + planned > cap {
                let name = staff
                    .values()
                    .find(|s| s.id == staff_id)
                    .map(|s| s.name.clone())
                    .unwrap_or_default();
                errors.push(cell_error(
                    row,
                    2,
                    hours::from_centi(planned).to_string(),
                    format!(
                        "{name} would declare {} hours in {year}, past the yearly cap of {} hours",
                        hours::from_centi(kept + planned),
                        hours::from_centi(cap)
                    ),
                ));
            }
        }
        if !errors.is_empty() {
            return Err(import_problem(errors));
        }

        // New timesheets are inserted with their totals and all their day rows go in
        // together at the end, a thousand per statement; changed ones are replaced.
        let mut new_sheets: Vec<NewTimesheet> = Vec::new();
        let mut new_days: HashMap<(i64, Month), Vec<DayRow>> = HashMap::new();
        for plan in plans {
            if plan.unchanged {
                report.timesheets_unchanged += 1;
                continue;
            }
            let file_rows = &plan.file_rows;
            let day_rows = |id: i64, merged: BTreeMap<chrono::NaiveDate, (i32, String)>| {
                merged.into_iter().map(move |(date, (centi, note))| {
                    let row = file_rows
                        .get(&date)
                        .map(|r| i32::try_from(*r).unwrap_or(i32::MAX));
                    DayRow {
                        id: 0,
                        timesheet_id: id,
                        work_date: date,
                        hours_centi: centi,
                        note,
                        import_id: row.map(|_| import_id),
                        import_row: row,
                    }
                })
            };
            let first_row = i32::try_from(plan.first_row).unwrap_or(i32::MAX);
            match plan.existing {
                Some((id, version)) => {
                    report.timesheets_updated += 1;
                    let rows: Vec<DayRow> = day_rows(id, plan.merged).collect();
                    if !store::replace_rows(conn, id, version, plan.funding.as_str(), &rows)? {
                        return Err(AppError::StaleVersion(
                            "a timesheet changed during the import; try again".into(),
                        ));
                    }
                    crate::store::imports::mark(
                        conn,
                        Imported::Timesheet,
                        id,
                        import_id,
                        first_row,
                    )?;
                }
                None => {
                    report.timesheets_created += 1;
                    let now = crate::store::now();
                    new_sheets.push(NewTimesheet {
                        organisation_id: org.id,
                        staff_id: plan.staff_id,
                        month: plan.month,
                        funding: plan.funding,
                        state: TimesheetState::Draft,
                        entered_by: actor.user_id,
                        hours_centi: CentiHours::new(plan.total),
                        version: 1,
                        created_at: now,
                        updated_at: now,
                        import_id: Some(import_id),
                        import_row: Some(first_row),
                    });
                    new_days.insert(
                        (plan.staff_id, plan.month),
                        day_rows(0, plan.merged).collect::<Vec<_>>(),
                    );
                }
            }
        }
        // The new timesheets in a few multi-row statements, then their days in one
        // stream (PostgreSQL's COPY) or a thousand per statement (SQLite).
        let mut new_rows: Vec<DayRow> = Vec::with_capacity(rows.len());
        for (id, staff_id, month) in store::insert_many(conn, &new_sheets)? {
            let days = new_days.remove(&(staff_id, month)).ok_or_else(|| {
                AppError::Internal("an inserted timesheet was not planned".into())
            })?;
            new_rows.extend(days.into_iter().map(|d| DayRow {
                timesheet_id: id,
                ..d
            }));
        }
        store::insert_day_rows(conn, &new_rows)?;
        audit::created(
            conn,
            &ChangedBy::of(actor),
            Change::of("timesheet_import", org.id, org.id, "import"),
            &report,
        )?;
        Ok(report)
    })
}

/// One staff member's month in the file: the days with hours and the days left without
/// (with their rows).
#[derive(Default)]
struct Group<'r> {
    rows: Vec<&'r ImportRow>,
    off: Vec<(chrono::NaiveDate, u32)>,
}

struct Plan {
    staff_id: i64,
    month: Month,
    first_row: u32,
    /// The file's row of each day it sets.
    file_rows: BTreeMap<chrono::NaiveDate, u32>,
    existing: Option<(i64, i64)>,
    merged: BTreeMap<chrono::NaiveDate, (i32, String)>,
    total: i64,
    funding: Funding,
    unchanged: bool,
}
