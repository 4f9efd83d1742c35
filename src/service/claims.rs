//! ESF payment claims (ansökan om utbetalning): the owner's manager drafts a claim for
//! the next run of consolidated months, recomputes it while it is a draft, and issues
//! it: numbered in sequence, its figures and every line behind them frozen, its months
//! marked claimed. Reading an issued claim never recomputes it.

use std::collections::{BTreeMap, HashMap};

use sha2::{Digest, Sha256};

use super::audit::{record, Change};
use super::{expect_version, stale, ChangedBy};
use crate::domain::access::{authorize_project, Action, Actor};
use crate::domain::claim::{
    esf_due_cumulative, esf_requested, Category, ClaimFigures, ClaimState, LineSource,
};
use crate::domain::names::Named;
use crate::domain::period::Month;
use crate::domain::project::IndirectBase;
use crate::domain::{money, rate};
use crate::error::{AppError, AppResult};
use crate::store::claims::{
    self as store, ClaimRow, Computed, FiguresRow, LineFilter, LineRow, OrgSnapshot,
};
use crate::store::organisations::{self as orgs, OrganisationRow};
use crate::store::projects::{self, ProjectRow};
use crate::store::reports::{self, Inclusion};
use crate::store::{budgets, DbConnection};
use crate::views::claims::{
    Amounts, Claim, ClaimInput, ClaimLine, ClaimListItem, ClaimSettings, EsfFigures, LineQuery,
    OrganisationFigures, RenderClaim, SummaryLine, VersionInput,
};

impl Amounts {
    fn new(period: i64, cumulative: i64, budget: i64) -> Self {
        Amounts {
            period: money::from_ore(period),
            cumulative: money::from_ore(cumulative),
            budget: money::from_ore(budget),
            remaining: money::from_ore(budget - cumulative),
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
            eligible: money::from_ore(f.eligible()),
            cofinancing: money::from_ore(f.cofinancing()),
        }
    }
}

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

fn indirect_base(p: &ProjectRow) -> AppResult<IndirectBase> {
    Ok(p.indirect_base)
}

/// Per-organisation figures of `first..=last` with indirect costs, and the claim's
/// amounts on top of what the issued claims before it hold.
pub(crate) fn compute(
    conn: &mut DbConnection,
    p: &ProjectRow,
    first: i32,
    last: i32,
    before_number: Option<i32>,
) -> AppResult<Computation> {
    let root = owner(conn)?;
    let base = indirect_base(p)?;
    let per_org: BTreeMap<i64, ClaimFigures> = reports::figures_by_organisation(
        conn,
        root.id,
        &root.path,
        (first, last),
        &Inclusion::All,
    )?
    .into_iter()
    .map(|(org, f)| {
        (
            org,
            ClaimFigures::with_indirect(&f, p.indirect_rate_ppm, base),
        )
    })
    .filter(|(_, f)| !f.is_zero())
    .collect();
    let mut period = ClaimFigures::default();
    for f in per_org.values() {
        period.add(f);
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
        *budget.entry(c).or_insert(0) += line.amount_ore;
    }
    let due = esf_due_cumulative(
        p.support_rate_ppm,
        earlier.eligible() + period.eligible(),
        earlier.cofinancing() + period.cofinancing(),
        p.approved_esf_budget_ore,
    );
    Ok(Computation {
        per_org,
        who,
        budget: budget.into_iter().collect(),
        computed: Computed {
            support_rate_ppm: p.support_rate_ppm,
            approved_budget_ore: p.approved_esf_budget_ore,
            indirect_rate_ppm: p.indirect_rate_ppm,
            indirect_base: p.indirect_base,
            distribution_key: p.distribution_key,
            earlier_eligible_ore: earlier.eligible(),
            earlier_cofinancing_ore: earlier.cofinancing(),
            earlier_requested_ore: requested_earlier,
            esf_due_cumulative_ore: due,
            esf_requested_ore: esf_requested(due, requested_earlier),
            computed_at: crate::store::now(),
        },
    })
}

fn month_of(key: i32) -> AppResult<Month> {
    Month::from_key(key).map_err(AppError::Internal)
}

