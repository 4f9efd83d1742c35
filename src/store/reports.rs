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

/// Sums `amount_ore` of an entry table for one month, per organisation and the value
/// of `$group`, over the organisations `inclusion` admits.
macro_rules! grouped_sums {
    ($conn:expr, $table:ident, $group:ident, $root_id:expr, $root_path:expr, $month:expr, $inclusion:expr) => {{
        use super::schema::$table::dsl as x;
        let mut q = x::$table
            .inner_join(o::organisations.on(o::id.eq(x::organisation_id)))
            .left_join(
                r::monthly_reports.on(r::organisation_id
                    .eq(x::organisation_id)
                    .and(r::month.eq(x::month))),
            )
            .group_by((x::organisation_id, x::$group))
            .select((
                x::organisation_id,
                x::$group,
                sql::<BigInt>(concat!(
                    "CAST(COALESCE(SUM(",
                    stringify!($table),
                    ".amount_ore), 0) AS BIGINT)"
                )),
            ))
            .filter(x::month.eq($month))
            .into_boxed();
        q = match $inclusion {
            Inclusion::Own => q.filter(x::organisation_id.eq($root_id)),
            Inclusion::All => q.filter(o::path.like(format!("{}%", $root_path))),
            Inclusion::RootAndStates(states) => {
                q.filter(o::path.like(format!("{}%", $root_path))).filter(
                    x::organisation_id
                        .eq($root_id)
                        .or(r::state.eq_any(states.clone())),
                )
            }
        };
        q.load::<(i64, String, i64)>($conn)?
    }};
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
    let premises = grouped_sums!(conn, premises, financing, root_id, root_path, month, inclusion);
    let other = grouped_sums!(
        conn,
        other_costs,
        category,
        root_id,
        root_path,
        month,
        inclusion
    );
    let cash = grouped_sums!(
        conn,
        cash_cofinancing,
        kind,
        root_id,
        root_path,
        month,
        inclusion
    );
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
    for (org, financing, amount) in premises {
        let f = out.entry(org).or_default();
        match financing.as_str() {
            "in_kind" => f.in_kind_ore += amount,
            _ => f.premises_ore += amount,
        }
    }
    for (org, category, amount) in other {
        let f = out.entry(org).or_default();
        match category.as_str() {
            "services" => f.services_ore += amount,
            "travel" => f.travel_ore += amount,
            _ => f.materials_ore += amount,
        }
    }
    for (org, kind, amount) in cash {
        let f = out.entry(org).or_default();
        match kind.as_str() {
            "owner_cash" => f.owner_cash_ore += amount,
            _ => f.public_cash_ore += amount,
        }
    }
    Ok(out)
}
