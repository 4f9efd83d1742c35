//! Claim workbooks, in Swedish: the claim laid out like the ESF's "ansökan om
//! utbetalning" with a sheet per category holding every line and a sheet per region;
//! the distribution of a payment with a chart of the shares; one organisation's
//! statement on a single page.

use std::collections::HashMap;

use crate::views::RenderError;
use rust_decimal::Decimal;
use rust_xlsxwriter::{Chart, ChartDataLabel, ChartType, Workbook, Worksheet};

use super::reports::e;
use super::style::{self, Cell, Col, Formats, Kind, Table};
use crate::domain::claim::{Category, EsfCap};
use crate::domain::money::Ore;
use crate::domain::project::{DistributionKey, IndirectBase};
use crate::domain::swedish::{kronor, rate};
use crate::views::claims::{Amounts, Claim, ClaimLine, OrganisationFigures};
use crate::views::payments::{Distribution, Statement};

fn too_large() -> RenderError {
    RenderError::new("the claim workbook", "a sum is too large")
}

fn sub(a: Ore, b: Ore) -> Result<Ore, RenderError> {
    a.checked_sub(b).ok_or_else(too_large)
}

/// One row of the summary's tables: a label, then this period, cumulative and (when the
/// project has a budget) budget and remaining.
fn amounts_row(
    ws: &mut Worksheet,
    f: &Formats,
    row: u32,
    label: &str,
    a: &Amounts,
    bold: bool,
    with_budget: bool,
) -> Result<(), RenderError> {
    let plain = rust_xlsxwriter::Format::new();
    let (text, sek) = if bold {
        (&f.sum_label, &f.sek_bold)
    } else {
        (&plain, &f.sek)
    };
    ws.write_string_with_format(row, 0, label, text)
        .map_err(e)?;
    ws.write_with_format(row, 1, a.period, sek).map_err(e)?;
    ws.write_with_format(row, 2, a.cumulative, sek).map_err(e)?;
    // A line without a budget line leaves both budget cells empty: no budget is not a
    // budget of 0,00 overrun by everything spent.
    if let (true, Some(budget), Some(remaining)) = (with_budget, a.budget, a.remaining) {
        ws.write_with_format(row, 3, budget, sek).map_err(e)?;
        let left = if bold { sek } else { &f.sek_remaining };
        ws.write_with_format(row, 4, remaining, left).map_err(e)?;
    }
    Ok(())
}

fn table_heading(
    ws: &mut Worksheet,
    f: &Formats,
    row: u32,
    first: &str,
    with_budget: bool,
) -> Result<(), RenderError> {
    ws.write_string_with_format(row, 0, first, &f.header)
        .map_err(e)?;
    let titles: &[&str] = if with_budget {
        &[
            "Denna period",
            "Ackumulerat",
            "Budget",
            "Återstår av budget",
        ]
    } else {
        &["Denna period", "Ackumulerat"]
    };
    for (c, t) in titles.iter().enumerate() {
        ws.write_string_with_format(row, c as u16 + 1, *t, &f.header_number)
            .map_err(e)?;
    }
    Ok(())
}

fn period_title(c: &Claim) -> String {
    match c.number {
        Some(n) => format!(
            "Ansökan om utbetalning nr {n}, {}",
            c.from.run_in_words(c.to)
        ),
        None => format!(
            "Utkast till ansökan om utbetalning, {}",
            c.from.run_in_words(c.to)
        ),
    }
}

