//! The participant statistics workbook, in Swedish, with native Excel charts: active
//! participants per month by sex, new and leaving participants, participants per
//! organisation, and exits by outcome.

use crate::views::RenderError;
use rust_xlsxwriter::{
    Chart, ChartDataLabel, ChartLegendPosition, ChartType, Workbook, Worksheet, XlsxError,
};

use super::style::{Cell, Col, Formats, Kind, Table};
use crate::domain::organisation::OrgKind;
use crate::views::statistics::{OrganisationCount, ParticipantStatistics};

fn e(err: XlsxError) -> RenderError {
    RenderError::new("the statistics workbook", err)
}

fn by_sex_cols<'a>(first: Col<'a>) -> [Col<'a>; 5] {
    [
        first,
        Col("Kod", Kind::Text, 8.0),
        Col("Kvinnor", Kind::Count, 10.0),
        Col("Män", Kind::Count, 10.0),
        Col("Totalt", Kind::Count, 10.0),
    ]
}

/// A table of organisations' participants by sex with its Summa, and a bar chart of
/// the largest (the rest put together), so that a national view stays readable.
/// How many rows of the default height a chart of the default size covers (288 px).
const CHART_ROWS: u32 = 15;

fn organisations_sheet(
    ws: &mut Worksheet,
    f: &Formats,
    sheet: &str,
    title: &str,
    first: &str,
    rows: &[&OrganisationCount],
) -> Result<(), RenderError> {
    let row = super::style::title(ws, f, title, &[])?;
    let mut t = Table::new(ws, f, row, &by_sex_cols(Col(first, Kind::Text, 36.0)))?.pin(ws)?;
    for o in rows {
        t.push(
            ws,
            f,
            vec![
                Cell::text(o.name.as_str()),
                Cell::text(o.code.as_str()),
                Cell::Count(o.participants.female),
                Cell::Count(o.participants.male),
                Cell::Count(o.participants.total),
            ],
        )?;
    }
    let mut r = t.total(ws, f, 0)?;
    let parts = super::style::top_n(
        rows.iter()
            .filter(|o| o.participants.total > 0)
            .map(|o| (o.name.clone(), o.participants.total))
            .collect(),
        12,
        "Övriga",
        i64::checked_add,
    )?;
    if parts.is_empty() {
        return Ok(());
    }
    // The chart sits beside the table from its heading down, 15 rows high; its data go
    // under it, never under the chart itself when the table is short.
    r = r.max(row + CHART_ROWS + 1);
    ws.write_string_with_format(r, 7, "Diagrammets staplar", &f.header)
        .map_err(e)?;
    ws.write_string_with_format(r, 8, "Deltagare", &f.header_number)
        .map_err(e)?;
    ws.set_column_width(7, 30).map_err(e)?;
    r += 1;
    let first_row = r;
    for (name, n) in &parts {
        ws.write_string(r, 7, name).map_err(e)?;
        ws.write_with_format(r, 8, *n as f64, &f.count).map_err(e)?;
        r += 1;
    }
    let mut chart = Chart::new(ChartType::Bar);
    chart.title().set_name(title);
    chart
        .add_series()
        .set_name("Deltagare")
        .set_categories((sheet, first_row, 7, r - 1, 7))
        .set_values((sheet, first_row, 8, r - 1, 8));
    chart.y_axis().set_reverse();
    chart.legend().set_hidden();
    ws.insert_chart(row, 7, &chart).map_err(e)?;
    Ok(())
}

