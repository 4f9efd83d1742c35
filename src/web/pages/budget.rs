//! Budget (issue 15): the follow-up of the reader's part of the project (budget,
//! actual, remaining and burn against time per category, region and organisation, with
//! the co-financing warning and charts) for a year or the whole project; the budget
//! lines per organisation, year and category, which the owner's admins set one at a
//! time here or all at once from a workbook on Excel in.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::{json, Value};

use super::Chrome;
use crate::api::state::AppState;
use crate::domain::access::{authorize_project, Action, Actor};
use crate::domain::claim::Category;
use crate::domain::entered::ShownPercent;
use crate::domain::money::Ore;
use crate::domain::names::Named;
use crate::service::{budget_follow_up, budgets};
use crate::views::budget_follow_up::{FollowUp, FollowUpLine, FollowUpQuery};
use crate::views::budgets::{BudgetLine, BudgetQuery};
use crate::web::chart::{self, Layout, Series, Unit};
use crate::web::format;
use crate::web::forms::{self, choices, decode, field, FieldDef, FormPage, Input, Problems};
use crate::web::session::Signed;
use crate::web::{respond, see_other, WebError};

/// A share in tenths of a percent, for a chart's bar (the table shows the share itself).
fn tenths(p: Option<ShownPercent>) -> i64 {
    p.and_then(|p| (p.get() * Decimal::TEN).round().to_i64())
        .unwrap_or(0)
}

fn sets_budgets(actor: &Actor) -> bool {
    authorize_project(actor, Action::SetBudgets).is_ok()
}

#[derive(Template)]
#[template(path = "budget.html")]
struct FollowUpPage {
    chrome: Chrome,
    f: FollowUp,
    years: Vec<i32>,
    /// The query string that chose this view (for the workbook's link).
    query: String,
    sets_budgets: bool,
    by_category: String,
    by_part: String,
    cofinancing: String,
}

impl FollowUpPage {
    fn kr(&self, o: &Ore) -> String {
        format::kr(*o)
    }
    fn share(&self, p: &Option<ShownPercent>) -> String {
        p.map_or_else(|| "–".to_string(), format::shown_percent)
    }
    fn elapsed(&self) -> String {
        format::shown_percent(self.f.elapsed_percent)
    }
    fn required(&self) -> String {
        format::percent(self.f.required_cofinancing_percent)
    }
    /// The co-financing warning of a line, in Swedish (from its figures, not its text).
    fn warning(&self, l: &FollowUpLine) -> Option<String> {
        l.warning.as_ref().map(|_| {
            format!(
                "Medfinansieringen är {} av de stödberättigande kostnaderna; beviljandet kräver {}.",
                self.share(&l.cofinancing_share_percent),
                self.required()
            )
        })
    }
    fn remaining(&self, l: &FollowUpLine) -> Ore {
        l.cost_budget
            .checked_sub(l.cost_actual)
            .unwrap_or(Ore::ZERO)
    }
    fn over(&self, o: &Ore) -> bool {
        o.get() < 0
    }
    /// Spent more than its cost budget.
    fn overspent(&self, l: &FollowUpLine) -> bool {
        l.cost_actual > l.cost_budget
    }
    fn is_cost(&self, c: &Category) -> bool {
        Category::COSTS.contains(c)
    }
    fn period(&self) -> String {
        format!(
            "{} – {}",
            format::month_words(self.f.from),
            format::month_words(self.f.to)
        )
    }
}

#[derive(Deserialize)]
pub struct FollowUpParams {
    ar: Option<i32>,
    organisation: Option<i64>,
}

impl FollowUpParams {
    fn query(&self) -> FollowUpQuery {
        FollowUpQuery {
            organisation_id: self.organisation,
            year: self.ar,
        }
    }
    fn string(&self) -> String {
        let mut parts = Vec::new();
        if let Some(y) = self.ar {
            parts.push(format!("ar={y}"));
        }
        if let Some(o) = self.organisation {
            parts.push(format!("organisation={o}"));
        }
        parts.join("&")
    }
}

async fn project_years(state: &AppState) -> Result<Vec<i32>, WebError> {
    use chrono::Datelike;
    let p = state.db(crate::service::project::get).await?;
    Ok((p.start_date.year()..=p.end_date.year()).collect())
}

/// The parts one level down whose figures the charts compare: regions when several are
/// in view, else organisations when there are a readable number.
fn chart_parts(f: &FollowUp) -> &[FollowUpLine] {
    if f.regions.len() > 1 {
        &f.regions
    } else if (2..=20).contains(&f.organisations.len()) {
        &f.organisations
    } else {
        &[]
    }
}

