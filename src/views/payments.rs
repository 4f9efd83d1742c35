//! What the payments use cases accept and return: serialised to JSON by the API and rendered by the workbooks.

use crate::domain::entered::Entered;
use crate::domain::entered::ShownPercent;
use crate::domain::money::Ore;
use crate::domain::period::Date;
use crate::domain::period::Month;
use crate::domain::project::DistributionKey;
use crate::views::claims::OrganisationFigures;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PaymentInput {
    /// SEK received, at most two decimals, 0..requested.
    pub amount: Entered<Ore>,
    /// The day the money arrived.
    pub paid_on: Date,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, PartialEq, Eq)]
pub struct Payment {
    pub claim_id: i64,
    pub claim_number: i32,
    pub amount: Ore,
    pub requested: Ore,
    pub paid_on: NaiveDate,
    pub recorded_by: i64,
    pub recorded_at: DateTime<Utc>,
}

/// One organisation's part and the basis it was computed on.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema, PartialEq, Eq)]
pub struct Part {
    pub organisation_id: i64,
    pub code: String,
    pub name: String,
    /// The region it belongs to (itself for a region; none for the owner).
    pub region_code: Option<String>,
    /// Its eligible or direct cash costs in the claim, by the key.
    pub basis: Ore,
    /// basis / total basis, in percent (rounded to 4 decimals for reading only).
    pub share_percent: ShownPercent,
    pub part: Ore,
}

/// A region's own part plus its municipalities'.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema, PartialEq, Eq)]
pub struct RegionPart {
    pub organisation_id: i64,
    pub code: String,
    pub name: String,
    pub own_part: Ore,
    pub municipalities_part: Ore,
    pub basis: Ore,
    pub part: Ore,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, PartialEq, Eq)]
pub struct Distribution {
    pub claim_id: i64,
    pub claim_number: i32,
    pub from: Month,
    pub to: Month,
    pub key: DistributionKey,
    pub payment: Payment,
    /// The sum of every organisation's basis (the whole claim, whoever reads it).
    pub total_basis: Ore,
    /// Regions within the reader's scope.
    pub regions: Vec<RegionPart>,
    /// Organisations within the reader's scope, by code.
    pub organisations: Vec<Part>,
}

/// One organisation's statement: what it receives of a payment and why.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema, PartialEq, Eq)]
pub struct Statement {
    pub claim_number: i32,
    pub from: Month,
    pub to: Month,
    pub key: DistributionKey,
    pub payment: Payment,
    pub total_basis: Ore,
    /// The organisation's figures in the claim.
    pub figures: OrganisationFigures,
    pub part: Part,
    /// The same in words, in Swedish.
    pub explanation: String,
}

/// A payment received for a claim.
#[derive(Debug, Clone, Serialize)]
pub struct Received {
    pub claim_id: i64,
    pub claim_number: i32,
    pub from: Month,
    pub to: Month,
    pub requested: Ore,
    pub amount: Ore,
    pub paid_on: NaiveDate,
}
