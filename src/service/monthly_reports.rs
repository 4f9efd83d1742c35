//! The monthly report of an organisation and the reporting chain:
//! municipality submits → its region approves or returns → the region submits its
//! consolidated report → the owner's manager approves it, consolidating the region and
//! its approved municipalities.

use crate::domain::hours::CentiHours;
use crate::domain::money::Ore;
use std::collections::{BTreeMap, HashMap};

use super::audit::{record, Change};
use super::{expect_version, scope_of, stale, ChangedBy};
use crate::domain::access::{authorize, Action, Actor};
use crate::domain::names::Named;
use crate::domain::organisation::OrgKind;
use crate::domain::period::Month;
use crate::domain::report::Figures;
use crate::domain::validation::required_text;
use crate::domain::workflow::{next_report_state, ReportAction, ReportState};
use crate::error::{AppError, AppResult};
use crate::store::monthly_reports::{self as store, Transition};
use crate::store::organisations::{self as orgs, Directory, OrganisationRow};
use crate::store::reports::{self, Inclusion};
use crate::store::{timesheets, DbConnection};
use crate::views::monthly_reports::{
    Board, BoardCell, BoardRow, CashLine, CofinancingFigures, Correction, CostFigures,
    EmptyMonthsInput, HourFigures, MonthlyReport, OrganisationLine, OtherCostLine, PremisesLine,
    ReopenInput, ReportFigures, ReportLines, ReportView, ReturnInput, TimesheetLine,
};

impl From<&Figures> for ReportFigures {
    fn from(f: &Figures) -> Self {
        let m = Ore::new;
        Self {
            costs: CostFigures {
                staff: m(f.staff_ore),
                services: m(f.services_ore),
                premises: m(f.premises_ore),
                travel: m(f.travel_ore),
                materials: m(f.materials_ore),
                total: m(f.direct_cash_ore()),
            },
            cofinancing: CofinancingFigures {
                in_kind: m(f.in_kind_ore),
                participant_compensation: m(f.participant_compensation_ore),
                participant_compensation_pending: m(f.pending_compensation_ore),
                public_cash: m(f.public_cash_ore),
                owner_cash: m(f.owner_cash_ore),
                total: m(f.cofinancing_ore()),
            },
            hours: HourFigures {
                project: CentiHours::new(f.project_hours_centi),
                in_kind: CentiHours::new(f.in_kind_hours_centi),
            },
            eligible_before_indirect: m(f.eligible_before_indirect_ore()),
            attested_timesheets: f.attested_timesheets,
        }
    }
}

/// The organisation, where the actor sees it; 404 when unknown or out of sight (alike).
fn load_org(conn: &mut DbConnection, actor: &Actor, id: i64) -> AppResult<OrganisationRow> {
    super::list_root(conn, actor, Some(id), Action::Read)
}

/// The figures of the organisations `view` counts: read where their reports are closed
/// (stored when they closed), computed from the entries where not. A closed month is
/// then one lookup; an open root over closed children (a region's report before it is
/// submitted) adds its own figures; anything else is computed as a whole.
fn month_figures(
    conn: &mut DbConnection,
    org: &OrganisationRow,
    month: Month,
    view: ReportView,
    members: &[OrganisationRow],
    states: &HashMap<i64, ReportState>,
) -> AppResult<BTreeMap<i64, Figures>> {
    let key = month.to_key();
    let state = |id: i64| states.get(&id).copied().unwrap_or(ReportState::Open);
    let counted = members.iter().map(|m| m.id).filter(|id| match view {
        ReportView::Own | ReportView::All => true,
        ReportView::Consolidated => *id == org.id || state(*id).is_included(),
    });
    let (open, closed): (Vec<i64>, Vec<i64>) = counted.partition(|id| state(*id).is_editable());
    let stored = match closed.as_slice() {
        [] => Some(BTreeMap::new()),
        ids => super::frozen::stored(conn, month, ids)?,
    };
    match (stored, open.as_slice()) {
        (Some(f), []) => Ok(f),
        (Some(mut f), [only]) if *only == org.id => {
            let own = reports::figures_by_organisation(
                conn,
                org.id,
                &org.path,
                (key, key),
                &Inclusion::Own,
            )?;
            f.insert(org.id, own.get(&org.id).copied().unwrap_or_default());
            Ok(f)
        }
        _ => {
            let inclusion = match view {
                ReportView::Own => Inclusion::Own,
                ReportView::All => Inclusion::All,
                ReportView::Consolidated => {
                    Inclusion::RootAndStates(ReportState::INCLUDED.to_vec())
                }
            };
            Ok(reports::figures_by_organisation(
                conn,
                org.id,
                &org.path,
                (key, key),
                &inclusion,
            )?)
        }
    }
}

