//! Aggregates for the monthly report, summed in the database per organisation.

use crate::domain::hours::CentiHours;
use crate::domain::money::Ore;
use std::collections::BTreeMap;

use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::BigInt;

use super::schema::monthly_reports::dsl as r;
use super::schema::organisations::dsl as o;
use super::schema::timesheets::dsl as t;
use super::{DbConnection, StoreError};
use crate::domain::entry::{CashKind, CompensationKind, Funding, OtherCategory, PremisesFinancing};
use crate::domain::report::Figures;
use crate::domain::workflow::{ReportState, TimesheetState};

/// Which organisations of a subtree count in a report.
#[derive(Debug, Clone)]
pub enum Inclusion {
    /// Only the root organisation itself.
    Own,
    /// The root and every descendant whose report has at least the given states.
    RootAndStates(Vec<ReportState>),
    /// The root and every descendant, whatever their reports' state.
    All,
}

/// Narrows a boxed query joined with organisations and monthly reports to the
/// organisations `inclusion` admits under the root.
/// `$members` is the subtree's path (None for the whole tree): filtering the entry table's
/// own organisation column by the subtree's ids (a subquery of the same statement) lets
/// the (organisation, month) indexes be used, where a path pattern on the joined
/// organisations would scan every entry.
macro_rules! include_only {
    ($q:expr, $org_col:expr, $root_id:expr, $members:expr, $inclusion:expr) => {
        match $inclusion {
            Inclusion::Own => $q.filter($org_col.eq($root_id)),
            Inclusion::All => match &$members {
                Some(path) => $q.filter($org_col.eq_any(subtree_ids(path))),
                None => $q,
            },
            Inclusion::RootAndStates(states) => match &$members {
                Some(path) => $q.filter($org_col.eq_any(subtree_ids(path))),
                None => $q,
            }
            .filter($org_col.eq($root_id).or(r::state.eq_any(states.clone()))),
        }
    };
}

/// The organisations in the subtree at `path`, as a subquery (an alias of the
/// organisations table, so it also fits a query that joins them).
fn subtree_ids(path: &str) -> SubtreeIds {
    member
        .filter(member.field(o::path).like(format!("{path}%")))
        .select(member.field(o::id))
}

diesel::alias!(super::schema::organisations as member: Member);

type MemberField<C> = diesel::query_source::AliasedField<Member, C>;
type SubtreeIds = diesel::dsl::Select<
    diesel::dsl::Filter<
        diesel::query_source::Alias<Member>,
        diesel::dsl::Like<MemberField<o::path>, String>,
    >,
    MemberField<o::id>,
>;

/// Sums `amount_ore` of an entry table for a run of months, per organisation and the value
/// of `$group`, over the organisations `inclusion` admits.
macro_rules! grouped_sums {
    ($conn:expr, $table:ident, ($group:ident, $kind:ty), $root_id:expr, $members:expr, $months:expr, $inclusion:expr $(, where $flag:ident = $value:expr)?) => {{
        use super::schema::$table::dsl as x;
        let sum = || {
            sql::<BigInt>(concat!(
                "CAST(COALESCE(SUM(",
                stringify!($table),
                ".amount_ore), 0) AS BIGINT)"
            ))
        };
        match $inclusion {
            // Only a report's state needs the reports joined in.
            Inclusion::RootAndStates(_) => {
                let mut q = x::$table
                    .inner_join(o::organisations.on(o::id.eq(x::organisation_id)))
                    .left_join(
                        r::monthly_reports.on(r::organisation_id
                            .eq(x::organisation_id)
                            .and(r::month.eq(x::month))),
                    )
                    .group_by((x::organisation_id, x::$group))
                    .select((x::organisation_id, x::$group, sum()))
                    .filter(x::month.between($months.0, $months.1))
                    .into_boxed();
                $(q = q.filter(x::$flag.eq($value));)?
                q = include_only!(q, x::organisation_id, $root_id, $members, $inclusion);
                q.load::<(i64, $kind, i64)>($conn)?
            }
            _ => {
                let mut q = x::$table
                    .group_by((x::organisation_id, x::$group))
                    .select((x::organisation_id, x::$group, sum()))
                    .filter(x::month.between($months.0, $months.1))
                    .into_boxed();
                $(q = q.filter(x::$flag.eq($value));)?
                q = own_or_members!(q, x::organisation_id, $root_id, $members, $inclusion);
                q.load::<(i64, $kind, i64)>($conn)?
            }
        }
    }};
}

/// `include_only!` for the inclusions that need no report state (`Own` and `All`), on a
/// query of the entry table alone.
macro_rules! own_or_members {
    ($q:expr, $org_col:expr, $root_id:expr, $members:expr, $inclusion:expr) => {
        match $inclusion {
            Inclusion::Own => $q.filter($org_col.eq($root_id)),
            _ => match &$members {
                Some(path) => $q.filter($org_col.eq_any(subtree_ids(path))),
                None => $q,
            },
        }
    };
}

