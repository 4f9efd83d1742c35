//! The kinds of the month's entries and where each one counts: the claim category (or
//! co-financing type) of every kind is decided here, in one exhaustive `match` each.

use serde::{Deserialize, Serialize};

use super::claim::Category;

/// How a staff member's time is financed in a month.
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
pub enum Funding {
    /// Paid by the project: a cash cost in category staff.
    Project,
    /// Working time contributed as in-kind co-financing.
    InKind,
}

/// How premises are financed.
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
pub enum PremisesFinancing {
    /// Rented for the project: a cash cost in category premises.
    Cash,
    /// Provided free: in-kind co-financing.
    InKind,
}

/// The category of another direct cost.
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
pub enum OtherCategory {
    Services,
    Travel,
    Materials,
}

/// Who contributed cash co-financing.
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
pub enum CashKind {
    /// Cash from another public body.
    PublicCash,
    /// The owner's own cash.
    OwnerCash,
}

/// The kind of a participant's compensation (participant co-financing).
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
pub enum CompensationKind {
    /// Ungdomsersättning paid by the municipality.
    YouthCompensation,
    /// Aktivitetsersättning and the like from another public body.
    ActivityCompensation,
    Other,
}

impl Funding {
    /// Project time is a staff cost; in-kind time is in-kind co-financing.
    pub fn category(self) -> Category {
        match self {
            Funding::Project => Category::Staff,
            Funding::InKind => Category::InKind,
        }
    }
}

impl PremisesFinancing {
    /// Rented premises are a premises cost; premises provided free are in kind.
    pub fn category(self) -> Category {
        match self {
            PremisesFinancing::Cash => Category::Premises,
            PremisesFinancing::InKind => Category::InKind,
        }
    }
}

impl OtherCategory {
    pub fn category(self) -> Category {
        match self {
            OtherCategory::Services => Category::Services,
            OtherCategory::Travel => Category::Travel,
            OtherCategory::Materials => Category::Materials,
        }
    }
}

impl CashKind {
    pub fn category(self) -> Category {
        match self {
            CashKind::PublicCash => Category::PublicCash,
            CashKind::OwnerCash => Category::OwnerCash,
        }
    }
}

impl CompensationKind {
    /// The kind in Swedish, as pages, claim lines and workbooks show it.
    pub fn label(self) -> &'static str {
        match self {
            CompensationKind::YouthCompensation => "Ungdomsersättning",
            CompensationKind::ActivityCompensation => "Aktivitetsersättning",
            CompensationKind::Other => "Annan ersättning",
        }
    }

    /// Every kind of compensation is participant co-financing.
    pub fn category(self) -> Category {
        match self {
            CompensationKind::YouthCompensation
            | CompensationKind::ActivityCompensation
            | CompensationKind::Other => Category::ParticipantCompensation,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_counts_in_its_category() {
        assert_eq!(Funding::InKind.category(), Category::InKind);
        assert_eq!(Funding::Project.category(), Category::Staff);
        assert_eq!(PremisesFinancing::Cash.category(), Category::Premises);
        assert_eq!(PremisesFinancing::InKind.category(), Category::InKind);
        assert_eq!(OtherCategory::Travel.category(), Category::Travel);
        assert_eq!(CashKind::OwnerCash.category(), Category::OwnerCash);
        assert_eq!(
            CompensationKind::Other.category(),
            Category::ParticipantCompensation
        );
    }
}