/// Builds the report of `org` for `month` as `view` shows it; no scope check.
pub fn build(
    conn: &mut DbConnection,
    org: &OrganisationRow,
    month: Month,
    view: ReportView,
) -> AppResult<MonthlyReport> {
    let key = month.to_key();
    let row = store::find(conn, org.id, key)?;
    // The organisation's own view needs only its own report's state, which its row has.
    let (members, states): (Vec<OrganisationRow>, HashMap<i64, ReportState>) = match view {
        ReportView::Own => (
            vec![org.clone()],
            row.iter().map(|r| (org.id, r.state)).collect(),
        ),
        _ => (
            orgs::subtree(conn, &org.path)?,
            store::states_in_subtree(conn, &org.path, key)?
                .into_iter()
                .collect(),
        ),
    };
    let figures = month_figures(conn, org, month, view, &members, &states)?;
    let mut totals = Figures::default();
    let mut lines = Vec::with_capacity(members.len());
    for m in members {
        let state = states.get(&m.id).copied().unwrap_or(ReportState::Open);
        let included = match view {
            ReportView::Own | ReportView::All => true,
            ReportView::Consolidated => m.id == org.id || state.is_included(),
        };
        let f = figures.get(&m.id).copied().unwrap_or_default();
        if included {
            totals.add(&f);
        }
        lines.push(OrganisationLine {
            organisation_id: m.id,
            code: m.code,
            name: m.name,
            state,
            included,
            figures: ReportFigures::from(&f),
        });
    }
    Ok(MonthlyReport {
        organisation_id: org.id,
        organisation_code: org.code.clone(),
        organisation_name: org.name.clone(),
        month,
        state: row.as_ref().map_or(ReportState::Open, |r| r.state),
        comment: row.as_ref().and_then(|r| r.comment.clone()),
        submitted_by: row.as_ref().and_then(|r| r.submitted_by),
        submitted_at: row
            .as_ref()
            .and_then(|r| r.submitted_at)
            .map(|t| t.and_utc()),
        decided_by: row.as_ref().and_then(|r| r.decided_by),
        decided_at: row.as_ref().and_then(|r| r.decided_at).map(|t| t.and_utc()),
        version: row.as_ref().map(|r| r.version).unwrap_or(0),
        view,
        totals: ReportFigures::from(&totals),
        organisations: lines,
    })
}

/// The report of `org_id` for `month` in `view`; `directory`: the organisations, when
/// the caller holds them (`service::list_root_in`).
pub fn get(
    conn: &mut DbConnection,
    directory: Option<&Directory>,
    actor: &Actor,
    org_id: i64,
    month: Month,
    view: ReportView,
) -> AppResult<MonthlyReport> {
    let org = super::list_root_in(conn, directory, actor, Some(org_id), Action::Read)?;
    build(conn, &org, month, view)
}

