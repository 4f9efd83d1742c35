//! Timesheets: one per staff member and month, daily rows, draft → signed → attested.
//! Cost = the month's hours × the hourly rate valid in the month, fixed at attestation.

use crate::domain::period::Date;
use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::audit::{self, Change};
use super::{
    authorize_found, expect_version, periods, scope_of, staff as staff_service, stale, ChangedBy,
};
use crate::domain::access::{authorize, Action, Actor};
use crate::domain::hours::CentiHours;
use crate::domain::money::Ore;
use crate::domain::names::Named;
use crate::domain::period::Month;
use crate::domain::validation::Violations;
use crate::domain::workflow::{self, TimesheetPeople, TimesheetState, MAX_NOTE_CHARS};
use crate::domain::{hours, staff_cost};
use crate::error::{AppError, AppResult};
use crate::store::organisations::{self as orgs, OrganisationRow};
use crate::store::staff::{SalaryRow, StaffRow};
use crate::store::timesheets::{
    self as store, DayRow, NewTimesheet, TimesheetFilter, TimesheetRow,
};
use crate::store::{projects, DbConnection};
use crate::views::timesheets::{
    AttestItem, DayEntry, StaffMonth, Timesheet, TimesheetInput, TimesheetMonth, TimesheetQuery,
    TimesheetUpdate,
};
use crate::views::{Page, PageParams};

fn view(row: TimesheetRow, rows: Vec<DayRow>) -> AppResult<Timesheet> {
    Ok(Timesheet {
        id: row.id,
        organisation_id: row.organisation_id,
        staff_id: row.staff_id,
        month: row.month,
        funding: row.funding,
        state: row.state,
        hours: row.hours_centi,
        hourly_rate: row.hourly_rate_ore,
        cost: row.cost_ore,
        entered_by: row.entered_by,
        signed_by: row.signed_by,
        signed_at: row.signed_at.map(|t| t.and_utc()),
        attested_by: row.attested_by,
        attested_at: row.attested_at.map(|t| t.and_utc()),
        version: row.version,
        rows: rows
            .into_iter()
            .map(|r| DayEntry {
                date: Date::from(r.work_date),
                hours: CentiHours::new(i64::from(r.hours_centi)).into(),
                note: r.note,
            })
            .collect(),
    })
}

/// Checks the daily rows against the month and the project period; returns the rows
/// in storage form (hours in hundredths). Every broken rule is reported.
pub fn check_rows(
    month: Month,
    project: (NaiveDate, NaiveDate),
    rows: &[DayEntry],
    field_prefix: &str,
) -> Result<Vec<(NaiveDate, i32, String)>, Violations> {
    let mut v = Violations::new();
    if rows.is_empty() {
        // An empty timesheet states nothing and could never be signed (issue 13.11).
        v.add(
            field_prefix,
            "a timesheet needs at least one day with hours",
        );
    }
    let mut seen = BTreeSet::new();
    let mut out = Vec::with_capacity(rows.len());
    for (i, row) in rows.iter().enumerate() {
        let field = |name: &str| format!("{field_prefix}[{i}].{name}");
        if !month.contains(row.date.get()) {
            v.add(&field("date"), format!("{} is not in {month}", row.date));
        } else if row.date < Date::from(project.0) || row.date > Date::from(project.1) {
            v.add(
                &field("date"),
                format!(
                    "{} is outside the project ({} to {})",
                    row.date, project.0, project.1
                ),
            );
        }
        if !seen.insert(row.date) {
            v.add(
                &field("date"),
                format!("{} appears more than once; one row per day", row.date),
            );
        }
        let centi = v.check(&field("hours"), row.hours.check().map(CentiHours::get));
        let centi = centi.and_then(|c| v.check(&field("hours"), hours::check_day(c).map(|_| c)));
        let note = row.note.trim().to_string();
        if let Some(c) = note
            .chars()
            .find(|c| crate::domain::validation::is_hidden(*c))
        {
            v.add(
                &field("note"),
                format!(
                    "must not contain control or invisible formatting characters (found U+{:04X})",
                    u32::from(c)
                ),
            );
        }
        if note.chars().count() > MAX_NOTE_CHARS {
            v.add(
                &field("note"),
                format!("must be at most {MAX_NOTE_CHARS} characters"),
            );
        }
        if let Some(c) = centi {
            out.push((row.date.get(), c as i32, note));
        }
    }
    v.into_result().map(|_| out)
}

