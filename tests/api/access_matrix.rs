//! The access matrix: every endpoint × role × scope (own organisation, a child, a
//! sibling, the parent), checked against an expectation table written out here,
//! independently of the policy code.

use std::collections::BTreeSet;

use actix_web::http::Method;
use esf_ledger::domain::entered::Entered;
use serde_json::{json, Value};

use crate::both_backends;
use crate::harness::{TestApp, PASSWORD};
use esf_ledger::service::ChangedBy;
use esf_ledger::views::users::NewUserInput;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Economist,
    Manager,
    Auditor,
    Admin,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    Own,
    Child,
    /// A child's child (the owner looking at a municipality).
    Grandchild,
    Sibling,
    Parent,
}

/// Endpoints that concern one organisation (the target).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Targeted {
    GetOrganisation,
    ListedInOrganisations,
    InTree,
    CreateOrganisationUnder,
    EditOrganisation,
    ListUsersOf,
    GetUserOf,
    CreateUserIn,
    EditUserOf,
    AuditLogOf,
    ListStaffOf,
    CreateStaffIn,
    GetStaffOf,
    EditStaffOf,
    AddSalaryOf,
    EditSalaryOf,
    DeleteSalaryOf,
    ListTimesheetsOf,
    CreateTimesheetFor,
    GetTimesheetOf,
    UpdateTimesheetOf,
    DeleteTimesheetOf,
    SignTimesheetOf,
    AttestTimesheetOf,
    GetReportOf,
    SubmitReportOf,
    ApproveReportOf,
    ReturnReportOf,
    ReopenReportOf,
    CreateRecurringPremisesFor,
    ImportTimesheetsFor,
    /// The timesheet template pre-filled with the organisation's staff.
    PrefilledTimesheetTemplateOf,
    ImportOtherCostsFor,
    ImportPremisesFor,
    ImportCashFor,
    ExportReportOf,
    ListAdjustmentsOf,
    GetAdjustmentOf,
    CreateAdjustmentFor,
    AttestAdjustmentOf,
    DeleteAdjustmentOf,
    ListParticipantsOf,
    GetParticipantOf,
    EnrolIn,
    UpdateParticipantOf,
    ListWorkshopsOf,
    CreateWorkshopIn,
    ListAttendanceOf,
    SetAttendanceFor,
    ListCompensationOf,
    CreateCompensationFor,
    GetCompensationOf,
    ReplaceCompensationOf,
    DeleteCompensationOf,
    ImportParticipantsFor,
    ImportAttendanceFor,
    ImportCompensationFor,
    StatisticsOf,
    StatisticsExportOf,
    ListBudgetsOf,
    SetBudgetFor,
    EntryList(EntryKind),
    EntryCreate(EntryKind),
    EntryGet(EntryKind),
    EntryReplace(EntryKind),
    EntryDelete(EntryKind),
}

/// The three kinds of cost and co-financing entries, each with the same five endpoints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EntryKind {
    Premises,
    OtherCost,
    Cash,
}

impl EntryKind {
    fn path(self) -> &'static str {
        match self {
            EntryKind::Premises => "/api/v1/premises",
            EntryKind::OtherCost => "/api/v1/other-costs",
            EntryKind::Cash => "/api/v1/cash-cofinancing",
        }
    }

    fn body(self, org_id: i64, n: usize) -> Value {
        match self {
            EntryKind::Premises => {
                json!({ "organisation_id": org_id, "month": "2013-02", "description": format!("Lokal {n}"),
                "monthly_cost": "1000", "share_percent": "50", "financing": "cash" })
            }
            EntryKind::OtherCost => {
                json!({ "organisation_id": org_id, "date": "2013-02-05", "category": "services",
                "amount": "100", "supplier": "Leverantör", "voucher_number": format!("MX{n}"), "description": "Tjänst" })
            }
            EntryKind::Cash => {
                json!({ "organisation_id": org_id, "month": "2013-02", "kind": "public_cash",
                "amount": "100", "paid_by": format!("Region {n}") })
            }
        }
    }
}

const ENTRY_KINDS: [EntryKind; 3] = [EntryKind::Premises, EntryKind::OtherCost, EntryKind::Cash];

/// A fresh entry created by the target organisation's own economist: (id, version).
async fn fresh_entry(app: &TestApp, kind: EntryKind, code: &str, n: usize) -> (i64, i64) {
    let token = app.token(&format!("target.{}@matrix.example", code.to_lowercase()));
    let res = app
        .post(
            kind.path(),
            &token,
            kind.body(app.org_id(code), n + 100_000),
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.text);
    (
        res.body["id"].as_i64().unwrap(),
        res.body["version"].as_i64().unwrap(),
    )
}

const TARGETED: [Targeted; 61] = [
    Targeted::GetOrganisation,
    Targeted::ListedInOrganisations,
    Targeted::InTree,
    Targeted::CreateOrganisationUnder,
    Targeted::EditOrganisation,
    Targeted::ListUsersOf,
    Targeted::GetUserOf,
    Targeted::CreateUserIn,
    Targeted::EditUserOf,
    Targeted::AuditLogOf,
    Targeted::ListStaffOf,
    Targeted::CreateStaffIn,
    Targeted::GetStaffOf,
    Targeted::EditStaffOf,
    Targeted::AddSalaryOf,
    Targeted::EditSalaryOf,
    Targeted::DeleteSalaryOf,
    Targeted::ListTimesheetsOf,
    Targeted::CreateTimesheetFor,
    Targeted::GetTimesheetOf,
    Targeted::UpdateTimesheetOf,
    Targeted::DeleteTimesheetOf,
    Targeted::SignTimesheetOf,
    Targeted::AttestTimesheetOf,
    Targeted::GetReportOf,
    Targeted::SubmitReportOf,
    Targeted::ApproveReportOf,
    Targeted::ReturnReportOf,
    Targeted::ReopenReportOf,
    Targeted::CreateRecurringPremisesFor,
    Targeted::ImportTimesheetsFor,
    Targeted::PrefilledTimesheetTemplateOf,
    Targeted::ImportOtherCostsFor,
    Targeted::ImportPremisesFor,
    Targeted::ImportCashFor,
    Targeted::ExportReportOf,
    Targeted::ListAdjustmentsOf,
    Targeted::GetAdjustmentOf,
    Targeted::CreateAdjustmentFor,
    Targeted::AttestAdjustmentOf,
    Targeted::DeleteAdjustmentOf,
    Targeted::ListParticipantsOf,
    Targeted::GetParticipantOf,
    Targeted::EnrolIn,
    Targeted::UpdateParticipantOf,
    Targeted::ListWorkshopsOf,
    Targeted::CreateWorkshopIn,
    Targeted::ListAttendanceOf,
    Targeted::SetAttendanceFor,
    Targeted::ListCompensationOf,
    Targeted::CreateCompensationFor,
    Targeted::GetCompensationOf,
    Targeted::ReplaceCompensationOf,
    Targeted::DeleteCompensationOf,
    Targeted::ImportParticipantsFor,
    Targeted::ImportAttendanceFor,
    Targeted::ImportCompensationFor,
    Targeted::StatisticsOf,
    Targeted::StatisticsExportOf,
    Targeted::ListBudgetsOf,
    Targeted::SetBudgetFor,
];

