//! Premises, other direct costs and cash co-financing entries.

use crate::domain::money::Ore;
use crate::domain::period::Month;
use crate::domain::rate::Ppm;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::schema::{cash_cofinancing, compensation, other_costs, premises};
use super::{DbConnection, StoreError};
use crate::domain::entry::CashKind;
use crate::domain::entry::CompensationKind;
use crate::domain::entry::OtherCategory;
use crate::domain::entry::PremisesFinancing;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = premises, treat_none_as_null = true)]
pub struct PremisesRow {
    #[diesel(skip_insertion)]
    pub id: i64,
    pub organisation_id: i64,
    pub month: Month,
    pub description: String,
    pub monthly_cost_ore: Option<Ore>,
    pub area_centi_m2: Option<i64>,
    pub annual_rent_per_m2_ore: Option<Ore>,
    pub share_ppm: Ppm,
    pub financing: PremisesFinancing,
    pub amount_ore: Ore,
    pub adjusts_id: Option<i64>,
    pub reason: Option<String>,
    #[diesel(skip_update)]
    pub created_by: i64,
    #[diesel(skip_update)]
    pub version: i64,
    #[diesel(skip_update)]
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = other_costs, treat_none_as_null = true)]
pub struct OtherCostRow {
    #[diesel(skip_insertion)]
    pub id: i64,
    pub organisation_id: i64,
    pub month: Month,
    pub cost_date: NaiveDate,
    pub category: OtherCategory,
    pub amount_ore: Ore,
    pub supplier: String,
    pub voucher_number: String,
    pub description: String,
    pub adjusts_id: Option<i64>,
    pub reason: Option<String>,
    #[diesel(skip_update)]
    pub created_by: i64,
    #[diesel(skip_update)]
    pub version: i64,
    #[diesel(skip_update)]
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = cash_cofinancing, treat_none_as_null = true)]
pub struct CashRow {
    #[diesel(skip_insertion)]
    pub id: i64,
    pub organisation_id: i64,
    pub month: Month,
    pub kind: CashKind,
    pub amount_ore: Ore,
    pub paid_by: String,
    pub adjusts_id: Option<i64>,
    pub reason: Option<String>,
    #[diesel(skip_update)]
    pub created_by: i64,
    #[diesel(skip_update)]
    pub version: i64,
    #[diesel(skip_update)]
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = compensation, treat_none_as_null = true)]
pub struct CompensationRow {
    #[diesel(skip_insertion)]
    pub id: i64,
    pub enrolment_id: i64,
    pub organisation_id: i64,
    pub month: Month,
    pub kind: CompensationKind,
    pub amount_ore: Ore,
    pub payer: String,
    pub certificate_confirmed: bool,
    pub adjusts_id: Option<i64>,
    pub reason: Option<String>,
    #[diesel(skip_update)]
    pub created_by: i64,
    #[diesel(skip_update)]
    pub version: i64,
    #[diesel(skip_update)]
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// The same operations for each kind of entry: find, list for one organisation and
/// month, insert, versioned update and delete.
macro_rules! entry_store {
    // `counted_if`: the column an original must have true to count (compensation's
    // certificate); a pending original adds nothing to its corrected total.
    ($module:ident, $table:ident, $row:ty $(, counted_if $flag:ident)?) => {
        pub mod $module {
            use super::*;
            use crate::store::schema::$table::dsl as x;

            pub fn find(conn: &mut DbConnection, id: i64) -> Result<Option<$row>, StoreError> {
                Ok(x::$table
                    .find(id)
                    .select(<$row>::as_select())
                    .first(conn)
                    .optional()?)
            }

            /// The entries of one organisation (`Some`), or of every organisation under
            /// the node at `path` (`None`), a page at a time.
            pub fn list(
                conn: &mut DbConnection,
                organisation_id: Option<i64>,
                path: &str,
                month: Option<i32>,
                limit: i64,
                offset: i64,
            ) -> Result<(Vec<$row>, i64), StoreError> {
                use crate::store::schema::organisations::dsl as o;
                let build = || {
                    let mut q = x::$table.into_boxed();
                    q = match organisation_id {
                        Some(id) => q.filter(x::organisation_id.eq(id)),
                        None => q.filter(
                            x::organisation_id.eq_any(
                                o::organisations
                                    .filter(crate::store::organisations::in_subtree(path))
                                    .select(o::id),
                            ),
                        ),
                    };
                    if let Some(m) = month {
                        q = q.filter(x::month.eq(m));
                    }
                    q
                };
                let total: i64 = build().count().get_result(conn)?;
                let rows = build()
                    .order((x::month.asc(), x::id.asc()))
                    .limit(limit)
                    .offset(offset)
                    .select(<$row>::as_select())
                    .load(conn)?;
                Ok((rows, total))
            }

            /// Inserts `row` and returns it as stored (its id set).
            pub fn insert(conn: &mut DbConnection, row: &$row) -> Result<$row, StoreError> {
                let q = || diesel::insert_into(x::$table).values(row);
                Ok(match conn {
                    DbConnection::Sqlite(c) => {
                        q().returning(<$row>::as_returning()).get_result(c)?
                    }
                    DbConnection::Postgres(c) => {
                        q().returning(<$row>::as_returning()).get_result(c)?
                    }
                })
            }

            /// Writes `row` over the stored one if its version is `expected_version`.
            pub fn update(
                conn: &mut DbConnection,
                expected_version: i64,
                row: &$row,
            ) -> Result<bool, StoreError> {
                let n = diesel::update(
                    x::$table
                        .filter(x::id.eq(row.id))
                        .filter(x::version.eq(expected_version)),
                )
                // A change through the API no longer comes from the file it was
                // imported from (an import marks it again).
                .set((
                    row,
                    x::version.eq($crate::store::next_version(expected_version)),
                    x::import_id.eq(None::<i64>),
                    x::import_row.eq(None::<i32>),
                ))
                .execute(conn)?;
                Ok(n == 1)
            }

            pub fn delete(
                conn: &mut DbConnection,
                id: i64,
                expected_version: i64,
            ) -> Result<bool, StoreError> {
                let n = diesel::delete(
                    x::$table
                        .filter(x::id.eq(id))
                        .filter(x::version.eq(expected_version)),
                )
                .execute(conn)?;
                Ok(n == 1)
            }

            /// The amounts of the entries adjusting `original`, leaving out `except` (the
            /// one being replaced or deleted; 0 for none).
            pub fn adjustments_of(
                conn: &mut DbConnection,
                original: i64,
                except: i64,
            ) -> Result<Vec<Ore>, StoreError> {
                Ok(x::$table
                    .filter(x::adjusts_id.eq(original))
                    .filter(x::id.ne(except))
                    .select(x::amount_ore)
                    .load(conn)?)
            }

            /// The adjusted entry's amount and every other adjustment of it, leaving out
            /// `except`: what a change to one adjustment has to keep at zero or more.
            pub fn corrected_without(
                conn: &mut DbConnection,
                original: i64,
                except: i64,
            ) -> Result<Option<(Ore, Vec<Ore>)>, StoreError> {
                let Some(amount) = x::$table
                    .filter(x::id.eq(original))
                    .select(x::amount_ore)
                    .first::<Ore>(conn)
                    .optional()?
                else {
                    return Ok(None);
                };
                Ok(Some((amount, adjustments_of(conn, original, except)?)))
            }

            /// Every corrected entry whose amount and adjustments add up below zero,
            /// with that total (for `verify`; the use cases refuse to make one).
            pub fn corrected_below_zero(
                conn: &mut DbConnection,
            ) -> Result<Vec<(i64, i128)>, StoreError> {
                let adjustments: Vec<(Option<i64>, Ore)> = x::$table
                    .filter(x::adjusts_id.is_not_null())
                    .select((x::adjusts_id, x::amount_ore))
                    .load(conn)?;
                let mut totals: std::collections::BTreeMap<i64, i128> = Default::default();
                for (original, amount) in adjustments {
                    if let Some(original) = original {
                        *totals.entry(original).or_default() += i128::from(amount.get());
                    }
                }
                let ids: Vec<i64> = totals.keys().copied().collect();
                for chunk in ids.chunks(500) {
                    let originals: Vec<(i64, Ore)> = x::$table
                        .filter(x::id.eq_any(chunk))
                        $(.filter(x::$flag.eq(true)))?
                        .select((x::id, x::amount_ore))
                        .load(conn)?;
                    for (id, amount) in originals {
                        *totals.entry(id).or_default() += i128::from(amount.get());
                    }
                }
                Ok(totals.into_iter().filter(|(_, t)| *t < 0).collect())
            }

            /// Whether another entry adjusts this one (then it stays as it is).
            pub fn is_adjusted(conn: &mut DbConnection, id: i64) -> Result<bool, StoreError> {
                let n: i64 = x::$table
                    .filter(x::adjusts_id.eq(id))
                    .count()
                    .get_result(conn)?;
                Ok(n > 0)
            }
        }
    };
}

entry_store!(premises_entries, premises, PremisesRow);
entry_store!(other_cost_entries, other_costs, OtherCostRow);
entry_store!(cash_entries, cash_cofinancing, CashRow);
entry_store!(
    compensation_entries,
    compensation,
    CompensationRow,
    counted_if certificate_confirmed
);

pub fn id_with_voucher(
    conn: &mut DbConnection,
    organisation_id: i64,
    voucher: &str,
) -> Result<Option<i64>, StoreError> {
    use super::schema::other_costs::dsl as x;
    Ok(x::other_costs
        .filter(x::organisation_id.eq(organisation_id))
        .filter(x::voucher_number.eq(voucher))
        .select(x::id)
        .first(conn)
        .optional()?)
}

/// The regular (not adjusting) premises entry of a month with this description and
/// financing: the natural key an import finds it by.
pub fn premises_with_key(
    conn: &mut DbConnection,
    organisation_id: i64,
    month: i32,
    description: &str,
    financing: &str,
) -> Result<Option<PremisesRow>, StoreError> {
    use super::schema::premises::dsl as x;
    Ok(x::premises
        .filter(x::organisation_id.eq(organisation_id))
        .filter(x::month.eq(month))
        .filter(x::description.eq(description))
        .filter(x::financing.eq(financing))
        .filter(x::adjusts_id.is_null())
        .select(PremisesRow::as_select())
        .first(conn)
        .optional()?)
}

/// The regular (not adjusting) cash co-financing entry of a month of this kind from this
/// payer: the natural key an import finds it by.
pub fn cash_with_key(
    conn: &mut DbConnection,
    organisation_id: i64,
    month: i32,
    kind: &str,
    paid_by: &str,
) -> Result<Option<CashRow>, StoreError> {
    use super::schema::cash_cofinancing::dsl as x;
    Ok(x::cash_cofinancing
        .filter(x::organisation_id.eq(organisation_id))
        .filter(x::month.eq(month))
        .filter(x::kind.eq(kind))
        .filter(x::paid_by.eq(paid_by))
        .filter(x::adjusts_id.is_null())
        .select(CashRow::as_select())
        .first(conn)
        .optional()?)
}

/// The regular (not adjusting) compensation of a kind for an enrolment and month.
pub fn compensation_with_key(
    conn: &mut DbConnection,
    enrolment_id: i64,
    month: i32,
    kind: &str,
) -> Result<Option<CompensationRow>, StoreError> {
    use super::schema::compensation::dsl as x;
    Ok(x::compensation
        .filter(x::enrolment_id.eq(enrolment_id))
        .filter(x::month.eq(month))
        .filter(x::kind.eq(kind))
        .filter(x::adjusts_id.is_null())
        .select(CompensationRow::as_select())
        .first(conn)
        .optional()?)
}
