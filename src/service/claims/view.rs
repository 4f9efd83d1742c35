//! The claim as its reader sees it: built from its own stored rows (never
//! recomputed for an issued claim), and the lines behind its figures.

use crate::domain::money::Ore;
use std::collections::{BTreeMap, HashMap};

use crate::domain::claim::{Category, ClaimFigures};
use crate::domain::project::DistributionKey;
use crate::error::{AppError, AppResult};
use crate::store::claims::{self as store, ClaimRow, FiguresRow, LineFilter, LineRow};
use crate::store::organisations::{self as orgs};
use crate::store::DbConnection;
use crate::views::claims::{
    Amounts, Claim, ClaimLine, ClaimSettings, EsfFigures, OrganisationFigures, SummaryLine,
};

use super::*;

/// A stored claim's sums did not fit: they were added up with checks when the claim was
/// computed, so this is a fault of ours, not of the reader.
fn overflow() -> AppError {
    AppError::Internal("a stored claim's figures overflow when added up".into())
}

impl Amounts {
    /// A line's amounts; `budget` is `None` when no budget line covers it.
    fn new(period: i64, cumulative: i64, budget: Option<i64>) -> AppResult<Self> {
        let remaining = budget
            .map(|b| b.checked_sub(cumulative).map(Ore::new).ok_or_else(overflow))
            .transpose()?;
        Ok(Amounts {
            period: Ore::new(period),
            cumulative: Ore::new(cumulative),
            budget: budget.map(Ore::new),
            remaining,
        })
    }
}

impl OrganisationFigures {
    /// An organisation's figures as its claim row recorded them.
    pub fn of(row: &FiguresRow) -> AppResult<Self> {
        Self::new(
            row.organisation_id,
            &row.code,
            &row.name,
            row.region_code.clone(),
            &row.figures(),
        )
    }

    fn new(
        id: i64,
        code: &str,
        name: &str,
        region_code: Option<String>,
        f: &ClaimFigures,
    ) -> AppResult<Self> {
        Ok(OrganisationFigures {
            organisation_id: id,
            code: code.into(),
            name: name.into(),
            region_code,
            figures: Category::ALL
                .iter()
                .map(|c| (*c, Ore::new(f.get(*c))))
                .collect(),
            eligible: Ore::new(f.eligible().ok_or_else(overflow)?),
            cofinancing: Ore::new(f.cofinancing().ok_or_else(overflow)?),
        })
    }
}

