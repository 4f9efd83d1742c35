//! How numbers are rounded: the one place that says it, and the only code that does it.
//!
//! - **Money** is rounded once, to the öre, **half away from zero** (0.005 kr → 0.01 kr,
//!   −0.005 kr → −0.01 kr): a staff cost, an hourly rate, a premises share, the flat-rate
//!   indirect costs, an average per month.
//! - **Floors** where the ESF rules floor, towards minus infinity: rate × eligible costs
//!   and the ESF amount due, to whole kronor (`floor_to_kronor`); the yearly hour cap, to
//!   whole hundredths of an hour (`floor_div`), so a cap is never exceeded.
//! - **Percentages shown to a reader** (shares, burn, the share back in studies) are
//!   rounded to the decimals shown, with the same tie rule, half away from zero, and
//!   printed with exactly that many decimals. They are never used in an amount.
//!
//! One tie rule everywhere: half away from zero. Nothing rounds half to even.

use rust_decimal::{Decimal, RoundingStrategy};

const TIES: RoundingStrategy = RoundingStrategy::MidpointAwayFromZero;

/// Kronor rounded to the öre, half away from zero.
pub fn to_ore(sek: Decimal) -> Decimal {
    sek.round_dp_with_strategy(2, TIES)
}

/// Kronor rounded to the öre and given in öre; `None` if that does not fit an i64.
pub fn sek_to_ore(sek: Decimal) -> Option<i64> {
    i64::try_from(to_ore(sek) * Decimal::ONE_HUNDRED).ok()
}

/// `numerator / denominator` rounded to a whole number, half away from zero, in exact
/// integer arithmetic; `None` unless `denominator` is positive (or on overflow).
pub fn div_half_away(numerator: i128, denominator: i128) -> Option<i128> {
    if denominator <= 0 {
        return None;
    }
    // With an odd denominator there are no ties and n ± floor(d/2), truncated, is the
    // nearest whole number all the same.
    let half = denominator / 2;
    let adjusted = if numerator >= 0 {
        numerator.checked_add(half)?
    } else {
        numerator.checked_sub(half)?
    };
    Some(adjusted / denominator)
}

/// `numerator / denominator` rounded towards minus infinity; `None` unless
/// `denominator` is positive.
pub fn floor_div(numerator: i128, denominator: i128) -> Option<i128> {
    (denominator > 0).then(|| numerator.div_euclid(denominator))
}

/// Whole kronor of öre, rounded towards minus infinity.
pub fn floor_to_kronor(ore: i64) -> i64 {
    ore.div_euclid(100) * 100
}

/// A percentage shown with `decimals` decimals: rounded half away from zero and
/// printed with exactly that many.
pub fn percent(value: Decimal, decimals: u32) -> Decimal {
    let mut p = value.round_dp_with_strategy(decimals, TIES);
    p.rescale(decimals);
    p
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn money_ties_go_away_from_zero() {
        assert_eq!(to_ore(d("0.005")), d("0.01"));
        assert_eq!(to_ore(d("-0.005")), d("-0.01"));
        assert_eq!(to_ore(d("0.015")), d("0.02"));
        assert_eq!(to_ore(d("0.025")), d("0.03"));
        assert_eq!(to_ore(d("1.004999")), d("1.00"));
        assert_eq!(sek_to_ore(d("12.345")), Some(1235));
    }

    #[test]
    fn integer_ties_go_away_from_zero() {
        assert_eq!(div_half_away(5, 10), Some(1));
        assert_eq!(div_half_away(15, 10), Some(2));
        assert_eq!(div_half_away(25, 10), Some(3));
        assert_eq!(div_half_away(-25, 10), Some(-3));
        assert_eq!(div_half_away(24, 10), Some(2));
        assert_eq!(div_half_away(7, 3), Some(2));
        assert_eq!(div_half_away(-7, 3), Some(-2));
        assert_eq!(div_half_away(25, -10), None);
        assert_eq!(div_half_away(1, 0), None);
    }

    #[test]
    fn floors_go_down() {
        assert_eq!(floor_to_kronor(2_549_620), 2_549_600);
        assert_eq!(floor_to_kronor(-1), -100);
        assert_eq!(floor_div(7, 2), Some(3));
        assert_eq!(floor_div(-7, 2), Some(-4));
        assert_eq!(floor_div(1, 0), None);
    }

    #[test]
    fn percentages_use_the_same_tie_rule() {
        assert_eq!(percent(d("12.25"), 1).to_string(), "12.3");
        assert_eq!(percent(d("12.35"), 1).to_string(), "12.4");
        assert_eq!(percent(d("-0.05"), 1).to_string(), "-0.1");
        assert_eq!(percent(d("50"), 4).to_string(), "50.0000");
    }

    proptest! {
        #[test]
        fn integer_rounding_agrees_with_decimal_rounding(n in -10_000_000_000i64..10_000_000_000, den in 1i64..2_000_000) {
            let exact = Decimal::from(n) / Decimal::from(den);
            let by_decimal = exact.round_dp_with_strategy(0, TIES);
            prop_assert_eq!(Decimal::from(div_half_away(n.into(), den.into()).unwrap() as i64), by_decimal);
            prop_assert_eq!(Decimal::from(floor_div(n.into(), den.into()).unwrap() as i64), exact.floor());
        }
    }
}
