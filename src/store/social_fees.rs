//! The social-fee table: a rate per year and employer kind.

use crate::domain::rate::Ppm;
use diesel::prelude::*;

use super::schema::social_fee_rates::{self, dsl as f};
use super::{DbConnection, StoreError};
use crate::domain::organisation::EmployerKind;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = social_fee_rates)]
pub struct SocialFeeRow {
    pub id: i64,
    pub year: i32,
    pub employer_kind: EmployerKind,
    pub rate_ppm: Ppm,
    pub source: String,
    pub version: i64,
    pub updated_at: chrono::NaiveDateTime,
}

pub fn list(conn: &mut DbConnection) -> Result<Vec<SocialFeeRow>, StoreError> {
    Ok(f::social_fee_rates
        .order((f::year.asc(), f::employer_kind.asc()))
        .select(SocialFeeRow::as_select())
        .load(conn)?)
}

pub fn find(
    conn: &mut DbConnection,
    year: i32,
    employer_kind: &str,
) -> Result<Option<SocialFeeRow>, StoreError> {
    Ok(f::social_fee_rates
        .filter(f::year.eq(year))
        .filter(f::employer_kind.eq(employer_kind))
        .select(SocialFeeRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn insert(
    conn: &mut DbConnection,
    year: i32,
    employer_kind: &str,
    rate_ppm: i64,
    source: &str,
) -> Result<(), StoreError> {
    diesel::insert_into(f::social_fee_rates)
        .values((
            f::year.eq(year),
            f::employer_kind.eq(employer_kind),
            f::rate_ppm.eq(rate_ppm),
            f::source.eq(source),
            f::version.eq(1),
            f::updated_at.eq(super::now()),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn update(
    conn: &mut DbConnection,
    id: i64,
    expected_version: i64,
    rate_ppm: i64,
    source: &str,
) -> Result<bool, StoreError> {
    let n = diesel::update(
        f::social_fee_rates
            .filter(f::id.eq(id))
            .filter(f::version.eq(expected_version)),
    )
    .set((
        f::rate_ppm.eq(rate_ppm),
        f::source.eq(source),
        f::version.eq(super::next_version(expected_version)),
        f::updated_at.eq(super::now()),
    ))
    .execute(conn)?;
    Ok(n == 1)
}
