//! A claim's figures computed from the ledger as it stands: per organisation with
//! indirect costs, the ESF amounts on top of the issued claims, and the lines behind
//! them with their fingerprint.

use crate::domain::period::Month;
use std::collections::{BTreeMap, HashMap};

use sha2::{Digest, Sha256};

use crate::domain::claim::{esf_requested, Category, ClaimFigures, EsfBasis, LineSource};
use crate::domain::money::Ore;
use crate::domain::names::Named;
use crate::domain::project::IndirectBase;
use crate::domain::rate::Ppm;
use crate::domain::swedish;
use crate::error::{AppError, AppResult};
use crate::store::claims::{
    self as store, ClaimRow, Computed, FiguresRow, LineFilter, LineRow, OrgSnapshot,
};
use crate::store::organisations::{self as orgs, OrganisationRow};
use crate::store::projects::{self, ProjectRow};
use crate::store::reports::{self, Inclusion};
use crate::store::{budgets, DbConnection};

/// The figures of a run of months as they stand now.
pub(crate) struct Computation {
    pub per_org: BTreeMap<i64, ClaimFigures>,
    /// Who each organisation is, as the claim will show it.
    pub who: HashMap<i64, OrgSnapshot>,
    /// The approved budget per category (every organisation and year).
    pub budget: Vec<(Category, i64)>,
    pub computed: Computed,
}

pub(crate) fn project(conn: &mut DbConnection) -> AppResult<ProjectRow> {
    projects::get(conn)?
        .ok_or_else(|| AppError::conflict("project", "no project is configured yet"))
}

pub(crate) fn owner(conn: &mut DbConnection) -> AppResult<OrganisationRow> {
    orgs::owner(conn)?
        .ok_or_else(|| AppError::conflict("organisation", "no project owner exists yet"))
}

/// Per-organisation figures of `first..=last` with indirect costs, and the claim's
/// amounts on top of what the issued claims before it hold.
pub(crate) fn compute(
    conn: &mut DbConnection,
    p: &ProjectRow,
    first: Month,
    last: Month,
    before_number: Option<i32>,
) -> AppResult<Computation> {
    let root = owner(conn)?;
    let base = p.indirect_base;
    let per_org: BTreeMap<i64, ClaimFigures> = reports::figures_by_organisation(
        conn,
        root.id,
        &root.path,
        (first.to_key(), last.to_key()),
        &Inclusion::All,
    )?
    .into_iter()
    .map(|(org, f)| {
        (
            org,
            ClaimFigures::with_indirect(&f, p.indirect_rate_ppm.get(), base),
        )
    })
    .filter(|(_, f)| !f.is_zero())
    .collect();
    let too_large = || {
        AppError::validation(
            "to",
            "the claim's cumulative figures are too large to add up; check the amounts entered",
        )
    };
    let mut period = ClaimFigures::default();
    for f in per_org.values() {
        period.add(f).ok_or_else(too_large)?;
    }
    let (earlier, requested_earlier) = store::earlier_totals(conn, before_number)?;
    let members = orgs::subtree(conn, &root.path)?;
    let code_of: HashMap<i64, String> = members.iter().map(|o| (o.id, o.code.clone())).collect();
    let who = members
        .iter()
        .filter(|o| per_org.contains_key(&o.id))
        .map(|o| {
            // A region's figures are its own plus its municipalities'.
            let snapshot = OrgSnapshot {
                code: o.code.clone(),
                name: o.name.clone(),
                region_code: o.region_id().and_then(|r| code_of.get(&r).cloned()),
            };
            (o.id, snapshot)
        })
        .collect();
    let mut budget: BTreeMap<Category, i64> = BTreeMap::new();
    for line in budgets::under(conn, &root.path, None)? {
        let c = line.category;
        let sum = budget.entry(c).or_insert(0);
        *sum = sum
            .checked_add(line.amount_ore.get())
            .ok_or_else(|| AppError::validation("to", "the budgets are too large to add up"))?;
    }
    let mut cumulative = earlier;
    cumulative.add(&period).ok_or_else(too_large)?;
    let (earlier_eligible, earlier_cofinancing) = (
        earlier.eligible().ok_or_else(too_large)?,
        earlier.cofinancing().ok_or_else(too_large)?,
    );
    let basis = EsfBasis {
        support_rate: p.support_rate_ppm,
        total_eligible: Ore::new(cumulative.eligible().ok_or_else(too_large)?),
        cofinancing: Ore::new(cumulative.cofinancing().ok_or_else(too_large)?),
        approved_budget: p.approved_esf_budget_ore,
    };
    let due = basis.due_cumulative();
    let requested = esf_requested(due, Ore::new(requested_earlier)).ok_or_else(too_large)?;
    Ok(Computation {
        per_org,
        who,
        budget: budget.into_iter().collect(),
        computed: Computed {
            support_rate_ppm: p.support_rate_ppm.get(),
            approved_budget_ore: p.approved_esf_budget_ore.get(),
            indirect_rate_ppm: p.indirect_rate_ppm.get(),
            indirect_base: p.indirect_base,
            distribution_key: p.distribution_key,
            earlier_eligible_ore: earlier_eligible,
            earlier_cofinancing_ore: earlier_cofinancing,
            earlier_requested_ore: requested_earlier,
            esf_due_cumulative_ore: due.get(),
            esf_requested_ore: requested.get(),
            computed_at: crate::store::now(),
        },
    })
}

