//! Builders for test data that takes several calls to make: a timesheet taken through
//! its states (draft → signed → attested) by the right people.

use serde_json::json;

use crate::harness::TestApp;
use crate::timesheets::days;

/// A timesheet of one staff member for a month, entered by `economist` and attested by
/// `manager` (another person, as four eyes require).
pub struct TimesheetBuilder<'a> {
    app: &'a TestApp,
    economist: String,
    manager: String,
    staff: i64,
    month: String,
    days: u32,
    hours: String,
    funding: &'static str,
}

impl<'a> TimesheetBuilder<'a> {
    /// 16 days of 7.5 h in 2013-03, funded by the project.
    pub fn new(app: &'a TestApp, economist: &str, manager: &str, staff: i64) -> Self {
        Self {
            app,
            economist: economist.into(),
            manager: manager.into(),
            staff,
            month: "2013-03".into(),
            days: 16,
            hours: "7.5".into(),
            funding: "project",
        }
    }

    pub fn month(mut self, month: &str) -> Self {
        self.month = month.into();
        self
    }

    /// Days 1..=`count` of the month at `hours` each.
    pub fn days(mut self, count: u32, hours: &str) -> Self {
        self.days = count;
        self.hours = hours.into();
        self
    }

    /// A draft: its id.
    pub async fn draft(&self) -> i64 {
        let res = self
            .app
            .post(
                "/api/v1/timesheets",
                &self.app.token(&self.economist),
                json!({
                    "staff_id": self.staff,
                    "month": self.month,
                    "funding": self.funding,
                    "rows": days(&self.month, self.days, &self.hours),
                }),
            )
            .await;
        assert_eq!(res.status, 201, "{}", res.text);
        res.body["id"].as_i64().unwrap()
    }

    /// Signed by the economist who entered it: its id.
    pub async fn signed(&self) -> i64 {
        let id = self.draft().await;
        let res = self
            .app
            .post(
                &format!("/api/v1/timesheets/{id}/sign"),
                &self.app.token(&self.economist),
                json!({"version": 1}),
            )
            .await;
        assert_eq!(res.status, 200, "{}", res.text);
        id
    }

    /// Attested by the manager: its id.
    pub async fn attested(&self) -> i64 {
        let id = self.signed().await;
        let res = self
            .app
            .post(
                &format!("/api/v1/timesheets/{id}/attest"),
                &self.app.token(&self.manager),
                json!({"version": 2}),
            )
            .await;
        assert_eq!(res.status, 200, "{}", res.text);
        id
    }
}
