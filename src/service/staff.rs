//! Staff members of an organisation, their salary records, and the hourly rate valid
//! in a month.

use super::audit::{self, Change};
use super::{authorize_found, expect_version, ChangedBy};
use crate::domain::access::{Action, Actor};
use crate::domain::money::Ore;
use crate::domain::names::Named;
use crate::domain::period::Month;
use crate::domain::rate::Ppm;
use crate::domain::staff_cost;
use crate::domain::validation::{required_text, Violations};
use crate::error::{AppError, AppResult};
use crate::store::organisations::{self as orgs, Directory, OrganisationRow};
use crate::store::staff::{self as store, NewSalary, NewStaff, SalaryRow, StaffChanges, StaffRow};
use crate::store::{social_fees, timesheets, DbConnection};
use crate::views::staff::{
    MonthRate, NewStaffInput, Salary, SalaryInput, StaffMember, StaffPatch, StaffQuery, StaffRates,
};
use crate::views::{Page, PageParams};

fn salary_view(r: &SalaryRow) -> AppResult<Salary> {
    Ok(Salary {
        id: r.id,
        valid_from: r.valid_from,
        monthly_salary: r.monthly_salary_ore,
        employment_rate_percent: r.employment_rate_ppm,
        social_fee_override_percent: r.social_fee_override_ppm,
        reason: r.reason.clone(),
        version: r.version,
    })
}

fn view(conn: &mut DbConnection, row: StaffRow) -> AppResult<StaffMember> {
    let salaries = store::salaries(conn, row.id)?;
    view_with(row, &salaries)
}

/// The staff member with their salary records already read.
fn view_with(row: StaffRow, salaries: &[SalaryRow]) -> AppResult<StaffMember> {
    let salaries = salaries.iter().map(salary_view).collect::<AppResult<_>>()?;
    Ok(StaffMember {
        id: row.id,
        organisation_id: row.organisation_id,
        name: row.name,
        employee_number: row.employee_number,
        active: row.active,
        version: row.version,
        salaries,
    })
}

/// The staff member with their organisation, where the actor may do `action`; 404 when
/// unknown or out of the actor's sight (alike).
pub fn load(
    conn: &mut DbConnection,
    actor: &Actor,
    action: Action,
    id: i64,
) -> AppResult<(StaffRow, OrganisationRow)> {
    let missing = || AppError::NotFound(format!("no staff member {id}"));
    let (staff, org) = store::find_with_organisation(conn, id)?.ok_or_else(missing)?;
    authorize_found(actor, action, &org, missing)?;
    Ok((staff, org))
}

fn check_number(number: &str) -> Result<String, String> {
    required_text(number, 40)
}

pub fn create(
    conn: &mut DbConnection,
    actor: &Actor,
    input: NewStaffInput,
) -> AppResult<StaffMember> {
    let mut v = Violations::new();
    let name = v.check("name", required_text(&input.name, 200));
    let number = v.check("employee_number", check_number(&input.employee_number));
    v.into_result()?;
    let (name, number) = (name.unwrap_or_default(), number.unwrap_or_default());
    conn.write_tx(|conn| {
        let missing = || {
            AppError::validation(
                "organisation_id",
                format!("no organisation {} exists", input.organisation_id),
            )
        };
        let org = orgs::find(conn, input.organisation_id)?.ok_or_else(missing)?;
        authorize_found(actor, Action::EnterData, &org, missing)?;
        if store::id_with_employee_number(conn, org.id, &number)?.is_some() {
            return Err(AppError::conflict(
                "employee_number",
                format!(
                    "{} already has a staff member with number {number}",
                    org.name
                ),
            ));
        }
        let now = crate::store::now();
        let id = store::insert(
            conn,
            &NewStaff {
                organisation_id: org.id,
                name,
                employee_number: number,
                active: true,
                version: 1,
                created_at: now,
                updated_at: now,
            },
        )?;
        let (row, _) = load(conn, actor, Action::Read, id)?;
        let created = view(conn, row)?;
        audit::created(
            conn,
            &ChangedBy::of(actor),
            Change::of("staff", id, org.id, "create"),
            &created,
        )?;
        Ok(created)
    })
}

pub fn get(conn: &mut DbConnection, actor: &Actor, id: i64) -> AppResult<StaffMember> {
    let (row, _) = load(conn, actor, Action::Read, id)?;
    view(conn, row)
}

