//! What the imports use cases accept and return: serialised to JSON by the API and rendered by the workbooks.

use serde::Serialize;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, PartialEq, Eq)]
pub struct ImportReport {
    pub rows: usize,
    pub timesheets_created: usize,
    pub timesheets_updated: usize,
    /// Timesheets whose rows were already exactly as in the file.
    pub timesheets_unchanged: usize,
    /// Rows with an employee and a day but no hours (a pre-filled template's days not
    /// worked): read, and left out.
    pub rows_without_hours: usize,
}

/// Which timesheet template to write: the project's period, and for a chosen
/// organisation and month the rows pre-filled with its staff and the month's working days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimesheetTemplate {
    pub project_start: chrono::NaiveDate,
    pub project_end: chrono::NaiveDate,
    pub prefill: Option<TimesheetPrefill>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimesheetPrefill {
    pub organisation_name: String,
    pub month: crate::domain::period::Month,
    /// (employee number, name) of the organisation's active staff, in natural order.
    pub staff: Vec<(String, String)>,
    /// The month's working days within the project.
    pub days: Vec<chrono::NaiveDate>,
}