pub(crate) fn figure_rows(claim_id: i64, c: &Computation) -> Vec<FiguresRow> {
    c.per_org
        .iter()
        .map(|(org, f)| {
            let who = c.who.get(org).cloned().unwrap_or(OrgSnapshot {
                code: String::new(),
                name: String::new(),
                region_code: None,
            });
            FiguresRow::new(claim_id, *org, f, who)
        })
        .collect()
}

/// Stores what the claim shows: its figures per organisation and the budget.
pub(crate) fn store_computation(
    conn: &mut DbConnection,
    claim_id: i64,
    c: &Computation,
) -> AppResult<()> {
    store::replace_figures(conn, claim_id, &figure_rows(claim_id, c))?;
    store::replace_budgets(conn, claim_id, &c.budget)?;
    Ok(())
}

/// What the manager reviewed is what gets issued: if the entries or the project's
/// settings changed the figures since the draft was computed, issuing is refused.
pub(crate) fn refuse_changed_draft(
    conn: &mut DbConnection,
    row: &ClaimRow,
    c: &Computation,
) -> AppResult<()> {
    let stored: BTreeMap<i64, ClaimFigures> = store::figures(conn, row.id)?
        .iter()
        .map(|r| (r.organisation_id, r.figures()))
        .collect();
    let k = &c.computed;
    let same = stored == c.per_org
        && row.support_rate_ppm == Ppm::new(k.support_rate_ppm)
        && row.approved_budget_ore == Ore::new(k.approved_budget_ore)
        && row.indirect_rate_ppm == Ppm::new(k.indirect_rate_ppm)
        && row.indirect_base == k.indirect_base
        && row.distribution_key == k.distribution_key
        && row.esf_due_cumulative_ore == Ore::new(k.esf_due_cumulative_ore)
        && row.esf_requested_ore == Ore::new(k.esf_requested_ore);
    if same {
        Ok(())
    } else {
        Err(AppError::conflict(
            "version",
            format!(
                "the figures of draft claim {} changed since it was computed (entries or project settings); recompute it, review it and issue again",
                row.id
            ),
        ))
    }
}

/// The indirect cost of each organisation as a line of its own.
pub(crate) fn indirect_lines(
    per_org: &BTreeMap<i64, ClaimFigures>,
    rate_ppm: i64,
    base: IndirectBase,
    last: Month,
) -> Vec<LineRow> {
    let base_label = match base {
        IndirectBase::Staff => "lön personal",
        IndirectBase::Direct => "direkta kostnader",
    };
    per_org
        .iter()
        .filter(|(_, f)| f.indirect != 0)
        .map(|(org, f)| {
            // The base was added up when the figures were (`with_indirect`), so it fits.
            let base_ore = match base {
                IndirectBase::Staff => Some(f.staff),
                IndirectBase::Direct => f.direct_cash(),
            }
            .unwrap_or(i64::MAX);
            LineRow {
                category: Category::Indirect,
                organisation_id: *org,
                month: last,
                source: LineSource::Indirect,
                source_id: *org,
                subject: format!(
                    "{} av {} ({base_label})",
                    swedish::rate(Ppm::new(rate_ppm)),
                    swedish::kronor(Ore::new(base_ore))
                ),
                amount_ore: Ore::new(f.indirect),
                import_file: None,
                import_row: None,
            }
        })
        .collect()
}

/// A fingerprint of the frozen lines, kept with the claim for `verify`.
pub(crate) fn lines_sha256(lines: &[LineRow]) -> String {
    let mut h = Sha256::new();
    for x in lines {
        h.update(format!(
            "{}|{}|{}|{}|{}|{}|{}|{}|{}\n",
            x.category.as_str(),
            x.organisation_id,
            x.month,
            x.source.as_str(),
            x.source_id,
            x.amount_ore,
            x.subject,
            x.import_file.as_deref().unwrap_or(""),
            x.import_row.map(|r| r.to_string()).unwrap_or_default()
        ));
    }
    hex::encode(h.finalize())
}

/// Every line behind the figures of `first..=last` as the entries stand now.
pub(crate) fn current_lines(
    conn: &mut DbConnection,
    (rate_ppm, base): (i64, IndirectBase),
    first: Month,
    last: Month,
    per_org: &BTreeMap<i64, ClaimFigures>,
    filter: &LineFilter,
) -> AppResult<Vec<LineRow>> {
    let mut lines = store::entry_lines(conn, first.to_key(), last.to_key(), filter)?;
    if filter.category.is_none_or(|c| c == Category::Indirect) {
        lines.extend(
            indirect_lines(per_org, rate_ppm, base, last)
                .into_iter()
                .filter(|x| {
                    filter
                        .organisation_id
                        .is_none_or(|o| o == x.organisation_id)
                }),
        );
    }
    Ok(lines)
}