/// What must hold before `org` may submit `month`: all its timesheets attested, and
/// for a region or the owner, every child with entries in its subtree approved and
/// none awaiting a decision.
fn check_ready(conn: &mut DbConnection, org: &OrganisationRow, month: Month) -> AppResult<()> {
    let counts = timesheets::counts_by_organisation(conn, &org.path, month.to_key())?;
    let unattested: i64 = counts
        .iter()
        .filter(|(o, a, _)| *o == org.id && !a)
        .map(|c| c.2)
        .sum();
    if unattested > 0 {
        return Err(AppError::conflict(
            "state",
            format!("{unattested} timesheet(s) of {month} are not attested yet; attest or delete them first"),
        ));
    }
    let subtree = orgs::subtree(conn, &org.path)?;
    let path_of: HashMap<i64, &str> = subtree.iter().map(|o| (o.id, o.path.as_str())).collect();
    // Every kind of entry counts, not only timesheets.
    let with_entries: Vec<i64> =
        crate::store::claims::months_with_entries(conn, month, month, None)?
            .into_iter()
            .map(|(o, _)| o)
            .collect();
    let states: HashMap<i64, ReportState> =
        store::states_in_subtree(conn, &org.path, month.to_key())?
            .into_iter()
            .collect();
    let pending: Vec<&str> = subtree
        .iter()
        .filter(|child| child.parent_id == Some(org.id))
        .filter(|child| {
            let state = states.get(&child.id).copied().unwrap_or(ReportState::Open);
            let has_entries = with_entries
                .iter()
                .any(|id| path_of.get(id).is_some_and(|p| p.starts_with(&child.path)));
            // A returned report is in flight even when it was emptied: it has to come
            // back decided before the parent's report can be consolidated with it.
            matches!(state, ReportState::Submitted | ReportState::Returned)
                || (has_entries && !state.is_included())
        })
        .map(|child| child.name.as_str())
        .collect();
    if !pending.is_empty() {
        return Err(AppError::conflict(
            "state",
            format!(
                "these reports for {month} are not approved yet: {}",
                pending.join(", ")
            ),
        ));
    }
    Ok(())
}

fn audit_transition(
    conn: &mut DbConnection,
    actor: &Actor,
    org: &OrganisationRow,
    action: &str,
    before: &MonthlyReport,
) -> AppResult<MonthlyReport> {
    // The month's stored figures follow the states just written, in this transaction.
    super::frozen::settle(conn, before.month, before.month)?;
    let after = build(conn, org, before.month, ReportView::Own)?;
    let id = store::find(conn, org.id, before.month.to_key())?
        .map(|r| r.id)
        .unwrap_or(0);
    record(
        conn,
        &ChangedBy::of(actor),
        Change::of("monthly_report", id, org.id, action),
        Some(&before.state),
        Some(&after.state),
    )?;
    build(conn, org, before.month, ReportView::Consolidated)
}

pub fn submit(
    conn: &mut DbConnection,
    actor: &Actor,
    org_id: i64,
    month: Month,
    version: i64,
) -> AppResult<MonthlyReport> {
    conn.write_tx(|conn| {
        let org = load_org(conn, actor, org_id)?;
        authorize(actor, Action::EnterData, &scope_of(&org))?;
        let before = build(conn, &org, month, ReportView::Own)?;
        next_report_state(before.state, ReportAction::Submit)
            .map_err(|m| AppError::conflict("state", m))?;
        super::periods::ensure_parents_open(conn, &org, month)?;
        check_ready(conn, &org, month)?;
        if !store::transition(
            conn,
            org.id,
            month.to_key(),
            version,
            &Transition::Submitted { by: actor.user_id },
        )? {
            return Err(stale("report", version));
        }
        audit_transition(conn, actor, &org, "submit", &before)
    })
}

/// The parent's manager decides; for the owner's own report, another of its managers.
fn authorize_decision(
    actor: &Actor,
    org: &OrganisationRow,
    report: &MonthlyReport,
) -> AppResult<()> {
    authorize(actor, Action::Approve, &scope_of(org))?;
    if org.parent_id.is_none() && report.submitted_by == Some(actor.user_id) {
        return Err(AppError::Forbidden(
            "four eyes: the owner's report is approved by another manager than the one who submitted it".into(),
        ));
    }
    Ok(())
}

