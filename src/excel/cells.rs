//! Reading typed values out of workbook cells. calamine hands numbers over as binary
//! floating point; they are turned into exact decimals at once through their shortest
//! round-trip text (what the user typed), and more decimals than allowed are refused,
//! never rounded away.

use calamine::{Data, DataType};
use chrono::NaiveDate;
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
