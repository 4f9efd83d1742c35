//! Aggregates for the monthly report, summed in the database per organisation.

use std::collections::BTreeMap;

use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::BigInt;

use super::schema::monthly_reports::dsl as r;
use super::schema::organisations::dsl as o;
use super::schema::timesheets::dsl as t;
use super::{DbConnection, StoreError};
use crate::domain::report::Figures;

/// Which organisations of a subtree count in a report.
#[derive(Debug, Clone)]
pub enum Inclusion {
    /// Only the root organisation itself.
    Own,
    /// The root and every descendant whose report has at least the given states.
    RootAndStates(Vec<&'static str>),
    /// The root and every descendant, whatever their reports' state.
    All,
}

/// Figures per organisation (id → figures) for `month` under the node `root`.
pub fn figures_by_organisation(
    conn: &mut DbConnection,
    root_id: i64,
    root_path: &str,
    month: i32,
    inclusion: &Inclusion,
) -> Result<BTreeMap<i64, Figures>, StoreError> {
    let mut q = t::timesheets
        .inner_join(o::organisations.on(o::id.eq(t::organisation_id)))
        .left_join(
            r::monthly_reports.on(r::organisation_id
                .eq(t::organisation_id)
                .and(r::month.eq(t::month))),
        )
        .group_by((t::organisation_id, t::funding))
        .select((
            t::organisation_id,
            t::funding,
            sql::<BigInt>("CAST(COALESCE(SUM(timesheets.cost_ore), 0) AS BIGINT)"),
            sql::<BigInt>("CAST(COALESCE(SUM(timesheets.hours_centi), 0) AS BIGINT)"),
            sql::<BigInt>("CAST(COUNT(*) AS BIGINT)"),
        ))
        .filter(t::month.eq(month))
        .filter(t::state.eq("attested"))
        .into_boxed();
    q = match inclusion {
        Inclusion::Own => q.filter(t::organisation_id.eq(root_id)),
        Inclusion::All => q.filter(o::path.like(format!("{root_path}%"))),
        Inclusion::RootAndStates(states) => q.filter(o::path.like(format!("{root_path}%"))).filter(
            t::organisation_id
                .eq(root_id)
                .or(r::state.eq_any(states.clone())),
        ),
    };
    let rows: Vec<(i64, String, i64, i64, i64)> = q.load(conn)?;
    let mut out: BTreeMap<i64, Figures> = BTreeMap::new();
    for (org, funding, cost, hours, count) in rows {
        let f = out.entry(org).or_default();
        f.attested_timesheets += count;
        if funding == "in_kind" {
            f.in_kind_ore += cost;
            f.in_kind_hours_centi += hours;
        } else {
            f.staff_ore += cost;
            f.project_hours_centi += hours;
        }
    }
    Ok(out)
}
