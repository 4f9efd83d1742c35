//! What the budget follow up use cases accept and return: serialised to JSON by the API and rendered by the workbooks.

use crate::domain::claim::Category;
use crate::domain::period::Month;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct FollowUpQuery {
    /// The organisation whose subtree is followed up (default: your own).
    pub organisation_id: Option<i64>,
    /// One year of the project; without it, the whole project so far (cumulative).
    pub year: Option<i32>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, PartialEq, Eq)]
pub struct CategoryFollowUp {
    pub category: Category,
    pub label: String,
    #[serde(with = "rust_decimal::serde::str")]
    #[schema(value_type = String)]
    pub budget: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[schema(value_type = String)]
    pub actual: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[schema(value_type = String)]
    pub remaining: Decimal,
    /// actual / budget in percent (one decimal); none without a budget.
    #[schema(value_type = Option<String>)]
    pub burn_percent: Option<Decimal>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, PartialEq, Eq)]
pub struct FollowUpLine {
    pub organisation_id: i64,
    pub code: String,
    pub name: String,
    pub categories: Vec<CategoryFollowUp>,
    /// Budget and actual of the cost categories (indirect included).
    #[serde(with = "rust_decimal::serde::str")]
    #[schema(value_type = String)]
    pub cost_budget: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[schema(value_type = String)]
    pub cost_actual: Decimal,
    #[schema(value_type = Option<String>)]
    pub burn_percent: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str")]
    #[schema(value_type = String)]
    pub eligible_actual: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[schema(value_type = String)]
    pub cofinancing_actual: Decimal,
    /// Co-financing / eligible costs, in percent (one decimal).
    #[schema(value_type = Option<String>)]
    pub cofinancing_share_percent: Option<Decimal>,
    /// Set when the co-financing share falls below what the grant requires.
    pub warning: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, PartialEq, Eq)]
pub struct FollowUp {
    pub organisation_id: i64,
    pub year: Option<i32>,
    pub from: Month,
    pub to: Month,
    /// How much of the period has passed, in percent: a budget used much faster or
    /// slower than this is off track.
    #[serde(with = "rust_decimal::serde::str")]
    #[schema(value_type = String)]
    pub elapsed_percent: Decimal,
    /// Average cost actual per month elapsed.
    #[serde(with = "rust_decimal::serde::str")]
    #[schema(value_type = String)]
    pub monthly_burn: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[schema(value_type = String)]
    pub required_cofinancing_percent: Decimal,
    pub total: FollowUpLine,
    pub regions: Vec<FollowUpLine>,
    pub organisations: Vec<FollowUpLine>,
}
