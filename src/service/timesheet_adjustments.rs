//! Corrections of attested timesheets whose month can no longer change. An adjustment
//! is booked in an open month of the same organisation, corrects one day of the original
//! month by signed hours at the original's fixed rate, gives a reason, and counts in its
//! month's report once a manager other than its author has attested it.

use chrono::Datelike;

use super::audit::{record, Change};
use super::{authorize_found, expect_version, periods, staff as staff_service, ChangedBy};
use crate::domain::access::{Action, Actor};
use crate::domain::hours::CentiHours;
use crate::domain::money::Ore;
use crate::domain::names::Named;
use crate::domain::period::Month;
use crate::domain::validation::{required_text, Violations};
use crate::domain::workflow::TimesheetState;
use crate::domain::{hours, staff_cost};
use crate::error::{AppError, AppResult};
use crate::store::organisations::{self as orgs, OrganisationRow};
use crate::store::timesheet_adjustments::{self as store, AdjustmentRow};
use crate::store::timesheets as timesheet_store;
use crate::store::{projects, DbConnection};
use crate::views::timesheet_adjustments::{AdjustmentInput, AdjustmentQuery, TimesheetAdjustment};
use crate::views::{Page, PageParams};

fn view(r: AdjustmentRow) -> AppResult<TimesheetAdjustment> {
    Ok(TimesheetAdjustment {
        id: r.id,
        organisation_id: r.organisation_id,
        staff_id: r.staff_id,
        adjusts_id: r.adjusts_id,
        month: r.month,
        work_date: r.work_date,
        hours: r.hours_centi,
        hourly_rate: r.hourly_rate_ore,
        amount: r.amount_ore,
        funding: r.funding,
        reason: r.reason,
        state: r.state,
        created_by: r.created_by,
        attested_by: r.attested_by,
        attested_at: r.attested_at.map(|t| t.and_utc()),
        version: r.version,
    })
}

fn load(conn: &mut DbConnection, id: i64) -> AppResult<AdjustmentRow> {
    store::find(conn, id)?
        .ok_or_else(|| AppError::NotFound(format!("no timesheet adjustment {id}")))
}

/// The adjustment, after checking `action` on its organisation.
fn load_scoped(
    conn: &mut DbConnection,
    actor: &Actor,
    id: i64,
    action: Action,
) -> AppResult<(AdjustmentRow, OrganisationRow)> {
    let row = load(conn, id)?;
    let org = orgs::find(conn, row.organisation_id)?
        .ok_or_else(|| AppError::Internal("adjustment without organisation".into()))?;
    authorize_found(actor, action, &org, || {
        AppError::NotFound(format!("no timesheet adjustment {id}"))
    })?;
    Ok((row, org))
}

fn audit(
    conn: &mut DbConnection,
    actor: &Actor,
    action: &'static str,
    org: i64,
    id: i64,
    before: Option<&TimesheetAdjustment>,
    after: Option<&TimesheetAdjustment>,
) -> AppResult<()> {
    record(
        conn,
        &ChangedBy::of(actor),
        Change::of("timesheet_adjustment", id, org, action),
        before,
        after,
    )
}

