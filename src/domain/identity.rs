//! Swedish personal identity numbers (personnummer) and coordination numbers
//! (samordningsnummer: the day + 60), parsed from the forms people write, validated by
//! the Luhn check digit over the 10-digit form and kept as 12 digits YYYYMMDDNNNN.
//! Protected identities (skyddad identitet) keep no number at all: SCB's substitute
//! code (birth date + T + sex letter + 29) stands in for it.
//!
//! Hand-written rather than taken from the `personnummer` crate because the century of
//! a 10-digit number must be decided against a given date (the enrolment's, not the
//! clock's), and no message here may ever repeat the number it rejects.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::luhn;

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
    strum::Display,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
    PartialOrd,
    Ord,
    diesel::expression::AsExpression,
    diesel::deserialize::FromSqlRow,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
#[diesel(sql_type = diesel::sql_types::Text)]
pub enum IdKind {
    Personnummer,
    Samordningsnummer,
    /// Skyddad identitet: only SCB's substitute code is kept.
    Protected,
}

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
    strum::Display,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
    PartialOrd,
    Ord,
    diesel::expression::AsExpression,
    diesel::deserialize::FromSqlRow,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
#[diesel(sql_type = diesel::sql_types::Text)]
pub enum Sex {
    Female,
    Male,
}

impl Sex {
    /// The letter of SCB's substitute code.
    fn letter(self) -> char {
        match self {
            Sex::Female => 'f',
            Sex::Male => 'm',
        }
    }
}

/// A validated identity: what is stored (12 digits, or the substitute code) and what
/// the number says of the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub kind: IdKind,
    /// YYYYMMDDNNNN, or for a protected identity the substitute code.
    pub stored: String,
    pub birth_date: NaiveDate,
    pub sex: Sex,
}

impl Identity {
    /// How it is shown to those allowed to see it: YYYYMMDD-NNNN, or the code.
    pub fn display(&self) -> String {
        display(self.kind, &self.stored)
    }

    /// How it is shown to everyone else: the first eight digits and four stars.
    pub fn masked(&self) -> String {
        mask(&self.stored)
    }
}

pub fn display(kind: IdKind, stored: &str) -> String {
    match kind {
        IdKind::Protected => stored.to_string(),
        _ if stored.len() == 12 => format!("{}-{}", &stored[..8], &stored[8..]),
        _ => stored.to_string(),
    }
}

/// 19950412-****: the birth digits only. A protected identity's code shows the same.
pub fn mask(stored: &str) -> String {
    let head: String = stored.chars().take(8).collect();
    format!("{head}-****")
}

