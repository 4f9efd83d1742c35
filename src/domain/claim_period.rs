//! Which months a claim may cover: inside the project, after the last issued claim
//! without a gap or an overlap, and every month consolidated for the whole project
//! (no report of any organisation in flight, none left open with entries).

use std::collections::HashMap;

use super::period::Month;
use super::workflow::ReportState;

/// An issued claim's number and months.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IssuedClaim {
    pub number: i32,
    pub from: Month,
    pub to: Month,
}

/// What the rule looks at, read from the ledger by the caller.
#[derive(Debug, Clone)]
pub struct Ledger {
    /// The project's first and last month.
    pub project: (Month, Month),
    pub issued: Vec<IssuedClaim>,
    /// The owner (the project's root): its report of a month is the consolidated one.
    pub owner_id: i64,
    /// Every stored report state of the months asked for; no row is open.
    pub states: HashMap<(i64, Month), ReportState>,
    /// Every (organisation, month) of the months asked for with an entry that counts.
    pub with_entries: Vec<(i64, Month)>,
}

/// A month that keeps a claim from being made: the project's report of the month, or
/// an organisation's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Blocker {
    pub month: Month,
    /// `None` for the project's (the owner's) consolidated report.
    pub organisation_id: Option<i64>,
    pub state: ReportState,
}

/// Why a claim cannot cover `from..=to`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// `to` comes before `from`.
    Reversed,
    /// A month outside the project (`from` or `to`, whichever is first found).
    OutsideProject {
        to_field: bool,
        month: Month,
    },
    AlreadyClaimed(IssuedClaim),
    /// The claim would not start at `next`, the first month not yet claimed.
    Gap {
        next: Month,
    },
    /// Months not consolidated: the project's own months first, or else every
    /// organisation's report in flight (by month, then organisation) and every open
    /// month with entries (by organisation, then month).
    NotConsolidated(Vec<Blocker>),
}

/// Whether a claim may cover `from..=to`.
pub fn check(from: Month, to: Month, ledger: &Ledger) -> Result<(), Refusal> {
    if to < from {
        return Err(Refusal::Reversed);
    }
    let (start, end) = ledger.project;
    for (to_field, m) in [(false, from), (true, to)] {
        if m < start || m > end {
            return Err(Refusal::OutsideProject { to_field, month: m });
        }
    }
    if let Some(c) = ledger.issued.iter().find(|c| c.from <= to && c.to >= from) {
        return Err(Refusal::AlreadyClaimed(*c));
    }
    let next = match ledger.issued.iter().map(|c| c.to).max() {
        Some(m) => m.next(),
        None => start,
    };
    if from != next {
        return Err(Refusal::Gap { next });
    }
    let own = own_blockers(from, to, ledger);
    if !own.is_empty() {
        return Err(Refusal::NotConsolidated(own));
    }
    let organisations = organisation_blockers(from, to, ledger);
    if organisations.is_empty() {
        Ok(())
    } else {
        Err(Refusal::NotConsolidated(organisations))
    }
}

fn state_of(ledger: &Ledger, o: i64, m: Month) -> ReportState {
    ledger
        .states
        .get(&(o, m))
        .copied()
        .unwrap_or(ReportState::Open)
}

/// The project's own months of `from..=to` that are not consolidated.
fn own_blockers(from: Month, to: Month, ledger: &Ledger) -> Vec<Blocker> {
    from.through(to)
        .filter(|m| state_of(ledger, ledger.owner_id, *m) != ReportState::Consolidated)
        .map(|m| Blocker {
            month: m,
            organisation_id: None,
            state: state_of(ledger, ledger.owner_id, m),
        })
        .collect()
}

/// Every organisation's report of `from..=to` in flight (by month, then organisation)
/// and every open month with entries (by organisation, then month).
fn organisation_blockers(from: Month, to: Month, ledger: &Ledger) -> Vec<Blocker> {
    let mut in_flight: Vec<Blocker> = ledger
        .states
        .iter()
        .filter(|((_, m), _)| *m >= from && *m <= to)
        .filter(|(_, s)| {
            matches!(
                s,
                ReportState::Submitted | ReportState::Approved | ReportState::Returned
            )
        })
        .map(|((o, m), s)| Blocker {
            month: *m,
            organisation_id: Some(*o),
            state: *s,
        })
        .collect();
    in_flight.sort_by_key(|b| (b.month, b.organisation_id));
    let mut with_entries = ledger.with_entries.clone();
    with_entries.sort_unstable();
    with_entries.dedup();
    let open = with_entries
        .into_iter()
        .filter(|(o, m)| *m >= from && *m <= to && state_of(ledger, *o, *m) == ReportState::Open)
        .map(|(o, m)| Blocker {
            month: m,
            organisation_id: Some(o),
            state: ReportState::Open,
        });
    in_flight.extend(open);
    in_flight
}

