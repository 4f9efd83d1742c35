//! Statistik (issue 15): participants per month by sex and by age at start, exits by
//! outcome and the share back in studies, for the reader's part of the project (or an
//! organisation under it) over a chosen run of months. Each chart is drawn on the
//! server from the same numbers as the table beside it; the workbook has them too.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

use super::Chrome;
use crate::api::state::AppState;
use crate::domain::organisation::OrgKind;
use crate::domain::period::Month;
use crate::error::AppError;
use crate::service::statistics as service;
use crate::views::statistics::{OrganisationCount, ParticipantStatistics, StatisticsQuery};
use crate::web::chart::{self, Layout, Series, Unit};
use crate::web::format;
use crate::web::session::Signed;
use crate::web::{respond, WebError};

#[derive(Template)]
#[template(path = "statistics.html")]
struct StatisticsPage {
    chrome: Chrome,
    stats: ParticipantStatistics,
    /// The query string that chose this view (for the workbook's link).
    query: String,
    /// The organisation asked for, if not the reader's own.
    organisation: Option<i64>,
    by_month: String,
    by_age: String,
    by_outcome: String,
    by_part: String,
}

impl StatisticsPage {
    fn month_words(&self, m: &Month) -> String {
        format::month_words(*m)
    }
    fn root(&self) -> Option<&OrganisationCount> {
        self.stats
            .by_organisation
            .iter()
            .find(|o| o.organisation_id == self.stats.organisation_id)
    }
    /// The parts one level down, whose sums make the whole (regions under the owner,
    /// municipalities under a region): never a tree total beside its own members.
    fn parts(&self) -> Vec<&OrganisationCount> {
        parts(&self.stats)
    }
    fn exits(&self) -> Vec<(&'static str, i64)> {
        exits(&self.stats)
    }
    fn exits_total(&self) -> i64 {
        self.exits().iter().map(|(_, n)| n).sum()
    }
    fn share(&self) -> String {
        match self.stats.returned_to_studies_percent {
            Some(p) => format::shown_percent(p),
            None => "– (inga avslut)".to_string(),
        }
    }
    fn kind(&self, k: &OrgKind) -> &'static str {
        format::org_kind(*k)
    }
}

fn parts(s: &ParticipantStatistics) -> Vec<&OrganisationCount> {
    let root = s
        .by_organisation
        .iter()
        .find(|o| o.organisation_id == s.organisation_id);
    let below = match root.map(|r| r.kind) {
        Some(OrgKind::Owner) => OrgKind::Region,
        Some(OrgKind::Region) => OrgKind::Municipality,
        _ => return Vec::new(),
    };
    s.by_organisation
        .iter()
        .filter(|o| o.kind == below)
        .collect()
}

fn exits(s: &ParticipantStatistics) -> Vec<(&'static str, i64)> {
    use crate::domain::participant::Outcome as O;
    let e = &s.exits_by_outcome;
    vec![
        (format::outcome(O::BackInStudies), e.back_in_studies),
        (format::outcome(O::InWork), e.in_work),
        (format::outcome(O::OtherActivity), e.other_activity),
        (format::outcome(O::Unknown), e.unknown),
    ]
}

#[derive(Deserialize)]
pub struct Query {
    fran: Option<String>,
    till: Option<String>,
    organisation: Option<i64>,
}

impl Query {
    /// The use case's query; an empty month field means the project's own bound.
    fn parse(&self) -> Result<StatisticsQuery, WebError> {
        let month = |v: &Option<String>, name: &str, which: &str| match v.as_deref().map(str::trim)
        {
            None | Some("") => Ok(None),
            Some(m) => Month::parse(m).map(Some).map_err(|_| {
                AppError::validation(
                    name,
                    format!("the {which} month {m} is not a month; write YYYY-MM"),
                )
            }),
        };
        Ok(StatisticsQuery {
            organisation_id: self.organisation,
            from: month(&self.fran, "from", "first")?,
            to: month(&self.till, "to", "last")?,
        })
    }
}

