//! What the scb use cases accept and return: serialised to JSON by the API and rendered by the workbooks.

use crate::domain::hours::CentiHours;
use crate::domain::identity::Sex;
use crate::domain::participant::{Outcome, StatusAtStart};
use crate::domain::period::Month;
use crate::domain::scb::{BySex, Indicators};
use chrono::NaiveDate;
use serde::Serialize;

/// One row of the file.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema, PartialEq, Eq)]
pub struct ScbRow {
    /// 12 digits YYYYMMDDNNNN, or SCB's substitute code for a protected identity.
    pub identity: String,
    pub start_date: NaiveDate,
    /// Only when the participant left in the month.
    pub end_date: Option<NaiveDate>,
    pub sex: Sex,
    pub municipality_code: String,
    pub workshop: Option<String>,
    pub attended_hours: CentiHours,
    pub status_at_start: StatusAtStart,
    /// Only when the participant left in the month.
    pub outcome: Option<Outcome>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, PartialEq, Eq)]
pub struct RegionTotals {
    pub organisation_id: i64,
    pub code: String,
    pub name: String,
    pub participants: BySex,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, PartialEq, Eq)]
pub struct ScbTotals {
    pub participants: BySex,
    pub new_starts: BySex,
    pub exits: BySex,
    pub by_region: Vec<RegionTotals>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, PartialEq, Eq)]
pub struct ScbReport {
    pub month: Month,
    pub file_name: String,
    /// SHA-256 of the rows (not of the workbook bytes, which carry a timestamp).
    pub checksum: String,
    pub rows: Vec<ScbRow>,
    pub totals: ScbTotals,
    pub indicators: Indicators,
    /// Earlier months of the project never sent or due again: SCB takes the months in
    /// order, so these go first.
    #[schema(value_type = Vec<String>)]
    pub earlier_months_to_send: Vec<Month>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, PartialEq, Eq)]
pub struct ScbMonthStatus {
    pub month: Month,
    pub last_generated_at: chrono::DateTime<chrono::Utc>,
    pub last_checksum: String,
    pub needs_resubmission: bool,
    pub changed_at: Option<chrono::DateTime<chrono::Utc>>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, PartialEq, Eq)]
pub struct ScbStatus {
    /// Every month a file was generated for.
    pub months: Vec<ScbMonthStatus>,
    /// The months to send again, in order (SCB wants them chronologically).
    #[schema(value_type = Vec<String>)]
    pub to_resend: Vec<Month>,
}
