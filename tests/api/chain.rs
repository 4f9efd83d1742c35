//! Issue 13.2: no sequence of allowed calls leaves a month that can neither be
//! consolidated nor reopened. A state-machine test: proptest draws sequences of the
//! chain's calls (enter, delete, submit, approve, return, reopen) by random people over a
//! small tree (SKL → GR → Partille, Mölndal) for one month; every call must answer
//! without a server error, and after the sequence a plain driver, using only allowed
//! calls, must bring the month to where a claim can cover it (the owner's report
//! consolidated, nothing submitted, approved or returned, nothing open with entries).
//! Every prefix of a drawn sequence is itself a sequence proptest draws, so this holds
//! after each step; a failure shrinks to the shortest sequence that dead-ends. After every
//! step, the closed months' stored figures (issue 17) must be in step with the reports'
//! states and equal to the entries.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::json;

use crate::harness::TestApp;
use esf_ledger::store::Backend;

const MONTH: &str = "2013-06";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Org {
    Skl,
    Gr,
    Partille,
    Molndal,
}

impl Org {
    const ALL: [Org; 4] = [Org::Partille, Org::Molndal, Org::Gr, Org::Skl];

    fn code(self) -> &'static str {
        match self {
            Org::Skl => "SKL",
            Org::Gr => "GR",
            Org::Partille => "1402",
            Org::Molndal => "1481",
        }
    }

    fn economist(self) -> &'static str {
        match self {
            Org::Skl => "skl.economist@plugin.example",
            Org::Gr => "gr.economist@plugin.example",
            Org::Partille => "partille.economist@plugin.example",
            Org::Molndal => "molndal.economist@plugin.example",
        }
    }

    /// Who decides the organisation's report: its parent's manager (the owner's own
    /// report: the owner's manager, who did not submit it).
    fn decider(self) -> &'static str {
        match self {
            Org::Partille | Org::Molndal => "gr.manager@plugin.example",
            Org::Gr | Org::Skl => "skl.manager@plugin.example",
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Step {
    Enter(Org),
    Delete(Org),
    Submit(Org),
    Approve(Org),
    Return(Org),
    /// Reopen by the decider (`false`) or by the owner's manager (`true`).
    Reopen(Org, bool),
    /// The owner's manager consolidates the month at once, as an empty one (issue 13.19).
    ConsolidateEmpty,
}

fn step() -> impl Strategy<Value = Step> {
    let org = prop::sample::select(Org::ALL.to_vec());
    (0..7u8, org, any::<bool>()).prop_map(|(kind, org, by_owner)| match kind {
        0 => Step::Enter(org),
        1 => Step::Delete(org),
        2 => Step::Submit(org),
        3 => Step::Approve(org),
        4 => Step::Return(org),
        5 => Step::ConsolidateEmpty,
        _ => Step::Reopen(org, by_owner),
    })
}

struct Chain<'a> {
    app: &'a TestApp,
    entered: usize,
}