fn query_string(s: &ParticipantStatistics, organisation: Option<i64>) -> String {
    let mut q = format!("fran={}&till={}", s.from, s.to);
    if let Some(o) = organisation {
        q.push_str(&format!("&organisation={o}"));
    }
    q
}

pub async fn show(
    state: web::Data<AppState>,
    signed: Signed,
    q: web::Query<Query>,
) -> Result<HttpResponse, WebError> {
    let query = q.parse()?;
    let organisation = query.organisation_id;
    let actor = signed.actor.clone();
    let stats = state
        .db(move |conn| service::participants(conn, &actor, query))
        .await?;
    let months: Vec<String> = stats.months.iter().map(|m| m.month.to_string()).collect();
    let by_month = chart::bars(
        "Deltagare per månad, kvinnor och män",
        &months,
        &[
            Series {
                name: "Kvinnor".into(),
                values: stats.months.iter().map(|m| m.active.female).collect(),
            },
            Series {
                name: "Män".into(),
                values: stats.months.iter().map(|m| m.active.male).collect(),
            },
        ],
        Unit::Count,
        Layout::Stacked,
    );
    let by_age = chart::bars(
        "Deltagare per månad efter ålder vid start",
        &months,
        &[
            Series {
                name: "16–19 år".into(),
                values: stats
                    .months
                    .iter()
                    .map(|m| m.age_at_start.from_16_to_19)
                    .collect(),
            },
            Series {
                name: "20–24 år".into(),
                values: stats
                    .months
                    .iter()
                    .map(|m| m.age_at_start.from_20_to_24)
                    .collect(),
            },
            Series {
                name: "25 år och äldre".into(),
                values: stats
                    .months
                    .iter()
                    .map(|m| m.age_at_start.from_25)
                    .collect(),
            },
        ],
        Unit::Count,
        Layout::Stacked,
    );
    let outcomes = exits(&stats);
    let by_outcome = chart::bars(
        "Avslutade efter vad de gick vidare till",
        &outcomes
            .iter()
            .map(|(l, _)| l.to_string())
            .collect::<Vec<_>>(),
        &[Series {
            name: "Avslutade".into(),
            values: outcomes.iter().map(|(_, n)| *n).collect(),
        }],
        Unit::Count,
        Layout::Stacked,
    );
    let part_rows = parts(&stats);
    let by_part = if part_rows.len() > 1 {
        chart::bars(
            "Deltagare under perioden per del av projektet",
            &part_rows.iter().map(|o| o.name.clone()).collect::<Vec<_>>(),
            &[
                Series {
                    name: "Kvinnor".into(),
                    values: part_rows.iter().map(|o| o.participants.female).collect(),
                },
                Series {
                    name: "Män".into(),
                    values: part_rows.iter().map(|o| o.participants.male).collect(),
                },
            ],
            Unit::Count,
            Layout::Stacked,
        )
    } else {
        String::new()
    };
    let query = query_string(&stats, organisation);
    respond(
        StatusCode::OK,
        &StatisticsPage {
            chrome: Chrome::signed(&signed.actor, &signed.csrf),
            stats,
            query,
            organisation,
            by_month,
            by_age,
            by_outcome,
            by_part,
        },
    )
}

/// The same statistics as a workbook with its own charts.
pub async fn workbook(
    state: web::Data<AppState>,
    signed: Signed,
    q: web::Query<Query>,
) -> Result<HttpResponse, WebError> {
    let query = q.parse()?;
    let actor = signed.actor.clone();
    // Built on the database's worker thread, like every export.
    let (bytes, name) = state
        .db(move |conn| {
            let stats = service::participants(conn, &actor, query)?;
            let name = format!("deltagarstatistik-{}-{}.xlsx", stats.from, stats.to);
            Ok((crate::excel::statistics::workbook(&stats)?, name))
        })
        .await?;
    Ok(crate::api::excel::xlsx(bytes, &name))
}