/// A page of the staff under the organisation the query names (the actor's own when
/// none), with their salary records; `directory`: the organisations, when the caller
/// holds them (`service::list_root_in`).
pub fn list(
    conn: &mut DbConnection,
    directory: Option<&Directory>,
    actor: &Actor,
    q: StaffQuery,
) -> AppResult<Page<StaffMember>> {
    let (limit, offset) = PageParams {
        limit: q.limit,
        offset: q.offset,
    }
    .resolve()?;
    let root = super::list_root_in(conn, directory, actor, q.organisation_id, Action::Read)?;
    // A named organisation lists its own staff; none, the actor's whole subtree.
    let members = match q.organisation_id {
        Some(_) => vec![root.id],
        None => super::subtree_ids(conn, directory, &root)?,
    };
    let (rows, total) = store::list_of(conn, &members, limit, offset)?;
    // The page's salary records in one read, not one per staff member.
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut salaries = store::salaries_of(conn, &ids)?;
    let items = rows
        .into_iter()
        .map(|r| {
            let records = salaries.remove(&r.id).unwrap_or_default();
            view_with(r, &records)
        })
        .collect::<AppResult<_>>()?;
    Ok(Page {
        items,
        total,
        limit,
        offset,
    })
}

pub fn update(
    conn: &mut DbConnection,
    actor: &Actor,
    id: i64,
    patch: StaffPatch,
) -> AppResult<StaffMember> {
    conn.write_tx(|conn| {
        let (current, org) = load(conn, actor, Action::EnterData, id)?;
        let mut v = Violations::new();
        let name = v.check(
            "name",
            required_text(patch.name.as_deref().unwrap_or(&current.name), 200),
        );
        let number = v.check(
            "employee_number",
            check_number(
                patch
                    .employee_number
                    .as_deref()
                    .unwrap_or(&current.employee_number),
            ),
        );
        v.into_result()?;
        let number = number.unwrap_or_default();
        if store::id_with_employee_number(conn, org.id, &number)?.is_some_and(|other| other != id) {
            return Err(AppError::conflict(
                "employee_number",
                format!(
                    "{} already has a staff member with number {number}",
                    org.name
                ),
            ));
        }
        let before = view(conn, current.clone())?;
        let changes = StaffChanges {
            name: name.unwrap_or_default(),
            employee_number: number,
            active: patch.active.unwrap_or(current.active),
            updated_at: crate::store::now(),
        };
        expect_version(
            store::update(conn, id, patch.version, &changes)?,
            "staff member",
            patch.version,
        )?;
        let (row, _) = load(conn, actor, Action::Read, id)?;
        let after = view(conn, row)?;
        audit::updated(
            conn,
            &ChangedBy::of(actor),
            Change::of("staff", id, org.id, "update"),
            &before,
            &after,
        )?;
        Ok(after)
    })
}

/// Adds a salary record. Months already attested keep the rate they were attested
/// with, so a record that would change an attested month's rate is refused.
pub fn add_salary(
    conn: &mut DbConnection,
    actor: &Actor,
    staff_id: i64,
    input: SalaryInput,
) -> AppResult<StaffMember> {
    let checked = check_salary(&input)?;
    conn.write_tx(|conn| {
        let (staff, org) = load(conn, actor, Action::EnterData, staff_id)?;
        let existing = store::salaries(conn, staff_id)?;
        let from = input.valid_from;
        refuse_same_start(&staff, &existing, from, None)?;
        // The new record governs from `from` until the next later record.
        let (_, until) = governed(&existing, from, None);
        if let Some(month) = timesheets::first_attested_month(conn, staff_id, from, until)? {
            return Err(AppError::conflict(
                "valid_from",
                format!("the timesheet for {month} is attested with the current rate; a salary change must start after it"),
            ));
        }
        let before = view(conn, staff.clone())?;
        store::insert_salary(conn, &checked.row(staff_id, from))?;
        let after = view(conn, staff)?;
        audit::updated(conn, &ChangedBy::of(actor), Change::of("staff", staff_id, org.id, "add_salary"), &before, &after)?;
        Ok(after)
    })
}

/// A salary record's figures, checked.
struct CheckedSalary {
    salary: i64,
    employment: i64,
    fee: Option<i64>,
    reason: Option<String>,
}

