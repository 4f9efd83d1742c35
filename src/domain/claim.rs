//! The ESF amount of a claim (ansökan om utbetalning): due cumulatively to the claim's end
//! = min(support rate × total eligible, total eligible − co-financing, approved ESF
//! budget), floored to whole kronor; requested = due cumulative − requested earlier.
//! Computing on cumulative figures keeps rounding from drifting between claims.

use serde::{Deserialize, Serialize};

use super::money::Ore;
use super::project::{DistributionKey, IndirectBase};
use super::rate::{Ppm, PPM_PER_PERCENT};
use super::report::Figures;
use super::rounding;

/// A claim is drafted (and may be recomputed) until it is issued, then frozen.
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
pub enum ClaimState {
    Draft,
    Issued,
}

/// Where a line of a claim comes from.
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
pub enum LineSource {
    Timesheet,
    TimesheetAdjustment,
    Premises,
    OtherCost,
    Cash,
    Compensation,
    /// The flat-rate indirect costs, computed by the claim (not an entry).
    Indirect,
}

impl LineSource {
    /// The Swedish name of the source in the claim workbook.
    pub fn label(self) -> &'static str {
        match self {
            Self::Timesheet => "Tidrapport",
            Self::TimesheetAdjustment => "Rättelse tidrapport",
            Self::Premises => "Lokal",
            Self::OtherCost => "Övrig kostnad",
            Self::Cash => "Kontant medfinansiering",
            Self::Compensation => "Ersättning",
            Self::Indirect => "Schablon",
        }
    }
}

/// A cost category or financing type of budgets and claims (ESF-rådet's headings).
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
pub enum Category {
    Staff,
    Services,
    Premises,
    Travel,
    Materials,
    Indirect,
    InKind,
    ParticipantCompensation,
    PublicCash,
    OwnerCash,
}

impl Category {
    pub const ALL: [Category; 10] = [
        Self::Staff,
        Self::Services,
        Self::Premises,
        Self::Travel,
        Self::Materials,
        Self::Indirect,
        Self::InKind,
        Self::ParticipantCompensation,
        Self::PublicCash,
        Self::OwnerCash,
    ];
    /// The cost categories (kostnadsslag) of the claim form.
    pub const COSTS: [Category; 6] = [
        Self::Staff,
        Self::Services,
        Self::Premises,
        Self::Travel,
        Self::Materials,
        Self::Indirect,
    ];
    /// The financing types other than the ESF support.
    pub const COFINANCING: [Category; 4] = [
        Self::InKind,
        Self::ParticipantCompensation,
        Self::PublicCash,
        Self::OwnerCash,
    ];

    /// The categories of an organisation's distribution basis under `key`: every
    /// eligible cost, or only the direct cash costs (no indirect, nothing in kind).
    pub fn basis(key: DistributionKey) -> &'static [Category] {
        match key {
            DistributionKey::TotalEligible => &[
                Self::Staff,
                Self::Services,
                Self::Premises,
                Self::Travel,
                Self::Materials,
                Self::Indirect,
                Self::InKind,
                Self::ParticipantCompensation,
            ],
            DistributionKey::DirectCash => &[
                Self::Staff,
                Self::Services,
                Self::Premises,
                Self::Travel,
                Self::Materials,
            ],
        }
    }

    /// The Swedish heading of the ESF forms.
    pub fn label(self) -> &'static str {
        match self {
            Self::Staff => "Lön personal",
            Self::Services => "Köp av tjänst",
            Self::Premises => "Lokal",
            Self::Travel => "Resa",
            Self::Materials => "Materiel",
            Self::Indirect => "Indirekta utgifter",
            Self::InKind => "Offentligt bidrag i annat än pengar",
            Self::ParticipantCompensation => "Offentligt finansierad ersättning till deltagare",
            Self::PublicCash => "Kontanta medel tillförda projektet",
            Self::OwnerCash => "Kontant betalt av projektägaren",
        }
    }
}

/// One organisation's figures in a claim (öre): the month figures plus its indirect
/// costs for the claim's period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ClaimFigures {
    pub staff: i64,
    pub services: i64,
    pub premises: i64,
    pub travel: i64,
    pub materials: i64,
    pub indirect: i64,
    pub in_kind: i64,
    pub participant_compensation: i64,
    pub public_cash: i64,
    pub owner_cash: i64,
}

