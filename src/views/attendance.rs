//! What the attendance use cases accept and return: serialised to JSON by the API and rendered by the workbooks.

use crate::domain::entered::Entered;
use crate::domain::hours::CentiHours;
use crate::domain::period::Month;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AttendanceInput {
    pub enrolment_id: i64,
    pub month: Month,
    /// Hours actually attended in the month, at most two decimals.
    pub hours: Entered<CentiHours>,
    /// The version you read when changing a month already set.
    pub version: Option<i64>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, PartialEq, Eq)]
pub struct Attendance {
    pub enrolment_id: i64,
    pub organisation_id: i64,
    pub month: Month,
    pub hours: CentiHours,
    pub version: i64,
}

#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct AttendanceQuery {
    pub organisation_id: Option<i64>,
    pub month: Option<Month>,
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<i64>,
    #[param(minimum = 0)]
    pub offset: Option<i64>,
}