/// The staff member, their organisation, and that the actor may enter data for it.
fn load_staff_for_entry(
    conn: &mut DbConnection,
    actor: &Actor,
    staff_id: i64,
) -> AppResult<(StaffRow, OrganisationRow)> {
    let (staff, org) =
        staff_service::load(conn, actor, Action::Read, staff_id).map_err(|e| match e {
            AppError::NotFound(m) => AppError::validation("staff_id", m),
            other => other,
        })?;
    authorize(actor, Action::EnterData, &scope_of(&org)).map_err(|_| {
        AppError::Forbidden(format!(
            "staff member {} belongs to {}, where you cannot enter data",
            staff.id, org.name
        ))
    })?;
    Ok((staff, org))
}

fn project_period(conn: &mut DbConnection) -> AppResult<(NaiveDate, NaiveDate)> {
    let p = projects::get(conn)?
        .ok_or_else(|| AppError::conflict("project", "no project is configured yet"))?;
    Ok((p.start_date, p.end_date))
}

/// The hours a staff member has declared in `month`'s year, their timesheets (but
/// `except_id`) and the adjustments dated in it, with `adding` more (hundredths).
pub(crate) fn declared_in_year(
    conn: &mut DbConnection,
    staff_id: i64,
    month: Month,
    except_id: Option<i64>,
    adding: i64,
) -> AppResult<i64> {
    let (first, last) = month.year_bounds();
    store::declared_hours_each(conn, staff_id, first, last, except_id)?
        .into_iter()
        .try_fold(adding, i64::checked_add)
        .ok_or_else(|| AppError::Internal(format!("staff {staff_id}'s declared hours overflow")))
}

/// The year's declared hours including this timesheet may not pass the yearly cap
/// (`salaries`: the staff member's salary records, which set the cap).
fn check_yearly_cap(
    conn: &mut DbConnection,
    staff: &StaffRow,
    salaries: &[SalaryRow],
    month: Month,
    hours_centi: i64,
    except_id: Option<i64>,
) -> AppResult<()> {
    let year = month.year();
    let cap = staff_service::yearly_cap_from(salaries, year);
    let declared = declared_in_year(conn, staff.id, month, except_id, hours_centi)?;
    if declared > cap {
        return Err(AppError::validation(
            "rows",
            format!(
                "{} would declare {} hours in {year}, past the yearly cap of {} hours (1 720 × employment rate over the months with a salary record)",
                staff.name,
                hours::from_centi(declared),
                hours::from_centi(cap)
            ),
        ));
    }
    Ok(())
}

fn to_day_rows(timesheet_id: i64, rows: Vec<(NaiveDate, i32, String)>) -> Vec<DayRow> {
    rows.into_iter()
        .map(|(date, centi, note)| DayRow {
            id: 0,
            timesheet_id,
            work_date: date,
            hours_centi: centi,
            note,
            import_id: None,
            import_row: None,
        })
        .collect()
}

pub fn create(
    conn: &mut DbConnection,
    actor: &Actor,
    input: TimesheetInput,
) -> AppResult<Timesheet> {
    conn.write_tx(|conn| {
        let (staff, org) = load_staff_for_entry(conn, actor, input.staff_id)?;
        let period = project_period(conn)?;
        let rows = check_rows(input.month, period, &input.rows, "rows")?;
        periods::ensure_editable(conn, &org, input.month)?;
        if store::find_for(conn, staff.id, input.month.to_key())?.is_some() {
            return Err(AppError::conflict(
                "month",
                format!(
                    "{} already has a timesheet for {}; edit that one",
                    staff.name, input.month
                ),
            ));
        }
        // A rate must exist for the month, or the timesheet could never be attested.
        let salaries = crate::store::staff::salaries(conn, staff.id)?;
        staff_service::hourly_rate_from(
            conn,
            &mut staff_service::Fees::default(),
            &salaries,
            &staff,
            &org,
            input.month,
        )?;
        let total: i64 = rows.iter().map(|r| i64::from(r.1)).sum();
        check_yearly_cap(conn, &staff, &salaries, input.month, total, None)?;
        // The draft with its hours and its days, at the version an empty draft reaches
        // when `replace_rows` first writes its days.
        let now = crate::store::now();
        let row = store::insert(
            conn,
            &NewTimesheet {
                organisation_id: org.id,
                staff_id: staff.id,
                month: input.month,
                funding: input.funding,
                state: TimesheetState::Draft,
                entered_by: actor.user_id,
                hours_centi: CentiHours::new(total),
                version: crate::store::next_version(0),
                created_at: now,
                updated_at: now,
                import_id: None,
                import_row: None,
            },
        )?;
        let id = row.id;
        let mut days = to_day_rows(id, rows);
        days.sort_by_key(|d| d.work_date);
        store::insert_rows(conn, &days)?;
        let created = view(row, days)?;
        audit::created(
            conn,
            &ChangedBy::of(actor),
            Change::of("timesheet", id, org.id, "create"),
            &created,
        )?;
        Ok(created)
    })
}