impl ClaimFigures {
    /// The period's entries of one organisation plus flat rate × its base.
    pub fn with_indirect(f: &Figures, rate_ppm: i64, base: IndirectBase) -> Self {
        let base_ore = match base {
            IndirectBase::Staff => f.staff_ore,
            IndirectBase::Direct => f.direct_cash_ore(),
        };
        ClaimFigures {
            staff: f.staff_ore,
            services: f.services_ore,
            premises: f.premises_ore,
            travel: f.travel_ore,
            materials: f.materials_ore,
            indirect: indirect(Ore::new(base_ore), Ppm::new(rate_ppm)).get(),
            in_kind: f.in_kind_ore,
            participant_compensation: f.participant_compensation_ore,
            public_cash: f.public_cash_ore,
            owner_cash: f.owner_cash_ore,
        }
    }

    pub fn get(&self, c: Category) -> i64 {
        match c {
            Category::Staff => self.staff,
            Category::Services => self.services,
            Category::Premises => self.premises,
            Category::Travel => self.travel,
            Category::Materials => self.materials,
            Category::Indirect => self.indirect,
            Category::InKind => self.in_kind,
            Category::ParticipantCompensation => self.participant_compensation,
            Category::PublicCash => self.public_cash,
            Category::OwnerCash => self.owner_cash,
        }
    }

    pub fn slot(&mut self, c: Category) -> &mut i64 {
        match c {
            Category::Staff => &mut self.staff,
            Category::Services => &mut self.services,
            Category::Premises => &mut self.premises,
            Category::Travel => &mut self.travel,
            Category::Materials => &mut self.materials,
            Category::Indirect => &mut self.indirect,
            Category::InKind => &mut self.in_kind,
            Category::ParticipantCompensation => &mut self.participant_compensation,
            Category::PublicCash => &mut self.public_cash,
            Category::OwnerCash => &mut self.owner_cash,
        }
    }

    /// Adds `other` category by category; `None` (and `self` unchanged) if a sum
    /// overflows.
    #[must_use]
    pub fn add(&mut self, other: &ClaimFigures) -> Option<()> {
        let mut sum = *self;
        for c in Category::ALL {
            let slot = sum.slot(c);
            *slot = slot.checked_add(other.get(c))?;
        }
        *self = sum;
        Some(())
    }

    /// The sum of `categories`, or `None` if it overflows.
    pub fn sum(&self, categories: &[Category]) -> Option<i64> {
        categories
            .iter()
            .try_fold(0i64, |sum, c| sum.checked_add(self.get(*c)))
    }

    /// Direct cash costs (the distribution's alternative key): no indirect, no in kind.
    pub fn direct_cash(&self) -> Option<i64> {
        self.sum(Category::basis(DistributionKey::DirectCash))
    }

    /// Total eligible = direct + indirect + in kind + participant compensation.
    pub fn eligible(&self) -> Option<i64> {
        self.sum(Category::basis(DistributionKey::TotalEligible))
    }

    /// The costs of the claim form: direct and indirect.
    pub fn costs(&self) -> Option<i64> {
        self.sum(&Category::COSTS)
    }

    /// Co-financing = in kind + participant compensation + public cash + owner cash.
    pub fn cofinancing(&self) -> Option<i64> {
        self.sum(&Category::COFINANCING)
    }

    pub fn is_zero(&self) -> bool {
        *self == ClaimFigures::default()
    }
}

/// Parts per million in one.
const PPM: i64 = 100 * PPM_PER_PERCENT;

/// What the ESF amount of a claim is computed from, each by name so no two can be
/// swapped: cumulative to the end of the claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EsfBasis {
    pub support_rate: Ppm,
    pub total_eligible: Ore,
    pub cofinancing: Ore,
    pub approved_budget: Ore,
}

