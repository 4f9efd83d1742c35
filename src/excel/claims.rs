//! Claim workbooks, in Swedish: the claim laid out like the ESF's "ansökan om
//! utbetalning" with a sheet per category holding every line and a sheet per region;
//! the distribution of a payment with a chart of the shares; one organisation's
//! statement on a single page.

use crate::views::RenderError;
use rust_decimal::Decimal;
use rust_xlsxwriter::{Chart, ChartType, Workbook, Worksheet};

use super::reports::{e, header_row, money_cell, Formats};
use crate::domain::claim::Category;
use crate::domain::money::Ore;
use crate::domain::project::IndirectBase;
use crate::views::claims::{Amounts, Claim, ClaimLine, OrganisationFigures};
use crate::views::payments::{Distribution, Statement};

fn dec(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    v: impl rust_xlsxwriter::IntoExcelData,
    f: &rust_xlsxwriter::Format,
) -> Result<(), RenderError> {
    ws.write_with_format(row, col, v, f).map_err(e).map(|_| ())
}

fn amounts_row(
    ws: &mut Worksheet,
    f: &Formats,
    row: u32,
    label: &str,
    a: &Amounts,
    bold: bool,
) -> Result<(), RenderError> {
    let (text, sek) = if bold {
        (&f.bold, &f.sek_bold)
    } else {
        (&rust_xlsxwriter::Format::new(), &f.sek)
    };
    ws.write_string_with_format(row, 0, label, text)
        .map_err(e)?;
    for (col, v) in [a.period, a.cumulative, a.budget, a.remaining]
        .into_iter()
        .enumerate()
    {
        dec(ws, row, col as u16 + 1, v, sek)?;
    }
    Ok(())
}

fn period_title(c: &Claim) -> String {
    match c.number {
        Some(n) => format!("Ansökan om utbetalning nr {n}, {}–{}", c.from, c.to),
        None => format!("Utkast till ansökan om utbetalning, {}–{}", c.from, c.to),
    }
}

