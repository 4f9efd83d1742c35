//! Monthly report figures: costs by category, co-financing by type, hours. Totals are
//! sums of the stored (already rounded) line amounts, never recomputed.

use serde::Serialize;

use super::claim::Category;
use super::entry::Funding;

/// One organisation's aggregated entries for a month, in öre and hundredths of hours.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Figures {
    /// Cash staff costs (project-funded attested timesheets).
    pub staff_ore: i64,
    pub services_ore: i64,
    pub premises_ore: i64,
    pub travel_ore: i64,
    pub materials_ore: i64,
    /// In-kind contributions: working time and premises provided free.
    pub in_kind_ore: i64,
    pub participant_compensation_ore: i64,
    /// Compensation recorded without a confirmed attendance certificate: shown, counted
    /// in no total (issue 13.17).
    pub pending_compensation_ore: i64,
    pub public_cash_ore: i64,
    pub owner_cash_ore: i64,
    pub project_hours_centi: i64,
    pub in_kind_hours_centi: i64,
    pub attested_timesheets: i64,
}

impl Figures {
    /// The figure an amount of `category` adds to; `None` for indirect costs, which a
    /// claim computes and no entry carries (every entry kind's category has a slot:
    /// see the tests).
    pub fn slot(&mut self, category: Category) -> Option<&mut i64> {
        match category {
            Category::Staff => Some(&mut self.staff_ore),
            Category::Services => Some(&mut self.services_ore),
            Category::Premises => Some(&mut self.premises_ore),
            Category::Travel => Some(&mut self.travel_ore),
            Category::Materials => Some(&mut self.materials_ore),
            Category::InKind => Some(&mut self.in_kind_ore),
            Category::ParticipantCompensation => Some(&mut self.participant_compensation_ore),
            Category::PublicCash => Some(&mut self.public_cash_ore),
            Category::OwnerCash => Some(&mut self.owner_cash_ore),
            Category::Indirect => None,
        }
    }

    /// Adds an entry's amount to the figure of its category.
    pub fn add_amount(&mut self, category: Category, amount_ore: i64) {
        if let Some(slot) = self.slot(category) {
            *slot += amount_ore;
        }
    }

    /// Adds attested time: its cost to its funding's category, its hours to project or
    /// in-kind hours.
    pub fn add_time(&mut self, funding: Funding, cost_ore: i64, hours_centi: i64) {
        self.add_amount(funding.category(), cost_ore);
        match funding {
            Funding::Project => self.project_hours_centi += hours_centi,
            Funding::InKind => self.in_kind_hours_centi += hours_centi,
        }
    }

    pub fn add(&mut self, other: &Figures) {
        self.staff_ore += other.staff_ore;
        self.services_ore += other.services_ore;
        self.premises_ore += other.premises_ore;
        self.travel_ore += other.travel_ore;
        self.materials_ore += other.materials_ore;
        self.in_kind_ore += other.in_kind_ore;
        self.participant_compensation_ore += other.participant_compensation_ore;
        self.pending_compensation_ore += other.pending_compensation_ore;
        self.public_cash_ore += other.public_cash_ore;
        self.owner_cash_ore += other.owner_cash_ore;
        self.project_hours_centi += other.project_hours_centi;
        self.in_kind_hours_centi += other.in_kind_hours_centi;
        self.attested_timesheets += other.attested_timesheets;
    }

    /// Direct cash costs: every category paid in cash.
    pub fn direct_cash_ore(&self) -> i64 {
        self.staff_ore
            + self.services_ore
            + self.premises_ore
            + self.travel_ore
            + self.materials_ore
    }

    /// Co-financing = in kind + participant compensation + public cash + owner cash.
    pub fn cofinancing_ore(&self) -> i64 {
        self.in_kind_ore
            + self.participant_compensation_ore
            + self.public_cash_ore
            + self.owner_cash_ore
    }

    /// Eligible costs of the month before indirect costs (which belong to the claim):
    /// direct costs + in kind + participant compensation.
    pub fn eligible_before_indirect_ore(&self) -> i64 {
        self.direct_cash_ore() + self.in_kind_ore + self.participant_compensation_ore
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::entry::{CashKind, CompensationKind, OtherCategory, PremisesFinancing};
    use strum::VariantArray;

    #[test]
    fn every_entry_kind_has_a_figure() {
        let categories = Funding::VARIANTS
            .iter()
            .map(|k| k.category())
            .chain(PremisesFinancing::VARIANTS.iter().map(|k| k.category()))
            .chain(OtherCategory::VARIANTS.iter().map(|k| k.category()))
            .chain(CashKind::VARIANTS.iter().map(|k| k.category()))
            .chain(CompensationKind::VARIANTS.iter().map(|k| k.category()));
        for c in categories {
            assert!(Figures::default().slot(c).is_some(), "{c:?}");
        }
        let mut f = Figures::default();
        f.add_time(Funding::InKind, 500, 750);
        f.add_amount(PremisesFinancing::Cash.category(), 7);
        assert_eq!(
            (f.in_kind_ore, f.in_kind_hours_centi, f.premises_ore),
            (500, 750, 7)
        );
    }

    #[test]
    fn totals() {
        let mut a = Figures {
            staff_ore: 3_477_600,
            in_kind_ore: 100,
            public_cash_ore: 50,
            ..Default::default()
        };
        let b = Figures {
            staff_ore: 1,
            premises_ore: 2,
            participant_compensation_ore: 7,
            ..Default::default()
        };
        a.add(&b);
        assert_eq!(a.direct_cash_ore(), 3_477_603);
        assert_eq!(a.cofinancing_ore(), 157);
        assert_eq!(a.eligible_before_indirect_ore(), 3_477_710);
    }
}