pub async fn follow_up(
    state: web::Data<AppState>,
    signed: Signed,
    q: web::Query<FollowUpParams>,
) -> Result<HttpResponse, WebError> {
    let (actor, query) = (signed.actor.clone(), q.query());
    let f = state
        .db(move |conn| budget_follow_up::follow_up(conn, &actor, query))
        .await?;
    let years = project_years(&state).await?;
    let costs: Vec<_> = f
        .total
        .categories
        .iter()
        .filter(|c| Category::COSTS.contains(&c.category))
        .collect();
    let by_category = chart::bars(
        "Kostnader: budget och utfall per kostnadsslag",
        &costs.iter().map(|c| c.label.clone()).collect::<Vec<_>>(),
        &[
            Series {
                name: "Budget".into(),
                values: costs.iter().map(|c| c.budget.get()).collect(),
            },
            Series {
                name: "Utfall".into(),
                values: costs.iter().map(|c| c.actual.get()).collect(),
            },
        ],
        Unit::Kronor,
        Layout::Grouped,
    );
    let parts = chart_parts(&f);
    let names: Vec<String> = parts.iter().map(|p| p.name.clone()).collect();
    let (by_part, cofinancing) = if parts.is_empty() {
        (String::new(), String::new())
    } else {
        (
            chart::bars(
                "Förbrukat av kostnadsbudgeten mot förfluten tid",
                &names,
                &[
                    Series {
                        name: "Förbrukat av budgeten".into(),
                        values: parts.iter().map(|p| tenths(p.burn_percent)).collect(),
                    },
                    Series {
                        name: "Förfluten tid".into(),
                        values: parts
                            .iter()
                            .map(|_| tenths(Some(f.elapsed_percent)))
                            .collect(),
                    },
                ],
                Unit::TenthPercent,
                Layout::Grouped,
            ),
            chart::bars(
                "Medfinansieringens andel av de stödberättigande kostnaderna mot kravet",
                &names,
                &[
                    Series {
                        name: "Medfinansiering".into(),
                        values: parts
                            .iter()
                            .map(|p| tenths(p.cofinancing_share_percent))
                            .collect(),
                    },
                    Series {
                        name: "Krav".into(),
                        values: parts
                            .iter()
                            .map(|_| f.required_cofinancing_percent.get() / 1_000)
                            .collect(),
                    },
                ],
                Unit::TenthPercent,
                Layout::Grouped,
            ),
        )
    };
    respond(
        StatusCode::OK,
        &FollowUpPage {
            chrome: Chrome::signed(&signed.actor, &signed.csrf),
            f,
            years,
            query: q.string(),
            sets_budgets: sets_budgets(&signed.actor),
            by_category,
            by_part,
            cofinancing,
        },
    )
}

pub async fn follow_up_workbook(
    state: web::Data<AppState>,
    signed: Signed,
    q: web::Query<FollowUpParams>,
) -> Result<HttpResponse, WebError> {
    let (actor, query) = (signed.actor.clone(), q.query());
    let (bytes, name) = state
        .db(move |conn| {
            budget_follow_up::export(
                conn,
                &actor,
                query,
                crate::excel::budget::follow_up_workbook,
            )
        })
        .await?;
    Ok(crate::api::excel::xlsx(bytes, &name))
}

const PAGE: usize = 100;

#[derive(Template)]
#[template(path = "budget_lines.html")]
struct LinesPage {
    chrome: Chrome,
    year: i32,
    years: Vec<i32>,
    lines: Vec<BudgetLine>,
    names: HashMap<i64, String>,
    total: Ore,
    page: usize,
    pages: usize,
    sets_budgets: bool,
    saved: bool,
}

impl LinesPage {
    fn kr(&self, o: &Ore) -> String {
        format::kr(*o)
    }
    fn name(&self, id: &i64) -> &str {
        self.names.get(id).map_or("", String::as_str)
    }
    fn category(&self, c: &Category) -> &'static str {
        c.label()
    }
    fn shown(&self) -> &[BudgetLine] {
        let start = ((self.page - 1) * PAGE).min(self.lines.len());
        &self.lines[start..(start + PAGE).min(self.lines.len())]
    }
}

#[derive(Deserialize)]
pub struct LinesParams {
    ar: Option<i32>,
    sida: Option<usize>,
    klart: Option<String>,
}

/// The organisations the reader sees, by id (their names for the lines and the form).
async fn organisations(state: &AppState, actor: &Actor) -> Result<Vec<(i64, String)>, WebError> {
    Ok(super::organisations_in_view(state, actor)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect())
}

