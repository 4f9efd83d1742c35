//! What the budgets use cases accept and return: serialised to JSON by the API and rendered by the workbooks.

use crate::domain::claim::Category;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BudgetInput {
    pub organisation_id: i64,
    pub year: i32,
    pub category: Category,
    /// SEK, at most two decimals, not negative.
    #[serde(with = "rust_decimal::serde::str")]
    #[schema(value_type = String, example = "250000.00")]
    pub amount: Decimal,
    /// The version you read when changing a line already set.
    pub version: Option<i64>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, PartialEq, Eq)]
pub struct BudgetLine {
    pub organisation_id: i64,
    pub year: i32,
    /// A cost category or co-financing type.
    pub category: Category,
    #[serde(with = "rust_decimal::serde::str")]
    #[schema(value_type = String)]
    pub amount: Decimal,
    pub version: i64,
}

#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct BudgetQuery {
    pub organisation_id: Option<i64>,
    pub year: Option<i32>,
}
