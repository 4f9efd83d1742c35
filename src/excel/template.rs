//! The shared shape of a simple entry template: one data sheet with bold Swedish headers,
//! column formats and data validation, and an instructions sheet with an example row.
//! Validation bounds are written as formula text so no binary float comes near a value.

use crate::views::RenderError;
use rust_xlsxwriter::{
    DataValidation, DataValidationRule, ExcelDateTime, Format, Formula, Workbook, XlsxError,
};

use super::style::{Col, Kind, Table};

/// What a cell of a column may hold, checked by Excel while the user types.
#[derive(Clone, Copy)]
pub enum Rule {
    Any,
    /// One of these labels (a drop-down list).
    OneOf(&'static [&'static str]),
    /// A number between the two bounds (inclusive), written as Excel reads them.
    Between(&'static str, &'static str),
    /// A number of at least this.
    AtLeast(&'static str),
    /// Text of at most this many characters.
    MaxLength(u32),
    /// A date (from 2000 to 2100), as ÅÅÅÅ-MM-DD.
    Date,
}

impl Rule {
    /// What the rule asks for, in Swedish: the prompt a cell shows while it is filled in
    /// and the message when Excel refuses a value.
    fn words(self) -> String {
        match self {
            Rule::Any => String::new(),
            Rule::OneOf(labels) if labels.len() <= 6 => {
                format!("Välj i listan: {}.", labels.join(", "))
            }
            Rule::OneOf(_) => "Välj ett värde i listan.".to_string(),
            Rule::Between(low, high) => format!(
                "Ett tal från {} till {}.",
                low.replace('.', ","),
                high.replace('.', ",")
            ),
            Rule::AtLeast(low) => format!(
                "Ett belopp, minst {}, högst två decimaler.",
                low.replace('.', ",")
            ),
            Rule::MaxLength(n) => format!("Text, högst {n} tecken."),
            Rule::Date => "Ett datum, ÅÅÅÅ-MM-DD (t.ex. 2013-03-15).".to_string(),
        }
    }
}

pub struct Column {
    pub title: &'static str,
    pub width: f64,
    /// Excel number format, e.g. "yyyy-mm-dd" or "#,##0.00".
    pub num_format: Option<&'static str>,
    pub rule: Rule,
}

impl Column {
    pub const fn new(
        title: &'static str,
        width: f64,
        num_format: Option<&'static str>,
        rule: Rule,
    ) -> Self {
        Column {
            title,
            width,
            num_format,
            rule,
        }
    }
}

pub struct Template<'a> {
    pub sheet: &'static str,
    pub columns: &'a [Column],
    pub instructions: &'a [&'a str],
    pub example: &'a [&'a str],
}

/// The version of each template (named by its data sheet). It goes up whenever the
/// template's columns change, so that a workbook filled in an older template is refused
/// with both versions named instead of a wall of header errors. Version 1 is every
/// template made before versions were marked.
pub const VERSIONS: [(&str, u32); 7] = [
    (super::timesheets::SHEET, 2),
    (super::premises::SHEET, 2),
    (super::other_costs::SHEET, 2),
    (super::cash::SHEET, 2),
    (super::participants::PARTICIPANT_SHEET, 2),
    (super::participants::ATTENDANCE_SHEET, 2),
    (super::participants::COMPENSATION_SHEET, 2),
];

/// The workbook-level defined name that carries the template and its version.
pub const VERSION_NAME: &str = "ESF_mallversion";

/// The current version of the template whose data sheet is `sheet`.
pub fn version_of(sheet: &str) -> u32 {
    VERSIONS
        .iter()
        .find(|(s, _)| *s == sheet)
        .map_or(1, |(_, v)| *v)
}

/// Marks a template with its name and version (a defined name holding `"<sheet>;<v>"`).
pub fn mark(wb: &mut Workbook, sheet: &str) -> Result<(), XlsxError> {
    wb.define_name(VERSION_NAME, &format!("=\"{sheet};{}\"", version_of(sheet)))?;
    Ok(())
}

/// The template and version a workbook is marked with, from its defined names.
pub fn marked(names: &[(String, String)]) -> Option<(String, u32)> {
    let (_, formula) = names.iter().find(|(n, _)| n == VERSION_NAME)?;
    let text = formula
        .trim()
        .trim_start_matches('=')
        .trim()
        .trim_matches('"');
    let (sheet, version) = text.rsplit_once(';')?;
    Some((sheet.to_string(), version.trim().parse().ok()?))
}