pub fn approve(
    conn: &mut DbConnection,
    actor: &Actor,
    org_id: i64,
    month: Month,
    version: i64,
) -> AppResult<MonthlyReport> {
    conn.write_tx(|conn| {
        let org = load_org(conn, actor, org_id)?;
        let before = build(conn, &org, month, ReportView::Own)?;
        authorize_decision(actor, &org, &before)?;
        next_report_state(before.state, ReportAction::Approve)
            .map_err(|m| AppError::conflict("state", m))?;
        super::periods::ensure_parents_open(conn, &org, month)?;
        let kind = org.kind;
        // A municipality's report is approved by its region; a region's (and the owner's)
        // approval by the owner makes it consolidated, with its approved children.
        let state = if kind == OrgKind::Municipality {
            ReportState::Approved
        } else {
            ReportState::Consolidated
        };
        let change = Transition::Decided {
            state,
            by: actor.user_id,
            comment: None,
        };
        expect_version(
            store::transition(conn, org.id, month.to_key(), version, &change)?,
            "report",
            version,
        )?;
        if kind == OrgKind::Region {
            store::move_children(
                conn,
                org.id,
                month.to_key(),
                (ReportState::Approved, ReportState::Consolidated),
            )?;
        }
        audit_transition(conn, actor, &org, "approve", &before)
    })
}

pub fn return_report(
    conn: &mut DbConnection,
    actor: &Actor,
    org_id: i64,
    month: Month,
    input: ReturnInput,
) -> AppResult<MonthlyReport> {
    let comment =
        required_text(&input.comment, 2000).map_err(|m| AppError::validation("comment", m))?;
    conn.write_tx(|conn| {
        let org = load_org(conn, actor, org_id)?;
        let before = build(conn, &org, month, ReportView::Own)?;
        authorize_decision(actor, &org, &before)?;
        next_report_state(before.state, ReportAction::Return)
            .map_err(|m| AppError::conflict("state", m))?;
        let change = Transition::Decided {
            state: ReportState::Returned,
            by: actor.user_id,
            comment: Some(comment.clone()),
        };
        expect_version(
            store::transition(conn, org.id, month.to_key(), input.version, &change)?,
            "report",
            input.version,
        )?;
        audit_transition(conn, actor, &org, "return", &before)
    })
}

/// Reopens a month that went further than open or returned and is not claimed: the
/// report goes back to returned with the reason, and so does every report above it that
/// had gone further (they consolidated it); children consolidated with a reopened
/// region's report go back to approved. Each change is audited. Whoever reopens must be
/// a manager who decides every report it changes: a region's manager reopens a
/// municipality while the region's own report is still open, the owner's manager
/// anything.
pub fn reopen(
    conn: &mut DbConnection,
    actor: &Actor,
    org_id: i64,
    month: Month,
    input: ReopenInput,
) -> AppResult<MonthlyReport> {
    let reason =
        required_text(&input.reason, 2000).map_err(|m| AppError::validation("reason", m))?;
    conn.write_tx(|conn| {
        let org = load_org(conn, actor, org_id)?;
        authorize(actor, Action::Approve, &scope_of(&org))?;
        let before = build(conn, &org, month, ReportView::Own)?;
        reopenable(before.state, month)?;
        let mut chain = vec![(org.clone(), before, reason.clone(), input.version)];
        for parent in super::periods::ancestors(conn, &org)? {
            let above = build(conn, &parent, month, ReportView::Own)?;
            if above.state.is_editable() {
                continue;
            }
            reopenable(above.state, month)?;
            authorize(actor, Action::Approve, &scope_of(&parent))?;
            let why = format!("reopened with {}'s report: {reason}", org.name);
            let version = above.version;
            chain.push((parent, above, why, version));
        }
        for (o, before, why, version) in &chain {
            let change = Transition::Decided {
                state: ReportState::Returned,
                by: actor.user_id,
                comment: Some(why.clone()),
            };
            expect_version(
                store::transition(conn, o.id, month.to_key(), *version, &change)?,
                "report",
                *version,
            )?;
            if o.kind != OrgKind::Owner {
                store::move_children(
                    conn,
                    o.id,
                    month.to_key(),
                    (ReportState::Consolidated, ReportState::Approved),
                )?;
            }
            let id = store::find(conn, o.id, month.to_key())?
                .map(|r| r.id)
                .unwrap_or(0);
            record(
                conn,
                &ChangedBy::of(actor),
                Change::of("monthly_report", id, o.id, "reopen"),
                Some(&before.state),
                Some(&serde_json::json!({ "state": ReportState::Returned, "reason": why })),
            )?;
        }
        super::frozen::settle(conn, month, month)?;
        build(conn, &org, month, ReportView::Consolidated)
    })
}

