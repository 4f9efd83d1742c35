//! Budget workbooks: the template and reader of the approved budget (sheet "Budget",
//! one row per organisation, year and category), and the budget follow-up with charts.

use crate::domain::money::Ore;
use crate::views::RenderError;
use rust_decimal::Decimal;
use rust_xlsxwriter::{
    Chart, ChartLegendPosition, ChartType, ConditionalFormatCell, ConditionalFormatCellRule,
    ConditionalFormatFormula, Workbook, Worksheet,
};

use super::grid::{self, WorkbookError};
use super::reports::e;
use super::style::{Cell, Col, Formats, Kind, Table};
use super::template::{self, Column, Rule};
use super::{cells, ImportErrors};
use crate::domain::claim::Category;
use crate::domain::rate::Ppm;
use crate::views::budget_follow_up::{FollowUp, FollowUpLine};

pub const SHEET: &str = "Budget";
pub const HEADERS: [&str; 4] = [
    "Organisation (kod)",
    "År",
    "Kostnadsslag/finansiering",
    "Belopp",
];

const LABELS: [&str; 10] = [
    "lön personal",
    "köp av tjänst",
    "lokal",
    "resa",
    "materiel",
    "indirekta utgifter",
    "offentligt bidrag i annat än pengar",
    "offentligt finansierad ersättning till deltagare",
    "kontanta medel tillförda projektet",
    "kontant betalt av projektägaren",
];