/// Which limit decided the ESF support, in words, with its figures.
fn cap_words(c: &Claim) -> String {
    let eligible = c.total_eligible.cumulative;
    let cofinancing = c.total_cofinancing.cumulative;
    let why = match c.esf.cap {
        EsfCap::SupportRate => format!(
            "Stödnivån avgör: {} av de stödberättigande kostnaderna ({})",
            rate(c.settings.support_rate),
            kronor(eligible)
        ),
        EsfCap::Cofinancing => format!(
            "Medfinansieringen avgör: ESF-stödet får inte vara större än de stödberättigande kostnaderna ({}) minus medfinansieringen ({})",
            kronor(eligible),
            kronor(cofinancing)
        ),
        EsfCap::ApprovedBudget => format!(
            "Den beviljade ESF-budgeten ({}) avgör: stödnivån och medfinansieringen hade gett mer",
            kronor(c.esf.approved_budget)
        ),
    };
    format!(
        "{why}, avrundat nedåt till hela kronor: ackumulerat ESF-stöd {}. Begärt i denna ansökan = {} − tidigare begärt {} = {}.",
        kronor(c.esf.due_cumulative),
        kronor(c.esf.due_cumulative),
        kronor(c.esf.requested_earlier),
        kronor(c.esf.requested)
    )
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
    ws.set_column_width(0, 56).map_err(e)?;
    for col in 1..=4 {
        ws.set_column_width(col, 19).map_err(e)?;
    }
    let with_budget = c
        .costs
        .iter()
        .chain(&c.cofinancing)
        .any(|l| l.amounts.budget.is_some())
        || c.esf.approved_budget != Ore::ZERO;
    let mut row = style::title(
        ws,
        &f,
        &period_title(c),
        &[
            format!("Projekt: {project_name} · Ärendenummer: {case_number}"),
            format!(
                "Stödnivå {} · Indirekta utgifter {} av {} · Status: {}",
                rate(c.settings.support_rate),
                rate(c.settings.indirect_rate),
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
        ],
    )?;
    table_heading(ws, &f, row, "Kostnadsslag", with_budget)?;
    for line in &c.costs {
        row += 1;
        amounts_row(ws, &f, row, &line.label, &line.amounts, false, with_budget)?;
    }
    row += 1;
    amounts_row(
        ws,
        &f,
        row,
        "Summa kostnader",
        &c.total_costs,
        true,
        with_budget,
    )?;
    row += 2;
    table_heading(ws, &f, row, "Finansiering", with_budget)?;
    for line in &c.cofinancing {
        row += 1;
        amounts_row(ws, &f, row, &line.label, &line.amounts, false, with_budget)?;
    }
    row += 1;
    amounts_row(
        ws,
        &f,
        row,
        "Summa medfinansiering",
        &c.total_cofinancing,
        true,
        with_budget,
    )?;
    row += 1;
    let esf = Amounts {
        period: c.esf.requested,
        cumulative: c.esf.due_cumulative,
        budget: Some(c.esf.approved_budget).filter(|b| *b != Ore::ZERO),
        remaining: Some(c.esf.remaining_budget).filter(|_| c.esf.approved_budget != Ore::ZERO),
    };
    amounts_row(
        ws,
        &f,
        row,
        "ESF-stöd (begärt belopp)",
        &esf,
        false,
        with_budget,
    )?;
    row += 1;
    // What neither the ESF nor the co-financing covers: the project's own remainder, so
    // that the financing adds up to the eligible costs.
    let rest = Amounts {
        period: sub(
            sub(c.total_eligible.period, c.total_cofinancing.period)?,
            esf.period,
        )?,
        cumulative: sub(
            sub(c.total_eligible.cumulative, c.total_cofinancing.cumulative)?,
            esf.cumulative,
        )?,
        budget: None,
        remaining: None,
    };
    amounts_row(
        ws,
        &f,
        row,
        "Övrigt, finansieras av projektägaren utanför ESF-stödet",
        &rest,
        false,
        false,
    )?;
    row += 1;
    amounts_row(
        ws,
        &f,
        row,
        "Summa finansiering (= totala stödberättigande kostnader)",
        &c.total_eligible,
        true,
        with_budget,
    )?;
    row += 2;
    ws.write_string(row, 0, "Tidigare begärt ESF-stöd")
        .map_err(e)?;
    ws.write_with_format(row, 2, c.esf.requested_earlier, &f.sek)
        .map_err(e)?;
    row += 2;
    ws.write_string_with_format(row, 0, "Så hänger siffrorna ihop", &f.bold)
        .map_err(e)?;
    row += 1;
    let width = if with_budget {
        56 + 4 * 19
    } else {
        56 + 2 * 19
    };
    let last = if with_budget { 4 } else { 2 };
    let notes = [
        "Totala stödberättigande kostnader = Summa kostnader (direkta kostnader och indirekta utgifter) + offentligt bidrag i annat än pengar + offentligt finansierad ersättning till deltagare. De finansieras av ESF-stödet, medfinansieringen och det övriga som projektägaren står för.".to_string(),
        format!("ESF-stödet: {}", cap_words(c)),
        "Kontant medfinansiering (kontanta medel och kontant betalt av projektägaren) är finansiering: den ingår i Summa medfinansiering men inte i kostnaderna.".to_string(),
    ];
    for n in &notes {
        row = style::note(ws, &f, row, last, width, n)?;
    }
    if !with_budget {
        style::note(
            ws,
            &f,
            row,
            last,
            width,
            "Projektet har ingen budget registrerad, så kolumnerna Budget och Återstår av budget visas inte.",
        )?;
    }

    let names: HashMap<&str, &str> = c
        .organisations
        .iter()
        .map(|o| (o.code.as_str(), o.name.as_str()))
        .collect();
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
        let mut t = Table::new(
            ws,
            &f,
            0,
            &[
                Col("Kod", Kind::Text, 7.0),
                Col("Organisation", Kind::Text, 22.0),
                Col("Månad", Kind::Month, 9.0),
                Col("Källa", Kind::Text, 18.0),
                Col("Post", Kind::Number, 9.0),
                Col("Avser", Kind::Text, 40.0),
                Col("Belopp", Kind::Sek, 16.0),
                Col("Importfil", Kind::Text, 24.0),
                Col("Rad i filen", Kind::Number, 7.0),
            ],
        )?
        .pin(ws)?;
        for x in &lines {
            t.push(
                ws,
                &f,
                vec![
                    Cell::text(x.organisation_code.as_str()),
                    Cell::text(
                        names
                            .get(x.organisation_code.as_str())
                            .copied()
                            .unwrap_or(""),
                    ),
                    Cell::Month(x.month),
                    Cell::text(x.source.label()),
                    Cell::Count(x.source_id),
                    Cell::text(x.subject.as_str()),
                    x.amount.into(),
                    x.import_file.as_deref().map_or(Cell::Empty, Cell::text),
                    x.import_row.map_or(Cell::Empty, |r| Cell::Count(r.into())),
                ],
            )?;
        }
        t.total(ws, &f, 5)?;
    }

    // One sheet per region: its own figures and its municipalities'.
    let mut used: Vec<String> = Vec::new();
    for region in &c.regions {
        // The region's name when it fits a sheet's 31 characters, else "Region <code>".
        let mut name = sheet_safe(&region.name);
        if used.contains(&name)
            || name.is_empty()
            || name.chars().count() < region.name.chars().count()
        {
            name = sheet_safe(&format!("Region {}", region.code));
        }
        used.push(name.clone());
        let ws = wb.add_worksheet().set_name(&name).map_err(e)?;
        org_table(
            ws,
            &f,
            &format!(
                "{}: kostnader och finansiering, {}",
                region.name,
                c.from.run_in_words(c.to)
            ),
            c.organisations
                .iter()
                .filter(|o| o.region_code.as_deref() == Some(region.code.as_str())),
        )?;
    }
    let ws = wb
        .add_worksheet()
        .set_name("Alla organisationer")
        .map_err(e)?;
    org_table(
        ws,
        &f,
        &format!(
            "Alla organisationer: kostnader och finansiering, {}",
            c.from.run_in_words(c.to)
        ),
        c.organisations.iter(),
    )?;
    super::style::finish(&mut wb, &period_title(c), &["Sammanställning"])
}

