//! The monthly report as a workbook: a summary sheet, one row per organisation, and a
//! sheet per cost category with every line behind the figures. SEK formats, frozen
//! headers, Swedish labels.

use crate::domain::money::Ore;
use crate::views::RenderError;
use std::collections::HashMap;

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use crate::domain::entry::{Funding, OtherCategory, PremisesFinancing};
use crate::views::monthly_reports::{MonthlyReport, ReportFigures, ReportLines};

pub(crate) use super::style::{header_row, Formats};

pub(crate) fn e(err: XlsxError) -> RenderError {
    RenderError::new("the report", err)
}

pub(crate) fn money_cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    ore: Ore,
    f: &Format,
) -> Result<(), RenderError> {
    ws.write_with_format(row, col, ore, f)
        .map_err(e)
        .map(|_| ())
}

fn figures_rows(f: &ReportFigures) -> Vec<(&'static str, Ore, bool)> {
    vec![
        ("Lön personal", f.costs.staff, false),
        ("Köp av tjänst", f.costs.services, false),
        ("Lokal", f.costs.premises, false),
        ("Resa", f.costs.travel, false),
        ("Materiel", f.costs.materials, false),
        ("Summa direkta kostnader", f.costs.total, true),
        (
            "Offentligt bidrag i annat än pengar",
            f.cofinancing.in_kind,
            false,
        ),
        (
            "Offentligt finansierad ersättning till deltagare",
            f.cofinancing.participant_compensation,
            false,
        ),
        (
            "Kontanta medel tillförda projektet",
            f.cofinancing.public_cash,
            false,
        ),
        (
            "Kontant betalt av projektägaren",
            f.cofinancing.owner_cash,
            false,
        ),
        ("Summa medfinansiering", f.cofinancing.total, true),
        (
            "Stödberättigande kostnader (före indirekta)",
            f.eligible_before_indirect,
            true,
        ),
    ]
}

