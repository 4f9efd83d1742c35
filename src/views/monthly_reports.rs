//! What the monthly reports use cases accept and return: serialised to JSON by the API and rendered by the workbooks.

use crate::domain::hours::CentiHours;
use crate::domain::money::Ore;
use crate::domain::period::Month;
use crate::domain::workflow::ReportState;
use serde::{Deserialize, Serialize};

/// Which entries a report shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReportView {
    /// The organisation's own entries only.
    Own,
    /// Its own entries plus those of descendants whose reports are approved or later
    /// (the region's consolidated report; the whole project for the owner).
    #[default]
    Consolidated,
    /// Everything under the organisation, whatever the state (progress view).
    All,
}

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema, PartialEq, Eq)]
pub struct CostFigures {
    pub staff: Ore,
    pub services: Ore,
    pub premises: Ore,
    pub travel: Ore,
    pub materials: Ore,
    /// All direct cash costs.
    pub total: Ore,
}

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema, PartialEq, Eq)]
pub struct CofinancingFigures {
    pub in_kind: Ore,
    /// Compensation with a confirmed attendance certificate.
    pub participant_compensation: Ore,
    /// Compensation recorded while its certificate is not confirmed: pending, in no
    /// total until it is.
    pub participant_compensation_pending: Ore,
    pub public_cash: Ore,
    pub owner_cash: Ore,
    pub total: Ore,
}

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema, PartialEq, Eq)]
pub struct HourFigures {
    /// Attested project-funded hours.
    pub project: CentiHours,
    /// Attested hours contributed in kind.
    pub in_kind: CentiHours,
}

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema, PartialEq, Eq)]
pub struct ReportFigures {
    pub costs: CostFigures,
    pub cofinancing: CofinancingFigures,
    pub hours: HourFigures,
    /// Direct costs + in kind + participant compensation (indirect costs come with the claim).
    pub eligible_before_indirect: Ore,
    pub attested_timesheets: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema, PartialEq, Eq)]
pub struct OrganisationLine {
    pub organisation_id: i64,
    pub code: String,
    pub name: String,
    pub state: ReportState,
    /// Whether its figures count in this report's totals.
    pub included: bool,
    pub figures: ReportFigures,
}

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema, PartialEq, Eq)]
pub struct MonthlyReport {
    pub organisation_id: i64,
    pub organisation_code: String,
    pub organisation_name: String,
    pub month: Month,
    pub state: ReportState,
    /// The reason given when the report was returned.
    pub comment: Option<String>,
    pub submitted_by: Option<i64>,
    pub submitted_at: Option<chrono::DateTime<chrono::Utc>>,
    pub decided_by: Option<i64>,
    pub decided_at: Option<chrono::DateTime<chrono::Utc>>,
    /// 0 until the report first changes state; send it back with every action.
    pub version: i64,
    pub view: ReportView,
    pub totals: ReportFigures,
    /// One line per organisation in the view, parents first.
    pub organisations: Vec<OrganisationLine>,
}

#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ReportQuery {
    pub view: Option<ReportView>,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReturnInput {
    pub version: i64,
    /// Why the report goes back; shown to the organisation.
    pub comment: String,
}

/// Reopening a submitted, approved or consolidated month that is not claimed.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReopenInput {
    /// The version of the report you read.
    pub version: i64,
    /// Why (required): kept in the audit log and shown on every report it reopens.
    pub reason: String,
}

/// A run of months in which nothing was entered anywhere, consolidated at once by the
/// owner's manager (issue 13.19).
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmptyMonthsInput {
    /// The first month.
    pub from: Month,
    /// The last month (inclusive).
    pub to: Month,
    /// Why (required): kept in the audit record of each month.
    pub reason: String,
}

/// The lines behind a report's included figures, as its workbook lists them.
#[derive(Debug, Clone, Default)]
pub struct ReportLines {
    pub timesheets: Vec<TimesheetLine>,
    pub premises: Vec<PremisesLine>,
    pub other_costs: Vec<OtherCostLine>,
    pub cash: Vec<CashLine>,
}

/// An attested timesheet (or an adjustment of one) as a report line.
#[derive(Debug, Clone)]
pub struct TimesheetLine {
    pub organisation_id: i64,
    pub staff_name: String,
    pub employee_number: String,
    pub funding: crate::domain::entry::Funding,
    pub hours: crate::domain::hours::CentiHours,
    pub hourly_rate: Option<crate::domain::money::Ore>,
    pub cost: Option<crate::domain::money::Ore>,
    /// For an adjustment: the corrected day and the reason.
    pub adjustment: Option<String>,
}

/// What an entry line of a report shows of its correction, if it is one.
#[derive(Debug, Clone, Default)]
pub struct Correction {
    pub adjusts_id: Option<i64>,
    pub reason: Option<String>,
}

#[derive(Debug, Clone)]
pub struct PremisesLine {
    pub organisation_id: i64,
    pub description: String,
    pub financing: crate::domain::entry::PremisesFinancing,
    pub share: crate::domain::rate::Ppm,
    pub amount: crate::domain::money::Ore,
    pub correction: Correction,
}

#[derive(Debug, Clone)]
pub struct OtherCostLine {
    pub organisation_id: i64,
    pub cost_date: chrono::NaiveDate,
    pub category: crate::domain::entry::OtherCategory,
    pub supplier: String,
    pub voucher_number: String,
    pub description: String,
    pub amount: crate::domain::money::Ore,
    pub correction: Correction,
}

#[derive(Debug, Clone)]
pub struct CashLine {
    pub organisation_id: i64,
    pub kind: crate::domain::entry::CashKind,
    pub paid_by: String,
    pub amount: crate::domain::money::Ore,
    pub correction: Correction,
}

/// The board of a user's scope (issue 14): organisations × months, each cell the report's
/// state.
#[derive(Debug, Clone, Serialize)]
pub struct Board {
    pub year: i32,
    /// The years of the project, for choosing another.
    pub years: Vec<i32>,
    pub months: Vec<Month>,
    pub rows: Vec<BoardRow>,
    /// The month whose reports are due now (the last one that has ended, within the
    /// project), and the organisations below the user's whose report for it is not in.
    pub due_month: Option<Month>,
    pub late: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BoardRow {
    pub organisation_id: i64,
    pub code: String,
    pub name: String,
    /// Levels below the user's organisation (0 for it).
    pub depth: usize,
    pub cells: Vec<BoardCell>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BoardCell {
    pub month: Month,
    pub state: ReportState,
    /// The comment a returned report came back with.
    pub comment: Option<String>,
}
