//! The one workbook style every export uses (issue 16): its number formats and heading,
//! and the print setup of every sheet (A4 landscape, fit to the page's width, the
//! heading row repeated on each printed page, a header naming the workbook and the
//! sheet, a footer with the print date and "Sida x av y").
//!
//! Number format codes are locale-neutral in the file (`#,##0.00` is grouped and has
//! decimals); LibreOffice and Excel in a Swedish locale show them as `1 234,50`.

use std::borrow::Cow;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_xlsxwriter::{
    utility::cell_range, Format, FormatAlign, FormatBorder, Formula, Workbook, Worksheet, XlsxError,
};

use crate::domain::entered::ShownPercent;
use crate::domain::hours::CentiHours;
use crate::domain::money::Ore;
use crate::domain::period::Month;
use crate::views::RenderError;

/// Kronor: `1 234 567,89 kr` in a Swedish locale.
pub const SEK: &str = "#,##0.00 \"kr\"";
/// Kronor where a negative figure is an overrun: red, with its minus sign.
pub const SEK_OVERRUN: &str = "#,##0.00 \"kr\";[Red]-#,##0.00 \"kr\"";
/// Hours, grouped: `1 720,00`.
pub const HOURS: &str = "#,##0.00";
/// A share: the cell holds the fraction (0.125), shown `12,5 %`.
pub const PERCENT: &str = "0.0 %";
/// A share that must be exact to four decimals (distribution keys): `1,3484 %`.
pub const PERCENT_EXACT: &str = "0.0000 %";
/// A date, as Swedish forms write it: `2013-03-15`.
pub const DATE: &str = "yyyy-mm-dd";
/// A month, held as its first day: `2013-03`.
pub const MONTH: &str = "yyyy-mm";
/// A count, grouped: `1 234`.
pub const COUNT: &str = "#,##0";

pub(crate) fn e(err: XlsxError) -> RenderError {
    RenderError::new("the workbook", err)
}

pub(crate) struct Formats {
    pub bold: Format,
    pub title: Format,
    pub header: Format,
    /// A heading over figures: right-aligned like the figures under it.
    pub header_number: Format,
    pub sek: Format,
    pub sek_bold: Format,
    /// Kronor left of a budget: red when overrun.
    pub sek_remaining: Format,
    pub hours: Format,
    pub hours_bold: Format,
    pub number: Format,
    pub count: Format,
    pub count_bold: Format,
    pub percent: Format,
    pub percent_bold: Format,
    pub percent_exact: Format,
    pub date: Format,
    pub month: Format,
    pub note: Format,
    pub wrap: Format,
    pub warning: Format,
    /// The Summa row's label: bold with a rule above, like the figures beside it.
    pub sum_label: Format,
}

impl Formats {
    pub fn new() -> Self {
        let header = Format::new()
            .set_bold()
            .set_background_color("#DDEBF7")
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_border_bottom(FormatBorder::Thin);
        let sum = |f: Format| f.set_bold().set_border_top(FormatBorder::Thin);
        Formats {
            bold: Format::new().set_bold(),
            title: Format::new().set_bold().set_font_size(14),
            header_number: header.clone().set_align(FormatAlign::Right),
            header,
            sek: Format::new().set_num_format(SEK),
            sek_bold: sum(Format::new().set_num_format(SEK)),
            sek_remaining: Format::new().set_num_format(SEK_OVERRUN),
            hours: Format::new().set_num_format(HOURS),
            hours_bold: sum(Format::new().set_num_format(HOURS)),
            number: Format::new(),
            count: Format::new().set_num_format(COUNT),
            count_bold: sum(Format::new().set_num_format(COUNT)),
            percent: Format::new().set_num_format(PERCENT),
            percent_bold: sum(Format::new().set_num_format(PERCENT)),
            percent_exact: Format::new().set_num_format(PERCENT_EXACT),
            date: Format::new().set_num_format(DATE),
            month: Format::new().set_num_format(MONTH),
            note: Format::new()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_italic(),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            warning: Format::new()
                .set_font_color("#9C0006")
                .set_background_color("#FFC7CE"),
            sum_label: sum(Format::new()),
        }
    }
}