pub fn monthly_report(report: &MonthlyReport, lines: &ReportLines) -> Result<Vec<u8>, RenderError> {
    let mut wb = Workbook::new();
    let f = Formats::new();
    let names: HashMap<i64, String> = report
        .organisations
        .iter()
        .map(|o| (o.organisation_id, format!("{} {}", o.code, o.name)))
        .collect();
    let org_name = |id: i64| names.get(&id).cloned().unwrap_or_else(|| id.to_string());

    // Summary.
    let ws = wb.add_worksheet().set_name("Sammanställning").map_err(e)?;
    ws.set_column_width(0, 48).map_err(e)?;
    ws.set_column_width(1, 20).map_err(e)?;
    let view = match report.view {
        crate::views::monthly_reports::ReportView::Own => "egen",
        crate::views::monthly_reports::ReportView::Consolidated => {
            "sammanställd (godkända underliggande rapporter)"
        }
        crate::views::monthly_reports::ReportView::All => "allt under organisationen",
    };
    ws.write_string_with_format(
        0,
        0,
        format!(
            "Månadsrapport {} {}",
            report.organisation_name, report.month
        ),
        &f.bold,
    )
    .map_err(e)?;
    ws.write_string(
        1,
        0,
        format!("Status: {} · Vy: {view}", report.state.label()),
    )
    .map_err(e)?;
    ws.write_string_with_format(3, 0, "Kostnadsslag / finansiering", &f.header)
        .map_err(e)?;
    ws.write_string_with_format(3, 1, "Belopp", &f.header)
        .map_err(e)?;
    let mut row = 4;
    let plain = Format::new();
    for (label, amount, total) in figures_rows(&report.totals) {
        ws.write_string_with_format(row, 0, label, if total { &f.bold } else { &plain })
            .map_err(e)?;
        ws.write_with_format(row, 1, amount, if total { &f.sek_bold } else { &f.sek })
            .map_err(e)?;
        row += 1;
    }
    row += 1;
    ws.write_string(row, 0, "Attesterade timmar, projekt")
        .map_err(e)?;
    ws.write_with_format(row, 1, report.totals.hours.project, &f.hours)
        .map_err(e)?;
    ws.write_string(row + 1, 0, "Attesterade timmar, medfinansiering")
        .map_err(e)?;
    ws.write_with_format(row + 1, 1, report.totals.hours.in_kind, &f.hours)
        .map_err(e)?;

    // Per organisation.
    let ws = wb.add_worksheet().set_name("Per organisation").map_err(e)?;
    let titles = [
        "Kod",
        "Organisation",
        "Status",
        "Ingår",
        "Direkta kostnader",
        "Medfinansiering",
        "Stödberättigande",
        "Timmar projekt",
        "Timmar medfin.",
    ];
    header_row(
        ws,
        &f,
        &titles,
        &[8.0, 34.0, 13.0, 7.0, 18.0, 18.0, 18.0, 14.0, 14.0],
    )?;
    for (i, o) in report.organisations.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, &o.code).map_err(e)?;
        ws.write_string(r, 1, &o.name).map_err(e)?;
        ws.write_string(r, 2, o.state.label()).map_err(e)?;
        ws.write_string(r, 3, if o.included { "ja" } else { "nej" })
            .map_err(e)?;
        ws.write_with_format(r, 4, o.figures.costs.total, &f.sek)
            .map_err(e)?;
        ws.write_with_format(r, 5, o.figures.cofinancing.total, &f.sek)
            .map_err(e)?;
        ws.write_with_format(r, 6, o.figures.eligible_before_indirect, &f.sek)
            .map_err(e)?;
        ws.write_with_format(r, 7, o.figures.hours.project, &f.hours)
            .map_err(e)?;
        ws.write_with_format(r, 8, o.figures.hours.in_kind, &f.hours)
            .map_err(e)?;
    }

    // Staff time (cash staff cost and in-kind working time).
    let ws = wb.add_worksheet().set_name("Lön personal").map_err(e)?;
    header_row(
        ws,
        &f,
        &[
            "Organisation",
            "Anställd",
            "Nummer",
            "Finansiering",
            "Timmar",
            "Timpris",
            "Kostnad",
            "Rättelse av dag",
        ],
        &[34.0, 26.0, 10.0, 16.0, 10.0, 12.0, 16.0, 40.0],
    )?;
    for (i, l) in lines.timesheets.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, org_name(l.organisation_id))
            .map_err(e)?;
        ws.write_string(r, 1, &l.staff_name).map_err(e)?;
        ws.write_string(r, 2, &l.employee_number).map_err(e)?;
        ws.write_string(
            r,
            3,
            match l.funding {
                Funding::InKind => "medfinansiering",
                Funding::Project => "projekt",
            },
        )
        .map_err(e)?;
        ws.write_with_format(r, 4, l.hours, &f.hours).map_err(e)?;
        money_cell(ws, r, 5, l.hourly_rate.unwrap_or_default(), &f.sek)?;
        money_cell(ws, r, 6, l.cost.unwrap_or_default(), &f.sek)?;
        if let Some(note) = &l.adjustment {
            ws.write_string(r, 7, note).map_err(e)?;
        }
    }

    let ws = wb.add_worksheet().set_name("Lokal").map_err(e)?;
    header_row(
        ws,
        &f,
        &[
            "Organisation",
            "Beskrivning",
            "Finansiering",
            "Andel %",
            "Belopp",
            "Rättelse av",
            "Orsak",
        ],
        &[34.0, 34.0, 16.0, 9.0, 16.0, 11.0, 30.0],
    )?;
    for (i, l) in lines.premises.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, org_name(l.organisation_id))
            .map_err(e)?;
        ws.write_string(r, 1, &l.description).map_err(e)?;
        ws.write_string(
            r,
            2,
            match l.financing {
                PremisesFinancing::InKind => "medfinansiering",
                PremisesFinancing::Cash => "kontant",
            },
        )
        .map_err(e)?;
        ws.write(r, 3, l.share).map_err(e)?;
        money_cell(ws, r, 4, l.amount, &f.sek)?;
        if let Some(id) = l.correction.adjusts_id {
            ws.write_string(r, 5, id.to_string()).map_err(e)?;
            ws.write_string(r, 6, l.correction.reason.clone().unwrap_or_default())
                .map_err(e)?;
        }
    }

    for category in [
        OtherCategory::Services,
        OtherCategory::Travel,
        OtherCategory::Materials,
    ] {
        let ws = wb
            .add_worksheet()
            .set_name(category.category().label())
            .map_err(e)?;
        header_row(
            ws,
            &f,
            &[
                "Organisation",
                "Datum",
                "Leverantör",
                "Verifikation",
                "Beskrivning",
                "Belopp exkl. moms",
                "Rättelse av",
                "Orsak",
            ],
            &[34.0, 11.0, 24.0, 13.0, 34.0, 18.0, 11.0, 30.0],
        )?;
        for (i, l) in lines
            .other_costs
            .iter()
            .filter(|l| l.category == category)
            .enumerate()
        {
            let r = i as u32 + 1;
            ws.write_string(r, 0, org_name(l.organisation_id))
                .map_err(e)?;
            ws.write_string(r, 1, l.cost_date.to_string()).map_err(e)?;
            ws.write_string(r, 2, &l.supplier).map_err(e)?;
            ws.write_string(r, 3, &l.voucher_number).map_err(e)?;
            ws.write_string(r, 4, &l.description).map_err(e)?;
            money_cell(ws, r, 5, l.amount, &f.sek)?;
            if let Some(id) = l.correction.adjusts_id {
                ws.write_string(r, 6, id.to_string()).map_err(e)?;
                ws.write_string(r, 7, l.correction.reason.clone().unwrap_or_default())
                    .map_err(e)?;
            }
        }
    }

    let ws = wb
        .add_worksheet()
        .set_name("Kontant medfinansiering")
        .map_err(e)?;
    header_row(
        ws,
        &f,
        &[
            "Organisation",
            "Typ",
            "Betalt av",
            "Belopp",
            "Rättelse av",
            "Orsak",
        ],
        &[34.0, 30.0, 28.0, 16.0, 11.0, 30.0],
    )?;
    for (i, l) in lines.cash.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, org_name(l.organisation_id))
            .map_err(e)?;
        ws.write_string(r, 1, l.kind.category().label())
            .map_err(e)?;
        ws.write_string(r, 2, &l.paid_by).map_err(e)?;
        money_cell(ws, r, 3, l.amount, &f.sek)?;
        if let Some(id) = l.correction.adjusts_id {
            ws.write_string(r, 4, id.to_string()).map_err(e)?;
            ws.write_string(r, 5, l.correction.reason.clone().unwrap_or_default())
                .map_err(e)?;
        }
    }
    let caption = format!(
        "Månadsrapport {}, {}",
        report.organisation_name,
        report.month.in_words()
    );
    super::style::finish(&mut wb, &caption)
}
