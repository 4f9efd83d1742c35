//! The project's settings: everyone reads them, the owner's admins change them.

use super::audit::{record, Change};
use super::{expect_version, scope_of, stale, ChangedBy};
use crate::domain::access::{authorize, Action, Actor};
use crate::domain::money::Ore;
use crate::domain::period::Month;
use crate::domain::project::{self as rules, ProjectSettings};
use crate::domain::rate::Ppm;
use crate::domain::validation::{required_text, Violations};
use crate::error::{AppError, AppResult};
use crate::store::projects::{self as store, ProjectRow, PROJECT_ID};
use crate::store::{organisations, DbConnection};
use crate::views::project::{Project, ProjectInput};

impl Project {
    pub fn from_row(row: ProjectRow) -> AppResult<Self> {
        Ok(Self {
            name: row.name,
            esf_case_number: row.esf_case_number,
            start_date: row.start_date,
            end_date: row.end_date,
            support_rate_percent: row.support_rate_ppm,
            approved_esf_budget: row.approved_esf_budget_ore,
            total_budget: row.total_budget_ore,
            indirect_rate_percent: row.indirect_rate_ppm,
            indirect_base: row.indirect_base,
            distribution_key: row.distribution_key,
            required_cofinancing_percent: row.required_cofinancing_ppm,
            version: row.version,
            updated_at: row.updated_at.and_utc(),
        })
    }
}

/// Parses and checks the input into storage units, reporting every broken rule.
pub fn check_input(input: &ProjectInput) -> Result<ProjectSettings, Violations> {
    let mut v = Violations::new();
    let name = v.check("name", required_text(&input.name, 200));
    let case = v.check(
        "esf_case_number",
        rules::check_case_number(&input.esf_case_number),
    );
    let support = v.check(
        "support_rate_percent",
        input.support_rate_percent.check().map(Ppm::get),
    );
    let esf = v.check(
        "approved_esf_budget",
        input.approved_esf_budget.check().map(Ore::get),
    );
    let total = v.check("total_budget", input.total_budget.check().map(Ore::get));
    let indirect = v.check(
        "indirect_rate_percent",
        input.indirect_rate_percent.check().map(Ppm::get),
    );
    let cofin = v.check(
        "required_cofinancing_percent",
        input.required_cofinancing_percent.check().map(Ppm::get),
    );
    v.check(
        "end_date",
        rules::check_period(input.start_date.get(), input.end_date.get()),
    );
    let (
        Some(name),
        Some(esf_case_number),
        Some(support_rate_ppm),
        Some(approved_esf_budget_ore),
        Some(total_budget_ore),
        Some(indirect_rate_ppm),
        Some(required_cofinancing_ppm),
    ) = (name, case, support, esf, total, indirect, cofin)
    else {
        return Err(v);
    };
    let settings = ProjectSettings {
        name,
        esf_case_number,
        start_date: input.start_date.get(),
        end_date: input.end_date.get(),
        support_rate_ppm,
        approved_esf_budget_ore,
        total_budget_ore,
        indirect_rate_ppm,
        indirect_base: input.indirect_base,
        distribution_key: input.distribution_key,
        required_cofinancing_ppm,
    };
    for (field, message) in rules::check_settings(&settings) {
        v.add(field, message);
    }
    v.into_result().map(|_| settings)
}

fn to_row(s: ProjectSettings, version: i64) -> ProjectRow {
    ProjectRow {
        id: PROJECT_ID,
        name: s.name,
        esf_case_number: s.esf_case_number,
        start_date: s.start_date,
        end_date: s.end_date,
        support_rate_ppm: Ppm::new(s.support_rate_ppm),
        approved_esf_budget_ore: Ore::new(s.approved_esf_budget_ore),
        total_budget_ore: Ore::new(s.total_budget_ore),
        indirect_rate_ppm: Ppm::new(s.indirect_rate_ppm),
        indirect_base: s.indirect_base,
        distribution_key: s.distribution_key,
        required_cofinancing_ppm: Ppm::new(s.required_cofinancing_ppm),
        version,
        updated_at: crate::store::now(),
    }
}

