//! The timesheet workbook: a template to fill in, and the reader of a filled one.
//! Sheet "Tidrapport", one row per staff member and day.

use crate::views::RenderError;
use chrono::NaiveDate;
use rust_xlsxwriter::{DataValidation, DataValidationRule, ExcelDateTime, Workbook, XlsxError};

use super::grid::{self, WorkbookError};
use super::style::{Col, Formats, Kind, Table};
use super::{cells, ImportErrors};
use crate::domain::entry::Funding;
use crate::domain::hours;
use crate::views::imports::{TimesheetPrefill, TimesheetTemplate};

pub const SHEET: &str = "Tidrapport";
pub const HEADERS: [&str; 5] = [
    "Anställningsnummer",
    "Datum",
    "Timmar",
    "Finansiering",
    "Aktivitet",
];
const FUNDING_LABELS: [(&str, Funding); 2] = [
    ("projekt", Funding::Project),
    ("medfinansiering", Funding::InKind),
];
/// Rows the template prepares validation for.
const TEMPLATE_ROWS: u32 = 100_000;

/// One valid row of a filled timesheet workbook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRow {
    /// The row number Excel shows.
    pub row: u32,
    pub employee_number: String,
    pub date: NaiveDate,
    pub hours_centi: i64,
    pub funding: Funding,
    pub note: String,
}

fn xlsx_error(e: XlsxError) -> RenderError {
    RenderError::new("the timesheet template", e)
}

/// A working day for the example row: a week into the project, never a weekend or
/// Epiphany (a project starting on New Year's Day must not teach a holiday).
fn example_day(project_start: NaiveDate) -> NaiveDate {
    let mut d = project_start + chrono::Days::new(7);
    while !crate::domain::calendar::is_working_day(d) {
        d = d + chrono::Days::new(1);
    }
    d
}

