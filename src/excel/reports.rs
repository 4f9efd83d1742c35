//! The monthly report as a workbook: a summary sheet, one row per organisation, and a
//! sheet per cost category with every line behind the figures. SEK formats, frozen
//! headers, Swedish labels.

use crate::domain::money::Ore;
use crate::views::RenderError;
use std::collections::HashMap;

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use super::style::{Cell, Col, Kind, Table};

use crate::domain::entry::{Funding, OtherCategory, PremisesFinancing};
use crate::views::monthly_reports::{MonthlyReport, ReportFigures, ReportLines};

use super::style::Formats;

pub(crate) fn e(err: XlsxError) -> RenderError {
    RenderError::new("the report", err)
}

type SummaryRow = (&'static str, Ore, bool, Option<&'static str>);

fn figures_rows(f: &ReportFigures) -> Vec<SummaryRow> {
    vec![
        (
            "Lön personal",
            f.costs.staff,
            false,
            Some("Lön personal (projekt)"),
        ),
        (
            "Köp av tjänst",
            f.costs.services,
            false,
            Some("Köp av tjänst"),
        ),
        ("Lokal", f.costs.premises, false, Some("Lokal (kontant)")),
        ("Resa", f.costs.travel, false, Some("Resa")),
        ("Materiel", f.costs.materials, false, Some("Materiel")),
        ("Summa direkta kostnader", f.costs.total, true, None),
        (
            "Offentligt bidrag i annat än pengar",
            f.cofinancing.in_kind,
            false,
            Some("Lön personal och Lokal (medfinansiering)"),
        ),
        (
            "Offentligt finansierad ersättning till deltagare",
            f.cofinancing.participant_compensation,
            false,
            None,
        ),
        (
            "Kontanta medel tillförda projektet",
            f.cofinancing.public_cash,
            false,
            Some("Kontant medfinansiering"),
        ),
        (
            "Kontant betalt av projektägaren",
            f.cofinancing.owner_cash,
            false,
            Some("Kontant medfinansiering"),
        ),
        ("Summa medfinansiering", f.cofinancing.total, true, None),
        (
            "Stödberättigande kostnader (före indirekta utgifter)",
            f.eligible_before_indirect,
            true,
            None,
        ),
    ]
}

/// Which financing a staff line is, in the words of the sheet and the summary.
fn funding_words(f: Funding) -> &'static str {
    match f {
        Funding::InKind => "medfinansiering",
        Funding::Project => "projekt",
    }
}

fn correction_cells(c: &crate::views::monthly_reports::Correction) -> [Cell<'static>; 2] {
    match c.adjusts_id {
        Some(id) => [
            Cell::Count(id),
            Cell::text(c.reason.clone().unwrap_or_default()),
        ],
        None => [Cell::Empty, Cell::Empty],
    }
}

fn sum_ore(amounts: impl Iterator<Item = Ore>) -> Result<Ore, RenderError> {
    Ore::checked_sum(amounts).ok_or_else(|| RenderError::new("the report", "a sum is too large"))
}

