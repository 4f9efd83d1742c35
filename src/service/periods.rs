//! Whether an organisation's month is still open for changes.

use crate::domain::names::Named;
use crate::domain::period::Month;
use crate::domain::workflow::ReportState;
use crate::error::{AppError, AppResult};
use crate::store::{monthly_reports, DbConnection};

pub fn report_state(
    conn: &mut DbConnection,
    organisation_id: i64,
    month: Month,
) -> AppResult<ReportState> {
    Ok(monthly_reports::state(
        conn,
        organisation_id,
        month.to_key(),
    )?)
}

/// Entries of a month change only while its report is open or returned.
pub fn ensure_editable(
    conn: &mut DbConnection,
    organisation_id: i64,
    month: Month,
) -> AppResult<()> {
    let state = report_state(conn, organisation_id, month)?;
    if state.is_editable() {
        Ok(())
    } else {
        Err(AppError::Conflict {
            detail: format!(
                "the report for {month} is {}; its entries change only while it is open or returned (correct it with an adjustment in an open month)",
                state.as_str()
            ),
            errors: vec![crate::domain::validation::FieldError {
                field: "month".into(),
                message: format!("{month} is {}", state.as_str()),
                ..Default::default()
            }],
        })
    }
}
