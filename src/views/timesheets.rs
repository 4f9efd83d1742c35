//! What the timesheets use cases accept and return: serialised to JSON by the API and rendered by the workbooks.

use crate::domain::entered::Entered;
use crate::domain::entry::Funding;
use crate::domain::hours::CentiHours;
use crate::domain::money::Ore;
use crate::domain::period::Date;
use crate::domain::period::Month;
use crate::domain::workflow::TimesheetState;
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
