//! Timesheets and their daily rows.

use crate::domain::hours::CentiHours;
use crate::domain::money::Ore;
use chrono::NaiveDate;
use diesel::prelude::*;

use super::schema::organisations::dsl as o;
use super::schema::timesheet_rows::{self, dsl as tr};
use super::schema::timesheets::{self, dsl as t};
use super::{DbConnection, StoreError};
use crate::domain::entry::Funding;
use crate::domain::period::Month;
use crate::domain::workflow::TimesheetState;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = timesheets)]
pub struct TimesheetRow {
    pub id: i64,
    pub organisation_id: i64,
    pub staff_id: i64,
    pub month: Month,
    pub funding: Funding,
    pub state: TimesheetState,
    pub entered_by: i64,
    pub signed_by: Option<i64>,
    pub signed_at: Option<chrono::NaiveDateTime>,
    pub attested_by: Option<i64>,
    pub attested_at: Option<chrono::NaiveDateTime>,
    pub hours_centi: CentiHours,
    pub hourly_rate_ore: Option<Ore>,
    pub cost_ore: Option<Ore>,
    pub version: i64,
    pub created_at: chrono::NaiveDateTime,
    pub updated_at: chrono::NaiveDateTime,
}

// `None` is written as NULL (every optional column defaults to NULL), not as DEFAULT:
// the statement's text then never varies, and PostgreSQL keeps its plan.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = timesheets, treat_none_as_default_value = false)]
pub struct NewTimesheet {
    pub organisation_id: i64,
    pub staff_id: i64,
    pub month: Month,
    pub funding: Funding,
    pub state: TimesheetState,
    pub entered_by: i64,
    pub hours_centi: CentiHours,
    pub version: i64,
    pub created_at: chrono::NaiveDateTime,
    pub updated_at: chrono::NaiveDateTime,
    /// The workbook import it came from and the row of its first day there.
    pub import_id: Option<i64>,
    pub import_row: Option<i32>,
}

// `None` is written as NULL (every optional column defaults to NULL), not as DEFAULT:
// the statement's text then never varies, and PostgreSQL keeps its plan.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = timesheet_rows, treat_none_as_default_value = false)]
pub struct DayRow {
    #[diesel(skip_insertion)]
    pub id: i64,
    pub timesheet_id: i64,
    pub work_date: NaiveDate,
    pub hours_centi: i32,
    pub note: String,
    pub import_id: Option<i64>,
    pub import_row: Option<i32>,
}

#[derive(Debug, Clone, Default)]
pub struct TimesheetFilter {
    pub organisation_id: Option<i64>,
    pub staff_id: Option<i64>,
    pub month: Option<i32>,
    pub state: Option<TimesheetState>,
}

pub fn find(conn: &mut DbConnection, id: i64) -> Result<Option<TimesheetRow>, StoreError> {
    Ok(t::timesheets
        .find(id)
        .select(TimesheetRow::as_select())
        .first(conn)
        .optional()?)
}

/// The organisation's timesheets in the months `from..=to` (YYYYMM), for planning an
/// import in one query instead of one per staff member and month.
pub fn in_months(
    conn: &mut DbConnection,
    organisation_id: i64,
    from: i32,
    to: i32,
) -> Result<Vec<TimesheetRow>, StoreError> {
    Ok(t::timesheets
        .filter(t::organisation_id.eq(organisation_id))
        .filter(t::month.between(from, to))
        .select(TimesheetRow::as_select())
        .load(conn)?)
}

