//! Participants, their enrolments and the municipalities' workshops.

use crate::domain::hours::CentiHours;
use crate::domain::period::Month;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::schema::enrolments::{self, dsl as e};
use super::schema::organisations::dsl as o;
use super::schema::participants::{self, dsl as p};
use super::schema::workshops::{self, dsl as w};
use super::{DbConnection, StoreError};
use crate::domain::identity::IdKind;
use crate::domain::identity::Sex;
use crate::domain::participant::EducationLevel;
use crate::domain::participant::LabourStatus;
use crate::domain::participant::Outcome;
use crate::domain::participant::StatusAtStart;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = workshops)]
pub struct WorkshopRow {
    pub id: i64,
    pub organisation_id: i64,
    pub name: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = participants)]
pub struct ParticipantRow {
    #[diesel(skip_insertion)]
    pub id: i64,
    pub id_kind: IdKind,
    pub identity: String,
    pub birth_date: NaiveDate,
    pub sex: Sex,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = enrolments, treat_none_as_null = true)]
pub struct EnrolmentRow {
    #[diesel(skip_insertion)]
    pub id: i64,
    #[diesel(skip_update)]
    pub participant_id: i64,
    #[diesel(skip_update)]
    pub organisation_id: i64,
    pub workshop_id: Option<i64>,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    pub status_at_start: StatusAtStart,
    pub education_level: EducationLevel,
    pub labour_status: LabourStatus,
    pub in_education_at_start: bool,
    pub outcome: Option<Outcome>,
    pub qualification_gained: bool,
    #[diesel(skip_update)]
    pub created_by: i64,
    #[diesel(skip_update)]
    pub version: i64,
    #[diesel(skip_update)]
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub fn insert_workshop(
    conn: &mut DbConnection,
    organisation_id: i64,
    name: &str,
) -> Result<i64, StoreError> {
    Ok(diesel::insert_into(w::workshops)
        .values((
            w::organisation_id.eq(organisation_id),
            w::name.eq(name),
            w::created_at.eq(super::now()),
        ))
        .returning(w::id)
        .get_result(conn)?)
}

pub fn find_workshop(conn: &mut DbConnection, id: i64) -> Result<Option<WorkshopRow>, StoreError> {
    Ok(w::workshops
        .find(id)
        .select(WorkshopRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn workshop_named(
    conn: &mut DbConnection,
    organisation_id: i64,
    name: &str,
) -> Result<Option<WorkshopRow>, StoreError> {
    Ok(w::workshops
        .filter(w::organisation_id.eq(organisation_id))
        .filter(w::name.eq(name))
        .select(WorkshopRow::as_select())
        .first(conn)
        .optional()?)
}

/// The workshops of the organisations under `root_path`.
pub fn workshops_under(
    conn: &mut DbConnection,
    root_path: &str,
) -> Result<Vec<WorkshopRow>, StoreError> {
    Ok(w::workshops
        .inner_join(o::organisations.on(o::id.eq(w::organisation_id)))
        .filter(super::organisations::in_subtree(root_path))
        .order((w::organisation_id.asc(), w::name.asc()))
        .select(WorkshopRow::as_select())
        .load(conn)?)
}

pub fn participant_with_identity(
    conn: &mut DbConnection,
    identity: &str,
) -> Result<Option<ParticipantRow>, StoreError> {
    Ok(p::participants
        .filter(p::identity.eq(identity))
        .select(ParticipantRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn insert_participant(
    conn: &mut DbConnection,
    row: &ParticipantRow,
) -> Result<i64, StoreError> {
    Ok(diesel::insert_into(p::participants)
        .values(row)
        .returning(p::id)
        .get_result(conn)?)
}

pub fn insert_enrolment(conn: &mut DbConnection, row: &EnrolmentRow) -> Result<i64, StoreError> {
    Ok(diesel::insert_into(e::enrolments)
        .values(row)
        .returning(e::id)
        .get_result(conn)?)
}

pub fn find_enrolment(
    conn: &mut DbConnection,
    id: i64,
) -> Result<Option<(EnrolmentRow, ParticipantRow)>, StoreError> {
    Ok(e::enrolments
        .inner_join(p::participants)
        .filter(e::id.eq(id))
        .select((EnrolmentRow::as_select(), ParticipantRow::as_select()))
        .first(conn)
        .optional()?)
}

/// The participant's enrolments other than `except_id`, for the overlap rule.
pub fn enrolments_of(
    conn: &mut DbConnection,
    participant_id: i64,
    except_id: i64,
) -> Result<Vec<EnrolmentRow>, StoreError> {
    Ok(e::enrolments
        .filter(e::participant_id.eq(participant_id))
        .filter(e::id.ne(except_id))
        .order(e::start_date.asc())
        .select(EnrolmentRow::as_select())
        .load(conn)?)
}

/// Which enrolments a list shows.
#[derive(Debug, Clone, Default)]
pub struct EnrolmentFilter {
    /// Only enrolments active on some day of [first, last].
    pub active_between: Option<(NaiveDate, NaiveDate)>,
}

/// Enrolments active on some day from `first` to `last`: started by the last, not ended
/// before the first. The one period rule of every enrolment query.
pub fn active_between(first: NaiveDate, last: NaiveDate) -> ActiveBetween {
    diesel::BoolExpressionMethods::and(
        e::start_date.le(last),
        e::end_date.is_null().or(e::end_date.ge(first)),
    )
}

pub type ActiveBetween = diesel::dsl::And<
    diesel::dsl::LtEq<e::start_date, NaiveDate>,
    diesel::dsl::Or<diesel::dsl::IsNull<e::end_date>, diesel::dsl::GtEq<e::end_date, NaiveDate>>,
>;

/// Enrolments in the organisations `members` (a subtree's, listed by the caller: a
/// handful of ids, so the enrolments are found through their (organisation, start)
/// index instead of a scan of them all), with their participants.
pub fn list_enrolments(
    conn: &mut DbConnection,
    members: &[i64],
    filter: &EnrolmentFilter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<(EnrolmentRow, ParticipantRow)>, i64), StoreError> {
    // Counted from the enrolments alone: every enrolment has its participant (a foreign
    // key, not null), so the join adds nothing to the count; without a period the count
    // reads only the (organisation, start) index.
    let mut count = e::enrolments.into_boxed();
    let mut page = e::enrolments.inner_join(p::participants).into_boxed();
    // One organisation (a municipality) by `=`: PostgreSQL keeps one plan for it, where
    // it plans `= ANY($1)` anew on every execution (issue 17).
    match members {
        [one] => {
            count = count.filter(e::organisation_id.eq(*one));
            page = page.filter(e::organisation_id.eq(*one));
        }
        _ => {
            count = count.filter(e::organisation_id.eq_any(members));
            page = page.filter(e::organisation_id.eq_any(members));
        }
    }
    if let Some((first, last)) = filter.active_between {
        count = count.filter(active_between(first, last));
        page = page.filter(active_between(first, last));
    }
    let total: i64 = count.count().get_result(conn)?;
    let rows = page
        .order((e::organisation_id.asc(), e::start_date.asc(), e::id.asc()))
        .limit(limit)
        .offset(offset)
        .select((EnrolmentRow::as_select(), ParticipantRow::as_select()))
        .load(conn)?;
    Ok((rows, total))
}

pub fn update_enrolment(
    conn: &mut DbConnection,
    expected_version: i64,
    row: &EnrolmentRow,
) -> Result<bool, StoreError> {
    let n = diesel::update(
        e::enrolments
            .filter(e::id.eq(row.id))
            .filter(e::version.eq(expected_version)),
    )
    .set((row, e::version.eq(super::next_version(expected_version))))
    .execute(conn)?;
    Ok(n == 1)
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = super::schema::attendance)]
pub struct AttendanceRow {
    pub id: i64,
    pub enrolment_id: i64,
    pub organisation_id: i64,
    pub month: Month,
    pub hours_centi: CentiHours,
    pub updated_by: i64,
    pub version: i64,
    pub updated_at: NaiveDateTime,
}

pub fn attendance_of(
    conn: &mut DbConnection,
    enrolment_id: i64,
    month: i32,
) -> Result<Option<AttendanceRow>, StoreError> {
    use super::schema::attendance::dsl as a;
    Ok(a::attendance
        .filter(a::enrolment_id.eq(enrolment_id))
        .filter(a::month.eq(month))
        .select(AttendanceRow::as_select())
        .first(conn)
        .optional()?)
}

/// Sets the month's hours: inserts, or updates the row at `expected_version`.
pub fn set_attendance(
    conn: &mut DbConnection,
    existing: Option<&AttendanceRow>,
    enrolment_id: i64,
    organisation_id: i64,
    month: i32,
    hours_centi: i64,
    by: i64,
) -> Result<bool, StoreError> {
    use super::schema::attendance::dsl as a;
    let now = super::now();
    let n = match existing {
        Some(row) => diesel::update(
            a::attendance
                .filter(a::id.eq(row.id))
                .filter(a::version.eq(row.version)),
        )
        .set((
            a::hours_centi.eq(hours_centi),
            a::updated_by.eq(by),
            a::version.eq(super::next_version(row.version)),
            a::updated_at.eq(now),
        ))
        .execute(conn)?,
        None => diesel::insert_into(a::attendance)
            .values((
                a::enrolment_id.eq(enrolment_id),
                a::organisation_id.eq(organisation_id),
                a::month.eq(month),
                a::hours_centi.eq(hours_centi),
                a::updated_by.eq(by),
                a::version.eq(1),
                a::updated_at.eq(now),
            ))
            .execute(conn)?,
    };
    Ok(n == 1)
}

/// Attendance in the organisations under `root_path` in a month.
pub fn attendance_under(
    conn: &mut DbConnection,
    root_path: &str,
    month: Option<i32>,
    limit: i64,
    offset: i64,
) -> Result<(Vec<AttendanceRow>, i64), StoreError> {
    use super::schema::attendance::dsl as a;
    let build = || {
        let mut q = a::attendance
            .inner_join(o::organisations.on(o::id.eq(a::organisation_id)))
            .filter(super::organisations::in_subtree(root_path))
            .into_boxed();
        if let Some(m) = month {
            q = q.filter(a::month.eq(m));
        }
        q
    };
    let total: i64 = build().count().get_result(conn)?;
    let rows = build()
        .order((
            a::month.asc(),
            a::organisation_id.asc(),
            a::enrolment_id.asc(),
        ))
        .limit(limit)
        .offset(offset)
        .select(AttendanceRow::as_select())
        .load(conn)?;
    Ok((rows, total))
}

/// The months (YYYYMM) with attendance or compensation recorded for an enrolment.
pub fn recorded_months(
    conn: &mut DbConnection,
    enrolment_id: i64,
) -> Result<Vec<Month>, StoreError> {
    use super::schema::attendance::dsl as a;
    use super::schema::compensation::dsl as c;
    let mut months: Vec<Month> = a::attendance
        .filter(a::enrolment_id.eq(enrolment_id))
        .filter(a::hours_centi.gt(0))
        .select(a::month)
        .load(conn)?;
    months.extend(
        c::compensation
            .filter(c::enrolment_id.eq(enrolment_id))
            .select(c::month)
            .load::<Month>(conn)?,
    );
    months.sort_unstable();
    months.dedup();
    Ok(months)
}

/// participant, organisation, sex, birth date, start, end, outcome.
pub type FactRow = (
    i64,
    i64,
    crate::domain::identity::Sex,
    NaiveDate,
    NaiveDate,
    Option<NaiveDate>,
    Option<crate::domain::participant::Outcome>,
);

/// Enrolment facts for statistics: enrolments under `root_path` active some day of
/// [first, last] (the period filter is in SQL; the per-month counting is the domain's).
pub fn facts_under(
    conn: &mut DbConnection,
    root_path: &str,
    first: NaiveDate,
    last: NaiveDate,
) -> Result<Vec<FactRow>, StoreError> {
    Ok(e::enrolments
        .inner_join(p::participants)
        .inner_join(o::organisations.on(o::id.eq(e::organisation_id)))
        .filter(super::organisations::in_subtree(root_path))
        .filter(active_between(first, last))
        .select((
            p::id,
            e::organisation_id,
            p::sex,
            p::birth_date,
            e::start_date,
            e::end_date,
            e::outcome,
        ))
        .load(conn)?)
}

/// Enrolments in the organisation of whoever holds `identity` (a substitute code may be
/// shared) that are active on some day of [first, last] or, with `start`, start then.
pub fn enrolments_of_identity(
    conn: &mut DbConnection,
    identity: &str,
    organisation_id: i64,
    first: NaiveDate,
    last: NaiveDate,
    start: Option<NaiveDate>,
) -> Result<Vec<EnrolmentRow>, StoreError> {
    let mut q = e::enrolments
        .inner_join(p::participants)
        .filter(p::identity.eq(identity))
        .filter(e::organisation_id.eq(organisation_id))
        .into_boxed();
    q = match start {
        Some(s) => q.filter(e::start_date.eq(s)),
        None => q.filter(active_between(first, last)),
    };
    Ok(q.select(EnrolmentRow::as_select()).load(conn)?)
}

/// The earliest start of an enrolment under `root_path` (the first month whose SCB file
/// a change to these organisations can alter).
pub fn first_start_under(
    conn: &mut DbConnection,
    root_path: &str,
) -> Result<Option<NaiveDate>, StoreError> {
    Ok(e::enrolments
        .inner_join(o::organisations.on(o::id.eq(e::organisation_id)))
        .filter(super::organisations::in_subtree(root_path))
        .select(diesel::dsl::min(e::start_date))
        .first::<Option<NaiveDate>>(conn)?)
}