/// The rules of the foundation issue, written as a table.
fn expected(role: Role, scope: Scope, endpoint: Targeted, actor_at_owner: bool) -> bool {
    let in_scope = matches!(scope, Scope::Own | Scope::Child | Scope::Grandchild);
    match endpoint {
        Targeted::GetOrganisation
        | Targeted::ListedInOrganisations
        | Targeted::InTree
        | Targeted::ListStaffOf
        | Targeted::GetStaffOf
        | Targeted::ListTimesheetsOf
        | Targeted::GetTimesheetOf
        | Targeted::GetReportOf
        | Targeted::ExportReportOf
        | Targeted::ListAdjustmentsOf
        | Targeted::GetAdjustmentOf
        | Targeted::ListParticipantsOf
        | Targeted::GetParticipantOf
        | Targeted::ListWorkshopsOf
        | Targeted::ListAttendanceOf
        | Targeted::ListCompensationOf
        | Targeted::GetCompensationOf
        | Targeted::StatisticsOf
        | Targeted::StatisticsExportOf
        | Targeted::ListBudgetsOf
        | Targeted::EntryList(_)
        | Targeted::EntryGet(_) => in_scope,
        // Data is entered by the organisation's own economists only.
        Targeted::CreateStaffIn
        | Targeted::EditStaffOf
        | Targeted::AddSalaryOf
        | Targeted::EditSalaryOf
        | Targeted::DeleteSalaryOf
        | Targeted::CreateTimesheetFor
        | Targeted::UpdateTimesheetOf
        | Targeted::DeleteTimesheetOf
        | Targeted::SignTimesheetOf
        | Targeted::SubmitReportOf
        | Targeted::ImportTimesheetsFor
        | Targeted::PrefilledTimesheetTemplateOf
        | Targeted::ImportOtherCostsFor
        | Targeted::ImportPremisesFor
        | Targeted::ImportCashFor
        | Targeted::CreateAdjustmentFor
        | Targeted::DeleteAdjustmentOf
        | Targeted::EnrolIn
        | Targeted::UpdateParticipantOf
        | Targeted::CreateWorkshopIn
        | Targeted::SetAttendanceFor
        | Targeted::CreateCompensationFor
        | Targeted::ReplaceCompensationOf
        | Targeted::DeleteCompensationOf
        | Targeted::ImportParticipantsFor
        | Targeted::ImportAttendanceFor
        | Targeted::ImportCompensationFor
        | Targeted::EntryCreate(_)
        | Targeted::CreateRecurringPremisesFor
        | Targeted::EntryReplace(_)
        | Targeted::EntryDelete(_) => role == Role::Economist && scope == Scope::Own,
        // Approval sits at the parent level; the owner has no parent, so its own
        // managers decide on the owner's report.
        // Reopening is a decision too: the decider of the report (its parent above it is
        // open here, so nothing else is reopened).
        Targeted::ApproveReportOf | Targeted::ReturnReportOf | Targeted::ReopenReportOf => {
            role == Role::Manager
                && (scope == Scope::Child || (scope == Scope::Own && actor_at_owner))
        }
        // Any manager of the organisation or above attests.
        // Budgets are project settings: the owner's admins set them for any organisation.
        Targeted::SetBudgetFor => role == Role::Admin && actor_at_owner && in_scope,
        Targeted::AttestTimesheetOf | Targeted::AttestAdjustmentOf => {
            role == Role::Manager && in_scope
        }
        Targeted::ListUsersOf | Targeted::GetUserOf | Targeted::AuditLogOf => {
            in_scope && role != Role::Economist
        }
        Targeted::CreateOrganisationUnder
        | Targeted::EditOrganisation
        | Targeted::CreateUserIn
        | Targeted::EditUserOf => in_scope && role == Role::Admin,
    }
}

/// The organisations an actor is tried against, by scope and organisation code.
type Targets = Vec<(Scope, &'static str)>;

/// (actor e-mail, role, targets).
fn actors() -> Vec<(&'static str, Role, Targets)> {
    let region = vec![
        (Scope::Own, "GR"),
        (Scope::Child, "1481"),
        (Scope::Sibling, "RJ"),
        (Scope::Parent, "SKL"),
    ];
    let municipality = vec![
        (Scope::Own, "1481"),
        (Scope::Sibling, "1402"),
        (Scope::Parent, "GR"),
    ];
    let owner = vec![
        (Scope::Own, "SKL"),
        (Scope::Child, "GR"),
        (Scope::Grandchild, "1481"),
    ];
    vec![
        (
            "gr.economist@plugin.example",
            Role::Economist,
            region.clone(),
        ),
        ("gr.manager@plugin.example", Role::Manager, region.clone()),
        ("gr.auditor@plugin.example", Role::Auditor, region),
        (
            "molndal.economist@plugin.example",
            Role::Economist,
            municipality.clone(),
        ),
        (
            "molndal.manager@plugin.example",
            Role::Manager,
            municipality,
        ),
        (
            "skl.economist@plugin.example",
            Role::Economist,
            owner.clone(),
        ),
        ("skl.manager@plugin.example", Role::Manager, owner.clone()),
        ("skl.auditor@plugin.example", Role::Auditor, owner.clone()),
        ("skl.admin@plugin.example", Role::Admin, owner),
    ]
}

/// A user in each target organisation to read and edit ("target.<code>@matrix.example").
fn add_target_users(app: &TestApp) {
    for code in ["GR", "1481", "RJ", "SKL", "1402"] {
        let input = NewUserInput {
            organisation_id: app.org_id(code),
            name: format!("Target {code}"),
            email: format!("target.{}@matrix.example", code.to_lowercase()),
            roles: vec![esf_ledger::domain::roles::Role::Economist],
            password: PASSWORD.into(),
            active: Some(true),
        };
        esf_ledger::service::users::create(&mut app.conn(), &ChangedBy::Cli, None, input).unwrap();
    }
    let auditor = NewUserInput {
        organisation_id: app.org_id("GR"),
        name: "Revisor GR".into(),
        email: "gr.auditor@plugin.example".into(),
        roles: vec![esf_ledger::domain::roles::Role::Auditor],
        password: PASSWORD.into(),
        active: Some(true),
    };
    esf_ledger::service::users::create(&mut app.conn(), &ChangedBy::Cli, None, auditor).unwrap();
}

fn child_kind(kind: &str) -> Option<&'static str> {
    match kind {
        "owner" => Some("region"),
        "region" => Some("municipality"),
        _ => None,
    }
}

/// The target organisation's own economist, as an actor for preparing fixtures.
fn target_actor(app: &TestApp, code: &str) -> esf_ledger::domain::access::Actor {
    let id = app.user_id(&format!("target.{}@matrix.example", code.to_lowercase()));
    esf_ledger::service::auth::load_actor(&mut app.conn(), app.subject(id)).unwrap()
}

/// A fresh staff member with a salary in the target organisation.
fn fresh_staff(app: &TestApp, code: &str, n: usize) -> i64 {
    use esf_ledger::service::staff::{self};
    use esf_ledger::views::staff::{NewStaffInput, SalaryInput};
    let actor = target_actor(app, code);
    let input = NewStaffInput {
        organisation_id: app.org_id(code),
        name: format!("Staff {n}"),
        employee_number: format!("MX{n}"),
    };
    let id = staff::create(&mut app.conn(), &actor, input).unwrap().id;
    let salary = SalaryInput {
        valid_from: esf_ledger::domain::period::Month::parse("2012-01").unwrap(),
        monthly_salary: Entered::new(30000.into()),
        employment_rate_percent: Entered::new(100.into()),
        social_fee_override_percent: Some(Entered::new(rust_decimal::Decimal::new(3846, 2))),
        reason: None,
    };
    staff::add_salary(&mut app.conn(), &actor, id, salary).unwrap();
    id
}

