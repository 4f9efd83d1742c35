//! Budget lines: organisation × year × category.

use crate::domain::money::Ore;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::budget_lines::{self, dsl as b};
use super::schema::organisations::dsl as o;
use super::{DbConnection, StoreError};
use crate::domain::claim::Category;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = budget_lines)]
pub struct BudgetRow {
    pub id: i64,
    pub organisation_id: i64,
    pub year: i32,
    pub category: Category,
    pub amount_ore: Ore,
    pub updated_by: i64,
    pub version: i64,
    pub updated_at: NaiveDateTime,
}

pub fn find(
    conn: &mut DbConnection,
    organisation_id: i64,
    year: i32,
    category: &str,
) -> Result<Option<BudgetRow>, StoreError> {
    Ok(b::budget_lines
        .filter(b::organisation_id.eq(organisation_id))
        .filter(b::year.eq(year))
        .filter(b::category.eq(category))
        .select(BudgetRow::as_select())
        .first(conn)
        .optional()?)
}

/// Sets the line: inserts it, or updates it if it is still at `existing`'s version.
pub fn set(
    conn: &mut DbConnection,
    existing: Option<&BudgetRow>,
    organisation_id: i64,
    year: i32,
    category: &str,
    amount_ore: i64,
    by: i64,
) -> Result<bool, StoreError> {
    let now = super::now();
    let n = match existing {
        Some(row) => diesel::update(
            b::budget_lines
                .filter(b::id.eq(row.id))
                .filter(b::version.eq(row.version)),
        )
        .set((
            b::amount_ore.eq(amount_ore),
            b::updated_by.eq(by),
            b::version.eq(super::next_version(row.version)),
            b::updated_at.eq(now),
        ))
        .execute(conn)?,
        None => diesel::insert_into(b::budget_lines)
            .values((
                b::organisation_id.eq(organisation_id),
                b::year.eq(year),
                b::category.eq(category),
                b::amount_ore.eq(amount_ore),
                b::updated_by.eq(by),
                b::version.eq(1),
                b::updated_at.eq(now),
            ))
            .execute(conn)?,
    };
    Ok(n == 1)
}

/// The lines of the organisations under `root_path`, optionally of one year.
pub fn under(
    conn: &mut DbConnection,
    root_path: &str,
    year: Option<i32>,
) -> Result<Vec<BudgetRow>, StoreError> {
    let mut q = b::budget_lines
        .inner_join(o::organisations.on(o::id.eq(b::organisation_id)))
        .filter(super::organisations::in_subtree(root_path))
        .into_boxed();
    if let Some(y) = year {
        q = q.filter(b::year.eq(y));
    }
    Ok(
        q.order((b::organisation_id.asc(), b::year.asc(), b::category.asc()))
            .select(BudgetRow::as_select())
            .load(conn)?,
    )
}