fn load_view(conn: &mut DbConnection, id: i64) -> AppResult<Timesheet> {
    let row =
        store::find(conn, id)?.ok_or_else(|| AppError::NotFound(format!("no timesheet {id}")))?;
    let rows = store::rows(conn, id)?;
    view(row, rows)
}

/// The timesheet and its organisation where the actor may do `action`; 404 when unknown
/// or out of the actor's sight (alike).
fn load(
    conn: &mut DbConnection,
    actor: &Actor,
    action: Action,
    id: i64,
) -> AppResult<(TimesheetRow, OrganisationRow)> {
    let missing = || AppError::NotFound(format!("no timesheet {id}"));
    let row = store::find(conn, id)?.ok_or_else(missing)?;
    let org = orgs::find(conn, row.organisation_id)?
        .ok_or_else(|| AppError::Internal("timesheet without organisation".into()))?;
    authorize_found(actor, action, &org, missing)?;
    Ok((row, org))
}

pub fn get(conn: &mut DbConnection, actor: &Actor, id: i64) -> AppResult<Timesheet> {
    load(conn, actor, Action::Read, id)?;
    load_view(conn, id)
}

pub fn list(
    conn: &mut DbConnection,
    actor: &Actor,
    q: TimesheetQuery,
) -> AppResult<Page<Timesheet>> {
    let (limit, offset) = PageParams {
        limit: q.limit,
        offset: q.offset,
    }
    .resolve()?;
    let root = super::list_root(conn, actor, q.organisation_id, Action::Read)?;
    let filter = TimesheetFilter {
        organisation_id: q.organisation_id,
        staff_id: q.staff_id,
        month: q.month.map(Month::to_key),
        state: q.state,
    };
    let (rows, total) = store::list_in_subtree(conn, &root.path, &filter, limit, offset)?;
    let items = rows
        .into_iter()
        .map(|r| view(r, Vec::new()))
        .collect::<AppResult<_>>()?;
    Ok(Page {
        items,
        total,
        limit,
        offset,
    })
}

/// Loads a timesheet for a change: it must be a draft, in an editable month, and the
/// actor must be allowed `action` on its organisation.
fn load_for_change(
    conn: &mut DbConnection,
    actor: &Actor,
    id: i64,
    action: Action,
) -> AppResult<(TimesheetRow, OrganisationRow, Month)> {
    let (row, org) = load(conn, actor, action, id)?;
    let month = row.month;
    periods::ensure_editable(conn, &org, month)?;
    Ok((row, org, month))
}

fn require_draft(row: &TimesheetRow) -> AppResult<()> {
    if row.state != TimesheetState::Draft {
        return Err(AppError::conflict(
            "state",
            format!(
                "the timesheet is {}; only a draft can be changed",
                row.state
            ),
        ));
    }
    Ok(())
}

pub fn update(
    conn: &mut DbConnection,
    actor: &Actor,
    id: i64,
    input: TimesheetUpdate,
) -> AppResult<Timesheet> {
    conn.write_tx(|conn| {
        let (row, org, month) = load_for_change(conn, actor, id, Action::EnterData)?;
        require_draft(&row)?;
        let period = project_period(conn)?;
        let rows = check_rows(month, period, &input.rows, "rows")?;
        let (staff, _) = staff_service::load(conn, actor, Action::Read, row.staff_id)?;
        let total: i64 = rows.iter().map(|r| i64::from(r.1)).sum();
        let salaries = crate::store::staff::salaries(conn, staff.id)?;
        check_yearly_cap(conn, &staff, &salaries, month, total, Some(id))?;
        let before = load_view(conn, id)?;
        if !store::replace_rows(
            conn,
            id,
            input.version,
            input.funding.as_str(),
            &to_day_rows(id, rows),
        )? {
            return Err(stale("timesheet", input.version));
        }
        let after = load_view(conn, id)?;
        audit::updated(
            conn,
            &ChangedBy::of(actor),
            Change::of("timesheet", id, org.id, "update"),
            &before,
            &after,
        )?;
        Ok(after)
    })
}

