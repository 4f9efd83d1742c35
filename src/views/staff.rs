//! What the staff use cases accept and return: serialised to JSON by the API and rendered by the workbooks.

use crate::domain::entered::Entered;
use crate::domain::money::Ore;
use crate::domain::period::Month;
use crate::domain::rate::Ppm;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema, PartialEq, Eq)]
pub struct Salary {
    pub id: i64,
    /// The first month the salary applies to.
    pub valid_from: Month,
    /// The monthly gross salary actually paid, SEK.
    pub monthly_salary: Ore,
    pub employment_rate_percent: Ppm,
    /// Set when the record overrides the year's default (e.g. staff under 26), and
    /// always for an employer of kind `other`, which has no default.
    pub social_fee_override_percent: Option<Ppm>,
    /// Why the record was added or last corrected, when given.
    pub reason: Option<String>,
    pub version: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema, PartialEq, Eq)]
pub struct StaffMember {
    pub id: i64,
    pub organisation_id: i64,
    pub name: String,
    /// The organisation's own employee number, unique within it.
    pub employee_number: String,
    pub active: bool,
    pub version: i64,
    pub salaries: Vec<Salary>,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewStaffInput {
    pub organisation_id: i64,
    pub name: String,
    pub employee_number: String,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StaffPatch {
    pub version: i64,
    pub name: Option<String>,
    pub employee_number: Option<String>,
    pub active: Option<bool>,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SalaryInput {
    pub valid_from: Month,
    pub monthly_salary: Entered<Ore>,
    pub employment_rate_percent: Entered<Ppm>,
    /// The social fee in %, instead of the year's default for the employer kind (needed
    /// for an employer of kind `other`).
    #[serde(default)]
    pub social_fee_override_percent: Option<Entered<Ppm>>,
    /// Why (e.g. a correction of attested months, which is a new record from a later
    /// month): kept with the record and in the audit log.
    #[serde(default)]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct StaffQuery {
    pub organisation_id: Option<i64>,
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<i64>,
    #[param(minimum = 0)]
    pub offset: Option<i64>,
}

/// A staff member's hourly rate per month of a year, with what it is computed from
/// (Personal, issue 14).
#[derive(Debug, Clone, Serialize)]
pub struct StaffRates {
    pub member: StaffMember,
    pub organisation_name: String,
    pub year: i32,
    pub years: Vec<i32>,
    /// The annual working hours the rate divides by (at 100 %).
    pub annual_hours: i64,
    pub months: Vec<MonthRate>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MonthRate {
    pub month: Month,
    pub monthly_salary: Option<Ore>,
    pub employment_rate_percent: Option<Ppm>,
    pub social_fee_percent: Option<Ppm>,
    /// The social fee is the salary record's own rather than the year's table.
    pub fee_from_record: bool,
    pub hourly_rate: Option<Ore>,
    /// Why the month has no rate.
    pub problem: Option<String>,
}