/// Parses `input` as a personnummer or samordningsnummer, as `kind` says it is.
/// `reference` decides the century of a 10-digit number: the most recent birth year not
/// after it, or (with `+`) at least 100 years before it.
pub fn parse(input: &str, kind: IdKind, reference: NaiveDate) -> Result<Identity, String> {
    if kind == IdKind::Protected {
        return Err("a protected identity has no number; give birth date and sex".into());
    }
    let trimmed = input.trim();
    let (body, separator) = match trimmed.find(['-', '+']) {
        Some(i) => {
            let sep = trimmed.as_bytes()[i] as char;
            (format!("{}{}", &trimmed[..i], &trimmed[i + 1..]), Some(sep))
        }
        None => (trimmed.replace(' ', ""), None),
    };
    if !body.chars().all(|c| c.is_ascii_digit()) {
        return Err("holds something other than digits and one - or + before the last four".into());
    }
    if separator.is_some() && body.len() + 1 != trimmed.len() {
        return Err(
            "has a separator in the wrong place; write YYMMDD-NNNN or YYYYMMDD-NNNN".into(),
        );
    }
    if let Some(i) = trimmed.find(['-', '+']) {
        if trimmed.len() - i - 1 != 4 {
            return Err(
                "has its separator in the wrong place; it stands before the last four digits"
                    .into(),
            );
        }
    }
    let digits: Vec<u8> = body.bytes().map(|b| b - b'0').collect();
    let ten: &[u8] = match digits.len() {
        10 => &digits,
        12 => &digits[2..],
        n => return Err(format!("has {n} digits; a number has 10 or 12")),
    };
    if !luhn::is_valid(ten) {
        return Err("has a wrong check digit".into());
    }
    let two = |d: &[u8]| u32::from(d[0]) * 10 + u32::from(d[1]);
    let (yy, month, day) = (two(&ten[0..2]), two(&ten[2..4]), two(&ten[4..6]));
    let coordination = day > 60;
    match (kind, coordination) {
        (IdKind::Personnummer, true) => {
            return Err("is a samordningsnummer (day + 60), not a personnummer".into())
        }
        (IdKind::Samordningsnummer, false) => {
            return Err("is a personnummer, not a samordningsnummer (day + 60)".into())
        }
        _ => {}
    }
    let real_day = if coordination { day - 60 } else { day };
    let year = if digits.len() == 12 {
        (two(&digits[0..2]) * 100 + yy) as i32
    } else {
        let mut year = (reference.year() / 100) * 100 + yy as i32;
        // The latest such year whose birthday is not after the reference...
        let born_by =
            |y: i32| NaiveDate::from_ymd_opt(y, month, real_day).is_none_or(|d| d <= reference);
        if year > reference.year() || !born_by(year) {
            year -= 100;
        }
        // ... or, with '+', a hundred years earlier still.
        if separator == Some('+') {
            year -= 100;
        }
        year
    };
    let birth_date = NaiveDate::from_ymd_opt(year, month, real_day)
        .ok_or("holds an impossible date of birth")?;
    let sex = if ten[8] % 2 == 1 {
        Sex::Male
    } else {
        Sex::Female
    };
    let stored = format!(
        "{year:04}{month:02}{day:02}{}",
        ten[6..]
            .iter()
            .map(|d| char::from(b'0' + d))
            .collect::<String>()
    );
    Ok(Identity {
        kind,
        stored,
        birth_date,
        sex,
    })
}

/// Reads a number whose kind is not given: SCB's substitute code as written, a day
/// over 60 as a samordningsnummer, anything else as a personnummer.
pub fn parse_any(input: &str, reference: NaiveDate) -> Result<Identity, String> {
    let t = input.trim();
    if t.len() == 12 && t.as_bytes()[8] == b'T' && t.ends_with("29") {
        // chrono's %Y would also take a sign or spaces: only eight digits are a date here.
        if !t.as_bytes()[..8].iter().all(u8::is_ascii_digit) {
            return Err("is not a valid substitute code (birth date)".into());
        }
        let birth = NaiveDate::parse_from_str(&t[..8], "%Y%m%d")
            .map_err(|_| "is not a valid substitute code (birth date)".to_string())?;
        let sex = match &t[9..10] {
            "f" => Sex::Female,
            "m" => Sex::Male,
            _ => return Err("is not a valid substitute code (sex letter f or m)".into()),
        };
        return Ok(protected(birth, sex));
    }
    let digits: String = t.chars().filter(|c| c.is_ascii_digit()).collect();
    let day_at = if digits.len() == 12 { 6 } else { 4 };
    let coordination = digits
        .get(day_at..day_at + 2)
        .and_then(|d| d.parse::<u32>().ok())
        .is_some_and(|d| d > 60);
    let kind = if coordination {
        IdKind::Samordningsnummer
    } else {
        IdKind::Personnummer
    };
    parse(t, kind, reference)
}

/// A protected identity: SCB's substitute code from birth date and sex.
pub fn protected(birth_date: NaiveDate, sex: Sex) -> Identity {
    Identity {
        kind: IdKind::Protected,
        stored: format!("{}T{}29", birth_date.format("%Y%m%d"), sex.letter()),
        birth_date,
        sex,
    }
}

