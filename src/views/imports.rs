//! What the imports use cases accept and return: serialised to JSON by the API and rendered by the workbooks.

use serde::Serialize;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, PartialEq, Eq)]
pub struct ImportReport {
    pub rows: usize,
    pub timesheets_created: usize,
    pub timesheets_updated: usize,
    /// Timesheets whose rows were already exactly as in the file.
    pub timesheets_unchanged: usize,
}
