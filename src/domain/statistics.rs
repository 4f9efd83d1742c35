//! The statistics module the project promised: participants per month by sex and age
//! group, starts and exits, exits by outcome and the share who returned to studies.
//! Pure counting over the enrolments a query has already narrowed to the period.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use super::identity::{age_on, Sex};
use super::participant::{overlaps, Outcome};
use super::period::Month;
use super::scb::BySex;

/// What the statistics need of one enrolment.
#[derive(Debug, Clone)]
pub struct EnrolmentFacts {
    pub participant_id: i64,
    pub organisation_id: i64,
    pub sex: Sex,
    pub birth_date: NaiveDate,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    pub outcome: Option<Outcome>,
}

/// Age at start, in the groups the project reports.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct AgeGroups {
    #[serde(rename = "16-19")]
    pub from_16_to_19: i64,
    #[serde(rename = "20-24")]
    pub from_20_to_24: i64,
    #[serde(rename = "25+")]
    pub from_25: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct MonthStatistics {
    #[schema(value_type = String)]
    pub month: Month,
    pub active: BySex,
    pub new_starts: BySex,
    pub exits: BySex,
    pub age_at_start: AgeGroups,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ExitsByOutcome {
    pub back_in_studies: i64,
    pub in_work: i64,
    pub other_activity: i64,
    pub unknown: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statistics {
    pub months: Vec<MonthStatistics>,
    /// Enrolments active some time in the period, per organisation.
    pub by_organisation: BTreeMap<i64, BySex>,
    pub exits_by_outcome: ExitsByOutcome,
    /// Percent of the period's exits who went back to studies, one decimal (None: no exits).
    pub returned_to_studies_percent: Option<Decimal>,
}

pub fn compute(facts: &[EnrolmentFacts], from: Month, to: Month) -> Statistics {
    let mut months = Vec::new();
    let mut m = from;
    while m <= to {
        let mut s = MonthStatistics {
            month: m,
            active: BySex::default(),
            new_starts: BySex::default(),
            exits: BySex::default(),
            age_at_start: AgeGroups::default(),
        };
        // A person who moved within the month has two enrolments in it: counted once.
        let mut seen = std::collections::HashSet::new();
        for f in facts {
            if !overlaps(
                (f.start_date, f.end_date),
                (m.first_day(), Some(m.last_day())),
            ) {
                continue;
            }
            if seen.insert(f.participant_id) {
                s.active.count(f.sex);
                match age_on(f.birth_date, f.start_date) {
                    ..=19 => s.age_at_start.from_16_to_19 += 1,
                    20..=24 => s.age_at_start.from_20_to_24 += 1,
                    _ => s.age_at_start.from_25 += 1,
                }
            }
            if m.contains(f.start_date) {
                s.new_starts.count(f.sex);
            }
            if f.end_date.is_some_and(|d| m.contains(d)) {
                s.exits.count(f.sex);
            }
        }
        months.push(s);
        m = m.next();
    }
    let mut by_organisation: BTreeMap<i64, BySex> = BTreeMap::new();
    let mut exits = ExitsByOutcome::default();
    let (first, last) = (from.first_day(), to.last_day());
    for f in facts {
        if overlaps((f.start_date, f.end_date), (first, Some(last))) {
            by_organisation
                .entry(f.organisation_id)
                .or_default()
                .count(f.sex);
        }
        if f.end_date.is_some_and(|d| d >= first && d <= last) {
            match f.outcome {
                Some(Outcome::BackInStudies) => exits.back_in_studies += 1,
                Some(Outcome::InWork) => exits.in_work += 1,
                Some(Outcome::OtherActivity) => exits.other_activity += 1,
                Some(Outcome::Unknown) | None => exits.unknown += 1,
            }
        }
    }
    let total = exits.back_in_studies + exits.in_work + exits.other_activity + exits.unknown;
    let returned_to_studies_percent = super::rate::percent_of(exits.back_in_studies, total, 1);
    Statistics {
        months,
        by_organisation,
        exits_by_outcome: exits,
        returned_to_studies_percent,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn counts_per_month_and_the_share_back_in_studies() {
        let facts = vec![
            EnrolmentFacts {
                participant_id: 1,
                organisation_id: 1,
                sex: Sex::Female,
                birth_date: d("1995-04-12"),
                start_date: d("2013-02-04"),
                end_date: Some(d("2013-03-20")),
                outcome: Some(Outcome::BackInStudies),
            },
            EnrolmentFacts {
                participant_id: 2,
                organisation_id: 1,
                sex: Sex::Male,
                birth_date: d("1990-01-01"),
                start_date: d("2013-03-11"),
                end_date: None,
                outcome: None,
            },
            EnrolmentFacts {
                participant_id: 3,
                organisation_id: 2,
                sex: Sex::Male,
                birth_date: d("1994-06-15"),
                start_date: d("2013-01-07"),
                end_date: Some(d("2013-02-15")),
                outcome: Some(Outcome::InWork),
            },
        ];
        let s = compute(
            &facts,
            Month::parse("2013-02").unwrap(),
            Month::parse("2013-03").unwrap(),
        );
        let feb = &s.months[0];
        assert_eq!(
            feb.active,
            BySex {
                female: 1,
                male: 1,
                total: 2
            }
        );
        assert_eq!(feb.new_starts.total, 1);
        assert_eq!(
            feb.exits,
            BySex {
                female: 0,
                male: 1,
                total: 1
            }
        );
        assert_eq!(
            feb.age_at_start,
            AgeGroups {
                from_16_to_19: 2,
                from_20_to_24: 0,
                from_25: 0
            }
        );
        let mar = &s.months[1];
        assert_eq!(mar.active.total, 2);
        assert_eq!(
            mar.age_at_start,
            AgeGroups {
                from_16_to_19: 1,
                from_20_to_24: 1,
                from_25: 0
            }
        );
        assert_eq!(
            s.exits_by_outcome,
            ExitsByOutcome {
                back_in_studies: 1,
                in_work: 1,
                other_activity: 0,
                unknown: 0
            }
        );
        assert_eq!(s.returned_to_studies_percent, Some(Decimal::new(500, 1)));
        assert_eq!(s.by_organisation[&1].total, 2);
        assert_eq!(s.by_organisation[&2].total, 1);
    }
}
