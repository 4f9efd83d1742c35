//! The timesheet workbook: a template to fill in, and the reader of a filled one.
//! Sheet "Tidrapport", one row per staff member and day.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;
use rust_xlsxwriter::{
    DataValidation, DataValidationRule, ExcelDateTime, Format, Workbook, XlsxError,
};

use super::cells;
use super::{column_letter, CellError, ImportErrors};
use crate::domain::hours;
use crate::service::timesheets::Funding;

pub const SHEET: &str = "Tidrapport";
pub const HEADERS: [&str; 5] = [
    "Anställningsnummer",
    "Datum",
    "Timmar",
    "Finansiering",
    "Aktivitet",
];
const FUNDING_LABELS: [(&str, Funding); 2] = [
    ("projekt", Funding::Project),
    ("medfinansiering", Funding::InKind),
];
/// Rows the template prepares validation for.
const TEMPLATE_ROWS: u32 = 100_000;

/// One valid row of a filled timesheet workbook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRow {
    /// The row number Excel shows.
    pub row: u32,
    pub employee_number: String,
    pub date: NaiveDate,
    pub hours_centi: i64,
    pub funding: Funding,
    pub note: String,
}

fn xlsx_error(e: XlsxError) -> String {
    format!("cannot write the template: {e}")
}

/// The template: headers in Swedish, validation on every data cell, and an
/// instructions sheet with an example row (kept off the data sheet so an untouched
/// template imports nothing).
pub fn template(project_start: NaiveDate, project_end: NaiveDate) -> Result<Vec<u8>, String> {
    use chrono::Datelike;
    let mut wb = Workbook::new();
    let header = Format::new().set_bold().set_background_color("#DDEBF7");
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    let hours_format = Format::new().set_num_format("0.00");
    let ws = wb.add_worksheet().set_name(SHEET).map_err(xlsx_error)?;
    for (col, title) in HEADERS.iter().enumerate() {
        ws.write_string_with_format(0, col as u16, *title, &header)
            .map_err(xlsx_error)?;
    }
    for (col, width) in [18.0, 12.0, 9.0, 16.0, 40.0].iter().enumerate() {
        ws.set_column_width(col as u16, *width)
            .map_err(xlsx_error)?;
    }
    ws.set_column_format(1, &date_format).map_err(xlsx_error)?;
    ws.set_column_format(2, &hours_format).map_err(xlsx_error)?;
    ws.set_freeze_panes(1, 0).map_err(xlsx_error)?;
    let excel_date = |d: NaiveDate| {
        ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8).map_err(xlsx_error)
    };
    let dates = DataValidation::new()
        .allow_date(DataValidationRule::Between(
            excel_date(project_start)?,
            excel_date(project_end)?,
        ))
        .set_error_message("Datum inom projektets period, ÅÅÅÅ-MM-DD.")
        .map_err(xlsx_error)?;
    // Excel's own input check (the service validates exactly, in hundredths).
    let hours_rule = DataValidation::new()
        .allow_decimal_number(DataValidationRule::Between(0.01, 13.0))
        .set_error_message("Timmar per dag: mer än 0 och högst 13, högst två decimaler.")
        .map_err(xlsx_error)?;
    let funding = DataValidation::new()
        .allow_list_strings(&FUNDING_LABELS.map(|(label, _)| label))
        .map_err(xlsx_error)?;
    ws.add_data_validation(1, 1, TEMPLATE_ROWS, 1, &dates)
        .map_err(xlsx_error)?;
    ws.add_data_validation(1, 2, TEMPLATE_ROWS, 2, &hours_rule)
        .map_err(xlsx_error)?;
    ws.add_data_validation(1, 3, TEMPLATE_ROWS, 3, &funding)
        .map_err(xlsx_error)?;

    let help = wb
        .add_worksheet()
        .set_name("Instruktioner")
        .map_err(xlsx_error)?;
    let lines = [
        "Fyll i fliken Tidrapport: en rad per anställd och dag.",
        "Anställningsnummer: organisationens nummer för den anställda (se personalregistret).",
        "Datum: arbetsdagen, inom projektets period. Timmar: högst 13 per dag, högst två decimaler.",
        "Finansiering: projekt (lön betald av projektet) eller medfinansiering (arbetstid som bidrag).",
        "Inga formler och inga tomma rader mellan raderna. Samma fil kan läsas in igen utan dubbletter.",
        "Exempel:",
    ];
    for (row, line) in lines.iter().enumerate() {
        help.write_string(row as u32, 0, *line)
            .map_err(xlsx_error)?;
    }
    let example_row = lines.len() as u32;
    for (col, title) in HEADERS.iter().enumerate() {
        help.write_string_with_format(example_row, col as u16, *title, &header)
            .map_err(xlsx_error)?;
    }
    help.write_string(example_row + 1, 0, "1042")
        .map_err(xlsx_error)?;
    help.write_with_format(
        example_row + 1,
        1,
        &excel_date(project_start)?,
        &date_format,
    )
    .map_err(xlsx_error)?;
    help.write_string(example_row + 1, 2, "7.5")
        .map_err(xlsx_error)?;
    help.write_string(example_row + 1, 3, "projekt")
        .map_err(xlsx_error)?;
    help.write_string(example_row + 1, 4, "Metodverkstad, samtal med elever")
        .map_err(xlsx_error)?;
    help.set_column_width(0, 90).map_err(xlsx_error)?;
    wb.save_to_buffer().map_err(xlsx_error)
}