/// The rules on a claim's months: inside the project, right after the last issued
/// claim (no month left unclaimed before it), none claimed, every month consolidated
/// by the owner and every organisation with entries in it consolidated.
fn check_months(
    conn: &mut DbConnection,
    p: &ProjectRow,
    first: Month,
    last: Month,
) -> AppResult<()> {
    use crate::domain::claim_period::{self as rule, Refusal};
    let (a, b) = (first.to_key(), last.to_key());
    let owner = owner(conn)?;
    let ledger = rule::Ledger {
        project: Some((Month::of(p.start_date), Month::of(p.end_date))),
        issued: store::issued(conn)?
            .iter()
            .map(|c| {
                Ok(rule::IssuedClaim {
                    number: c.number.unwrap_or_default(),
                    from: month_of(c.first_month)?,
                    to: month_of(c.last_month)?,
                })
            })
            .collect::<AppResult<_>>()?,
        owner_id: owner.id,
        states: if last < first {
            HashMap::new()
        } else {
            store::report_states(conn, a, b)?
                .into_iter()
                .map(|(o, m, s)| Ok(((o, month_of(m)?), s)))
                .collect::<AppResult<_>>()?
        },
        with_entries: Vec::new(),
    };
    let mut ledger = ledger;
    let mut refusal = rule::check(first, last, &ledger).err();
    // Open months with entries matter only once the project's own months pass.
    let own_months_pass = match &refusal {
        None => true,
        Some(Refusal::NotConsolidated(blockers)) => {
            blockers.iter().all(|b| b.organisation_id.is_some())
        }
        Some(_) => false,
    };
    if own_months_pass {
        ledger.with_entries = store::months_with_entries(conn, a, b)?
            .into_iter()
            .map(|(o, m)| Ok((o, month_of(m)?)))
            .collect::<AppResult<_>>()?;
        refusal = rule::check(first, last, &ledger).err();
    }
    let Some(refusal) = refusal else {
        return Ok(());
    };
    Err(match refusal {
        Refusal::Reversed => AppError::validation(
            "to",
            format!("{last} is before {first}; a claim covers from..to"),
        ),
        Refusal::OutsideProject { to_field, month } => {
            let (start, end) = (Month::of(p.start_date), Month::of(p.end_date));
            AppError::validation(
                if to_field { "to" } else { "from" },
                format!("{month} is outside the project ({start}..{end})"),
            )
        }
        Refusal::AlreadyClaimed(c) => AppError::conflict(
            "from",
            format!(
                "{}..{} are already claimed in claim {}",
                c.from, c.to, c.number
            ),
        ),
        Refusal::Gap { next } => AppError::conflict(
            "from",
            format!(
                "the next claim starts at {next}, the first month not yet claimed; a claim from {first} would leave a gap"
            ),
        ),
        Refusal::NotConsolidated(blockers) => {
            let names: HashMap<i64, String> = orgs::subtree(conn, &owner.path)?
                .into_iter()
                .map(|o| (o.id, o.name))
                .collect();
            let problems: Vec<String> = blockers
                .iter()
                .map(|b| match b.organisation_id {
                    None => format!("{} (the project's report is {})", b.month, b.state.as_str()),
                    Some(org) => {
                        let name = names.get(&org).cloned().unwrap_or_else(|| org.to_string());
                        format!("{} {name} (its report is {})", b.month, b.state.as_str())
                    }
                })
                .collect();
            let shown: Vec<&str> = problems.iter().take(20).map(String::as_str).collect();
            AppError::conflict(
                "to",
                format!(
                    "only consolidated months can be claimed; not consolidated: {}{}",
                    shown.join(", "),
                    if problems.len() > 20 {
                        format!(" and {} more", problems.len() - 20)
                    } else {
                        String::new()
                    }
                ),
            )
        }
    })
}

fn require_claimant(actor: &Actor) -> AppResult<()> {
    Ok(authorize_project(actor, Action::MakeClaims)?)
}

fn require_reader(actor: &Actor) -> AppResult<()> {
    Ok(authorize_project(actor, Action::ReadClaims)?)
}

pub(crate) fn load(conn: &mut DbConnection, id: i64) -> AppResult<ClaimRow> {
    store::find(conn, id)?.ok_or_else(|| AppError::NotFound(format!("no claim {id}")))
}

fn reload(conn: &mut DbConnection, id: i64) -> AppResult<Claim> {
    let row = load(conn, id)?;
    view(conn, row)
}