/// What a column holds, which decides its format, its heading's alignment and whether
/// the Summa row adds it up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Text,
    /// Kronor, added up in the Summa row.
    Sek,
    /// Kronor that are not added up (a price, a budget beside its actual).
    SekEach,
    /// Hours, added up.
    Hours,
    /// A count, added up.
    Count,
    /// A count that is not added up (participants active in a month).
    CountEach,
    /// A number that is not a quantity (a row number, a post id): not added up.
    Number,
    Percent,
    PercentExact,
    Date,
    Month,
}

impl Kind {
    fn numeric(self) -> bool {
        !matches!(self, Kind::Text)
    }

    fn summed(self) -> bool {
        matches!(self, Kind::Sek | Kind::Hours | Kind::Count)
    }
}

/// One cell of a table row.
pub(crate) enum Cell<'a> {
    Text(Cow<'a, str>),
    /// Kronor, exact (from öre or a view's decimal kronor).
    Sek(Decimal),
    Hours(Decimal),
    Count(i64),
    /// A share in percent (12.5 for 12,5 %).
    Percent(Decimal),
    Date(NaiveDate),
    Month(Month),
    Empty,
}

impl<'a> Cell<'a> {
    pub fn text(s: impl Into<Cow<'a, str>>) -> Self {
        Cell::Text(s.into())
    }
    pub fn ore(o: Ore) -> Self {
        Cell::Sek(o.to_sek())
    }
    pub fn hours(h: CentiHours) -> Self {
        Cell::Hours(h.to_hours())
    }
    pub fn percent(p: Option<ShownPercent>) -> Self {
        p.map_or(Cell::Empty, |p| Cell::Percent(p.get()))
    }
}

impl From<Ore> for Cell<'_> {
    fn from(o: Ore) -> Self {
        Cell::ore(o)
    }
}

/// A column: its heading, what it holds, and the width asked for (widened to its heading).
pub(crate) struct Col<'a>(pub &'a str, pub Kind, pub f64);

/// A table written row by row (so it also works on a constant-memory sheet): a heading
/// row, numeric headings right-aligned, an autofilter over the rows, and a Summa row
/// whose figures follow the filter (`SUBTOTAL(109, …)`) and carry the exact sum.
pub(crate) struct Table {
    header: u32,
    next: u32,
    kinds: Vec<Kind>,
    sums: Vec<Decimal>,
    /// Whether some rows are shown but not counted (so the Summa is of the counted ones).
    partial: bool,
}

fn too_large() -> RenderError {
    RenderError::new("the workbook", "a column's sum is too large")
}