/// The claim workbook. `lines_of` yields every line of one category (called once per
/// category, so only one category's lines are held at a time).
pub fn claim_workbook(
    c: &Claim,
    project_name: &str,
    case_number: &str,
    lines_of: &mut dyn FnMut(Category) -> Result<Vec<ClaimLine>, RenderError>,
) -> Result<Vec<u8>, RenderError> {
    let mut wb = Workbook::new();
    let f = Formats::new();
    let ws = wb.add_worksheet().set_name("Sammanställning").map_err(e)?;
    ws.set_column_width(0, 50).map_err(e)?;
    for col in 1..=4 {
        ws.set_column_width(col, 18).map_err(e)?;
    }
    ws.write_string_with_format(0, 0, period_title(c), &f.bold)
        .map_err(e)?;
    ws.write_string(
        1,
        0,
        format!("Projekt: {project_name} · Ärendenummer: {case_number}"),
    )
    .map_err(e)?;
    ws.write_string(
        2,
        0,
        format!(
            "Stödnivå {} % · Indirekta kostnader {} % av {} · Status: {}",
            c.settings.support_rate,
            c.settings.indirect_rate,
            match c.settings.indirect_base {
                IndirectBase::Staff => "lön personal",
                IndirectBase::Direct => "direkta kostnader",
            },
            if c.number.is_some() {
                "inlämnad"
            } else {
                "utkast"
            }
        ),
    )
    .map_err(e)?;
    let titles = [
        "Kostnadsslag",
        "Denna period",
        "Ackumulerat",
        "Budget",
        "Återstår",
    ];
    let mut row = 4;
    for (col, t) in titles.iter().enumerate() {
        ws.write_string_with_format(row, col as u16, *t, &f.header)
            .map_err(e)?;
    }
    for line in &c.costs {
        row += 1;
        amounts_row(ws, &f, row, &line.label, &line.amounts, false)?;
    }
    row += 1;
    amounts_row(ws, &f, row, "Summa kostnader", &c.total_costs, true)?;
    row += 2;
    let titles = [
        "Finansiering",
        "Denna period",
        "Ackumulerat",
        "Budget",
        "Återstår",
    ];
    for (col, t) in titles.iter().enumerate() {
        ws.write_string_with_format(row, col as u16, *t, &f.header)
            .map_err(e)?;
    }
    for line in &c.cofinancing {
        row += 1;
        amounts_row(ws, &f, row, &line.label, &line.amounts, false)?;
    }
    row += 1;
    amounts_row(
        ws,
        &f,
        row,
        "Summa medfinansiering",
        &c.total_cofinancing,
        true,
    )?;
    row += 1;
    let esf = Amounts {
        period: c.esf.requested,
        cumulative: c.esf.due_cumulative,
        budget: c.esf.approved_budget,
        remaining: c.esf.remaining_budget,
    };
    amounts_row(
        ws,
        &f,
        row,
        "ESF-stöd (begärt belopp, avrundat nedåt till hela kronor)",
        &esf,
        true,
    )?;
    row += 2;
    amounts_row(
        ws,
        &f,
        row,
        "Totala stödberättigande kostnader",
        &c.total_eligible,
        true,
    )?;
    row += 2;
    ws.write_string(row, 0, "Tidigare begärt ESF-stöd")
        .map_err(e)?;
    dec(ws, row, 1, c.esf.requested_earlier, &f.sek)?;

    // One sheet per category with every line.
    for cat in Category::ALL {
        let lines = lines_of(cat)?;
        // Written row by row straight to a temporary file: a national claim's staff
        // sheet alone has over 100 000 lines.
        let ws = wb
            .add_worksheet_with_constant_memory()
            .map_err(e)?
            .set_name(sheet_name(cat))
            .map_err(e)?;
        header_row(
            ws,
            &f,
            &[
                "Organisation",
                "Månad",
                "Källa",
                "Post",
                "Avser",
                "Belopp",
                "Importfil",
                "Rad",
            ],
            &[14.0, 9.0, 18.0, 10.0, 48.0, 16.0, 28.0, 7.0],
        )?;
        let mut total = 0i64;
        let mut r = 0u32;
        for x in &lines {
            r += 1;
            ws.write_string(r, 0, &x.organisation_code).map_err(e)?;
            ws.write_string(r, 1, x.month.to_string()).map_err(e)?;
            ws.write_string(r, 2, x.source.label()).map_err(e)?;
            ws.write(r, 3, x.source_id).map_err(e)?;
            ws.write_string(r, 4, &x.subject).map_err(e)?;
            dec(ws, r, 5, x.amount, &f.sek)?;
            if let Some(file) = &x.import_file {
                ws.write_string(r, 6, file).map_err(e)?;
            }
            if let Some(row) = x.import_row {
                ws.write(r, 7, row).map_err(e)?;
            }
            total = total.checked_add(x.amount.get()).ok_or_else(|| {
                RenderError::new("the claim workbook", "the lines' sum is too large")
            })?;
        }
        ws.write_string_with_format(r + 1, 4, "Summa", &f.bold)
            .map_err(e)?;
        money_cell(ws, r + 1, 5, Ore::new(total), &f.sek_bold)?;
    }

    // One sheet per region: its own figures and its municipalities'.
    let region_codes: Vec<(String, String)> = c
        .regions
        .iter()
        .map(|r| (r.code.clone(), r.name.clone()))
        .collect();
    for (code, name) in region_codes {
        let ws = wb
            .add_worksheet()
            .set_name(format!("Region {}", truncate(&code, 20)))
            .map_err(e)?;
        org_table(
            ws,
            &f,
            &format!("{name}: kostnader och finansiering {}–{}", c.from, c.to),
            c.organisations
                .iter()
                .filter(|o| o.region_code.as_deref() == Some(code.as_str())),
        )?;
    }
    let ws = wb.add_worksheet().set_name("Organisationer").map_err(e)?;
    org_table(ws, &f, "Alla organisationer", c.organisations.iter())?;
    let caption = match c.number {
        Some(n) => format!(
            "Ansökan om utbetalning nr {n}, {}",
            c.from.run_in_words(c.to)
        ),
        None => format!(
            "Utkast till ansökan om utbetalning, {}",
            c.from.run_in_words(c.to)
        ),
    };
    super::style::finish(&mut wb, &caption)
}

