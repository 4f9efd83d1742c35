//! The cash co-financing workbook: template and reader. Sheet "Kontant medfinansiering",
//! one row per payment; month, type and payer identify a row, so the same file can be
//! imported again without duplicates.

use crate::views::RenderError;
use rust_decimal::Decimal;

use super::grid::{self, WorkbookError};
use super::template::{self, Column, Rule};
use super::{cells, ImportErrors};
use crate::domain::entry::CashKind;
use crate::domain::period::Month;

pub const SHEET: &str = "Kontant medfinansiering";
pub const HEADERS: [&str; 4] = ["Månad", "Typ", "Belopp", "Betalare"];
const LABELS: [&str; 2] = [
    "kontanta medel tillförda projektet",
    "kontant betalt av projektägaren",
];
const KIND_LABELS: [(&str, CashKind); 2] = [
    (LABELS[0], CashKind::PublicCash),
    (LABELS[1], CashKind::OwnerCash),
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CashRow {
    pub row: u32,
    pub month: Month,
    pub kind: CashKind,
    pub amount: Decimal,
    pub paid_by: String,
}

pub fn template() -> Result<Vec<u8>, RenderError> {
    let col = Column::new;
    template::build(&template::Template {
        sheet: SHEET,
        columns: &[
            col(HEADERS[0], 10.0, Some("@"), Rule::MaxLength(7)),
            col(HEADERS[1], 34.0, None, Rule::OneOf(&LABELS)),
            col(HEADERS[2], 16.0, Some("#,##0.00"), Rule::AtLeast("0.01")),
            col(HEADERS[3], 30.0, None, Rule::MaxLength(200)),
        ],
        instructions: &[
            "Fyll i fliken Kontant medfinansiering: en rad per månad, typ och betalare (månad som ÅÅÅÅ-MM).",
            "Typ: kontanta medel tillförda projektet (från en annan offentlig aktör) eller kontant betalt av projektägaren.",
            "Belopp i kronor med högst två decimaler.",
            "Månad, typ och betalare identifierar raden: samma fil kan läsas in igen utan dubbletter.",
            "Inga formler och inga tomma rader mellan raderna.",
        ],
        example: &["2013-03", LABELS[0], "5000", "Arbetsförmedlingen"],
    })
}

pub fn read(bytes: &[u8]) -> Result<Result<Vec<CashRow>, ImportErrors>, WorkbookError> {
    grid::read_rows(bytes, SHEET, &HEADERS, |row, c, fail| {
        let month = cells::month(&c[0])
            .map_err(|m| fail(0, format!("Månad {m}")))
            .ok();
        let kind = cells::choice(&c[1], &KIND_LABELS)
            .map_err(|m| fail(1, format!("Typ {m}")))
            .ok();
        let amount = cells::decimal(&c[2])
            .map_err(|m| fail(2, format!("Belopp {m}")))
            .ok();
        Some(CashRow {
            row,
            month: month?,
            kind: kind?,
            amount: amount?,
            paid_by: cells::text(&c[3]),
        })
    })
}
