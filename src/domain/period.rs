//! Calendar months, the unit of reporting: stored as the integer YYYYMM, shown as "YYYY-MM".

use std::fmt;

use chrono::{Datelike, NaiveDate};

/// A month, held as its storage key YYYYMM (201301), which also orders months. It is
/// stored as that integer (`store::units`); a stored key that is no month is a read
/// error.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    diesel::expression::AsExpression,
    diesel::deserialize::FromSqlRow,
)]
#[diesel(sql_type = diesel::sql_types::Integer)]
pub struct Month(i32);

/// A month's Swedish name (1 → "januari"), as pages and workbooks write it.
pub fn month_name(month: u32) -> &'static str {
    match month {
        1 => "januari",
        2 => "februari",
        3 => "mars",
        4 => "april",
        5 => "maj",
        6 => "juni",
        7 => "juli",
        8 => "augusti",
        9 => "september",
        10 => "oktober",
        11 => "november",
        _ => "december",
    }
}

impl Month {
    /// The month in Swedish words: "mars 2013".
    pub fn in_words(self) -> String {
        format!("{} {}", month_name(self.month()), self.year())
    }

    /// A run of months in Swedish words: "januari – mars 2013" (or one month's words).
    pub fn run_in_words(self, to: Month) -> String {
        if self == to {
            self.in_words()
        } else if self.year() == to.year() {
            format!("{} – {}", month_name(self.month()), to.in_words())
        } else {
            format!("{} – {}", self.in_words(), to.in_words())
        }
    }

    pub fn new(year: i32, month: u32) -> Result<Self, String> {
        if !(1..=12).contains(&month) || !(1900..=2999).contains(&year) {
            return Err(format!("{year}-{month:02} is not a month"));
        }
        Ok(Self(year * 100 + month as i32))
    }

    pub fn of(date: NaiveDate) -> Self {
        Self(date.year() * 100 + date.month() as i32)
    }

    /// Parses "2013-01".
    pub fn parse(s: &str) -> Result<Self, String> {
        let err = || format!("'{s}' is not a month; write YYYY-MM, e.g. 2013-01");
        let (y, m) = s.trim().split_once('-').ok_or_else(err)?;
        if y.len() != 4 || m.len() != 2 {
            return Err(err());
        }
        Self::new(y.parse().map_err(|_| err())?, m.parse().map_err(|_| err())?).map_err(|_| err())
    }

    pub fn year(self) -> i32 {
        self.0 / 100
    }

    pub fn month(self) -> u32 {
        (self.0 % 100) as u32
    }

    /// January and December of the month's year.
    pub fn year_bounds(self) -> (Month, Month) {
        (Self(self.year() * 100 + 1), Self(self.year() * 100 + 12))
    }

    /// Storage form: 201301.
    pub fn to_key(self) -> i32 {
        self.0
    }

    /// The stored key, for storage's own conversion.
    pub(crate) fn key_ref(&self) -> &i32 {
        &self.0
    }

    pub fn from_key(key: i32) -> Result<Self, String> {
        Self::new(key / 100, (key % 100) as u32)
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year(), self.month(), 1).expect("valid month")
    }

    pub fn last_day(self) -> NaiveDate {
        self.next().first_day().pred_opt().expect("valid date")
    }

    pub fn days(self) -> u32 {
        self.last_day().day()
    }

    pub fn next(self) -> Self {
        if self.month() == 12 {
            Self((self.year() + 1) * 100 + 1)
        } else {
            Self(self.0 + 1)
        }
    }

    pub fn previous(self) -> Self {
        if self.month() == 1 {
            Self((self.year() - 1) * 100 + 12)
        } else {
            Self(self.0 - 1)
        }
    }

    /// How many months `self..=last` holds (0 when `last` is before `self`).
    pub fn months_until(self, last: Month) -> i64 {
        let index = |m: Month| i64::from(m.year()) * 12 + i64::from(m.month());
        (index(last) - index(self) + 1).max(0)
    }

    /// The months `self..=last`, in order.
    pub fn through(self, last: Month) -> impl Iterator<Item = Month> {
        std::iter::successors(Some(self), move |m| Some(m.next()).filter(|n| *n <= last))
            .take_while(move |m| *m <= last)
    }

    pub fn contains(self, date: NaiveDate) -> bool {
        Self::of(date) == self
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year(), self.month())
    }
}

