//! The participant statistics for an organisation's subtree over a run of months, as
//! JSON and as a workbook with native charts. Only counts: no identities.

use super::list_root;
use crate::domain::access::{Action, Actor};
use crate::domain::entered::ShownPercent;
use crate::domain::period::Month;
use crate::domain::scb::BySex;
use crate::domain::statistics::{self as rules, EnrolmentFacts};
use crate::error::{AppError, AppResult};
use crate::store::organisations as orgs;
use crate::store::{participants as store, projects, DbConnection};
use crate::views::statistics::{OrganisationCount, ParticipantStatistics, StatisticsQuery};

pub fn participants(
    conn: &mut DbConnection,
    actor: &Actor,
    q: StatisticsQuery,
) -> AppResult<ParticipantStatistics> {
    let root = list_root(conn, actor, q.organisation_id, Action::Read)?;
    let project = projects::get(conn)?
        .ok_or_else(|| AppError::conflict("project", "no project is configured yet"))?;
    let from = q.from.unwrap_or_else(|| Month::of(project.start_date));
    let to = q.to.unwrap_or_else(|| Month::of(project.end_date));
    if to < from {
        return Err(AppError::validation(
            "to",
            format!("the last month {to} is before the first month {from}"),
        ));
    }
    if (to.year() - from.year()) * 12 + to.month() as i32 - from.month() as i32 >= 120 {
        return Err(AppError::validation("to", "at most 120 months at a time"));
    }
    let facts = store::facts_under(conn, &root.path, from.first_day(), to.last_day())?
        .into_iter()
        .map(
            |(participant_id, organisation_id, sex, birth_date, start_date, end_date, outcome)| {
                Ok(EnrolmentFacts {
                    participant_id,
                    organisation_id,
                    sex,
                    birth_date,
                    start_date,
                    end_date,
                    outcome,
                })
            },
        )
        .collect::<AppResult<Vec<_>>>()?;
    let stats = rules::compute(&facts, from, to);
    let tree = orgs::subtree(conn, &root.path)?;
    let by_organisation = tree
        .iter()
        .map(|o| {
            // An organisation's count includes its descendants' enrolments.
            let mut total = BySex::default();
            for d in tree.iter().filter(|d| d.path.starts_with(&o.path)) {
                if let Some(c) = stats.by_organisation.get(&d.id) {
                    total.female += c.female;
                    total.male += c.male;
                    total.total += c.total;
                }
            }
            OrganisationCount {
                organisation_id: o.id,
                code: o.code.clone(),
                name: o.name.clone(),
                kind: o.kind,
                participants: total,
            }
        })
        .collect();
    Ok(ParticipantStatistics {
        organisation_id: root.id,
        from,
        to,
        months: stats.months,
        by_organisation,
        exits_by_outcome: stats.exits_by_outcome,
        returned_to_studies_percent: stats.returned_to_studies_percent.map(ShownPercent::new),
    })
}
