//! Staff members and their salary records.

use crate::domain::money::Ore;
use crate::domain::period::Month;
use crate::domain::rate::Ppm;
use diesel::prelude::*;

use super::schema::organisations::dsl as o;
use super::schema::salary_records::{self, dsl as sr};
use super::schema::staff::{self, dsl as s};
use super::{DbConnection, StoreError};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = staff)]
pub struct StaffRow {
    pub id: i64,
    pub organisation_id: i64,
    pub name: String,
    pub employee_number: String,
    pub active: bool,
    pub version: i64,
    pub created_at: chrono::NaiveDateTime,
    pub updated_at: chrono::NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = staff)]
pub struct NewStaff {
    pub organisation_id: i64,
    pub name: String,
    pub employee_number: String,
    pub active: bool,
    pub version: i64,
    pub created_at: chrono::NaiveDateTime,
    pub updated_at: chrono::NaiveDateTime,
}

#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = staff)]
pub struct StaffChanges {
    pub name: String,
    pub employee_number: String,
    pub active: bool,
    pub updated_at: chrono::NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, PartialEq, Eq)]
#[diesel(table_name = salary_records)]
pub struct SalaryRow {
    pub id: i64,
    pub staff_id: i64,
    pub valid_from: Month,
    pub monthly_salary_ore: Ore,
    pub employment_rate_ppm: Ppm,
    pub social_fee_override_ppm: Option<Ppm>,
    pub version: i64,
    pub created_at: chrono::NaiveDateTime,
    pub updated_at: chrono::NaiveDateTime,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = salary_records)]
pub struct NewSalary {
    pub staff_id: i64,
    pub valid_from: Month,
    pub monthly_salary_ore: Ore,
    pub employment_rate_ppm: Ppm,
    pub social_fee_override_ppm: Option<Ppm>,
    pub version: i64,
    pub created_at: chrono::NaiveDateTime,
    pub updated_at: chrono::NaiveDateTime,
    pub reason: Option<String>,
}

/// A staff member with their organisation, in one statement.
pub fn find_with_organisation(
    conn: &mut DbConnection,
    id: i64,
) -> Result<Option<(StaffRow, super::organisations::OrganisationRow)>, StoreError> {
    Ok(s::staff
        .inner_join(o::organisations.on(o::id.eq(s::organisation_id)))
        .filter(s::id.eq(id))
        .select((
            StaffRow::as_select(),
            super::organisations::OrganisationRow::as_select(),
        ))
        .first(conn)
        .optional()?)
}

pub fn id_with_employee_number(
    conn: &mut DbConnection,
    organisation_id: i64,
    number: &str,
) -> Result<Option<i64>, StoreError> {
    Ok(s::staff
        .filter(s::organisation_id.eq(organisation_id))
        .filter(s::employee_number.eq(number))
        .select(s::id)
        .first(conn)
        .optional()?)
}

/// A page of the staff of the organisations `members` (listed by the caller), ordered
/// by organisation and name, with their number.
pub fn list_of(
    conn: &mut DbConnection,
    members: &[i64],
    limit: i64,
    offset: i64,
) -> Result<(Vec<StaffRow>, i64), StoreError> {
    let build = || {
        let q = s::staff.into_boxed();
        // One organisation by `=`: PostgreSQL keeps one plan for it (issue 17).
        match members {
            [one] => q.filter(s::organisation_id.eq(*one)),
            _ => q.filter(s::organisation_id.eq_any(members)),
        }
    };
    let total: i64 = build().count().get_result(conn)?;
    let rows = build()
        .order((s::organisation_id.asc(), s::name.asc(), s::id.asc()))
        .limit(limit)
        .offset(offset)
        .select(StaffRow::as_select())
        .load(conn)?;
    Ok((rows, total))
}

/// The names of the staff members `ids` (for lists that show them beside their rows).
pub fn names(conn: &mut DbConnection, ids: &[i64]) -> Result<Vec<(i64, String)>, StoreError> {
    Ok(s::staff
        .filter(s::id.eq_any(ids.to_vec()))
        .select((s::id, s::name))
        .load(conn)?)
}