pub fn create(
    conn: &mut DbConnection,
    actor: &Actor,
    input: AdjustmentInput,
) -> AppResult<TimesheetAdjustment> {
    conn.write_tx(|conn| {
        let missing = || {
            AppError::validation(
                "adjusts_id",
                format!("no timesheet {} exists", input.adjusts_id),
            )
        };
        let original = timesheet_store::find(conn, input.adjusts_id)?.ok_or_else(missing)?;
        let org = orgs::find(conn, original.organisation_id)?
            .ok_or_else(|| AppError::Internal("timesheet without organisation".into()))?;
        authorize_found(actor, Action::EnterData, &org, missing)?;

        let mut v = Violations::new();
        let delta = v.check("hours", input.hours.check().map(CentiHours::get));
        let reason = v.check("reason", required_text(&input.reason, 500));
        let original_month = original.month;
        if !original_month.contains(input.work_date.get()) {
            v.add(
                "work_date",
                format!(
                    "{} is not in the corrected timesheet's month {original_month}",
                    input.work_date
                ),
            );
        }
        if input.month <= original_month {
            v.add(
                "month",
                format!("an adjustment is booked in a month after {original_month}"),
            );
        }
        let project = projects::get(conn)?
            .ok_or_else(|| AppError::conflict("project", "no project is configured yet"))?;
        if input.month.last_day() < project.start_date || input.month.first_day() > project.end_date
        {
            v.add(
                "month",
                format!(
                    "{} is outside the project ({} to {})",
                    input.month, project.start_date, project.end_date
                ),
            );
        }
        v.into_result()?;
        let (delta, reason) = (delta.unwrap_or(0), reason.unwrap_or_default());

        let (Some(rate), TimesheetState::Attested) = (original.hourly_rate_ore, original.state)
        else {
            return Err(AppError::conflict(
                "adjusts_id",
                format!(
                    "timesheet {} is {}; only attested timesheets are adjusted",
                    original.id,
                    original.state.as_str()
                ),
            ));
        };
        if periods::report_state(conn, org.id, original_month)?.is_editable() {
            return Err(AppError::validation(
                "adjusts_id",
                format!("the timesheet's month {original_month} is still open; correct the timesheet itself"),
            ));
        }
        periods::ensure_editable(conn, &org, input.month)?;

        // The corrected day stays within 0..=13 h, counting earlier adjustments.
        let day = timesheet_store::rows(conn, original.id)?
            .iter()
            .find(|r| r.work_date == input.work_date.get())
            .map_or(0, |r| i64::from(r.hours_centi))
            + store::adjusted_hours(
                conn,
                original.staff_id,
                input.work_date.get(),
                input.work_date.get(),
            )?;
        hours::check_day_adjustment(day, delta).map_err(|m| AppError::validation("hours", m))?;
        if delta > 0 {
            let year = input.work_date.year();
            let (staff, _) = staff_service::load(conn, actor, Action::Read, original.staff_id)?;
            let cap = staff_service::yearly_cap_centi(conn, staff.id, year)?;
            let declared = super::timesheets::declared_in_year(
                conn,
                staff.id,
                Month::of(input.work_date.get()),
                None,
                delta,
            )?;
            if declared > cap {
                return Err(AppError::validation(
                    "hours",
                    format!(
                        "{} would declare {} hours in {year}, past the yearly cap of {} hours",
                        staff.name,
                        hours::from_centi(declared),
                        hours::from_centi(cap)
                    ),
                ));
            }
        }
        let amount = staff_cost::cost(CentiHours::new(delta), Ore::new(rate.get()))
            .map_err(|m| AppError::validation("hours", m))?
            .get();
        let now = crate::store::now();
        let row = AdjustmentRow {
            id: 0,
            organisation_id: org.id,
            staff_id: original.staff_id,
            adjusts_id: original.id,
            month: input.month,
            work_date: input.work_date.get(),
            hours_centi: CentiHours::new(delta),
            hourly_rate_ore: rate,
            amount_ore: Ore::new(amount),
            funding: original.funding,
            reason,
            state: TimesheetState::Draft,
            created_by: actor.user_id,
            attested_by: None,
            attested_at: None,
            version: 1,
            created_at: now,
            updated_at: now,
        };
        let id = store::insert(conn, &row)?;
        let created = view(load(conn, id)?)?;
        audit(conn, actor, "create", org.id, id, None, Some(&created))?;
        Ok(created)
    })
}

pub fn get(conn: &mut DbConnection, actor: &Actor, id: i64) -> AppResult<TimesheetAdjustment> {
    view(load_scoped(conn, actor, id, Action::Read)?.0)
}

pub fn list(
    conn: &mut DbConnection,
    actor: &Actor,
    q: AdjustmentQuery,
) -> AppResult<Page<TimesheetAdjustment>> {
    let (limit, offset) = PageParams {
        limit: q.limit,
        offset: q.offset,
    }
    .resolve()?;
    let missing = || AppError::NotFound(format!("no organisation {}", q.organisation_id));
    let org = orgs::find(conn, q.organisation_id)?.ok_or_else(missing)?;
    authorize_found(actor, Action::Read, &org, missing)?;
    let (rows, total) = store::list(conn, org.id, q.month.map(Month::to_key), limit, offset)?;
    Ok(Page {
        items: rows.into_iter().map(view).collect::<AppResult<_>>()?,
        total,
        limit,
        offset,
    })
}

/// A manager of the organisation or above, never the author, attests a draft while its
/// month is open.
pub fn attest(
    conn: &mut DbConnection,
    actor: &Actor,
    id: i64,
    version: i64,
) -> AppResult<TimesheetAdjustment> {
    conn.write_tx(|conn| {
        let (row, org) = load_scoped(conn, actor, id, Action::Attest)?;
        if row.state != TimesheetState::Draft {
            return Err(AppError::conflict(
                "state",
                format!(
                    "the adjustment is {}; only a draft is attested",
                    row.state.as_str()
                ),
            ));
        }
        if row.created_by == actor.user_id {
            return Err(AppError::Forbidden(
                "four eyes: the attester may not be the person who entered the adjustment".into(),
            ));
        }
        let month = row.month;
        periods::ensure_editable(conn, &org, month)?;
        let before = view(row.clone())?;
        expect_version(
            store::attest(conn, id, version, actor.user_id)?,
            "timesheet adjustment",
            version,
        )?;
        let after = view(load(conn, id)?)?;
        audit(
            conn,
            actor,
            "attest",
            row.organisation_id,
            id,
            Some(&before),
            Some(&after),
        )?;
        Ok(after)
    })
}

/// Deletes a draft while its month is open.
pub fn delete(conn: &mut DbConnection, actor: &Actor, id: i64, version: i64) -> AppResult<()> {
    conn.write_tx(|conn| {
        let (row, org) = load_scoped(conn, actor, id, Action::EnterData)?;
        if row.state != TimesheetState::Draft {
            return Err(AppError::conflict(
                "state",
                "an attested adjustment stays; correct it with another adjustment",
            ));
        }
        let month = row.month;
        periods::ensure_editable(conn, &org, month)?;
        let before = view(row.clone())?;
        expect_version(
            store::delete(conn, id, version)?,
            "timesheet adjustment",
            version,
        )?;
        audit(
            conn,
            actor,
            "delete",
            row.organisation_id,
            id,
            Some(&before),
            None,
        )
    })
}
