//! Monthly attended hours per enrolment. Attendance is not money, so it may be set for
//! any month of the enrolment; a change to a month already sent to SCB is what makes
//! that month and the later ones due again.

use super::audit::{record, Change};
use super::{expect_version, list_root, stale, ChangedBy};
use crate::domain::access::{Action, Actor};
use crate::domain::hours::CentiHours;
use crate::domain::participant::overlaps;
use crate::domain::period::Month;
use crate::domain::validation::Violations;
use crate::error::{AppError, AppResult};
use crate::store::organisations as orgs;
use crate::store::participants::{self as store, AttendanceRow};
use crate::store::DbConnection;
use crate::views::attendance::{Attendance, AttendanceInput, AttendanceQuery};
use crate::views::{Page, PageParams};

fn view(r: AttendanceRow) -> AppResult<Attendance> {
    Ok(Attendance {
        enrolment_id: r.enrolment_id,
        organisation_id: r.organisation_id,
        month: r.month,
        hours: r.hours_centi,
        version: r.version,
    })
}

/// Sets a month's attended hours for an enrolment (its municipality's economists).
pub fn set(
    conn: &mut DbConnection,
    actor: &Actor,
    input: AttendanceInput,
) -> AppResult<Attendance> {
    conn.write_tx(|conn| set_in(conn, actor, input))
}

/// `set` inside the caller's transaction (imports apply many at once).
pub(crate) fn set_in(
    conn: &mut DbConnection,
    actor: &Actor,
    input: AttendanceInput,
) -> AppResult<Attendance> {
    let missing = || {
        AppError::validation(
            "enrolment_id",
            format!("no enrolment {} exists", input.enrolment_id),
        )
    };
    let (enrolment, _) = store::find_enrolment(conn, input.enrolment_id)?.ok_or_else(missing)?;
    let org = orgs::find(conn, enrolment.organisation_id)?
        .ok_or_else(|| AppError::Internal("enrolment without organisation".into()))?;
    super::authorize_found(actor, Action::EnterData, &org, missing)?;
    let mut v = Violations::new();
    let month = input.month;
    let centi = v.check("hours", input.hours.check().map(CentiHours::get));
    let in_month = i64::from(month.days()) * 24 * 100;
    if let Some(c) = centi {
        if c < 0 {
            v.add(
                "hours",
                format!("{} hours: must not be negative", input.hours),
            );
        } else if c > in_month {
            v.add(
                "hours",
                format!(
                    "{} hours is more than {month} has ({} hours)",
                    input.hours,
                    in_month / 100
                ),
            );
        }
    }
    if !overlaps(
        (enrolment.start_date, enrolment.end_date),
        (month.first_day(), Some(month.last_day())),
    ) {
        v.add(
            "month",
            format!("the participant is not enrolled in {month}"),
        );
    }
    v.into_result()?;
    let centi = centi.unwrap_or(0);
    let existing = store::attendance_of(conn, enrolment.id, month.to_key())?;
    if let (Some(row), Some(read)) = (&existing, input.version) {
        expect_version(row.version == read, "attendance", read)?;
    } else if existing.is_some() {
        return Err(AppError::conflict(
            "version",
            format!("hours for {month} are already set; send the version you read to change them"),
        ));
    }
    let before = existing.clone().map(view).transpose()?;
    if !store::set_attendance(
        conn,
        existing.as_ref(),
        enrolment.id,
        org.id,
        month.to_key(),
        centi,
        actor.user_id,
    )? {
        return Err(stale("attendance", input.version.unwrap_or(0)));
    }
    let row = store::attendance_of(conn, enrolment.id, month.to_key())?
        .ok_or_else(|| AppError::Internal("attendance vanished".into()))?;
    let after = view(row.clone())?;
    crate::service::scb::mark_changed(conn, month)?;
    record(
        conn,
        &ChangedBy::of(actor),
        Change::of(
            "attendance",
            row.id,
            org.id,
            if before.is_some() { "update" } else { "create" },
        ),
        before.as_ref(),
        Some(&after),
    )?;
    Ok(after)
}

pub fn list(
    conn: &mut DbConnection,
    actor: &Actor,
    q: AttendanceQuery,
) -> AppResult<Page<Attendance>> {
    let (limit, offset) = PageParams {
        limit: q.limit,
        offset: q.offset,
    }
    .resolve()?;
    let root = list_root(conn, actor, q.organisation_id, Action::Read)?;
    let (rows, total) =
        store::attendance_under(conn, &root.path, q.month.map(Month::to_key), limit, offset)?;
    Ok(Page {
        items: rows.into_iter().map(view).collect::<AppResult<_>>()?,
        total,
        limit,
        offset,
    })
}

/// Sets many enrolments' hours for months at once (the Närvaro grid): all or none.
/// Every row is checked; the errors of all rows come back together, each field named
/// `rows[i].<field>`, and nothing is written.
pub fn set_many(
    conn: &mut DbConnection,
    actor: &Actor,
    rows: Vec<AttendanceInput>,
) -> AppResult<Vec<Attendance>> {
    conn.write_tx(|conn| {
        let mut done = Vec::with_capacity(rows.len());
        let mut errors = Vec::new();
        for (i, row) in rows.into_iter().enumerate() {
            match set_in(conn, actor, row) {
                Ok(a) => done.push(a),
                // Rule breaks are collected (they write nothing); anything else stops.
                Err(AppError::Validation(v)) => errors.extend(v.0.into_iter().map(|mut f| {
                    f.field = format!("rows[{i}].{}", f.field);
                    f
                })),
                Err(AppError::Conflict { detail, .. }) => {
                    errors.push(crate::domain::validation::FieldError {
                        field: format!("rows[{i}].hours"),
                        message: detail,
                        ..Default::default()
                    })
                }
                Err(e) => return Err(e),
            }
        }
        if errors.is_empty() {
            Ok(done)
        } else {
            Err(AppError::Validation(crate::domain::validation::Violations(
                errors,
            )))
        }
    })
}
