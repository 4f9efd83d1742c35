//! The participant rows of SCB's monthly file, and the record of files sent.

use crate::domain::hours::CentiHours;
use crate::domain::period::Month;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::schema::enrolments::dsl as e;
use super::schema::organisations::dsl as o;
use super::schema::participants::dsl as p;
use super::schema::scb_files::dsl as f;
use super::schema::scb_months::dsl as m;
use super::schema::workshops::dsl as w;
use super::{DbConnection, StoreError};
use crate::domain::identity::IdKind;
use crate::domain::identity::Sex;
use crate::domain::participant::LabourStatus;
use crate::domain::participant::Outcome;
use crate::domain::participant::StatusAtStart;

/// One participant active in the month, with what SCB asks for.
#[derive(Debug, Clone, Queryable)]
pub struct ScbLine {
    pub enrolment_id: i64,
    pub participant_id: i64,
    pub id_kind: IdKind,
    pub identity: String,
    pub birth_date: NaiveDate,
    pub sex: Sex,
    pub organisation_id: i64,
    pub municipality_code: Option<String>,
    /// The organisation's path: its region is the second segment.
    pub organisation_path: String,
    pub workshop: Option<String>,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    pub status_at_start: StatusAtStart,
    pub labour_status: LabourStatus,
    pub in_education_at_start: bool,
    pub outcome: Option<Outcome>,
    pub qualification_gained: bool,
    pub hours_centi: Option<CentiHours>,
}

/// Every enrolment active on some day of [first, last], in one query with its
/// participant, municipality, workshop and the month's attendance.
pub fn lines(
    conn: &mut DbConnection,
    month: i32,
    first: NaiveDate,
    last: NaiveDate,
) -> Result<Vec<ScbLine>, StoreError> {
    use super::schema::attendance::dsl as a;
    Ok(e::enrolments
        .inner_join(p::participants)
        .inner_join(o::organisations.on(o::id.eq(e::organisation_id)))
        .left_join(w::workshops.on(w::id.nullable().eq(e::workshop_id)))
        .left_join(a::attendance.on(a::enrolment_id.eq(e::id).and(a::month.eq(month))))
        .filter(super::participants::active_between(first, last))
        .order((o::code.asc(), e::start_date.asc(), e::id.asc()))
        .select((
            e::id,
            p::id,
            p::id_kind,
            p::identity,
            p::birth_date,
            p::sex,
            e::organisation_id,
            o::municipality_code,
            o::path,
            w::name.nullable(),
            e::start_date,
            e::end_date,
            e::status_at_start,
            e::labour_status,
            e::in_education_at_start,
            e::outcome,
            e::qualification_gained,
            a::hours_centi.nullable(),
        ))
        .load(conn)?)
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = super::schema::scb_months)]
pub struct ScbMonthRow {
    pub month: Month,
    pub last_generated_at: NaiveDateTime,
    pub last_checksum: String,
    pub needs_resubmission: bool,
    pub changed_at: Option<NaiveDateTime>,
}

/// Records a generated file: its history row, and the month as sent. The month stays
/// flagged if its data changed after `built_at` (the file does not hold that change).
pub fn record_file(
    conn: &mut DbConnection,
    month: i32,
    file_name: &str,
    checksum: &str,
    row_count: i64,
    by: i64,
    built_at: NaiveDateTime,
) -> Result<(), StoreError> {
    let now = super::now();
    diesel::insert_into(f::scb_files)
        .values((
            f::month.eq(month),
            f::file_name.eq(file_name),
            f::checksum.eq(checksum),
            f::row_count.eq(row_count),
            f::generated_by.eq(by),
            f::generated_at.eq(now),
        ))
        .execute(conn)?;
    let updated = diesel::update(m::scb_months.find(month))
        .set((m::last_generated_at.eq(now), m::last_checksum.eq(checksum)))
        .execute(conn)?;
    diesel::update(
        m::scb_months
            .find(month)
            .filter(m::changed_at.is_null().or(m::changed_at.le(built_at))),
    )
    .set(m::needs_resubmission.eq(false))
    .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(m::scb_months)
            .values((
                m::month.eq(month),
                m::last_generated_at.eq(now),
                m::last_checksum.eq(checksum),
                m::needs_resubmission.eq(false),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Data of `month` changed: it and every later month already sent must be sent again.
pub fn mark_changed(conn: &mut DbConnection, month: i32) -> Result<usize, StoreError> {
    Ok(diesel::update(m::scb_months.filter(m::month.ge(month)))
        .set((
            m::needs_resubmission.eq(true),
            m::changed_at.eq(super::now()),
        ))
        .execute(conn)?)
}

pub fn months(conn: &mut DbConnection) -> Result<Vec<ScbMonthRow>, StoreError> {
    Ok(m::scb_months
        .order(m::month.asc())
        .select(ScbMonthRow::as_select())
        .load(conn)?)
}

pub fn month(conn: &mut DbConnection, month: i32) -> Result<Option<ScbMonthRow>, StoreError> {
    Ok(m::scb_months
        .find(month)
        .select(ScbMonthRow::as_select())
        .first(conn)
        .optional()?)
}