/// The claim as stored: figures from its own rows, cumulative from the issued claims
/// before it (for a draft: all issued claims).
pub(crate) fn view(conn: &mut DbConnection, row: ClaimRow) -> AppResult<Claim> {
    let rows = store::figures(conn, row.id)?;
    let earlier = store::earlier_totals(conn, row.number)?.0;
    let mut budget: HashMap<Category, i64> = HashMap::new();
    for (c, amount) in store::budgets(conn, row.id)? {
        budget.insert(c, amount);
    }
    let mut period = ClaimFigures::default();
    let mut organisations = Vec::with_capacity(rows.len());
    let mut regions: BTreeMap<String, ClaimFigures> = BTreeMap::new();
    for r in &rows {
        let f = r.figures();
        period.add(&f).ok_or_else(overflow)?;
        organisations.push(OrganisationFigures::of(r)?);
        if let Some(region) = &r.region_code {
            regions
                .entry(region.clone())
                .or_default()
                .add(&f)
                .ok_or_else(overflow)?;
        }
    }
    // A region's own row names it; one without costs of its own is looked up.
    let mut region_lines = Vec::with_capacity(regions.len());
    for (code, f) in &regions {
        let (id, name) = match rows.iter().find(|r| &r.code == code) {
            Some(r) => (r.organisation_id, r.name.clone()),
            None => orgs::find_by_code(conn, code)?
                .map(|o| (o.id, o.name))
                .unwrap_or((0, code.clone())),
        };
        region_lines.push(OrganisationFigures::new(
            id,
            code,
            &name,
            Some(code.clone()),
            f,
        )?);
    }
    organisations.sort_by(|a, b| a.code.as_bytes().cmp(b.code.as_bytes()));
    let mut cumulative = earlier;
    cumulative.add(&period).ok_or_else(overflow)?;
    // The budget of some categories: `None` when none of them has a budget line.
    let budget_of = |cats: &[Category]| -> AppResult<Option<i64>> {
        cats.iter()
            .filter_map(|c| budget.get(c))
            .try_fold(None, |sum: Option<i64>, b| {
                sum.unwrap_or(0).checked_add(*b).map(Some)
            })
            .ok_or_else(overflow)
    };
    let line = |c: Category| -> AppResult<SummaryLine> {
        Ok(SummaryLine {
            category: c,
            label: c.label().into(),
            amounts: Amounts::new(period.get(c), cumulative.get(c), budget.get(&c).copied())?,
        })
    };
    let checked = |v: Option<i64>| v.ok_or_else(overflow);
    let (eligible_period, eligible_cumulative) =
        (checked(period.eligible())?, checked(cumulative.eligible())?);
    let (cofinancing_period, cofinancing_cumulative) = (
        checked(period.cofinancing())?,
        checked(cumulative.cofinancing())?,
    );
    Ok(Claim {
        id: row.id,
        number: row.number,
        state: row.state,
        from: row.first_month,
        to: row.last_month,
        settings: ClaimSettings {
            support_rate: row.support_rate_ppm,
            indirect_rate: row.indirect_rate_ppm,
            indirect_base: row.indirect_base,
            distribution_key: row.distribution_key,
        },
        costs: Category::COSTS
            .iter()
            .map(|c| line(*c))
            .collect::<AppResult<_>>()?,
        cofinancing: Category::COFINANCING
            .iter()
            .map(|c| line(*c))
            .collect::<AppResult<_>>()?,
        total_costs: Amounts::new(
            checked(period.costs())?,
            checked(cumulative.costs())?,
            budget_of(&Category::COSTS)?,
        )?,
        total_eligible: Amounts::new(
            eligible_period,
            eligible_cumulative,
            budget_of(Category::basis(DistributionKey::TotalEligible))?,
        )?,
        total_cofinancing: Amounts::new(
            cofinancing_period,
            cofinancing_cumulative,
            budget_of(&Category::COFINANCING)?,
        )?,
        esf: EsfFigures {
            due_cumulative: row.esf_due_cumulative_ore,
            requested_earlier: row.earlier_requested_ore,
            requested: row.esf_requested_ore,
            approved_budget: row.approved_budget_ore,
            remaining_budget: Ore::new(
                row.approved_budget_ore
                    .get()
                    .saturating_sub(row.esf_due_cumulative_ore.get()),
            ),
            cap: crate::domain::claim::EsfBasis {
                support_rate: row.support_rate_ppm,
                total_eligible: Ore::new(eligible_cumulative),
                cofinancing: Ore::new(cofinancing_cumulative),
                approved_budget: row.approved_budget_ore,
            }
            .binding_cap(),
        },
        regions: region_lines,
        organisations,
        created_by: row.created_by,
        created_at: row.created_at.and_utc(),
        computed_at: row.computed_at.and_utc(),
        issued_by: row.issued_by,
        issued_at: row.issued_at.map(|t| t.and_utc()),
        sent_on: row.sent_on,
        version: row.version,
    })
}

/// The lines behind the claim's figures: the frozen ones of an issued claim, the
/// entries as they stand of a draft.
pub(crate) fn claim_lines(
    conn: &mut DbConnection,
    row: &ClaimRow,
    filter: &LineFilter,
    limit: i64,
    offset: i64,
) -> AppResult<Vec<LineRow>> {
    if row.number.is_some() {
        return Ok(store::frozen_lines(conn, row.id, filter, limit, offset)?);
    }
    let per_org: BTreeMap<i64, ClaimFigures> = store::figures(conn, row.id)?
        .iter()
        .map(|r| (r.organisation_id, r.figures()))
        .collect();
    let base = row.indirect_base;
    let lines = current_lines(
        conn,
        (row.indirect_rate_ppm.get(), base),
        row.first_month,
        row.last_month,
        &per_org,
        filter,
    )?;
    Ok(lines
        .into_iter()
        .skip(usize::try_from(offset).unwrap_or(0))
        .take(usize::try_from(limit).unwrap_or(0))
        .collect())
}

pub(crate) fn codes(conn: &mut DbConnection) -> AppResult<HashMap<i64, String>> {
    let owner = owner(conn)?;
    Ok(orgs::subtree(conn, &owner.path)?
        .into_iter()
        .map(|o| (o.id, o.code))
        .collect())
}

pub(crate) fn line_view(codes: &HashMap<i64, String>, x: LineRow) -> AppResult<ClaimLine> {
    Ok(ClaimLine {
        organisation_code: codes.get(&x.organisation_id).cloned().unwrap_or_default(),
        month: x.month,
        category: x.category,
        organisation_id: x.organisation_id,
        source: x.source,
        source_id: x.source_id,
        subject: x.subject,
        amount: x.amount_ore,
        import_file: x.import_file,
        import_row: x.import_row,
    })
}
