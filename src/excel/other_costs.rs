//! The other-costs workbook (services, travel, materials): template and reader.
//! Sheet "Övriga kostnader", one row per voucher.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_xlsxwriter::{DataValidation, Format, Workbook, XlsxError};

use super::grid::{self, GridRow, WorkbookError};
use super::{cells, ImportErrors};
use crate::domain::money;
use crate::service::entries::OtherCategory;

pub const SHEET: &str = "Övriga kostnader";
pub const HEADERS: [&str; 6] = [
    "Datum",
    "Kostnadsslag",
    "Belopp exkl. moms",
    "Leverantör",
    "Verifikationsnummer",
    "Beskrivning",
];
const CATEGORY_LABELS: [(&str, OtherCategory); 3] = [
    ("köp av tjänst", OtherCategory::Services),
    ("resa", OtherCategory::Travel),
    ("materiel", OtherCategory::Materials),
];

/// One valid row of a filled workbook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtherCostRow {
    pub row: u32,
    pub date: NaiveDate,
    pub category: OtherCategory,
    pub amount: Decimal,
    pub supplier: String,
    pub voucher_number: String,
    pub description: String,
}

fn e(err: XlsxError) -> String {
    format!("cannot write the template: {err}")
}

pub fn template() -> Result<Vec<u8>, String> {
    let mut wb = Workbook::new();
    let header = Format::new().set_bold().set_background_color("#DDEBF7");
    let ws = wb.add_worksheet().set_name(SHEET).map_err(e)?;
    for (col, (title, width)) in HEADERS
        .iter()
        .zip([12.0, 16.0, 18.0, 28.0, 20.0, 40.0])
        .enumerate()
    {
        ws.write_string_with_format(0, col as u16, *title, &header)
            .map_err(e)?;
        ws.set_column_width(col as u16, width).map_err(e)?;
    }
    ws.set_column_format(0, &Format::new().set_num_format("yyyy-mm-dd"))
        .map_err(e)?;
    ws.set_column_format(2, &Format::new().set_num_format("#,##0.00"))
        .map_err(e)?;
    ws.set_freeze_panes(1, 0).map_err(e)?;
    let categories = DataValidation::new()
        .allow_list_strings(&CATEGORY_LABELS.map(|(l, _)| l))
        .map_err(e)?;
    ws.add_data_validation(1, 1, 100_000, 1, &categories)
        .map_err(e)?;
    let help = wb.add_worksheet().set_name("Instruktioner").map_err(e)?;
    let lines = [
        "Fyll i fliken Övriga kostnader: en rad per verifikation.",
        "Kostnadsslag: köp av tjänst, resa eller materiel. Belopp exklusive moms, högst två decimaler.",
        "Verifikationsnumret är unikt inom organisationen: samma fil kan läsas in igen utan dubbletter.",
        "Inga formler och inga tomma rader mellan raderna.",
        "Exempel:",
    ];
    for (row, line) in lines.iter().enumerate() {
        help.write_string(row as u32, 0, *line).map_err(e)?;
    }
    let r = lines.len() as u32;
    for (col, title) in HEADERS.iter().enumerate() {
        help.write_string_with_format(r, col as u16, *title, &header)
            .map_err(e)?;
    }
    for (col, value) in [
        "2013-03-12",
        "resa",
        "1234.50",
        "Västtrafik",
        "V-1001",
        "Resa till studiebesök",
    ]
    .iter()
    .enumerate()
    {
        help.write_string(r + 1, col as u16, *value).map_err(e)?;
    }
    help.set_column_width(0, 90).map_err(e)?;
    wb.save_to_buffer().map_err(e)
}

pub fn read(bytes: &[u8]) -> Result<Result<Vec<OtherCostRow>, ImportErrors>, WorkbookError> {
    let (grid, mut errors) = match grid::read(bytes, SHEET, &HEADERS)? {
        Ok(found) => found,
        Err(errors) => return Ok(Err(errors)),
    };
    let mut rows = Vec::with_capacity(grid.rows.len());
    for GridRow { row, cells: c } in &grid.rows {
        let mut fail = |col: usize, rule: String| {
            errors.push(grid.error(*row, col, cells::display(&c[col]), rule))
        };
        let date = cells::date(&c[0])
            .map_err(|m| fail(0, format!("Datum {m}")))
            .ok();
        let label = cells::text(&c[1]).to_lowercase();
        let category = CATEGORY_LABELS
            .iter()
            .find(|(l, _)| *l == label)
            .map(|(_, k)| *k);
        if category.is_none() {
            fail(
                1,
                "Kostnadsslag must be 'köp av tjänst', 'resa' or 'materiel'".into(),
            );
        }
        let amount = cells::decimal(&c[2])
            .and_then(|a| money::to_ore(a).map(|_| a))
            .and_then(|a| {
                if a > Decimal::ZERO {
                    Ok(a)
                } else {
                    Err(format!("{a} must be more than 0"))
                }
            })
            .map_err(|m| fail(2, format!("Belopp: {m}")))
            .ok();
        let mut text = |col: usize, max: usize| {
            let t = cells::text(&c[col]);
            if t.is_empty() || t.chars().count() > max {
                fail(
                    col,
                    format!("{} is required, at most {max} characters", HEADERS[col]),
                );
            }
            t
        };
        let supplier = text(3, 200);
        let voucher_number = text(4, 60);
        let description = text(5, 500);
        if let (Some(date), Some(category), Some(amount)) = (date, category, amount) {
            rows.push(OtherCostRow {
                row: *row,
                date,
                category,
                amount,
                supplier,
                voucher_number,
                description,
            });
        }
    }
    Ok(if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    })
}
