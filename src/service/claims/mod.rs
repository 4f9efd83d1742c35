//! ESF payment claims (ansökan om utbetalning): the owner's manager drafts a claim for
//! the next run of consolidated months, recomputes it while it is a draft, and issues
//! it: numbered in sequence, its figures and every line behind them frozen, its months
//! marked claimed. Reading an issued claim never recomputes it.

use super::audit::{record, Change};
use super::{expect_version, stale, ChangedBy};
use crate::domain::access::{authorize_project, Action, Actor};
use crate::domain::claim::ClaimState;
use crate::domain::money::Ore;
use crate::domain::period::Month;
use crate::domain::rate::Ppm;
use crate::error::{AppError, AppResult};
use crate::store::claims::{self as store, ClaimRow, LineFilter};
use crate::store::DbConnection;
use crate::views::claims::{
    Claim, ClaimInput, ClaimLine, ClaimListItem, IssueInput, LineQuery, RenderClaim, VersionInput,
};
use crate::views::RenderError;

mod compute;
mod period;
mod view;

use compute::{compute, refuse_changed_draft, store_computation};
pub(crate) use compute::{current_lines, lines_sha256, owner, project};
use period::check_months;
pub use period::next;
pub(crate) use view::{claim_lines, codes, line_view, view};

fn require_claimant(actor: &Actor) -> AppResult<()> {
    Ok(authorize_project(actor, Action::MakeClaims)?)
}

fn require_reader(actor: &Actor) -> AppResult<()> {
    Ok(authorize_project(actor, Action::ReadClaims)?)
}

pub(crate) fn load(conn: &mut DbConnection, id: i64) -> AppResult<ClaimRow> {
    store::find(conn, id)?.ok_or_else(|| AppError::NotFound(format!("no claim {id}")))
}

fn reload(conn: &mut DbConnection, id: i64) -> AppResult<Claim> {
    let row = load(conn, id)?;
    view(conn, row)
}

fn audit(
    conn: &mut DbConnection,
    actor: &Actor,
    action: &str,
    before: Option<&Claim>,
    after: Option<&Claim>,
    id: i64,
) -> AppResult<()> {
    let owner = owner(conn)?;
    // What the audit log keeps of a claim: an object, like every other record's.
    let summary = |c: &Claim| {
        serde_json::json!({
            "state": c.state,
            "number": c.number,
            "esf_requested": c.esf.requested.to_string(),
            "sent_on": c.sent_on,
            "version": c.version,
        })
    };
    let (before, after) = (before.map(summary), after.map(summary));
    record(
        conn,
        &ChangedBy::of(actor),
        Change::of("claim", id, owner.id, action),
        before.as_ref(),
        after.as_ref(),
    )
}

pub fn create(conn: &mut DbConnection, actor: &Actor, input: ClaimInput) -> AppResult<Claim> {
    require_claimant(actor)?;
    conn.write_tx(|conn| {
        // One claim writer at a time (also across server instances): no two drafts
        // over the same months.
        store::lock_claims(conn)?;
        let p = project(conn)?;
        check_months(conn, &p, input.from, input.to)?;
        let (a, b) = (input.from.to_key(), input.to.to_key());
        if let Some(d) = store::overlapping_drafts(conn, a, b)?.first() {
            return Err(AppError::conflict(
                "from",
                format!(
                    "draft claim {} already covers {}..{}; recompute or delete it",
                    d.id, d.first_month, d.last_month
                ),
            ));
        }
        let c = compute(conn, &p, input.from, input.to, None)?;
        let now = crate::store::now();
        let row = ClaimRow {
            id: 0,
            number: None,
            state: ClaimState::Draft,
            first_month: input.from,
            last_month: input.to,
            support_rate_ppm: Ppm::new(c.computed.support_rate_ppm),
            approved_budget_ore: Ore::new(c.computed.approved_budget_ore),
            indirect_rate_ppm: Ppm::new(c.computed.indirect_rate_ppm),
            indirect_base: c.computed.indirect_base,
            distribution_key: c.computed.distribution_key,
            earlier_eligible_ore: Ore::new(c.computed.earlier_eligible_ore),
            earlier_cofinancing_ore: Ore::new(c.computed.earlier_cofinancing_ore),
            earlier_requested_ore: Ore::new(c.computed.earlier_requested_ore),
            esf_due_cumulative_ore: Ore::new(c.computed.esf_due_cumulative_ore),
            esf_requested_ore: Ore::new(c.computed.esf_requested_ore),
            lines_sha256: String::new(),
            created_by: actor.user_id,
            created_at: now,
            computed_at: now,
            issued_by: None,
            issued_at: None,
            sent_on: None,
            version: 1,
        };
        let id = store::insert(conn, &row)?;
        store_computation(conn, id, &c)?;
        let claim = reload(conn, id)?;
        audit(conn, actor, "create", None, Some(&claim), id)?;
        Ok(claim)
    })
}