impl EsfBasis {
    /// ESF due cumulatively: min(rate × total eligible, total eligible − co-financing,
    /// approved ESF budget), floored to whole kronor, never below zero.
    pub fn due_cumulative(self) -> Ore {
        let eligible = i128::from(self.total_eligible.get());
        // rate × eligible in exact integer arithmetic: floor(eligible × ppm / 10⁶).
        let by_rate = rounding::floor_div(
            eligible * i128::from(self.support_rate.get()),
            i128::from(PPM),
        )
        .unwrap_or_default();
        let by_cofinancing = eligible - i128::from(self.cofinancing.get());
        let due = by_rate
            .min(by_cofinancing)
            .min(i128::from(self.approved_budget.get()))
            .max(0);
        // `due` is at most the approved budget, an i64.
        Ore::new(rounding::floor_to_kronor(
            i64::try_from(due).unwrap_or(i64::MAX),
        ))
    }
}

/// Which of the three limits decides the ESF amount (the smallest; on a tie the first
/// named here): the support rate of the eligible costs, the eligible costs less the
/// co-financing, or the approved ESF budget.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum EsfCap {
    SupportRate,
    Cofinancing,
    ApprovedBudget,
}

impl EsfBasis {
    /// The limit `due_cumulative` takes its value from.
    pub fn binding_cap(self) -> EsfCap {
        let eligible = i128::from(self.total_eligible.get());
        let by_rate = rounding::floor_div(
            eligible * i128::from(self.support_rate.get()),
            i128::from(PPM),
        )
        .unwrap_or_default();
        let by_cofinancing = eligible - i128::from(self.cofinancing.get());
        let by_budget = i128::from(self.approved_budget.get());
        if by_rate <= by_cofinancing && by_rate <= by_budget {
            EsfCap::SupportRate
        } else if by_cofinancing <= by_budget {
            EsfCap::Cofinancing
        } else {
            EsfCap::ApprovedBudget
        }
    }
}

/// An organisation's indirect costs for the claim's period: flat rate × its base,
/// rounded to öre half away from zero (exact integer arithmetic).
pub fn indirect(base: Ore, rate: Ppm) -> Ore {
    let product = i128::from(base.get()) * i128::from(rate.get());
    let rounded = rounding::div_half_away(product, i128::from(PPM)).unwrap_or_default();
    // |rate| ≤ 100 %, so the result is no larger than the base.
    Ore::new(i64::try_from(rounded).unwrap_or(i64::MAX))
}