/// A fresh draft (or signed) timesheet in the target organisation: (id, version).
fn fresh_timesheet(app: &TestApp, code: &str, n: usize, signed: bool) -> (i64, i64) {
    use esf_ledger::domain::entry::Funding;
    use esf_ledger::service::timesheets::{self};
    use esf_ledger::views::timesheets::{DayEntry, TimesheetInput};
    let actor = target_actor(app, code);
    let input = TimesheetInput {
        staff_id: fresh_staff(app, code, n),
        month: esf_ledger::domain::period::Month::parse("2013-01").unwrap(),
        funding: Funding::Project,
        rows: vec![DayEntry {
            date: (chrono::NaiveDate::from_ymd_opt(2013, 1, 2).unwrap()).into(),
            hours: Entered::new(7.into()),
            note: String::new(),
        }],
    };
    let sheet = timesheets::create(&mut app.conn(), &actor, input).unwrap();
    if signed {
        let sheet = timesheets::sign(&mut app.conn(), &actor, sheet.id, sheet.version).unwrap();
        return (sheet.id, sheet.version);
    }
    (sheet.id, sheet.version)
}

/// A fresh attested timesheet of November 2014 in the target organisation, whose
/// November report is closed (submitted): something to adjust in December.
fn closed_timesheet(app: &TestApp, code: &str, n: usize) -> i64 {
    let staff = fresh_staff(app, code, n);
    let org = app.org_id(code);
    let by = app.user_id(&format!("target.{}@matrix.example", code.to_lowercase()));
    for sql in [
        format!("INSERT INTO timesheets (organisation_id, staff_id, month, funding, state, entered_by, hours_centi, hourly_rate_ore, cost_ore, version, created_at, updated_at) \
                 VALUES ({org}, {staff}, 201411, 'project', 'attested', {by}, 700, 28980, 202860, 3, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"),
        format!("INSERT INTO timesheet_rows (timesheet_id, work_date, hours_centi, note) \
                 SELECT id, '2014-11-03', 700, '' FROM timesheets WHERE staff_id = {staff}"),
        format!("INSERT INTO monthly_reports (organisation_id, month, state, submitted_by, version, updated_at) \
                 VALUES ({org}, 201411, 'submitted', {by}, 1, CURRENT_TIMESTAMP) ON CONFLICT DO NOTHING"),
    ] {
        diesel::RunQueryDsl::execute(diesel::sql_query(sql), &mut *app.conn()).unwrap();
    }
    let id: i64 = diesel::RunQueryDsl::get_result::<Id>(
        diesel::sql_query(format!(
            "SELECT id FROM timesheets WHERE staff_id = {staff}"
        )),
        &mut *app.conn(),
    )
    .unwrap()
    .id;
    id
}

#[derive(diesel::QueryableByName)]
struct Id {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    id: i64,
}

fn adjustment_body(timesheet: i64) -> Value {
    json!({ "adjusts_id": timesheet, "month": "2014-12", "work_date": "2014-11-03", "hours": "-1", "reason": "rättelse" })
}

/// A fresh draft adjustment entered by the target organisation's economist: (id, version).
fn fresh_adjustment(app: &TestApp, code: &str, n: usize) -> (i64, i64) {
    use esf_ledger::service::timesheet_adjustments as adj;
    let timesheet = closed_timesheet(app, code, n);
    let input: esf_ledger::views::timesheet_adjustments::AdjustmentInput =
        serde_json::from_value(adjustment_body(timesheet)).unwrap();
    let created = adj::create(&mut app.conn(), &target_actor(app, code), input).unwrap();
    (created.id, created.version)
}

/// A distinct person for each attempt: birth date and serial from `n`.
fn person(n: usize) -> String {
    let k = n / 1000;
    let yymmdd = format!(
        "{:02}{:02}{:02}",
        90 + (k / 336) % 6,
        1 + (k / 28) % 12,
        1 + k % 28
    );
    crate::participants::pnr(&yymmdd, &format!("{:03}", n % 1000))
}

/// A fresh enrolment by the target municipality's economist: (id, version).
fn fresh_enrolment(app: &TestApp, code: &str, n: usize) -> (i64, i64) {
    use esf_ledger::service::participants as service;
    let body = crate::participants::enrolment(app.org_id(code), &person(n), "2013-02-04");
    let input: esf_ledger::views::participants::EnrolmentInput =
        serde_json::from_value(body).unwrap();
    let created = service::enrol(&mut app.conn(), &target_actor(app, code), input).unwrap();
    (created.id, created.version)
}

fn compensation_body(org_id: i64, enrolment: i64) -> Value {
    json!({ "organisation_id": org_id, "enrolment_id": enrolment, "month": "2013-03", "kind": "youth_compensation",
            "amount": "100", "payer": "Kommunen", "certificate_confirmed": true })
}

/// A fresh compensation entry by the target municipality's economist: (id, version).
fn fresh_compensation(app: &TestApp, code: &str, n: usize) -> (i64, i64) {
    use esf_ledger::service::entries::compensation_service;
    use esf_ledger::views::entries::CompensationInput;
    let (enrolment, _) = fresh_enrolment(app, code, n);
    let input: CompensationInput =
        serde_json::from_value(compensation_body(app.org_id(code), enrolment)).unwrap();
    let created =
        compensation_service::create(&mut app.conn(), &target_actor(app, code), input).unwrap();
    (created.id, created.version)
}

/// A month of its own for each attempt, so attempts never meet.
fn fresh_month(n: usize) -> String {
    format!("{:04}-{:02}", 2200 + n / 12, n % 12 + 1)
}

/// A report submitted by the target organisation's economist in a fresh month.
fn submitted_report(app: &TestApp, code: &str, n: usize) -> String {
    let month = fresh_month(n);
    let submitter = app.user_id(&format!("target.{}@matrix.example", code.to_lowercase()));
    diesel::RunQueryDsl::execute(
        diesel::sql_query(format!(
            "INSERT INTO monthly_reports (organisation_id, month, state, submitted_by, version, updated_at) \
             VALUES ({}, {}, 'submitted', {submitter}, 1, CURRENT_TIMESTAMP)",
            app.org_id(code),
            month.replace('-', "")
        )),
        &mut *app.conn(),
    )
    .unwrap();
    month
}