pub async fn lines(
    state: web::Data<AppState>,
    signed: Signed,
    q: web::Query<LinesParams>,
) -> Result<HttpResponse, WebError> {
    let years = project_years(&state).await?;
    let year = q.ar.or(years.first().copied()).unwrap_or(0);
    let actor = signed.actor.clone();
    let mut lines = state
        .db(move |conn| {
            budgets::list(
                conn,
                &actor,
                BudgetQuery {
                    organisation_id: None,
                    year: Some(year),
                },
            )
        })
        .await?;
    let names: HashMap<i64, String> = organisations(&state, &signed.actor)
        .await?
        .into_iter()
        .collect();
    lines.sort_by(|a, b| {
        (names.get(&a.organisation_id), a.category.as_str())
            .cmp(&(names.get(&b.organisation_id), b.category.as_str()))
    });
    // Budgets are checked sums of entered amounts; a total that overflowed could only
    // come from a broken ledger, shown as zero beside its lines.
    let total = Ore::checked_sum(lines.iter().map(|l| l.amount)).unwrap_or(Ore::ZERO);
    let pages = lines.len().div_ceil(PAGE).max(1);
    let page = q.sida.unwrap_or(1).clamp(1, pages);
    respond(
        StatusCode::OK,
        &LinesPage {
            chrome: Chrome::signed(&signed.actor, &signed.csrf),
            year,
            years,
            lines,
            names,
            total,
            page,
            pages,
            sets_budgets: sets_budgets(&signed.actor),
            saved: q.klart.is_some(),
        },
    )
}

async fn line_fields(state: &AppState, signed: &Signed) -> Result<Vec<FieldDef>, WebError> {
    let orgs = organisations(state, &signed.actor).await?;
    let years = project_years(state).await?;
    Ok(vec![
        field(
            "organisation_id",
            "Organisation",
            "",
            Input::Choice(
                orgs.into_iter()
                    .map(|(id, n)| (id.to_string(), n))
                    .collect(),
            ),
        ),
        field(
            "year",
            "År",
            "",
            Input::Choice(
                years
                    .iter()
                    .map(|y| (y.to_string(), y.to_string()))
                    .collect(),
            ),
        ),
        field(
            "category",
            "Kostnadsslag eller medfinansiering",
            "",
            choices::<Category>(Category::label),
        ),
        field(
            "amount",
            "Belopp (kr)",
            "Det beviljade beloppet för året. 0 tar bort budgeten för slaget.",
            Input::Money,
        ),
    ])
}

fn line_form(
    signed: &Signed,
    defs: Vec<FieldDef>,
    values: &HashMap<String, String>,
    problems: Problems,
) -> FormPage {
    FormPage::plain(
        Chrome::signed(&signed.actor, &signed.csrf),
        "Budgetrad".into(),
        ("/budget/rader".into(), "Till budgetraderna"),
        "/budget/rader/ny".into(),
        defs,
        values,
        problems,
        "Spara budgetraden",
    )
}

#[derive(Deserialize)]
pub struct LineParams {
    organisation: Option<i64>,
    ar: Option<i32>,
    kategori: Option<String>,
}

/// The form for a line: empty, or the line asked for with its amount and version.
pub async fn line_page(
    state: web::Data<AppState>,
    signed: Signed,
    q: web::Query<LineParams>,
) -> Result<HttpResponse, WebError> {
    authorize_project(&signed.actor, Action::SetBudgets).map_err(crate::error::AppError::from)?;
    let defs = line_fields(&state, &signed).await?;
    let mut values = HashMap::new();
    if let (Some(org), Some(year), Some(category)) = (q.organisation, q.ar, q.kategori.clone()) {
        let category = Category::parse(&category).map_err(|_| WebError::Unreadable)?;
        values.insert("organisation_id".to_string(), org.to_string());
        values.insert("year".to_string(), year.to_string());
        values.insert("category".to_string(), category.as_str().to_string());
        let actor = signed.actor.clone();
        let existing = state
            .db(move |conn| {
                budgets::list(
                    conn,
                    &actor,
                    BudgetQuery {
                        organisation_id: Some(org),
                        year: Some(year),
                    },
                )
            })
            .await?
            .into_iter()
            .find(|l| l.organisation_id == org && l.category == category);
        if let Some(l) = existing {
            values = forms::values_of(&serde_json::to_value(&l).unwrap_or_default());
        }
    }
    line_form(&signed, defs, &values, Vec::new()).respond(StatusCode::OK)
}

pub async fn set_line(
    state: web::Data<AppState>,
    signed: Signed,
    posted: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, WebError> {
    let values = forms::fields_of(posted.into_inner());
    signed.check_csrf(values.get("csrf").map_or("", String::as_str))?;
    let defs = line_fields(&state, &signed).await?;
    let names: Vec<&str> = defs.iter().map(|f| f.name).collect();
    let problems = match forms::read(&defs, &values) {
        Ok(mut input) => {
            forms::as_number(&mut input, "organisation_id")?;
            forms::as_number(&mut input, "year")?;
            if let Some(v) = forms::version_of(&values)? {
                input.insert("version".into(), json!(v));
            }
            let actor = signed.actor.clone();
            let set = state
                .db(move |conn| budgets::set(conn, &actor, decode(Value::Object(input))?))
                .await;
            match set {
                Ok(l) => return Ok(see_other(format!("/budget/rader?ar={}&klart=1", l.year))),
                Err(e) => forms::problems_of(e, &names, &[])?,
            }
        }
        Err(p) => p,
    };
    line_form(&signed, defs, &values, problems).respond(StatusCode::UNPROCESSABLE_ENTITY)
}
