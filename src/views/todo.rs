//! "Att göra": what waits for the user, by the same rules the actions check.

use serde::Serialize;

use crate::domain::period::Month;

#[derive(Debug, Clone, Serialize, Default)]
pub struct Todo {
    /// Draft timesheets of the user's organisation, to sign (economists).
    pub to_sign: Vec<TodoItem>,
    /// Signed timesheets someone else entered and signed, to attest (managers).
    pub to_attest: Vec<TodoItem>,
    /// Months of the user's organisation with entries whose report is open or returned
    /// (economists).
    pub to_submit: Vec<TodoItem>,
    /// Submitted reports the user decides on (managers).
    pub to_decide: Vec<TodoItem>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TodoItem {
    pub organisation_id: i64,
    pub organisation_name: String,
    pub month: Month,
    /// How many (timesheets), where that is what waits.
    pub count: Option<i64>,
    /// The comment of a returned report.
    pub comment: Option<String>,
}
