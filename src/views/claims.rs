//! What the claims use cases accept and return: serialised to JSON by the API and rendered by the workbooks.

use crate::domain::claim::{Category, ClaimState, LineSource};
use crate::domain::money::Ore;
use crate::domain::period::{Date, Month};
use crate::domain::project::{DistributionKey, IndirectBase};
use crate::domain::rate::Ppm;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClaimInput {
    /// First month of the claim (YYYY-MM).
    pub from: Month,
    /// Last month of the claim (YYYY-MM).
    pub to: Month,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VersionInput {
    /// The version of the claim you read.
    pub version: i64,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IssueInput {
    /// The version of the claim you read.
    pub version: i64,
    /// The day the claim was sent to the ESF (YYYY-MM-DD), for a claim recorded
    /// afterwards: after its last month and not in the future. Today when left out.
    pub sent_on: Option<Date>,
}

/// A figure for the period and cumulatively, against its budget.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema, PartialEq, Eq)]
pub struct Amounts {
    pub period: Ore,
    pub cumulative: Ore,
    /// The approved budget for the whole project; null when no budget line covers it.
    pub budget: Option<Ore>,
    /// Budget less cumulative; null without a budget.
    pub remaining: Option<Ore>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, PartialEq, Eq)]
pub struct SummaryLine {
    pub category: Category,
    /// The Swedish heading of the claim form.
    pub label: String,
    #[serde(flatten)]
    pub amounts: Amounts,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, PartialEq, Eq)]
pub struct EsfFigures {
    /// min(rate × total eligible, total eligible − co-financing, approved ESF budget),
    /// cumulative to the end of the claim, floored to whole kronor.
    pub due_cumulative: Ore,
    /// What earlier claims requested.
    pub requested_earlier: Ore,
    /// What this claim requests: due cumulative − requested earlier.
    pub requested: Ore,
    pub approved_budget: Ore,
    pub remaining_budget: Ore,
    /// Which limit decided `due_cumulative`.
    pub cap: crate::domain::claim::EsfCap,
}

/// One organisation's (or region's) figures for the claim's period.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema, PartialEq, Eq)]
pub struct OrganisationFigures {
    pub organisation_id: i64,
    pub code: String,
    pub name: String,
    /// The region whose figures include it (itself for a region; none for the owner).
    pub region_code: Option<String>,
    /// Amount per category (period), in the order of the categories.
    #[schema(value_type = BTreeMap<String, String>)]
    pub figures: BTreeMap<Category, Ore>,
    pub eligible: Ore,
    pub cofinancing: Ore,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, PartialEq, Eq)]
pub struct ClaimSettings {
    /// Percent.
    pub support_rate: Ppm,
    /// Percent of the base.
    pub indirect_rate: Ppm,
    pub indirect_base: IndirectBase,
    pub distribution_key: DistributionKey,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, PartialEq, Eq)]
pub struct Claim {
    pub id: i64,
    /// Set when issued; claims are numbered 1, 2, 3, …
    pub number: Option<i32>,
    /// draft or issued.
    pub state: ClaimState,
    pub from: Month,
    pub to: Month,
    pub settings: ClaimSettings,
    /// Cost categories (kostnadsslag), then financing types.
    pub costs: Vec<SummaryLine>,
    pub cofinancing: Vec<SummaryLine>,
    pub total_costs: Amounts,
    pub total_eligible: Amounts,
    pub total_cofinancing: Amounts,
    pub esf: EsfFigures,
    pub regions: Vec<OrganisationFigures>,
    pub organisations: Vec<OrganisationFigures>,
    pub created_by: i64,
    pub created_at: DateTime<Utc>,
    pub computed_at: DateTime<Utc>,
    pub issued_by: Option<i64>,
    pub issued_at: Option<DateTime<Utc>>,
    /// The day the claim was sent to the ESF (issued claims).
    pub sent_on: Option<NaiveDate>,
    pub version: i64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, PartialEq, Eq)]
pub struct ClaimListItem {
    pub id: i64,
    pub number: Option<i32>,
    pub state: ClaimState,
    pub from: Month,
    pub to: Month,
    pub esf_requested: Ore,
    /// The day the claim was sent to the ESF (issued claims).
    pub sent_on: Option<NaiveDate>,
    pub version: i64,
}

#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct LineQuery {
    pub category: Option<Category>,
    pub organisation_id: Option<i64>,
    /// At most 10 000 (default 1 000).
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<i64>,
    #[param(minimum = 0)]
    pub offset: Option<i64>,
}

/// An entry behind a claim figure.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema, PartialEq, Eq)]
pub struct ClaimLine {
    pub category: Category,
    pub organisation_id: i64,
    pub organisation_code: String,
    pub month: Month,
    /// timesheet, timesheet_adjustment, premises, other_cost, cash, compensation or
    /// indirect (computed: flat rate × the organisation's base).
    pub source: LineSource,
    pub source_id: i64,
    /// The staff member, participant (masked), supplier or payer.
    pub subject: String,
    pub amount: Ore,
    pub import_file: Option<String>,
    pub import_row: Option<i32>,
}

/// Writes a claim's workbook: the claim, the project's name and ESF case number, and the
/// lines of each category as it asks for them (so they need not all be held at once).
pub type RenderClaim = fn(
    &Claim,
    &str,
    &str,
    &mut dyn FnMut(crate::domain::claim::Category) -> Result<Vec<ClaimLine>, super::RenderError>,
) -> Result<Vec<u8>, super::RenderError>;

/// The next claim: its months and what keeps it from being made.
#[derive(Debug, Clone, Serialize)]
pub struct NextClaim {
    pub from: Month,
    pub to: Month,
    /// Every organisation and month not consolidated (months first, then organisations).
    pub blockers: Vec<ClaimBlocker>,
    /// Any other reason the months can't be claimed, in words.
    pub refusal: Option<String>,
    /// Every month of the project that has ended is claimed.
    pub nothing_to_claim: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClaimBlocker {
    pub month: Month,
    pub organisation_id: i64,
    pub organisation_name: String,
    /// The project's own (consolidated) report of the month, not one organisation's.
    pub whole_project: bool,
    pub state: crate::domain::workflow::ReportState,
}