/// A "därav" line under a table's Summa: a part of the total and where it goes.
fn part_line(
    ws: &mut Worksheet,
    f: &Formats,
    row: u32,
    label_col: u16,
    amount_col: u16,
    label: &str,
    amount: Ore,
) -> Result<u32, RenderError> {
    ws.write_string(row, label_col, label).map_err(e)?;
    ws.write_with_format(row, amount_col, amount, &f.sek)
        .map_err(e)?;
    Ok(row + 1)
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
    let kr = |o: Ore| crate::domain::swedish::kronor(o);

    // What moves between the detail sheets and the summary, for the notes.
    let staff_project = sum_ore(
        lines
            .timesheets
            .iter()
            .filter(|l| l.funding == Funding::Project)
            .map(|l| l.cost.unwrap_or_default()),
    )?;
    let staff_in_kind = sum_ore(
        lines
            .timesheets
            .iter()
            .filter(|l| l.funding == Funding::InKind)
            .map(|l| l.cost.unwrap_or_default()),
    )?;
    let premises_cash = sum_ore(
        lines
            .premises
            .iter()
            .filter(|l| l.financing == PremisesFinancing::Cash)
            .map(|l| l.amount),
    )?;
    let premises_in_kind = sum_ore(
        lines
            .premises
            .iter()
            .filter(|l| l.financing == PremisesFinancing::InKind)
            .map(|l| l.amount),
    )?;
    let cash = sum_ore(lines.cash.iter().map(|l| l.amount))?;

    // Summary: one page.
    let ws = wb.add_worksheet().set_name("Sammanställning").map_err(e)?;
    ws.set_column_width(0, 50).map_err(e)?;
    ws.set_column_width(1, 20).map_err(e)?;
    ws.set_column_width(2, 42).map_err(e)?;
    let view = match report.view {
        crate::views::monthly_reports::ReportView::Own => "organisationens egna kostnader",
        crate::views::monthly_reports::ReportView::Consolidated => {
            "sammanställd (godkända underliggande rapporter)"
        }
        crate::views::monthly_reports::ReportView::All => "allt under organisationen",
    };
    let mut row = super::style::title(
        ws,
        &f,
        &format!(
            "Månadsrapport {}, {}",
            report.organisation_name,
            report.month.in_words()
        ),
        &[
            format!(
                "Organisation: {} {}",
                report.organisation_code, report.organisation_name
            ),
            format!("Status: {} · Visar: {view}", report.state.label()),
        ],
    )?;
    for (c, (t, numeric)) in [
        ("Kostnadsslag / finansiering", false),
        ("Belopp", true),
        ("Specificeras på blad", false),
    ]
    .into_iter()
    .enumerate()
    {
        let format = if numeric { &f.header_number } else { &f.header };
        ws.write_string_with_format(row, c as u16, t, format)
            .map_err(e)?;
    }
    row += 1;
    let plain = Format::new();
    for (label, amount, total, sheet) in figures_rows(&report.totals) {
        let (text, sek) = if total {
            (&f.sum_label, &f.sek_bold)
        } else {
            (&plain, &f.sek)
        };
        ws.write_string_with_format(row, 0, label, text)
            .map_err(e)?;
        ws.write_with_format(row, 1, amount, sek).map_err(e)?;
        if total {
            ws.write_blank(row, 2, text).map_err(e)?;
        } else if let Some(sheet) = sheet {
            ws.write_string(row, 2, sheet).map_err(e)?;
        }
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
    row += 3;
    ws.write_string_with_format(row, 0, "Så hänger siffrorna ihop", &f.bold)
        .map_err(e)?;
    row += 1;
    let notes = [
        format!(
            "Lön personal är den projektfinansierade arbetstiden ({}). Arbetstid som kommunen bidrar med som medfinansiering ({}) redovisas som Offentligt bidrag i annat än pengar, inte som Lön personal. Bladet Lön personal listar båda.",
            kr(staff_project),
            kr(staff_in_kind)
        ),
        format!(
            "Lokal är lokalkostnader som betalas kontant ({}). Lokaler som ställs till förfogande utan kostnad ({}) är bidrag i annat än pengar och flyttas därför från Lokal till medfinansieringen. Bladet Lokal listar båda.",
            kr(premises_cash),
            kr(premises_in_kind)
        ),
        format!(
            "Kontant medfinansiering ({}) är pengar som finansierar projektet, inte en kostnad: den ingår i Summa medfinansiering men inte i de stödberättigande kostnaderna.",
            kr(cash)
        ),
        "Stödberättigande kostnader = direkta kostnader + offentligt bidrag i annat än pengar + offentligt finansierad ersättning till deltagare. Indirekta utgifter (schablon) beräknas i ansökan om utbetalning.".to_string(),
    ];
    for n in &notes {
        row = super::style::note(ws, &f, row, 2, 112, n)?;
    }

    // Per organisation.
    let ws = wb.add_worksheet().set_name("Per organisation").map_err(e)?;
    let mut t = Table::new(
        ws,
        &f,
        0,
        &[
            Col("Kod", Kind::Text, 8.0),
            Col("Organisation", Kind::Text, 30.0),
            Col("Status", Kind::Text, 13.0),
            Col("Ingår", Kind::Text, 7.0),
            Col("Direkta kostnader", Kind::Sek, 18.0),
            Col("Medfinansiering", Kind::Sek, 18.0),
            Col("Stödberättigande", Kind::Sek, 18.0),
            Col("Timmar projekt", Kind::Hours, 12.0),
            Col("Timmar medfinansiering", Kind::Hours, 14.0),
        ],
    )?
    .pin(ws)?;
    for o in &report.organisations {
        let cells = vec![
            Cell::text(o.code.as_str()),
            Cell::text(o.name.as_str()),
            Cell::text(o.state.label()),
            Cell::text(if o.included { "ja" } else { "nej" }),
            o.figures.costs.total.into(),
            o.figures.cofinancing.total.into(),
            o.figures.eligible_before_indirect.into(),
            Cell::hours(o.figures.hours.project),
            Cell::hours(o.figures.hours.in_kind),
        ];
        if o.included {
            t.push(ws, &f, cells)?;
        } else {
            t.push_uncounted(ws, &f, cells)?;
        }
    }
    t.total(ws, &f, 1)?;

    // Staff time (cash staff cost and in-kind working time), sorted as people read it.
    let ws = wb.add_worksheet().set_name("Lön personal").map_err(e)?;
    let mut staff: Vec<_> = lines.timesheets.iter().collect();
    staff.sort_by(|a, b| {
        org_name(a.organisation_id)
            .cmp(&org_name(b.organisation_id))
            .then(
                funding_words(a.funding)
                    .cmp(funding_words(b.funding))
                    .reverse(),
            )
            .then_with(|| natord::compare(&a.staff_name, &b.staff_name))
            .then_with(|| natord::compare(&a.employee_number, &b.employee_number))
    });
    let mut t = Table::new(
        ws,
        &f,
        0,
        &[
            Col("Organisation", Kind::Text, 30.0),
            Col("Anställd", Kind::Text, 24.0),
            Col("Nummer", Kind::Text, 9.0),
            Col("Finansiering", Kind::Text, 16.0),
            Col("Timmar", Kind::Hours, 10.0),
            Col("Timpris", Kind::SekEach, 12.0),
            Col("Kostnad", Kind::Sek, 16.0),
            Col("Rättelse av dag", Kind::Text, 36.0),
        ],
    )?
    .pin(ws)?;
    for l in staff {
        t.push(
            ws,
            &f,
            vec![
                Cell::text(org_name(l.organisation_id)),
                Cell::text(l.staff_name.as_str()),
                Cell::text(l.employee_number.as_str()),
                Cell::text(funding_words(l.funding)),
                Cell::hours(l.hours),
                l.hourly_rate.map_or(Cell::Empty, Cell::ore),
                l.cost.map_or(Cell::Empty, Cell::ore),
                l.adjustment.as_deref().map_or(Cell::Empty, Cell::text),
            ],
        )?;
    }
    let r = t.total(ws, &f, 1)?;
    let r = part_line(
        ws,
        &f,
        r - 1,
        1,
        6,
        "därav projekt: Lön personal i sammanställningen",
        staff_project,
    )?;
    part_line(
        ws,
        &f,
        r,
        1,
        6,
        "därav medfinansiering: i Offentligt bidrag i annat än pengar",
        staff_in_kind,
    )?;

    let ws = wb.add_worksheet().set_name("Lokal").map_err(e)?;
    let mut t = Table::new(
        ws,
        &f,
        0,
        &[
            Col("Organisation", Kind::Text, 30.0),
            Col("Beskrivning", Kind::Text, 30.0),
            Col("Finansiering", Kind::Text, 16.0),
            Col("Andel för projektet", Kind::Percent, 10.0),
            Col("Belopp", Kind::Sek, 16.0),
            Col("Rättelse av post", Kind::Number, 10.0),
            Col("Orsak", Kind::Text, 28.0),
        ],
    )?
    .pin(ws)?;
    for l in &lines.premises {
        let [adjusts, reason] = correction_cells(&l.correction);
        t.push(
            ws,
            &f,
            vec![
                Cell::text(org_name(l.organisation_id)),
                Cell::text(l.description.as_str()),
                Cell::text(match l.financing {
                    PremisesFinancing::InKind => "medfinansiering",
                    PremisesFinancing::Cash => "kontant",
                }),
                Cell::Percent(l.share.to_percent()),
                l.amount.into(),
                adjusts,
                reason,
            ],
        )?;
    }
    let r = t.total(ws, &f, 1)?;
    let r = part_line(
        ws,
        &f,
        r - 1,
        1,
        4,
        "därav kontant: Lokal i sammanställningen",
        premises_cash,
    )?;
    part_line(
        ws,
        &f,
        r,
        1,
        4,
        "därav utan kostnad: i Offentligt bidrag i annat än pengar",
        premises_in_kind,
    )?;

    for category in [
        OtherCategory::Services,
        OtherCategory::Travel,
        OtherCategory::Materials,
    ] {
        let ws = wb
            .add_worksheet()
            .set_name(category.category().label())
            .map_err(e)?;
        let mut t = Table::new(
            ws,
            &f,
            0,
            &[
                Col("Organisation", Kind::Text, 30.0),
                Col("Datum", Kind::Date, 11.0),
                Col("Leverantör", Kind::Text, 22.0),
                Col("Verifikation", Kind::Text, 12.0),
                Col("Beskrivning", Kind::Text, 30.0),
                Col("Belopp exkl. moms", Kind::Sek, 16.0),
                Col("Rättelse av post", Kind::Number, 10.0),
                Col("Orsak", Kind::Text, 26.0),
            ],
        )?
        .pin(ws)?;
        for l in lines.other_costs.iter().filter(|l| l.category == category) {
            let [adjusts, reason] = correction_cells(&l.correction);
            t.push(
                ws,
                &f,
                vec![
                    Cell::text(org_name(l.organisation_id)),
                    Cell::Date(l.cost_date),
                    Cell::text(l.supplier.as_str()),
                    Cell::text(l.voucher_number.as_str()),
                    Cell::text(l.description.as_str()),
                    l.amount.into(),
                    adjusts,
                    reason,
                ],
            )?;
        }
        t.total(ws, &f, 4)?;
    }

    let ws = wb
        .add_worksheet()
        .set_name("Kontant medfinansiering")
        .map_err(e)?;
    let mut t = Table::new(
        ws,
        &f,
        0,
        &[
            Col("Organisation", Kind::Text, 30.0),
            Col("Typ", Kind::Text, 30.0),
            Col("Betalt av", Kind::Text, 26.0),
            Col("Belopp", Kind::Sek, 16.0),
            Col("Rättelse av post", Kind::Number, 10.0),
            Col("Orsak", Kind::Text, 28.0),
        ],
    )?
    .pin(ws)?;
    for l in &lines.cash {
        let [adjusts, reason] = correction_cells(&l.correction);
        t.push(
            ws,
            &f,
            vec![
                Cell::text(org_name(l.organisation_id)),
                Cell::text(l.kind.category().label()),
                Cell::text(l.paid_by.as_str()),
                l.amount.into(),
                adjusts,
                reason,
            ],
        )?;
    }
    let r = t.total(ws, &f, 2)?;
    super::style::note(
        ws,
        &f,
        r,
        5,
        130,
        "Kontant medfinansiering är finansiering, inte kostnad: summan ingår i Summa medfinansiering men inte i stödberättigande kostnader.",
    )?;
    let caption = format!(
        "Månadsrapport {}, {}",
        report.organisation_name,
        report.month.in_words()
    );
    super::style::finish(&mut wb, &caption, &["Sammanställning"])
}