fn figure_rows(claim_id: i64, c: &Computation) -> Vec<FiguresRow> {
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
fn store_computation(conn: &mut DbConnection, claim_id: i64, c: &Computation) -> AppResult<()> {
    store::replace_figures(conn, claim_id, &figure_rows(claim_id, c))?;
    store::replace_budgets(conn, claim_id, &c.budget)?;
    Ok(())
}

fn audit(
    conn: &mut DbConnection,
    actor: &Actor,
    action: &str,
    before: Option<&Claim>,
    after: Option<&Claim>,
    id: i64,
) -> AppResult<()> {
    let owner = owner(conn)?;
    let summary = |c: &Claim| (c.state, c.number, c.esf.requested, c.version);
    let (before, after) = (before.map(summary), after.map(summary));
    record(
        conn,
        &ChangedBy::of(actor),
        Change {
            organisation_id: owner.id,
            action,
            entity: "claim",
            entity_id: id,
        },
        before.as_ref(),
        after.as_ref(),
    )
}

pub fn create(conn: &mut DbConnection, actor: &Actor, input: ClaimInput) -> AppResult<Claim> {
    require_claimant(actor)?;
    conn.write_tx(|conn| {
        // One claim writer at a time (also across server instances): no two drafts
        // over the same months.
        store::lock_claims(conn)?;
        let p = project(conn)?;
        check_months(conn, &p, input.from, input.to)?;
        let (a, b) = (input.from.to_key(), input.to.to_key());
        if let Some(d) = store::overlapping_drafts(conn, a, b)?.first() {
            return Err(AppError::conflict(
                "from",
                format!(
                    "draft claim {} already covers {}..{}; recompute or delete it",
                    d.id,
                    month_of(d.first_month)?,
                    month_of(d.last_month)?
                ),
            ));
        }
        let c = compute(conn, &p, a, b, None)?;
        let now = crate::store::now();
        let row = ClaimRow {
            id: 0,
            number: None,
            state: ClaimState::Draft,
            first_month: a,
            last_month: b,
            support_rate_ppm: c.computed.support_rate_ppm,
            approved_budget_ore: c.computed.approved_budget_ore,
            indirect_rate_ppm: c.computed.indirect_rate_ppm,
            indirect_base: c.computed.indirect_base,
            distribution_key: c.computed.distribution_key,
            earlier_eligible_ore: c.computed.earlier_eligible_ore,
            earlier_cofinancing_ore: c.computed.earlier_cofinancing_ore,
            earlier_requested_ore: c.computed.earlier_requested_ore,
            esf_due_cumulative_ore: c.computed.esf_due_cumulative_ore,
            esf_requested_ore: c.computed.esf_requested_ore,
            lines_sha256: String::new(),
            created_by: actor.user_id,
            created_at: now,
            computed_at: now,
            issued_by: None,
            issued_at: None,
            version: 1,
        };
        let id = store::insert(conn, &row)?;
        store_computation(conn, id, &c)?;
        let claim = reload(conn, id)?;
        audit(conn, actor, "create", None, Some(&claim), id)?;
        Ok(claim)
    })
}

pub fn recompute(
    conn: &mut DbConnection,
    actor: &Actor,
    id: i64,
    input: VersionInput,
) -> AppResult<Claim> {
    require_claimant(actor)?;
    conn.write_tx(|conn| {
        let row = load(conn, id)?;
        refuse_issued(&row)?;
        let before = view(conn, row.clone())?;
        let p = project(conn)?;
        check_months(
            conn,
            &p,
            month_of(row.first_month)?,
            month_of(row.last_month)?,
        )?;
        let c = compute(conn, &p, row.first_month, row.last_month, None)?;
        expect_version(
            store::update_draft(conn, id, input.version, &c.computed)?,
            "claim",
            input.version,
        )?;
        store_computation(conn, id, &c)?;
        let claim = reload(conn, id)?;
        audit(conn, actor, "recompute", Some(&before), Some(&claim), id)?;
        Ok(claim)
    })
}

/// What the manager reviewed is what gets issued: if the entries or the project's
/// settings changed the figures since the draft was computed, issuing is refused.
fn refuse_changed_draft(conn: &mut DbConnection, row: &ClaimRow, c: &Computation) -> AppResult<()> {
    let stored: BTreeMap<i64, ClaimFigures> = store::figures(conn, row.id)?
        .iter()
        .map(|r| (r.organisation_id, r.figures()))
        .collect();
    let k = &c.computed;
    let same = stored == c.per_org
        && row.support_rate_ppm == k.support_rate_ppm
        && row.approved_budget_ore == k.approved_budget_ore
        && row.indirect_rate_ppm == k.indirect_rate_ppm
        && row.indirect_base == k.indirect_base
        && row.distribution_key == k.distribution_key
        && row.esf_due_cumulative_ore == k.esf_due_cumulative_ore
        && row.esf_requested_ore == k.esf_requested_ore;
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

fn refuse_issued(row: &ClaimRow) -> AppResult<()> {
    match row.number {
        Some(n) => Err(AppError::conflict(
            "state",
            format!(
                "claim {} is issued as number {n}; an issued claim never changes",
                row.id
            ),
        )),
        None => Ok(()),
    }
}

/// The indirect cost of each organisation as a line of its own.
fn indirect_lines(
    per_org: &BTreeMap<i64, ClaimFigures>,
    rate_ppm: i64,
    base: IndirectBase,
    last: i32,
) -> Vec<LineRow> {
    let base_label = match base {
        IndirectBase::Staff => "lön personal",
        IndirectBase::Direct => "direkta kostnader",
    };
    per_org
        .iter()
        .filter(|(_, f)| f.indirect != 0)
        .map(|(org, f)| {
            let base_ore = match base {
                IndirectBase::Staff => f.staff,
                IndirectBase::Direct => f.direct_cash(),
            };
            LineRow {
                category: Category::Indirect,
                organisation_id: *org,
                month: last,
                source: LineSource::Indirect,
                source_id: *org,
                subject: format!(
                    "{} % av {} kr ({base_label})",
                    rate::ppm_to_percent(rate_ppm),
                    money::from_ore(base_ore)
                ),
                amount_ore: f.indirect,
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
    first: i32,
    last: i32,
    per_org: &BTreeMap<i64, ClaimFigures>,
    filter: &LineFilter,
) -> AppResult<Vec<LineRow>> {
    let mut lines = store::entry_lines(conn, first, last, filter)?;
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

/// Issues the draft: takes the next number (which queues concurrent issuers on the
/// project row), checks the months again, recomputes and freezes figures and lines,
/// and marks the months claimed, all in one transaction.
pub fn issue(
    conn: &mut DbConnection,
    actor: &Actor,
    id: i64,
    input: VersionInput,
) -> AppResult<Claim> {
    require_claimant(actor)?;
    conn.write_tx(|conn| {
        let number = store::take_claim_number(conn)?;
        let row = load(conn, id)?;
        refuse_issued(&row)?;
        expect_version(row.version == input.version, "claim", input.version)?;
        let before = view(conn, row.clone())?;
        let p = project(conn)?;
        check_months(
            conn,
            &p,
            month_of(row.first_month)?,
            month_of(row.last_month)?,
        )?;
        let c = compute(conn, &p, row.first_month, row.last_month, None)?;
        refuse_changed_draft(conn, &row, &c)?;
        let lines = current_lines(
            conn,
            (c.computed.indirect_rate_ppm, indirect_base(&p)?),
            row.first_month,
            row.last_month,
            &c.per_org,
            &LineFilter::default(),
        )?;
        expect_version(
            store::update_draft(conn, id, input.version, &c.computed)?,
            "claim",
            input.version,
        )?;
        if !store::mark_issued(
            conn,
            id,
            input.version + 1,
            number,
            &lines_sha256(&lines),
            actor.user_id,
        )? {
            return Err(stale("claim", input.version));
        }
        store_computation(conn, id, &c)?;
        store::insert_lines(conn, id, &lines)?;
        let months: Vec<i32> = month_of(row.first_month)?
            .through(month_of(row.last_month)?)
            .map(Month::to_key)
            .collect();
        store::mark_months_claimed(conn, &months)?;
        let claim = reload(conn, id)?;
        audit(conn, actor, "issue", Some(&before), Some(&claim), id)?;
        Ok(claim)
    })
}

pub fn delete(conn: &mut DbConnection, actor: &Actor, id: i64, version: i64) -> AppResult<()> {
    require_claimant(actor)?;
    conn.write_tx(|conn| {
        let row = load(conn, id)?;
        refuse_issued(&row)?;
        let before = view(conn, row)?;
        expect_version(store::delete_draft(conn, id, version)?, "claim", version)?;
        audit(conn, actor, "delete", Some(&before), None::<&Claim>, id)
    })
}

pub fn list(conn: &mut DbConnection, actor: &Actor) -> AppResult<Vec<ClaimListItem>> {
    require_reader(actor)?;
    store::list(conn)?
        .into_iter()
        .map(|r| {
            Ok(ClaimListItem {
                id: r.id,
                number: r.number,
                state: r.state,
                from: month_of(r.first_month)?,
                to: month_of(r.last_month)?,
                esf_requested: money::from_ore(r.esf_requested_ore),
                version: r.version,
            })
        })
        .collect()
}

pub fn get(conn: &mut DbConnection, actor: &Actor, id: i64) -> AppResult<Claim> {
    require_reader(actor)?;
    let row = load(conn, id)?;
    view(conn, row)
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
        from: month_of(row.first_month)?,
        to: month_of(row.last_month)?,
        settings: ClaimSettings {
            support_rate: rate::ppm_to_percent(row.support_rate_ppm),
            indirect_rate: rate::ppm_to_percent(row.indirect_rate_ppm),
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
            due_cumulative: money::from_ore(row.esf_due_cumulative_ore),
            requested_earlier: money::from_ore(row.earlier_requested_ore),
            requested: money::from_ore(row.esf_requested_ore),
            approved_budget: money::from_ore(row.approved_budget_ore),
            remaining_budget: money::from_ore(row.approved_budget_ore - row.esf_due_cumulative_ore),
        },
        regions: region_lines,
        organisations,
        created_by: row.created_by,
        created_at: row.created_at,
        computed_at: row.computed_at,
        issued_by: row.issued_by,
        issued_at: row.issued_at,
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
        (row.indirect_rate_ppm, base),
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

pub fn lines(
    conn: &mut DbConnection,
    actor: &Actor,
    id: i64,
    q: LineQuery,
) -> AppResult<Vec<ClaimLine>> {
    require_reader(actor)?;
    let limit = q.limit.unwrap_or(1000);
    if !(1..=10_000).contains(&limit) {
        return Err(AppError::validation("limit", "must be 1..10000"));
    }
    let offset = q.offset.unwrap_or(0);
    if offset < 0 {
        return Err(AppError::validation("offset", "must not be negative"));
    }
    let row = load(conn, id)?;
    let filter = LineFilter {
        category: q.category,
        organisation_id: q.organisation_id,
    };
    let codes = codes(conn)?;
    claim_lines(conn, &row, &filter, limit, offset)?
        .into_iter()
        .map(|x| line_view(&codes, x))
        .collect()
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
        month: month_of(x.month)?,
        category: x.category,
        organisation_id: x.organisation_id,
        source: x.source,
        source_id: x.source_id,
        subject: x.subject,
        amount: money::from_ore(x.amount_ore),
        import_file: x.import_file,
        import_row: x.import_row,
    })
}

/// The claim as a workbook and its file name.
pub fn export(
    conn: &mut DbConnection,
    actor: &Actor,
    id: i64,
    render: RenderClaim,
) -> AppResult<(Vec<u8>, String)> {
    require_reader(actor)?;
    let row = load(conn, id)?;
    let claim = view(conn, row.clone())?;
    let p = project(conn)?;
    let codes = codes(conn)?;
    let mut failure: Option<AppError> = None;
    let bytes = render(&claim, &p.name, &p.esf_case_number, &mut |cat| {
        let filter = LineFilter {
            category: Some(cat),
            organisation_id: None,
        };
        let lines = claim_lines(conn, &row, &filter, i64::MAX, 0).and_then(|lines| {
            lines
                .into_iter()
                .map(|x| line_view(&codes, x))
                .collect::<AppResult<Vec<_>>>()
        });
        lines.map_err(|err| {
            let text = err.to_string();
            failure = Some(err);
            text
        })
    });
    if let Some(err) = failure {
        return Err(err);
    }
    let bytes = bytes.map_err(AppError::Internal)?;
    let name = match claim.number {
        Some(n) => format!(
            "ansokan-om-utbetalning-{n}-{}-{}.xlsx",
            claim.from, claim.to
        ),
        None => format!(
            "ansokan-utkast-{}-{}-{}.xlsx",
            claim.id, claim.from, claim.to
        ),
    };
    Ok((bytes, name))
}
