//! The sheet-level checks every import shares: a real .xlsx, the named sheet, exactly
//! the template's headers, no formulas, no empty rows between data rows. What remains
//! is a grid of data rows for the kind-specific reader.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

use super::cells;
use super::{column_letter, CellError, ImportErrors};

/// A problem with the workbook as a whole (not a cell).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WorkbookError {
    NotXlsx(String),
    Unreadable(String),
    /// Beyond the bounds an import accepts (parts, unpacked size, rows).
    TooLarge(String),
}

/// The most data rows one import may hold (the timesheet import is built for 100 000).
pub const MAX_DATA_ROWS: usize = 200_000;

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
///
/// The sheet is streamed cell by cell, keeping only the template's columns of non-blank
/// rows, so neither a sheet that claims a million rows nor one cell far out in the
/// corner can make it allocate more than the rows it really holds (calamine's dense
/// ranges would). Together with `archive::check` this bounds memory and time.
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
    super::archive::check(bytes)?;
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
    let width = headers.len();
    let mut header_row = vec![Data::Empty; width];
    let mut extra_headers = Vec::new();
    let mut formulas = Vec::new();
    // Row index (0-based) → the template's columns; a row with a formula is present
    // even when its cached value is blank.
    let mut data: BTreeMap<u32, Vec<Data>> = BTreeMap::new();
    let mut cells = wb.worksheet_cells_reader(sheet).map_err(unreadable)?;
    while let Some(cell) = cells.next_cell_with_formula().map_err(unreadable)? {
        let (r, c) = cell.pos;
        let value: Data = cell.value.into();
        let formula = cell.formula.filter(|f| !f.is_empty());
        if r == 0 {
            match header_row.get_mut(c as usize) {
                Some(slot) => *slot = value,
                None if !cells::is_blank(&value) => extra_headers.push((c, value)),
                None => {}
            }
            continue;
        }
        if formula.is_none() && (c as usize >= width || cells::is_blank(&value)) {
            continue;
        }
        if data.len() >= MAX_DATA_ROWS && !data.contains_key(&r) {
            return Err(WorkbookError::TooLarge(format!(
                "sheet {sheet} has more than {MAX_DATA_ROWS} rows; split it into several files"
            )));
        }
        let row = data.entry(r).or_insert_with(|| vec![Data::Empty; width]);
        if let Some(f) = formula {
            formulas.push(err(
                r,
                c,
                format!("={f}"),
                "formulas are not accepted; paste the values instead".into(),
            ));
        }
        if let Some(slot) = row.get_mut(c as usize) {
            *slot = value;
        }
    }
    drop(cells);

    for (col, expected) in headers.iter().enumerate() {
        let found = cells::text(&header_row[col]);
        if found != *expected {
            errors.push(err(
                0,
                col as u32,
                found,
                format!("the header must be '{expected}' (missing or renamed column)"),
            ));
        }
    }
    for (col, value) in extra_headers {
        errors.push(err(
            0,
            col,
            cells::display(&value),
            "an unexpected column; use the template's columns".into(),
        ));
    }
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let formula_rows: BTreeSet<u32> = formulas.iter().map(|e| e.row - 1).collect();
    for e in formulas {
        errors.push(e);
    }
    let Some(&last_data) = data.keys().next_back() else {
        errors.push(err(
            1,
            0,
            String::new(),
            "the sheet has no rows to import".into(),
        ));
        return Ok(Err(errors));
    };
    let mut rows = Vec::with_capacity(data.len());
    let mut expected = 1;
    for (r, row_cells) in data {
        // Every row skipped since the previous data row was empty.
        for empty in expected..r {
            errors.push(err(
                empty,
                0,
                String::new(),
                "an empty row between data rows; remove it".into(),
            ));
        }
        expected = r + 1;
        // A row with a formula is reported once, for the formula.
        if !formula_rows.contains(&r) {
            rows.push(GridRow {
                row: r + 1,
                cells: row_cells,
            });
        }
    }
    debug_assert_eq!(expected, last_data + 1);
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
