//! Every Excel importer on well-formed workbooks with arbitrary cells: the fuzzer
//! chooses the importer, the cells (text, numbers, booleans, dates, blanks, formulas)
//! and where they go, the target writes the workbook with the importer's own sheet and
//! headers, so the row parsers themselves are exercised rather than the zip layer.
#![no_main]

use arbitrary::Arbitrary;
use esf_ledger::excel;
use libfuzzer_sys::fuzz_target;
use rust_xlsxwriter::{Formula, Workbook};

#[derive(Arbitrary, Debug)]
enum Cell {
    Text(String),
    Number(f64),
    Bool(bool),
    Date(u16, u8, u8),
    Formula(String),
    Blank,
}

#[derive(Arbitrary, Debug)]
struct Input {
    importer: u8,
    /// Change a header or add a column now and then.
    header_damage: Option<(u8, String)>,
    rows: Vec<Vec<Cell>>,
    /// Skip this many rows before the data (empty rows between data rows).
    gap: u8,
}

type Reader = fn(&[u8]) -> Result<usize, ()>;

macro_rules! importer {
    ($sheet:expr, $headers:expr, $read:path) => {
        ($sheet, &$headers[..], (|b| match $read(b) {
            Ok(Ok(rows)) => Ok(rows.len()),
            _ => Err(()),
        }) as Reader)
    };
}

fuzz_target!(|input: Input| {
    let importers = [
        importer!(excel::timesheets::SHEET, excel::timesheets::HEADERS, excel::timesheets::read),
        importer!(excel::premises::SHEET, excel::premises::HEADERS, excel::premises::read),
        importer!(excel::other_costs::SHEET, excel::other_costs::HEADERS, excel::other_costs::read),
        importer!(excel::cash::SHEET, excel::cash::HEADERS, excel::cash::read),
        importer!(excel::budget::SHEET, excel::budget::HEADERS, excel::budget::read),
        importer!(excel::participants::PARTICIPANT_SHEET, excel::participants::PARTICIPANT_HEADERS, excel::participants::read_participants),
        importer!(excel::participants::ATTENDANCE_SHEET, excel::participants::ATTENDANCE_HEADERS, excel::participants::read_attendance),
        importer!(excel::participants::COMPENSATION_SHEET, excel::participants::COMPENSATION_HEADERS, excel::participants::read_compensation),
    ];
    let (sheet, headers, read) = importers[input.importer as usize % importers.len()];
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    if ws.set_name(sheet).is_err() {
        return;
    }
    for (c, h) in headers.iter().enumerate() {
        let _ = ws.write_string(0, c as u16, *h);
    }
    if let Some((col, text)) = &input.header_damage {
        let _ = ws.write_string(0, (*col % 16) as u16, text);
    }
    let first = 1 + (input.gap % 4) as u32;
    for (r, row) in input.rows.iter().take(200).enumerate() {
        for (c, cell) in row.iter().take(16).enumerate() {
            let (r, c) = (first + r as u32, c as u16);
            let _ = match cell {
                Cell::Text(s) => ws.write_string(r, c, s).map(|_| ()),
                Cell::Number(n) => ws.write_number(r, c, *n).map(|_| ()),
                Cell::Bool(b) => ws.write_boolean(r, c, *b).map(|_| ()),
                Cell::Date(y, m, d) => rust_xlsxwriter::ExcelDateTime::from_ymd(*y, *m, *d)
                    .and_then(|date| ws.write_datetime(r, c, &date).map(|_| ())),
                Cell::Formula(f) => ws.write_formula(r, c, Formula::new(f)).map(|_| ()),
                Cell::Blank => Ok(()),
            };
        }
    }
    let Ok(bytes) = wb.save_to_buffer() else { return };
    if let Ok(rows) = read(&bytes) {
        // Rows come back only from a clean sheet: never more than were written.
        assert!(rows <= input.rows.len().min(200), "{rows} rows from {}", input.rows.len());
    }
});