/// Only a report that went further than open or returned, and is not claimed, reopens.
fn reopenable(state: ReportState, month: Month) -> AppResult<()> {
    match state {
        ReportState::Submitted | ReportState::Approved | ReportState::Consolidated => Ok(()),
        ReportState::Claimed => Err(AppError::conflict(
            "state",
            format!("{month} is claimed; correct it with an adjustment in an open month"),
        )),
        ReportState::Open | ReportState::Returned => Err(AppError::conflict(
            "state",
            format!(
                "the report for {month} is {}; there is nothing to reopen",
                state.as_str()
            ),
        )),
    }
}

/// The report as a workbook (summary, per organisation, a sheet per category with
/// every line behind the included figures) and its file name.
pub fn export(
    conn: &mut DbConnection,
    actor: &Actor,
    org_id: i64,
    month: Month,
    view: ReportView,
    render: fn(&MonthlyReport, &ReportLines) -> Result<Vec<u8>, crate::views::RenderError>,
) -> AppResult<(Vec<u8>, String)> {
    let report = get(conn, None, actor, org_id, month, view)?;
    let ids: Vec<i64> = report
        .organisations
        .iter()
        .filter(|o| o.included)
        .map(|o| o.organisation_id)
        .collect();
    let key = month.to_key();
    let lines = ReportLines {
        timesheets: reports::timesheet_lines(conn, &ids, key)?
            .into_iter()
            .chain(reports::timesheet_adjustment_lines(conn, &ids, key)?)
            .map(timesheet_line)
            .collect(),
        premises: reports::premises_lines(conn, &ids, key)?
            .into_iter()
            .map(|r| PremisesLine {
                organisation_id: r.organisation_id,
                description: r.description,
                financing: r.financing,
                share: r.share_ppm,
                amount: r.amount_ore,
                correction: Correction {
                    adjusts_id: r.adjusts_id,
                    reason: r.reason,
                },
            })
            .collect(),
        other_costs: reports::other_cost_lines(conn, &ids, key)?
            .into_iter()
            .map(|r| OtherCostLine {
                organisation_id: r.organisation_id,
                cost_date: r.cost_date,
                category: r.category,
                supplier: r.supplier,
                voucher_number: r.voucher_number,
                description: r.description,
                amount: r.amount_ore,
                correction: Correction {
                    adjusts_id: r.adjusts_id,
                    reason: r.reason,
                },
            })
            .collect(),
        cash: reports::cash_lines(conn, &ids, key)?
            .into_iter()
            .map(|r| CashLine {
                organisation_id: r.organisation_id,
                kind: r.kind,
                paid_by: r.paid_by,
                amount: r.amount_ore,
                correction: Correction {
                    adjusts_id: r.adjusts_id,
                    reason: r.reason,
                },
            })
            .collect(),
    };
    let bytes = render(&report, &lines)?;
    Ok((
        bytes,
        format!("manadsrapport-{}-{month}.xlsx", report.organisation_code),
    ))
}

fn timesheet_line(l: reports::TimesheetLine) -> TimesheetLine {
    TimesheetLine {
        organisation_id: l.organisation_id,
        staff_name: l.staff_name,
        employee_number: l.employee_number,
        funding: l.funding,
        hours: l.hours_centi,
        hourly_rate: l.hourly_rate_ore,
        cost: l.cost_ore,
        adjustment: l.adjustment,
    }
}

