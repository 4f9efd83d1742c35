//! The sheet-level checks every import shares: a real .xlsx, the named sheet, exactly
//! the template's headers, no formulas, no empty rows between data rows. What remains
//! is a grid of data rows for the kind-specific reader.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

use super::cells;
use super::{column_letter, CellError, ImportErrors};

/// A problem with the workbook as a whole (not a cell).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WorkbookError {
    NotXlsx(String),
    Unreadable(String),
}

pub struct GridRow {
    /// The row number Excel shows.
    pub row: u32,
    pub cells: Vec<Data>,
}

pub struct Grid {
    pub sheet: &'static str,
    pub headers: &'static [&'static str],
    pub rows: Vec<GridRow>,
}

impl Grid {
    /// An error in the cell of `row` (Excel's number) and column index `col`.
    pub fn error(&self, row: u32, col: usize, value: String, rule: impl Into<String>) -> CellError {
        error(self.sheet, self.headers, row, col, value, rule.into())
    }
}

/// An error in the cell of `row` (Excel's number) and column index `col` of a sheet.
pub fn error(
    sheet: &str,
    headers: &[&str],
    row: u32,
    col: usize,
    value: String,
    rule: String,
) -> CellError {
    CellError {
        sheet: sheet.into(),
        row,
        column: column_letter(col as u32),
        header: headers.get(col).copied().unwrap_or("").to_string(),
        value,
        rule,
    }
}

/// The grid of data rows and the row-level errors found so far (formulas, empty rows),
/// to which the kind-specific reader adds its own; or, when the sheet or its headers are
/// wrong, only those errors.
pub fn read(
    bytes: &[u8],
    sheet: &'static str,
    headers: &'static [&'static str],
) -> Result<Result<(Grid, ImportErrors), ImportErrors>, WorkbookError> {
    if !bytes.starts_with(b"PK\x03\x04") {
        return Err(WorkbookError::NotXlsx(
            "the file is not an .xlsx workbook".into(),
        ));
    }
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes))
        .map_err(|e| WorkbookError::Unreadable(format!("the workbook cannot be read: {e}")))?;
    let mut errors = ImportErrors::default();
    let err = |row0: u32, col: u32, value: String, rule: String| {
        error(sheet, headers, row0 + 1, col as usize, value, rule)
    };
    if !wb.sheet_names().iter().any(|s| s == sheet) {
        errors.push(err(
            0,
            0,
            String::new(),
            format!("the workbook has no sheet named {sheet}; use the template"),
        ));
        return Ok(Err(errors));
    }
    let unreadable = |e: calamine::XlsxError| {
        WorkbookError::Unreadable(format!("sheet {sheet} cannot be read: {e}"))
    };
    let range = wb.worksheet_range(sheet).map_err(unreadable)?;
    let formulas = wb.worksheet_formula(sheet).map_err(unreadable)?;
    let cell = |r: u32, c: u32| range.get_value((r, c)).unwrap_or(&Data::Empty);
    let (last_row, last_col) = range.end().unwrap_or((0, 0));

    for (col, expected) in headers.iter().enumerate() {
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
    for col in headers.len() as u32..=last_col {
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
    let mut formula_rows = std::collections::BTreeSet::new();
    // used_cells counts from the formula range's own first cell.
    let (r0, c0) = formulas.start().unwrap_or((0, 0));
    for (r, c, formula) in formulas.used_cells() {
        let (r, c) = (r + r0 as usize, c + c0 as usize);
        if !formula.is_empty() && r > 0 {
            errors.push(err(
                r as u32,
                c as u32,
                format!("={formula}"),
                "formulas are not accepted; paste the values instead".into(),
            ));
            formula_rows.insert(r as u32);
        }
    }
    let width = headers.len() as u32;
    let blank_row = |r: u32| (0..width).all(|c| cells::is_blank(cell(r, c)));
    let last_data = (1..=last_row).rev().find(|r| !blank_row(*r)).unwrap_or(0);
    let mut rows = Vec::with_capacity(last_data as usize);
    for r in 1..=last_data {
        if blank_row(r) {
            errors.push(err(
                r,
                0,
                String::new(),
                "an empty row between data rows; remove it".into(),
            ));
            continue;
        }
        // A row with a formula is reported once, for the formula.
        if !formula_rows.contains(&r) {
            rows.push(GridRow {
                row: r + 1,
                cells: (0..width).map(|c| cell(r, c).clone()).collect(),
            });
        }
    }
    if last_data == 0 {
        errors.push(err(
            1,
            0,
            String::new(),
            "the sheet has no rows to import".into(),
        ));
        return Ok(Err(errors));
    }
    Ok(Ok((
        Grid {
            sheet,
            headers,
            rows,
        },
        errors,
    )))
}

/// Reads the sheet and turns each data row into a `T` with `parse`, which reports the
/// row's cell errors through `fail(column index, rule)`. A row with any error yields
/// nothing; the valid rows come back only when the whole sheet is free of errors.
pub fn read_rows<T>(
    bytes: &[u8],
    sheet: &'static str,
    headers: &'static [&'static str],
    mut parse: impl FnMut(u32, &[Data], &mut dyn FnMut(usize, String)) -> Option<T>,
) -> Result<Result<Vec<T>, ImportErrors>, WorkbookError> {
    let (grid, mut errors) = match read(bytes, sheet, headers)? {
        Ok(found) => found,
        Err(errors) => return Ok(Err(errors)),
    };
    let mut rows = Vec::with_capacity(grid.rows.len());
    for GridRow { row, cells: c } in &grid.rows {
        let before = errors.total;
        let mut fail = |col: usize, rule: String| {
            errors.push(grid.error(*row, col, cells::display(&c[col]), rule))
        };
        let parsed = parse(*row, c, &mut fail);
        if let (Some(value), true) = (parsed, errors.total == before) {
            rows.push(value);
        }
    }
    Ok(if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    })
}
