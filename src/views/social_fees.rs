//! What the social fees use cases accept and return: serialised to JSON by the API and rendered by the workbooks.

use crate::domain::entered::Entered;
use crate::domain::organisation::EmployerKind;
use crate::domain::rate::Ppm;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema, PartialEq, Eq)]
pub struct SocialFeeRate {
    pub year: i32,
    pub employer_kind: EmployerKind,
    pub rate_percent: Ppm,
    /// Where the figure comes from.
    pub source: String,
    pub version: i64,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SocialFeeInput {
    pub rate_percent: Entered<Ppm>,
    pub source: String,
    /// Required when the rate exists already.
    pub version: Option<i64>,
}