/// Performs the request; returns Some((allowed, the refusal's status)) or None where the
/// case does not apply (a municipality cannot have children).
async fn attempt(
    app: &TestApp,
    token: &str,
    endpoint: Targeted,
    code: &str,
    n: usize,
) -> Option<(bool, Option<u16>)> {
    let refusal = std::cell::Cell::new(None);
    let org_id = app.org_id(code);
    let target_user = app.user_id(&format!("target.{}@matrix.example", code.to_lowercase()));
    let status_allowed = |res: &crate::harness::Response| -> bool {
        match res.status.as_u16() {
            s @ (403 | 404) => {
                refusal.set(Some(s));
                false
            }
            // A hidden record named in a body is answered as a missing one: the field's
            // "no <record> N [exists]" (counted as the 404 of a path).
            422 if res.body["errors"].as_array().is_some_and(|e| {
                e.len() == 1
                    && e[0]["message"].as_str().is_some_and(|m| {
                        m.starts_with("no ")
                            && m.trim_end_matches(" exists")
                                .rsplit(' ')
                                .next()
                                .is_some_and(|n| n.parse::<i64>().is_ok())
                    })
            }) =>
            {
                refusal.set(Some(404));
                false
            }
            s if (200..300).contains(&s) => true,
            _ => panic!(
                "{endpoint:?} on {code}: unexpected {}: {}",
                res.status, res.text
            ),
        }
    };
    let listed = |res: &crate::harness::Response| -> bool {
        assert_eq!(res.status, 200, "{}", res.text);
        res.text.contains(&format!("\"id\":{org_id},"))
    };
    let allowed = match endpoint {
        Targeted::GetOrganisation => {
            status_allowed(&app.get(&format!("/api/v1/organisations/{org_id}"), token).await)
        }
        Targeted::ListedInOrganisations => {
            listed(&app.get("/api/v1/organisations?limit=1000", token).await)
        }
        Targeted::InTree => listed(&app.get("/api/v1/organisations/tree", token).await),
        Targeted::CreateOrganisationUnder => {
            let org = esf_ledger::store::organisations::find(&mut app.conn(), org_id).unwrap().unwrap();
            let kind = child_kind(esf_ledger::domain::names::Named::as_str(org.kind))?;
            let mut body = json!({ "parent_id": org_id, "kind": kind, "name": format!("Matrix {n}"), "code": format!("MX{n}") });
            if kind == "municipality" {
                // Unused codes: Swedish municipality codes stop at 25xx.
                body["municipality_code"] = json!(format!("{:04}", 3000 + n % 6000));
                body["code"] = Value::Null;
            }
            status_allowed(&app.post("/api/v1/organisations", token, body).await)
        }
        Targeted::EditOrganisation => {
            let org = esf_ledger::store::organisations::find(&mut app.conn(), org_id).unwrap().unwrap();
            status_allowed(
                &app.patch(&format!("/api/v1/organisations/{org_id}"), token, json!({ "version": org.version })).await,
            )
        }
        Targeted::ListUsersOf => {
            status_allowed(&app.get(&format!("/api/v1/users?organisation_id={org_id}"), token).await)
        }
        Targeted::GetUserOf => status_allowed(&app.get(&format!("/api/v1/users/{target_user}"), token).await),
        Targeted::CreateUserIn => status_allowed(
            &app.post("/api/v1/users", token, json!({
                "organisation_id": org_id, "name": "Matrix", "email": format!("m{n}@matrix.example"),
                "roles": ["economist"], "password": PASSWORD
            })).await,
        ),
        Targeted::EditUserOf => {
            let user = esf_ledger::store::users::find(&mut app.conn(), target_user).unwrap().unwrap();
            status_allowed(
                &app.patch(&format!("/api/v1/users/{target_user}"), token, json!({ "version": user.version })).await,
            )
        }
        Targeted::AuditLogOf => {
            status_allowed(&app.get(&format!("/api/v1/audit-log?organisation_id={org_id}"), token).await)
        }
        Targeted::ListStaffOf => status_allowed(&app.get(&format!("/api/v1/staff?organisation_id={org_id}"), token).await),
        Targeted::CreateStaffIn => status_allowed(
            &app.post("/api/v1/staff", token, json!({ "organisation_id": org_id, "name": "X", "employee_number": format!("N{n}") })).await,
        ),
        Targeted::GetStaffOf => {
            let id = fresh_staff(app, code, n);
            status_allowed(&app.get(&format!("/api/v1/staff/{id}"), token).await)
        }
        Targeted::EditStaffOf => {
            let id = fresh_staff(app, code, n);
            status_allowed(&app.patch(&format!("/api/v1/staff/{id}"), token, json!({ "version": 1, "name": "Y" })).await)
        }
        Targeted::AddSalaryOf => {
            let id = fresh_staff(app, code, n);
            status_allowed(&app.post(&format!("/api/v1/staff/{id}/salaries"), token,
                json!({ "valid_from": "2013-06", "monthly_salary": "31000", "employment_rate_percent": "100", "social_fee_override_percent": "38.46" })).await)
        }
        Targeted::EditSalaryOf => {
            let id = fresh_staff(app, code, n);
            let salary = esf_ledger::store::staff::salaries(&mut app.conn(), id).unwrap()[0].id;
            status_allowed(&app.put(&format!("/api/v1/staff/{id}/salaries/{salary}"), token,
                json!({ "version": 1, "valid_from": "2012-01", "monthly_salary": "31000", "employment_rate_percent": "100", "social_fee_override_percent": "38.46" })).await)
        }
        Targeted::DeleteSalaryOf => {
            let id = fresh_staff(app, code, n);
            let salary = esf_ledger::store::staff::salaries(&mut app.conn(), id).unwrap()[0].id;
            status_allowed(&app.request(actix_web::http::Method::DELETE,
                &format!("/api/v1/staff/{id}/salaries/{salary}?version=1"), Some(token), None).await)
        }
        Targeted::ListTimesheetsOf => {
            status_allowed(&app.get(&format!("/api/v1/timesheets?organisation_id={org_id}"), token).await)
        }
        Targeted::CreateTimesheetFor => {
            let staff = fresh_staff(app, code, n);
            status_allowed(&app.post("/api/v1/timesheets", token, json!({
                "staff_id": staff, "month": "2013-02", "funding": "project", "rows": [{ "date": "2013-02-01", "hours": "7" }]
            })).await)
        }
        Targeted::GetTimesheetOf => {
            let (id, _) = fresh_timesheet(app, code, n, false);
            status_allowed(&app.get(&format!("/api/v1/timesheets/{id}"), token).await)
        }
        Targeted::UpdateTimesheetOf => {
            let (id, v) = fresh_timesheet(app, code, n, false);
            status_allowed(&app.put(&format!("/api/v1/timesheets/{id}"), token, json!({
                "version": v, "funding": "in_kind", "rows": [{ "date": "2013-01-03", "hours": "6" }]
            })).await)
        }
        Targeted::DeleteTimesheetOf => {
            let (id, v) = fresh_timesheet(app, code, n, false);
            status_allowed(&app.request(Method::DELETE, &format!("/api/v1/timesheets/{id}?version={v}"), Some(token), None).await)
        }
        Targeted::SignTimesheetOf => {
            let (id, v) = fresh_timesheet(app, code, n, false);
            status_allowed(&app.post(&format!("/api/v1/timesheets/{id}/sign"), token, json!({ "version": v })).await)
        }
        Targeted::AttestTimesheetOf => {
            let (id, v) = fresh_timesheet(app, code, n, true);
            status_allowed(&app.post(&format!("/api/v1/timesheets/{id}/attest"), token, json!({ "version": v })).await)
        }
        Targeted::GetReportOf => status_allowed(&app.get(&format!("/api/v1/monthly-reports/{org_id}/2013-01"), token).await),
        Targeted::SubmitReportOf => status_allowed(
            &app.post(&format!("/api/v1/monthly-reports/{org_id}/{}/submit", fresh_month(n)), token, json!({ "version": 0 })).await,
        ),
        Targeted::ApproveReportOf => {
            let month = submitted_report(app, code, n);
            status_allowed(&app.post(&format!("/api/v1/monthly-reports/{org_id}/{month}/approve"), token, json!({ "version": 1 })).await)
        }
        Targeted::ImportOtherCostsFor => {
            use crate::excel::{sheet_workbook, t, upload_to, Cell, OTHER_HEADERS, XLSX};
            let rows = vec![vec![t("2013-03-04"), t("resa"), Cell::Number(10.0), t("SJ"), t(&format!("MXV{n}")), t("Resa")]];
            status_allowed(&upload_to(app, "other-costs", token, org_id, sheet_workbook("Övriga kostnader", &OTHER_HEADERS, &rows), XLSX).await)
        }
        Targeted::ImportPremisesFor => {
            use crate::excel::{sheet_workbook, t, upload_to, Cell, PREMISES_HEADERS, XLSX};
            let rows = vec![vec![t("2013-03"), t(&format!("Lokal MX{n}")), t("kontant kostnad"), Cell::Number(1000.0), Cell::Empty, Cell::Empty, Cell::Number(50.0)]];
            status_allowed(&upload_to(app, "premises", token, org_id, sheet_workbook("Lokaler", &PREMISES_HEADERS, &rows), XLSX).await)
        }
        Targeted::ImportCashFor => {
            use crate::excel::{sheet_workbook, t, upload_to, Cell, CASH_HEADERS, XLSX};
            let rows = vec![vec![t("2013-03"), t("kontanta medel tillförda projektet"), Cell::Number(100.0), t(&format!("Region MX{n}"))]];
            status_allowed(&upload_to(app, "cash-cofinancing", token, org_id, sheet_workbook("Kontant medfinansiering", &CASH_HEADERS, &rows), XLSX).await)
        }
        Targeted::ListParticipantsOf => {
            status_allowed(&app.get(&format!("/api/v1/participants?organisation_id={org_id}"), token).await)
        }
        Targeted::ListWorkshopsOf => {
            status_allowed(&app.get(&format!("/api/v1/workshops?organisation_id={org_id}"), token).await)
        }
        // Participants and workshops belong to municipalities only.
        Targeted::GetParticipantOf
        | Targeted::EnrolIn
        | Targeted::UpdateParticipantOf
        | Targeted::CreateWorkshopIn
        | Targeted::SetAttendanceFor
        | Targeted::CreateCompensationFor
        | Targeted::GetCompensationOf
        | Targeted::ReplaceCompensationOf
        | Targeted::DeleteCompensationOf
        | Targeted::ImportParticipantsFor
        | Targeted::ImportAttendanceFor
        | Targeted::ImportCompensationFor
            if !code.chars().all(|c| c.is_ascii_digit()) =>
        {
            return None;
        }
        Targeted::GetParticipantOf => {
            let (id, _) = fresh_enrolment(app, code, n);
            status_allowed(&app.get(&format!("/api/v1/participants/{id}"), token).await)
        }
        Targeted::EnrolIn => {
            let body = crate::participants::enrolment(org_id, &person(n), "2013-02-04");
            status_allowed(&app.post("/api/v1/participants", token, body).await)
        }
        Targeted::UpdateParticipantOf => {
            let (id, version) = fresh_enrolment(app, code, n);
            status_allowed(&app.patch(&format!("/api/v1/participants/{id}"), token,
                json!({ "version": version, "end_date": "2013-03-31", "outcome": "in_work" })).await)
        }
        Targeted::CreateWorkshopIn => {
            status_allowed(&app.post("/api/v1/workshops", token, json!({ "organisation_id": org_id, "name": format!("Verkstad {n}") })).await)
        }
        Targeted::ImportParticipantsFor => {
            use crate::excel::{sheet_workbook, t, upload_to, Cell, XLSX};
            let headers = ["Typ av nummer", "Personnummer", "Födelsedatum", "Kön", "Startdatum", "Metodverkstad",
                "Status vid start", "Utbildningsnivå", "Arbetsmarknadsstatus", "I utbildning vid start",
                "Slutdatum", "Utfall vid avslut", "Kvalifikation vid avslut"];
            let row = vec![t("personnummer"), t(&person(n)), Cell::Empty, Cell::Empty, t("2013-02-04"), Cell::Empty,
                t("har avbrutit studier"), t("isced 0-2"), t("inaktiv"), t("nej"), Cell::Empty, Cell::Empty, Cell::Empty];
            status_allowed(&upload_to(app, "participants", token, org_id, sheet_workbook("Deltagare", &headers, &[row]), XLSX).await)
        }
        Targeted::ImportAttendanceFor => {
            use crate::excel::{sheet_workbook, t, upload_to, Cell, XLSX};
            fresh_enrolment(app, code, n);
            let row = vec![t(&person(n)), t("2013-03"), Cell::Number(10.0)];
            status_allowed(&upload_to(app, "attendance", token, org_id, sheet_workbook("Närvaro", &["Personnummer", "Månad", "Timmar"], &[row]), XLSX).await)
        }
        Targeted::ImportCompensationFor => {
            use crate::excel::{sheet_workbook, t, upload_to, Cell, XLSX};
            fresh_enrolment(app, code, n);
            let row = vec![t(&person(n)), t("2013-03"), t("ungdomsersättning"), Cell::Number(100.0), t("Kommunen"), t("ja")];
            let headers = ["Personnummer", "Månad", "Typ", "Belopp", "Utbetalare", "Närvarointyg bekräftat"];
            status_allowed(&upload_to(app, "compensation", token, org_id, sheet_workbook("Ersättning", &headers, &[row]), XLSX).await)
        }
        Targeted::StatisticsOf => status_allowed(
            &app.get(&format!("/api/v1/statistics/participants?organisation_id={org_id}&from=2013-01&to=2013-03"), token).await,
        ),
        Targeted::StatisticsExportOf => status_allowed(
            &app.get(&format!("/api/v1/statistics/participants/export?organisation_id={org_id}&from=2013-01&to=2013-03"), token).await,
        ),
        Targeted::ListBudgetsOf => status_allowed(&app.get(&format!("/api/v1/budgets?organisation_id={org_id}"), token).await),
        Targeted::SetBudgetFor => {
            let category = ["staff", "services", "premises", "travel", "materials", "indirect", "in_kind",
                "participant_compensation", "public_cash", "owner_cash"][n % 10];
            let year = 2012 + (n / 10) % 4;
            let existing = app.get(&format!("/api/v1/budgets?organisation_id={org_id}&year={year}"), &app.token("skl.admin@plugin.example")).await;
            let version = existing.body.as_array().unwrap().iter().find(|l| l["category"] == category).map(|l| l["version"].clone());
            let mut body = json!({ "organisation_id": org_id, "year": year, "category": category, "amount": "1000" });
            if let Some(v) = version {
                body["version"] = v;
            }
            status_allowed(&app.put("/api/v1/budgets", token, body).await)
        }
        Targeted::ListAttendanceOf => {
            status_allowed(&app.get(&format!("/api/v1/attendance?organisation_id={org_id}"), token).await)
        }
        Targeted::SetAttendanceFor => {
            let (id, _) = fresh_enrolment(app, code, n);
            status_allowed(&app.put("/api/v1/attendance", token, json!({ "enrolment_id": id, "month": "2013-03", "hours": "10" })).await)
        }
        Targeted::ListCompensationOf => {
            status_allowed(&app.get(&format!("/api/v1/compensation?organisation_id={org_id}"), token).await)
        }
        Targeted::CreateCompensationFor => {
            let (id, _) = fresh_enrolment(app, code, n);
            status_allowed(&app.post("/api/v1/compensation", token, compensation_body(org_id, id)).await)
        }
        Targeted::GetCompensationOf => {
            let (id, _) = fresh_compensation(app, code, n);
            status_allowed(&app.get(&format!("/api/v1/compensation/{id}"), token).await)
        }
        Targeted::ReplaceCompensationOf => {
            let (id, version) = fresh_compensation(app, code, n);
            let enrolment = app.get(&format!("/api/v1/compensation/{id}"), &app.token("skl.admin@plugin.example")).await.body["enrolment_id"].as_i64().unwrap();
            let mut body = compensation_body(org_id, enrolment);
            body["amount"] = json!("200");
            body["version"] = json!(version);
            status_allowed(&app.put(&format!("/api/v1/compensation/{id}"), token, body).await)
        }
        Targeted::DeleteCompensationOf => {
            let (id, version) = fresh_compensation(app, code, n);
            status_allowed(&app.request(Method::DELETE, &format!("/api/v1/compensation/{id}?version={version}"), Some(token), None).await)
        }
        Targeted::ListAdjustmentsOf => {
            status_allowed(&app.get(&format!("/api/v1/timesheet-adjustments?organisation_id={org_id}"), token).await)
        }
        Targeted::GetAdjustmentOf => {
            let (id, _) = fresh_adjustment(app, code, n);
            status_allowed(&app.get(&format!("/api/v1/timesheet-adjustments/{id}"), token).await)
        }
        Targeted::CreateAdjustmentFor => {
            let timesheet = closed_timesheet(app, code, n);
            status_allowed(&app.post("/api/v1/timesheet-adjustments", token, adjustment_body(timesheet)).await)
        }
        Targeted::AttestAdjustmentOf => {
            let (id, version) = fresh_adjustment(app, code, n);
            status_allowed(&app.post(&format!("/api/v1/timesheet-adjustments/{id}/attest"), token, json!({ "version": version })).await)
        }
        Targeted::DeleteAdjustmentOf => {
            let (id, version) = fresh_adjustment(app, code, n);
            status_allowed(&app.request(Method::DELETE, &format!("/api/v1/timesheet-adjustments/{id}?version={version}"), Some(token), None).await)
        }
        Targeted::ExportReportOf => {
            status_allowed(&app.get(&format!("/api/v1/monthly-reports/{org_id}/2013-01/export"), token).await)
        }
        Targeted::PrefilledTimesheetTemplateOf => status_allowed(
            &app.get(
                &format!("/api/v1/templates/timesheets?organisation_id={org_id}&month=2013-03"),
                token,
            )
            .await,
        ),
        Targeted::ImportTimesheetsFor => {
            use crate::excel::{t, upload, workbook, Cell, HEADERS, XLSX};
            fresh_staff(app, code, n);
            let rows = vec![vec![t(&format!("MX{n}")), t("2013-03-04"), Cell::Number(7.0), t("projekt"), t("")]];
            status_allowed(&upload(app, token, org_id, workbook(&HEADERS, &rows), XLSX).await)
        }
        Targeted::EntryList(kind) => {
            status_allowed(&app.get(&format!("{}?organisation_id={org_id}", kind.path()), token).await)
        }
        Targeted::EntryCreate(kind) => status_allowed(&app.post(kind.path(), token, kind.body(org_id, n)).await),
        Targeted::EntryGet(kind) => {
            let (id, _) = fresh_entry(app, kind, code, n).await;
            status_allowed(&app.get(&format!("{}/{id}", kind.path()), token).await)
        }
        Targeted::EntryReplace(kind) => {
            let (id, version) = fresh_entry(app, kind, code, n).await;
            let mut body = kind.body(org_id, n + 200_000);
            body["version"] = json!(version);
            status_allowed(&app.put(&format!("{}/{id}", kind.path()), token, body).await)
        }
        Targeted::EntryDelete(kind) => {
            let (id, version) = fresh_entry(app, kind, code, n).await;
            status_allowed(&app.request(Method::DELETE, &format!("{}/{id}?version={version}", kind.path()), Some(token), None).await)
        }
        Targeted::ReturnReportOf => {
            let month = submitted_report(app, code, n);
            status_allowed(&app.post(&format!("/api/v1/monthly-reports/{org_id}/{month}/return"), token,
                json!({ "version": 1, "comment": "saknar underlag" })).await)
        }
        Targeted::ReopenReportOf => {
            let month = submitted_report(app, code, n);
            status_allowed(&app.post(&format!("/api/v1/monthly-reports/{org_id}/{month}/reopen"), token,
                json!({ "version": 1, "reason": "sen faktura" })).await)
        }
        Targeted::CreateRecurringPremisesFor => status_allowed(&app.post("/api/v1/premises/recurring", token,
            json!({ "organisation_id": org_id, "from": "2013-04", "to": "2013-05", "description": format!("Lokal {n}"),
                    "monthly_cost": "1000", "share_percent": "50", "financing": "cash" })).await),
    };
    Some((allowed, refusal.get()))
}