/// Figures per organisation (id → figures) for the months `months.0..=months.1`
/// (month keys) under the node `root`.
pub fn figures_by_organisation(
    conn: &mut DbConnection,
    root_id: i64,
    root_path: &str,
    months: (i32, i32),
    inclusion: &Inclusion,
) -> Result<BTreeMap<i64, Figures>, StoreError> {
    // The whole tree ("/1/") needs no filter at all; a subtree filters by its ids.
    let whole_tree = root_path.matches('/').count() <= 2;
    // A subtree's members are a subquery of each aggregate, not a list read first.
    let members: Option<&str> = match inclusion {
        Inclusion::Own => None,
        _ if whole_tree => None,
        _ => Some(root_path),
    };
    let sums = || {
        (
            sql::<BigInt>("CAST(COALESCE(SUM(timesheets.cost_ore), 0) AS BIGINT)"),
            sql::<BigInt>("CAST(COALESCE(SUM(timesheets.hours_centi), 0) AS BIGINT)"),
            sql::<BigInt>("CAST(COUNT(*) AS BIGINT)"),
        )
    };
    let rows: Vec<(i64, Funding, i64, i64, i64)> = match inclusion {
        Inclusion::RootAndStates(_) => {
            let q = t::timesheets
                .inner_join(o::organisations.on(o::id.eq(t::organisation_id)))
                .left_join(
                    r::monthly_reports.on(r::organisation_id
                        .eq(t::organisation_id)
                        .and(r::month.eq(t::month))),
                )
                .group_by((t::organisation_id, t::funding))
                .select((t::organisation_id, t::funding, sums()))
                .filter(t::month.between(months.0, months.1))
                .filter(t::state.eq(TimesheetState::Attested))
                .into_boxed();
            include_only!(q, t::organisation_id, root_id, members, inclusion).load::<(
                i64,
                Funding,
                (i64, i64, i64),
            )>(conn)?
        }
        _ => {
            let q = t::timesheets
                .group_by((t::organisation_id, t::funding))
                .select((t::organisation_id, t::funding, sums()))
                .filter(t::month.between(months.0, months.1))
                .filter(t::state.eq(TimesheetState::Attested))
                .into_boxed();
            own_or_members!(q, t::organisation_id, root_id, members, inclusion).load::<(
                i64,
                Funding,
                (i64, i64, i64),
            )>(
                conn
            )?
        }
    }
    .into_iter()
    .map(|(org, funding, (cost, hours, count))| (org, funding, cost, hours, count))
    .collect();
    let adjustments = {
        use super::schema::timesheet_adjustments::dsl as a;
        let q = a::timesheet_adjustments
            .inner_join(o::organisations.on(o::id.eq(a::organisation_id)))
            .left_join(
                r::monthly_reports.on(r::organisation_id
                    .eq(a::organisation_id)
                    .and(r::month.eq(a::month))),
            )
            .group_by((a::organisation_id, a::funding))
            .select((
                a::organisation_id,
                a::funding,
                sql::<BigInt>("CAST(COALESCE(SUM(timesheet_adjustments.amount_ore), 0) AS BIGINT)"),
                sql::<BigInt>(
                    "CAST(COALESCE(SUM(timesheet_adjustments.hours_centi), 0) AS BIGINT)",
                ),
                sql::<BigInt>("CAST(0 AS BIGINT)"),
            ))
            .filter(a::month.between(months.0, months.1))
            .filter(a::state.eq(TimesheetState::Attested))
            .into_boxed();
        include_only!(q, a::organisation_id, root_id, members, inclusion).load::<(
            i64,
            Funding,
            i64,
            i64,
            i64,
        )>(conn)?
    };
    let premises = grouped_sums!(
        conn,
        premises,
        (financing, PremisesFinancing),
        root_id,
        members,
        months,
        inclusion
    );
    let other = grouped_sums!(
        conn,
        other_costs,
        (category, OtherCategory),
        root_id,
        members,
        months,
        inclusion
    );
    let cash = grouped_sums!(
        conn,
        cash_cofinancing,
        (kind, CashKind),
        root_id,
        members,
        months,
        inclusion
    );
    // Compensation counts once its attendance certificate is confirmed; until then it
    // is shown as pending beside the figures (issue 13.17).
    let compensation = grouped_sums!(
        conn,
        compensation,
        (kind, CompensationKind),
        root_id,
        members,
        months,
        inclusion,
        where certificate_confirmed = true
    );
    let pending = grouped_sums!(
        conn,
        compensation,
        (kind, CompensationKind),
        root_id,
        members,
        months,
        inclusion,
        where certificate_confirmed = false
    );
    let mut out: BTreeMap<i64, Figures> = BTreeMap::new();
    for (org, funding, cost, hours, count) in rows.into_iter().chain(adjustments) {
        let f = out.entry(org).or_default();
        f.attested_timesheets += count;
        f.add_time(funding, cost, hours);
    }
    for (org, financing, amount) in premises {
        out.entry(org)
            .or_default()
            .add_amount(financing.category(), amount);
    }
    for (org, category, amount) in other {
        out.entry(org)
            .or_default()
            .add_amount(category.category(), amount);
    }
    for (org, kind, amount) in compensation {
        out.entry(org)
            .or_default()
            .add_amount(kind.category(), amount);
    }
    for (org, _, amount) in pending {
        let f = out.entry(org).or_default();
        f.pending_compensation_ore = f.pending_compensation_ore.saturating_add(amount);
    }
    for (org, kind, amount) in cash {
        out.entry(org)
            .or_default()
            .add_amount(kind.category(), amount);
    }
    Ok(out)
}

