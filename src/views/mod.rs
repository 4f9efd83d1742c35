//! Views: what the use cases accept and return. Services build them; the JSON API
//! serialises them (and documents them in OpenAPI); the workbooks render them. They
//! hold domain types and plain values, never storage rows, and call nothing.

/// Turns a view into a file (a workbook): given to an export use case by the edge that
/// serves it, so services never depend on a renderer.
pub type Render<V> = fn(&V) -> Result<Vec<u8>, RenderError>;

/// A file that could not be written: what it was, and the writer's error beneath (for
/// the log; the client is told only that it failed).
#[derive(Debug, thiserror::Error)]
#[error("cannot write {what}")]
pub struct RenderError {
    what: &'static str,
    #[source]
    source: Box<dyn std::error::Error + Send + Sync>,
}

impl RenderError {
    pub fn new(
        what: &'static str,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        RenderError {
            what,
            source: source.into(),
        }
    }
}

pub mod attendance;
pub mod audit;
pub mod auth;
pub mod budget_follow_up;
pub mod budgets;
pub mod claims;
pub mod entries;
pub mod entry_imports;
pub mod imports;
pub mod monthly_reports;
pub mod organisations;
pub mod participants;
pub mod payments;
pub mod project;
pub mod scb;
pub mod social_fees;
pub mod staff;
pub mod statistics;
pub mod timesheet_adjustments;
pub mod timesheets;
pub mod todo;
pub mod uploads;
pub mod users;
pub mod verify;

use serde::{Deserialize, Serialize};

/// Paging parameters of every list endpoint.
#[derive(Debug, Clone, Copy, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct PageParams {
    /// Items per page, 1-1000 (default 100).
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<i64>,
    /// Items to skip (default 0).
    #[param(minimum = 0)]
    pub offset: Option<i64>,
}

/// One page of a list, with the total number of matching items.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub limit: i64,
    pub offset: i64,
}

/// The version you read, for actions that change a record's state (optimistic
/// concurrency).
#[derive(Debug, Clone, Copy, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VersionInput {
    pub version: i64,
}