pub fn find_for(
    conn: &mut DbConnection,
    staff_id: i64,
    month: i32,
) -> Result<Option<TimesheetRow>, StoreError> {
    Ok(t::timesheets
        .filter(t::staff_id.eq(staff_id))
        .filter(t::month.eq(month))
        .select(TimesheetRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn rows(conn: &mut DbConnection, timesheet_id: i64) -> Result<Vec<DayRow>, StoreError> {
    Ok(tr::timesheet_rows
        .filter(tr::timesheet_id.eq(timesheet_id))
        .order(tr::work_date.asc())
        .select(DayRow::as_select())
        .load(conn)?)
}

/// The day rows of many timesheets: timesheet id → rows by date.
pub fn rows_of(
    conn: &mut DbConnection,
    timesheet_ids: &[i64],
) -> Result<std::collections::HashMap<i64, Vec<DayRow>>, StoreError> {
    let mut out: std::collections::HashMap<i64, Vec<DayRow>> = std::collections::HashMap::new();
    for chunk in timesheet_ids.chunks(500) {
        let rows: Vec<DayRow> = tr::timesheet_rows
            .filter(tr::timesheet_id.eq_any(chunk))
            .order((tr::timesheet_id.asc(), tr::work_date.asc()))
            .select(DayRow::as_select())
            .load(conn)?;
        for r in rows {
            out.entry(r.timesheet_id).or_default().push(r);
        }
    }
    Ok(out)
}

pub fn list_in_subtree(
    conn: &mut DbConnection,
    path: &str,
    filter: &TimesheetFilter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<TimesheetRow>, i64), StoreError> {
    let build = || {
        let mut q = t::timesheets
            .inner_join(o::organisations.on(o::id.eq(t::organisation_id)))
            .filter(super::organisations::in_subtree(path))
            .into_boxed();
        if let Some(v) = filter.organisation_id {
            q = q.filter(t::organisation_id.eq(v));
        }
        if let Some(v) = filter.staff_id {
            q = q.filter(t::staff_id.eq(v));
        }
        if let Some(v) = filter.month {
            q = q.filter(t::month.eq(v));
        }
        if let Some(v) = &filter.state {
            q = q.filter(t::state.eq(*v));
        }
        q
    };
    let total: i64 = build().count().get_result(conn)?;
    let rows = build()
        .order((t::month.desc(), t::organisation_id.asc(), t::staff_id.asc()))
        .limit(limit)
        .offset(offset)
        .select(TimesheetRow::as_select())
        .load(conn)?;
    Ok((rows, total))
}

/// The hours the staff member has declared in the months `first..=last`, one item per
/// timesheet (but `except_id`) and per adjustment dated in them: one statement; the
/// caller adds them up (a year holds a dozen or so).
pub fn declared_hours_each(
    conn: &mut DbConnection,
    staff_id: i64,
    first: Month,
    last: Month,
    except_id: Option<i64>,
) -> Result<Vec<i64>, StoreError> {
    use super::schema::timesheet_adjustments::dsl as x;
    // Ids start at 1, so 0 leaves none out; a plain value (not a boxed, optional
    // filter) keeps the statement one that PostgreSQL prepares once.
    let except = except_id.unwrap_or(0);
    let q = || {
        t::timesheets
            .filter(t::staff_id.eq(staff_id))
            .filter(t::month.between(first.to_key(), last.to_key()))
            .filter(t::id.ne(except))
            .select(t::hours_centi)
            .union_all(
                x::timesheet_adjustments
                    .filter(x::staff_id.eq(staff_id))
                    .filter(x::work_date.between(first.first_day(), last.last_day()))
                    .select(x::hours_centi),
            )
    };
    // UNION is not offered through the multi-backend connection: each backend runs it.
    Ok(match conn {
        DbConnection::Sqlite(c) => q().load(c)?,
        DbConnection::Postgres(c) => q().load(c)?,
    })
}

/// What each of many staff members declared over the same months, leaving out every
/// timesheet in `except_ids` (one query for the timesheets, one for the adjustments):
/// staff id → hours.
pub fn declared_hours_by_staff(
    conn: &mut DbConnection,
    staff_ids: &[i64],
    from: i32,
    to: i32,
    except_ids: &[i64],
) -> Result<std::collections::HashMap<i64, i64>, StoreError> {
    let mut out: std::collections::HashMap<i64, i64> = std::collections::HashMap::new();
    for chunk in staff_ids.chunks(500) {
        let sums: Vec<(i64, i64)> = t::timesheets
            .filter(t::staff_id.eq_any(chunk))
            .filter(t::month.between(from, to))
            .filter(diesel::dsl::not(t::id.eq_any(except_ids)))
            .group_by(t::staff_id)
            .select((
                t::staff_id,
                diesel::dsl::sql::<diesel::sql_types::BigInt>(
                    "CAST(COALESCE(SUM(hours_centi), 0) AS BIGINT)",
                ),
            ))
            .load(conn)?;
        let (Ok(first), Ok(last)) = (Month::from_key(from), Month::from_key(to)) else {
            return Ok(out);
        };
        let adjusted = super::timesheet_adjustments::adjusted_hours_by_staff(
            conn,
            chunk,
            first.first_day(),
            last.last_day(),
        )?;
        for (staff, hours) in sums.into_iter().chain(adjusted) {
            *out.entry(staff).or_default() += hours;
        }
    }
    Ok(out)
}

/// Inserts one timesheet and returns it as stored.
pub fn insert(conn: &mut DbConnection, new: &NewTimesheet) -> Result<TimesheetRow, StoreError> {
    let q = || diesel::insert_into(t::timesheets).values(new);
    Ok(match conn {
        DbConnection::Sqlite(c) => q().returning(TimesheetRow::as_returning()).get_result(c)?,
        DbConnection::Postgres(c) => q().returning(TimesheetRow::as_returning()).get_result(c)?,
    })
}

/// Inserts day rows by plain `INSERT`s, a thousand per statement (a form's few days;
/// an import's many go by `insert_days`).
pub fn insert_rows(conn: &mut DbConnection, rows: &[DayRow]) -> Result<(), StoreError> {
    crate::insert_batch!(conn, tr::timesheet_rows, rows, 1000)?;
    Ok(())
}

/// Inserts many timesheets, a thousand per statement; returns each one's id with its
/// staff member and month (unique per organisation), in no particular order.
pub fn insert_many(
    conn: &mut DbConnection,
    new: &[NewTimesheet],
) -> Result<Vec<(i64, i64, Month)>, StoreError> {
    let mut ids = Vec::with_capacity(new.len());
    for chunk in new.chunks(1000) {
        let q = diesel::insert_into(t::timesheets).values(chunk).returning((
            t::id,
            t::staff_id,
            t::month,
        ));
        ids.extend(match conn {
            DbConnection::Sqlite(c) => q.get_results::<(i64, i64, Month)>(c)?,
            DbConnection::Postgres(c) => q.get_results::<(i64, i64, Month)>(c)?,
        });
    }
    Ok(ids)
}

/// A day row as `COPY` writes it: every column given, none left to its default.
#[derive(Insertable)]
#[diesel(table_name = timesheet_rows, treat_none_as_default_value = false)]
struct CopiedDay<'a> {
    timesheet_id: i64,
    work_date: NaiveDate,
    hours_centi: i32,
    note: &'a str,
    import_id: Option<i64>,
    import_row: Option<i32>,
}

/// Inserts day rows: on PostgreSQL by `COPY ... FROM STDIN` (one stream, no statement
/// per thousand rows), on SQLite a thousand rows per statement.
pub fn insert_day_rows(conn: &mut DbConnection, rows: &[DayRow]) -> Result<usize, StoreError> {
    match conn {
        DbConnection::Postgres(c) => {
            let copied: Vec<CopiedDay<'_>> = rows
                .iter()
                .map(|r| CopiedDay {
                    timesheet_id: r.timesheet_id,
                    work_date: r.work_date,
                    hours_centi: r.hours_centi,
                    note: &r.note,
                    import_id: r.import_id,
                    import_row: r.import_row,
                })
                .collect();
            Ok(diesel::copy_from(timesheet_rows::table)
                .from_insertable(copied)
                .execute(c)?)
        }
        DbConnection::Sqlite(_) => Ok(crate::insert_batch!(
            conn,
            timesheet_rows::table,
            rows,
            1000
        )?),
    }
}

/// Replaces the daily rows and the total, if the version still matches.
pub fn replace_rows(
    conn: &mut DbConnection,
    id: i64,
    expected_version: i64,
    funding: &str,
    rows: &[DayRow],
) -> Result<bool, StoreError> {
    let total: i64 = rows.iter().map(|r| i64::from(r.hours_centi)).sum();
    let n = diesel::update(
        t::timesheets
            .filter(t::id.eq(id))
            .filter(t::version.eq(expected_version)),
    )
    .set((
        t::funding.eq(funding),
        t::hours_centi.eq(total),
        t::version.eq(super::next_version(expected_version)),
        t::updated_at.eq(super::now()),
    ))
    .execute(conn)?;
    if n != 1 {
        return Ok(false);
    }
    diesel::delete(tr::timesheet_rows.filter(tr::timesheet_id.eq(id))).execute(conn)?;
    insert_rows(conn, rows)?;
    Ok(true)
}

pub fn sign(
    conn: &mut DbConnection,
    id: i64,
    expected_version: i64,
    by: i64,
) -> Result<bool, StoreError> {
    let now = super::now();
    let n = diesel::update(
        t::timesheets
            .filter(t::id.eq(id))
            .filter(t::version.eq(expected_version)),
    )
    .set((
        t::state.eq(TimesheetState::Signed),
        t::signed_by.eq(by),
        t::signed_at.eq(now),
        t::version.eq(super::next_version(expected_version)),
        t::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

pub fn attest(
    conn: &mut DbConnection,
    id: i64,
    expected_version: i64,
    by: i64,
    rate_ore: i64,
    cost_ore: i64,
) -> Result<bool, StoreError> {
    let now = super::now();
    let n = diesel::update(
        t::timesheets
            .filter(t::id.eq(id))
            .filter(t::version.eq(expected_version)),
    )
    .set((
        t::state.eq(TimesheetState::Attested),
        t::attested_by.eq(by),
        t::attested_at.eq(now),
        t::hourly_rate_ore.eq(rate_ore),
        t::cost_ore.eq(cost_ore),
        t::version.eq(super::next_version(expected_version)),
        t::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

pub fn delete(conn: &mut DbConnection, id: i64, expected_version: i64) -> Result<bool, StoreError> {
    diesel::delete(tr::timesheet_rows.filter(tr::timesheet_id.eq(id))).execute(conn)?;
    let n = diesel::delete(
        t::timesheets
            .filter(t::id.eq(id))
            .filter(t::version.eq(expected_version)),
    )
    .execute(conn)?;
    Ok(n == 1)
}

/// The earliest month in `from..until` (YYYYMM) in which the staff member has an
/// attested timesheet.
pub fn first_attested_month(
    conn: &mut DbConnection,
    staff_id: i64,
    from: Month,
    until: Option<Month>,
) -> Result<Option<Month>, StoreError> {
    let mut q = t::timesheets
        .filter(t::staff_id.eq(staff_id))
        .filter(t::state.eq(TimesheetState::Attested))
        .filter(t::month.ge(from))
        .into_boxed();
    if let Some(until) = until {
        q = q.filter(t::month.lt(until));
    }
    Ok(q.select(t::month)
        .order(t::month.asc())
        .first(conn)
        .optional()?)
}

/// Timesheets of the organisations under `path` in `month`, counted per organisation
/// and whether they are attested: (organisation id, attested, count).
pub fn counts_by_organisation(
    conn: &mut DbConnection,
    path: &str,
    month: i32,
) -> Result<Vec<(i64, bool, i64)>, StoreError> {
    let rows: Vec<(i64, TimesheetState, i64)> = t::timesheets
        .inner_join(o::organisations.on(o::id.eq(t::organisation_id)))
        .group_by((t::organisation_id, t::state))
        .select((
            t::organisation_id,
            t::state,
            diesel::dsl::sql::<diesel::sql_types::BigInt>("CAST(COUNT(*) AS BIGINT)"),
        ))
        .filter(super::organisations::in_subtree(path))
        .filter(t::month.eq(month))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(org, state, n)| (org, state == TimesheetState::Attested, n))
        .collect())
}

/// Timesheets in `state` under the node at `path`, counted per organisation and month,
/// leaving out those `not_by` entered or signed (for the attest queue: nobody attests
/// their own). Oldest month first.
pub fn counts_in_state(
    conn: &mut DbConnection,
    path: &str,
    state: TimesheetState,
    not_by: Option<i64>,
) -> Result<Vec<(i64, Month, i64)>, StoreError> {
    let mut q = t::timesheets
        .inner_join(o::organisations.on(o::id.eq(t::organisation_id)))
        .filter(super::organisations::in_subtree(path))
        .filter(t::state.eq(state))
        .group_by((t::organisation_id, t::month))
        .select((
            t::organisation_id,
            t::month,
            diesel::dsl::sql::<diesel::sql_types::BigInt>("CAST(COUNT(*) AS BIGINT)"),
        ))
        .order((t::month.asc(), t::organisation_id.asc()))
        .into_boxed();
    if let Some(user) = not_by {
        q = q
            .filter(t::entered_by.ne(user))
            .filter(t::signed_by.is_null().or(t::signed_by.ne(user)));
    }
    Ok(q.load(conn)?)
}
