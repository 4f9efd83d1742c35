//! The participant statistics workbook, in Swedish, with native Excel charts: active
//! participants per month by sex, new and leaving participants, participants per
//! organisation, and exits by outcome.

use crate::views::RenderError;
use rust_xlsxwriter::{Chart, ChartType, Format, Workbook, Worksheet, XlsxError};

use crate::views::statistics::ParticipantStatistics;

fn e(err: XlsxError) -> RenderError {
    RenderError::new("the statistics workbook", err)
}

fn header(ws: &mut Worksheet, titles: &[&str], bold: &Format) -> Result<(), RenderError> {
    for (c, t) in titles.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *t, bold)
            .map_err(e)?;
        ws.set_column_width(c as u16, if c == 0 { 30.0 } else { 12.0 })
            .map_err(e)?;
    }
    Ok(())
}

pub fn workbook(s: &ParticipantStatistics) -> Result<Vec<u8>, RenderError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold().set_background_color("#DDEBF7");

    const MONTHS: &str = "Per månad";
    let ws = wb.add_worksheet().set_name(MONTHS).map_err(e)?;
    header(
        ws,
        &[
            "Månad",
            "Kvinnor",
            "Män",
            "Aktiva",
            "Nya",
            "Avslutade",
            "16-19 år",
            "20-24 år",
            "25 år-",
        ],
        &bold,
    )?;
    for (i, m) in s.months.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, m.month.to_string()).map_err(e)?;
        for (c, v) in [
            m.active.female,
            m.active.male,
            m.active.total,
            m.new_starts.total,
            m.exits.total,
            m.age_at_start.from_16_to_19,
            m.age_at_start.from_20_to_24,
            m.age_at_start.from_25,
        ]
        .into_iter()
        .enumerate()
        {
            ws.write(r, c as u16 + 1, v).map_err(e)?;
        }
    }
    let last = s.months.len() as u32;
    let mut chart = Chart::new(ChartType::Line);
    chart.title().set_name("Aktiva deltagare per månad");
    for (col, name) in [(1u16, "Kvinnor"), (2, "Män"), (3, "Totalt")] {
        chart
            .add_series()
            .set_name(name)
            .set_categories((MONTHS, 1, 0, last, 0))
            .set_values((MONTHS, 1, col, last, col));
    }
    ws.insert_chart(1, 10, &chart).map_err(e)?;
    let mut chart = Chart::new(ChartType::Column);
    chart.title().set_name("Nya och avslutade deltagare");
    for (col, name) in [(4u16, "Nya"), (5, "Avslutade")] {
        chart
            .add_series()
            .set_name(name)
            .set_categories((MONTHS, 1, 0, last, 0))
            .set_values((MONTHS, 1, col, last, col));
    }
    ws.insert_chart(17, 10, &chart).map_err(e)?;

    const ORGS: &str = "Per organisation";
    let ws = wb.add_worksheet().set_name(ORGS).map_err(e)?;
    header(
        ws,
        &["Organisation", "Kod", "Kvinnor", "Män", "Totalt"],
        &bold,
    )?;
    ws.set_column_width(0, 44.0).map_err(e)?;
    for (i, o) in s.by_organisation.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, &o.name).map_err(e)?;
        ws.write_string(r, 1, &o.code).map_err(e)?;
        for (c, v) in [
            o.participants.female,
            o.participants.male,
            o.participants.total,
        ]
        .into_iter()
        .enumerate()
        {
            ws.write(r, c as u16 + 2, v).map_err(e)?;
        }
    }
    let rows = s.by_organisation.len() as u32;
    let mut chart = Chart::new(ChartType::Bar);
    chart.title().set_name("Deltagare per organisation");
    chart
        .add_series()
        .set_name("Totalt")
        .set_categories((ORGS, 1, 0, rows, 0))
        .set_values((ORGS, 1, 4, rows, 4));
    ws.insert_chart(1, 6, &chart).map_err(e)?;

    const EXITS: &str = "Avslut";
    let ws = wb.add_worksheet().set_name(EXITS).map_err(e)?;
    header(ws, &["Utfall vid avslut", "Antal"], &bold)?;
    let x = &s.exits_by_outcome;
    for (i, (label, v)) in [
        ("Återgång till studier", x.back_in_studies),
        ("Arbete", x.in_work),
        ("Annan aktivitet", x.other_activity),
        ("Okänt", x.unknown),
    ]
    .into_iter()
    .enumerate()
    {
        ws.write_string(i as u32 + 1, 0, label).map_err(e)?;
        ws.write(i as u32 + 1, 1, v).map_err(e)?;
    }
    ws.write_string(6, 0, "Andel som återgått till studier (%)")
        .map_err(e)?;
    if let Some(p) = s.returned_to_studies_percent {
        ws.write(6, 1, p).map_err(e)?;
    }
    let mut chart = Chart::new(ChartType::Pie);
    chart.title().set_name("Avslut efter utfall");
    chart
        .add_series()
        .set_categories((EXITS, 1, 0, 4, 0))
        .set_values((EXITS, 1, 1, 4, 1));
    ws.insert_chart(1, 3, &chart).map_err(e)?;
    let caption = format!("Deltagarstatistik, {}", s.from.run_in_words(s.to));
    super::style::finish(&mut wb, &caption)
}
