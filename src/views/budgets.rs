//! What the budgets use cases accept and return: serialised to JSON by the API and rendered by the workbooks.

use crate::domain::claim::Category;
use crate::domain::entered::Entered;
use crate::domain::money::Ore;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BudgetInput {
    pub organisation_id: i64,
    pub year: i32,
    pub category: Category,
    /// SEK, at most two decimals, not negative.
    pub amount: Entered<Ore>,
    /// The version you read when changing a line already set.
    pub version: Option<i64>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, PartialEq, Eq)]
pub struct BudgetLine {
    pub organisation_id: i64,
    pub year: i32,
    /// A cost category or co-financing type.
    pub category: Category,
    pub amount: Ore,
    pub version: i64,
}

#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct BudgetQuery {
    pub organisation_id: Option<i64>,
    pub year: Option<i32>,
}