pub fn workbook(s: &ParticipantStatistics) -> Result<Vec<u8>, RenderError> {
    let mut wb = Workbook::new();
    let f = Formats::new();
    let caption = format!("Deltagarstatistik, {}", s.from.run_in_words(s.to));

    const MONTHS: &str = "Per månad";
    let ws = wb.add_worksheet().set_name(MONTHS).map_err(e)?;
    let row = super::style::title(
        ws,
        &f,
        &caption,
        &["Aktiva: deltagare inskrivna någon dag i månaden. Åldersgrupperna delar de aktiva efter ålder vid start. Summa räknar nya och avslutade; aktiva i olika månader är till stor del samma personer och summeras inte.".to_string()],
    )?;
    let mut t = Table::new(
        ws,
        &f,
        row,
        &[
            Col("Månad", Kind::Month, 9.0),
            Col("Aktiva kvinnor", Kind::CountEach, 9.0),
            Col("Aktiva män", Kind::CountEach, 9.0),
            Col("Aktiva totalt", Kind::CountEach, 9.0),
            Col("Nya", Kind::Count, 8.0),
            Col("Avslutade", Kind::Count, 10.0),
            Col("Aktiva 16–19 år vid start", Kind::CountEach, 11.0),
            Col("Aktiva 20–24 år vid start", Kind::CountEach, 11.0),
            Col("Aktiva 25 år och äldre vid start", Kind::CountEach, 12.0),
        ],
    )?
    .pin(ws)?;
    for m in &s.months {
        t.push(
            ws,
            &f,
            vec![
                Cell::Month(m.month),
                Cell::Count(m.active.female),
                Cell::Count(m.active.male),
                Cell::Count(m.active.total),
                Cell::Count(m.new_starts.total),
                Cell::Count(m.exits.total),
                Cell::Count(m.age_at_start.from_16_to_19),
                Cell::Count(m.age_at_start.from_20_to_24),
                Cell::Count(m.age_at_start.from_25),
            ],
        )?;
    }
    let (first, last) = (row + 1, row + t.rows());
    t.total(ws, &f, 0)?;
    if last >= first {
        let mut chart = Chart::new(ChartType::Line);
        chart.title().set_name("Aktiva deltagare per månad");
        for (col, name) in [(1u16, "Kvinnor"), (2, "Män"), (3, "Totalt")] {
            chart
                .add_series()
                .set_name(name)
                .set_categories((MONTHS, first, 0, last, 0))
                .set_values((MONTHS, first, col, last, col));
        }
        chart.x_axis().set_num_format("yyyy-mm");
        chart.legend().set_position(ChartLegendPosition::Bottom);
        ws.insert_chart(row, 10, &chart).map_err(e)?;
        let mut chart = Chart::new(ChartType::Column);
        chart.title().set_name("Nya och avslutade deltagare");
        for (col, name) in [(4u16, "Nya"), (5, "Avslutade")] {
            chart
                .add_series()
                .set_name(name)
                .set_categories((MONTHS, first, 0, last, 0))
                .set_values((MONTHS, first, col, last, col));
        }
        chart.x_axis().set_num_format("yyyy-mm");
        chart.legend().set_position(ChartLegendPosition::Bottom);
        ws.insert_chart(row + 16, 10, &chart).map_err(e)?;
    }

    // Municipalities and regions apart: a region's count is its municipalities' sum, so
    // one table of both would count every participant twice.
    let municipalities: Vec<&OrganisationCount> = s
        .by_organisation
        .iter()
        .filter(|o| o.kind == OrgKind::Municipality)
        .collect();
    let regions: Vec<&OrganisationCount> = s
        .by_organisation
        .iter()
        .filter(|o| o.kind == OrgKind::Region)
        .collect();
    const MUNICIPALITIES: &str = "Per kommun";
    let ws = wb.add_worksheet().set_name(MUNICIPALITIES).map_err(e)?;
    organisations_sheet(
        ws,
        &f,
        MUNICIPALITIES,
        "Deltagare per kommun",
        "Kommun",
        &municipalities,
    )?;
    if !regions.is_empty() {
        const REGIONS: &str = "Per region";
        let ws = wb.add_worksheet().set_name(REGIONS).map_err(e)?;
        organisations_sheet(
            ws,
            &f,
            REGIONS,
            "Deltagare per region (regionens kommuner)",
            "Region",
            &regions,
        )?;
    }

    const EXITS: &str = "Avslut";
    let ws = wb.add_worksheet().set_name(EXITS).map_err(e)?;
    let row = super::style::title(ws, &f, "Avslutade deltagare efter utfall", &[])?;
    let mut t = Table::new(
        ws,
        &f,
        row,
        &[
            Col("Utfall vid avslut", Kind::Text, 36.0),
            Col("Antal", Kind::Count, 10.0),
        ],
    )?;
    let x = &s.exits_by_outcome;
    for (label, v) in [
        ("Återgång till studier", x.back_in_studies),
        ("Arbete", x.in_work),
        ("Annan aktivitet", x.other_activity),
        ("Okänt", x.unknown),
    ] {
        t.push(ws, &f, vec![Cell::text(label), Cell::Count(v)])?;
    }
    let r = t.total(ws, &f, 0)?;
    ws.write_string(r, 0, "Andel som återgått till studier")
        .map_err(e)?;
    if let Some(p) = s.returned_to_studies_percent {
        ws.write_with_format(
            r,
            1,
            p.get() / rust_decimal::Decimal::ONE_HUNDRED,
            &f.percent,
        )
        .map_err(e)?;
    }
    let mut chart = Chart::new(ChartType::Pie);
    chart.title().set_name("Avslut efter utfall");
    chart
        .add_series()
        .set_categories((EXITS, row + 1, 0, row + 4, 0))
        .set_values((EXITS, row + 1, 1, row + 4, 1))
        .set_data_label(
            ChartDataLabel::new()
                .show_percentage()
                .set_num_format(super::style::PERCENT),
        );
    ws.insert_chart(row, 3, &chart).map_err(e)?;
    super::style::finish(&mut wb, &caption, &[])
}
