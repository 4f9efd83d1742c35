//! Excel in and out: templates (rust_xlsxwriter) and imports (calamine). Every import
//! error names the sheet, row, column, value and rule.

pub mod budget;
pub mod cash;
pub mod cells;
pub mod claims;
pub mod grid;
pub mod other_costs;
pub mod participants;
pub mod premises;
pub mod reports;
pub mod scb;
pub mod statistics;
pub mod template;
pub mod timesheets;

use crate::domain::validation::FieldError;

/// The content type of .xlsx files.
pub const XLSX_CONTENT_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// At most this many errors are listed; the total is always given.
pub const MAX_LISTED_ERRORS: usize = 1000;

/// One broken rule in a workbook cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellError {
    pub sheet: String,
    /// 1-based, as Excel shows it.
    pub row: u32,
    /// The column letter, as Excel shows it.
    pub column: String,
    pub header: String,
    pub value: String,
    pub rule: String,
}

impl From<CellError> for FieldError {
    fn from(e: CellError) -> Self {
        FieldError {
            message: format!(
                "{}!{}{} '{}': {}",
                e.sheet, e.column, e.row, e.value, e.rule
            ),
            field: e.header,
            sheet: Some(e.sheet),
            row: Some(e.row),
            column: Some(e.column),
            value: Some(e.value),
        }
    }
}

/// All the errors of an import: the first `MAX_LISTED_ERRORS` and how many in all.
#[derive(Debug, Clone, Default)]
pub struct ImportErrors {
    pub listed: Vec<CellError>,
    pub total: usize,
}

impl ImportErrors {
    pub fn push(&mut self, e: CellError) {
        self.total += 1;
        if self.listed.len() < MAX_LISTED_ERRORS {
            self.listed.push(e);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.total == 0
    }
}

/// Excel's column letters: 0 → A, 25 → Z, 26 → AA.
pub fn column_letter(mut index: u32) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }
}
