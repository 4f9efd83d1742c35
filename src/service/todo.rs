//! "Att göra" (issue 14): what waits for the actor, found by the rules the actions check:
//! timesheets to sign and to attest (never one's own), months with entries to submit,
//! submitted reports to decide. A handful of grouped queries, whatever the scope's size.

use std::collections::HashMap;

use super::scope_of;
use crate::domain::access::{authorize, Action, Actor};
use crate::domain::period::Month;
use crate::domain::roles::Role;
use crate::domain::workflow::{ReportState, TimesheetState};
use crate::error::{AppError, AppResult};
use crate::store::{monthly_reports, organisations as orgs, timesheets, DbConnection};
use crate::views::todo::{Todo, TodoItem};

pub fn for_actor(conn: &mut DbConnection, actor: &Actor) -> AppResult<Todo> {
    let project = crate::store::projects::get(conn)?
        .ok_or_else(|| AppError::conflict("project", "no project is configured yet"))?;
    let (start, end) = (Month::of(project.start_date), Month::of(project.end_date));
    let orgs: HashMap<i64, orgs::OrganisationRow> = orgs::subtree(conn, &actor.organisation_path)?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let item = |org: i64, month: Month, count: Option<i64>, comment: Option<String>| TodoItem {
        organisation_id: org,
        organisation_name: orgs.get(&org).map(|o| o.name.clone()).unwrap_or_default(),
        month,
        count,
        comment,
    };
    let mut todo = Todo::default();
    let states: HashMap<(i64, Month), (ReportState, Option<String>)> =
        monthly_reports::board_states(conn, &actor.organisation_path, start, end)?
            .into_iter()
            .map(|(o, m, s, c)| ((o, m), (s, c)))
            .collect();
    if actor.has(Role::Economist) {
        let own = actor.organisation_id;
        for (org, month, n) in timesheets::counts_in_state(
            conn,
            &actor.organisation_path,
            TimesheetState::Draft,
            None,
        )? {
            if org == own {
                todo.to_sign.push(item(org, month, Some(n), None));
            }
        }
        // Only the user's organisation's entries are read, not the whole project's.
        let mut months: Vec<Month> =
            crate::store::claims::months_with_entries(conn, start, end, Some(&[own]))?
                .into_iter()
                .map(|(_, m)| m)
                .collect();
        months.sort();
        months.dedup();
        for month in months {
            let (state, comment) = states
                .get(&(own, month))
                .cloned()
                .unwrap_or((ReportState::Open, None));
            if state.is_editable() {
                let comment = comment.filter(|_| state == ReportState::Returned);
                todo.to_submit.push(item(own, month, None, comment));
            }
        }
    }
    if actor.has(Role::Manager) {
        for (org, month, n) in timesheets::counts_in_state(
            conn,
            &actor.organisation_path,
            TimesheetState::Signed,
            Some(actor.user_id),
        )? {
            todo.to_attest.push(item(org, month, Some(n), None));
        }
        let mut submitted: Vec<(i64, Month)> = states
            .iter()
            .filter(|(_, (s, _))| *s == ReportState::Submitted)
            .map(|(k, _)| *k)
            .filter(|(org, _)| {
                orgs.get(org)
                    .is_some_and(|o| authorize(actor, Action::Approve, &scope_of(o)).is_ok())
            })
            .collect();
        submitted.sort_by_key(|(org, month)| (*month, *org));
        for (org, month) in submitted {
            todo.to_decide.push(item(org, month, None, None));
        }
    }
    Ok(todo)
}