pub fn recompute(
    conn: &mut DbConnection,
    actor: &Actor,
    id: i64,
    input: VersionInput,
) -> AppResult<Claim> {
    require_claimant(actor)?;
    conn.write_tx(|conn| {
        let row = load(conn, id)?;
        refuse_issued(&row)?;
        let before = view(conn, row.clone())?;
        let p = project(conn)?;
        check_months(conn, &p, row.first_month, row.last_month)?;
        let c = compute(conn, &p, row.first_month, row.last_month, None)?;
        expect_version(
            store::update_draft(conn, id, input.version, &c.computed)?,
            "claim",
            input.version,
        )?;
        store_computation(conn, id, &c)?;
        let claim = reload(conn, id)?;
        audit(conn, actor, "recompute", Some(&before), Some(&claim), id)?;
        Ok(claim)
    })
}

fn refuse_issued(row: &ClaimRow) -> AppResult<()> {
    match row.number {
        Some(n) => Err(AppError::conflict(
            "state",
            format!(
                "claim {} is issued as number {n}; an issued claim never changes",
                row.id
            ),
        )),
        None => Ok(()),
    }
}

/// Issues the draft: takes the next number (which queues concurrent issuers on the
/// project row), checks the months again, recomputes and freezes figures and lines,
/// and marks the months claimed, all in one transaction.
pub fn issue(
    conn: &mut DbConnection,
    actor: &Actor,
    id: i64,
    input: IssueInput,
) -> AppResult<Claim> {
    require_claimant(actor)?;
    conn.write_tx(|conn| {
        let number = store::take_claim_number(conn)?;
        let row = load(conn, id)?;
        refuse_issued(&row)?;
        expect_version(row.version == input.version, "claim", input.version)?;
        let sent_on = check_sent_on(input.sent_on.map(|d| d.get()), row.last_month)?;
        let before = view(conn, row.clone())?;
        let p = project(conn)?;
        check_months(conn, &p, row.first_month, row.last_month)?;
        let c = compute(conn, &p, row.first_month, row.last_month, None)?;
        refuse_changed_draft(conn, &row, &c)?;
        // A claim asks for money; one whose request would be negative (corrections
        // lowered the cumulative ESF due below what earlier claims requested) would be a
        // repayment, which this service does not issue (issue 13.4).
        if c.computed.esf_requested_ore < 0 {
            return Err(AppError::conflict(
                "id",
                format!(
                    "the claim would request {} SEK: corrections lowered the ESF due below what earlier claims requested; such a repayment is settled with ESF-rådet outside this claim, and the claim can cover the months once the request is zero or more",
                    Ore::new(c.computed.esf_requested_ore)
                ),
            ));
        }
        let lines = current_lines(
            conn,
            (c.computed.indirect_rate_ppm, p.indirect_base),
            row.first_month,
            row.last_month,
            &c.per_org,
            &LineFilter::default(),
        )?;
        expect_version(
            store::update_draft(conn, id, input.version, &c.computed)?,
            "claim",
            input.version,
        )?;
        if !store::mark_issued(
            conn,
            id,
            crate::store::next_version(input.version),
            number,
            &lines_sha256(&lines),
            actor.user_id,
            sent_on,
        )? {
            return Err(stale("claim", input.version));
        }
        store_computation(conn, id, &c)?;
        store::insert_lines(conn, id, &lines)?;
        let months: Vec<i32> = row
            .first_month
            .through(row.last_month)
            .map(Month::to_key)
            .collect();
        store::mark_months_claimed(conn, &months)?;
        crate::service::frozen::settle(conn, row.first_month, row.last_month)?;
        let claim = reload(conn, id)?;
        audit(conn, actor, "issue", Some(&before), Some(&claim), id)?;
        Ok(claim)
    })
}

