//! Whether an organisation's month is still open for changes.

use crate::domain::names::Named;
use crate::domain::organisation::path_ids;
use crate::domain::period::Month;
use crate::domain::workflow::ReportState;
use crate::error::{AppError, AppResult};
use crate::store::organisations::{self as orgs, OrganisationRow};
use crate::store::{monthly_reports, DbConnection};

pub fn report_state(
    conn: &mut DbConnection,
    organisation_id: i64,
    month: Month,
) -> AppResult<ReportState> {
    Ok(monthly_reports::state(
        conn,
        organisation_id,
        month.to_key(),
    )?)
}

/// The organisation's ancestors, its parent first.
pub fn ancestors(
    conn: &mut DbConnection,
    org: &OrganisationRow,
) -> AppResult<Vec<OrganisationRow>> {
    let mut out: Vec<OrganisationRow> = Vec::new();
    let mut next = org.parent_id;
    while let Some(id) = next {
        let parent = orgs::find(conn, id)?
            .ok_or_else(|| AppError::Internal(format!("organisation {id} is missing")))?;
        next = parent.parent_id;
        out.push(parent);
    }
    Ok(out)
}

/// Refuses when a report above `org` for `month` has gone further than open or
/// returned: what it submitted or consolidated would not hold what `org` adds now, and
/// a report decided under a consolidated one could never be consolidated itself (the
/// dead end of issue 13.2). The way on is to reopen the month (`reopen`).
pub fn ensure_parents_open(
    conn: &mut DbConnection,
    org: &OrganisationRow,
    month: Month,
) -> AppResult<()> {
    let line = Line::read(conn, org, month)?;
    line.parents_open(conn, org, month)
}

/// Entries of a month change only while its report is open or returned, and every
/// report above it too. One statement reads the states of the organisation's report and
/// of every report above it (the ids its path names).
pub fn ensure_editable(
    conn: &mut DbConnection,
    org: &OrganisationRow,
    month: Month,
) -> AppResult<()> {
    let line = Line::read(conn, org, month)?;
    let state = line.state_of(org.id);
    if state.is_editable() {
        line.parents_open(conn, org, month)
    } else {
        Err(AppError::Conflict {
            detail: format!(
                "the report for {month} is {}; its entries change only while it is open or returned (correct it with an adjustment in an open month)",
                state.as_str()
            ),
            errors: vec![crate::domain::validation::FieldError {
                field: "month".into(),
                message: format!("{month} is {}", state.as_str()),
                ..Default::default()
            }],
        })
    }
}

/// The month's report states along an organisation's line: itself and every
/// organisation above it.
struct Line {
    /// The ids of the path, the root first and the organisation itself last.
    ids: Vec<i64>,
    states: std::collections::HashMap<i64, ReportState>,
}

impl Line {
    fn read(conn: &mut DbConnection, org: &OrganisationRow, month: Month) -> AppResult<Line> {
        let ids = path_ids(&org.path);
        // A path ends with the organisation's own id (`child_path`); one that does not
        // would leave reports out of the check, so it fails loudly.
        if ids.last() != Some(&org.id) {
            return Err(AppError::Internal(format!(
                "organisation {} has the malformed path {}",
                org.id, org.path
            )));
        }
        let states = monthly_reports::states_of(conn, &ids, month.to_key())?
            .into_iter()
            .collect();
        Ok(Line { ids, states })
    }

    /// A report without a stored row is open.
    fn state_of(&self, id: i64) -> ReportState {
        self.states.get(&id).copied().unwrap_or(ReportState::Open)
    }

    /// The first report above `org`, its parent's first, that is past open or returned
    /// refuses (its name read only then).
    fn parents_open(
        &self,
        conn: &mut DbConnection,
        org: &OrganisationRow,
        month: Month,
    ) -> AppResult<()> {
        let parents = self.ids.iter().rev().filter(|id| **id != org.id);
        for &parent_id in parents {
            let state = self.state_of(parent_id);
            if state.is_editable() {
                continue;
            }
            let parent = orgs::find(conn, parent_id)?.ok_or_else(|| {
                AppError::Internal(format!("organisation {parent_id} is missing"))
            })?;
            return Err(AppError::Conflict {
                detail: format!(
                    "{}'s report for {month} is {}; a manager who decides it must reopen the month before {} can change it",
                    parent.name,
                    state.as_str(),
                    org.name
                ),
                errors: vec![crate::domain::validation::FieldError {
                    field: "month".into(),
                    message: format!("{}'s report for {month} is {}", parent.name, state.as_str()),
                    ..Default::default()
                }],
            });
        }
        Ok(())
    }
}
