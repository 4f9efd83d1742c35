//! Budget follow-up: actual against budget per organisation, region and category, for
//! a year or the whole project so far; how much of the budget is used against how much
//! of the time has gone; each organisation's and region's co-financing share against
//! what the grant requires, with a warning where it falls short.

use crate::domain::entered::ShownPercent;
use crate::domain::money::Ore;
use std::collections::{BTreeMap, HashMap};

use chrono::Datelike;
use rust_decimal::Decimal;

use super::claims::project;
use super::list_root;
use crate::domain::access::{Action, Actor};
use crate::domain::claim::{Category, ClaimFigures};
use crate::domain::period::Month;
use crate::domain::{rate, rounding};
use crate::error::{AppError, AppResult};
use crate::store::organisations::{self as orgs, OrganisationRow};
use crate::store::reports::{self, Inclusion};
use crate::store::{budgets, DbConnection};
use crate::views::budget_follow_up::{CategoryFollowUp, FollowUp, FollowUpLine, FollowUpQuery};
use crate::views::Render;

fn percent(part: i64, whole: i64) -> Option<ShownPercent> {
    rate::percent_of(part, whole, 1).map(ShownPercent::new)
}

/// One organisation's (or region's) follow-up line; `None` if a sum overflows.
fn line(
    org: &OrganisationRow,
    actual: &ClaimFigures,
    budget: &ClaimFigures,
    required_ppm: i64,
) -> Option<FollowUpLine> {
    let categories = Category::ALL
        .iter()
        .map(|c| {
            Some(CategoryFollowUp {
                category: *c,
                label: c.label().into(),
                budget: Ore::new(budget.get(*c)),
                actual: Ore::new(actual.get(*c)),
                remaining: Ore::new(budget.get(*c).checked_sub(actual.get(*c))?),
                burn_percent: percent(actual.get(*c), budget.get(*c)),
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let (eligible, cofinancing) = (actual.eligible()?, actual.cofinancing()?);
    let (cost_actual, cost_budget) = (actual.costs()?, budget.costs()?);
    let share = percent(cofinancing, eligible);
    let required = rate::ppm_to_percent(required_ppm);
    // Compared exactly (co-financing × 10⁶ < required ppm × eligible), not on the
    // rounded percentage shown.
    let short = eligible > 0
        && i128::from(cofinancing) * 1_000_000 < i128::from(required_ppm) * i128::from(eligible);
    let warning = share.filter(|_| short).map(|s| {
        format!("co-financing is {s} % of eligible costs; the grant requires {required} %")
    });
    Some(FollowUpLine {
        organisation_id: org.id,
        code: org.code.clone(),
        name: org.name.clone(),
        categories,
        cost_budget: Ore::new(cost_budget),
        cost_actual: Ore::new(cost_actual),
        burn_percent: percent(cost_actual, cost_budget),
        eligible_actual: Ore::new(eligible),
        cofinancing_actual: Ore::new(cofinancing),
        cofinancing_share_percent: share,
        warning,
    })
}

fn too_large() -> AppError {
    AppError::validation(
        "year",
        "the figures are too large to add up; check the amounts entered",
    )
}

pub fn follow_up(conn: &mut DbConnection, actor: &Actor, q: FollowUpQuery) -> AppResult<FollowUp> {
    let root = list_root(conn, actor, q.organisation_id, Action::Read)?;
    let p = project(conn)?;
    let (start, end) = (Month::of(p.start_date), Month::of(p.end_date));
    let (from, to) = match q.year {
        Some(y) if y < p.start_date.year() || y > p.end_date.year() => {
            return Err(AppError::validation(
                "year",
                format!(
                    "{y} is outside the project ({}-{})",
                    p.start_date.year(),
                    p.end_date.year()
                ),
            ))
        }
        Some(y) => (
            start.max(Month::new(y, 1).map_err(|m| AppError::validation("year", m))?),
            end.min(Month::new(y, 12).map_err(|m| AppError::validation("year", m))?),
        ),
        None => (start, end),
    };
    let today = Month::of(chrono::Utc::now().date_naive());
    let total_months = from.months_until(to);
    let elapsed = from.months_until(today.min(to));
    let base = p.indirect_base;
    let actual: HashMap<i64, ClaimFigures> = reports::figures_by_organisation(
        conn,
        root.id,
        &root.path,
        (from.to_key(), to.to_key()),
        &Inclusion::All,
    )?
    .into_iter()
    .map(|(org, f)| {
        (
            org,
            ClaimFigures::with_indirect(&f, p.indirect_rate_ppm.get(), base),
        )
    })
    .collect();
    let mut budget: HashMap<i64, ClaimFigures> = HashMap::new();
    for b in budgets::under(conn, &root.path, q.year)? {
        let c = b.category;
        let sum = budget.entry(b.organisation_id).or_default().slot(c);
        *sum = sum
            .checked_add(b.amount_ore.get())
            .ok_or_else(|| AppError::validation("year", "the budgets are too large to add up"))?;
    }
    let members = orgs::subtree(conn, &root.path)?;
    let by_id: HashMap<i64, &OrganisationRow> = members.iter().map(|o| (o.id, o)).collect();
    let zero = ClaimFigures::default();
    let mut total = (ClaimFigures::default(), ClaimFigures::default());
    let mut regions: BTreeMap<i64, (ClaimFigures, ClaimFigures)> = BTreeMap::new();
    let mut organisations = Vec::new();
    for o in &members {
        let (a, b) = (
            actual.get(&o.id).unwrap_or(&zero),
            budget.get(&o.id).unwrap_or(&zero),
        );
        if a.is_zero() && b.is_zero() {
            continue;
        }
        total.0.add(a).ok_or_else(too_large)?;
        total.1.add(b).ok_or_else(too_large)?;
        if let Some(r) = o.region_id().filter(|id| by_id.contains_key(id)) {
            let e = regions.entry(r).or_default();
            e.0.add(a).ok_or_else(too_large)?;
            e.1.add(b).ok_or_else(too_large)?;
        }
        organisations.push(line(o, a, b, p.required_cofinancing_ppm.get()).ok_or_else(too_large)?);
    }
    organisations.sort_by(|a, b| a.code.as_bytes().cmp(b.code.as_bytes()));
    let costs = total.0.costs().ok_or_else(too_large)?;
    Ok(FollowUp {
        organisation_id: root.id,
        year: q.year,
        from,
        to,
        elapsed_percent: percent(elapsed, total_months).unwrap_or(ShownPercent::new(Decimal::ZERO)),
        monthly_burn: if elapsed > 0 {
            rounding::div_half_away(i128::from(costs), i128::from(elapsed))
                .and_then(|burn| i64::try_from(burn).ok())
                .map(Ore::new)
                .ok_or_else(|| AppError::Internal("the monthly burn is out of range".into()))?
        } else {
            Ore::ZERO
        },
        required_cofinancing_percent: p.required_cofinancing_ppm,
        total: line(&root, &total.0, &total.1, p.required_cofinancing_ppm.get())
            .ok_or_else(too_large)?,
        regions: regions
            .iter()
            .filter_map(|(id, (a, b))| {
                by_id
                    .get(id)
                    .map(|o| line(o, a, b, p.required_cofinancing_ppm.get()).ok_or_else(too_large))
            })
            .collect::<AppResult<_>>()?,
        organisations,
    })
}

/// The follow-up as a workbook with charts.
pub fn export(
    conn: &mut DbConnection,
    actor: &Actor,
    q: FollowUpQuery,
    render: Render<FollowUp>,
) -> AppResult<(Vec<u8>, String)> {
    let u = follow_up(conn, actor, q)?;
    let bytes = render(&u)?;
    let period = u
        .year
        .map(|y| y.to_string())
        .unwrap_or_else(|| "hela-projektet".into());
    Ok((
        bytes,
        format!("budgetuppfoljning-{}-{period}.xlsx", u.total.code),
    ))
}
