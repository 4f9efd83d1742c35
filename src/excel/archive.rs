//! Limits on what an uploaded workbook may unpack to, checked before any XML is parsed.
//! An .xlsx is a zip archive: 20 MB of upload can hold gigabytes of XML (a zip bomb),
//! and calamine loads the shared strings and styles whole. Every part is therefore
//! decompressed once into a counting sink, stopping as soon as it passes its limit;
//! the sizes the archive declares are not trusted.

use std::io::{self, Cursor, Read};

use super::grid::WorkbookError;

/// The most parts (files) a workbook may hold; Excel writes about a dozen.
pub const MAX_PARTS: usize = 1_000;
/// The most one part may unpack to. A 200 000-row sheet is about 40 MB of XML.
pub const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;
/// The most all parts together may unpack to.
pub const MAX_TOTAL_BYTES: u64 = 192 * 1024 * 1024;
/// The most the styles and theme may unpack to: calamine copies each custom number
/// format into every cell format that uses it, so a large styles part multiplies.
/// Excel's own are a few kB.
pub const MAX_STYLE_BYTES: u64 = 4 * 1024 * 1024;

/// The limit of one part, by its name.
fn part_limit(name: &str, max_part: u64) -> u64 {
    if name == "xl/styles.xml" || name.starts_with("xl/theme/") {
        max_part.min(MAX_STYLE_BYTES)
    } else {
        max_part
    }
}

/// Refuses an archive that is not a readable zip, has too many parts, or unpacks to
/// more than the limits allow.
pub fn check(bytes: &[u8]) -> Result<(), WorkbookError> {
    check_with(bytes, MAX_PARTS, MAX_PART_BYTES, MAX_TOTAL_BYTES)
}

fn check_with(
    bytes: &[u8],
    max_parts: usize,
    max_part: u64,
    max_total: u64,
) -> Result<(), WorkbookError> {
    let unreadable = |e: &dyn std::fmt::Display| {
        WorkbookError::Unreadable(format!("the workbook cannot be read: {e}"))
    };
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    if zip.len() > max_parts {
        return Err(WorkbookError::TooLarge(format!(
            "the workbook holds {} parts; at most {max_parts} are accepted",
            zip.len()
        )));
    }
    let mut total = 0u64;
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).map_err(|e| unreadable(&e))?;
        if part.is_dir() {
            continue;
        }
        let name = part.name().map_err(|e| unreadable(&e))?.to_string();
        let max_part = part_limit(&name, max_part);
        let too_large = || {
            WorkbookError::TooLarge(format!(
                "the workbook part {name} unpacks to more than {} MB; split the file",
                max_part.div_ceil(1024 * 1024)
            ))
        };
        if part.size() > max_part {
            return Err(too_large());
        }
        let unpacked = io::copy(&mut (&mut part).take(max_part + 1), &mut io::sink())
            .map_err(|e| unreadable(&e))?;
        if unpacked > max_part {
            return Err(too_large());
        }
        total += unpacked;
        if total > max_total {
            return Err(WorkbookError::TooLarge(format!(
                "the workbook unpacks to more than {} MB; split the file",
                max_total / (1024 * 1024)
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use zip::write::SimpleFileOptions;

    fn archive(parts: &[(&str, usize)]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, size) in parts {
            zip.start_file(*name, SimpleFileOptions::default()).unwrap();
            zip.write_all(&vec![b' '; *size]).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn limits_hold_on_what_is_unpacked() {
        let ok = archive(&[("a.xml", 1000), ("b.xml", 1000)]);
        assert_eq!(check_with(&ok, 2, 1000, 2000), Ok(()));
        assert!(
            matches!(check_with(&ok, 1, 1000, 2000), Err(WorkbookError::TooLarge(m)) if m.contains("2 parts"))
        );
        assert!(
            matches!(check_with(&ok, 2, 999, 2000), Err(WorkbookError::TooLarge(m)) if m.contains("a.xml"))
        );
        assert!(matches!(
            check_with(&ok, 2, 1000, 1999),
            Err(WorkbookError::TooLarge(_))
        ));
        assert!(matches!(
            check(b"PK\x03\x04 not really"),
            Err(WorkbookError::Unreadable(_))
        ));
    }
}