/// The template: headers in Swedish, validation on every data cell, and an
/// instructions sheet with an example row (kept off the data sheet so an untouched
/// template imports nothing).
pub fn template(t: &TimesheetTemplate) -> Result<Vec<u8>, RenderError> {
    use super::template::explained;
    use chrono::Datelike;
    let (project_start, project_end) = (t.project_start, t.project_end);
    let mut wb = Workbook::new();
    let f = Formats::new();
    let cols = [
        Col(HEADERS[0], Kind::Text, 18.0),
        Col(HEADERS[1], Kind::Date, 12.0),
        Col(HEADERS[2], Kind::Hours, 9.0),
        Col(HEADERS[3], Kind::Text, 16.0),
        Col(HEADERS[4], Kind::Text, 40.0),
    ];
    let ws = wb.add_worksheet().set_name(SHEET).map_err(xlsx_error)?;
    Table::new(ws, &f, 0, &cols)?.pin(ws)?;
    ws.set_column_format(1, &f.date).map_err(xlsx_error)?;
    ws.set_column_format(2, &f.hours).map_err(xlsx_error)?;
    let excel_date = |d: NaiveDate| {
        ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8).map_err(xlsx_error)
    };
    let period = format!("Arbetsdagen, ÅÅÅÅ-MM-DD, från {project_start} till {project_end}.");
    let dates = explained(
        DataValidation::new().allow_date(DataValidationRule::Between(
            excel_date(project_start)?,
            excel_date(project_end)?,
        )),
        HEADERS[1],
        &period,
    )
    .map_err(xlsx_error)?;
    // Excel's own input check (the service validates exactly, in hundredths).
    let hours_rule = explained(
        DataValidation::new().allow_decimal_number(DataValidationRule::Between(0.01, 13.0)),
        HEADERS[2],
        "Timmar den dagen: mer än 0 och högst 13, högst två decimaler (t.ex. 7,5).",
    )
    .map_err(xlsx_error)?;
    let funding = explained(
        DataValidation::new()
            .allow_list_strings(&FUNDING_LABELS.map(|(label, _)| label))
            .map_err(xlsx_error)?,
        HEADERS[3],
        "Välj i listan: projekt (lönen betalas av projektet) eller medfinansiering (arbetstiden är ett bidrag).",
    )
    .map_err(xlsx_error)?;
    ws.add_data_validation(1, 1, TEMPLATE_ROWS, 1, &dates)
        .map_err(xlsx_error)?;
    ws.add_data_validation(1, 2, TEMPLATE_ROWS, 2, &hours_rule)
        .map_err(xlsx_error)?;
    ws.add_data_validation(1, 3, TEMPLATE_ROWS, 3, &funding)
        .map_err(xlsx_error)?;
    if let Some(p) = &t.prefill {
        prefill(ws, &f, p)?;
    }

    let help = wb
        .add_worksheet()
        .set_name("Instruktioner")
        .map_err(xlsx_error)?;
    let mut lines = vec![
        "Fyll i fliken Tidrapport: en rad per anställd och dag.",
        "Anställningsnummer: organisationens nummer för den anställda (se personalregistret).",
        "Datum: arbetsdagen, inom projektets period. Timmar: högst 13 per dag, högst två decimaler.",
        "Finansiering: projekt (lön betald av projektet) eller medfinansiering (arbetstid som bidrag).",
        "Inga formler och inga tomma rader mellan raderna. Samma fil kan läsas in igen utan dubbletter.",
    ];
    if t.prefill.is_some() {
        lines.insert(
            1,
            "Mallen är förifylld med organisationens personal och månadens arbetsdagar (helgdagar, midsommarafton, julafton och nyårsafton är borttagna). Fyll i timmar de dagar personen arbetade i projektet; en rad utan timmar är en dag utan arbete i projektet: den läses inte in, och timmar som en tidigare inläsning gav den dagen tas bort. Finansiering är förifylld med projekt: ändra till medfinansiering för arbetstid som är ett bidrag. Fliken Personal visar vem som har vilket nummer.",
        );
    }
    let example = excel_date(example_day(project_start))?;
    super::template::instructions(help, &f, &lines, &cols, |help, row| {
        help.write_string(row, 0, "1042").map_err(xlsx_error)?;
        help.write_with_format(row, 1, &example, &f.date)
            .map_err(xlsx_error)?;
        // Hours as a number (7,5 in a Swedish locale), as the data sheet takes them.
        help.write_with_format(row, 2, 7.5, &f.hours)
            .map_err(xlsx_error)?;
        help.write_string(row, 3, "projekt").map_err(xlsx_error)?;
        help.write_string(row, 4, "Metodverkstad, samtal med elever")
            .map_err(xlsx_error)?;
        Ok(())
    })?;
    if let Some(p) = &t.prefill {
        let staff = wb
            .add_worksheet()
            .set_name("Personal")
            .map_err(xlsx_error)?;
        let mut table = Table::new(
            staff,
            &f,
            0,
            &[
                Col(HEADERS[0], Kind::Text, 18.0),
                Col("Namn", Kind::Text, 36.0),
            ],
        )?
        .pin(staff)?;
        for (number, name) in &p.staff {
            table.push(
                staff,
                &f,
                vec![
                    super::style::Cell::text(number.as_str()),
                    super::style::Cell::text(name.as_str()),
                ],
            )?;
        }
        table.end(staff)?;
    }
    super::template::mark(&mut wb, SHEET).map_err(xlsx_error)?;
    let caption = match &t.prefill {
        Some(p) => format!("Tidrapport {}, {}", p.organisation_name, p.month.in_words()),
        None => "Mall: tidrapport".to_string(),
    };
    super::style::finish(&mut wb, &caption, &[])
}

/// The rows of a pre-filled template: every active staff member on every working day,
/// financing "projekt", hours left for the user.
fn prefill(
    ws: &mut rust_xlsxwriter::Worksheet,
    f: &super::style::Formats,
    p: &TimesheetPrefill,
) -> Result<(), RenderError> {
    let mut row = 1u32;
    for (number, _) in &p.staff {
        for day in &p.days {
            ws.write_string(row, 0, number).map_err(xlsx_error)?;
            ws.write_with_format(row, 1, day, &f.date)
                .map_err(xlsx_error)?;
            ws.write_string(row, 3, FUNDING_LABELS[0].0)
                .map_err(xlsx_error)?;
            row += 1;
        }
    }
    Ok(())
}