/// The day a claim was sent (issue 13.16): today unless given (a claim recorded
/// afterwards), after its last month and not in the future.
fn check_sent_on(
    given: Option<chrono::NaiveDate>,
    last_month: Month,
) -> AppResult<chrono::NaiveDate> {
    let today = chrono::Utc::now().date_naive();
    let day = given.unwrap_or(today);
    if day <= last_month.last_day() {
        return Err(AppError::validation(
            "sent_on",
            format!(
                "{day} is not after the claim's last month ({last_month}): a claim is sent once its months are over"
            ),
        ));
    }
    if day > today {
        return Err(AppError::validation(
            "sent_on",
            format!("{day} is in the future"),
        ));
    }
    Ok(day)
}

pub fn delete(conn: &mut DbConnection, actor: &Actor, id: i64, version: i64) -> AppResult<()> {
    require_claimant(actor)?;
    conn.write_tx(|conn| {
        let row = load(conn, id)?;
        refuse_issued(&row)?;
        let before = view(conn, row)?;
        expect_version(store::delete_draft(conn, id, version)?, "claim", version)?;
        audit(conn, actor, "delete", Some(&before), None::<&Claim>, id)
    })
}

pub fn list(conn: &mut DbConnection, actor: &Actor) -> AppResult<Vec<ClaimListItem>> {
    require_reader(actor)?;
    store::list(conn)?
        .into_iter()
        .map(|r| {
            Ok(ClaimListItem {
                id: r.id,
                number: r.number,
                state: r.state,
                from: r.first_month,
                to: r.last_month,
                esf_requested: r.esf_requested_ore,
                sent_on: r.sent_on,
                version: r.version,
            })
        })
        .collect()
}

pub fn get(conn: &mut DbConnection, actor: &Actor, id: i64) -> AppResult<Claim> {
    require_reader(actor)?;
    let row = load(conn, id)?;
    view(conn, row)
}

pub fn lines(
    conn: &mut DbConnection,
    actor: &Actor,
    id: i64,
    q: LineQuery,
) -> AppResult<Vec<ClaimLine>> {
    require_reader(actor)?;
    let limit = q.limit.unwrap_or(1000);
    if !(1..=10_000).contains(&limit) {
        return Err(AppError::validation("limit", "must be 1..10000"));
    }
    let offset = q.offset.unwrap_or(0);
    if offset < 0 {
        return Err(AppError::validation("offset", "must not be negative"));
    }
    let row = load(conn, id)?;
    let filter = LineFilter {
        category: q.category,
        organisation_id: q.organisation_id,
    };
    let codes = codes(conn)?;
    claim_lines(conn, &row, &filter, limit, offset)?
        .into_iter()
        .map(|x| line_view(&codes, x))
        .collect()
}

/// The claim as a workbook and its file name.
pub fn export(
    conn: &mut DbConnection,
    actor: &Actor,
    id: i64,
    render: RenderClaim,
) -> AppResult<(Vec<u8>, String)> {
    require_reader(actor)?;
    let row = load(conn, id)?;
    let claim = view(conn, row.clone())?;
    let p = project(conn)?;
    let codes = codes(conn)?;
    let mut failure: Option<AppError> = None;
    let bytes = render(&claim, &p.name, &p.esf_case_number, &mut |cat| {
        let filter = LineFilter {
            category: Some(cat),
            organisation_id: None,
        };
        let lines = claim_lines(conn, &row, &filter, i64::MAX, 0).and_then(|lines| {
            lines
                .into_iter()
                .map(|x| line_view(&codes, x))
                .collect::<AppResult<Vec<_>>>()
        });
        lines.map_err(|err| {
            let text = err.to_string();
            failure = Some(err);
            RenderError::new("the claim's lines", text)
        })
    });
    if let Some(err) = failure {
        return Err(err);
    }
    let bytes = bytes?;
    let name = match claim.number {
        Some(n) => format!(
            "ansokan-om-utbetalning-{n}-{}-{}.xlsx",
            claim.from, claim.to
        ),
        None => format!(
            "ansokan-utkast-{}-{}-{}.xlsx",
            claim.id, claim.from, claim.to
        ),
    };
    Ok((bytes, name))
}
