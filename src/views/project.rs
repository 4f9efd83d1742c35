//! What the project use cases accept and return: serialised to JSON by the API and rendered by the workbooks.

use crate::domain::entered::Entered;
use crate::domain::money::Ore;
use crate::domain::period::Date;
use crate::domain::project::{DistributionKey, IndirectBase};
use crate::domain::rate::Ppm;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The ESF project. Money as decimal strings in SEK, rates as percent strings.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema, PartialEq, Eq)]
pub struct Project {
    pub name: String,
    /// ESF-rådet's case number (ärendenummer), e.g. 2011-3010123.
    pub esf_case_number: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    /// ESF support rate, e.g. "50".
    pub support_rate_percent: Ppm,
    /// Approved ESF budget in SEK.
    pub approved_esf_budget: Ore,
    /// Total project budget in SEK.
    pub total_budget: Ore,
    /// Flat rate for indirect costs; 0 disables them.
    pub indirect_rate_percent: Ppm,
    pub indirect_base: IndirectBase,
    pub distribution_key: DistributionKey,
    /// The co-financing share the grant decision requires.
    pub required_cofinancing_percent: Ppm,
    pub version: i64,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

/// New settings; `version` is required when settings exist (optimistic concurrency).
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectInput {
    pub name: String,
    pub esf_case_number: String,
    pub start_date: Date,
    pub end_date: Date,
    pub support_rate_percent: Entered<Ppm>,
    pub approved_esf_budget: Entered<Ore>,
    pub total_budget: Entered<Ore>,
    pub indirect_rate_percent: Entered<Ppm>,
    pub indirect_base: IndirectBase,
    pub distribution_key: DistributionKey,
    pub required_cofinancing_percent: Entered<Ppm>,
    pub version: Option<i64>,
    /// Required to change the rates, their base, the approved ESF budget or the key once
    /// a claim is issued (an amended grant decision): kept in the audit log. Issued
    /// claims keep the figures they were issued with.
    #[serde(default)]
    pub amendment_reason: Option<String>,
}
