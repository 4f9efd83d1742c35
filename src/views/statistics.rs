//! What the statistics use cases accept and return: serialised to JSON by the API and rendered by the workbooks.

use crate::domain::entered::ShownPercent;
use crate::domain::organisation::OrgKind;
use crate::domain::period::Month;
use crate::domain::scb::BySex;
use crate::domain::statistics::{ExitsByOutcome, MonthStatistics};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct StatisticsQuery {
    /// The organisation whose subtree to count (default: your own).
    pub organisation_id: Option<i64>,
    /// First month (default: the project's first).
    pub from: Option<Month>,
    /// Last month (default: the project's last).
    pub to: Option<Month>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, PartialEq, Eq)]
pub struct OrganisationCount {
    pub organisation_id: i64,
    pub code: String,
    pub name: String,
    pub kind: OrgKind,
    /// Enrolments active some time in the period.
    pub participants: BySex,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, PartialEq, Eq)]
pub struct ParticipantStatistics {
    pub organisation_id: i64,
    pub from: Month,
    pub to: Month,
    pub months: Vec<MonthStatistics>,
    /// Per organisation of the subtree, regions with their municipalities' sums.
    pub by_organisation: Vec<OrganisationCount>,
    pub exits_by_outcome: ExitsByOutcome,
    /// Percent of the period's exits who went back to studies (one decimal).
    pub returned_to_studies_percent: Option<ShownPercent>,
}
