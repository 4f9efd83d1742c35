//! Premises: monthly cost (or area × annual rent per m² / 12) × project share, rounded
//! once to öre, half away from zero.

use rust_decimal::Decimal;

use super::money::Ore;
use super::rate::Ppm;
use super::rounding;

/// An area in hundredths of m², more than zero. On the wire: m² with at most two
/// decimals ("85.5").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Area(i64);

impl Area {
    pub fn centi_m2(self) -> i64 {
        self.0
    }

    pub fn from_centi_m2(centi: i64) -> Area {
        Area(centi)
    }
}

impl super::entered::Unit for Area {
    fn from_decimal(value: Decimal) -> Result<Self, String> {
        if value.normalize().scale() > 2 {
            return Err(format!("{value} has more than 2 decimals"));
        }
        if value <= Decimal::ZERO {
            return Err(format!("{value} must be more than 0"));
        }
        i64::try_from(value * Decimal::ONE_HUNDRED)
            .map(Area)
            .map_err(|_| format!("{value} is too large"))
    }
    fn to_decimal(self) -> Decimal {
        Decimal::new(self.0, 2)
    }
}

impl utoipa::PartialSchema for Area {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::Type::String)
            .pattern(Some(r"^[0-9]{1,12}(\.[0-9]{1,2})?$"))
            .description(Some(
                "An area in m², more than 0, with at most two decimals",
            ))
            .examples([serde_json::json!("85.5")])
            .into()
    }
}

impl utoipa::ToSchema for Area {}

/// How the monthly cost of a premises line is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PremisesCost {
    Monthly {
        cost_ore: i64,
    },
    /// Area in hundredths of m², annual rent per m² in öre.
    Area {
        area_centi_m2: i64,
        annual_rent_per_m2_ore: i64,
    },
}

/// The line amount in öre for a project share in ppm (100 % = 1 000 000).
pub fn amount(cost: PremisesCost, share: Ppm) -> Result<Ore, String> {
    let share_ppm = share.get();
    let monthly = match cost {
        PremisesCost::Monthly { cost_ore } => Decimal::new(cost_ore, 2),
        PremisesCost::Area {
            area_centi_m2,
            annual_rent_per_m2_ore,
        } => {
            Decimal::new(area_centi_m2, 2) * Decimal::new(annual_rent_per_m2_ore, 2)
                / Decimal::from(12)
        }
    };
    let amount = monthly
        .checked_mul(Decimal::new(share_ppm, 6))
        .ok_or("the amount is too large")?;
    rounding::sek_to_ore(amount)
        .map(Ore::new)
        .ok_or_else(|| "the amount is too large".to_string())?
        .within_entry_bound()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn monthly_and_area_costs() {
        // 12 000 SEK a month, 40 % for the project → 4 800.00.
        assert_eq!(
            amount(
                PremisesCost::Monthly {
                    cost_ore: 1_200_000
                },
                Ppm::new(400_000)
            )
            .map(Ore::get),
            Ok(480_000)
        );
        // 85.5 m² at 1 450 SEK/m²/year = 10 331.25 SEK a month; 100 % → 10 331.25.
        let area = PremisesCost::Area {
            area_centi_m2: 8_550,
            annual_rent_per_m2_ore: 145_000,
        };
        assert_eq!(
            amount(area, Ppm::new(1_000_000)).map(Ore::get),
            Ok(1_033_125)
        );
        // 33.33 % of 100.00 = 33.33; of 0.15 = 0.049995 → 0.05 (half away from zero).
        assert_eq!(
            amount(
                PremisesCost::Monthly { cost_ore: 10_000 },
                Ppm::new(333_300)
            )
            .map(Ore::get),
            Ok(3_333)
        );
        assert_eq!(
            amount(PremisesCost::Monthly { cost_ore: 15 }, Ppm::new(333_300)).map(Ore::get),
            Ok(5)
        );
        // Adjustments may be negative and round away from zero too.
        assert_eq!(
            amount(PremisesCost::Monthly { cost_ore: -15 }, Ppm::new(333_300)).map(Ore::get),
            Ok(-5)
        );
    }
}
