//! The sheet-level checks every import shares: a real .xlsx, the named sheet, exactly
//! the template's headers, no formulas, no empty rows between data rows. What remains
//! is a grid of data rows for the kind-specific reader.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Cursor;

use calamine::{Data, DataRef, Reader, Xlsx, XlsxFormulaMetadata};

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
/// The most text (bytes) the kept cells of one sheet may hold; 200 000 rows of the
/// widest template with ordinary text need a small part of it.
pub const MAX_TEXT_BYTES: usize = 128 * 1024 * 1024;
/// Excel's own limits: rows and columns (0-based last index) and characters in a cell.
const EXCEL_LAST_ROW: u32 = 1_048_575;
const EXCEL_LAST_COLUMN: u32 = 16_383;
const EXCEL_MAX_CELL_CHARS: usize = 32_767;

/// A cell as text for an error message, cut before a long string is copied.
fn display_ref(value: DataRef<'_>) -> String {
    match value {
        DataRef::SharedString(text) => {
            let head: String = text.chars().take(super::MAX_ECHOED_CHARS + 1).collect();
            super::shortened(head, super::MAX_ECHOED_CHARS)
        }
        other => cells::display(&Data::from(other)),
    }
}

/// Blank as `cells::is_blank` says, looked at before the cell is copied.
fn is_blank_ref(value: &DataRef<'_>) -> bool {
    match value {
        DataRef::Empty => true,
        DataRef::String(s) => s.trim().is_empty(),
        DataRef::SharedString(s) => s.trim().is_empty(),
        _ => false,
    }
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
///
/// The sheet is streamed cell by cell, keeping only the template's columns of non-blank
/// rows, so neither a sheet that claims a million rows nor one cell far out in the
/// corner can make it allocate more than the rows it really holds (calamine's dense
/// ranges would). Cells are looked at before they are copied, text kept is capped in
/// all, formulas are only noted (never expanded), and errors are capped as they come;
/// with `archive::check` this bounds memory and time.
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
    // calamine's messages may quote cell contents: cut them like any echoed value.
    let unreadable_workbook = |e: calamine::XlsxError| {
        WorkbookError::Unreadable(super::shortened(
            format!("the workbook cannot be read: {e}"),
            4 * super::MAX_ECHOED_CHARS,
        ))
    };
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(unreadable_workbook)?;
    let mut errors = ImportErrors::default();
    let err = |row0: u32, col: u32, value: String, rule: String| {
        error(sheet, headers, row0 + 1, col as usize, value, rule)
    };
    let current = super::template::version_of(sheet);
    let marked = super::template::marked(wb.defined_names());
    match &marked {
        Some((other, _)) if other != sheet => {
            errors.push(err(
                0,
                0,
                other.clone(),
                format!(
                    "the workbook is the template {other}, not {sheet}; choose the upload for {other} or download the template for {sheet}"
                ),
            ));
            return Ok(Err(errors));
        }
        Some((_, version)) if *version != current => {
            errors.push(err(
                0,
                0,
                version.to_string(),
                format!(
                    "the workbook was made from template version {version} of {sheet}; this import reads version {current}: download the template again and copy the rows into it"
                ),
            ));
            return Ok(Err(errors));
        }
        _ => {}
    }
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
        WorkbookError::Unreadable(super::shortened(
            format!("sheet {sheet} cannot be read: {e}"),
            4 * super::MAX_ECHOED_CHARS,
        ))
    };
    let width = headers.len();
    let mut header_row = vec![Data::Empty; width];
    let mut header_errors = ImportErrors::default();
    let mut formula_errors = ImportErrors::default();
    let mut formula_rows = BTreeSet::new();
    let mut text_kept = 0usize;
    // Row index (0-based) → the template's columns; a row with a formula is present
    // even when its cached value is blank.
    let mut data: BTreeMap<u32, Vec<Data>> = BTreeMap::new();
    let mut cells = wb.worksheet_cells_reader(sheet).map_err(unreadable)?;
    while let Some(cell) = cells
        .next_cell_with_formula_metadata()
        .map_err(unreadable)?
    {
        let (r, c) = cell.pos;
        if r > EXCEL_LAST_ROW || c > EXCEL_LAST_COLUMN {
            return Err(WorkbookError::Unreadable(format!(
                "sheet {sheet} has a cell beyond Excel's last row or column"
            )));
        }
        let blank = is_blank_ref(&cell.value);
        let in_template = (c as usize) < width;
        if r > 0 && cell.formula.is_some() {
            let text = match &cell.formula {
                Some(XlsxFormulaMetadata::Normal { formula })
                | Some(XlsxFormulaMetadata::Shared { formula, .. }) => format!("={formula}"),
                _ => "(a shared formula)".to_string(),
            };
            formula_errors.push(err(
                r,
                c,
                text,
                "formulas are not accepted; paste the values instead".into(),
            ));
            formula_rows.insert(r);
        } else if blank || (r > 0 && !in_template) {
            continue;
        }
        if r == 0 && !in_template {
            header_errors.push(err(
                0,
                c,
                display_ref(cell.value),
                "an unexpected column; use the template's columns".into(),
            ));
            continue;
        }
        if r > 0 && data.len() >= MAX_DATA_ROWS && !data.contains_key(&r) {
            return Err(WorkbookError::TooLarge(format!(
                "sheet {sheet} has more than {MAX_DATA_ROWS} rows; split it into several files"
            )));
        }
        if !in_template || blank {
            // A formula outside the template or without a value: the row exists.
            data.entry(r).or_insert_with(|| vec![Data::Empty; width]);
            continue;
        }
        // Text is measured before it is copied: a shared string is stored once but
        // would be copied into every cell that refers to it.
        let text = match &cell.value {
            DataRef::String(text) => Some(text.as_str()),
            DataRef::SharedString(text) => Some(*text),
            _ => None,
        };
        if let Some(text) = text {
            if text.len() > 4 * EXCEL_MAX_CELL_CHARS || text.chars().count() > EXCEL_MAX_CELL_CHARS
            {
                return Err(WorkbookError::Unreadable(format!(
                    "sheet {sheet} has a cell of more than {EXCEL_MAX_CELL_CHARS} characters, more than Excel allows"
                )));
            }
            text_kept += text.len();
            if text_kept > MAX_TEXT_BYTES {
                return Err(WorkbookError::TooLarge(format!(
                    "sheet {sheet} holds more than {} MB of text; split it into several files",
                    MAX_TEXT_BYTES / (1024 * 1024)
                )));
            }
        }
        let value = Data::from(cell.value);
        if r == 0 {
            header_row[c as usize] = value;
        } else {
            data.entry(r).or_insert_with(|| vec![Data::Empty; width])[c as usize] = value;
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
    errors.append(header_errors);
    if !errors.is_empty() {
        if marked.is_none() && errors.total > 1 {
            // Several headers differ in an unmarked workbook: most likely an older
            // template (or none); say so before the headers it differs in. One renamed
            // column is just that.
            let mut first = ImportErrors::default();
            first.push(err(
                0,
                0,
                String::new(),
                format!(
                    "the workbook carries no template version; this import reads version {current} of {sheet}: download the template again and copy the rows into it"
                ),
            ));
            first.append(errors);
            return Ok(Err(first));
        }
        return Ok(Err(errors));
    }
    errors.append(formula_errors);
    if data.is_empty() {
        errors.push(err(
            1,
            0,
            String::new(),
            "the sheet has no rows to import".into(),
        ));
        return Ok(Err(errors));
    }
    let mut rows = Vec::with_capacity(data.len());
    let mut expected = 1;
    for (r, row_cells) in data {
        // Every row skipped since the previous data row was empty; past the listing
        // limit they are only counted.
        for empty in expected..r {
            if errors.is_full() {
                errors.total += (r - empty) as usize;
                break;
            }
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
