//! What the entries use cases accept and return: serialised to JSON by the API and rendered by the workbooks.

use crate::domain::entry::{CashKind, CompensationKind, OtherCategory, PremisesFinancing};
use crate::domain::period::Month;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A correction of an entry in a month that can no longer change.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Adjustment {
    /// The entry being corrected.
    pub adjusts_id: i64,
    /// Why (required).
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct PremisesInput {
    pub organisation_id: i64,
    pub month: Month,
    pub description: String,
    /// Either the monthly cost ...
    #[serde(default, with = "rust_decimal::serde::str_option")]
    #[schema(value_type = Option<String>)]
    pub monthly_cost: Option<Decimal>,
    /// ... or the area in m² with the annual rent per m².
    #[serde(default, with = "rust_decimal::serde::str_option")]
    #[schema(value_type = Option<String>)]
    pub area_m2: Option<Decimal>,
    #[serde(default, with = "rust_decimal::serde::str_option")]
    #[schema(value_type = Option<String>)]
    pub annual_rent_per_m2: Option<Decimal>,
    /// The project's share of the premises.
    #[serde(with = "rust_decimal::serde::str")]
    pub share_percent: Decimal,
    pub financing: PremisesFinancing,
    pub adjustment: Option<Adjustment>,
}

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema, PartialEq, Eq)]
pub struct Premises {
    pub id: i64,
    #[serde(flatten)]
    pub input: PremisesInput,
    /// Monthly cost × share, rounded to öre.
    #[serde(with = "rust_decimal::serde::str")]
    pub amount: Decimal,
    pub version: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct OtherCostInput {
    pub organisation_id: i64,
    pub date: NaiveDate,
    pub category: OtherCategory,
    /// Excluding VAT.
    #[serde(with = "rust_decimal::serde::str")]
    pub amount: Decimal,
    pub supplier: String,
    /// Unique within the organisation.
    pub voucher_number: String,
    pub description: String,
    pub adjustment: Option<Adjustment>,
}

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema, PartialEq, Eq)]
pub struct OtherCost {
    pub id: i64,
    #[serde(flatten)]
    pub input: OtherCostInput,
    pub month: Month,
    pub version: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct CashInput {
    pub organisation_id: i64,
    pub month: Month,
    pub kind: CashKind,
    #[serde(with = "rust_decimal::serde::str")]
    pub amount: Decimal,
    /// Who paid it.
    pub paid_by: String,
    pub adjustment: Option<Adjustment>,
}

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema, PartialEq, Eq)]
pub struct CashCofinancing {
    pub id: i64,
    #[serde(flatten)]
    pub input: CashInput,
    pub version: i64,
}

/// Compensation paid to a participant for a month: participant_compensation
/// co-financing of the municipality the participant is enrolled in.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct CompensationInput {
    /// The enrolling municipality.
    pub organisation_id: i64,
    /// The participant's enrolment (see /participants).
    pub enrolment_id: i64,
    pub month: Month,
    pub kind: CompensationKind,
    #[serde(with = "rust_decimal::serde::str")]
    pub amount: Decimal,
    /// The public body that paid it.
    pub payer: String,
    /// The attendance certificate (närvarointyg) is confirmed; required.
    pub certificate_confirmed: bool,
    pub adjustment: Option<Adjustment>,
}

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema, PartialEq, Eq)]
pub struct Compensation {
    pub id: i64,
    #[serde(flatten)]
    pub input: CompensationInput,
    pub version: i64,
}

#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct EntryQuery {
    pub organisation_id: i64,
    #[param(value_type = Option<String>, example = "2013-03")]
    pub month: Option<Month>,
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

/// A whole replacement of an entry, with the version read: the entry's own fields and
/// `version` side by side in one object.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Versioned<T> {
    pub version: i64,
    #[serde(flatten)]
    pub entry: T,
}

/// The schema of `Versioned<T>` is `T`'s object with `version` added to its properties
/// (a derived `allOf` of `T`, which admits no other property, and `version` could be
/// satisfied by no body at all). utoipa composes the schema of a generic type through
/// `ComposeSchema`, which the derive would implement; `PartialSchema` follows from it.
impl<T: utoipa::ToSchema> utoipa::__dev::ComposeSchema for Versioned<T> {
    fn compose(
        _: Vec<utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>>,
    ) -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, Schema, SchemaFormat, Type};
        use utoipa::openapi::RefOr;
        let mut schema = T::schema();
        if let RefOr::T(Schema::Object(object)) = &mut schema {
            object.properties.insert(
                "version".into(),
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
                    .description(Some("The version you read."))
                    .into(),
            );
            object.required.push("version".into());
        }
        schema
    }
}

impl<T: utoipa::ToSchema> utoipa::ToSchema for Versioned<T> {
    fn name() -> std::borrow::Cow<'static, str> {
        "Versioned".into()
    }
}
