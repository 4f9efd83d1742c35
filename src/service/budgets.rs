//! The approved budget per organisation, year and cost category or co-financing type,
//! entered by the owner's admins and read by everyone within their scope.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::audit::{record, Change};
use super::imports::{import_problem, record_import, workbook_problem, Upload};
use super::{list_root, scope_of, stale, ChangedBy};
use crate::domain::access::{authorize, Action, Actor};
use crate::domain::money;
use crate::error::{AppError, AppResult};
use crate::store::budgets::{self as store, BudgetRow};
use crate::store::{organisations as orgs, projects, DbConnection};

pub use crate::domain::claim::Category as BudgetCategory;

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BudgetInput {
    pub organisation_id: i64,
    pub year: i32,
    pub category: BudgetCategory,
    /// SEK, at most two decimals, not negative.
    #[serde(with = "rust_decimal::serde::str")]
    #[schema(value_type = String, example = "250000.00")]
    pub amount: Decimal,
    /// The version you read when changing a line already set.
    pub version: Option<i64>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, PartialEq, Eq)]
pub struct BudgetLine {
    pub organisation_id: i64,
    pub year: i32,
    /// A cost category or co-financing type.
    pub category: String,
    #[serde(with = "rust_decimal::serde::str")]
    #[schema(value_type = String)]
    pub amount: Decimal,
    pub version: i64,
}

#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct BudgetQuery {
    pub organisation_id: Option<i64>,
    pub year: Option<i32>,
}

fn view(r: BudgetRow) -> BudgetLine {
    BudgetLine {
        organisation_id: r.organisation_id,
        year: r.year,
        category: r.category,
        amount: money::from_ore(r.amount_ore),
        version: r.version,
    }
}

pub fn set(conn: &mut DbConnection, actor: &Actor, input: BudgetInput) -> AppResult<BudgetLine> {
    conn.write_tx(|conn| set_in(conn, actor, input))
}

/// `set` inside the caller's transaction.
fn set_in(conn: &mut DbConnection, actor: &Actor, input: BudgetInput) -> AppResult<BudgetLine> {
    {
        let org = orgs::find(conn, input.organisation_id)?.ok_or_else(|| {
            AppError::validation(
                "organisation_id",
                format!("no organisation {} exists", input.organisation_id),
            )
        })?;
        authorize(actor, Action::ManageProject, &scope_of(&org))?;
        let amount = money::to_ore(input.amount).map_err(|m| AppError::validation("amount", m))?;
        if amount < 0 {
            return Err(AppError::validation(
                "amount",
                format!("{} is negative; a budget is 0 or more", input.amount),
            ));
        }
        let project = projects::get(conn)?
            .ok_or_else(|| AppError::conflict("project", "no project is configured yet"))?;
        use chrono::Datelike;
        let (first, last) = (project.start_date.year(), project.end_date.year());
        if input.year < first || input.year > last {
            return Err(AppError::validation(
                "year",
                format!("{} is outside the project ({first}-{last})", input.year),
            ));
        }
        let category = input.category.as_str();
        let existing = store::find(conn, org.id, input.year, category)?;
        match (&existing, input.version) {
            (Some(row), Some(v)) if row.version != v => return Err(stale("budget line", v)),
            (Some(_), None) => {
                return Err(AppError::conflict(
                    "version",
                    "this budget line is already set; send the version you read to change it",
                ))
            }
            _ => {}
        }
        let before = existing.clone().map(view);
        if !store::set(
            conn,
            existing.as_ref(),
            org.id,
            input.year,
            category,
            amount,
            actor.user_id,
        )? {
            return Err(stale("budget line", input.version.unwrap_or(0)));
        }
        let row = store::find(conn, org.id, input.year, category)?
            .ok_or_else(|| AppError::Internal("budget line vanished".into()))?;
        let after = view(row.clone());
        record(
            conn,
            &ChangedBy::of(actor),
            Change {
                organisation_id: org.id,
                action: if before.is_some() { "update" } else { "create" },
                entity: "budget_line",
                entity_id: row.id,
            },
            before.as_ref(),
            Some(&after),
        )?;
        Ok(after)
    }
}

