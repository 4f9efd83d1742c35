//! Reading the ledger for the claim-period rule (`domain::claim_period`) and saying
//! in words why a run of months cannot be claimed.

use std::collections::HashMap;

use crate::domain::names::Named;
use crate::domain::period::Month;
use crate::domain::workflow::ReportState;
use crate::error::{AppError, AppResult};
use crate::store::claims::{self as store};
use crate::store::organisations::{self as orgs};
use crate::store::projects::ProjectRow;
use crate::store::DbConnection;

use super::*;

/// The rules on a claim's months: inside the project, right after the last issued
/// claim (no month left unclaimed before it), none claimed, every month consolidated
/// by the owner and every organisation with entries in it consolidated.
/// What the claim-period rule reads for `first..=last`.
fn ledger(
    conn: &mut DbConnection,
    p: &ProjectRow,
    owner_id: i64,
    first: Month,
    last: Month,
) -> AppResult<crate::domain::claim_period::Ledger> {
    use crate::domain::claim_period as rule;
    // A reversed run has no months to read (and is refused by the rule).
    let reversed = last < first;
    let states: HashMap<(i64, Month), ReportState> = if reversed {
        HashMap::new()
    } else {
        store::report_states(conn, first, last)?
            .into_iter()
            .map(|(o, m, s)| ((o, m), s))
            .collect()
    };
    Ok(rule::Ledger {
        project: (Month::of(p.start_date), Month::of(p.end_date)),
        issued: store::issued(conn)?
            .iter()
            .map(|c| {
                Ok(rule::IssuedClaim {
                    number: c.number.unwrap_or_default(),
                    from: c.first_month,
                    to: c.last_month,
                })
            })
            .collect::<AppResult<_>>()?,
        owner_id,
        with_entries: if reversed {
            Vec::new()
        } else {
            open_months_with_entries(conn, &states, first, last)?
        },
        states,
    })
}

/// The organisations' months of `first..=last` with entries, where the rule needs them:
/// only a month whose report is open (or has no row) can block a claim by its entries,
/// so the entry tables are read only for organisations with such a month. When every
/// report of the run has gone further (the usual case for a claim), none is read.
fn open_months_with_entries(
    conn: &mut DbConnection,
    states: &HashMap<(i64, Month), ReportState>,
    first: Month,
    last: Month,
) -> AppResult<Vec<(i64, Month)>> {
    let is_open = |o: i64, m: Month| states.get(&(o, m)).is_none_or(|s| *s == ReportState::Open);
    let all: Vec<i64> = orgs::all_ids(conn)?;
    let with_open: Vec<i64> = all
        .into_iter()
        .filter(|o| first.through(last).any(|m| is_open(*o, m)))
        .collect();
    if with_open.is_empty() {
        return Ok(Vec::new());
    }
    Ok(
        store::months_with_entries(conn, first, last, Some(&with_open))?
            .into_iter()
            .filter(|(o, m)| is_open(*o, *m))
            .collect(),
    )
}

/// The next claim (issue 15's Ansökningar): its months, from the first not yet claimed
/// to `to` (by default the last month that has ended, inside the project), and every
/// organisation and month that keeps it from being made, by the claim-period rule.
pub fn next(
    conn: &mut DbConnection,
    actor: &crate::domain::access::Actor,
    to: Option<Month>,
    today: chrono::NaiveDate,
) -> AppResult<crate::views::claims::NextClaim> {
    use crate::domain::claim_period::{self as rule, Refusal};
    use crate::views::claims::{ClaimBlocker, NextClaim};
    require_reader(actor)?;
    let p = project(conn)?;
    let owner = owner(conn)?;
    let (start, end) = (Month::of(p.start_date), Month::of(p.end_date));
    let from = store::issued(conn)?
        .iter()
        .map(|c| c.last_month)
        .max()
        .map_or(start, Month::next);
    let to = to.unwrap_or_else(|| Month::of(today).previous().min(end));
    if from > end || to < from {
        return Ok(NextClaim {
            from,
            to,
            blockers: Vec::new(),
            refusal: None,
            nothing_to_claim: true,
        });
    }
    let ledger = ledger(conn, &p, owner.id, from, to)?;
    let (blockers, refusal) = match rule::check(from, to, &ledger) {
        Ok(()) => (Vec::new(), None),
        Err(Refusal::NotConsolidated(_)) => {
            // The rule stops at the project's months; a person needs the whole list.
            let blockers = rule::all_blockers(from, to, &ledger);
            let names: HashMap<i64, String> = orgs::subtree(conn, &owner.path)?
                .into_iter()
                .map(|o| (o.id, o.name))
                .collect();
            let blockers = blockers
                .into_iter()
                .map(|b| {
                    let org = b.organisation_id.unwrap_or(owner.id);
                    ClaimBlocker {
                        month: b.month,
                        organisation_id: org,
                        organisation_name: names.get(&org).cloned().unwrap_or_default(),
                        whole_project: b.organisation_id.is_none(),
                        state: b.state,
                    }
                })
                .collect();
            (blockers, None)
        }
        Err(_) => match check_months(conn, &p, from, to) {
            Err(AppError::Conflict { detail, .. }) => (Vec::new(), Some(detail)),
            Err(AppError::Validation(v)) => (
                Vec::new(),
                Some(
                    v.0.into_iter()
                        .map(|f| f.message)
                        .collect::<Vec<_>>()
                        .join("; "),
                ),
            ),
            Err(e) => return Err(e),
            Ok(()) => (Vec::new(), None),
        },
    };
    Ok(NextClaim {
        from,
        to,
        blockers,
        refusal,
        nothing_to_claim: false,
    })
}

pub(crate) fn check_months(
    conn: &mut DbConnection,
    p: &ProjectRow,
    first: Month,
    last: Month,
) -> AppResult<()> {
    use crate::domain::claim_period::{self as rule, Refusal};
    let owner = owner(conn)?;
    let ledger = ledger(conn, p, owner.id, first, last)?;
    let Err(refusal) = rule::check(first, last, &ledger) else {
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