/// A row with an employee and a date and nothing else: a day not worked. The file says
/// so, so hours imported for that day earlier are cleared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayOff {
    pub row: u32,
    pub employee_number: String,
    pub date: chrono::NaiveDate,
}

/// The rows of a filled timesheet workbook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimesheetRows {
    pub rows: Vec<ImportRow>,
    /// Rows left with no hours (a pre-filled day not worked).
    pub without_hours: Vec<DayOff>,
}

enum Parsed {
    Day(ImportRow),
    NoHours(DayOff),
}

/// Reads and checks every row; returns the valid rows or every error found. A row with
/// an employee and a date whose hours are left empty is a day not worked (the
/// pre-filled template lists every working day): it is returned apart, to clear that
/// day if hours were imported for it before.
pub fn read(bytes: &[u8]) -> Result<Result<TimesheetRows, ImportErrors>, WorkbookError> {
    let parsed = grid::read_rows(bytes, SHEET, &HEADERS, |row, c, fail| {
        // A pre-filled day not worked: an employee and a date, the hours left empty.
        // Anything less is checked (and refused) as any other row.
        // A row the user wrote on (an activity, another financing) is not one.
        if let (true, Ok(date), true, true) = (
            matches!(c[2], calamine::Data::Empty) && !cells::text(&c[0]).is_empty(),
            cells::date(&c[1]),
            matches!(cells::text(&c[3]).as_str(), "" | "projekt"),
            cells::text(&c[4]).is_empty(),
        ) {
            return Some(Parsed::NoHours(DayOff {
                row,
                employee_number: cells::text(&c[0]),
                date,
            }));
        }
        let employee_number = cells::text(&c[0]);
        if employee_number.is_empty() {
            fail(0, "the employee number is required".into());
        }
        let date = cells::date(&c[1])
            .map_err(|m| fail(1, format!("Datum {m}")))
            .ok();
        let hours = cells::decimal(&c[2])
            .and_then(hours::to_centi)
            .and_then(|h| hours::check_day(h).map(|_| h))
            .map_err(|m| fail(2, format!("Timmar: {m}")))
            .ok();
        let funding = cells::choice(&c[3], &FUNDING_LABELS)
            .map_err(|m| fail(3, format!("Finansiering {m}")))
            .ok();
        let note = cells::text(&c[4]);
        if note.chars().count() > crate::domain::workflow::MAX_NOTE_CHARS {
            fail(
                4,
                format!(
                    "Aktivitet must be at most {} characters",
                    crate::domain::workflow::MAX_NOTE_CHARS
                ),
            );
        }
        Some(Parsed::Day(ImportRow {
            row,
            employee_number,
            date: date?,
            hours_centi: hours?,
            funding: funding?,
            note,
        }))
    })?;
    Ok(parsed.map(|all| {
        let mut out = TimesheetRows {
            rows: Vec::with_capacity(all.len()),
            without_hours: Vec::new(),
        };
        for p in all {
            match p {
                Parsed::Day(r) => out.rows.push(r),
                Parsed::NoHours(day) => out.without_hours.push(day),
            }
        }
        out
    }))
}

#[cfg(test)]
mod example_tests {
    use super::example_day;
    use chrono::NaiveDate;

    #[test]
    fn the_example_is_a_working_day() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        // Plug In started on Sunday 1 January 2012.
        assert_eq!(example_day(d("2012-01-01")), d("2012-01-09"));
        assert_eq!(example_day(d("2013-01-01")), d("2013-01-08"));
        // 2014-01-06 is a Monday and Epiphany.
        assert_eq!(example_day(d("2013-12-30")), d("2014-01-07"));
    }
}