pub fn list(conn: &mut DbConnection, actor: &Actor, q: BudgetQuery) -> AppResult<Vec<BudgetLine>> {
    let root = list_root(conn, actor, q.organisation_id, Action::Read)?;
    Ok(store::under(conn, &root.path, q.year)?
        .into_iter()
        .map(view)
        .collect())
}

/// The outcome of a budget import.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema, PartialEq, Eq)]
pub struct BudgetImportReport {
    pub rows: usize,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// Imports a budget workbook (the owner's admins): each row sets its line through the
/// same rules as `PUT /budgets`; any error and nothing is written.
pub fn import(
    conn: &mut DbConnection,
    actor: &Actor,
    upload: Upload<'_>,
) -> AppResult<BudgetImportReport> {
    use crate::excel::budget::{self as sheet, HEADERS, SHEET};
    use crate::excel::grid::error as cell;
    if !crate::domain::access::sets_budgets(actor) {
        return Err(AppError::Forbidden(
            "project settings require the admin role at the project owner".into(),
        ));
    }
    let rows = sheet::read(upload.bytes)
        .map_err(workbook_problem)?
        .map_err(import_problem)?;
    conn.write_tx(|conn| {
        let owner = orgs::owner(conn)?
            .ok_or_else(|| AppError::conflict("organisation", "no project owner exists yet"))?;
        record_import(conn, actor, "budget", owner.id, &upload, rows.len())?;
        let mut report = BudgetImportReport {
            rows: rows.len(),
            created: 0,
            updated: 0,
            unchanged: 0,
        };
        let mut errors = crate::excel::ImportErrors::default();
        let mut seen = std::collections::HashSet::new();
        for r in &rows {
            let fail = |col: usize, value: String, rule: String| {
                cell(SHEET, &HEADERS, r.row, col, value, rule)
            };
            if !seen.insert((r.organisation_code.clone(), r.year, r.category)) {
                errors.push(fail(
                    0,
                    r.organisation_code.clone(),
                    "this organisation, year and category appear twice in the file".into(),
                ));
                continue;
            }
            let Some(org) = orgs::id_with_code(conn, &r.organisation_code)? else {
                errors.push(fail(
                    0,
                    r.organisation_code.clone(),
                    "no organisation has this code".into(),
                ));
                continue;
            };
            let existing = store::find(conn, org, r.year, r.category.as_str())?;
            let amount_ore = money::to_ore(r.amount).ok();
            if existing
                .as_ref()
                .is_some_and(|e| Some(e.amount_ore) == amount_ore)
            {
                report.unchanged += 1;
                continue;
            }
            let input = BudgetInput {
                organisation_id: org,
                year: r.year,
                category: r.category,
                amount: r.amount,
                version: existing.as_ref().map(|e| e.version),
            };
            match set_in(conn, actor, input) {
                Ok(_) if existing.is_some() => report.updated += 1,
                Ok(_) => report.created += 1,
                Err(e @ (AppError::Unavailable(_) | AppError::Internal(_))) => return Err(e),
                Err(AppError::Validation(v)) => {
                    for f in v.0 {
                        let (col, value) = match f.field.as_str() {
                            "year" => (1, r.year.to_string()),
                            "amount" => (3, r.amount.to_string()),
                            _ => (0, r.organisation_code.clone()),
                        };
                        errors.push(fail(col, value, f.message));
                    }
                }
                Err(other) => {
                    errors.push(fail(0, r.organisation_code.clone(), other.problem().detail))
                }
            }
        }
        if !errors.is_empty() {
            return Err(import_problem(errors));
        }
        Ok(report)
    })
}