pub fn delete(conn: &mut DbConnection, actor: &Actor, id: i64, version: i64) -> AppResult<()> {
    conn.write_tx(|conn| {
        let (row, org, _) = load_for_change(conn, actor, id, Action::EnterData)?;
        require_draft(&row)?;
        let before = load_view(conn, id)?;
        expect_version(store::delete(conn, id, version)?, "timesheet", version)?;
        audit::deleted(
            conn,
            &ChangedBy::of(actor),
            Change::of("timesheet", id, org.id, "delete"),
            &before,
        )
    })
}

/// Records the employee's signature (by the user who records it, and when).
pub fn sign(conn: &mut DbConnection, actor: &Actor, id: i64, version: i64) -> AppResult<Timesheet> {
    conn.write_tx(|conn| {
        let (row, org, _) = load_for_change(conn, actor, id, Action::EnterData)?;
        let state = row.state;
        workflow::check_sign(state, row.hours_centi > CentiHours::ZERO)
            .map_err(|m| AppError::conflict("state", m))?;
        let before = load_view(conn, id)?;
        expect_version(
            store::sign(conn, id, version, actor.user_id)?,
            "timesheet",
            version,
        )?;
        let after = load_view(conn, id)?;
        audit::updated(
            conn,
            &ChangedBy::of(actor),
            Change::of("timesheet", id, org.id, "sign"),
            &before,
            &after,
        )?;
        Ok(after)
    })
}

/// Attests a signed timesheet (a manager of the organisation or above, never the one
/// who entered or signed it) and fixes its rate and cost.
pub fn attest(
    conn: &mut DbConnection,
    actor: &Actor,
    id: i64,
    version: i64,
) -> AppResult<Timesheet> {
    conn.write_tx(|conn| {
        let (row, org, month) = load_for_change(conn, actor, id, Action::Attest)?;
        let state = row.state;
        let people = TimesheetPeople {
            entered_by: row.entered_by,
            signed_by: row.signed_by,
        };
        workflow::check_attest(state, people, actor.user_id).map_err(|m| {
            if state == TimesheetState::Signed {
                AppError::Forbidden(m)
            } else {
                AppError::conflict("state", m)
            }
        })?;
        let (staff, _) = staff_service::load(conn, actor, Action::Read, row.staff_id)?;
        let rate = staff_service::hourly_rate(conn, &staff, &org, month)?;
        let cost = staff_cost::cost(row.hours_centi, Ore::new(rate))
            .map_err(|m| AppError::validation("hours", m))?
            .get();
        let before = load_view(conn, id)?;
        expect_version(
            store::attest(conn, id, version, actor.user_id, rate, cost)?,
            "timesheet",
            version,
        )?;
        let after = load_view(conn, id)?;
        audit::updated(
            conn,
            &ChangedBy::of(actor),
            Change::of("timesheet", id, org.id, "attest"),
            &before,
            &after,
        )?;
        Ok(after)
    })
}

