//! Budget workbooks: the template and reader of the approved budget (sheet "Budget",
//! one row per organisation, year and category), and the budget follow-up with charts.

use crate::domain::entered::ShownPercent;
use crate::views::RenderError;
use rust_decimal::Decimal;
use rust_xlsxwriter::{Chart, ChartType, Workbook, Worksheet};

use super::grid::{self, WorkbookError};
use super::reports::{e, header_row, Formats};
use super::template::{self, Column, Rule};
use super::{cells, ImportErrors};
use crate::domain::claim::Category;
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

fn pct(ws: &mut Worksheet, row: u32, col: u16, v: Option<ShownPercent>) -> Result<(), RenderError> {
    if let Some(v) = v {
        ws.write(row, col, v).map_err(e)?;
    }
    Ok(())
}

fn follow_up_sheet(
    ws: &mut Worksheet,
    f: &Formats,
    lines: &[FollowUpLine],
    required: crate::domain::rate::Ppm,
) -> Result<u32, RenderError> {
    header_row(
        ws,
        f,
        &[
            "Kod",
            "Organisation",
            "Budget kostnader",
            "Utfall kostnader",
            "Förbrukat %",
            "Utfall medfinansiering",
            "Medfinansiering % av stödberättigande",
            "Varning",
        ],
        &[10.0, 30.0, 18.0, 18.0, 12.0, 18.0, 16.0, 60.0],
    )?;
    let mut r = 0;
    for l in lines {
        r += 1;
        ws.write_string(r, 0, &l.code).map_err(e)?;
        ws.write_string(r, 1, &l.name).map_err(e)?;
        ws.write_with_format(r, 2, l.cost_budget, &f.sek)
            .map_err(e)?;
        ws.write_with_format(r, 3, l.cost_actual, &f.sek)
            .map_err(e)?;
        pct(ws, r, 4, l.burn_percent)?;
        ws.write_with_format(r, 5, l.cofinancing_actual, &f.sek)
            .map_err(e)?;
        pct(ws, r, 6, l.cofinancing_share_percent)?;
        // The warning in Swedish, from the line's own figures (not the API's English).
        if let (Some(_), Some(share)) = (&l.warning, l.cofinancing_share_percent) {
            let words = format!(
                "Medfinansieringen är {} av de stödberättigande kostnaderna; beviljandet kräver {} %.",
                crate::domain::swedish::share(share),
                crate::domain::rate::ppm_to_percent(required.get()).to_string().replace('.', ",")
            );
            ws.write_string(r, 7, words).map_err(e)?;
        }
    }
    Ok(r)
}

/// Follow-up per category for the whole scope, per organisation and per region, with
/// a chart of budget against actual per category and of each region's co-financing share.
pub fn follow_up_workbook(u: &FollowUp) -> Result<Vec<u8>, RenderError> {
    let mut wb = Workbook::new();
    let f = Formats::new();
    let ws = wb.add_worksheet().set_name("Per kostnadsslag").map_err(e)?;
    header_row(
        ws,
        &f,
        &[
            "Kostnadsslag/finansiering",
            "Budget",
            "Utfall",
            "Återstår",
            "Förbrukat %",
        ],
        &[46.0, 18.0, 18.0, 18.0, 12.0],
    )?;
    let mut r = 0;
    for c in &u.total.categories {
        r += 1;
        ws.write_string(r, 0, &c.label).map_err(e)?;
        ws.write_with_format(r, 1, c.budget, &f.sek).map_err(e)?;
        ws.write_with_format(r, 2, c.actual, &f.sek).map_err(e)?;
        ws.write_with_format(r, 3, c.remaining, &f.sek).map_err(e)?;
        pct(ws, r, 4, c.burn_percent)?;
    }
    ws.write_string(
        r + 2,
        0,
        format!(
            "Period {}–{}; {} % av perioden har gått. Krav på medfinansiering: {} %.",
            u.from, u.to, u.elapsed_percent, u.required_cofinancing_percent
        ),
    )
    .map_err(e)?;
    if r > 0 {
        let mut chart = Chart::new(ChartType::Column);
        chart.title().set_name("Budget och utfall");
        chart
            .add_series()
            .set_name("Budget")
            .set_categories(("Per kostnadsslag", 1, 0, r, 0))
            .set_values(("Per kostnadsslag", 1, 1, r, 1));
        chart
            .add_series()
            .set_name("Utfall")
            .set_categories(("Per kostnadsslag", 1, 0, r, 0))
            .set_values(("Per kostnadsslag", 1, 2, r, 2));
        ws.insert_chart(1, 6, &chart).map_err(e)?;
    }
    let ws = wb.add_worksheet().set_name("Per organisation").map_err(e)?;
    follow_up_sheet(ws, &f, &u.organisations, u.required_cofinancing_percent)?;
    let ws = wb.add_worksheet().set_name("Per region").map_err(e)?;
    let n = follow_up_sheet(ws, &f, &u.regions, u.required_cofinancing_percent)?;
    if n > 0 {
        let mut chart = Chart::new(ChartType::Bar);
        chart
            .title()
            .set_name("Medfinansiering i procent av stödberättigande kostnader");
        chart
            .add_series()
            .set_name("Medfinansiering %")
            .set_categories(("Per region", 1, 1, n, 1))
            .set_values(("Per region", 1, 6, n, 6));
        ws.insert_chart(1, 9, &chart).map_err(e)?;
    }
    let caption = format!(
        "Budgetuppföljning {}, {}",
        u.total.name,
        match u.year {
            Some(y) => y.to_string(),
            None => format!("hela projektet ({})", u.from.run_in_words(u.to)),
        }
    );
    super::style::finish(&mut wb, &caption)
}