impl Table {
    /// Writes the heading row at `row`.
    pub fn new(
        ws: &mut Worksheet,
        f: &Formats,
        row: u32,
        cols: &[Col<'_>],
    ) -> Result<Self, RenderError> {
        for (c, Col(title, kind, width)) in cols.iter().enumerate() {
            let format = if kind.numeric() {
                &f.header_number
            } else {
                &f.header
            };
            ws.write_string_with_format(row, c as u16, *title, format)
                .map_err(e)?;
            ws.set_column_width(c as u16, fitting(title, *width))
                .map_err(e)?;
        }
        // A spreadsheet does not grow a wrapped heading's row by itself on opening.
        let lines = cols
            .iter()
            .map(|Col(title, _, width)| wrapped_lines(title, fitting(title, *width)))
            .max()
            .unwrap_or(1);
        ws.set_row_height(row, f64::from(lines * 15)).map_err(e)?;
        Ok(Table {
            header: row,
            next: row + 1,
            kinds: cols.iter().map(|c| c.1).collect(),
            sums: vec![Decimal::ZERO; cols.len()],
            partial: false,
        })
    }

    /// Keeps the heading (and everything above it) on screen and on every printed page.
    pub fn pin(self, ws: &mut Worksheet) -> Result<Self, RenderError> {
        ws.set_freeze_panes(self.header + 1, 0).map_err(e)?;
        ws.set_repeat_rows(0, self.header).map_err(e)?;
        Ok(self)
    }

    /// Writes a row whose figures the Summa row adds up.
    pub fn push(
        &mut self,
        ws: &mut Worksheet,
        f: &Formats,
        cells: Vec<Cell<'_>>,
    ) -> Result<(), RenderError> {
        self.write(ws, f, cells, true)
    }

    /// Writes a row that is shown but not counted in the Summa row (an organisation whose
    /// report is not included); the Summa row then says so.
    pub fn push_uncounted(
        &mut self,
        ws: &mut Worksheet,
        f: &Formats,
        cells: Vec<Cell<'_>>,
    ) -> Result<(), RenderError> {
        self.partial = true;
        self.write(ws, f, cells, false)
    }

    fn write(
        &mut self,
        ws: &mut Worksheet,
        f: &Formats,
        cells: Vec<Cell<'_>>,
        counted: bool,
    ) -> Result<(), RenderError> {
        let r = self.next;
        for (c, cell) in cells.into_iter().enumerate() {
            let col = c as u16;
            let added = match cell {
                Cell::Text(s) => {
                    ws.write_string(r, col, s.as_ref()).map_err(e)?;
                    None
                }
                Cell::Sek(v) => {
                    ws.write_with_format(r, col, v, &f.sek).map_err(e)?;
                    Some(v)
                }
                Cell::Hours(v) => {
                    ws.write_with_format(r, col, v, &f.hours).map_err(e)?;
                    Some(v)
                }
                Cell::Count(n) => {
                    let format = match self.kinds.get(c) {
                        Some(Kind::Number) => &f.number,
                        Some(Kind::CountEach) => &f.count,
                        _ => &f.count,
                    };
                    ws.write_with_format(r, col, n as f64, format).map_err(e)?;
                    Some(Decimal::from(n))
                }
                Cell::Percent(p) => {
                    let format = match self.kinds.get(c) {
                        Some(Kind::PercentExact) => &f.percent_exact,
                        _ => &f.percent,
                    };
                    ws.write_with_format(r, col, p / Decimal::ONE_HUNDRED, format)
                        .map_err(e)?;
                    None
                }
                Cell::Date(d) => {
                    ws.write_with_format(r, col, &d, &f.date).map_err(e)?;
                    None
                }
                Cell::Month(m) => {
                    ws.write_with_format(r, col, &m.first_day(), &f.month)
                        .map_err(e)?;
                    None
                }
                Cell::Empty => None,
            };
            if let (Some(v), Some(true), true) =
                (added, self.kinds.get(c).map(|k| k.summed()), counted)
            {
                self.sums[c] = self.sums[c].checked_add(v).ok_or_else(too_large)?;
            }
        }
        self.next += 1;
        Ok(())
    }

    /// The rows written so far.
    pub fn rows(&self) -> u32 {
        self.next - self.header - 1
    }

    /// Puts the autofilter over the table and writes its Summa row, the label in column
    /// `label_col`. Returns the first free row after a blank one.
    pub fn total(
        self,
        ws: &mut Worksheet,
        f: &Formats,
        label_col: u16,
    ) -> Result<u32, RenderError> {
        let last = self.filter(ws)?;
        let r = self.next;
        for c in 0..self.kinds.len() {
            let col = c as u16;
            if col == label_col {
                let label = if self.partial {
                    "Summa (rader som ingår)"
                } else {
                    "Summa"
                };
                ws.write_string_with_format(r, col, label, &f.sum_label)
                    .map_err(e)?;
                continue;
            }
            let kind = self.kinds[c];
            if !kind.summed() {
                ws.write_blank(r, col, &f.sum_label).map_err(e)?;
                continue;
            }
            let format = match kind {
                Kind::Hours => &f.hours_bold,
                Kind::Count => &f.count_bold,
                _ => &f.sek_bold,
            };
            let sum = self.sums[c];
            if last > self.header && !self.partial {
                let range = cell_range(self.header + 1, col, last, col);
                let formula = Formula::new(format!("=SUBTOTAL(109,{range})"))
                    .set_result(sum.normalize().to_string());
                ws.write_formula_with_format(r, col, formula, format)
                    .map_err(e)?;
            } else {
                ws.write_with_format(r, col, sum, format).map_err(e)?;
            }
        }
        Ok(r + 2)
    }

    /// Puts the autofilter over a table that has nothing to add up.
    pub fn end(self, ws: &mut Worksheet) -> Result<u32, RenderError> {
        self.filter(ws)?;
        Ok(self.next + 1)
    }

    /// The autofilter over the heading and the rows written; returns the last row.
    fn filter(&self, ws: &mut Worksheet) -> Result<u32, RenderError> {
        let last = self.next - 1;
        ws.autofilter(
            self.header,
            0,
            last.max(self.header),
            self.kinds.len() as u16 - 1,
        )
        .map_err(e)?;
        Ok(last)
    }
}

/// At most `n` parts of a whole for a chart, largest first: when there are more, the
/// smallest are put together as `rest` ("Övriga"), so a chart stays readable. `add`
/// adds two parts (checked: None when the sum is too large).
pub(crate) fn top_n<T: Copy + Ord>(
    mut parts: Vec<(String, T)>,
    n: usize,
    rest: &str,
    add: fn(T, T) -> Option<T>,
) -> Result<Vec<(String, T)>, RenderError> {
    parts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    if parts.len() <= n || n == 0 {
        return Ok(parts);
    }
    let others = parts[n..]
        .iter()
        .try_fold(parts[n - 1].1, |sum, p| add(sum, p.1))
        .ok_or_else(too_large)?;
    parts.truncate(n - 1);
    parts.push((rest.to_string(), others));
    Ok(parts)
}

/// A sheet's title block: the title large and bold, then each line under it. Returns
/// the first free row after a blank one.
pub(crate) fn title(
    ws: &mut Worksheet,
    f: &Formats,
    title: &str,
    lines: &[String],
) -> Result<u32, RenderError> {
    ws.write_string_with_format(0, 0, title, &f.title)
        .map_err(e)?;
    for (i, l) in lines.iter().enumerate() {
        ws.write_string(i as u32 + 1, 0, l).map_err(e)?;
    }
    Ok(lines.len() as u32 + 2)
}

/// An explanatory note over columns `0..=last_col`, wrapped within them and tall enough
/// to be read whole (`width` is the columns' total width in character units). Returns
/// the row after it.
pub(crate) fn note(
    ws: &mut Worksheet,
    f: &Formats,
    row: u32,
    last_col: u16,
    width: u32,
    text: &str,
) -> Result<u32, RenderError> {
    if last_col == 0 {
        ws.write_string_with_format(row, 0, text, &f.note)
            .map_err(e)?;
    } else {
        ws.merge_range(row, 0, row, last_col, text, &f.note)
            .map_err(e)?;
    }
    // About 1.1 characters per width unit in the default font; 15 points a line.
    let per_line = (width.saturating_mul(11) / 10).max(10) as usize;
    let lines = text
        .split('\n')
        .map(|p| p.chars().count().div_ceil(per_line).max(1))
        .sum::<usize>();
    let points = u32::try_from(lines).unwrap_or(400).min(400) * 15 + 2;
    ws.set_row_height(row, f64::from(points)).map_err(e)?;
    Ok(row + 1)
}

/// The width a heading needs to be read whole, wrapped on at most three lines: its
/// longest word and a third of it (about a character a unit, and a margin).
fn fitting(title: &str, asked: f64) -> f64 {
    let longest = title
        .split_whitespace()
        .map(|w| w.chars().count())
        .max()
        .unwrap_or(0);
    let third = title.chars().count().div_ceil(3);
    let chars = u32::try_from(longest.max(third)).unwrap_or(60);
    let needed = (chars * 11 / 10).min(58) + 2;
    asked.max(f64::from(needed))
}

/// How many lines `text` takes wrapped at word boundaries in a column `width` wide
/// (a bold character takes about a unit and a tenth).
pub(crate) fn wrapped_lines(text: &str, width: f64) -> u32 {
    let per_line = ((width as usize) * 10 / 11).max(6);
    let (mut lines, mut used) = (1u32, 0usize);
    for word in text.split_whitespace() {
        let n = word.chars().count();
        if used > 0 && used + 1 + n > per_line {
            lines += 1;
            used = n;
        } else {
            used += if used > 0 { n + 1 } else { n };
        }
    }
    lines.min(6)
}

/// A header or footer text as Excel reads it: `&` starts a code, so a literal one is
/// doubled; the whole section is kept within Excel's 255 characters.
fn header_text(s: &str) -> String {
    s.replace('&', "&&").chars().take(120).collect()
}

/// Prints every sheet of `wb` as a Swedish finance office expects, then saves it:
/// A4 landscape, one page wide (the sheets named in `one_page` on a single page), the
/// workbook's `caption` (organisation, period) and the sheet's name at the top, the print
/// date and page x of y at the bottom.
pub(crate) fn finish(
    wb: &mut Workbook,
    caption: &str,
    one_page: &[&str],
) -> Result<Vec<u8>, RenderError> {
    let header = format!("&L&\"-,Bold\"{}&R&A", header_text(caption));
    for ws in wb.worksheets_mut() {
        let tall = if one_page.contains(&ws.name().as_str()) {
            1
        } else {
            0
        };
        ws.set_paper_size(9)
            .set_landscape()
            .set_print_fit_to_pages(1, tall)
            .set_header(header.as_str())
            .set_footer("&LUtskriven &D&RSida &P av &N");
    }
    wb.save_to_buffer().map_err(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_keeps_the_largest_parts_and_puts_the_rest_together() {
        let parts = (1..=10)
            .map(|i| (format!("O{i}"), Ore::new(i * 100)))
            .collect();
        let top = top_n(parts, 4, "Övriga", Ore::checked_add).unwrap();
        assert_eq!(
            top,
            vec![
                ("O10".to_string(), Ore::new(1000)),
                ("O9".to_string(), Ore::new(900)),
                ("O8".to_string(), Ore::new(800)),
                ("Övriga".to_string(), Ore::new(2800)),
            ]
        );
    }

    #[test]
    fn headings_are_never_cut_off() {
        assert_eq!(fitting("Kommunkod", 6.0), 11.0);
        assert_eq!(fitting("Belopp", 16.0), 16.0);
        assert_eq!(fitting(&"x".repeat(200), 10.0), 60.0);
        // Wrapped on three lines: a third of the heading, or its longest word.
        assert_eq!(fitting("Aktiva 25 år och äldre vid start", 9.0), 14.0);
        assert_eq!(fitting("Medfinansiering av stödberättigande", 9.0), 19.0);
        assert_eq!(wrapped_lines("Aktiva 25 år och äldre vid start", 14.0), 3);
        assert_eq!(wrapped_lines("Belopp", 16.0), 1);
    }

    #[test]
    fn a_caption_cannot_inject_header_codes() {
        assert_eq!(header_text("R&D, mars 2013"), "R&&D, mars 2013");
    }

    #[test]
    fn every_sheet_prints_a4_landscape_one_page_wide_with_its_page_numbers() {
        let mut wb = Workbook::new();
        let f = Formats::new();
        let ws = wb.add_worksheet().set_name("Sammanställning").unwrap();
        let mut t = Table::new(
            ws,
            &f,
            0,
            &[
                Col("Organisation", Kind::Text, 10.0),
                Col("Offentligt finansierad ersättning", Kind::Sek, 10.0),
            ],
        )
        .unwrap()
        .pin(ws)
        .unwrap();
        for (name, ore) in [("Mölndal", 12_345), ("Kungsbacka", 1_000_050)] {
            t.push(ws, &f, vec![Cell::text(name), Ore::new(ore).into()])
                .unwrap();
        }
        t.total(ws, &f, 0).unwrap();
        wb.add_worksheet().set_name("Lön").unwrap();
        let bytes = finish(&mut wb, "Mölndal, mars 2013", &[]).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        for sheet in ["xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"] {
            let mut xml = String::new();
            std::io::Read::read_to_string(&mut zip.by_name(sheet).unwrap(), &mut xml).unwrap();
            assert!(xml.contains("<pageSetUpPr fitToPage=\"1\"/>"), "{xml}");
            assert!(
                xml.contains("paperSize=\"9\"") && xml.contains("orientation=\"landscape\""),
                "{xml}"
            );
            assert!(xml.contains("fitToHeight=\"0\""), "{xml}");
            assert!(xml.contains("Mölndal, mars 2013&amp;R&amp;A"), "{xml}");
            assert!(xml.contains("Sida &amp;P av &amp;N"), "{xml}");
        }
        let mut xml = String::new();
        std::io::Read::read_to_string(
            &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
            &mut xml,
        )
        .unwrap();
        // The autofilter over the rows, and a Summa that follows it and holds the exact sum.
        assert!(xml.contains("<autoFilter ref=\"A1:B3\"/>"), "{xml}");
        assert!(
            xml.contains("<f>SUBTOTAL(109,B2:B3)</f><v>10123.95</v>"),
            "{xml}"
        );
        let mut book = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("xl/workbook.xml").unwrap(), &mut book)
            .unwrap();
        assert!(
            book.contains("_xlnm.Print_Titles") && book.contains("Sammanställning!$1:$1"),
            "{book}"
        );
    }
}
