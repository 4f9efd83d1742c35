//! What the verify use cases accept and return: serialised to JSON by the API and rendered by the workbooks.

use serde::Serialize;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, PartialEq, Eq)]
pub struct VerifyReport {
    pub issued_claims: usize,
    pub payments: usize,
    /// Empty when every invariant holds.
    pub breaches: Vec<String>,
}