/// Issue 13.19: the owner's manager consolidates a run of months in which nothing was
/// entered anywhere, in one call, so a claim can cover them: the owner's report of each
/// month becomes consolidated, audited with the reason. A month with any entry (in any
/// organisation) or any report that went further than open is named and left to the
/// chain; the reports below stay open (with nothing entered they hold nothing a claim
/// needs, and a claim closes them). There is nothing for a second pair of eyes to check,
/// so one manager decides; reopening works as for any consolidated month.
pub fn consolidate_empty(
    conn: &mut DbConnection,
    actor: &Actor,
    input: EmptyMonthsInput,
) -> AppResult<Vec<MonthlyReport>> {
    crate::domain::access::authorize_project(actor, Action::MakeClaims)?;
    let reason =
        required_text(&input.reason, 2000).map_err(|m| AppError::validation("reason", m))?;
    let (from, to) = (input.from, input.to);
    if to < from {
        return Err(AppError::validation(
            "to",
            format!("{to} is before from ({from})"),
        ));
    }
    conn.write_tx(|conn| {
        let project = crate::store::projects::get(conn)?
            .ok_or_else(|| AppError::conflict("project", "no project is configured yet"))?;
        let (start, end) = (Month::of(project.start_date), Month::of(project.end_date));
        for (field, m) in [("from", from), ("to", to)] {
            if m < start || m > end {
                return Err(AppError::validation(
                    field,
                    format!("{m} is outside the project ({start} to {end})"),
                ));
            }
        }
        let owner = orgs::owner(conn)?
            .ok_or_else(|| AppError::conflict("organisation", "no project owner exists yet"))?;
        let mut found: Vec<(i64, Month, String)> = crate::store::claims::months_with_entries(conn, from, to, None)?
            .into_iter()
            .map(|(org, month)| (org, month, "has entries".to_string()))
            .collect();
        for (org, month, state) in crate::store::claims::report_states(conn, from, to)? {
            if state != ReportState::Open {
                found.push((org, month, format!("its report is {}", state.as_str())));
            }
        }
        let mut names: HashMap<i64, String> = HashMap::new();
        let mut blockers: BTreeMap<Month, Vec<String>> = BTreeMap::new();
        for (org, month, why) in found {
            let name = match names.entry(org) {
                std::collections::hash_map::Entry::Occupied(e) => e.get().clone(),
                std::collections::hash_map::Entry::Vacant(e) => e
                    .insert(orgs::find(conn, org)?.map_or_else(|| org.to_string(), |o| o.name))
                    .clone(),
            };
            blockers
                .entry(month)
                .or_default()
                .push(format!("{name} ({why})"));
        }
        if !blockers.is_empty() {
            let listed: Vec<String> = blockers
                .iter()
                .map(|(m, why)| {
                    let mut why = why.clone();
                    why.sort();
                    why.dedup();
                    format!("{m}: {}", why.join(", "))
                })
                .collect();
            return Err(AppError::conflict(
                "from",
                format!(
                    "only months with nothing entered and every report open are consolidated at once; submit and approve these through the chain: {}",
                    listed.join("; ")
                ),
            ));
        }
        let mut out = Vec::new();
        for month in from.through(to) {
            let before = build(conn, &owner, month, ReportView::Own)?;
            let change = Transition::Decided {
                state: ReportState::Consolidated,
                by: actor.user_id,
                comment: None,
            };
            expect_version(
                store::transition(conn, owner.id, month.to_key(), before.version, &change)?,
                "report",
                before.version,
            )?;
            let id = store::find(conn, owner.id, month.to_key())?
                .map(|r| r.id)
                .unwrap_or(0);
            record(
                conn,
                &ChangedBy::of(actor),
                Change::of("monthly_report", id, owner.id, "consolidate_empty"),
                Some(&before.state),
                Some(&serde_json::json!({ "state": ReportState::Consolidated, "reason": reason })),
            )?;
            super::frozen::settle(conn, month, month)?;
            out.push(build(conn, &owner, month, ReportView::Own)?);
        }
        Ok(out)
    })
}