/// A problem with the workbook as a whole (not a cell).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WorkbookError {
    NotXlsx(String),
    Unreadable(String),
}

/// Reads and checks every row; returns the valid rows or every error found.
pub fn read(bytes: &[u8]) -> Result<Result<Vec<ImportRow>, ImportErrors>, WorkbookError> {
    if !bytes.starts_with(b"PK\x03\x04") {
        return Err(WorkbookError::NotXlsx(
            "the file is not an .xlsx workbook".into(),
        ));
    }
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes))
        .map_err(|e| WorkbookError::Unreadable(format!("the workbook cannot be read: {e}")))?;
    let mut errors = ImportErrors::default();
    let err = |row: u32, col: u32, value: String, rule: String| CellError {
        sheet: SHEET.into(),
        row: row + 1,
        column: column_letter(col),
        header: HEADERS.get(col as usize).copied().unwrap_or("").to_string(),
        value,
        rule,
    };
    if !wb.sheet_names().iter().any(|s| s == SHEET) {
        errors.push(err(
            0,
            0,
            String::new(),
            format!("the workbook has no sheet named {SHEET}; use the template"),
        ));
        return Ok(Err(errors));
    }
    let range = wb
        .worksheet_range(SHEET)
        .map_err(|e| WorkbookError::Unreadable(format!("sheet {SHEET} cannot be read: {e}")))?;
    let formulas = wb
        .worksheet_formula(SHEET)
        .map_err(|e| WorkbookError::Unreadable(format!("sheet {SHEET} cannot be read: {e}")))?;
    let cell = |r: u32, c: u32| range.get_value((r, c)).unwrap_or(&Data::Empty);
    let (last_row, last_col) = range.end().unwrap_or((0, 0));

    // Headers: exactly the template's, in order.
    for (col, expected) in HEADERS.iter().enumerate() {
        let found = cells::text(cell(0, col as u32));
        if found != *expected {
            errors.push(err(
                0,
                col as u32,
                found,
                format!("the header must be '{expected}' (missing or renamed column)"),
            ));
        }
    }
    for col in HEADERS.len() as u32..=last_col {
        if !cells::is_blank(cell(0, col)) {
            errors.push(err(
                0,
                col,
                cells::display(cell(0, col)),
                "an unexpected column; use the template's columns".into(),
            ));
        }
    }
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    for f in formulas.used_cells() {
        let (r, c, formula) = f;
        if !formula.is_empty() && r > 0 {
            errors.push(err(
                r as u32,
                c as u32,
                format!("={formula}"),
                "formulas are not accepted; paste the values instead".into(),
            ));
        }
    }

    let blank_row = |r: u32| (0..HEADERS.len() as u32).all(|c| cells::is_blank(cell(r, c)));
    let last_data = (1..=last_row).rev().find(|r| !blank_row(*r));
    let mut rows = Vec::new();
    for r in 1..=last_data.unwrap_or(0) {
        if blank_row(r) {
            errors.push(err(
                r,
                0,
                String::new(),
                "an empty row between data rows; remove it".into(),
            ));
            continue;
        }
        let employee_number = cells::text(cell(r, 0));
        if employee_number.is_empty() {
            errors.push(err(
                r,
                0,
                String::new(),
                "the employee number is required".into(),
            ));
        }
        let date = cells::date(cell(r, 1))
            .map_err(|m| errors.push(err(r, 1, cells::display(cell(r, 1)), format!("Datum {m}"))))
            .ok();
        let hours = cells::decimal(cell(r, 2))
            .and_then(hours::to_centi)
            .and_then(|c| hours::check_day(c).map(|_| c))
            .map_err(|m| {
                errors.push(err(
                    r,
                    2,
                    cells::display(cell(r, 2)),
                    format!("Timmar: {m}"),
                ))
            })
            .ok();
        let funding_text = cells::text(cell(r, 3)).to_lowercase();
        let funding = FUNDING_LABELS
            .iter()
            .find(|(label, _)| *label == funding_text)
            .map(|(_, f)| *f);
        if funding.is_none() {
            errors.push(err(
                r,
                3,
                cells::display(cell(r, 3)),
                "Finansiering must be 'projekt' or 'medfinansiering'".into(),
            ));
        }
        let note = cells::text(cell(r, 4));
        if note.chars().count() > crate::service::timesheets::MAX_NOTE_CHARS {
            errors.push(err(
                r,
                4,
                note.chars().take(40).collect(),
                "Aktivitet: at most 500 characters".into(),
            ));
        }
        if let (false, Some(date), Some(hours_centi), Some(funding)) =
            (employee_number.is_empty(), date, hours, funding)
        {
            rows.push(ImportRow {
                row: r + 1,
                employee_number,
                date,
                hours_centi,
                funding,
                note,
            });
        }
    }
    if rows.is_empty() && errors.is_empty() {
        errors.push(err(
            1,
            0,
            String::new(),
            "the sheet has no rows to import".into(),
        ));
    }
    Ok(if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    })
}