impl CheckedSalary {
    fn row(&self, staff_id: i64, valid_from: Month) -> NewSalary {
        let now = crate::store::now();
        NewSalary {
            staff_id,
            valid_from,
            monthly_salary_ore: Ore::new(self.salary),
            employment_rate_ppm: Ppm::new(self.employment),
            social_fee_override_ppm: self.fee.map(Ppm::new),
            version: 1,
            created_at: now,
            updated_at: now,
            reason: self.reason.clone(),
        }
    }
}

fn check_salary(input: &SalaryInput) -> AppResult<CheckedSalary> {
    let mut v = Violations::new();
    let salary = v.check("monthly_salary", input.monthly_salary.check().map(Ore::get));
    if salary.is_some_and(|s| s <= 0) {
        v.add(
            "monthly_salary",
            format!("{} must be more than 0", input.monthly_salary),
        );
    }
    let employment = v.check(
        "employment_rate_percent",
        input.employment_rate_percent.check().map(Ppm::get),
    );
    if employment == Some(0) {
        v.add("employment_rate_percent", "must be more than 0 %");
    }
    let fee = input
        .social_fee_override_percent
        .and_then(|p| v.check("social_fee_override_percent", p.check().map(Ppm::get)));
    let reason = match input.reason.as_deref() {
        Some(r) => v.check("reason", required_text(r, 500)),
        None => None,
    };
    v.into_result()?;
    Ok(CheckedSalary {
        salary: salary.unwrap_or_default(),
        employment: employment.unwrap_or_default(),
        fee,
        reason,
    })
}

fn refuse_same_start(
    staff: &StaffRow,
    existing: &[SalaryRow],
    from: Month,
    except: Option<i64>,
) -> AppResult<()> {
    if existing
        .iter()
        .any(|s| s.valid_from == from && Some(s.id) != except)
    {
        return Err(AppError::conflict(
            "valid_from",
            format!(
                "{} already has a salary record from {from}; correct that one",
                staff.name
            ),
        ));
    }
    Ok(())
}

/// The months a record starting at `from` governs: until the next later record (other
/// than `except`, the record itself when it moves), as (from, until-exclusive).
fn governed(existing: &[SalaryRow], from: Month, except: Option<i64>) -> (Month, Option<Month>) {
    let until = existing
        .iter()
        .filter(|s| Some(s.id) != except)
        .map(|s| s.valid_from)
        .filter(|m| *m > from)
        .min();
    (from, until)
}

/// The salary record of this staff member, its row and the staff member's; 404 alike
/// when unknown, another staff member's or out of sight.
fn load_salary(
    conn: &mut DbConnection,
    actor: &Actor,
    staff_id: i64,
    salary_id: i64,
) -> AppResult<(StaffRow, OrganisationRow, Vec<SalaryRow>, SalaryRow)> {
    let (staff, org) = load(conn, actor, Action::EnterData, staff_id)?;
    let existing = store::salaries(conn, staff_id)?;
    let record = existing
        .iter()
        .find(|s| s.id == salary_id)
        .cloned()
        .ok_or_else(|| {
            AppError::NotFound(format!(
                "no salary record {salary_id} of staff member {staff_id}"
            ))
        })?;
    Ok((staff, org, existing, record))
}

/// Refuses a change to the months `(from, until)` of a record when an attested timesheet
/// was costed with it: those months keep their rate, and a correction is a new record
/// from a later month, with a reason.
fn refuse_if_used(
    conn: &mut DbConnection,
    staff_id: i64,
    (from, until): (Month, Option<Month>),
) -> AppResult<()> {
    if let Some(month) = timesheets::first_attested_month(conn, staff_id, from, until)? {
        return Err(AppError::conflict(
            "id",
            format!(
                "the timesheet for {month} is attested with this salary record, so the record stays as it is; add a new record from {} with a reason instead",
                month.next()
            ),
        ));
    }
    Ok(())
}

/// Issue 13.15: corrects a salary record while no attested timesheet uses it, neither in
/// the months it governs now nor in those it would govern.
pub fn replace_salary(
    conn: &mut DbConnection,
    actor: &Actor,
    staff_id: i64,
    salary_id: i64,
    input: crate::views::entries::Versioned<SalaryInput>,
) -> AppResult<StaffMember> {
    let checked = check_salary(&input.entry)?;
    conn.write_tx(|conn| {
        let (staff, org, existing, record) = load_salary(conn, actor, staff_id, salary_id)?;
        expect_version(
            record.version == input.version,
            "salary record",
            input.version,
        )?;
        let from = input.entry.valid_from;
        refuse_same_start(&staff, &existing, from, Some(salary_id))?;
        refuse_if_used(
            conn,
            staff_id,
            governed(&existing, record.valid_from, Some(salary_id)),
        )?;
        refuse_if_used(conn, staff_id, governed(&existing, from, Some(salary_id)))?;
        let before = view(conn, staff.clone())?;
        expect_version(
            store::replace_salary(conn, salary_id, input.version, &checked.row(staff_id, from))?,
            "salary record",
            input.version,
        )?;
        let after = view(conn, staff)?;
        audit::updated(
            conn,
            &ChangedBy::of(actor),
            Change::of("staff", staff_id, org.id, "update_salary"),
            &before,
            &after,
        )?;
        Ok(after)
    })
}

