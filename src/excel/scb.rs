//! The SCB participant file: sheet "Deltagare" with one row per participant active in
//! the month, as SCB's instructions list the columns, and a summary sheet with the
//! totals and ESF indicators by sex.

use crate::views::RenderError;
use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

use super::style::{Cell, Col, Formats, Kind, Table};

use crate::domain::hours::CentiHours;
use crate::domain::identity::Sex;
use crate::domain::participant::{Outcome, StatusAtStart};
use crate::domain::scb::BySex;
use crate::views::scb::ScbReport;

pub const SHEET: &str = "Deltagare";
pub const HEADERS: [&str; 9] = [
    "Personnummer",
    "Startdatum",
    "Slutdatum",
    "Kön",
    "Kommunkod",
    "Metodverkstad",
    "Närvarotimmar",
    "Status vid start",
    "Utfall vid avslut",
];

fn e(err: XlsxError) -> RenderError {
    RenderError::new("the SCB file", err)
}

fn sex_label(s: Sex) -> &'static str {
    match s {
        Sex::Female => "K",
        Sex::Male => "M",
    }
}

fn status_label(s: StatusAtStart) -> &'static str {
    match s {
        StatusAtStart::AtRisk => "Riskerar studieavbrott",
        StatusAtStart::DroppedOut => "Har avbrutit studier",
    }
}

fn outcome_label(o: Outcome) -> &'static str {
    match o {
        Outcome::BackInStudies => "Återgång till studier",
        Outcome::InWork => "Arbete",
        Outcome::OtherActivity => "Annan aktivitet",
        Outcome::Unknown => "Okänt",
    }
}

pub fn workbook(report: &ScbReport) -> Result<Vec<u8>, RenderError> {
    let mut wb = Workbook::new();
    let f = Formats::new();
    let ws = wb.add_worksheet().set_name(SHEET).map_err(e)?;
    // The data sheet is what SCB reads: its heading is the first row and no Summa row
    // follows the participants (the totals are on Summering).
    let kinds = [
        Kind::Text,
        Kind::Date,
        Kind::Date,
        Kind::Text,
        Kind::Text,
        Kind::Text,
        Kind::Hours,
        Kind::Text,
        Kind::Text,
    ];
    let widths = [15.0, 11.0, 11.0, 5.0, 10.0, 26.0, 12.0, 22.0, 22.0];
    let cols: Vec<Col> = HEADERS
        .iter()
        .zip(kinds)
        .zip(widths)
        .map(|((h, k), w)| Col(h, k, w))
        .collect();
    let mut t = Table::new(ws, &f, 0, &cols)?.pin(ws)?;
    for r in &report.rows {
        t.push(
            ws,
            &f,
            vec![
                // Text, so that no spreadsheet turns the number into a float.
                Cell::text(r.identity.as_str()),
                Cell::Date(r.start_date),
                r.end_date.map_or(Cell::Empty, Cell::Date),
                Cell::text(sex_label(r.sex)),
                Cell::text(r.municipality_code.as_str()),
                r.workshop.as_deref().map_or(Cell::Empty, Cell::text),
                Cell::hours(r.attended_hours),
                Cell::text(status_label(r.status_at_start)),
                r.outcome
                    .map_or(Cell::Empty, |o| Cell::text(outcome_label(o))),
            ],
        )?;
    }
    t.end(ws)?;

    let ws = wb.add_worksheet().set_name("Summering").map_err(e)?;
    let title = format!("Deltagarrapport till SCB, {}", report.month.in_words());
    let row = super::style::title(
        ws,
        &f,
        &title,
        &[format!(
            "{} deltagare på bladet Deltagare. Närvarotimmar sammanlagt: {}.",
            report.rows.len(),
            crate::domain::swedish::hours(
                report
                    .rows
                    .iter()
                    .try_fold(CentiHours::ZERO, |a, r| a.checked_add(r.attended_hours))
                    .ok_or_else(|| RenderError::new(
                        "the SCB file",
                        "the hours are too many to add up"
                    ))?
            )
        )],
    )?;
    let by_sex = |t: &mut Table, ws: &mut Worksheet, label: &str, v: BySex| {
        t.push(
            ws,
            &f,
            vec![
                Cell::text(label.to_string()),
                Cell::Count(v.female),
                Cell::Count(v.male),
                Cell::Count(v.total),
            ],
        )
    };
    let cols = |first| {
        [
            Col(first, Kind::Text, 70.0),
            Col("Kvinnor", Kind::CountEach, 10.0),
            Col("Män", Kind::CountEach, 10.0),
            Col("Totalt", Kind::CountEach, 10.0),
        ]
    };
    let mut t = Table::new(ws, &f, row, &cols("Deltagare under månaden"))?;
    let totals = &report.totals;
    by_sex(
        &mut t,
        ws,
        "Aktiva deltagare någon dag under månaden",
        totals.participants,
    )?;
    by_sex(
        &mut t,
        ws,
        "Nya deltagare (startdatum i månaden)",
        totals.new_starts,
    )?;
    by_sex(
        &mut t,
        ws,
        "Avslutade deltagare (slutdatum i månaden)",
        totals.exits,
    )?;
    let row = t.end(ws)?;
    let mut row = row;
    if !totals.by_region.is_empty() {
        let mut t = Table::new(
            ws,
            &f,
            row,
            &[
                Col("Aktiva deltagare per region", Kind::Text, 70.0),
                Col("Kvinnor", Kind::Count, 10.0),
                Col("Män", Kind::Count, 10.0),
                Col("Totalt", Kind::Count, 10.0),
            ],
        )?;
        for region in &totals.by_region {
            by_sex(&mut t, ws, &region.name, region.participants)?;
        }
        row = t.total(ws, &f, 0)?;
    }
    let mut t = Table::new(
        ws,
        &f,
        row,
        &cols("ESF:s gemensamma indikatorer (antal deltagare)"),
    )?;
    let i = &report.indicators;
    for (label, v) in [
        ("Nya deltagare under 25 år vid start", i.below_25),
        ("Nya deltagare över 54 år vid start", i.above_54),
        (
            "Nya deltagare som vid start var inaktiva (varken arbetade eller sökte arbete)",
            i.inactive,
        ),
        (
            "Nya deltagare som vid start var inaktiva och inte i utbildning",
            i.inactive_not_in_education,
        ),
        (
            "Avslutade deltagare som gick till utbildning",
            i.left_into_education,
        ),
        (
            "Avslutade deltagare som fått en kvalifikation",
            i.left_with_qualification,
        ),
        (
            "Avslutade deltagare som gick till arbete",
            i.left_into_employment,
        ),
    ] {
        by_sex(&mut t, ws, label, v)?;
    }
    let row = t.end(ws)?;
    super::style::note(
        ws,
        &f,
        row,
        3,
        100,
        "Indikatorerna vid start räknar månadens nya deltagare; indikatorerna vid avslut räknar månadens avslutade. En deltagare kan räknas i flera indikatorer, så de summeras inte.",
    )?;
    super::style::finish(&mut wb, &title, &["Summering"])
}