/// Whole years of age on `date`.
pub fn age_on(birth_date: NaiveDate, date: NaiveDate) -> i32 {
    let mut age = date.year() - birth_date.year();
    if (date.month(), date.day()) < (birth_date.month(), birth_date.day()) {
        age -= 1;
    }
    age
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    const PN: IdKind = IdKind::Personnummer;

    #[test]
    fn the_written_forms() {
        let today = d("2013-03-01");
        for form in [
            "640823-3234",
            "6408233234",
            "19640823-3234",
            "196408233234",
            " 640823-3234 ",
        ] {
            let id = parse(form, PN, today).unwrap();
            assert_eq!(id.stored, "196408233234", "{form}");
            assert_eq!(id.birth_date, d("1964-08-23"));
            assert_eq!(id.sex, Sex::Male);
            assert_eq!(id.display(), "19640823-3234");
            assert_eq!(id.masked(), "19640823-****");
        }
        // '+': a hundred years or more.
        assert_eq!(
            parse("640823+3234", PN, today).unwrap().stored,
            "186408233234"
        );
    }

    #[test]
    fn the_domain_examples() {
        let today = d("2013-03-01");
        let id = parse("701063-2391", IdKind::Samordningsnummer, today).unwrap();
        assert_eq!(id.stored, "197010632391");
        assert_eq!(id.birth_date, d("1970-10-03"));
        assert_eq!(id.sex, Sex::Male);
        assert!(parse("640823-3235", PN, today)
            .unwrap_err()
            .contains("check digit"));
    }

    #[test]
    fn the_century_follows_the_reference_date() {
        // Born 2 March 1997: at 1 March 2013 a 10-digit 970302 is 1997 (not 2097).
        let check = luhn::check_digit(&[9, 7, 0, 3, 0, 2, 0, 0, 0]);
        let id = parse(&format!("970302-000{check}"), PN, d("2013-03-01")).unwrap();
        assert_eq!(id.birth_date, d("1997-03-02"));
        assert_eq!(id.sex, Sex::Female);
        // A birthday later than the reference in the reference's own year is a century back.
        let check = luhn::check_digit(&[1, 3, 0, 3, 1, 5, 0, 0, 0]);
        let id = parse(&format!("130315-000{check}"), PN, d("2013-03-01")).unwrap();
        assert_eq!(id.birth_date, d("1913-03-15"));
        // A child born in 2010 written with 10 digits is 2010.
        let check = luhn::check_digit(&[1, 0, 0, 1, 0, 1, 0, 0, 1]);
        let id = parse(&format!("100101-001{check}"), PN, d("2013-03-01")).unwrap();
        assert_eq!(id.birth_date, d("2010-01-01"));
    }

    #[test]
    fn bad_numbers_never_echo_the_number() {
        let today = d("2013-03-01");
        let cases = [
            ("640823-323", "digits"),
            ("640823-32345", "digits"),
            ("64-08233234", "separator"),
            ("6408a33234", "digits"),
            ("641323-3234", "check digit"),
            ("701063-2391", "samordningsnummer"),
        ];
        for (input, expected) in cases {
            let err = parse(input, PN, today).unwrap_err();
            assert!(err.contains(expected), "{input}: {err}");
            assert!(!err.contains("3234") && !err.contains("2391"), "{err}");
        }
        assert!(parse("640823-3234", IdKind::Samordningsnummer, today)
            .unwrap_err()
            .contains("personnummer"));
        // An impossible date with a valid check digit: 31 February.
        let check = luhn::check_digit(&[9, 5, 0, 2, 3, 1, 1, 2, 3]);
        let err = parse(&format!("950231-123{check}"), PN, today).unwrap_err();
        assert!(err.contains("impossible date"), "{err}");
    }

    #[test]
    fn any_kind() {
        let today = d("2013-03-01");
        assert_eq!(
            parse_any("701063-2391", today).unwrap().kind,
            IdKind::Samordningsnummer
        );
        assert_eq!(
            parse_any("196408233234", today).unwrap().kind,
            IdKind::Personnummer
        );
        let p = parse_any("19950412Tf29", today).unwrap();
        assert_eq!((p.kind, p.sex), (IdKind::Protected, Sex::Female));
        assert!(parse_any("19951312Tf29", today).is_err());
        // Found by the fuzzer: chrono read "-98\u{b}0101" as the year -98.
        assert!(parse_any("\n-98\u{b}0101Tm29", today).is_err());
        assert!(parse_any("+1995041Tf29", today).is_err());
    }

    #[test]
    fn protected_identities_and_ages() {
        let id = protected(d("1995-04-12"), Sex::Female);
        assert_eq!(id.stored, "19950412Tf29");
        assert_eq!(id.masked(), "19950412-****");
        assert_eq!(protected(d("1995-04-12"), Sex::Male).stored, "19950412Tm29");
        assert_eq!(age_on(d("1997-03-02"), d("2013-03-01")), 15);
        assert_eq!(age_on(d("1997-03-02"), d("2013-03-02")), 16);
    }
}