/// Everything that keeps `from..=to` from being consolidated, for a person to work
/// through: the project's own months, then every organisation's (the owner's own month
/// is not repeated among them).
pub fn all_blockers(from: Month, to: Month, ledger: &Ledger) -> Vec<Blocker> {
    let mut all = own_blockers(from, to, ledger);
    all.extend(
        organisation_blockers(from, to, ledger)
            .into_iter()
            .filter(|b| b.organisation_id != Some(ledger.owner_id)),
    );
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Month {
        Month::parse(s).unwrap()
    }

    /// A project of 2013-01..2014-12 owned by organisation 1, with municipalities 3
    /// and 4; every month up to 2013-06 consolidated for the project.
    fn ledger() -> Ledger {
        let mut states = HashMap::new();
        for month in m("2013-01").through(m("2013-06")) {
            states.insert((1, month), ReportState::Consolidated);
        }
        Ledger {
            project: (m("2013-01"), m("2014-12")),
            issued: vec![],
            owner_id: 1,
            states,
            with_entries: vec![],
        }
    }

    #[test]
    fn the_first_claim_starts_with_the_project() {
        assert_eq!(check(m("2013-01"), m("2013-03"), &ledger()), Ok(()));
        assert_eq!(
            check(m("2013-02"), m("2013-03"), &ledger()),
            Err(Refusal::Gap { next: m("2013-01") })
        );
        assert_eq!(
            check(m("2013-03"), m("2013-01"), &ledger()),
            Err(Refusal::Reversed)
        );
        assert_eq!(
            check(m("2012-12"), m("2013-03"), &ledger()),
            Err(Refusal::OutsideProject {
                to_field: false,
                month: m("2012-12")
            })
        );
        assert_eq!(
            check(m("2013-01"), m("2015-01"), &ledger()),
            Err(Refusal::OutsideProject {
                to_field: true,
                month: m("2015-01")
            })
        );
    }

    #[test]
    fn later_claims_follow_on_without_gap_or_overlap() {
        let mut l = ledger();
        let first = IssuedClaim {
            number: 1,
            from: m("2013-01"),
            to: m("2013-03"),
        };
        l.issued.push(first);
        assert_eq!(check(m("2013-04"), m("2013-06"), &l), Ok(()));
        assert_eq!(
            check(m("2013-03"), m("2013-06"), &l),
            Err(Refusal::AlreadyClaimed(first))
        );
        assert_eq!(
            check(m("2013-05"), m("2013-06"), &l),
            Err(Refusal::Gap { next: m("2013-04") })
        );
    }

    #[test]
    fn every_month_must_be_consolidated_everywhere() {
        // The project's own months come first.
        assert_eq!(
            check(m("2013-01"), m("2013-07"), &ledger()),
            Err(Refusal::NotConsolidated(vec![Blocker {
                month: m("2013-07"),
                organisation_id: None,
                state: ReportState::Open,
            }]))
        );
        // Then reports in flight, and open months with entries.
        let mut l = ledger();
        l.states.insert((4, m("2013-02")), ReportState::Approved);
        l.states.insert((3, m("2013-02")), ReportState::Returned);
        l.states
            .insert((3, m("2013-01")), ReportState::Consolidated);
        l.with_entries = vec![(4, m("2013-03")), (3, m("2013-01")), (4, m("2013-03"))];
        assert_eq!(
            check(m("2013-01"), m("2013-03"), &l),
            Err(Refusal::NotConsolidated(vec![
                Blocker {
                    month: m("2013-02"),
                    organisation_id: Some(3),
                    state: ReportState::Returned,
                },
                Blocker {
                    month: m("2013-02"),
                    organisation_id: Some(4),
                    state: ReportState::Approved,
                },
                Blocker {
                    month: m("2013-03"),
                    organisation_id: Some(4),
                    state: ReportState::Open,
                },
            ]))
        );
        // Entries in a consolidated month block nothing.
        let mut l = ledger();
        l.states
            .insert((3, m("2013-01")), ReportState::Consolidated);
        l.with_entries = vec![(3, m("2013-01"))];
        assert_eq!(check(m("2013-01"), m("2013-01"), &l), Ok(()));
    }

    #[test]
    fn all_blockers_lists_the_project_months_and_every_organisation() {
        let mut l = ledger();
        l.states.insert((4, m("2013-07")), ReportState::Submitted);
        l.with_entries = vec![(3, m("2013-07")), (1, m("2013-07"))];
        assert_eq!(
            all_blockers(m("2013-01"), m("2013-07"), &l),
            vec![
                Blocker {
                    month: m("2013-07"),
                    organisation_id: None,
                    state: ReportState::Open,
                },
                Blocker {
                    month: m("2013-07"),
                    organisation_id: Some(4),
                    state: ReportState::Submitted,
                },
                Blocker {
                    month: m("2013-07"),
                    organisation_id: Some(3),
                    state: ReportState::Open,
                },
            ]
        );
        // `check` still names only the project's month first.
        assert!(matches!(
            check(m("2013-01"), m("2013-07"), &l),
            Err(Refusal::NotConsolidated(b)) if b.len() == 1
        ));
    }
}