pub fn insert(conn: &mut DbConnection, new: &NewStaff) -> Result<i64, StoreError> {
    Ok(diesel::insert_into(s::staff)
        .values(new)
        .returning(s::id)
        .get_result(conn)?)
}

pub fn update(
    conn: &mut DbConnection,
    id: i64,
    expected_version: i64,
    changes: &StaffChanges,
) -> Result<bool, StoreError> {
    let n = diesel::update(
        s::staff
            .filter(s::id.eq(id))
            .filter(s::version.eq(expected_version)),
    )
    .set((
        changes,
        s::version.eq(super::next_version(expected_version)),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// All salary records of a staff member, oldest first (a handful per person).
pub fn salaries(conn: &mut DbConnection, staff_id: i64) -> Result<Vec<SalaryRow>, StoreError> {
    Ok(sr::salary_records
        .filter(sr::staff_id.eq(staff_id))
        .order(sr::valid_from.asc())
        .select(SalaryRow::as_select())
        .load(conn)?)
}

pub fn insert_salary(conn: &mut DbConnection, new: &NewSalary) -> Result<i64, StoreError> {
    Ok(diesel::insert_into(sr::salary_records)
        .values(new)
        .returning(sr::id)
        .get_result(conn)?)
}

/// Replaces a salary record's figures if `version` is current; `false` otherwise.
pub fn replace_salary(
    conn: &mut DbConnection,
    id: i64,
    version: i64,
    new: &NewSalary,
) -> Result<bool, StoreError> {
    let n = diesel::update(
        sr::salary_records
            .filter(sr::id.eq(id))
            .filter(sr::version.eq(version)),
    )
    .set((
        sr::valid_from.eq(new.valid_from),
        sr::monthly_salary_ore.eq(new.monthly_salary_ore),
        sr::employment_rate_ppm.eq(new.employment_rate_ppm),
        sr::social_fee_override_ppm.eq(new.social_fee_override_ppm),
        sr::reason.eq(&new.reason),
        sr::version.eq(super::next_version(version)),
        sr::updated_at.eq(new.updated_at),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Removes a salary record if `version` is current; `false` otherwise.
pub fn delete_salary(conn: &mut DbConnection, id: i64, version: i64) -> Result<bool, StoreError> {
    let n = diesel::delete(
        sr::salary_records
            .filter(sr::id.eq(id))
            .filter(sr::version.eq(version)),
    )
    .execute(conn)?;
    Ok(n == 1)
}

/// The staff of one organisation with a salary record in force in `month` (valid from
/// it or earlier): those whose hours that month can be costed.
pub fn paid_in(
    conn: &mut DbConnection,
    organisation_id: i64,
    month: Month,
) -> Result<Vec<i64>, StoreError> {
    Ok(sr::salary_records
        .inner_join(s::staff.on(s::id.eq(sr::staff_id)))
        .filter(s::organisation_id.eq(organisation_id))
        .filter(sr::valid_from.le(month.to_key()))
        .select(sr::staff_id)
        .distinct()
        .load(conn)?)
}

/// The salary records of many staff members, each one's oldest first.
pub fn salaries_of(
    conn: &mut DbConnection,
    staff_ids: &[i64],
) -> Result<std::collections::HashMap<i64, Vec<SalaryRow>>, StoreError> {
    let mut out: std::collections::HashMap<i64, Vec<SalaryRow>> = std::collections::HashMap::new();
    for chunk in staff_ids.chunks(500) {
        let rows: Vec<SalaryRow> = sr::salary_records
            .filter(sr::staff_id.eq_any(chunk))
            .order((sr::staff_id.asc(), sr::valid_from.asc()))
            .select(SalaryRow::as_select())
            .load(conn)?;
        for r in rows {
            out.entry(r.staff_id).or_default().push(r);
        }
    }
    Ok(out)
}
