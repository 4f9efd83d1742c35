//! Where entries came from: one row per imported workbook, and each imported entry's
//! reference to it (file and row), shown when a claim figure is drilled down.

use diesel::prelude::*;

use super::schema::imports::dsl as im;
use super::{DbConnection, StoreError};

/// The entry tables that remember their import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Imported {
    Timesheet,
    Premises,
    OtherCost,
    Cash,
    Compensation,
}

/// Records an imported workbook; returns its id.
pub fn record(
    conn: &mut DbConnection,
    kind: &str,
    organisation_id: i64,
    file_name: &str,
    sha256: &str,
    row_count: i32,
    by: i64,
) -> Result<i64, StoreError> {
    let now = super::now();
    Ok(diesel::insert_into(im::imports)
        .values((
            im::kind.eq(kind),
            im::organisation_id.eq(organisation_id),
            im::file_name.eq(file_name),
            im::sha256.eq(sha256),
            im::row_count.eq(row_count),
            im::imported_by.eq(by),
            im::imported_at.eq(now),
        ))
        .returning(im::id)
        .get_result(conn)?)
}

/// Notes on an entry the import and row it was last written from.
pub fn mark(
    conn: &mut DbConnection,
    what: Imported,
    id: i64,
    import_id: i64,
    row: i32,
) -> Result<(), StoreError> {
    macro_rules! set {
        ($table:ident) => {{
            use super::schema::$table::dsl as x;
            diesel::update(x::$table.filter(x::id.eq(id)))
                .set((
                    x::import_id.eq(Some(import_id)),
                    x::import_row.eq(Some(row)),
                ))
                .execute(conn)?
        }};
    }
    match what {
        Imported::Timesheet => set!(timesheets),
        Imported::Premises => set!(premises),
        Imported::OtherCost => set!(other_costs),
        Imported::Cash => set!(cash_cofinancing),
        Imported::Compensation => set!(compensation),
    };
    Ok(())
}
