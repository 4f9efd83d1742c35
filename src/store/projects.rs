//! The project settings: one row per deployment (id 1).

use crate::domain::money::Ore;
use crate::domain::rate::Ppm;
use diesel::prelude::*;

use super::schema::projects::{self, dsl as p};
use super::{DbConnection, StoreError};
use crate::domain::project::DistributionKey;
use crate::domain::project::IndirectBase;

pub const PROJECT_ID: i64 = 1;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset, PartialEq, Eq)]
#[diesel(table_name = projects)]
pub struct ProjectRow {
    pub id: i64,
    pub name: String,
    pub esf_case_number: String,
    pub start_date: chrono::NaiveDate,
    pub end_date: chrono::NaiveDate,
    pub support_rate_ppm: Ppm,
    pub approved_esf_budget_ore: Ore,
    pub total_budget_ore: Ore,
    pub indirect_rate_ppm: Ppm,
    pub indirect_base: IndirectBase,
    pub distribution_key: DistributionKey,
    pub required_cofinancing_ppm: Ppm,
    pub version: i64,
    pub updated_at: chrono::NaiveDateTime,
}

pub fn get(conn: &mut DbConnection) -> Result<Option<ProjectRow>, StoreError> {
    Ok(p::projects
        .find(PROJECT_ID)
        .select(ProjectRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn insert(conn: &mut DbConnection, row: &ProjectRow) -> Result<(), StoreError> {
    diesel::insert_into(p::projects).values(row).execute(conn)?;
    Ok(())
}

/// Replaces the settings if the stored version is `expected_version`.
pub fn update(
    conn: &mut DbConnection,
    expected_version: i64,
    row: &ProjectRow,
) -> Result<bool, StoreError> {
    let n = diesel::update(
        p::projects
            .filter(p::id.eq(PROJECT_ID))
            .filter(p::version.eq(expected_version)),
    )
    .set(row)
    .execute(conn)?;
    Ok(n == 1)
}
