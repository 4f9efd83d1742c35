//! The two state machines of the monthly work: a timesheet (draft → signed → attested,
//! with four eyes) and an organisation's monthly report
//! (open → submitted → approved | returned → consolidated → claimed).

use super::names::Named;
use serde::{Deserialize, Serialize};

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
pub enum TimesheetState {
    Draft,
    Signed,
    Attested,
}

/// The longest note on a day of a timesheet, in characters.
pub const MAX_NOTE_CHARS: usize = 500;

/// Who touched a timesheet, for the four-eyes rule.
#[derive(Debug, Clone, Copy)]
pub struct TimesheetPeople {
    pub entered_by: i64,
    pub signed_by: Option<i64>,
}

pub fn check_sign(state: TimesheetState, has_rows: bool) -> Result<(), String> {
    match state {
        TimesheetState::Draft if has_rows => Ok(()),
        TimesheetState::Draft => Err("an empty timesheet cannot be signed".into()),
        other => Err(format!(
            "the timesheet is {}, only a draft can be signed",
            other.as_str()
        )),
    }
}

/// Why a user may not attest a timesheet (the gate's and the month's reasons are added by
/// the use case that asks).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(tag = "reason", content = "state", rename_all = "snake_case")]
pub enum AttestBlock {
    /// Only a signed timesheet is attested.
    NotSigned(TimesheetState),
    /// Four eyes: the user entered it.
    EnteredByYou,
    /// Four eyes: the user signed it.
    SignedByYou,
    /// The user's role or place does not attest this organisation's timesheets.
    NoRight,
    /// The month's report (or one above it) is no longer open or returned.
    MonthClosed,
}

impl std::fmt::Display for AttestBlock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AttestBlock::NotSigned(state) => write!(
                f,
                "the timesheet is {}, only a signed timesheet can be attested",
                state.as_str()
            ),
            AttestBlock::EnteredByYou | AttestBlock::SignedByYou => f.write_str(
                "four eyes: the attester may not be the person who entered or signed the timesheet",
            ),
            AttestBlock::NoRight => {
                f.write_str("only a manager of the organisation or above attests")
            }
            AttestBlock::MonthClosed => f.write_str("the month is closed for changes"),
        }
    }
}

/// Attesting needs a signed timesheet and someone other than who entered or signed it.
pub fn attest_block(
    state: TimesheetState,
    people: TimesheetPeople,
    attester: i64,
) -> Option<AttestBlock> {
    if state != TimesheetState::Signed {
        Some(AttestBlock::NotSigned(state))
    } else if attester == people.entered_by {
        Some(AttestBlock::EnteredByYou)
    } else if Some(attester) == people.signed_by {
        Some(AttestBlock::SignedByYou)
    } else {
        None
    }
}

/// `attest_block` as the rule's message.
pub fn check_attest(
    state: TimesheetState,
    people: TimesheetPeople,
    attester: i64,
) -> Result<(), String> {
    match attest_block(state, people, attester) {
        Some(block) => Err(block.to_string()),
        None => Ok(()),
    }
}

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
pub enum ReportState {
    Open,
    Submitted,
    Approved,
    Returned,
    Consolidated,
    Claimed,
}

impl ReportState {
    /// The state in Swedish, as pages and workbooks show it.
    pub fn label(self) -> &'static str {
        match self {
            ReportState::Open => "Öppen",
            ReportState::Submitted => "Inskickad",
            ReportState::Returned => "Återsänd",
            ReportState::Approved => "Godkänd",
            ReportState::Consolidated => "Sammanställd",
            ReportState::Claimed => "Ansökt",
        }
    }

    pub const ALL: [ReportState; 6] = [
        ReportState::Open,
        ReportState::Submitted,
        ReportState::Approved,
        ReportState::Returned,
        ReportState::Consolidated,
        ReportState::Claimed,
    ];

    /// The states in which an organisation's figures count in its parent's consolidated
    /// report.
    pub const INCLUDED: [ReportState; 3] = [
        ReportState::Approved,
        ReportState::Consolidated,
        ReportState::Claimed,
    ];

    /// States whose month's entries can no longer change (every state but open and
    /// returned): the month's figures are stored when a report enters one.
    pub const CLOSED: [ReportState; 4] = [
        ReportState::Submitted,
        ReportState::Approved,
        ReportState::Consolidated,
        ReportState::Claimed,
    ];

    pub fn is_included(self) -> bool {
        Self::INCLUDED.contains(&self)
    }

    /// Entries of the month may change only while the report is open or returned.
    pub fn is_editable(self) -> bool {
        !Self::CLOSED.contains(&self)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportAction {
    Submit,
    Approve,
    Return,
}

/// The state after `action`, or why it is not allowed from `state`.
pub fn next_report_state(state: ReportState, action: ReportAction) -> Result<ReportState, String> {
    use ReportAction as A;
    use ReportState as S;
    match (state, action) {
        (S::Open | S::Returned, A::Submit) => Ok(S::Submitted),
        (S::Submitted, A::Approve) => Ok(S::Approved),
        (S::Submitted, A::Return) => Ok(S::Returned),
        (s, a) => Err(format!(
            "the report is {}; it cannot be {}",
            s.as_str(),
            match a {
                A::Submit => S::Submitted,
                A::Approve => S::Approved,
                A::Return => S::Returned,
            }
            .as_str()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn four_eyes() {
        let people = TimesheetPeople {
            entered_by: 1,
            signed_by: Some(2),
        };
        assert!(check_attest(TimesheetState::Signed, people, 3).is_ok());
        assert!(check_attest(TimesheetState::Signed, people, 1).is_err());
        assert!(check_attest(TimesheetState::Signed, people, 2).is_err());
        assert!(check_attest(TimesheetState::Draft, people, 3).is_err());
        assert!(check_sign(TimesheetState::Draft, true).is_ok());
        assert!(check_sign(TimesheetState::Draft, false).is_err());
        assert!(check_sign(TimesheetState::Attested, true).is_err());
    }

    #[test]
    fn report_chain() {
        use ReportAction as A;
        use ReportState as S;
        assert_eq!(next_report_state(S::Open, A::Submit), Ok(S::Submitted));
        assert_eq!(next_report_state(S::Submitted, A::Return), Ok(S::Returned));
        assert_eq!(next_report_state(S::Returned, A::Submit), Ok(S::Submitted));
        assert_eq!(next_report_state(S::Submitted, A::Approve), Ok(S::Approved));
        assert!(next_report_state(S::Approved, A::Submit).is_err());
        assert!(next_report_state(S::Open, A::Approve).is_err());
        assert!(next_report_state(S::Consolidated, A::Return).is_err());
        assert!(S::Open.is_editable() && S::Returned.is_editable());
        assert!(!S::Submitted.is_editable() && !S::Approved.is_editable());
    }
}
