//! The other-costs workbook (services, travel, materials): template and reader.
//! Sheet "Övriga kostnader", one row per voucher.

use crate::views::RenderError;
use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::grid::{self, WorkbookError};
use super::template::{self, Column, Rule};
use super::{cells, ImportErrors};
use crate::domain::entry::OtherCategory;
use crate::domain::money;

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
    (LABELS[0], OtherCategory::Services),
    (LABELS[1], OtherCategory::Travel),
    (LABELS[2], OtherCategory::Materials),
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

const LABELS: [&str; 3] = ["köp av tjänst", "resa", "materiel"];

pub fn template() -> Result<Vec<u8>, RenderError> {
    let col = Column::new;
    template::build(&template::Template {
        sheet: SHEET,
        columns: &[
            col(HEADERS[0], 12.0, Some("yyyy-mm-dd"), Rule::Date),
            col(HEADERS[1], 16.0, None, Rule::OneOf(&LABELS)),
            col(HEADERS[2], 18.0, Some("#,##0.00"), Rule::AtLeast("0.01")),
            col(HEADERS[3], 28.0, None, Rule::MaxLength(200)),
            col(HEADERS[4], 20.0, None, Rule::MaxLength(60)),
            col(HEADERS[5], 40.0, None, Rule::MaxLength(500)),
        ],
        instructions: &[
            "Fyll i fliken Övriga kostnader: en rad per verifikation.",
            "Kostnadsslag: köp av tjänst, resa eller materiel. Belopp exklusive moms, högst två decimaler.",
            "Verifikationsnumret är unikt inom organisationen: samma fil kan läsas in igen utan dubbletter.",
            "Inga formler och inga tomma rader mellan raderna.",
        ],
        example: &[
            "2013-03-12",
            "resa",
            "1234.50",
            "Västtrafik",
            "V-1001",
            "Resa till studiebesök",
        ],
    })
}

pub fn read(bytes: &[u8]) -> Result<Result<Vec<OtherCostRow>, ImportErrors>, WorkbookError> {
    grid::read_rows(bytes, SHEET, &HEADERS, |row, c, fail| {
        let date = cells::date(&c[0])
            .map_err(|m| fail(0, format!("Datum {m}")))
            .ok();
        let category = cells::choice(&c[1], &CATEGORY_LABELS)
            .map_err(|m| fail(1, format!("Kostnadsslag {m}")))
            .ok();
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
        Some(OtherCostRow {
            row,
            date: date?,
            category: category?,
            amount: amount?,
            supplier,
            voucher_number,
            description,
        })
    })
}
