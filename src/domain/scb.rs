//! SCB's monthly participant report: the file's name, when a month may be reported, and
//! the totals and ESF common indicators (Reg. 1304/2013 Annex I) counted by sex.

use chrono::NaiveDate;
use serde::Serialize;

use super::identity::{age_on, Sex};
use super::participant::{LabourStatus, Outcome};
use super::period::Month;

const MONTH_NAMES: [&str; 12] = [
    "Januari",
    "Februari",
    "Mars",
    "April",
    "Maj",
    "Juni",
    "Juli",
    "Augusti",
    "September",
    "Oktober",
    "November",
    "December",
];

/// `<Månad><År>_Projekt<case number>.xlsx`, e.g. `Januari2013_Projekt2011-3010123.xlsx`.
pub fn file_name(month: Month, case_number: &str) -> String {
    format!(
        "{}{}_Projekt{case_number}.xlsx",
        MONTH_NAMES[month.month() as usize - 1],
        month.year()
    )
}

/// A month's reporting opens on the 1st of the next month.
pub fn opens_on(month: Month) -> NaiveDate {
    month.next().first_day()
}

/// Female / male / total.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct BySex {
    pub female: i64,
    pub male: i64,
    pub total: i64,
}

impl BySex {
    pub fn count(&mut self, sex: Sex) {
        match sex {
            Sex::Female => self.female += 1,
            Sex::Male => self.male += 1,
        }
        self.total += 1;
    }
}

/// What the indicators need of one participant in the month.
#[derive(Debug, Clone)]
pub struct IndicatorInput {
    pub sex: Sex,
    pub birth_date: NaiveDate,
    pub start_date: NaiveDate,
    /// Set when the participant left in the month.
    pub left: Option<(Outcome, bool)>,
    pub labour_status: LabourStatus,
    pub in_education_at_start: bool,
}

/// The common indicators that apply to Plug In, each by sex.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Indicators {
    /// Participants below 25 years of age at start.
    pub below_25: BySex,
    /// Participants above 54 years of age at start.
    pub above_54: BySex,
    /// Inactive participants (neither working nor seeking work) at start.
    pub inactive: BySex,
    /// Inactive participants not in education or training at start.
    pub inactive_not_in_education: BySex,
    /// On leaving: in education or training.
    pub left_into_education: BySex,
    /// On leaving: gaining a qualification.
    pub left_with_qualification: BySex,
    /// On leaving: in employment.
    pub left_into_employment: BySex,
}

impl Indicators {
    /// Counts a participant: the "at start" indicators in the month they start, the
    /// "on leaving" ones in the month they leave.
    pub fn count(&mut self, p: &IndicatorInput, month: Month) {
        if month.contains(p.start_date) {
            let age = age_on(p.birth_date, p.start_date);
            if age < 25 {
                self.below_25.count(p.sex);
            }
            if age > 54 {
                self.above_54.count(p.sex);
            }
            if p.labour_status == LabourStatus::Inactive {
                self.inactive.count(p.sex);
                if !p.in_education_at_start {
                    self.inactive_not_in_education.count(p.sex);
                }
            }
        }
        if let Some((outcome, qualification)) = p.left {
            match outcome {
                Outcome::BackInStudies => self.left_into_education.count(p.sex),
                Outcome::InWork => self.left_into_employment.count(p.sex),
                Outcome::OtherActivity | Outcome::Unknown => {}
            }
            if qualification {
                self.left_with_qualification.count(p.sex);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn file_names_and_opening() {
        let jan = Month::parse("2013-01").unwrap();
        assert_eq!(
            file_name(jan, "2011-3010123"),
            "Januari2013_Projekt2011-3010123.xlsx"
        );
        assert_eq!(
            file_name(Month::parse("2014-12").unwrap(), "X"),
            "December2014_ProjektX.xlsx"
        );
        assert_eq!(opens_on(Month::parse("2013-12").unwrap()), d("2014-01-01"));
    }

    #[test]
    fn indicators_count_at_start_and_on_leaving() {
        let march = Month::parse("2013-03").unwrap();
        let mut ind = Indicators::default();
        let starter = IndicatorInput {
            sex: Sex::Female,
            birth_date: d("1995-04-12"),
            start_date: d("2013-03-04"),
            left: None,
            labour_status: LabourStatus::Inactive,
            in_education_at_start: false,
        };
        ind.count(&starter, march);
        // Started in February: no "at start" counts in March; left into work with a qualification.
        let leaver = IndicatorInput {
            sex: Sex::Male,
            start_date: d("2013-02-01"),
            left: Some((Outcome::InWork, true)),
            ..starter.clone()
        };
        ind.count(&leaver, march);
        assert_eq!(
            ind.below_25,
            BySex {
                female: 1,
                male: 0,
                total: 1
            }
        );
        assert_eq!(ind.inactive_not_in_education.total, 1);
        assert_eq!(
            ind.left_into_employment,
            BySex {
                female: 0,
                male: 1,
                total: 1
            }
        );
        assert_eq!(ind.left_with_qualification.male, 1);
        assert_eq!(ind.left_into_education.total, 0);
        assert_eq!(ind.above_54.total, 0);
    }
}
