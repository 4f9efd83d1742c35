//! The SCB participant file: sheet "Deltagare" with one row per participant active in
//! the month, as SCB's instructions list the columns, and a summary sheet with the
//! totals and ESF indicators by sex.

use crate::views::RenderError;
use rust_xlsxwriter::{Format, Workbook, XlsxError};

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
    let bold = Format::new().set_bold().set_background_color("#DDEBF7");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let hours = Format::new().set_num_format(super::style::HOURS);
    let ws = wb.add_worksheet().set_name(SHEET).map_err(e)?;
    for (c, (h, w)) in HEADERS
        .iter()
        .zip([16.0, 12.0, 12.0, 6.0, 10.0, 28.0, 13.0, 24.0, 24.0])
        .enumerate()
    {
        ws.write_string_with_format(0, c as u16, *h, &bold)
            .map_err(e)?;
        ws.set_column_width(c as u16, w).map_err(e)?;
    }
    ws.set_freeze_panes(1, 0).map_err(e)?;
    for (i, r) in report.rows.iter().enumerate() {
        let row = i as u32 + 1;
        // Text, so that no spreadsheet turns the number into a float.
        ws.write_string(row, 0, &r.identity).map_err(e)?;
        ws.write_with_format(row, 1, &r.start_date, &date)
            .map_err(e)?;
        if let Some(end) = r.end_date {
            ws.write_with_format(row, 2, &end, &date).map_err(e)?;
        }
        ws.write_string(row, 3, sex_label(r.sex)).map_err(e)?;
        ws.write_string(row, 4, &r.municipality_code).map_err(e)?;
        if let Some(w) = &r.workshop {
            ws.write_string(row, 5, w).map_err(e)?;
        }
        ws.write_with_format(row, 6, r.attended_hours, &hours)
            .map_err(e)?;
        ws.write_string(row, 7, status_label(r.status_at_start))
            .map_err(e)?;
        if let Some(o) = r.outcome {
            ws.write_string(row, 8, outcome_label(o)).map_err(e)?;
        }
    }

    let ws = wb.add_worksheet().set_name("Summering").map_err(e)?;
    ws.set_column_width(0, 52).map_err(e)?;
    let mut r = 0u32;
    let mut line =
        |ws: &mut rust_xlsxwriter::Worksheet, label: &str, v: Option<BySex>, head: bool| {
            let res = if head {
                ws.write_string_with_format(r, 0, label, &bold).map(|_| ())
            } else {
                ws.write_string(r, 0, label).map(|_| ())
            };
            res.map_err(e)?;
            if let Some(v) = v {
                for (c, n) in [v.female, v.male, v.total].into_iter().enumerate() {
                    ws.write(r, c as u16 + 1, n).map_err(e)?;
                }
            }
            r += 1;
            Ok::<(), RenderError>(())
        };
    line(ws, &format!("Deltagare {}", report.month), None, true)?;
    ws.write_string_with_format(0, 1, "Kvinnor", &bold)
        .map_err(e)?;
    ws.write_string_with_format(0, 2, "Män", &bold).map_err(e)?;
    ws.write_string_with_format(0, 3, "Totalt", &bold)
        .map_err(e)?;
    let t = &report.totals;
    line(
        ws,
        "Aktiva deltagare under månaden",
        Some(t.participants),
        false,
    )?;
    line(ws, "Nya deltagare", Some(t.new_starts), false)?;
    line(ws, "Avslutade deltagare", Some(t.exits), false)?;
    for region in &t.by_region {
        line(
            ws,
            &format!("Aktiva i {}", region.name),
            Some(region.participants),
            false,
        )?;
    }
    line(ws, "ESF:s gemensamma indikatorer", None, true)?;
    let i = &report.indicators;
    for (label, v) in [
        ("Under 25 år vid start", i.below_25),
        ("Över 54 år vid start", i.above_54),
        ("Inaktiva vid start", i.inactive),
        (
            "Inaktiva, ej i utbildning, vid start",
            i.inactive_not_in_education,
        ),
        ("I utbildning efter avslut", i.left_into_education),
        (
            "Har fått en kvalifikation vid avslut",
            i.left_with_qualification,
        ),
        ("I arbete efter avslut", i.left_into_employment),
    ] {
        line(ws, label, Some(v), false)?;
    }
    let caption = format!("Deltagarrapport till SCB, {}", report.month.in_words());
    super::style::finish(&mut wb, &caption)
}
