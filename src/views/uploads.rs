//! What the uploads use cases return: an uploaded workbook with its outcome, kept so a
//! result survives a reload and a colleague sees it.

use serde::{Deserialize, Serialize};

use crate::domain::upload::{UploadKind, UploadOutcome};

/// One error of a refused workbook, in the cell where it is (or, for a file that could
/// not be read at all, without a cell).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct UploadError {
    pub sheet: Option<String>,
    /// 1-based, as Excel shows it.
    pub row: Option<u32>,
    /// The column letter.
    pub column: Option<String>,
    /// The column's header (or the field).
    pub header: String,
    pub value: Option<String>,
    /// The rule the value breaks.
    pub rule: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct UploadRecord {
    pub id: i64,
    pub organisation_id: i64,
    pub organisation_name: String,
    pub kind: UploadKind,
    pub file_name: String,
    pub uploaded_by: String,
    pub uploaded_at: chrono::DateTime<chrono::Utc>,
    pub outcome: UploadOutcome,
    /// Rows read, and what became of them (an imported upload).
    pub rows: i64,
    pub created: i64,
    pub updated: i64,
    pub unchanged: i64,
    /// Rows read but left out: a pre-filled timesheet's days without hours.
    pub without_hours: i64,
    /// The errors in all (a refused upload), of which `errors` lists the first 1 000.
    pub error_total: i64,
    /// Empty in lists.
    pub errors: Vec<UploadError>,
}

/// What an import did, whatever its kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub rows: i64,
    pub created: i64,
    pub updated: i64,
    pub unchanged: i64,
    pub without_hours: i64,
}