/// An attested timesheet as a report line: organisation, staff member, hours, rate, cost.
#[derive(Debug, Clone, Queryable)]
pub struct TimesheetLine {
    pub organisation_id: i64,
    pub staff_name: String,
    pub employee_number: String,
    pub funding: Funding,
    pub hours_centi: CentiHours,
    pub hourly_rate_ore: Option<Ore>,
    pub cost_ore: Option<Ore>,
    /// For an adjustment: the corrected day and the reason.
    pub adjustment: Option<String>,
}

pub fn timesheet_lines(
    conn: &mut DbConnection,
    org_ids: &[i64],
    month: i32,
) -> Result<Vec<TimesheetLine>, StoreError> {
    use super::schema::staff::dsl as s;
    Ok(t::timesheets
        .inner_join(s::staff.on(s::id.eq(t::staff_id)))
        .filter(t::organisation_id.eq_any(org_ids.to_vec()))
        .filter(t::month.eq(month))
        .filter(t::state.eq(TimesheetState::Attested))
        .order((t::organisation_id.asc(), s::name.asc()))
        .select((
            t::organisation_id,
            s::name,
            s::employee_number,
            t::funding,
            t::hours_centi,
            t::hourly_rate_ore,
            t::cost_ore,
            sql::<diesel::sql_types::Nullable<diesel::sql_types::Text>>("NULL"),
        ))
        .load(conn)?)
}

/// organisation, staff name and number, funding, hours, rate, amount, day, reason.
type AdjustmentLineRow = (
    i64,
    String,
    String,
    Funding,
    i64,
    i64,
    i64,
    chrono::NaiveDate,
    String,
);

/// Attested timesheet adjustments booked in the month, as report lines.
pub fn timesheet_adjustment_lines(
    conn: &mut DbConnection,
    org_ids: &[i64],
    month: i32,
) -> Result<Vec<TimesheetLine>, StoreError> {
    use super::schema::staff::dsl as s;
    use super::schema::timesheet_adjustments::dsl as a;
    let rows: Vec<AdjustmentLineRow> = a::timesheet_adjustments
        .inner_join(s::staff.on(s::id.eq(a::staff_id)))
        .filter(a::organisation_id.eq_any(org_ids.to_vec()))
        .filter(a::month.eq(month))
        .filter(a::state.eq(TimesheetState::Attested))
        .order((a::organisation_id.asc(), s::name.asc(), a::id.asc()))
        .select((
            a::organisation_id,
            s::name,
            s::employee_number,
            a::funding,
            a::hours_centi,
            a::hourly_rate_ore,
            a::amount_ore,
            a::work_date,
            a::reason,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(org, name, number, funding, hours, rate, amount, date, reason)| TimesheetLine {
                organisation_id: org,
                staff_name: name,
                employee_number: number,
                funding,
                hours_centi: CentiHours::new(hours),
                hourly_rate_ore: Some(Ore::new(rate)),
                cost_ore: Some(Ore::new(amount)),
                adjustment: Some(format!("{date}: {reason}")),
            },
        )
        .collect())
}

pub fn premises_lines(
    conn: &mut DbConnection,
    org_ids: &[i64],
    month: i32,
) -> Result<Vec<super::entries::PremisesRow>, StoreError> {
    use super::schema::premises::dsl as x;
    Ok(x::premises
        .filter(x::organisation_id.eq_any(org_ids.to_vec()))
        .filter(x::month.eq(month))
        .order((x::organisation_id.asc(), x::id.asc()))
        .select(super::entries::PremisesRow::as_select())
        .load(conn)?)
}

pub fn other_cost_lines(
    conn: &mut DbConnection,
    org_ids: &[i64],
    month: i32,
) -> Result<Vec<super::entries::OtherCostRow>, StoreError> {
    use super::schema::other_costs::dsl as x;
    Ok(x::other_costs
        .filter(x::organisation_id.eq_any(org_ids.to_vec()))
        .filter(x::month.eq(month))
        .order((x::organisation_id.asc(), x::cost_date.asc(), x::id.asc()))
        .select(super::entries::OtherCostRow::as_select())
        .load(conn)?)
}

pub fn cash_lines(
    conn: &mut DbConnection,
    org_ids: &[i64],
    month: i32,
) -> Result<Vec<super::entries::CashRow>, StoreError> {
    use super::schema::cash_cofinancing::dsl as x;
    Ok(x::cash_cofinancing
        .filter(x::organisation_id.eq_any(org_ids.to_vec()))
        .filter(x::month.eq(month))
        .order((x::organisation_id.asc(), x::id.asc()))
        .select(super::entries::CashRow::as_select())
        .load(conn)?)
}