/// Whether the month of `org` is open for changes: a closed month is an answer here, not
/// an error (any other failure still is).
fn month_open(conn: &mut DbConnection, org: &OrganisationRow, month: Month) -> AppResult<bool> {
    match periods::ensure_editable(conn, org, month) {
        Ok(()) => Ok(true),
        Err(AppError::Conflict { .. }) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Why `actor` may not attest a timesheet in `state` of `org`, by the checks `attest`
/// makes, in the order it makes them.
fn attest_block_for(
    actor: &Actor,
    org: &OrganisationRow,
    state: TimesheetState,
    people: TimesheetPeople,
    open: bool,
) -> Option<workflow::AttestBlock> {
    if authorize(actor, Action::Attest, &scope_of(org)).is_err() {
        return Some(workflow::AttestBlock::NoRight);
    }
    if let Some(block) = workflow::attest_block(state, people, actor.user_id) {
        return Some(block);
    }
    (!open).then_some(workflow::AttestBlock::MonthClosed)
}

/// A staff member's month: the timesheet with its days (if any), whether the month is
/// open, what the user may do with it, and the year's hours against the cap.
pub fn month_of(
    conn: &mut DbConnection,
    actor: &Actor,
    staff_id: i64,
    month: Month,
) -> AppResult<TimesheetMonth> {
    let (staff, org) = staff_service::load(conn, actor, Action::Read, staff_id)?;
    let timesheet = match store::find_for(conn, staff.id, month.to_key())? {
        Some(row) => {
            let rows = store::rows(conn, row.id)?;
            Some(view(row, rows)?)
        }
        None => None,
    };
    let open = month_open(conn, &org, month)?;
    let year = month.year();
    let cap = staff_service::yearly_cap_centi(conn, staff.id, year)?;
    let elsewhere = declared_in_year(conn, staff.id, month, timesheet.as_ref().map(|t| t.id), 0)?;
    let attest_block = timesheet.as_ref().and_then(|t| {
        let people = TimesheetPeople {
            entered_by: t.entered_by,
            signed_by: t.signed_by,
        };
        attest_block_for(actor, &org, t.state, people, open)
    });
    Ok(TimesheetMonth {
        staff_id: staff.id,
        staff_name: staff.name,
        employee_number: staff.employee_number,
        organisation_id: org.id,
        organisation_name: org.name.clone(),
        month,
        timesheet,
        month_open: open,
        enters_data: authorize(actor, Action::EnterData, &scope_of(&org)).is_ok(),
        declared_elsewhere_in_year: CentiHours::new(elsewhere),
        yearly_cap: CentiHours::new(cap),
        attest_block,
    })
}

/// The signed timesheets of the actor's part of the project (the latest months' when
/// there are more than `limit`), listed oldest month first, each
/// with the reason this user can't attest it (if any). At most `limit`, and the total.
pub fn attest_queue(
    conn: &mut DbConnection,
    actor: &Actor,
    limit: i64,
) -> AppResult<(Vec<AttestItem>, i64)> {
    let filter = TimesheetFilter {
        organisation_id: None,
        staff_id: None,
        month: None,
        state: Some(TimesheetState::Signed),
    };
    let (rows, total) = store::list_in_subtree(conn, &actor.organisation_path, &filter, limit, 0)?;
    let orgs: std::collections::HashMap<i64, OrganisationRow> =
        orgs::subtree(conn, &actor.organisation_path)?
            .into_iter()
            .map(|o| (o.id, o))
            .collect();
    let staff_ids: Vec<i64> = rows.iter().map(|r| r.staff_id).collect();
    let names: std::collections::HashMap<i64, String> =
        crate::store::staff::names(conn, &staff_ids)?
            .into_iter()
            .collect();
    let mut open: std::collections::HashMap<(i64, Month), bool> = Default::default();
    let mut items = Vec::with_capacity(rows.len());
    for row in rows {
        let org = orgs
            .get(&row.organisation_id)
            .ok_or_else(|| AppError::Internal("timesheet outside its subtree".into()))?;
        let key = (row.organisation_id, row.month);
        let is_open = match open.get(&key) {
            Some(o) => *o,
            None => {
                let o = month_open(conn, org, row.month)?;
                open.insert(key, o);
                o
            }
        };
        let people = TimesheetPeople {
            entered_by: row.entered_by,
            signed_by: row.signed_by,
        };
        let block = attest_block_for(actor, org, row.state, people, is_open);
        items.push(AttestItem {
            staff_name: names.get(&row.staff_id).cloned().unwrap_or_default(),
            organisation_name: org.name.clone(),
            timesheet: view(row, Vec::new())?,
            block,
        });
    }
    items.sort_by(|a, b| {
        (a.timesheet.month, &a.organisation_name, &a.staff_name).cmp(&(
            b.timesheet.month,
            &b.organisation_name,
            &b.staff_name,
        ))
    });
    Ok((items, total))
}

/// The staff of one organisation (the actor's own when none is named) with their
/// timesheet for `month`, if any: two queries, whatever the number of staff.
pub fn staff_month(
    conn: &mut DbConnection,
    actor: &Actor,
    organisation_id: Option<i64>,
    month: Month,
) -> AppResult<Vec<StaffMonth>> {
    let root = super::list_root(conn, actor, organisation_id, Action::Read)?;
    let (staff, _) = crate::store::staff::list_of(conn, &[root.id], 1000, 0)?;
    let filter = TimesheetFilter {
        organisation_id: Some(root.id),
        staff_id: None,
        month: Some(month.to_key()),
        state: None,
    };
    let (sheets, _) = store::list_in_subtree(conn, &root.path, &filter, 1000, 0)?;
    let mut by_staff: std::collections::HashMap<i64, TimesheetRow> =
        sheets.into_iter().map(|t| (t.staff_id, t)).collect();
    staff
        .into_iter()
        .map(|s| {
            Ok(StaffMonth {
                staff_id: s.id,
                timesheet: by_staff
                    .remove(&s.id)
                    .map(|t| view(t, Vec::new()))
                    .transpose()?,
                staff_name: s.name,
                employee_number: s.employee_number,
                organisation_name: root.name.clone(),
            })
        })
        .collect()
}