/// Once a claim is issued (issue 13.12) the start is frozen and the end may move, but not
/// before the last claimed month. The rates, their base, the approved ESF budget, the
/// key and the required co-financing change only with an `amendment_reason` (an
/// amended grant decision, audited); issued claims keep what they were issued with.
/// Name, case number and total budget stay editable. Every refused field is named.
fn check_frozen(
    conn: &mut DbConnection,
    old: &ProjectRow,
    new: &ProjectRow,
    amendment: Option<&str>,
) -> AppResult<()> {
    let issued = crate::store::claims::issued(conn)?;
    let Some(last) = issued.iter().map(|c| c.last_month).max() else {
        return Ok(());
    };
    let first = issued.iter().map(|c| c.first_month).min().unwrap_or(last);
    let mut v = Violations::new();
    if new.start_date != old.start_date {
        v.add(
            "start_date",
            format!("is frozen: issued claims cover the project from {first}"),
        );
    }
    if Month::of(new.end_date) < last {
        v.add(
            "end_date",
            format!("must not end before {last}, the last month an issued claim covers"),
        );
    }
    let amended = [
        (
            "support_rate_percent",
            new.support_rate_ppm != old.support_rate_ppm,
        ),
        (
            "approved_esf_budget",
            new.approved_esf_budget_ore != old.approved_esf_budget_ore,
        ),
        (
            "indirect_rate_percent",
            new.indirect_rate_ppm != old.indirect_rate_ppm,
        ),
        ("indirect_base", new.indirect_base != old.indirect_base),
        (
            "distribution_key",
            new.distribution_key != old.distribution_key,
        ),
        (
            "required_cofinancing_percent",
            new.required_cofinancing_ppm != old.required_cofinancing_ppm,
        ),
    ];
    if amendment.is_none() {
        for (field, changed) in amended {
            if changed {
                v.add(
                    field,
                    "issued claims were computed with it; change it only for an amended grant decision, giving amendment_reason",
                );
            }
        }
    }
    if v.is_empty() {
        return Ok(());
    }
    Err(AppError::Conflict {
        detail: v.describe(),
        errors: v.0,
    })
}

pub fn get(conn: &mut DbConnection) -> AppResult<Project> {
    let row = store::get(conn)?.ok_or_else(|| {
        AppError::NotFound(
            "no project is configured yet; an admin sets it with PUT /api/v1/project".into(),
        )
    })?;
    Project::from_row(row)
}

/// Creates or replaces the settings. Without an actor (the CLI seed) no scope applies.
pub fn put(
    conn: &mut DbConnection,
    by: &ChangedBy,
    actor: Option<&Actor>,
    input: ProjectInput,
) -> AppResult<Project> {
    let settings = check_input(&input)?;
    conn.write_tx(|conn| {
        let owner = organisations::owner(conn)?.ok_or_else(|| {
            AppError::conflict(
                "organisation",
                "the organisation tree has no owner yet; run seed first",
            )
        })?;
        if let Some(actor) = actor {
            authorize(actor, Action::ManageProject, &scope_of(&owner))?;
        }
        let current = store::get(conn)?;
        let (action, before, version) = match &current {
            Some(row) => {
                let expected = input.version.ok_or_else(|| {
                    AppError::validation("version", "is required when changing existing settings")
                })?;
                if expected != row.version {
                    return Err(stale("project", expected));
                }
                (
                    "update",
                    Some(Project::from_row(row.clone())?),
                    row.version + 1,
                )
            }
            None => ("create", None, 1),
        };
        let row = to_row(settings, version);
        let amendment = match input.amendment_reason.as_deref() {
            None => None,
            Some(r) => Some(
                required_text(r, 2000).map_err(|m| AppError::validation("amendment_reason", m))?,
            ),
        };
        if let Some(old) = &current {
            check_frozen(conn, old, &row, amendment.as_deref())?;
        }
        match &current {
            Some(c) => {
                expect_version(store::update(conn, c.version, &row)?, "project", c.version)?;
            }
            None => store::insert(conn, &row)?,
        }
        let after = Project::from_row(row)?;
        // An amendment's reason is kept with the change.
        let logged = serde_json::json!({ "settings": &after, "amendment_reason": amendment });
        record(
            conn,
            by,
            Change::of("project", PROJECT_ID, owner.id, action),
            before.as_ref(),
            Some(&logged),
        )?;
        Ok(after)
    })
}
