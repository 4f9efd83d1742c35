//! What the project use cases accept and return: serialised to JSON by the API and rendered by the workbooks.

use crate::domain::project::{DistributionKey, IndirectBase};
use chrono::NaiveDate;
use rust_decimal::Decimal;
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
    #[serde(with = "rust_decimal::serde::str")]
    pub support_rate_percent: Decimal,
    /// Approved ESF budget in SEK.
    #[serde(with = "rust_decimal::serde::str")]
    pub approved_esf_budget: Decimal,
    /// Total project budget in SEK.
    #[serde(with = "rust_decimal::serde::str")]
    pub total_budget: Decimal,
    /// Flat rate for indirect costs; 0 disables them.
    #[serde(with = "rust_decimal::serde::str")]
    pub indirect_rate_percent: Decimal,
    pub indirect_base: IndirectBase,
    pub distribution_key: DistributionKey,
    /// The co-financing share the grant decision requires.
    #[serde(with = "rust_decimal::serde::str")]
    pub required_cofinancing_percent: Decimal,
    pub version: i64,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

/// New settings; `version` is required when settings exist (optimistic concurrency).
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectInput {
    pub name: String,
    pub esf_case_number: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    #[serde(with = "rust_decimal::serde::str")]
    pub support_rate_percent: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    pub approved_esf_budget: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    pub total_budget: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    pub indirect_rate_percent: Decimal,
    pub indirect_base: IndirectBase,
    pub distribution_key: DistributionKey,
    #[serde(with = "rust_decimal::serde::str")]
    pub required_cofinancing_percent: Decimal,
    pub version: Option<i64>,
}