/// What this claim requests: due cumulative less what earlier claims requested;
/// `None` if that overflows.
pub fn esf_requested(due_cumulative: Ore, requested_earlier: Ore) -> Option<Ore> {
    due_cumulative.checked_sub(requested_earlier)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::names::Named;

    const HALF: i64 = 500_000;
    const SEK: i64 = 100;

    /// The ESF due of the worked examples, in öre.
    fn due(rate: i64, eligible: i64, cofinancing: i64, budget: i64) -> i64 {
        EsfBasis {
            support_rate: Ppm::new(rate),
            total_eligible: Ore::new(eligible),
            cofinancing: Ore::new(cofinancing),
            approved_budget: Ore::new(budget),
        }
        .due_cumulative()
        .get()
    }

    #[test]
    fn the_worked_examples() {
        // First claim: min(500 000, 480 000, 10 000 000) = 480 000.
        let first = due(HALF, 1_000_000 * SEK, 520_000 * SEK, 10_000_000 * SEK);
        assert_eq!(first, 480_000 * SEK);
        assert_eq!(
            esf_requested(Ore::new(first), Ore::ZERO).unwrap().get(),
            480_000 * SEK
        );
        // Second: min(1 050 000.25, 1 100 000.50, 10 000 000) floored = 1 050 000.
        let second = due(HALF, 210_000_050, 1_000_000 * SEK, 10_000_000 * SEK);
        assert_eq!(second, 1_050_000 * SEK);
        assert_eq!(
            esf_requested(Ore::new(second), Ore::new(first))
                .unwrap()
                .get(),
            570_000 * SEK
        );
        // With an approved budget of 1 000 000 the second claim requests 520 000.
        let capped = due(HALF, 210_000_050, 1_000_000 * SEK, 1_000_000 * SEK);
        assert_eq!(
            esf_requested(Ore::new(capped), Ore::new(first))
                .unwrap()
                .get(),
            520_000 * SEK
        );
    }

    #[test]
    fn the_binding_cap_is_the_smallest_limit() {
        let basis = |rate: i64, eligible: i64, cofinancing: i64, budget: i64| EsfBasis {
            support_rate: Ppm::new(rate),
            total_eligible: Ore::new(eligible),
            cofinancing: Ore::new(cofinancing),
            approved_budget: Ore::new(budget),
        };
        // 50 % of 1 000 000 = 500 000 < 1 000 000 − 300 000, under the budget.
        assert_eq!(
            basis(HALF, 1_000_000, 300_000, 10_000_000).binding_cap(),
            EsfCap::SupportRate
        );
        // 1 000 000 − 600 000 = 400 000 < 500 000.
        assert_eq!(
            basis(HALF, 1_000_000, 600_000, 10_000_000).binding_cap(),
            EsfCap::Cofinancing
        );
        assert_eq!(
            basis(HALF, 1_000_000, 300_000, 450_000).binding_cap(),
            EsfCap::ApprovedBudget
        );
        // A tie names the rate.
        assert_eq!(
            basis(HALF, 1_000_000, 500_000, 500_000).binding_cap(),
            EsfCap::SupportRate
        );
    }

    #[test]
    fn indirect_costs_round_half_away_from_zero() {
        let fifteen = 150_000;
        assert_eq!(
            indirect(Ore::new(3_477_600), Ppm::new(fifteen)).get(),
            521_640
        ); // 15 % of 34 776.00
        assert_eq!(indirect(Ore::new(3), Ppm::new(fifteen)).get(), 0); // 0.0045 SEK
        assert_eq!(indirect(Ore::new(10), Ppm::new(fifteen)).get(), 2); // 0.015 SEK → 0.02
        assert_eq!(indirect(Ore::new(-10), Ppm::new(fifteen)).get(), -2); // an adjustment
        assert_eq!(indirect(Ore::new(3_477_600), Ppm::new(0)).get(), 0);
    }

    #[test]
    fn claim_figures_of_an_organisation() {
        let month = Figures {
            staff_ore: 3_477_600,
            premises_ore: 1_000_000,
            in_kind_ore: 200_000,
            participant_compensation_ore: 50_000,
            public_cash_ore: 10_000,
            ..Default::default()
        };
        let staff_based = ClaimFigures::with_indirect(&month, 150_000, IndirectBase::Staff);
        assert_eq!(staff_based.indirect, 521_640);
        assert_eq!(staff_based.direct_cash(), Some(4_477_600));
        assert_eq!(staff_based.eligible(), Some(4_477_600 + 521_640 + 250_000));
        assert_eq!(staff_based.costs(), Some(4_477_600 + 521_640));
        assert_eq!(staff_based.cofinancing(), Some(260_000));
        let direct_based = ClaimFigures::with_indirect(&month, 200_000, IndirectBase::Direct);
        assert_eq!(direct_based.indirect, 895_520); // 20 % of 44 776.00, in kind excluded
        let mut sum = staff_based;
        assert_eq!(sum.add(&direct_based), Some(()));
        assert_eq!(sum.indirect, 521_640 + 895_520);
        assert!(ClaimFigures::default().is_zero());
        // A sum past i64 is refused, never wrapped, and leaves the figures as they were.
        let big = ClaimFigures {
            staff: i64::MAX,
            ..Default::default()
        };
        let before = sum;
        assert_eq!(sum.add(&big), None);
        assert_eq!(sum, before);
        let both = ClaimFigures {
            staff: i64::MAX,
            travel: 1,
            ..Default::default()
        };
        assert_eq!(
            (both.direct_cash(), both.eligible(), both.costs()),
            (None, None, None)
        );
        assert_eq!(both.cofinancing(), Some(0));
        assert_eq!(Category::parse("in_kind"), Ok(Category::InKind));
        assert!(Category::parse("ink").is_err());
    }

    #[test]
    fn never_negative_and_whole_kronor() {
        assert_eq!(due(HALF, 100 * SEK, 200 * SEK, 10_000 * SEK), 0);
        assert_eq!(due(HALF, 199, 0, 10_000 * SEK), 0);
        assert_eq!(due(HALF, 201, 0, 10_000 * SEK), 100);
    }
}
