//! The claim as its reader sees it: built from its own stored rows (never
//! recomputed for an issued claim), and the lines behind its figures.

use crate::domain::money::Ore;
use std::collections::{BTreeMap, HashMap};

use crate::domain::claim::{Category, ClaimFigures};
use crate::domain::money;
use crate::error::AppResult;
use crate::store::claims::{self as store, ClaimRow, FiguresRow, LineFilter, LineRow};
use crate::store::organisations::{self as orgs};
use crate::store::DbConnection;
use crate::views::claims::{
    Amounts, Claim, ClaimLine, ClaimSettings, EsfFigures, OrganisationFigures, SummaryLine,
};

use super::*;

impl Amounts {
    fn new(period: i64, cumulative: i64, budget: i64) -> Self {
        Amounts {
            period: Ore::new(period),
            cumulative: Ore::new(cumulative),
            budget: Ore::new(budget),
            remaining: Ore::new(budget - cumulative),
        }
    }
}

impl OrganisationFigures {
    /// An organisation's figures as its claim row recorded them.
    pub fn of(row: &FiguresRow) -> Self {
        Self::new(
            row.organisation_id,
            &row.code,
            &row.name,
            row.region_code.clone(),
            &row.figures(),
        )
    }

    fn new(id: i64, code: &str, name: &str, region_code: Option<String>, f: &ClaimFigures) -> Self {
        OrganisationFigures {
            organisation_id: id,
            code: code.into(),
            name: name.into(),
            region_code,
            figures: Category::ALL
                .iter()
                .map(|c| (*c, money::from_ore(f.get(*c)).to_string()))
                .collect(),
            eligible: Ore::new(f.eligible()),
            cofinancing: Ore::new(f.cofinancing()),
        }
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
        period.add(&f);
        organisations.push(OrganisationFigures::of(r));
        if let Some(region) = &r.region_code {
            regions.entry(region.clone()).or_default().add(&f);
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
        ));
    }
    organisations.sort_by(|a, b| a.code.as_bytes().cmp(b.code.as_bytes()));
    let mut cumulative = earlier;
    cumulative.add(&period);
    let line = |c: Category| SummaryLine {
        category: c,
        label: c.label().into(),
        amounts: Amounts::new(
            period.get(c),
            cumulative.get(c),
            budget.get(&c).copied().unwrap_or(0),
        ),
    };
    let costs_budget: i64 = Category::COSTS
        .iter()
        .map(|c| budget.get(c).copied().unwrap_or(0))
        .sum();
    let cof_budget: i64 = Category::COFINANCING
        .iter()
        .map(|c| budget.get(c).copied().unwrap_or(0))
        .sum();
    let in_eligible_budget = budget.get(&Category::InKind).copied().unwrap_or(0)
        + budget
            .get(&Category::ParticipantCompensation)
            .copied()
            .unwrap_or(0);
    let sum_costs = |f: &ClaimFigures| f.direct_cash() + f.indirect;
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
        costs: Category::COSTS.iter().map(|c| line(*c)).collect(),
        cofinancing: Category::COFINANCING.iter().map(|c| line(*c)).collect(),
        total_costs: Amounts::new(sum_costs(&period), sum_costs(&cumulative), costs_budget),
        total_eligible: Amounts::new(
            period.eligible(),
            cumulative.eligible(),
            costs_budget + in_eligible_budget,
        ),
        total_cofinancing: Amounts::new(period.cofinancing(), cumulative.cofinancing(), cof_budget),
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
                total_eligible: Ore::new(cumulative.eligible()),
                cofinancing: Ore::new(cumulative.cofinancing()),
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
