//! The one workbook style every export uses (issue 16): its number formats and heading,
//! and the print setup of every sheet (A4 landscape, fit to the page's width, the
//! heading row repeated on each printed page, a header naming the workbook and the
//! sheet, a footer with the print date and "Sida x av y").
//!
//! Number format codes are locale-neutral in the file (`#,##0.00` is grouped and has
//! decimals); LibreOffice and Excel in a Swedish locale show them as `1 234,50`.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use crate::views::RenderError;

/// Kronor: `1 234 567,89 kr` in a Swedish locale.
pub const SEK: &str = "#,##0.00 \"kr\"";
/// Hours, grouped: `1 720,00`.
pub const HOURS: &str = "#,##0.00";

pub(crate) fn e(err: XlsxError) -> RenderError {
    RenderError::new("the workbook", err)
}

pub(crate) struct Formats {
    pub bold: Format,
    pub header: Format,
    pub sek: Format,
    pub sek_bold: Format,
    pub hours: Format,
}

impl Formats {
    pub fn new() -> Self {
        Formats {
            bold: Format::new().set_bold(),
            header: Format::new()
                .set_bold()
                .set_background_color("#DDEBF7")
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_border_bottom(FormatBorder::Thin),
            sek: Format::new().set_num_format(SEK),
            sek_bold: Format::new().set_num_format(SEK).set_bold(),
            hours: Format::new().set_num_format(HOURS),
        }
    }
}

/// The width a heading needs to be read whole (about a character a unit, and a margin).
fn fitting(title: &str, asked: f64) -> f64 {
    let needed = title.chars().count() as u32 + 2;
    asked.max(f64::from(needed.min(60)))
}

/// A table's heading row at the top of a sheet: headings wrapped and never cut off,
/// frozen on screen and repeated on every printed page.
pub(crate) fn header_row(
    ws: &mut Worksheet,
    f: &Formats,
    titles: &[&str],
    widths: &[f64],
) -> Result<(), RenderError> {
    for (c, title) in titles.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *title, &f.header)
            .map_err(e)?;
        ws.set_column_width(
            c as u16,
            fitting(title, widths.get(c).copied().unwrap_or(14.0)),
        )
        .map_err(e)?;
    }
    ws.set_freeze_panes(1, 0).map_err(e)?;
    ws.set_repeat_rows(0, 0).map_err(e)?;
    Ok(())
}

/// A header or footer text as Excel reads it: `&` starts a code, so a literal one is
/// doubled; the whole section is kept within Excel's 255 characters.
fn header_text(s: &str) -> String {
    s.replace('&', "&&").chars().take(120).collect()
}

/// Prints every sheet of `wb` as a Swedish finance office expects, then saves it:
/// A4 landscape, one page wide, the workbook's `caption` (organisation, period) and the
/// sheet's name at the top, the print date and page x of y at the bottom.
pub(crate) fn finish(wb: &mut Workbook, caption: &str) -> Result<Vec<u8>, RenderError> {
    let header = format!("&L&\"-,Bold\"{}&R&A", header_text(caption));
    for ws in wb.worksheets_mut() {
        ws.set_paper_size(9)
            .set_landscape()
            .set_print_fit_to_pages(1, 0)
            .set_header(header.as_str())
            .set_footer("&LUtskriven &D&RSida &P av &N");
    }
    wb.save_to_buffer().map_err(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_are_never_cut_off() {
        assert_eq!(fitting("Kommunkod", 6.0), 11.0);
        assert_eq!(fitting("Belopp", 16.0), 16.0);
        assert_eq!(fitting(&"x".repeat(200), 10.0), 60.0);
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
        header_row(
            ws,
            &f,
            &["Organisation", "Offentligt finansierad ersättning"],
            &[10.0, 10.0],
        )
        .unwrap();
        wb.add_worksheet().set_name("Lön").unwrap();
        let bytes = finish(&mut wb, "Mölndal, mars 2013").unwrap();
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
        let mut book = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("xl/workbook.xml").unwrap(), &mut book)
            .unwrap();
        assert!(
            book.contains("_xlnm.Print_Titles") && book.contains("Sammanställning!$1:$1"),
            "{book}"
        );
    }
}
