//! A closed month is read, not recomputed: each organisation's own figures of a month
//! are stored when its report stops being editable (submitted, approved, consolidated,
//! claimed) and dropped when it becomes editable again (returned, reopened). Every use
//! case that moves a report's state calls `settle` for the months it touched, in the
//! same transaction; the entries of a closed month cannot change (every write checks
//! `periods::ensure_editable`), so a stored row stays right until its report reopens.
//! `check` (part of verify) recomputes every stored row: a stale copy is a breach.

use std::collections::BTreeMap;

use crate::domain::period::Month;
use crate::domain::report::Figures;
use crate::error::{AppError, AppResult};
use crate::store::month_figures as store;
use crate::store::organisations as orgs;
use crate::store::reports::{self, Inclusion};
use crate::store::DbConnection;

/// Makes the stored figures of the months `first..=last` follow the reports' states:
/// drops those of editable reports, stores those of closed reports that lack them.
pub fn settle(conn: &mut DbConnection, first: Month, last: Month) -> AppResult<()> {
    settle_keys(conn, first.to_key(), last.to_key())
}

fn settle_keys(conn: &mut DbConnection, first: i32, last: i32) -> AppResult<()> {
    store::drop_editable(conn, first, last)?;
    let missing = store::missing(conn, first, last)?;
    if missing.is_empty() {
        return Ok(());
    }
    let mut by_month: BTreeMap<i32, Vec<i64>> = BTreeMap::new();
    for (org, month) in missing {
        by_month.entry(month).or_default().push(org);
    }
    let mut rows = Vec::new();
    for (month, ids) in by_month {
        rows.extend(
            computed(conn, month, &ids)?
                .into_iter()
                .map(|(org, f)| (org, month, f)),
        );
    }
    store::insert(conn, &rows)?;
    Ok(())
}

/// Every closed month of the project made to follow the states (at start-up, for data
/// that predates the stored figures; a no-op when they are in step).
pub fn settle_all(conn: &mut DbConnection) -> AppResult<()> {
    settle_keys(conn, i32::MIN, i32::MAX)
}

/// The figures of `ids` for `month` (key) as the entries give them now: each one's own
/// when a few are asked for, the whole tree's in one pass when many are.
fn computed(conn: &mut DbConnection, month: i32, ids: &[i64]) -> AppResult<BTreeMap<i64, Figures>> {
    const ONE_BY_ONE: usize = 3;
    if ids.len() <= ONE_BY_ONE {
        let mut out = BTreeMap::new();
        for id in ids {
            let f =
                reports::figures_by_organisation(conn, *id, "", (month, month), &Inclusion::Own)?
                    .remove(id)
                    .unwrap_or_default();
            out.insert(*id, f);
        }
        return Ok(out);
    }
    let owner = orgs::owner(conn)?
        .ok_or_else(|| AppError::Internal("closed reports without a project owner".into()))?;
    let mut all = reports::figures_by_organisation(
        conn,
        owner.id,
        &owner.path,
        (month, month),
        &Inclusion::All,
    )?;
    Ok(ids
        .iter()
        .map(|id| (*id, all.remove(id).unwrap_or_default()))
        .collect())
}

/// The stored figures of `month` for `ids`, if every one of them is stored.
pub fn stored(
    conn: &mut DbConnection,
    month: Month,
    ids: &[i64],
) -> AppResult<Option<BTreeMap<i64, Figures>>> {
    let found = store::of(conn, month.to_key(), ids)?;
    Ok((found.len() == ids.len()).then_some(found))
}

/// Verify's check: every stored row equals the figures recomputed from the entries, and
/// no stored row outlives its report's closing. Returns the breaches found.
pub fn check(conn: &mut DbConnection) -> AppResult<Vec<String>> {
    let all = store::all(conn)?;
    let mut months: BTreeMap<i32, Vec<i64>> = BTreeMap::new();
    for (org, month) in all.keys() {
        months.entry(*month).or_default().push(*org);
    }
    let mut breaches = Vec::new();
    for (month, ids) in months {
        let now = computed(conn, month, &ids)?;
        for id in ids {
            if now.get(&id) != all.get(&(id, month)) {
                breaches.push(format!(
                    "organisation {id}, month {}: the stored figures of the closed month differ from its entries",
                    month_words(month)
                ));
            }
        }
    }
    for (org, month) in store::editable(conn)? {
        breaches.push(format!(
            "organisation {org}, month {}: figures are stored for a month whose report is editable",
            month_words(month)
        ));
    }
    for (org, month) in store::missing(conn, i32::MIN, i32::MAX)? {
        breaches.push(format!(
            "organisation {org}, month {}: the report is closed but its figures are not stored",
            month_words(month)
        ));
    }
    Ok(breaches)
}

fn month_words(key: i32) -> String {
    Month::from_key(key).map_or_else(|_| key.to_string(), |m| m.to_string())
}