/// Rows the validation covers (the import refuses more than the grid reader allows anyway).
const VALIDATED_ROWS: u32 = 100_000;

fn e(err: XlsxError) -> RenderError {
    RenderError::new("the template", err)
}

fn validation(title: &str, rule: Rule) -> Result<Option<DataValidation>, XlsxError> {
    let v = match rule {
        Rule::Any => return Ok(None),
        Rule::OneOf(labels) => DataValidation::new().allow_list_strings(labels)?,
        Rule::Between(low, high) => DataValidation::new().allow_decimal_number_formula(
            DataValidationRule::Between(Formula::new(low), Formula::new(high)),
        ),
        Rule::AtLeast(low) => DataValidation::new().allow_decimal_number_formula(
            DataValidationRule::GreaterThanOrEqualTo(Formula::new(low)),
        ),
        Rule::MaxLength(n) => {
            DataValidation::new().allow_text_length(DataValidationRule::LessThanOrEqualTo(n))
        }
        Rule::Date => DataValidation::new().allow_date(DataValidationRule::Between(
            ExcelDateTime::from_ymd(2000, 1, 1)?,
            ExcelDateTime::from_ymd(2100, 12, 31)?,
        )),
    };
    Ok(Some(explained(v, title, &rule.words())?))
}

/// A validation with its prompt (shown while the cell is filled in) and its error
/// message, both in Swedish. Excel keeps a title within 32 characters.
pub(crate) fn explained(
    v: DataValidation,
    title: &str,
    words: &str,
) -> Result<DataValidation, XlsxError> {
    let title: String = title.chars().take(32).collect();
    v.set_input_title(title.as_str())?
        .set_input_message(words)?
        .set_error_title("Ogiltigt värde")?
        .set_error_message(format!("{title}: {words}").as_str())
}

/// The example row's value as the data sheet takes it: a date as a date, a number as a
/// number (shown in the column's format), anything else as text.
fn example_cell(
    ws: &mut rust_xlsxwriter::Worksheet,
    row: u32,
    col: u16,
    c: &Column,
    value: &str,
) -> Result<(), XlsxError> {
    match (c.num_format, c.rule) {
        (_, Rule::Date) | (Some("yyyy-mm-dd"), _) => {
            if let Ok(d) = chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d") {
                let format = Format::new().set_num_format("yyyy-mm-dd");
                ws.write_with_format(row, col, &d, &format)?;
                return Ok(());
            }
        }
        (Some(f), _) if f != "@" => {
            if let Ok(n) = value.parse::<rust_decimal::Decimal>() {
                ws.write_with_format(row, col, n, &Format::new().set_num_format(f))?;
                return Ok(());
            }
        }
        _ => {}
    }
    ws.write_string(row, col, value)?;
    Ok(())
}

/// The template as .xlsx bytes.
pub fn build(t: &Template) -> Result<Vec<u8>, RenderError> {
    let mut wb = Workbook::new();
    let f = super::style::Formats::new();
    let cols: Vec<Col> = t
        .columns
        .iter()
        .map(|c| {
            let kind = match (c.num_format, c.rule) {
                (_, Rule::Date) | (Some("yyyy-mm-dd"), _) => Kind::Date,
                (Some(f), _) if f != "@" => Kind::SekEach,
                _ => Kind::Text,
            };
            Col(c.title, kind, c.width)
        })
        .collect();
    let ws = wb.add_worksheet().set_name(t.sheet).map_err(e)?;
    Table::new(ws, &f, 0, &cols)?.pin(ws)?;
    for (col, c) in t.columns.iter().enumerate() {
        let col = col as u16;
        if let Some(f) = c.num_format {
            ws.set_column_format(col, &Format::new().set_num_format(f))
                .map_err(e)?;
        }
        if let Some(v) = validation(c.title, c.rule).map_err(e)? {
            ws.add_data_validation(1, col, VALIDATED_ROWS, col, &v)
                .map_err(e)?;
        }
    }

    let help = wb.add_worksheet().set_name("Instruktioner").map_err(e)?;
    instructions(help, &f, t.instructions, &cols, |help, row| {
        for (col, value) in t.example.iter().enumerate() {
            example_cell(help, row, col as u16, &t.columns[col], value).map_err(e)?;
        }
        Ok(())
    })?;
    mark(&mut wb, t.sheet).map_err(e)?;
    super::style::finish(&mut wb, &format!("Mall: {}", t.sheet), &[])
}

