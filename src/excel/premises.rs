//! The premises workbook: template and reader. Sheet "Lokaler", one row per premises and
//! month; the month, description and financing identify a row, so the same file can be
//! imported again without duplicates.

use crate::views::RenderError;
use rust_decimal::Decimal;

use super::grid::{self, WorkbookError};
use super::template::{self, Column, Rule};
use super::{cells, ImportErrors};
use crate::domain::entry::PremisesFinancing;
use crate::domain::period::Month;

pub const SHEET: &str = "Lokaler";
pub const HEADERS: [&str; 7] = [
    "Månad",
    "Beskrivning",
    "Finansiering",
    "Månadskostnad",
    "Yta (m²)",
    "Årshyra per m²",
    "Projektandel (%)",
];
const LABELS: [&str; 2] = ["kontant kostnad", "bidrag i annat än pengar"];
const FINANCING_LABELS: [(&str, PremisesFinancing); 2] = [
    (LABELS[0], PremisesFinancing::Cash),
    (LABELS[1], PremisesFinancing::InKind),
];

/// One row of a filled workbook whose cells hold values of the right types; the
/// premises rules (cost or area with rent, share) are the service's, as for JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PremisesRow {
    pub row: u32,
    pub month: Month,
    pub description: String,
    pub financing: PremisesFinancing,
    pub monthly_cost: Option<Decimal>,
    pub area_m2: Option<Decimal>,
    pub annual_rent_per_m2: Option<Decimal>,
    pub share_percent: Decimal,
}

/// The Swedish label of a financing, as the template writes it.
pub fn financing_label(f: PremisesFinancing) -> &'static str {
    match f {
        PremisesFinancing::Cash => LABELS[0],
        PremisesFinancing::InKind => LABELS[1],
    }
}

pub fn template() -> Result<Vec<u8>, RenderError> {
    let col = Column::new;
    template::build(&template::Template {
        sheet: SHEET,
        columns: &[
            col(HEADERS[0], 10.0, Some("@"), Rule::MaxLength(7)),
            col(HEADERS[1], 36.0, None, Rule::MaxLength(500)),
            col(HEADERS[2], 24.0, None, Rule::OneOf(&LABELS)),
            col(HEADERS[3], 16.0, Some("#,##0.00"), Rule::AtLeast("0.01")),
            col(HEADERS[4], 10.0, Some("0.00"), Rule::AtLeast("0.01")),
            col(HEADERS[5], 16.0, Some("#,##0.00"), Rule::AtLeast("0.01")),
            col(HEADERS[6], 16.0, Some("0.00"), Rule::Between("0.01", "100")),
        ],
        instructions: &[
            "Fyll i fliken Lokaler: en rad per lokal och månad (ÅÅÅÅ-MM).",
            "Ange antingen månadskostnaden, eller ytan i m² med årshyran per m² (kostnaden blir yta × hyra / 12).",
            "Projektandel i procent, t.ex. 40 för 40 %. Belopp i kronor med högst två decimaler.",
            "Finansiering: kontant kostnad (lokal som hyrs för projektet) eller bidrag i annat än pengar (lokal som ställs till förfogande).",
            "Månad, beskrivning och finansiering identifierar raden: samma fil kan läsas in igen utan dubbletter.",
            "Inga formler och inga tomma rader mellan raderna.",
        ],
        example: &[
            "2013-03",
            "Metodverkstan, Kvarnbygatan",
            LABELS[0],
            "12000",
            "",
            "",
            "40",
        ],
    })
}

pub fn read(bytes: &[u8]) -> Result<Result<Vec<PremisesRow>, ImportErrors>, WorkbookError> {
    grid::read_rows(bytes, SHEET, &HEADERS, |row, c, fail| {
        let month = cells::month(&c[0])
            .map_err(|m| fail(0, format!("Månad {m}")))
            .ok();
        let description = cells::text(&c[1]);
        let financing = cells::choice(&c[2], &FINANCING_LABELS)
            .map_err(|m| fail(2, format!("Finansiering {m}")))
            .ok();
        let mut optional = |col: usize| {
            if cells::is_blank(&c[col]) {
                return None;
            }
            cells::decimal(&c[col])
                .map_err(|m| fail(col, format!("{} {m}", HEADERS[col])))
                .ok()
        };
        let monthly_cost = optional(3);
        let area_m2 = optional(4);
        let annual_rent_per_m2 = optional(5);
        let share_percent = cells::decimal(&c[6])
            .map_err(|m| fail(6, format!("Projektandel {m}")))
            .ok();
        Some(PremisesRow {
            row,
            month: month?,
            description,
            financing: financing?,
            monthly_cost,
            area_m2,
            annual_rent_per_m2,
            share_percent: share_percent?,
        })
    })
}
