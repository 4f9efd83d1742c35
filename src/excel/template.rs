//! The shared shape of a simple entry template: one data sheet with bold Swedish headers,
//! column formats and data validation, and an instructions sheet with an example row.
//! Validation bounds are written as formula text so no binary float comes near a value.

use crate::views::RenderError;
use rust_xlsxwriter::{DataValidation, DataValidationRule, Format, Formula, Workbook, XlsxError};

/// What a cell of a column may hold, checked by Excel while the user types.
#[derive(Clone, Copy)]
pub enum Rule {
    Any,
    /// One of these labels (a drop-down list).
    OneOf(&'static [&'static str]),
    /// A number between the two bounds (inclusive), written as Excel reads them.
    Between(&'static str, &'static str),
    /// A number of at least this.
    AtLeast(&'static str),
    /// Text of at most this many characters.
    MaxLength(u32),
}

pub struct Column {
    pub title: &'static str,
    pub width: f64,
    /// Excel number format, e.g. "yyyy-mm-dd" or "#,##0.00".
    pub num_format: Option<&'static str>,
    pub rule: Rule,
}

impl Column {
    pub const fn new(
        title: &'static str,
        width: f64,
        num_format: Option<&'static str>,
        rule: Rule,
    ) -> Self {
        Column {
            title,
            width,
            num_format,
            rule,
        }
    }
}

pub struct Template<'a> {
    pub sheet: &'static str,
    pub columns: &'a [Column],
    pub instructions: &'a [&'a str],
    pub example: &'a [&'a str],
}

/// Rows the validation covers (the import refuses more than the grid reader allows anyway).
const VALIDATED_ROWS: u32 = 100_000;

fn e(err: XlsxError) -> RenderError {
    RenderError::new("the template", err)
}

fn validation(rule: Rule) -> Result<Option<DataValidation>, XlsxError> {
    Ok(match rule {
        Rule::Any => None,
        Rule::OneOf(labels) => Some(DataValidation::new().allow_list_strings(labels)?),
        Rule::Between(low, high) => Some(DataValidation::new().allow_decimal_number_formula(
            DataValidationRule::Between(Formula::new(low), Formula::new(high)),
        )),
        Rule::AtLeast(low) => Some(DataValidation::new().allow_decimal_number_formula(
            DataValidationRule::GreaterThanOrEqualTo(Formula::new(low)),
        )),
        Rule::MaxLength(n) => {
            Some(DataValidation::new().allow_text_length(DataValidationRule::LessThanOrEqualTo(n)))
        }
    })
}

/// The template as .xlsx bytes.
pub fn build(t: &Template) -> Result<Vec<u8>, RenderError> {
    let mut wb = Workbook::new();
    let header = Format::new().set_bold().set_background_color("#DDEBF7");
    let ws = wb.add_worksheet().set_name(t.sheet).map_err(e)?;
    for (col, c) in t.columns.iter().enumerate() {
        let col = col as u16;
        ws.write_string_with_format(0, col, c.title, &header)
            .map_err(e)?;
        ws.set_column_width(col, c.width).map_err(e)?;
        if let Some(f) = c.num_format {
            ws.set_column_format(col, &Format::new().set_num_format(f))
                .map_err(e)?;
        }
        if let Some(v) = validation(c.rule).map_err(e)? {
            ws.add_data_validation(1, col, VALIDATED_ROWS, col, &v)
                .map_err(e)?;
        }
    }
    ws.set_freeze_panes(1, 0).map_err(e)?;

    let help = wb.add_worksheet().set_name("Instruktioner").map_err(e)?;
    for (row, line) in t.instructions.iter().enumerate() {
        help.write_string(row as u32, 0, *line).map_err(e)?;
    }
    let r = t.instructions.len() as u32 + 1;
    help.write_string(r - 1, 0, "Exempel:").map_err(e)?;
    for (col, c) in t.columns.iter().enumerate() {
        help.write_string_with_format(r, col as u16, c.title, &header)
            .map_err(e)?;
    }
    for (col, value) in t.example.iter().enumerate() {
        help.write_string(r + 1, col as u16, *value).map_err(e)?;
    }
    help.set_column_width(0, 90).map_err(e)?;
    wb.save_to_buffer().map_err(e)
}
