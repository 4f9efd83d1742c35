//! What the budget follow up use cases accept and return: serialised to JSON by the API and rendered by the workbooks.

use crate::domain::claim::Category;
use crate::domain::entered::ShownPercent;
use crate::domain::money::Ore;
use crate::domain::period::Month;
use crate::domain::rate::Ppm;
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
    pub budget: Ore,
    pub actual: Ore,
    pub remaining: Ore,
    /// actual / budget in percent (one decimal); none without a budget.
    pub burn_percent: Option<ShownPercent>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, PartialEq, Eq)]
pub struct FollowUpLine {
    pub organisation_id: i64,
    pub code: String,
    pub name: String,
    pub categories: Vec<CategoryFollowUp>,
    /// Budget and actual of the cost categories (indirect included).
    pub cost_budget: Ore,
    pub cost_actual: Ore,
    pub burn_percent: Option<ShownPercent>,
    pub eligible_actual: Ore,
    pub cofinancing_actual: Ore,
    /// Co-financing / eligible costs, in percent (one decimal).
    pub cofinancing_share_percent: Option<ShownPercent>,
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
    pub elapsed_percent: ShownPercent,
    /// Average cost actual per month elapsed.
    pub monthly_burn: Ore,
    pub required_cofinancing_percent: Ppm,
    pub total: FollowUpLine,
    pub regions: Vec<FollowUpLine>,
    pub organisations: Vec<FollowUpLine>,
}
