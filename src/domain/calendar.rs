//! Swedish working days, for the timesheet template pre-filled with a month's days.
//!
//! A working day is a weekday that is neither a public holiday (lag 1989:253 om allmänna
//! helgdagar) nor one of the eves municipal employees have off under the collective
//! agreement (AB): midsommarafton, julafton and nyårsafton. Written here rather than
//! taken from a crate: the one Swedish holiday crate (holidays_se 1.0) is built on
//! chrono's deprecated `Date` API and an older chrono-tz, and the rule is a dozen dates.

use chrono::{Datelike, Days, NaiveDate, Weekday};

use super::period::Month;

/// Easter Sunday of `year` in the Gregorian calendar (the anonymous Gregorian
/// algorithm, "Meeus/Jones/Butcher").
pub fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

/// The weekday holidays and eves off of `year` (a weekend day is never a working day).
fn days_off(year: i32) -> Vec<NaiveDate> {
    let ymd = |m, d| NaiveDate::from_ymd_opt(year, m, d);
    let mut off: Vec<Option<NaiveDate>> = vec![
        ymd(1, 1),   // nyårsdagen
        ymd(1, 6),   // trettondedag jul
        ymd(5, 1),   // första maj
        ymd(12, 24), // julafton
        ymd(12, 25), // juldagen
        ymd(12, 26), // annandag jul
        ymd(12, 31), // nyårsafton
    ];
    if year >= 2005 {
        off.push(ymd(6, 6)); // Sveriges nationaldag
    }
    if let Some(easter) = easter_sunday(year) {
        off.push(easter.checked_sub_days(Days::new(2))); // långfredagen
        off.push(easter.checked_add_days(Days::new(1))); // annandag påsk
        off.push(easter.checked_add_days(Days::new(39))); // Kristi himmelsfärdsdag
        if year < 2005 {
            // Annandag pingst, until nationaldagen took its place in 2005.
            off.push(easter.checked_add_days(Days::new(50)));
        }
    }
    // Midsommarafton: the Friday between 19 and 25 June.
    off.push(
        (19..=25)
            .filter_map(|d| ymd(6, d))
            .find(|d| d.weekday() == Weekday::Fri),
    );
    off.into_iter().flatten().collect()
}

/// Whether `date` is a working day.
pub fn is_working_day(date: NaiveDate) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !days_off(date.year()).contains(&date)
}

/// The working days of `month`, in order.
pub fn working_days(month: Month) -> Vec<NaiveDate> {
    let off = days_off(month.first_day().year());
    month
        .first_day()
        .iter_days()
        .take_while(|d| Month::of(*d) == month)
        .filter(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !off.contains(d))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn easter_falls_where_the_almanac_has_it() {
        for (year, easter) in [
            (2012, "2012-04-08"),
            (2013, "2013-03-31"),
            (2014, "2014-04-20"),
            (2019, "2019-04-21"),
            (2024, "2024-03-31"),
            (2038, "2038-04-25"),
        ] {
            assert_eq!(easter_sunday(year), Some(d(easter)), "{year}");
        }
    }

    #[test]
    fn a_months_working_days_skip_weekends_holidays_and_eves() {
        let month = |s: &str| Month::parse(s).unwrap();
        // March 2013: 21 weekdays, långfredagen on the 29th.
        let march = working_days(month("2013-03"));
        assert_eq!(march.len(), 20);
        assert!(!march.contains(&d("2013-03-29")));
        // April 2013: annandag påsk on the 1st.
        assert_eq!(working_days(month("2013-04"))[0], d("2013-04-02"));
        // June 2013: nationaldagen (Thursday 6th) and midsommarafton (Friday 21st).
        let june = working_days(month("2013-06"));
        assert_eq!(june.len(), 18);
        assert!(!june.contains(&d("2013-06-06")) && !june.contains(&d("2013-06-21")));
        // December 2013: julafton, juldagen, annandag jul and nyårsafton.
        assert_eq!(working_days(month("2013-12")).len(), 18);
        // May 2013: första maj and Kristi himmelsfärdsdag (the 9th).
        assert_eq!(working_days(month("2013-05")).len(), 21);
        assert!(!is_working_day(d("2013-05-09")));
        assert!(is_working_day(d("2013-05-10")));
        // Annandag pingst was a holiday until 2005: 31 May 2004, not 16 May 2005.
        assert!(!is_working_day(d("2004-05-31")));
        assert!(is_working_day(d("2005-05-16")));
    }
}
