//! What the entries use cases accept and return: serialised to JSON by the API and rendered by the workbooks.

use crate::domain::entered::Entered;
use crate::domain::entry::{CashKind, CompensationKind, OtherCategory, PremisesFinancing};
use crate::domain::money::Ore;
use crate::domain::period::Date;
use crate::domain::period::Month;
use crate::domain::premises::Area;
use crate::domain::rate::Ppm;
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
    #[serde(default)]
    pub monthly_cost: Option<Entered<Ore>>,
    /// ... or the area in m² with the annual rent per m².
    #[serde(default)]
    pub area_m2: Option<Entered<Area>>,
    #[serde(default)]
    pub annual_rent_per_m2: Option<Entered<Ore>>,
    /// The project's share of the premises.
    pub share_percent: Entered<Ppm>,
    pub financing: PremisesFinancing,
    pub adjustment: Option<Adjustment>,
}

/// The same premises line every month from `from` to `to` (at most
/// `MAX_RECURRING_MONTHS`): one entry per month, made all or none, each editable on its
/// own while its month is open.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct RecurringPremisesInput {
    pub organisation_id: i64,
    /// The first month.
    pub from: Month,
    /// The last month (inclusive).
    pub to: Month,
    pub description: String,
    /// Either the monthly cost ...
    #[serde(default)]
    pub monthly_cost: Option<Entered<Ore>>,
    /// ... or the area in m² with the annual rent per m².
    #[serde(default)]
    pub area_m2: Option<Entered<Area>>,
    #[serde(default)]
    pub annual_rent_per_m2: Option<Entered<Ore>>,
    /// The project's share of the premises.
    pub share_percent: Entered<Ppm>,
    pub financing: PremisesFinancing,
}

/// The longest run of months one recurring premises line makes: seven years, longer
/// than any ESF project.
pub const MAX_RECURRING_MONTHS: usize = 84;

/// The stored entry: its input's fields and the stored ones beside them (schema below).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Premises {
    pub id: i64,
    #[serde(flatten)]
    pub input: PremisesInput,
    /// Monthly cost × share, rounded to öre.
    pub amount: Ore,
    pub version: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct OtherCostInput {
    pub organisation_id: i64,
    pub date: Date,
    pub category: OtherCategory,
    /// Excluding VAT.
    pub amount: Entered<Ore>,
    pub supplier: String,
    /// Unique within the organisation.
    pub voucher_number: String,
    pub description: String,
    pub adjustment: Option<Adjustment>,
}

/// The stored entry: its input's fields and the stored ones beside them (schema below).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
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
    pub amount: Entered<Ore>,
    /// Who paid it.
    pub paid_by: String,
    pub adjustment: Option<Adjustment>,
}

/// The stored entry: its input's fields and the stored ones beside them (schema below).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
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
    pub amount: Entered<Ore>,
    /// The public body that paid it.
    pub payer: String,
    /// The attendance certificate (närvarointyg) is confirmed. Without it the
    /// compensation is recorded as pending and counts in no figure until it is
    /// confirmed (a correction of a closed month must be confirmed).
    pub certificate_confirmed: bool,
    pub adjustment: Option<Adjustment>,
}

/// The stored entry: its input's fields and the stored ones beside them (schema below).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Compensation {
    pub id: i64,
    #[serde(flatten)]
    pub input: CompensationInput,
    /// Counted in the figures (its certificate is confirmed); otherwise pending.
    pub counted: bool,
    pub version: i64,
}

#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct EntryQuery {
    /// One organisation's entries; without it, those of the caller's whole scope.
    pub organisation_id: Option<i64>,
    pub month: Option<Month>,
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<i64>,
    #[param(minimum = 0)]
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

/// `base`'s object with `extra` properties added beside its own, all required: the
/// schema of a struct that flattens another into itself. (A derived schema would be an
/// `allOf` of `base`, which admits no property but its own, and the extras: an object
/// no value can satisfy.)
fn with_properties(
    mut schema: utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>,
    extra: Vec<(
        &str,
        utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>,
    )>,
) -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    use utoipa::openapi::schema::Schema;
    use utoipa::openapi::RefOr;
    if let RefOr::T(Schema::Object(object)) = &mut schema {
        for (name, property) in extra {
            object.properties.insert(name.into(), property);
            object.required.push(name.into());
        }
    }
    schema
}

fn boolean(description: &str) -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    ObjectBuilder::new()
        .schema_type(Type::Boolean)
        .description(Some(description))
        .into()
}

fn integer(description: &str) -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
        .description(Some(description))
        .into()
}

/// The schema of `Versioned<T>`: `T`'s object with `version` beside its fields. utoipa
/// composes the schema of a generic type through `ComposeSchema`, which the derive
/// would implement; `PartialSchema` follows from it.
impl<T: utoipa::ToSchema> utoipa::__dev::ComposeSchema for Versioned<T> {
    fn compose(
        _: Vec<utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>>,
    ) -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        with_properties(
            T::schema(),
            vec![("version", integer("The version you read."))],
        )
    }
}

/// The stored entries: the input's fields with the stored ones beside them.
macro_rules! recorded_schema {
    ($view:ident, $input:ident, [$($extra:expr),* $(,)?]) => {
        impl utoipa::__dev::ComposeSchema for $view {
            fn compose(
                _: Vec<utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>>,
            ) -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                with_properties(<$input as utoipa::PartialSchema>::schema(), vec![$($extra),*])
            }
        }

        impl utoipa::ToSchema for $view {
            fn schemas(
                schemas: &mut Vec<(String, utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>)>,
            ) {
                <$input as utoipa::ToSchema>::schemas(schemas);
            }
        }
    };
}

recorded_schema!(
    Premises,
    PremisesInput,
    [
        ("id", integer("The entry's id.")),
        // Monthly cost × share, rounded to öre: money as every amount is documented.
        (
            "amount",
            <crate::domain::money::Ore as utoipa::PartialSchema>::schema()
        ),
        ("version", integer("The entry's version.")),
    ]
);
recorded_schema!(
    OtherCost,
    OtherCostInput,
    [
        ("id", integer("The entry's id.")),
        (
            "month",
            utoipa::openapi::Ref::from_schema_name("Month").into()
        ),
        ("version", integer("The entry's version.")),
    ]
);
recorded_schema!(
    CashCofinancing,
    CashInput,
    [
        ("id", integer("The entry's id.")),
        ("version", integer("The entry's version.")),
    ]
);
recorded_schema!(
    Compensation,
    CompensationInput,
    [
        ("id", integer("The entry's id.")),
        (
            "counted",
            boolean("Counted in the figures (its certificate is confirmed); otherwise pending.")
        ),
        ("version", integer("The entry's version.")),
    ]
);

impl<T: utoipa::ToSchema> utoipa::ToSchema for Versioned<T> {
    fn name() -> std::borrow::Cow<'static, str> {
        "Versioned".into()
    }
}

/// The entries of one organisation's month, kind by kind, and what the user may do with
/// them (the Månad page).
#[derive(Debug, Clone, Serialize)]
pub struct MonthEntries {
    pub premises: Vec<Premises>,
    pub other_costs: Vec<OtherCost>,
    pub cash: Vec<CashCofinancing>,
    /// The staff with a timesheet this month.
    pub timesheets: Vec<crate::views::timesheets::StaffMonth>,
    /// The month's report (and every one above it) is open or returned.
    pub month_open: bool,
    /// The user enters the organisation's data (adds, changes, corrects).
    pub enters_data: bool,
}
