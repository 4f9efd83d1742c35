//! `esf-ledger seed`: the Plug In organisation tree, project settings and demo users
//! from `fixtures/` (compiled in), loaded idempotently in one transaction.

use serde::Deserialize;

use crate::domain::roles::RoleSet;
use crate::error::{AppError, AppResult};
use crate::service::organisations::{ensure_from_fixture, FixtureOrganisation};
use crate::service::project::{self};
use crate::service::users::{self};
use crate::service::ChangedBy;
use crate::store::{organisations, projects, users as user_store, DbConnection};
use crate::views::project::ProjectInput;
use crate::views::users::NewUserInput;

pub const ORGANISATIONS_CSV: &str = include_str!("../fixtures/organisations.csv");
pub const PROJECT_JSON: &str = include_str!("../fixtures/project.json");
pub const DEMO_USERS_CSV: &str = include_str!("../fixtures/demo-users.csv");
/// The demo users' password unless ESF_DEMO_PASSWORD says otherwise.
pub const DEFAULT_DEMO_PASSWORD: &str = "plugin-demo-2013";

#[derive(Debug, Clone)]
pub struct SeedOptions {
    pub demo_users: bool,
    pub demo_password: String,
}

impl Default for SeedOptions {
    fn default() -> Self {
        Self {
            demo_users: true,
            demo_password: DEFAULT_DEMO_PASSWORD.to_string(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SeedReport {
    pub organisations_created: usize,
    pub organisations_total: i64,
    pub project_created: bool,
    pub users_created: usize,
}

#[derive(Debug, Deserialize)]
struct DemoUser {
    email: String,
    name: String,
    organisation_code: String,
    roles: String,
}

/// Prefixes the fields of an error with the fixture file and row.
fn at_row(file: &str, row: usize, e: AppError) -> AppError {
    match e {
        AppError::Validation(mut v) => {
            for err in &mut v.0 {
                err.field = format!("{file} row {row}: {}", err.field);
            }
            AppError::Validation(v)
        }
        other => AppError::bad_request(format!("{file} row {row}: {other}")),
    }
}

fn parse_csv<T: serde::de::DeserializeOwned>(file: &str, text: &str) -> AppResult<Vec<T>> {
    csv::Reader::from_reader(text.as_bytes())
        .deserialize()
        .enumerate()
        .map(|(i, r)| r.map_err(|e| AppError::bad_request(format!("{file} row {}: {e}", i + 2))))
        .collect()
}

pub fn seed(conn: &mut DbConnection, options: &SeedOptions) -> AppResult<SeedReport> {
    let orgs: Vec<FixtureOrganisation> = parse_csv("organisations.csv", ORGANISATIONS_CSV)?;
    let demo: Vec<DemoUser> = parse_csv("demo-users.csv", DEMO_USERS_CSV)?;
    let project_input: ProjectInput = serde_json::from_str(PROJECT_JSON)
        .map_err(|e| AppError::bad_request(format!("project.json: {e}")))?;

    conn.write_tx(|conn| {
        let mut report = SeedReport::default();
        for (i, row) in orgs.iter().enumerate() {
            if ensure_from_fixture(conn, row).map_err(|e| at_row("organisations.csv", i + 2, e))? {
                report.organisations_created += 1;
            }
        }
        report.organisations_total = organisations::count(conn)?;
        if projects::get(conn)?.is_none() {
            project::put(conn, &ChangedBy::Cli, None, project_input)?;
            report.project_created = true;
        }
        if options.demo_users {
            for (i, u) in demo.iter().enumerate() {
                let row = i + 2;
                if user_store::find_by_email(conn, &u.email)?.is_some() {
                    continue;
                }
                let org =
                    organisations::find_by_code(conn, &u.organisation_code)?.ok_or_else(|| {
                        AppError::bad_request(format!(
                            "demo-users.csv row {row}: no organisation with code {}",
                            u.organisation_code
                        ))
                    })?;
                let roles = RoleSet::parse_list(&u.roles)
                    .map_err(|m| at_row("demo-users.csv", row, AppError::validation("roles", m)))?;
                let input = NewUserInput {
                    organisation_id: org.id,
                    name: u.name.clone(),
                    email: u.email.clone(),
                    roles: roles.to_vec(),
                    password: options.demo_password.clone(),
                    active: Some(true),
                };
                users::create(conn, &ChangedBy::Cli, None, input)
                    .map_err(|e| at_row("demo-users.csv", row, e))?;
                report.users_created += 1;
            }
        }
        Ok(report)
    })
}
