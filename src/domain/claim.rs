//! The ESF amount of a claim (ansökan om utbetalning): due cumulatively to the claim's end
//! = min(support rate × total eligible, total eligible − co-financing, approved ESF
//! budget), floored to whole kronor; requested = due cumulative − requested earlier.
//! Computing on cumulative figures keeps rounding from drifting between claims.

use super::rate::PPM_PER_PERCENT;

/// Parts per million in one.
const PPM: i64 = 100 * PPM_PER_PERCENT;

/// Whole kronor of öre, rounded down (towards minus infinity).
pub fn floor_to_kronor(ore: i64) -> i64 {
    ore.div_euclid(100) * 100
}

/// ESF due cumulatively, in öre (whole kronor), never below zero.
pub fn esf_due_cumulative(
    support_rate_ppm: i64,
    total_eligible_ore: i64,
    cofinancing_ore: i64,
    approved_budget_ore: i64,
) -> i64 {
    // rate × eligible in exact integer arithmetic: floor(eligible × ppm / 10⁶).
    let by_rate =
        (i128::from(total_eligible_ore) * i128::from(support_rate_ppm)).div_euclid(i128::from(PPM));
    let by_cofinancing = i128::from(total_eligible_ore) - i128::from(cofinancing_ore);
    let due = by_rate
        .min(by_cofinancing)
        .min(i128::from(approved_budget_ore))
        .max(0);
    floor_to_kronor(i64::try_from(due).unwrap_or(i64::MAX))
}

/// An organisation's indirect costs for the claim's period: flat rate × its base,
/// rounded to öre half away from zero (exact integer arithmetic).
pub fn indirect_ore(base_ore: i64, rate_ppm: i64) -> i64 {
    let product = i128::from(base_ore) * i128::from(rate_ppm);
    let half = i128::from(PPM) / 2;
    let rounded = if product >= 0 {
        (product + half) / i128::from(PPM)
    } else {
        (product - half) / i128::from(PPM)
    };
    i64::try_from(rounded).unwrap_or(i64::MAX)
}

/// What this claim requests: due cumulative less what earlier claims requested.
pub fn esf_requested(due_cumulative_ore: i64, requested_earlier_ore: i64) -> i64 {
    due_cumulative_ore - requested_earlier_ore
}

#[cfg(test)]
mod tests {
    use super::*;

    const HALF: i64 = 500_000;
    const SEK: i64 = 100;

    #[test]
    fn the_worked_examples() {
        // First claim: min(500 000, 480 000, 10 000 000) = 480 000.
        let first = esf_due_cumulative(HALF, 1_000_000 * SEK, 520_000 * SEK, 10_000_000 * SEK);
        assert_eq!(first, 480_000 * SEK);
        assert_eq!(esf_requested(first, 0), 480_000 * SEK);
        // Second: min(1 050 000.25, 1 100 000.50, 10 000 000) floored = 1 050 000.
        let second = esf_due_cumulative(HALF, 210_000_050, 1_000_000 * SEK, 10_000_000 * SEK);
        assert_eq!(second, 1_050_000 * SEK);
        assert_eq!(esf_requested(second, first), 570_000 * SEK);
        // With an approved budget of 1 000 000 the second claim requests 520 000.
        let capped = esf_due_cumulative(HALF, 210_000_050, 1_000_000 * SEK, 1_000_000 * SEK);
        assert_eq!(esf_requested(capped, first), 520_000 * SEK);
    }

    #[test]
    fn indirect_costs_round_half_away_from_zero() {
        let fifteen = 150_000;
        assert_eq!(indirect_ore(3_477_600, fifteen), 521_640); // 15 % of 34 776.00
        assert_eq!(indirect_ore(3, fifteen), 0); // 0.0045 SEK
        assert_eq!(indirect_ore(10, fifteen), 2); // 0.015 SEK → 0.02
        assert_eq!(indirect_ore(-10, fifteen), -2); // an adjustment
        assert_eq!(indirect_ore(3_477_600, 0), 0);
    }

    #[test]
    fn never_negative_and_whole_kronor() {
        assert_eq!(
            esf_due_cumulative(HALF, 100 * SEK, 200 * SEK, 10_000 * SEK),
            0
        );
        assert_eq!(esf_due_cumulative(HALF, 199, 0, 10_000 * SEK), 0);
        assert_eq!(esf_due_cumulative(HALF, 201, 0, 10_000 * SEK), 100);
        assert_eq!(floor_to_kronor(-1), -100);
    }
}
