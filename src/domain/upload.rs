//! Uploaded workbooks (issue 14): which kind of workbook a user sends, and whether it was
//! imported or refused. Every upload is kept with its outcome, so a result survives a
//! reload and a colleague sees it.

use serde::{Deserialize, Serialize};

/// The kinds of workbook a user imports, each with its template.
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
pub enum UploadKind {
    Timesheets,
    Premises,
    OtherCosts,
    CashCofinancing,
    Participants,
    Attendance,
    Compensation,
    /// The budget lines of every organisation (the owner's admins).
    Budget,
}

impl UploadKind {
    /// What a user calls the workbook (Swedish, for pages and file names).
    pub fn label(self) -> &'static str {
        match self {
            UploadKind::Timesheets => "Tidrapporter",
            UploadKind::Premises => "Lokaler",
            UploadKind::OtherCosts => "Övriga kostnader",
            UploadKind::CashCofinancing => "Kontant medfinansiering",
            UploadKind::Participants => "Deltagare",
            UploadKind::Attendance => "Närvaro",
            UploadKind::Compensation => "Ersättning",
            UploadKind::Budget => "Budget",
        }
    }
}

/// What became of an upload: every row stored, or nothing (with the errors).
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
    diesel::expression::AsExpression,
    diesel::deserialize::FromSqlRow,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
#[diesel(sql_type = diesel::sql_types::Text)]
pub enum UploadOutcome {
    Imported,
    Refused,
}