/// A name Excel accepts for a sheet: at most 31 characters, none of `[]:*?/\`.
fn sheet_safe(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\' | '\''))
        .take(31)
        .collect::<String>()
        .trim()
        .to_string()
}

fn org_table<'a>(
    ws: &mut Worksheet,
    f: &Formats,
    title: &str,
    rows: impl Iterator<Item = &'a OrganisationFigures>,
) -> Result<(), RenderError> {
    let row = style::title(ws, f, title, &[])?;
    let mut cols = vec![
        Col("Kod", Kind::Text, 7.0),
        Col("Organisation", Kind::Text, 24.0),
    ];
    cols.extend(
        Category::ALL
            .iter()
            .map(|c| Col(c.label(), Kind::Sek, 14.0)),
    );
    cols.extend([
        Col("Stödberättigande", Kind::Sek, 15.0),
        Col("Medfinansiering", Kind::Sek, 15.0),
    ]);
    let mut t = Table::new(ws, f, row, &cols)?.pin(ws)?;
    ws.set_freeze_panes(row + 1, 2).map_err(e)?;
    for o in rows {
        let mut cells = vec![Cell::text(o.code.as_str()), Cell::text(o.name.as_str())];
        for cat in Category::ALL {
            cells.push(o.figures.get(&cat).copied().unwrap_or(Ore::ZERO).into());
        }
        cells.push(o.eligible.into());
        cells.push(o.cofinancing.into());
        t.push(ws, f, cells)?;
    }
    t.total(ws, f, 1)?;
    Ok(())
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

/// The distribution workbook: per organisation with basis and share, per region (the
/// owner's own part apart, as it is not a region), and a chart of the parts with their
/// percentages.
pub fn distribution_workbook(d: &Distribution) -> Result<Vec<u8>, RenderError> {
    let mut wb = Workbook::new();
    let f = Formats::new();
    let title = format!(
        "Fördelning av utbetalningen för ansökan nr {}, {}",
        d.claim_number,
        d.from.run_in_words(d.to)
    );
    let ws = wb.add_worksheet().set_name("Fördelning").map_err(e)?;
    let row = style::title(
        ws,
        &f,
        &title,
        &[format!(
            "Utbetalt från ESF: {} den {}. Fördelningsnyckel: andel av {}.",
            kronor(d.payment.amount),
            d.payment.paid_on,
            d.key.basis_words()
        )],
    )?;
    let mut t = Table::new(
        ws,
        &f,
        row,
        &[
            Col("Kod", Kind::Text, 8.0),
            Col("Organisation", Kind::Text, 30.0),
            Col("Region", Kind::Text, 10.0),
            Col("Underlag", Kind::Sek, 18.0),
            Col("Andel", Kind::PercentExact, 11.0),
            Col("Belopp", Kind::Sek, 18.0),
        ],
    )?
    .pin(ws)?;
    for p in &d.organisations {
        t.push(
            ws,
            &f,
            vec![
                Cell::text(p.code.as_str()),
                Cell::text(p.name.as_str()),
                Cell::text(p.region_code.as_deref().unwrap_or("")),
                p.basis.into(),
                Cell::percent(Some(p.share_percent)),
                p.part.into(),
            ],
        )?;
    }
    let r = t.total(ws, &f, 1)?;
    style::note(
        ws,
        &f,
        r,
        5,
        95,
        "Varje organisation får sin andel av underlaget gånger det utbetalda beloppet. Ören avrundas enligt största-restmetoden: först nedåt, sedan ett öre i taget till de största resterna, lika rester efter kod. Summan är exakt det utbetalda beloppet.",
    )?;

    let ws = wb.add_worksheet().set_name("Per region").map_err(e)?;
    let row = style::title(ws, &f, &title, &[])?;
    let mut t = Table::new(
        ws,
        &f,
        row,
        &[
            Col("Kod", Kind::Text, 8.0),
            Col("Region", Kind::Text, 30.0),
            Col("Regionens egen del", Kind::Sek, 18.0),
            Col("Kommunernas del", Kind::Sek, 18.0),
            Col("Summa för regionen", Kind::Sek, 18.0),
            Col("Underlag", Kind::Sek, 18.0),
        ],
    )?
    .pin(ws)?;
    for g in &d.regions {
        t.push(
            ws,
            &f,
            vec![
                Cell::text(g.code.as_str()),
                Cell::text(g.name.as_str()),
                g.own_part.into(),
                g.municipalities_part.into(),
                g.part.into(),
                g.basis.into(),
            ],
        )?;
    }
    let regions_total = Ore::checked_sum(d.regions.iter().map(|g| g.part)).ok_or_else(too_large)?;
    let mut r = t.total(ws, &f, 1)?;
    // The owner (and anything else outside the regions) is not a region: listed apart.
    let outside: Vec<_> = d
        .organisations
        .iter()
        .filter(|p| p.region_code.is_none() && !d.regions.iter().any(|g| g.code == p.code))
        .collect();
    for p in &outside {
        ws.write_string(r, 1, format!("{} {} (utanför regionerna)", p.code, p.name))
            .map_err(e)?;
        ws.write_with_format(r, 4, p.part, &f.sek).map_err(e)?;
        ws.write_with_format(r, 5, p.basis, &f.sek).map_err(e)?;
        r += 1;
    }
    if !outside.is_empty() {
        let all = Ore::checked_sum(outside.iter().map(|p| p.part))
            .and_then(|o| o.checked_add(regions_total))
            .ok_or_else(too_large)?;
        ws.write_string_with_format(r, 1, "Hela utbetalningen", &f.sum_label)
            .map_err(e)?;
        ws.write_with_format(r, 4, all, &f.sek_bold).map_err(e)?;
        r += 1;
    }
    // The chart's slices: the regions and the owner's part; for a single region (a
    // region's own view), its organisations instead, so the pie is never one 100 % slice.
    let mut slices: Vec<(String, Ore)> = d
        .regions
        .iter()
        .map(|g| (g.name.clone(), g.part))
        .chain(outside.iter().map(|p| (p.name.clone(), p.part)))
        .collect();
    if slices.len() < 2 {
        slices = d
            .organisations
            .iter()
            .map(|p| (p.name.clone(), p.part))
            .collect();
    }
    // A part of nothing is no slice (an organisation whose basis is zero).
    slices.retain(|(_, part)| *part > Ore::ZERO);
    let slices = style::top_n(slices, 8, "Övriga", Ore::checked_add)?;
    r += 1;
    ws.write_string_with_format(r, 1, "Diagrammets delar", &f.header)
        .map_err(e)?;
    ws.write_string_with_format(r, 2, "Belopp", &f.header_number)
        .map_err(e)?;
    let first = r + 1;
    for (i, (name, part)) in slices.iter().enumerate() {
        ws.write_string(first + i as u32, 1, name).map_err(e)?;
        ws.write_with_format(first + i as u32, 2, *part, &f.sek)
            .map_err(e)?;
    }
    if !slices.is_empty() {
        let last = first + slices.len() as u32 - 1;
        let mut chart = Chart::new(ChartType::Pie);
        chart.title().set_name("Fördelning av utbetalningen");
        chart
            .add_series()
            .set_categories(("Per region", first, 1, last, 1))
            .set_values(("Per region", first, 2, last, 2))
            .set_name("Belopp")
            .set_data_label(
                ChartDataLabel::new()
                    .show_percentage()
                    .show_category_name()
                    .set_num_format(style::PERCENT),
            );
        chart.legend().set_hidden();
        ws.insert_chart(last + 2, 1, &chart).map_err(e)?;
    }
    super::style::finish(&mut wb, &title, &[])
}

/// One organisation's statement on a single A4 page: its eligible costs adding up to
/// its basis, its cash co-financing apart, its share and what it gets.
pub fn statement_workbook(s: &Statement) -> Result<Vec<u8>, RenderError> {
    let mut wb = Workbook::new();
    let f = Formats::new();
    let ws = wb.add_worksheet().set_name("Besked").map_err(e)?;
    ws.set_column_width(0, 62).map_err(e)?;
    ws.set_column_width(1, 22).map_err(e)?;
    let mut r = style::title(
        ws,
        &f,
        &format!("Fördelning av ESF-stöd: {} {}", s.part.code, s.part.name),
        &[format!(
            "Ansökan om utbetalning nr {}, {}",
            s.claim_number,
            s.from.run_in_words(s.to)
        )],
    )?;
    let figure =
        |cat: Category| -> Ore { s.figures.figures.get(&cat).copied().unwrap_or(Ore::ZERO) };
    // The first table adds up to the basis of the share; what the claim holds beside it
    // (cash co-financing, and under the direct-cash key also indirect and in kind) is
    // listed apart, so that each table's Summa is what it says.
    let basis = Category::basis(s.key);
    let (first, rest) = match s.key {
        DistributionKey::TotalEligible => (
            "Era stödberättigande kostnader i ansökan",
            "Er kontanta medfinansiering (ingår inte i underlaget)",
        ),
        DistributionKey::DirectCash => (
            "Era direkta kontanta kostnader i ansökan",
            "Övrigt i ansökan (ingår inte i underlaget)",
        ),
    };
    let mut t = Table::new(
        ws,
        &f,
        r,
        &[Col(first, Kind::Text, 62.0), Col("Belopp", Kind::Sek, 22.0)],
    )?;
    for cat in basis.iter().copied() {
        let v = figure(cat);
        if v != Ore::ZERO {
            t.push(ws, &f, vec![Cell::text(cat.label()), v.into()])?;
        }
    }
    r = t.total(ws, &f, 0)?;
    let rest_rows: Vec<_> = Category::ALL
        .into_iter()
        .filter(|c| !basis.contains(c))
        .map(|c| (c, figure(c)))
        .filter(|(_, v)| *v != Ore::ZERO)
        .collect();
    if !rest_rows.is_empty() {
        let mut t = Table::new(
            ws,
            &f,
            r,
            &[Col(rest, Kind::Text, 62.0), Col("Belopp", Kind::Sek, 22.0)],
        )?;
        for (cat, v) in rest_rows {
            t.push(ws, &f, vec![Cell::text(cat.label()), v.into()])?;
        }
        r = t.total(ws, &f, 0)?;
    }
    ws.write_string_with_format(r, 0, "Er andel av utbetalningen", &f.header)
        .map_err(e)?;
    ws.write_string_with_format(r, 1, "Belopp", &f.header_number)
        .map_err(e)?;
    r += 1;
    for (label, v) in [
        ("Utbetalt från ESF för ansökan", s.payment.amount),
        (
            &*format!("Underlag för er andel ({})", s.key.basis_words()),
            s.part.basis,
        ),
        ("Sammanlagt underlag för alla organisationer", s.total_basis),
    ] {
        ws.write_string(r, 0, label).map_err(e)?;
        ws.write_with_format(r, 1, v, &f.sek).map_err(e)?;
        r += 1;
    }
    ws.write_string(r, 0, "Er andel").map_err(e)?;
    ws.write_with_format(
        r,
        1,
        s.part.share_percent.get() / Decimal::ONE_HUNDRED,
        &f.percent_exact,
    )
    .map_err(e)?;
    r += 1;
    ws.write_string_with_format(r, 0, "Ni får", &f.sum_label)
        .map_err(e)?;
    ws.write_with_format(r, 1, s.part.part, &f.sek_bold)
        .map_err(e)?;
    r += 2;
    style::note(ws, &f, r, 1, 84, &s.explanation)?;
    let caption = format!(
        "Besked till {}, ansökan nr {}, {}",
        s.part.name,
        s.claim_number,
        s.from.run_in_words(s.to)
    );
    super::style::finish(&mut wb, &caption, &["Besked"])
}
