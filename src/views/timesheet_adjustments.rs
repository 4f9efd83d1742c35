//! What the timesheet adjustments use cases accept and return: serialised to JSON by the API and rendered by the workbooks.

use crate::domain::entered::Entered;
use crate::domain::entry::Funding;
use crate::domain::hours::CentiHours;
use crate::domain::money::Ore;
use crate::domain::period::Date;
use crate::domain::period::Month;
use crate::domain::workflow::TimesheetState;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AdjustmentInput {
    /// The attested timesheet being corrected.
    pub adjusts_id: i64,
    /// The open month the correction is booked in.
    pub month: Month,
    /// The day of the original month whose hours change.
    pub work_date: Date,
    /// Hours added (or, negative, taken away), at most two decimals.
    pub hours: Entered<CentiHours>,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, PartialEq, Eq)]
pub struct TimesheetAdjustment {
    pub id: i64,
    pub organisation_id: i64,
    pub staff_id: i64,
    pub adjusts_id: i64,
    pub month: Month,
    pub work_date: NaiveDate,
    pub hours: CentiHours,
    /// The original timesheet's rate.
    pub hourly_rate: Ore,
    /// Hours × rate, rounded to öre.
    pub amount: Ore,
    pub funding: Funding,
    pub reason: String,
    /// draft or attested; only attested adjustments count.
    pub state: TimesheetState,
    pub created_by: i64,
    pub attested_by: Option<i64>,
    pub attested_at: Option<chrono::DateTime<chrono::Utc>>,
    pub version: i64,
}

#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct AdjustmentQuery {
    pub organisation_id: i64,
    pub month: Option<Month>,
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<i64>,
    #[param(minimum = 0)]
    pub offset: Option<i64>,
}