impl Chain<'_> {
    fn path(&self, org: Org) -> String {
        format!(
            "/api/v1/monthly-reports/{}/{MONTH}",
            self.app.org_id(org.code())
        )
    }

    /// The report's own state and version, as the owner's manager reads them.
    async fn report(&self, org: Org) -> (String, i64) {
        let res = self
            .app
            .get(
                &format!("{}?view=own", self.path(org)),
                &self.app.token("skl.manager@plugin.example"),
            )
            .await;
        assert_eq!(res.status, 200, "{}", res.text);
        (
            res.body["state"].as_str().unwrap().to_string(),
            res.body["version"].as_i64().unwrap(),
        )
    }

    async fn entries(&self, org: Org) -> Vec<i64> {
        let res = self
            .app
            .get(
                &format!(
                    "/api/v1/premises?organisation_id={}&month={MONTH}",
                    self.app.org_id(org.code())
                ),
                &self.app.token("skl.manager@plugin.example"),
            )
            .await;
        assert_eq!(res.status, 200, "{}", res.text);
        let items = res.body["items"]
            .as_array()
            .or(res.body.as_array())
            .cloned()
            .unwrap_or_default();
        items.iter().filter_map(|e| e["id"].as_i64()).collect()
    }

    async fn act(&self, org: Org, who: &str, action: &str, extra: serde_json::Value) -> u16 {
        let (_, version) = self.report(org).await;
        let mut body = json!({ "version": version });
        if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
            b.extend(e.clone());
        }
        let res = self
            .app
            .post(
                &format!("{}/{action}", self.path(org)),
                &self.app.token(who),
                body,
            )
            .await;
        res.status.as_u16()
    }

    async fn apply(&mut self, step: Step) -> u16 {
        match step {
            Step::Enter(org) => {
                self.entered += 1;
                let res = self
                    .app
                    .post(
                        "/api/v1/premises",
                        &self.app.token(org.economist()),
                        json!({ "organisation_id": self.app.org_id(org.code()), "month": MONTH,
                                "description": format!("Lokal {}", self.entered),
                                "monthly_cost": "1000", "share_percent": "50", "financing": "cash" }),
                    )
                    .await;
                res.status.as_u16()
            }
            Step::Delete(org) => match self.entries(org).await.last() {
                None => 404,
                Some(id) => {
                    let (version, token) = {
                        let token = self.app.token(org.economist());
                        let got = self
                            .app
                            .get(&format!("/api/v1/premises/{id}"), &token)
                            .await;
                        (got.body["version"].as_i64().unwrap_or(0), token)
                    };
                    self.app
                        .request(
                            actix_web::http::Method::DELETE,
                            &format!("/api/v1/premises/{id}?version={version}"),
                            Some(&token),
                            None,
                        )
                        .await
                        .status
                        .as_u16()
                }
            },
            Step::Submit(org) => self.act(org, org.economist(), "submit", json!({})).await,
            Step::Approve(org) => self.act(org, org.decider(), "approve", json!({})).await,
            Step::Return(org) => {
                self.act(
                    org,
                    org.decider(),
                    "return",
                    json!({ "comment": "Komplettera" }),
                )
                .await
            }
            Step::Reopen(org, by_owner) => {
                let who = if by_owner {
                    "skl.manager@plugin.example"
                } else {
                    org.decider()
                };
                self.act(org, who, "reopen", json!({ "reason": "Sen faktura" }))
                    .await
            }
            Step::ConsolidateEmpty => self
                .app
                .post(
                    "/api/v1/monthly-reports/consolidate-empty",
                    &self.app.token("skl.manager@plugin.example"),
                    json!({ "from": MONTH, "to": MONTH, "reason": "Inget inrapporterat" }),
                )
                .await
                .status
                .as_u16(),
        }
    }

    /// Whether a claim could cover the month as far as the chain goes.
    async fn claimable(&self) -> Result<(), String> {
        for org in Org::ALL {
            let (state, _) = self.report(org).await;
            let has_entries = !self.entries(org).await.is_empty();
            let ok = match state.as_str() {
                "consolidated" | "claimed" => true,
                "open" => org != Org::Skl && !has_entries,
                _ => false,
            };
            if !ok {
                return Err(format!(
                    "{} is {state} (entries: {has_entries})",
                    org.code()
                ));
            }
        }
        Ok(())
    }

    /// Reopens the lowest report above `org` that is no longer open or returned (the
    /// reopen carries every report above it along), as the owner's manager.
    async fn clear_above(&mut self, org: Org) {
        let above: &[Org] = match org {
            Org::Partille | Org::Molndal => &[Org::Gr, Org::Skl],
            Org::Gr => &[Org::Skl],
            Org::Skl => &[],
        };
        for parent in above {
            let (state, _) = self.report(*parent).await;
            if !matches!(state.as_str(), "open" | "returned") {
                self.apply(Step::Reopen(*parent, true)).await;
                return;
            }
        }
    }

    /// Brings the month to claimable with allowed calls only: each round, bottom-up,
    /// submits what has to go up, decides what is submitted, and reopens what stands in
    /// the way (a decided report above one that has to move).
    async fn drive(&mut self) -> Result<(), String> {
        for _ in 0..10 {
            if self.claimable().await.is_ok() {
                return Ok(());
            }
            for org in Org::ALL {
                let (state, _) = self.report(org).await;
                let below_waiting = match org {
                    Org::Gr => {
                        let mut any = false;
                        for child in [Org::Partille, Org::Molndal] {
                            any |= self.report(child).await.0 == "approved";
                        }
                        any
                    }
                    Org::Skl => true,
                    _ => false,
                };
                let has_entries = !self.entries(org).await.is_empty();
                match state.as_str() {
                    "returned" => {
                        self.clear_above(org).await;
                        self.apply(Step::Submit(org)).await;
                    }
                    "open" if has_entries || below_waiting => {
                        self.clear_above(org).await;
                        self.apply(Step::Submit(org)).await;
                    }
                    "submitted" => {
                        self.clear_above(org).await;
                        self.apply(Step::Approve(org)).await;
                    }
                    "approved" => {
                        // Decided by GR; consolidated when GR's report is approved.
                        let (gr, _) = self.report(Org::Gr).await;
                        if gr == "consolidated" {
                            self.apply(Step::Reopen(org, true)).await;
                        }
                    }
                    _ => {}
                }
            }
        }
        self.claimable().await
    }
}

fn run(backend: Backend) {
    let config = Config {
        cases: 24,
        failure_persistence: None,
        ..Config::default()
    };
    let rng = TestRng::deterministic_rng(RngAlgorithm::ChaCha);
    let mut runner = TestRunner::new_with_rng(config, rng);
    let result = runner.run(&prop::collection::vec(step(), 1..14), |steps| {
        actix_web::rt::System::new().block_on(async {
            let Some(app) = TestApp::new(backend).await else {
                return Ok(());
            };
            let mut chain = Chain {
                app: &app,
                entered: 0,
            };
            for (i, s) in steps.iter().enumerate() {
                let status = chain.apply(*s).await;
                prop_assert!(status < 500, "step {i} {s:?} answered {status}");
                // Closed months' stored figures follow every step: stored for each
                // closed report, equal to its entries, gone when it reopens.
                let breaches = esf_ledger::service::frozen::check(&mut app.conn()).unwrap();
                prop_assert!(breaches.is_empty(), "after step {i} {s:?}: {breaches:?}");
            }
            let reached = chain.drive().await;
            prop_assert!(
                reached.is_ok(),
                "after {steps:?} the month cannot be brought to a claim: {}",
                reached.unwrap_err()
            );
            let breaches = esf_ledger::service::frozen::check(&mut app.conn()).unwrap();
            prop_assert!(breaches.is_empty(), "after {steps:?}: {breaches:?}");
            Ok(())
        })
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

#[test]
fn the_chain_never_dead_ends_sqlite() {
    run(Backend::Sqlite);
}

#[test]
fn the_chain_never_dead_ends_postgres() {
    run(Backend::Postgres);
}