fn org_table<'a>(
    ws: &mut Worksheet,
    f: &Formats,
    title: &str,
    rows: impl Iterator<Item = &'a OrganisationFigures>,
) -> Result<(), RenderError> {
    let mut titles = vec!["Kod", "Organisation"];
    titles.extend(Category::ALL.iter().map(|c| c.label()));
    titles.extend(["Stödberättigande", "Medfinansiering"]);
    header_row(ws, f, &titles, &[10.0, 30.0])?;
    ws.set_freeze_panes(1, 2).map_err(e)?;
    let mut r = 0u32;
    for o in rows {
        r += 1;
        ws.write_string(r, 0, &o.code).map_err(e)?;
        ws.write_string(r, 1, &o.name).map_err(e)?;
        for (i, cat) in Category::ALL.iter().enumerate() {
            let v: Decimal = o
                .figures
                .get(cat)
                .and_then(|s| s.parse().ok())
                .unwrap_or_default();
            dec(ws, r, 2 + i as u16, v, &f.sek)?;
        }
        dec(ws, r, 12, o.eligible, &f.sek)?;
        dec(ws, r, 13, o.cofinancing, &f.sek)?;
    }
    ws.write_string_with_format(r + 2, 0, title, &f.bold)
        .map_err(e)?;
    Ok(())
}

fn truncate(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

fn sheet_name(c: Category) -> &'static str {
    match c {
        Category::Staff => "Lön personal",
        Category::Services => "Köp av tjänst",
        Category::Premises => "Lokal",
        Category::Travel => "Resa",
        Category::Materials => "Materiel",
        Category::Indirect => "Indirekta utgifter",
        Category::InKind => "Bidrag i annat än pengar",
        Category::ParticipantCompensation => "Ersättning till deltagare",
        Category::PublicCash => "Kontanta medel",
        Category::OwnerCash => "Kontant projektägaren",
    }
}

/// The distribution workbook: per organisation with basis and share, per region, and
/// a chart of the regions' and the owner's parts.
pub fn distribution_workbook(d: &Distribution) -> Result<Vec<u8>, RenderError> {
    let mut wb = Workbook::new();
    let f = Formats::new();
    let ws = wb.add_worksheet().set_name("Fördelning").map_err(e)?;
    header_row(
        ws,
        &f,
        &[
            "Kod",
            "Organisation",
            "Region",
            "Underlag",
            "Andel %",
            "Belopp",
        ],
        &[10.0, 32.0, 10.0, 18.0, 10.0, 18.0],
    )?;
    let mut r = 0u32;
    for p in &d.organisations {
        r += 1;
        ws.write_string(r, 0, &p.code).map_err(e)?;
        ws.write_string(r, 1, &p.name).map_err(e)?;
        ws.write_string(r, 2, p.region_code.as_deref().unwrap_or(""))
            .map_err(e)?;
        dec(ws, r, 3, p.basis, &f.sek)?;
        ws.write(r, 4, p.share_percent).map_err(e)?;
        dec(ws, r, 5, p.part, &f.sek)?;
    }
    ws.write_string_with_format(r + 1, 1, "Summa", &f.bold)
        .map_err(e)?;
    let total_parts =
        Ore::checked_sum(d.organisations.iter().map(|p| p.part)).ok_or_else(|| {
            RenderError::new("the distribution workbook", "the parts' sum is too large")
        })?;
    dec(ws, r + 1, 5, total_parts, &f.sek_bold)?;
    ws.write_string(
        r + 3,
        0,
        format!(
            "Utbetalning för ansökan nr {} ({}–{}): {} kr den {}. Fördelningsnyckel: andel av {}. Öresavrundning enligt största-restmetoden, lika rester efter kod.",
            d.claim_number,
            d.from,
            d.to,
            d.payment.amount,
            d.payment.paid_on,
            d.key.basis_words()
        ),
    )
    .map_err(e)?;

    let ws = wb.add_worksheet().set_name("Per region").map_err(e)?;
    header_row(
        ws,
        &f,
        &[
            "Kod",
            "Region",
            "Egen del",
            "Kommunernas del",
            "Summa",
            "Underlag",
        ],
        &[10.0, 32.0, 18.0, 18.0, 18.0, 18.0],
    )?;
    let mut r = 0u32;
    for g in &d.regions {
        r += 1;
        ws.write_string(r, 0, &g.code).map_err(e)?;
        ws.write_string(r, 1, &g.name).map_err(e)?;
        dec(ws, r, 2, g.own_part, &f.sek)?;
        dec(ws, r, 3, g.municipalities_part, &f.sek)?;
        dec(ws, r, 4, g.part, &f.sek)?;
        dec(ws, r, 5, g.basis, &f.sek)?;
    }
    // The owner's own part (not under a region) as its own row for the chart.
    for p in d.organisations.iter().filter(|p| p.region_code.is_none()) {
        r += 1;
        ws.write_string(r, 0, &p.code).map_err(e)?;
        ws.write_string(r, 1, &p.name).map_err(e)?;
        dec(ws, r, 2, p.part, &f.sek)?;
        dec(ws, r, 3, Decimal::ZERO, &f.sek)?;
        dec(ws, r, 4, p.part, &f.sek)?;
        dec(ws, r, 5, p.basis, &f.sek)?;
    }
    if r > 0 {
        let mut chart = Chart::new(ChartType::Pie);
        chart.title().set_name("Fördelning av utbetalningen");
        chart
            .add_series()
            .set_categories(("Per region", 1, 1, r, 1))
            .set_values(("Per region", 1, 4, r, 4))
            .set_name("Belopp");
        ws.insert_chart(1, 7, &chart).map_err(e)?;
    }
    let caption = format!(
        "Fördelning av utbetalningen för ansökan nr {}, {}",
        d.claim_number,
        d.from.run_in_words(d.to)
    );
    super::style::finish(&mut wb, &caption)
}

