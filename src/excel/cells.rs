//! Reading typed values out of workbook cells. calamine hands numbers over as binary
//! floating point; they are turned into exact decimals at once through their shortest
//! round-trip text (what the user typed), and more decimals than allowed are refused,
//! never rounded away.

use calamine::{Data, DataType};
use chrono::{Datelike, NaiveDate};

use crate::domain::period::Month;
use rust_decimal::Decimal;

/// The cell as text for error messages.
pub fn display(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::DateTime(d) => d
            .as_datetime()
            .map(|d| d.date().to_string())
            .unwrap_or_else(|| d.to_string()),
        other => other.to_string(),
    }
}

pub fn is_blank(cell: &Data) -> bool {
    match cell {
        Data::Empty => true,
        Data::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// An exact decimal from a number cell (or a text cell holding a plain number).
pub fn decimal(cell: &Data) -> Result<Decimal, String> {
    let text = match cell {
        Data::Int(i) => i.to_string(),
        // Rust prints the shortest text that reads back as the same float: what was typed.
        Data::Float(f) if f.is_finite() => format!("{f}"),
        Data::String(s) => s.trim().replace(',', "."),
        Data::Empty => return Err("is empty; a number is required".into()),
        _ => return Err("is not a number".into()),
    };
    Decimal::from_str_exact(&text)
        .or_else(|_| text.parse::<Decimal>())
        .map_err(|_| "is not a number".to_string())
}

/// A date from a date-formatted cell or ISO text (YYYY-MM-DD).
pub fn date(cell: &Data) -> Result<NaiveDate, String> {
    match cell {
        Data::DateTime(_) | Data::DateTimeIso(_) => {
            cell.as_date().ok_or_else(|| "is not a valid date".into())
        }
        Data::String(s) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
            .map_err(|_| "is not a date; write YYYY-MM-DD or format the cell as a date".into()),
        Data::Empty => Err("is empty; a date is required".into()),
        _ => Err("is a number, not a date; format the cell as a date or write YYYY-MM-DD".into()),
    }
}

/// A month from ISO text (YYYY-MM) or a date cell on the first of a month (what Excel
/// makes of "2013-03"); any other day is refused rather than silently moved.
pub fn month(cell: &Data) -> Result<Month, String> {
    match cell {
        Data::DateTime(_) | Data::DateTimeIso(_) => {
            let d = cell.as_date().ok_or("is not a valid date")?;
            if d.day() == 1 {
                Ok(Month::of(d))
            } else {
                Err(format!("is the date {d}, not a month; write YYYY-MM"))
            }
        }
        Data::String(s) => {
            Month::parse(s.trim()).map_err(|_| "is not a month; write YYYY-MM".into())
        }
        Data::Empty => Err("is empty; a month (YYYY-MM) is required".into()),
        _ => Err("is not a month; write YYYY-MM".into()),
    }
}

/// The value whose Swedish label the cell holds (case and surrounding space ignored).
pub fn choice<T: Copy>(cell: &Data, labels: &[(&str, T)]) -> Result<T, String> {
    let given = text(cell).to_lowercase();
    labels
        .iter()
        .find(|(label, _)| *label == given)
        .map(|(_, value)| *value)
        .ok_or_else(|| {
            let names: Vec<String> = labels.iter().map(|(l, _)| format!("'{l}'")).collect();
            format!("must be one of {}", names.join(", "))
        })
}

/// Text, trimmed; numbers are accepted as their text (employee numbers such as 1042).
pub fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.trim().to_string(),
        Data::Empty => String::new(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
        other => display(other).trim().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_exact() {
        assert_eq!(decimal(&Data::Float(7.1)).unwrap().to_string(), "7.1");
        assert_eq!(decimal(&Data::Float(7.25)).unwrap().to_string(), "7.25");
        assert_eq!(
            decimal(&Data::Float(0.1 + 0.2)).unwrap().to_string(),
            "0.30000000000000004"
        );
        assert_eq!(decimal(&Data::Int(8)).unwrap().to_string(), "8");
        assert_eq!(
            decimal(&Data::String(" 7,5 ".into())).unwrap().to_string(),
            "7.5"
        );
        assert!(decimal(&Data::String("sju".into())).is_err());
        assert!(decimal(&Data::Bool(true)).is_err());
        assert!(decimal(&Data::Empty).is_err());
    }

    #[test]
    fn months_and_choices() {
        use calamine::{ExcelDateTime, ExcelDateTimeType};
        assert_eq!(
            month(&Data::String(" 2013-03 ".into()))
                .unwrap()
                .to_string(),
            "2013-03"
        );
        // 2013-03-01 and 2013-03-15 as Excel serial dates.
        let first = Data::DateTime(ExcelDateTime::new(
            41334.0,
            ExcelDateTimeType::DateTime,
            false,
        ));
        assert_eq!(month(&first).unwrap().to_string(), "2013-03");
        let mid = Data::DateTime(ExcelDateTime::new(
            41348.0,
            ExcelDateTimeType::DateTime,
            false,
        ));
        assert!(month(&mid).unwrap_err().contains("2013-03-15"));
        assert!(month(&Data::String("mars".into())).is_err());
        assert!(month(&Data::Empty).is_err());
        let labels = [("resa", 1), ("materiel", 2)];
        assert_eq!(choice(&Data::String(" Resa ".into()), &labels), Ok(1));
        assert_eq!(
            choice(&Data::String("mat".into()), &labels).unwrap_err(),
            "must be one of 'resa', 'materiel'"
        );
    }

    #[test]
    fn dates_and_text() {
        assert_eq!(
            date(&Data::String("2013-03-04".into()))
                .unwrap()
                .to_string(),
            "2013-03-04"
        );
        assert!(date(&Data::String("4/3/2013".into())).is_err());
        assert!(date(&Data::Float(41337.0)).is_err());
        assert_eq!(text(&Data::Float(1042.0)), "1042");
        assert_eq!(text(&Data::String(" A-1 ".into())), "A-1");
    }
}