/// Issue 13.15: removes a salary record no attested timesheet uses (the months it
/// governed fall to the record before it, if any).
pub fn delete_salary(
    conn: &mut DbConnection,
    actor: &Actor,
    staff_id: i64,
    salary_id: i64,
    version: i64,
) -> AppResult<StaffMember> {
    conn.write_tx(|conn| {
        let (staff, org, existing, record) = load_salary(conn, actor, staff_id, salary_id)?;
        expect_version(record.version == version, "salary record", version)?;
        refuse_if_used(
            conn,
            staff_id,
            governed(&existing, record.valid_from, Some(salary_id)),
        )?;
        let before = view(conn, staff.clone())?;
        expect_version(
            store::delete_salary(conn, salary_id, version)?,
            "salary record",
            version,
        )?;
        let after = view(conn, staff)?;
        audit::updated(
            conn,
            &ChangedBy::of(actor),
            Change::of("staff", staff_id, org.id, "delete_salary"),
            &before,
            &after,
        )?;
        Ok(after)
    })
}

/// The salary record valid in `month`: the latest one starting at or before it.
pub fn salary_in(salaries: &[SalaryRow], month: Month) -> Option<&SalaryRow> {
    salaries
        .iter()
        .filter(|s| s.valid_from <= month)
        .max_by_key(|s| s.valid_from)
}

/// The hourly rate (öre) of a staff member in a month: the valid salary record and
/// the social fee (its override, or the year's default for the employer kind).
pub fn hourly_rate(
    conn: &mut DbConnection,
    staff: &StaffRow,
    org: &OrganisationRow,
    month: Month,
) -> AppResult<i64> {
    let salaries = store::salaries(conn, staff.id)?;
    hourly_rate_from(conn, &mut Fees::default(), &salaries, staff, org, month)
}

/// The social-fee table as far as it has been read: each (year, employer kind) looked up
/// once, however many staff members and months ask (an import asks thousands of times).
#[derive(Default)]
pub struct Fees(
    std::collections::HashMap<(i32, crate::domain::organisation::EmployerKind), Option<Ppm>>,
);

impl Fees {
    fn get(
        &mut self,
        conn: &mut DbConnection,
        year: i32,
        kind: crate::domain::organisation::EmployerKind,
    ) -> AppResult<Option<Ppm>> {
        if let Some(found) = self.0.get(&(year, kind)) {
            return Ok(*found);
        }
        let found = social_fees::find(conn, year, kind.as_str())?.map(|r| r.rate_ppm);
        self.0.insert((year, kind), found);
        Ok(found)
    }
}

/// `hourly_rate` with the staff member's salary records already loaded.
pub fn hourly_rate_from(
    conn: &mut DbConnection,
    fees: &mut Fees,
    salaries: &[SalaryRow],
    staff: &StaffRow,
    org: &OrganisationRow,
    month: Month,
) -> AppResult<i64> {
    let inputs = rate_inputs(conn, fees, salaries, staff, org, month)?;
    staff_cost::hourly_rate(
        inputs.monthly_salary,
        inputs.employment_rate,
        inputs.social_fee,
    )
    .map(Ore::get)
    .map_err(|m| AppError::validation("monthly_salary", m))
}

/// What a month's hourly rate is computed from.
pub struct RateInputs {
    pub monthly_salary: Ore,
    pub employment_rate: Ppm,
    pub social_fee: Ppm,
    /// The social fee is the salary record's own, not the year's table.
    pub fee_from_record: bool,
}

