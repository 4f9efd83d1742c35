//! What the timesheets use cases accept and return: serialised to JSON by the API and rendered by the workbooks.

use crate::domain::entered::Entered;
use crate::domain::entry::Funding;
use crate::domain::hours::CentiHours;
use crate::domain::money::Ore;
use crate::domain::period::Date;
use crate::domain::period::Month;
use crate::domain::workflow::{AttestBlock, TimesheetState};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema, PartialEq, Eq)]
pub struct DayEntry {
    pub date: Date,
    /// Hours with at most two decimals, e.g. "7.50".
    pub hours: Entered<CentiHours>,
    /// What the time was spent on.
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema, PartialEq, Eq)]
pub struct Timesheet {
    pub id: i64,
    pub organisation_id: i64,
    pub staff_id: i64,
    pub month: Month,
    pub funding: Funding,
    pub state: TimesheetState,
    pub hours: CentiHours,
    /// Fixed at attestation.
    pub hourly_rate: Option<Ore>,
    /// Hours × hourly rate, rounded to öre; fixed at attestation.
    pub cost: Option<Ore>,
    pub entered_by: i64,
    pub signed_by: Option<i64>,
    pub signed_at: Option<chrono::DateTime<chrono::Utc>>,
    pub attested_by: Option<i64>,
    pub attested_at: Option<chrono::DateTime<chrono::Utc>>,
    pub version: i64,
    /// The daily rows (empty in lists).
    pub rows: Vec<DayEntry>,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TimesheetInput {
    pub staff_id: i64,
    pub month: Month,
    pub funding: Funding,
    pub rows: Vec<DayEntry>,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TimesheetUpdate {
    pub version: i64,
    pub funding: Funding,
    pub rows: Vec<DayEntry>,
}

#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct TimesheetQuery {
    pub organisation_id: Option<i64>,
    pub staff_id: Option<i64>,
    pub month: Option<Month>,
    pub state: Option<TimesheetState>,
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<i64>,
    #[param(minimum = 0)]
    pub offset: Option<i64>,
}

/// A staff member's month as the timesheet grid shows it, with what the user may do.
#[derive(Debug, Clone, Serialize)]
pub struct TimesheetMonth {
    pub staff_id: i64,
    pub staff_name: String,
    pub employee_number: String,
    pub organisation_id: i64,
    pub organisation_name: String,
    pub month: Month,
    /// The month's timesheet with its daily rows, if there is one.
    pub timesheet: Option<Timesheet>,
    /// The month's report (and every one above it) is open or returned.
    pub month_open: bool,
    /// The user enters data for the organisation (and so may write and sign).
    pub enters_data: bool,
    /// Hours declared for the year in the member's other timesheets and adjustments.
    pub declared_elsewhere_in_year: CentiHours,
    /// The yearly cap (1 720 × employment rate over the months with a salary record).
    pub yearly_cap: CentiHours,
    /// Why the user may not attest the timesheet; `None` when they may.
    pub attest_block: Option<AttestBlock>,
}

/// A signed timesheet waiting for attestation, and why this user can't attest it.
#[derive(Debug, Clone, Serialize)]
pub struct AttestItem {
    pub timesheet: Timesheet,
    pub staff_name: String,
    pub organisation_name: String,
    pub block: Option<AttestBlock>,
}

/// A staff member of the user's scope and their timesheet for one month, if any.
#[derive(Debug, Clone, Serialize)]
pub struct StaffMonth {
    pub staff_id: i64,
    pub staff_name: String,
    pub employee_number: String,
    pub organisation_name: String,
    pub timesheet: Option<Timesheet>,
}