/// The board of the actor's scope for a year of the project (issue 14): every
/// organisation the actor sees, parents before children, × the project's months of that
/// year, each the report's state (open where none is stored); and, below the actor's own
/// organisation, who has not handed in the month now due. One query for the states.
pub fn board(conn: &mut DbConnection, actor: &Actor, year: Option<i32>) -> AppResult<Board> {
    let project = crate::store::projects::get(conn)?
        .ok_or_else(|| AppError::conflict("project", "no project is configured yet"))?;
    let (start, end) = (Month::of(project.start_date), Month::of(project.end_date));
    let today = Month::of(chrono::Utc::now().date_naive());
    let years: Vec<i32> = (start.year()..=end.year()).collect();
    let year = year
        .filter(|y| years.contains(y))
        .unwrap_or_else(|| today.year().clamp(start.year(), end.year()));
    let months: Vec<Month> = start.through(end).filter(|m| m.year() == year).collect();
    let (Some(first), Some(last)) = (months.first().copied(), months.last().copied()) else {
        return Err(AppError::Internal("a project year without months".into()));
    };
    let orgs = orgs::subtree(conn, &actor.organisation_path)?;
    // Only an organisation with others below it has anyone to be late.
    let due = {
        let ended = today.previous();
        (ended >= start && orgs.len() > 1).then(|| ended.min(end))
    };
    let (from, to) = match due {
        Some(d) => (first.min(d), last.max(d)),
        None => (first, last),
    };
    let mut states: HashMap<(i64, Month), (ReportState, Option<String>)> = HashMap::new();
    for (org, month, state, comment) in
        store::board_states(conn, &actor.organisation_path, from, to)?
    {
        states.insert((org, month), (state, comment));
    }
    let depth_of = |path: &str| path.matches('/').count();
    let own_depth = depth_of(&actor.organisation_path);
    let late = match due {
        Some(d) => orgs
            .iter()
            .filter(|o| o.id != actor.organisation_id)
            .filter(|o| {
                states
                    .get(&(o.id, d))
                    .is_none_or(|(s, _)| matches!(s, ReportState::Open | ReportState::Returned))
            })
            .map(|o| o.name.clone())
            .collect(),
        None => Vec::new(),
    };
    let rows = orgs
        .into_iter()
        .map(|o| BoardRow {
            organisation_id: o.id,
            depth: depth_of(&o.path).saturating_sub(own_depth),
            cells: months
                .iter()
                .map(|m| {
                    let (state, comment) = states
                        .get(&(o.id, *m))
                        .cloned()
                        .unwrap_or((ReportState::Open, None));
                    BoardCell {
                        month: *m,
                        state,
                        comment: comment.filter(|_| state == ReportState::Returned),
                    }
                })
                .collect(),
            code: o.code,
            name: o.name,
        })
        .collect();
    Ok(Board {
        year,
        years,
        months,
        rows,
        due_month: due,
        late,
    })
}

/// What the actor may do with an organisation's reports, by the gate (for offering the
/// actions on a page; each action checks again when it is taken).
#[derive(Debug, Clone, Copy, Default)]
pub struct ReportRights {
    /// Enter data and submit (the organisation's own economists).
    pub submit: bool,
    /// Approve or return (the parent's managers; the owner's for its own).
    pub decide: bool,
}

pub fn rights(conn: &mut DbConnection, actor: &Actor, org_id: i64) -> AppResult<ReportRights> {
    let org = load_org(conn, actor, org_id)?;
    let scope = scope_of(&org);
    Ok(ReportRights {
        submit: authorize(actor, Action::EnterData, &scope).is_ok(),
        decide: authorize(actor, Action::Approve, &scope).is_ok(),
    })
}