/// The instructions sheet: each instruction wrapped over the data sheet's columns (which
/// keep their widths, so the example under them reads whole), then the example row under
/// the data sheet's own headings, written by `example`.
pub(crate) fn instructions(
    help: &mut rust_xlsxwriter::Worksheet,
    f: &super::style::Formats,
    lines: &[&str],
    cols: &[Col],
    example: impl FnOnce(&mut rust_xlsxwriter::Worksheet, u32) -> Result<(), RenderError>,
) -> Result<(), RenderError> {
    let last = cols.len().saturating_sub(1) as u16;
    let width = cols.iter().map(|c| c.2 as u32).sum::<u32>().max(60);
    let mut row = super::style::title(help, f, "Så fyller du i mallen", &[])?;
    for line in lines {
        row = super::style::note(help, f, row, last, width, line)?;
    }
    row += 1;
    help.write_string_with_format(row, 0, "Exempel:", &f.bold)
        .map_err(e)?;
    Table::new(help, f, row + 1, cols)?;
    example(help, row + 2)
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::excel::timesheets;

    fn workbook(marker: Option<&str>, first_header: &str) -> Vec<u8> {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet().set_name(timesheets::SHEET).unwrap();
        for (col, title) in timesheets::HEADERS.iter().enumerate() {
            let title = if col == 0 { first_header } else { title };
            ws.write_string(0, col as u16, title).unwrap();
        }
        ws.write_string(1, 0, "P-1").unwrap();
        ws.write_string(1, 1, "2013-03-04").unwrap();
        ws.write_number(1, 2, 8).unwrap();
        ws.write_string(1, 3, "projekt").unwrap();
        if let Some(m) = marker {
            wb.define_name(VERSION_NAME, m).unwrap();
        }
        wb.save_to_buffer().unwrap()
    }

    fn rules(bytes: &[u8]) -> Vec<String> {
        match timesheets::read(bytes).unwrap() {
            Ok(_) => Vec::new(),
            Err(e) => e.listed.into_iter().map(|e| e.rule).collect(),
        }
    }

    #[test]
    fn the_template_carries_its_version_and_reads_back() {
        let t = timesheets::template(&crate::views::imports::TimesheetTemplate {
            project_start: chrono::NaiveDate::from_ymd_opt(2013, 1, 1).unwrap(),
            project_end: chrono::NaiveDate::from_ymd_opt(2014, 12, 31).unwrap(),
            prefill: None,
        })
        .unwrap();
        use calamine::Reader;
        let wb: calamine::Xlsx<_> = calamine::Xlsx::new(std::io::Cursor::new(&t)).unwrap();
        assert_eq!(
            marked(wb.defined_names()),
            Some((timesheets::SHEET.to_string(), version_of(timesheets::SHEET)))
        );
        // The current version (and an unmarked workbook with the right headers) reads.
        let current = format!(
            "=\"{};{}\"",
            timesheets::SHEET,
            version_of(timesheets::SHEET)
        );
        assert!(rules(&workbook(Some(&current), timesheets::HEADERS[0])).is_empty());
        assert!(rules(&workbook(None, timesheets::HEADERS[0])).is_empty());
    }

    #[test]
    fn an_older_template_is_named_with_both_versions() {
        let old = format!("=\"{};1\"", timesheets::SHEET);
        assert_eq!(
            rules(&workbook(Some(&old), "Anst.nr")),
            vec![format!(
                "the workbook was made from template version 1 of {}; this import reads version 2: download the template again and copy the rows into it",
                timesheets::SHEET
            )],
            "one message, not the header errors"
        );
        let other = format!("=\"{};2\"", crate::excel::premises::SHEET);
        assert!(rules(&workbook(Some(&other), timesheets::HEADERS[0]))[0]
            .starts_with("the workbook is the template Lokaler, not Tidrapport"));
        // One renamed column in an unmarked workbook is just that.
        let renamed = rules(&workbook(None, "Anst.nr"));
        assert_eq!(renamed.len(), 1);
        assert!(renamed[0].starts_with("the header must be 'Anställningsnummer'"));
        // Several: the workbook is not from this template, and that is said first.
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet().set_name(timesheets::SHEET).unwrap();
        for (col, title) in ["Nr", "Dag", "Tim", "Fin", "Akt"].iter().enumerate() {
            ws.write_string(0, col as u16, *title).unwrap();
        }
        let unmarked = rules(&wb.save_to_buffer().unwrap());
        assert!(unmarked[0].starts_with("the workbook carries no template version"));
        assert_eq!(unmarked.len(), 6);
    }
}