impl serde::Serialize for Month {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Month {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Month::parse(&s).map_err(serde::de::Error::custom)
    }
}

impl utoipa::PartialSchema for Month {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::Type::String)
            .pattern(Some(r"^(19|2[0-9])[0-9]{2}-(0[1-9]|1[0-2])$"))
            .examples([serde_json::json!("2013-01")])
            .into()
    }
}

impl utoipa::ToSchema for Month {}

/// A calendar day as a client must write it: `YYYY-MM-DD`, four digits, two and two
/// (not `2013-5-1`). Dereferences to the `NaiveDate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(NaiveDate);

impl Date {
    pub fn parse(text: &str) -> Result<Date, String> {
        let b = text.as_bytes();
        let shape = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        let err = || format!("'{text}' is not a date; write YYYY-MM-DD, e.g. 2013-03-14");
        if !shape {
            return Err(err());
        }
        NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map(Date)
            .map_err(|_| err())
    }

    pub fn get(self) -> NaiveDate {
        self.0
    }
}

impl From<NaiveDate> for Date {
    fn from(d: NaiveDate) -> Self {
        Date(d)
    }
}

impl std::ops::Deref for Date {
    type Target = NaiveDate;
    fn deref(&self) -> &NaiveDate {
        &self.0
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.format("%Y-%m-%d").fmt(f)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse(&s).map_err(serde::de::Error::custom)
    }
}

impl utoipa::PartialSchema for Date {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{KnownFormat, SchemaFormat};
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date)))
            .pattern(Some(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))
            .examples([serde_json::json!("2013-03-14")])
            .into()
    }
}

impl utoipa::ToSchema for Date {}

#[cfg(test)]
mod tests {
    use super::Date;

    #[test]
    fn dates_only_as_yyyy_mm_dd() {
        assert_eq!(Date::parse("2013-03-14").unwrap().to_string(), "2013-03-14");
        for bad in [
            "2013-5-1",
            "2013-05-1",
            "13-05-01",
            "2013/05/01",
            "2013-02-30",
            " 2013-05-01",
            "2013-05-01T00:00",
            "",
        ] {
            assert!(Date::parse(bad).is_err(), "{bad}");
        }
        assert!(serde_json::from_str::<Date>("\"2013-5-1\"").is_err());
    }

    #[test]
    fn runs_of_months_cross_the_turn_of_the_year() {
        let nov = Month::parse("2012-11").unwrap();
        let feb = Month::parse("2013-02").unwrap();
        let run: Vec<String> = nov.through(feb).map(|m| m.to_string()).collect();
        assert_eq!(run, vec!["2012-11", "2012-12", "2013-01", "2013-02"]);
        assert_eq!(nov.months_until(feb), 4);
        assert_eq!(feb.months_until(nov), 0);
        assert_eq!(nov.through(nov).count(), 1);
        assert_eq!(feb.through(nov).count(), 0);
    }

    use super::*;

    #[test]
    fn parse_and_calendar() {
        let m = Month::parse("2013-02").unwrap();
        assert_eq!(m.to_key(), 201302);
        assert_eq!(m.days(), 28);
        assert_eq!(Month::parse("2012-02").unwrap().days(), 29);
        assert_eq!(m.to_string(), "2013-02");
        assert_eq!(
            Month::parse("2013-12").unwrap().next().to_string(),
            "2014-01"
        );
        assert_eq!(
            Month::from_key(201312).unwrap().last_day().to_string(),
            "2013-12-31"
        );
        assert!(Month::parse("2013-13").is_err());
        assert!(Month::parse("2013-1").is_err());
        assert!(Month::parse("13-01").is_err());
        assert!(m.contains(NaiveDate::from_ymd_opt(2013, 2, 28).unwrap()));
        assert!(!m.contains(NaiveDate::from_ymd_opt(2013, 3, 1).unwrap()));
    }
}