/// The salary record valid in `month` and the social fee that applies (its override, or
/// the year's default for the employer kind).
pub fn rate_inputs(
    conn: &mut DbConnection,
    fees: &mut Fees,
    salaries: &[SalaryRow],
    staff: &StaffRow,
    org: &OrganisationRow,
    month: Month,
) -> AppResult<RateInputs> {
    let salary = salary_in(salaries, month).ok_or_else(|| {
        AppError::validation(
            "month",
            format!("{} has no salary record valid in {month}", staff.name),
        )
    })?;
    let fee = match salary.social_fee_override_ppm {
        Some(ppm) => ppm,
        None => {
            let kind = org.employer_kind;
            fees.get(conn, month.year(), kind)?
                .ok_or_else(|| {
                    AppError::validation(
                        "month",
                        match kind {
                            // The table has no rate for `other` employers (issue 13.15).
                            crate::domain::organisation::EmployerKind::Other => format!(
                                "{} works for an employer of kind 'other', which has no default social fee; set social_fee_override_percent on the salary record valid in {month}",
                                staff.name
                            ),
                            _ => format!(
                                "there is no social fee rate for {} ({}) and {}'s salary record does not set one; an admin enters it in the social-fee table",
                                month.year(),
                                kind.as_str(),
                                staff.name
                            ),
                        },
                    )
                })?
        }
    };
    Ok(RateInputs {
        monthly_salary: salary.monthly_salary_ore,
        employment_rate: salary.employment_rate_ppm,
        social_fee: Ppm::new(fee.get()),
        fee_from_record: salary.social_fee_override_ppm.is_some(),
    })
}

/// Issue 14 (Personal): a staff member's hourly rate in each month of a project year,
/// with what it is computed from, before any timesheet is attested; a month whose rate
/// cannot be computed says why.
pub fn monthly_rates(
    conn: &mut DbConnection,
    actor: &Actor,
    staff_id: i64,
    year: Option<i32>,
) -> AppResult<StaffRates> {
    let (row, org) = load(conn, actor, Action::Read, staff_id)?;
    let project = crate::store::projects::get(conn)?
        .ok_or_else(|| AppError::conflict("project", "no project is configured yet"))?;
    let (start, end) = (Month::of(project.start_date), Month::of(project.end_date));
    let years: Vec<i32> = (start.year()..=end.year()).collect();
    let today = Month::of(chrono::Utc::now().date_naive());
    let year = year
        .filter(|y| years.contains(y))
        .unwrap_or_else(|| today.year().clamp(start.year(), end.year()));
    let salaries = store::salaries(conn, staff_id)?;
    let mut fees = Fees::default();
    let mut months = Vec::new();
    for month in start.through(end).filter(|m| m.year() == year) {
        let rate = rate_inputs(conn, &mut fees, &salaries, &row, &org, month).and_then(|i| {
            let rate = staff_cost::hourly_rate(i.monthly_salary, i.employment_rate, i.social_fee)
                .map_err(|m| AppError::validation("monthly_salary", m))?;
            Ok((i, rate))
        });
        months.push(match rate {
            Ok((i, rate)) => MonthRate {
                month,
                monthly_salary: Some(i.monthly_salary),
                employment_rate_percent: Some(i.employment_rate),
                social_fee_percent: Some(i.social_fee),
                fee_from_record: i.fee_from_record,
                hourly_rate: Some(rate),
                problem: None,
            },
            Err(AppError::Validation(v)) => MonthRate {
                month,
                monthly_salary: None,
                employment_rate_percent: None,
                social_fee_percent: None,
                fee_from_record: false,
                hourly_rate: None,
                problem: Some(v.describe()),
            },
            Err(e) => return Err(e),
        });
    }
    Ok(StaffRates {
        member: view(conn, row)?,
        organisation_name: org.name,
        year,
        years,
        annual_hours: staff_cost::ANNUAL_HOURS,
        months,
    })
}

/// The yearly cap in hundredths of hours: the months of `year` with a salary record.
pub fn yearly_cap_centi(conn: &mut DbConnection, staff_id: i64, year: i32) -> AppResult<i64> {
    Ok(yearly_cap_from(&store::salaries(conn, staff_id)?, year))
}

/// `yearly_cap_centi` from the staff member's salary records already loaded.
pub fn yearly_cap_from(salaries: &[SalaryRow], year: i32) -> i64 {
    let rates: Vec<Ppm> = (1..=12)
        .filter_map(|m| Month::new(year, m).ok())
        .filter_map(|m| salary_in(salaries, m).map(|s| s.employment_rate_ppm))
        .collect();
    staff_cost::yearly_cap(&rates).get()
}
