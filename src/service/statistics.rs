//! The participant statistics for an organisation's subtree over a run of months, as
//! JSON and as a workbook with native charts. Only counts: no identities.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::list_root;
use crate::domain::access::{Action, Actor};
use crate::domain::identity::Sex;
use crate::domain::names::Named;
use crate::domain::organisation::OrgKind;
use crate::domain::participant::Outcome;
use crate::domain::period::Month;
use crate::domain::scb::BySex;
use crate::domain::statistics::{self as rules, EnrolmentFacts, ExitsByOutcome, MonthStatistics};
use crate::error::{AppError, AppResult};
use crate::store::organisations as orgs;
use crate::store::{participants as store, projects, DbConnection};

#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct StatisticsQuery {
    /// The organisation whose subtree to count (default: your own).
    pub organisation_id: Option<i64>,
    /// First month (default: the project's first).
    #[param(value_type = Option<String>, example = "2013-01")]
    pub from: Option<Month>,
    /// Last month (default: the project's last).
    #[param(value_type = Option<String>, example = "2013-12")]
    pub to: Option<Month>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, PartialEq, Eq)]
pub struct OrganisationCount {
    pub organisation_id: i64,
    pub code: String,
    pub name: String,
    pub kind: OrgKind,
    /// Enrolments active some time in the period.
    pub participants: BySex,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, PartialEq, Eq)]
pub struct ParticipantStatistics {
    pub organisation_id: i64,
    #[schema(value_type = String)]
    pub from: Month,
    #[schema(value_type = String)]
    pub to: Month,
    pub months: Vec<MonthStatistics>,
    /// Per organisation of the subtree, regions with their municipalities' sums.
    pub by_organisation: Vec<OrganisationCount>,
    pub exits_by_outcome: ExitsByOutcome,
    /// Percent of the period's exits who went back to studies (one decimal).
    #[serde(with = "rust_decimal::serde::str_option")]
    #[schema(value_type = Option<String>)]
    pub returned_to_studies_percent: Option<Decimal>,
}

fn internal<E: std::fmt::Display>(e: E) -> AppError {
    AppError::Internal(e.to_string())
}

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
        return Err(AppError::validation("to", format!("{to} is before {from}")));
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
                    sex: Sex::parse(&sex).map_err(internal)?,
                    birth_date,
                    start_date,
                    end_date,
                    outcome: outcome
                        .as_deref()
                        .map(Outcome::parse)
                        .transpose()
                        .map_err(internal)?,
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
        returned_to_studies_percent: stats.returned_to_studies_percent,
    })
}
