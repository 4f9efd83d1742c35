//! What the participants use cases accept and return: serialised to JSON by the API and rendered by the workbooks.

use crate::domain::identity::{IdKind, Sex};
use crate::domain::participant::{EducationLevel, LabourStatus, Outcome, StatusAtStart};
use crate::domain::period::Date;
use crate::domain::period::Month;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, PartialEq, Eq)]
pub struct Workshop {
    pub id: i64,
    pub organisation_id: i64,
    pub name: String,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkshopInput {
    pub organisation_id: i64,
    pub name: String,
}

#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct WorkshopQuery {
    /// The organisation whose subtree to list (default: your own).
    pub organisation_id: Option<i64>,
}

/// A new enrolment, with the person's identity.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EnrolmentInput {
    pub id_kind: IdKind,
    /// Personnummer or samordningsnummer in any common form (YYMMDD-NNNN, YYMMDD+NNNN,
    /// YYYYMMDDNNNN, ...); absent for a protected identity.
    pub identity_number: Option<String>,
    /// For a protected identity only: the birth date and sex SCB's code is made of.
    pub birth_date: Option<Date>,
    pub sex: Option<Sex>,
    /// The municipality the participant is enrolled in.
    pub organisation_id: i64,
    pub workshop_id: Option<i64>,
    pub start_date: Date,
    pub status_at_start: StatusAtStart,
    pub education_level: EducationLevel,
    pub labour_status: LabourStatus,
    pub in_education_at_start: bool,
}

/// Changes to an enrolment: the exit (end date with outcome) and corrections.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EnrolmentPatch {
    pub version: i64,
    pub workshop_id: Option<Option<i64>>,
    pub start_date: Option<Date>,
    /// Set together with the outcome when the participant leaves; null to reopen.
    #[serde(default, with = "serde_with::rust::double_option")]
    #[schema(value_type = Option<Date>)]
    pub end_date: Option<Option<Date>>,
    #[serde(default, with = "serde_with::rust::double_option")]
    #[schema(value_type = Option<Outcome>)]
    pub outcome: Option<Option<Outcome>>,
    pub qualification_gained: Option<bool>,
    pub status_at_start: Option<StatusAtStart>,
    pub education_level: Option<EducationLevel>,
    pub labour_status: Option<LabourStatus>,
    pub in_education_at_start: Option<bool>,
}

/// An enrolment as shown: the identity in full or masked, per the reader.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema, PartialEq, Eq)]
pub struct Enrolment {
    pub id: i64,
    pub participant_id: i64,
    pub id_kind: IdKind,
    /// YYYYMMDD-NNNN for those allowed to see it, else YYYYMMDD-****.
    pub identity: String,
    pub identity_masked: bool,
    pub birth_date: NaiveDate,
    pub sex: Sex,
    pub organisation_id: i64,
    pub workshop_id: Option<i64>,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    pub status_at_start: StatusAtStart,
    pub education_level: EducationLevel,
    pub labour_status: LabourStatus,
    pub in_education_at_start: bool,
    pub outcome: Option<Outcome>,
    pub qualification_gained: bool,
    pub version: i64,
}

#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct EnrolmentQuery {
    /// The organisation whose subtree to list (default: your own).
    pub organisation_id: Option<i64>,
    /// Only participants enrolled on some day of this month.
    pub active_in: Option<Month>,
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<i64>,
    #[param(minimum = 0)]
    pub offset: Option<i64>,
}
