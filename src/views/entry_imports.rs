//! What the entry imports use cases accept and return: serialised to JSON by the API and rendered by the workbooks.

use serde::Serialize;

/// The outcome of an entry import.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema, PartialEq, Eq)]
pub struct EntryImportReport {
    pub rows: usize,
    pub created: usize,
    pub updated: usize,
    /// Rows already entered exactly as in the file.
    pub unchanged: usize,
}