/// One organisation's statement on a single sheet.
pub fn statement_workbook(s: &Statement) -> Result<Vec<u8>, RenderError> {
    let mut wb = Workbook::new();
    let f = Formats::new();
    let ws = wb.add_worksheet().set_name("Besked").map_err(e)?;
    ws.set_column_width(0, 50).map_err(e)?;
    ws.set_column_width(1, 20).map_err(e)?;
    ws.write_string_with_format(
        0,
        0,
        format!("Fördelning av ESF-stöd: {} {}", s.part.code, s.part.name),
        &f.bold,
    )
    .map_err(e)?;
    ws.write_string(
        1,
        0,
        format!("Ansökan nr {}, {}–{}", s.claim_number, s.from, s.to),
    )
    .map_err(e)?;
    let mut r = 3u32;
    ws.write_string_with_format(r, 0, "Era kostnader i ansökan", &f.header)
        .map_err(e)?;
    ws.write_string_with_format(r, 1, "Belopp", &f.header)
        .map_err(e)?;
    for cat in Category::ALL {
        let v: Decimal = s
            .figures
            .figures
            .get(&cat)
            .and_then(|x| x.parse().ok())
            .unwrap_or_default();
        if v.is_zero() {
            continue;
        }
        r += 1;
        ws.write_string(r, 0, cat.label()).map_err(e)?;
        dec(ws, r, 1, v, &f.sek)?;
    }
    r += 1;
    ws.write_string_with_format(r, 0, "Stödberättigande kostnader", &f.bold)
        .map_err(e)?;
    dec(ws, r, 1, s.figures.eligible, &f.sek_bold)?;
    r += 2;
    for (label, v) in [
        ("Utbetalt från ESF för ansökan", s.payment.amount),
        ("Underlag för er andel", s.part.basis),
        ("Sammanlagt underlag", s.total_basis),
    ] {
        ws.write_string(r, 0, label).map_err(e)?;
        dec(ws, r, 1, v, &f.sek)?;
        r += 1;
    }
    ws.write_string(r, 0, "Er andel (%)").map_err(e)?;
    ws.write(r, 1, s.part.share_percent).map_err(e)?;
    r += 1;
    ws.write_string_with_format(r, 0, "Ni får", &f.bold)
        .map_err(e)?;
    dec(ws, r, 1, s.part.part, &f.sek_bold)?;
    r += 2;
    ws.write_string(r, 0, &s.explanation).map_err(e)?;
    let caption = format!(
        "Besked till {}, ansökan nr {}, {}",
        s.part.name,
        s.claim_number,
        s.from.run_in_words(s.to)
    );
    super::style::finish(&mut wb, &caption)
}
