//! The approved budget per organisation, year and cost category or co-financing type,
//! entered by the owner's admins and read by everyone within their scope.

use super::audit::{record, Change};
use super::entry_imports::{self, EntrySheet};
use super::imports::Upload;
use super::{list_root, scope_of, stale, ChangedBy};
use crate::domain::access::{authorize, authorize_project, Action, Actor};
use crate::domain::entered::Entered;
use crate::domain::money;
use crate::domain::money::Ore;
use crate::domain::names::Named;
use crate::error::{AppError, AppResult};
use crate::excel::budget::{self as sheet, BudgetRowIn};
use crate::excel::grid::WorkbookError;
use crate::excel::ImportErrors;
use crate::store::budgets::{self as store, BudgetRow};
use crate::store::organisations::OrganisationRow;
use crate::store::{organisations as orgs, projects, DbConnection};
use crate::views::budgets::{BudgetInput, BudgetLine, BudgetQuery};
use crate::views::entry_imports::EntryImportReport;

fn view(r: BudgetRow) -> BudgetLine {
    BudgetLine {
        organisation_id: r.organisation_id,
        year: r.year,
        category: r.category,
        amount: r.amount_ore,
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
        let amount = input
            .amount
            .check()
            .map(Ore::get)
            .map_err(|m| AppError::validation("amount", m))?;
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
            Change::of(
                "budget_line",
                row.id,
                org.id,
                if before.is_some() { "update" } else { "create" },
            ),
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

/// Imports a budget workbook (the owner's admins): each row sets its line through the
/// same rules as `PUT /budgets` in the shared entry import; any error and nothing is
/// written, and the same file again changes nothing.
pub fn import(
    conn: &mut DbConnection,
    actor: &Actor,
    upload: Upload<'_>,
) -> AppResult<EntryImportReport> {
    entry_imports::import::<BudgetRowIn>(conn, actor, actor.organisation_id, upload)
}

impl BudgetRowIn {
    fn organisation(&self, conn: &mut DbConnection) -> AppResult<Option<i64>> {
        Ok(orgs::id_with_code(conn, &self.organisation_code)?)
    }

    fn input(&self, organisation_id: i64, version: Option<i64>) -> BudgetInput {
        BudgetInput {
            organisation_id,
            year: self.year,
            category: self.category,
            amount: Entered::new(self.amount),
            version,
        }
    }
}

impl EntrySheet for BudgetRowIn {
    type Stored = BudgetRow;
    const SHEET: &'static str = sheet::SHEET;
    const HEADERS: &'static [&'static str] = &sheet::HEADERS;
    const ENTITY: &'static str = "budget_import";
    const KEY_COLUMN: usize = 0;

    /// Budgets are project settings: the owner's admins import them for every
    /// organisation, so the import belongs to the owner.
    fn target(conn: &mut DbConnection, actor: &Actor, _: i64) -> AppResult<OrganisationRow> {
        authorize_project(actor, Action::SetBudgets)?;
        orgs::owner(conn)?
            .ok_or_else(|| AppError::conflict("organisation", "no project owner exists yet"))
    }

    fn read(bytes: &[u8]) -> Result<Result<Vec<Self>, ImportErrors>, WorkbookError> {
        sheet::read(bytes)
    }

    fn row(&self) -> u32 {
        self.row
    }

    fn key(&self) -> String {
        format!(
            "{}|{}|{}",
            self.organisation_code,
            self.year,
            self.category.as_str()
        )
    }

    fn column(field: &str) -> usize {
        match field {
            "year" => 1,
            "category" => 2,
            "amount" => 3,
            _ => 0,
        }
    }

    fn value(&self, col: usize) -> String {
        match col {
            1 => self.year.to_string(),
            2 => self.category.as_str().into(),
            3 => self.amount.to_string(),
            _ => self.organisation_code.clone(),
        }
    }

    fn existing(&self, conn: &mut DbConnection, _: i64) -> AppResult<Option<BudgetRow>> {
        match self.organisation(conn)? {
            Some(org) => Ok(store::find(conn, org, self.year, self.category.as_str())?),
            None => Ok(None),
        }
    }

    fn same_as(&self, stored: &BudgetRow) -> bool {
        money::to_ore(self.amount).ok() == Some(stored.amount_ore.get())
    }

    fn create(&self, conn: &mut DbConnection, actor: &Actor, _: i64) -> AppResult<()> {
        let org = self.organisation(conn)?.ok_or_else(|| {
            AppError::validation("organisation_id", "no organisation has this code")
        })?;
        set_in(conn, actor, self.input(org, None)).map(drop)
    }

    fn replace(
        &self,
        conn: &mut DbConnection,
        actor: &Actor,
        _: i64,
        stored: &BudgetRow,
    ) -> AppResult<()> {
        set_in(
            conn,
            actor,
            self.input(stored.organisation_id, Some(stored.version)),
        )
        .map(drop)
    }
}
