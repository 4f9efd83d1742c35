//! Excel in and out: templates (rust_xlsxwriter) and imports (calamine). Every import
//! error names the sheet, row, column, value and rule.

pub mod archive;
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
pub(crate) mod style;
pub mod template;
pub mod timesheets;
mod values;

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

/// A cell's value is echoed in its error up to this many characters, so that one
/// enormous cell repeated on every row cannot blow up the error response.
pub const MAX_ECHOED_CHARS: usize = 100;

/// `text` cut to `max` characters, with an ellipsis when something was cut.
pub(crate) fn shortened(mut text: String, max: usize) -> String {
    if let Some((end, _)) = text.char_indices().nth(max) {
        text.truncate(end);
        text.push('…');
    }
    text
}

impl ImportErrors {
    /// Whether no more errors will be listed (they are still counted).
    pub fn is_full(&self) -> bool {
        self.listed.len() >= MAX_LISTED_ERRORS
    }

    pub fn push(&mut self, e: CellError) {
        self.total += 1;
        if !self.is_full() {
            self.listed.push(CellError {
                value: shortened(e.value, MAX_ECHOED_CHARS),
                // Rules may quote the value too.
                rule: shortened(e.rule, 4 * MAX_ECHOED_CHARS),
                ..e
            });
        }
    }

    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// Adds `other`'s errors after these, listed as far as the limit allows, all counted.
    pub fn append(&mut self, other: ImportErrors) {
        let unlisted = other.total - other.listed.len();
        for e in other.listed {
            self.push(e);
        }
        self.total += unlisted;
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
    fn echoed_values_are_cut() {
        assert_eq!(shortened("abc".into(), 3), "abc");
        assert_eq!(shortened("åäöx".into(), 3), "åäö…");
        let mut errors = ImportErrors::default();
        errors.push(CellError {
            sheet: "S".into(),
            row: 2,
            column: "A".into(),
            header: "H".into(),
            value: "x".repeat(10_000),
            rule: "y".repeat(10_000),
        });
        assert_eq!(errors.listed[0].value.chars().count(), MAX_ECHOED_CHARS + 1);
        assert_eq!(
            errors.listed[0].rule.chars().count(),
            4 * MAX_ECHOED_CHARS + 1
        );
    }

    #[test]
    fn letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }
}