fn category_labels() -> [(&'static str, Category); 10] {
    let mut out = [(LABELS[0], Category::Staff); 10];
    for (i, c) in Category::ALL.into_iter().enumerate() {
        out[i] = (LABELS[i], c);
    }
    out
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetRowIn {
    pub row: u32,
    pub organisation_code: String,
    pub year: i32,
    pub category: Category,
    pub amount: Decimal,
}

pub fn template() -> Result<Vec<u8>, RenderError> {
    let col = Column::new;
    template::build(&template::Template {
        sheet: SHEET,
        columns: &[
            col(HEADERS[0], 20.0, Some("@"), Rule::MaxLength(20)),
            col(HEADERS[1], 8.0, Some("0"), Rule::Between("2000", "2100")),
            col(HEADERS[2], 46.0, None, Rule::OneOf(&LABELS)),
            col(HEADERS[3], 18.0, Some("#,##0.00"), Rule::AtLeast("0")),
        ],
        instructions: &[
            "Fyll i fliken Budget: en rad per organisation, år och kostnadsslag eller finansieringstyp.",
            "Organisation anges med sin kod: kommunkod (t.ex. 1481) eller kortnamn (t.ex. SKL, GR).",
            "Belopp i kronor med högst två decimaler, inte negativt.",
            "Organisation, år och kostnadsslag identifierar raden: en ny fil ersätter beloppen på samma rader.",
            "Inga formler och inga tomma rader mellan raderna.",
        ],
        example: &["1481", "2013", LABELS[0], "250000"],
    })
}

pub fn read(bytes: &[u8]) -> Result<Result<Vec<BudgetRowIn>, ImportErrors>, WorkbookError> {
    let labels = category_labels();
    grid::read_rows(bytes, SHEET, &HEADERS, |row, c, fail| {
        let code = cells::text(&c[0]);
        if code.is_empty() {
            fail(0, "Organisation saknas".into());
        }
        let year = cells::decimal(&c[1])
            .ok()
            .filter(|d| d.fract().is_zero())
            .and_then(|d| i32::try_from(d.mantissa() / 10i128.pow(d.scale())).ok())
            .or_else(|| {
                fail(1, "År måste vara ett årtal, t.ex. 2013".into());
                None
            });
        let category = cells::choice(&c[2], &labels)
            .map_err(|m| fail(2, format!("Kostnadsslag {m}")))
            .ok();
        let amount = cells::decimal(&c[3])
            .map_err(|m| fail(3, format!("Belopp {m}")))
            .ok();
        if code.is_empty() {
            return None;
        }
        Some(BudgetRowIn {
            row,
            organisation_code: code,
            year: year?,
            category: category?,
            amount: amount?,
        })
    })
}

/// Marks overspend (burn over 100 %) and a co-financing share under the requirement in
/// the rows `first..=last` of the columns given.
fn mark(
    ws: &mut Worksheet,
    f: &Formats,
    first: u32,
    last: u32,
    burn_col: u16,
    share: Option<(u16, Decimal)>,
) -> Result<(), RenderError> {
    if last < first {
        return Ok(());
    }
    let over = ConditionalFormatCell::new()
        .set_rule(ConditionalFormatCellRule::GreaterThan(1.0))
        .set_format(&f.warning);
    ws.add_conditional_format(first, burn_col, last, burn_col, &over)
        .map_err(e)?;
    if let Some((col, required)) = share {
        // A share under the requirement; an empty cell (no eligible costs) is not one.
        let cell = rust_xlsxwriter::utility::row_col_to_cell(first, col);
        let under = ConditionalFormatFormula::new()
            .set_rule(format!("=AND(ISNUMBER({cell}),{cell}<{required})").as_str())
            .set_format(&f.warning);
        ws.add_conditional_format(first, col, last, col, &under)
            .map_err(e)?;
    }
    Ok(())
}

fn share_fraction(required: Ppm) -> Decimal {
    required.to_percent() / Decimal::ONE_HUNDRED
}

fn warning_words(l: &FollowUpLine, required: Ppm) -> Option<String> {
    match (&l.warning, l.cofinancing_share_percent) {
        (Some(_), Some(share)) => Some(format!(
            "Medfinansieringen är {} av de stödberättigande kostnaderna; beviljandet kräver {}.",
            crate::domain::swedish::share(share),
            crate::domain::swedish::rate(required)
        )),
        _ => None,
    }
}

fn follow_up_sheet(
    ws: &mut Worksheet,
    f: &Formats,
    title: &str,
    lines: &[FollowUpLine],
    required: Ppm,
) -> Result<(u32, u32), RenderError> {
    let row = super::style::title(ws, f, title, &[])?;
    let mut t = Table::new(
        ws,
        f,
        row,
        &[
            Col("Kod", Kind::Text, 8.0),
            Col("Organisation", Kind::Text, 28.0),
            Col("Budget kostnader", Kind::Sek, 17.0),
            Col("Utfall kostnader", Kind::Sek, 17.0),
            Col("Förbrukat", Kind::Percent, 10.0),
            Col("Utfall stödberättigande", Kind::Sek, 17.0),
            Col("Utfall medfinansiering", Kind::Sek, 17.0),
            Col("Medfinansiering av stödberättigande", Kind::Percent, 16.0),
            Col("Varning", Kind::Text, 44.0),
        ],
    )?
    .pin(ws)?;
    for l in lines {
        if l.warning.is_some() {
            // Two lines for the warning, wrapped in its column.
            ws.set_row_height(row + 1 + t.rows(), 30).map_err(e)?;
        }
        t.push(
            ws,
            f,
            vec![
                Cell::text(l.code.as_str()),
                Cell::text(l.name.as_str()),
                l.cost_budget.into(),
                l.cost_actual.into(),
                Cell::percent(l.burn_percent),
                l.eligible_actual.into(),
                l.cofinancing_actual.into(),
                Cell::percent(l.cofinancing_share_percent),
                warning_words(l, required).map_or(Cell::Empty, Cell::text),
            ],
        )?;
    }
    let first = row + 1;
    let last = row + t.rows();
    let next = t.total(ws, f, 1)?;
    // The Summa row's shares are its own sums' (actual ÷ budget, co-financing ÷
    // eligible), as formulas so that they follow a filter too; the cached value is the
    // exact share of the lines' sums. On "Per region" the sums leave out the owner's
    // own figures, so they are not the whole scope's.
    let summa = next - 2;
    let sum = |pick: fn(&FollowUpLine) -> Ore| {
        Ore::checked_sum(lines.iter().map(pick))
            .ok_or_else(|| RenderError::new("the follow-up workbook", "a sum is too large"))
    };
    let shares = [
        (
            4u16,
            3u16,
            2u16,
            sum(|l| l.cost_actual)?,
            sum(|l| l.cost_budget)?,
        ),
        (
            7,
            6,
            5,
            sum(|l| l.cofinancing_actual)?,
            sum(|l| l.eligible_actual)?,
        ),
    ];
    for (col, part_col, whole_col, part, whole) in shares {
        let Some(p) = crate::domain::rate::percent_of(part.get(), whole.get(), 1) else {
            continue;
        };
        let cell = |c: u16| rust_xlsxwriter::utility::row_col_to_cell(summa, c);
        let formula = rust_xlsxwriter::Formula::new(format!(
            "=IF({whole}=0,\"\",{part}/{whole})",
            whole = cell(whole_col),
            part = cell(part_col)
        ))
        .set_result((p / Decimal::ONE_HUNDRED).normalize().to_string());
        ws.write_formula_with_format(summa, col, formula, &f.percent_bold)
            .map_err(e)?;
    }
    mark(ws, f, first, last, 4, Some((7, share_fraction(required))))?;
    // A warning wraps within its column rather than running off the page.
    ws.set_column_format(8, &f.wrap).map_err(e)?;
    Ok((first, last))
}

/// The column of "Per region" that holds the required share the chart draws as a line
/// (right of the follow-up table's nine columns).
const REQUIRED_COL: u16 = 9;

/// A money axis: whole kronor, grouped, with "kr".
fn kronor_axis(chart: &mut Chart) {
    chart.y_axis().set_num_format("#,##0 \"kr\"");
}

/// Follow-up per category (costs and financing apart) for the whole scope, per
/// organisation and per region, with charts of budget against actual and of each
/// region's co-financing share against the requirement.
pub fn follow_up_workbook(u: &FollowUp) -> Result<Vec<u8>, RenderError> {
    let mut wb = Workbook::new();
    let f = Formats::new();
    let caption = format!(
        "Budgetuppföljning {}, {}",
        u.total.name,
        match u.year {
            Some(y) => y.to_string(),
            None => format!("hela projektet ({})", u.from.run_in_words(u.to)),
        }
    );
    const CATS: &str = "Per kostnadsslag";
    let ws = wb.add_worksheet().set_name(CATS).map_err(e)?;
    let mut row = super::style::title(
        ws,
        &f,
        &caption,
        &[format!(
            "{} av perioden har gått. Krav på medfinansiering: {} av de stödberättigande kostnaderna.",
            crate::domain::swedish::share(u.elapsed_percent),
            crate::domain::swedish::rate(u.required_cofinancing_percent)
        )],
    )?;
    let mut ranges = Vec::new();
    for (heading, costs) in [("Kostnadsslag", true), ("Finansiering", false)] {
        let mut t = Table::new(
            ws,
            &f,
            row,
            &[
                Col(heading, Kind::Text, 46.0),
                Col("Budget", Kind::Sek, 18.0),
                Col("Utfall", Kind::Sek, 18.0),
                Col("Återstår", Kind::Sek, 18.0),
                Col("Förbrukat", Kind::Percent, 11.0),
            ],
        )?;
        for c in u
            .total
            .categories
            .iter()
            .filter(|c| Category::COSTS.contains(&c.category) == costs)
        {
            t.push(
                ws,
                &f,
                vec![
                    Cell::text(c.label.as_str()),
                    c.budget.into(),
                    c.actual.into(),
                    c.remaining.into(),
                    Cell::percent(c.burn_percent),
                ],
            )?;
        }
        let (first, last) = (row + 1, row + t.rows());
        ranges.push((heading, first, last));
        let next = if costs {
            let n = t.total(ws, &f, 0)?;
            if let Some(p) = u.total.burn_percent {
                ws.write_with_format(n - 2, 4, p.get() / Decimal::ONE_HUNDRED, &f.percent_bold)
                    .map_err(e)?;
            }
            n
        } else {
            t.total(ws, &f, 0)?
        };
        if costs {
            // Overspend is marked on costs; more co-financing than budgeted is no fault.
            mark(ws, &f, first, last, 4, None)?;
        }
        row = next;
    }
    if let Some(share) = u.total.cofinancing_share_percent {
        ws.write_string(
            row,
            0,
            format!(
                "Medfinansieringen är {} av de stödberättigande kostnaderna ({}); kravet är {}.",
                crate::domain::swedish::share(share),
                crate::domain::swedish::kronor(u.total.eligible_actual),
                crate::domain::swedish::rate(u.required_cofinancing_percent)
            ),
        )
        .map_err(e)?;
        row += 2;
    }
    // Costs and financing in charts of their own: they are not one scale.
    for (i, (heading, first, last)) in ranges.iter().enumerate() {
        if last < first {
            continue;
        }
        let mut chart = Chart::new(ChartType::Bar);
        chart.title().set_name(if i == 0 {
            "Kostnader: budget och utfall"
        } else {
            "Finansiering: budget och utfall"
        });
        for (col, name) in [(1u16, "Budget"), (2, "Utfall")] {
            chart
                .add_series()
                .set_name(name)
                .set_categories((CATS, *first, 0, *last, 0))
                .set_values((CATS, *first, col, *last, col));
        }
        chart.x_axis().set_num_format("#,##0 \"kr\"");
        chart.y_axis().set_reverse();
        chart.legend().set_position(ChartLegendPosition::Bottom);
        chart.set_width(420).set_height(280);
        let _ = heading;
        // Side by side, so that both charts print on the page of the tables.
        ws.insert_chart(row, if i == 0 { 0 } else { 2 }, &chart)
            .map_err(e)?;
    }

    let ws = wb.add_worksheet().set_name("Per organisation").map_err(e)?;
    follow_up_sheet(
        ws,
        &f,
        &format!("{caption}: per organisation"),
        &u.organisations,
        u.required_cofinancing_percent,
    )?;
    const REGIONS: &str = "Per region";
    let ws = wb.add_worksheet().set_name(REGIONS).map_err(e)?;
    let (first, last) = follow_up_sheet(
        ws,
        &f,
        &format!("{caption}: per region (regionen och dess kommuner)"),
        &u.regions,
        u.required_cofinancing_percent,
    )?;
    if last >= first {
        // The requirement beside each region's share, drawn as a line over the bars.
        let required = share_fraction(u.required_cofinancing_percent);
        ws.write_string_with_format(first - 1, REQUIRED_COL, "Krav", &f.header_number)
            .map_err(e)?;
        for r in first..=last {
            ws.write_with_format(r, REQUIRED_COL, required, &f.percent)
                .map_err(e)?;
        }
        let mut chart = Chart::new(ChartType::Column);
        chart
            .title()
            .set_name("Medfinansiering i procent av stödberättigande kostnader");
        chart
            .add_series()
            .set_name("Medfinansiering")
            .set_categories((REGIONS, first, 1, last, 1))
            .set_values((REGIONS, first, 7, last, 7));
        let mut line = Chart::new(ChartType::Line);
        line.add_series()
            .set_marker(
                rust_xlsxwriter::ChartMarker::new()
                    .set_type(rust_xlsxwriter::ChartMarkerType::LongDash),
            )
            .set_name("Krav")
            .set_categories((REGIONS, first, 1, last, 1))
            .set_values((REGIONS, first, REQUIRED_COL, last, REQUIRED_COL));
        chart.combine(&line);
        chart.y_axis().set_num_format("0 %").set_min(0.0);
        chart.legend().set_position(ChartLegendPosition::Bottom);
        ws.insert_chart(last + 4, 1, &chart).map_err(e)?;
        let mut chart = Chart::new(ChartType::Column);
        chart
            .title()
            .set_name("Kostnader per region: budget och utfall");
        for (col, name) in [(2u16, "Budget"), (3, "Utfall")] {
            chart
                .add_series()
                .set_name(name)
                .set_categories((REGIONS, first, 1, last, 1))
                .set_values((REGIONS, first, col, last, col));
        }
        kronor_axis(&mut chart);
        chart.legend().set_position(ChartLegendPosition::Bottom);
        ws.insert_chart(last + 4, 6, &chart).map_err(e)?;
    }
    super::style::finish(&mut wb, &caption, &[])
}