/// An issued claim of January 2012 (a cost of the owner's own) with its payment.
async fn issued_claim_with_payment(app: &TestApp) -> i64 {
    let economist = app.token("skl.economist@plugin.example");
    let manager = app.token("skl.manager@plugin.example");
    let owner = app.org_id("SKL");
    let res = app.post("/api/v1/other-costs", &economist, json!({ "organisation_id": owner, "date": "2012-01-10",
        "category": "services", "amount": "1000", "supplier": "Leverantör", "voucher_number": "SKL-1", "description": "Tjänst" })).await;
    assert_eq!(res.status, 201, "{}", res.text);
    let report = format!("/api/v1/monthly-reports/{owner}/2012-01");
    assert_eq!(
        app.post(
            &format!("{report}/submit"),
            &economist,
            json!({"version": 0})
        )
        .await
        .status,
        200
    );
    assert_eq!(
        app.post(
            &format!("{report}/approve"),
            &manager,
            json!({"version": 1})
        )
        .await
        .status,
        200
    );
    let res = app
        .post(
            "/api/v1/claims",
            &manager,
            json!({"from": "2012-01", "to": "2012-01"}),
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.text);
    let id = res.body["id"].as_i64().unwrap();
    let res = app
        .post(
            &format!("/api/v1/claims/{id}/issue"),
            &manager,
            json!({"version": 1}),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let today = chrono::Utc::now().date_naive().to_string();
    let res = app
        .post(
            &format!("/api/v1/claims/{id}/payment"),
            &manager,
            json!({"amount": "500", "paid_on": today}),
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.text);
    id
}

/// The project-wide claim endpoints: the owner's users read claims whole, its managers
/// make them and record payments, everyone reads the distribution within their scope,
/// the owner's admins and auditors verify the ledger.
async fn claim_cells(app: &TestApp, token: &str, email: &str, role: Role, id: i64) {
    let at_owner = email.starts_with("skl.");
    let claimant = at_owner && role == Role::Manager;
    let check = |res: &crate::harness::Response,
                 allowed: bool,
                 refused_by_rules: Option<u16>,
                 what: &str| {
        if allowed {
            let want = refused_by_rules.unwrap_or(200);
            assert_eq!(res.status, want, "{email} {what}: {}", res.text);
        } else {
            // A statement names the owner, which is out of sight below it: missing (404).
            let want = if what.contains("statement") { 404 } else { 403 };
            assert_eq!(res.status, want, "{email} {what}: {}", res.text);
        }
    };
    for path in [
        "/api/v1/claims".to_string(),
        format!("/api/v1/claims/{id}"),
        format!("/api/v1/claims/{id}/lines"),
        format!("/api/v1/claims/{id}/export"),
        format!(
            "/api/v1/claims/{id}/statement?organisation_id={}",
            app.org_id("SKL")
        ),
        format!(
            "/api/v1/claims/{id}/statement/export?organisation_id={}",
            app.org_id("SKL")
        ),
    ] {
        check(&app.get(&path, token).await, at_owner, None, &path);
    }
    for path in [
        format!("/api/v1/claims/{id}/payment"),
        format!("/api/v1/claims/{id}/distribution"),
        format!("/api/v1/claims/{id}/distribution/export"),
    ] {
        check(&app.get(&path, token).await, true, None, &path);
    }
    let d = app
        .get(&format!("/api/v1/claims/{id}/distribution"), token)
        .await;
    assert_eq!(
        d.body["organisations"].as_array().unwrap().len(),
        usize::from(at_owner),
        "{email}: {}",
        d.text
    );
    // Consolidating empty months is the owner's managers' (once: the matrix has no
    // entries in 2015-05 and 2015-06).
    check(
        &app.post(
            "/api/v1/monthly-reports/consolidate-empty",
            token,
            json!({"from": "2015-05", "to": "2015-06", "reason": "inga kostnader"}),
        )
        .await,
        claimant,
        None,
        "consolidate empty months",
    );
    let verifies = at_owner && matches!(role, Role::Admin | Role::Auditor);
    check(
        &app.get("/api/v1/admin/verify", token).await,
        verifies,
        None,
        "verify",
    );
    // Writes: the owner's managers pass authorisation and meet the claim's state.
    let version = app
        .get(
            &format!("/api/v1/claims/{id}"),
            &app.token("skl.manager@plugin.example"),
        )
        .await
        .body["version"]
        .clone();
    check(
        &app.post(
            "/api/v1/claims",
            token,
            json!({"from": "2012-02", "to": "2012-02"}),
        )
        .await,
        claimant,
        Some(409),
        "create claim",
    );
    check(
        &app.post(
            &format!("/api/v1/claims/{id}/recompute"),
            token,
            json!({"version": version}),
        )
        .await,
        claimant,
        Some(409),
        "recompute",
    );
    check(
        &app.post(
            &format!("/api/v1/claims/{id}/issue"),
            token,
            json!({"version": version}),
        )
        .await,
        claimant,
        Some(409),
        "issue",
    );
    check(
        &app.request(
            Method::DELETE,
            &format!("/api/v1/claims/{id}?version={version}"),
            Some(token),
            None,
        )
        .await,
        claimant,
        Some(409),
        "delete",
    );
    check(
        &app.post(
            &format!("/api/v1/claims/{id}/payment"),
            token,
            json!({"amount": "1", "paid_on": "2026-01-01"}),
        )
        .await,
        claimant,
        Some(409),
        "payment",
    );
}

/// The budget template (everyone), import (the owner's admins) and follow-up (within
/// scope).
async fn budget_cells(app: &TestApp, token: &str, email: &str, role: Role) {
    let at_owner = email.starts_with("skl.");
    assert_eq!(
        app.get("/api/v1/templates/budget", token).await.status,
        200,
        "{email}"
    );
    let req = actix_web::test::TestRequest::post()
        .uri("/api/v1/imports/budget")
        .insert_header(("Authorization", format!("Bearer {token}")))
        .insert_header(("content-type", crate::excel::XLSX))
        .set_payload(b"not a workbook".to_vec())
        .to_request();
    let res = app.send(req).await;
    let want = if at_owner && role == Role::Admin {
        415
    } else {
        403
    };
    assert_eq!(res.status, want, "{email} budget import: {}", res.text);
    for path in [
        "/api/v1/budget-follow-up",
        "/api/v1/budget-follow-up/export",
    ] {
        assert_eq!(app.get(path, token).await.status, 200, "{email} {path}");
        let owner = app
            .get(
                &format!("{path}?organisation_id={}", app.org_id("SKL")),
                token,
            )
            .await;
        assert_eq!(
            owner.status,
            if at_owner { 200 } else { 404 },
            "{email} {path} of SKL (out of sight: missing): {}",
            owner.text
        );
    }
}

/// The operations the matrix covers; compared with the OpenAPI document so that a new
/// endpoint cannot be added without a row here.
const COVERED: [(&str, &str); 112] = [
    ("post", "/api/v1/auth/login"),
    ("get", "/api/v1/organisations"),
    ("post", "/api/v1/organisations"),
    ("get", "/api/v1/organisations/tree"),
    ("get", "/api/v1/organisations/{id}"),
    ("patch", "/api/v1/organisations/{id}"),
    ("get", "/api/v1/users"),
    ("post", "/api/v1/users"),
    ("get", "/api/v1/users/me"),
    ("post", "/api/v1/users/me/password"),
    ("get", "/api/v1/users/{id}"),
    ("patch", "/api/v1/users/{id}"),
    ("get", "/api/v1/project"),
    ("put", "/api/v1/project"),
    ("get", "/api/v1/audit-log"),
    ("get", "/api/v1/staff"),
    ("post", "/api/v1/staff"),
    ("get", "/api/v1/staff/{id}"),
    ("patch", "/api/v1/staff/{id}"),
    ("post", "/api/v1/staff/{id}/salaries"),
    ("put", "/api/v1/staff/{id}/salaries/{salary_id}"),
    ("delete", "/api/v1/staff/{id}/salaries/{salary_id}"),
    ("get", "/api/v1/social-fee-rates"),
    ("put", "/api/v1/social-fee-rates/{year}/{employer_kind}"),
    ("get", "/api/v1/timesheets"),
    ("post", "/api/v1/timesheets"),
    ("get", "/api/v1/timesheets/{id}"),
    ("put", "/api/v1/timesheets/{id}"),
    ("delete", "/api/v1/timesheets/{id}"),
    ("post", "/api/v1/timesheets/{id}/sign"),
    ("post", "/api/v1/timesheets/{id}/attest"),
    ("get", "/api/v1/monthly-reports/{organisation_id}/{month}"),
    (
        "post",
        "/api/v1/monthly-reports/{organisation_id}/{month}/submit",
    ),
    (
        "post",
        "/api/v1/monthly-reports/{organisation_id}/{month}/approve",
    ),
    (
        "post",
        "/api/v1/monthly-reports/{organisation_id}/{month}/return",
    ),
    (
        "post",
        "/api/v1/monthly-reports/{organisation_id}/{month}/reopen",
    ),
    (
        "get",
        "/api/v1/monthly-reports/{organisation_id}/{month}/export",
    ),
    ("get", "/api/v1/templates/timesheets"),
    ("get", "/api/v1/templates/other-costs"),
    ("post", "/api/v1/imports/other-costs"),
    ("get", "/api/v1/templates/premises"),
    ("post", "/api/v1/imports/premises"),
    ("get", "/api/v1/templates/cash-cofinancing"),
    ("post", "/api/v1/imports/cash-cofinancing"),
    ("get", "/api/v1/timesheet-adjustments"),
    ("post", "/api/v1/timesheet-adjustments"),
    ("get", "/api/v1/timesheet-adjustments/{id}"),
    ("post", "/api/v1/timesheet-adjustments/{id}/attest"),
    ("delete", "/api/v1/timesheet-adjustments/{id}"),
    ("get", "/api/v1/participants"),
    ("post", "/api/v1/participants"),
    ("get", "/api/v1/participants/{id}"),
    ("patch", "/api/v1/participants/{id}"),
    ("get", "/api/v1/workshops"),
    ("post", "/api/v1/workshops"),
    ("get", "/api/v1/attendance"),
    ("put", "/api/v1/attendance"),
    ("get", "/api/v1/compensation"),
    ("post", "/api/v1/compensation"),
    ("get", "/api/v1/compensation/{id}"),
    ("put", "/api/v1/compensation/{id}"),
    ("delete", "/api/v1/compensation/{id}"),
    ("get", "/api/v1/templates/participants"),
    ("post", "/api/v1/imports/participants"),
    ("get", "/api/v1/templates/attendance"),
    ("post", "/api/v1/imports/attendance"),
    ("get", "/api/v1/templates/compensation"),
    ("post", "/api/v1/imports/compensation"),
    ("get", "/api/v1/statistics/participants"),
    ("get", "/api/v1/statistics/participants/export"),
    ("get", "/api/v1/budgets"),
    ("put", "/api/v1/budgets"),
    ("get", "/api/v1/templates/budget"),
    ("post", "/api/v1/imports/budget"),
    ("get", "/api/v1/budget-follow-up"),
    ("get", "/api/v1/budget-follow-up/export"),
    ("get", "/api/v1/claims"),
    ("post", "/api/v1/claims"),
    ("get", "/api/v1/claims/{id}"),
    ("delete", "/api/v1/claims/{id}"),
    ("post", "/api/v1/claims/{id}/recompute"),
    ("post", "/api/v1/claims/{id}/issue"),
    ("get", "/api/v1/claims/{id}/lines"),
    ("get", "/api/v1/claims/{id}/export"),
    ("post", "/api/v1/claims/{id}/payment"),
    ("get", "/api/v1/claims/{id}/payment"),
    ("get", "/api/v1/claims/{id}/distribution"),
    ("get", "/api/v1/claims/{id}/distribution/export"),
    ("get", "/api/v1/claims/{id}/statement"),
    ("get", "/api/v1/claims/{id}/statement/export"),
    ("get", "/api/v1/admin/verify"),
    ("get", "/api/v1/scb-reports"),
    ("get", "/api/v1/scb-reports/{month}"),
    ("get", "/api/v1/scb-reports/{month}/export"),
    ("post", "/api/v1/imports/timesheets"),
    ("get", "/api/v1/premises"),
    ("post", "/api/v1/premises"),
    ("post", "/api/v1/premises/recurring"),
    ("post", "/api/v1/monthly-reports/consolidate-empty"),
    ("get", "/api/v1/premises/{id}"),
    ("put", "/api/v1/premises/{id}"),
    ("delete", "/api/v1/premises/{id}"),
    ("get", "/api/v1/other-costs"),
    ("post", "/api/v1/other-costs"),
    ("get", "/api/v1/other-costs/{id}"),
    ("put", "/api/v1/other-costs/{id}"),
    ("delete", "/api/v1/other-costs/{id}"),
    ("get", "/api/v1/cash-cofinancing"),
    ("post", "/api/v1/cash-cofinancing"),
    ("get", "/api/v1/cash-cofinancing/{id}"),
    ("put", "/api/v1/cash-cofinancing/{id}"),
    ("delete", "/api/v1/cash-cofinancing/{id}"),
];

async fn access_matrix(app: TestApp) {
    add_target_users(&app);
    let claim = issued_claim_with_payment(&app).await;
    let mut n = 0;
    let mut failures = Vec::new();
    let mut cells = 0;
    for (email, role, scopes) in actors() {
        let token = app.token(email);
        for (scope, code) in scopes {
            let entry_endpoints = ENTRY_KINDS.iter().flat_map(|k| {
                [
                    Targeted::EntryList(*k),
                    Targeted::EntryCreate(*k),
                    Targeted::EntryGet(*k),
                    Targeted::EntryReplace(*k),
                    Targeted::EntryDelete(*k),
                ]
            });
            for endpoint in TARGETED.into_iter().chain(entry_endpoints) {
                n += 1;
                let Some((allowed, refusal)) = attempt(&app, &token, endpoint, code, n).await
                else {
                    continue;
                };
                cells += 1;
                let want = expected(role, scope, endpoint, email.starts_with("skl."));
                if allowed != want {
                    failures.push(format!(
                        "{email} {scope:?} {code} {endpoint:?}: allowed={allowed}, expected {want}"
                    ));
                }
                // Issue 13.10: what the actor may not see answers as missing (404), so its
                // ids cannot be probed; what they see but may not do answers 403. Budgets
                // are project settings, refused by role wherever they point.
                let out_of_sight = matches!(scope, Scope::Sibling | Scope::Parent)
                    && endpoint != Targeted::SetBudgetFor;
                let want_refusal = if out_of_sight { 404 } else { 403 };
                if let Some(status) = refusal.filter(|s| *s != want_refusal) {
                    failures.push(format!(
                        "{email} {scope:?} {code} {endpoint:?}: refused with {status}, expected {want_refusal}"
                    ));
                }
            }
        }
        // Endpoints about oneself or the project.
        let me = app.get("/api/v1/users/me", &token).await;
        assert_eq!(me.status, 200, "{email}");
        let own = app
            .get(&format!("/api/v1/users/{}", me.body["id"]), &token)
            .await;
        assert_eq!(own.status, 200, "{email} reading themselves");
        let pw = app
            .post(
                "/api/v1/users/me/password",
                &token,
                json!({"current_password": PASSWORD, "new_password": PASSWORD}),
            )
            .await;
        assert_eq!(pw.status, 204, "{email}: {}", pw.text);
        // The new password ended that token (issue 13.7): carry on with a fresh one.
        let token = app.token(email);
        let project = app.get("/api/v1/project", &token).await;
        assert_eq!(project.status, 200, "{email}");
        let mut input = project.body.clone();
        input.as_object_mut().unwrap().remove("updated_at");
        let put = app.put("/api/v1/project", &token, input).await;
        let want = role == Role::Admin;
        assert_eq!(
            put.status.is_success(),
            want,
            "{email} PUT /project: {}",
            put.text
        );
        if !want {
            assert_eq!(put.status, 403, "{email}");
        }
        assert_eq!(
            app.get("/api/v1/social-fee-rates", &token).await.status,
            200,
            "{email}"
        );
        assert_eq!(
            app.get("/api/v1/templates/timesheets", &token).await.status,
            200,
            "{email}"
        );
        for kind in [
            "other-costs",
            "premises",
            "cash-cofinancing",
            "participants",
            "attendance",
            "compensation",
        ] {
            assert_eq!(
                app.get(&format!("/api/v1/templates/{kind}"), &token)
                    .await
                    .status,
                200,
                "{email} {kind}"
            );
        }
        let fee = app
            .put(
                "/api/v1/social-fee-rates/2016/municipality",
                &token,
                json!({ "rate_percent": "38.46", "source": "matrix" }),
            )
            .await;
        assert_eq!(
            fee.status.is_success(),
            role == Role::Admin,
            "{email} PUT social fee: {}",
            fee.text
        );
        if role == Role::Admin {
            // Leave the table as it was for the next actor.
            diesel::RunQueryDsl::execute(
                diesel::sql_query("DELETE FROM social_fee_rates WHERE year = 2016"),
                &mut *app.conn(),
            )
            .unwrap();
        } else {
            assert_eq!(fee.status, 403, "{email}");
        }
        // The SCB report: the owner's admins and managers only.
        let sends = email.starts_with("skl.") && matches!(role, Role::Admin | Role::Manager);
        for path in [
            "/api/v1/scb-reports",
            "/api/v1/scb-reports/2013-01",
            "/api/v1/scb-reports/2013-01/export",
        ] {
            let res = app.get(path, &token).await;
            assert_eq!(
                res.status.is_success(),
                sends,
                "{email} {path}: {}",
                res.text
            );
            if !sends {
                assert_eq!(res.status, 403, "{email} {path}");
            }
        }
        claim_cells(&app, &token, email, role, claim).await;
        budget_cells(&app, &token, email, role).await;
        cells += 25;
    }
    assert!(
        failures.is_empty(),
        "access matrix mismatches:\n{}",
        failures.join("\n")
    );
    assert!(cells > 900, "only {cells} cells");

    // Every documented operation is covered here.
    let doc = app
        .request(Method::GET, "/api/v1/openapi.json", None, None)
        .await;
    let documented: BTreeSet<(String, String)> = doc.body["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(p, item)| {
            item.as_object()
                .unwrap()
                .keys()
                .map(move |m| (m.clone(), p.clone()))
        })
        .collect();
    let covered: BTreeSet<(String, String)> = COVERED
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    assert_eq!(
        documented, covered,
        "the access matrix must cover every documented endpoint"
    );
}

both_backends!(access_matrix);
