//! The ledger's invariants, checked against what is stored: every issued claim still
//! equals the sum of its frozen lines (and their fingerprint), no entry of its months
//! changed since it was issued, cumulative figures chain from claim to claim, and every
//! distribution adds up to its payment. Used by `esf-ledger verify` and the admin
//! endpoint; a breach is described, never repaired.

use crate::domain::period::Month;
use std::collections::{BTreeMap, HashMap};

use diesel::{Connection, RunQueryDsl};

use super::claims::lines_sha256;
use crate::domain::access::{authorize_project, Action, Actor};
use crate::domain::claim::{Category, ClaimFigures, EsfBasis, LineSource};
use crate::domain::money::from_ore;
use crate::domain::money::Ore;
use crate::error::AppResult;
use crate::store::claims::{self as store, ClaimRow, LineFilter, LineRow};
use crate::store::DbConnection;
use crate::views::verify::VerifyReport;

impl VerifyReport {
    pub fn is_clean(&self) -> bool {
        self.breaches.is_empty()
    }
}

/// The owner's admins and auditors may run the check over HTTP.
pub fn run_as(conn: &mut DbConnection, actor: &Actor) -> AppResult<VerifyReport> {
    authorize_project(actor, Action::VerifyLedger)?;
    run(conn)
}

pub fn run(conn: &mut DbConnection) -> AppResult<VerifyReport> {
    // One consistent snapshot: writers carrying on meanwhile cause no false breaches.
    conn.transaction(|conn| {
        if conn.backend() == crate::store::Backend::Postgres {
            diesel::sql_query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                .execute(conn)?;
        }
        check_all(conn)
    })
}

fn check_all(conn: &mut DbConnection) -> AppResult<VerifyReport> {
    let mut breaches = Vec::new();
    let claims = store::issued(conn)?;
    let mut earlier = ClaimFigures::default();
    let mut requested_earlier = 0i64;
    let mut next_month: Option<Month> = None;
    for (i, c) in claims.iter().enumerate() {
        let n = c.number.unwrap_or_default();
        if usize::try_from(n).ok() != Some(i + 1) {
            breaches.push(format!(
                "claim {n}: issued claims are not numbered 1, 2, 3, … (expected {})",
                i + 1
            ));
        }
        if let Some(expected) = next_month.filter(|m| *m != c.first_month) {
            breaches.push(format!(
                "claim {n}: starts at {} but the claim before it ended the month before {}",
                c.first_month, expected
            ));
        }
        next_month = Some(c.last_month.next());
        let figures = check_claim(conn, c, n, &mut breaches)?;
        check_chain(c, n, &earlier, requested_earlier, &figures, &mut breaches);
        if earlier.add(&figures).is_none() {
            breaches.push(format!(
                "claim {n}: the cumulative figures overflow when added up"
            ));
        }
        requested_earlier = requested_earlier.saturating_add(c.esf_requested_ore.get());
    }
    let payments = store::all_payments(conn)?;
    for pay in &payments {
        let parts = store::parts(conn, pay.id)?;
        let sum = Ore::checked_sum(parts.iter().map(|x| x.part_ore));
        let claim = store::find(conn, pay.claim_id)?;
        let number = claim.as_ref().and_then(|c| c.number).unwrap_or_default();
        if sum != Some(pay.amount_ore) {
            breaches.push(format!(
                "claim {number}: the distribution adds up to {} but the payment is {}",
                sum.map_or_else(
                    || "more than the ledger can hold".to_string(),
                    |s| s.to_string()
                ),
                from_ore(pay.amount_ore.get())
            ));
        }
        if let Some(sent) = claim.as_ref().and_then(|c| c.sent_on) {
            if pay.paid_on < sent {
                breaches.push(format!(
                    "claim {number}: paid on {} but sent on {sent}, later",
                    pay.paid_on
                ));
            }
        }
        if let Some(c) = claim {
            if pay.amount_ore > c.esf_requested_ore || c.number.is_none() {
                breaches.push(format!(
                    "claim {number}: payment {} exceeds what was requested ({}) or the claim is not issued",
                    from_ore(pay.amount_ore.get()),
                    from_ore(c.esf_requested_ore.get())
                ));
            }
        }
    }
    if let Some(p) = crate::store::projects::get(conn)? {
        let (start, end) = (Month::of(p.start_date), Month::of(p.end_date));
        for c in &claims {
            let n = c.number.unwrap_or_default();
            if c.first_month < start || c.last_month > end {
                breaches.push(format!(
                    "claim {n}: covers {}..{} but the project runs {start}..{end}",
                    c.first_month, c.last_month
                ));
            }
        }
    }
    for c in &claims {
        let n = c.number.unwrap_or_default();
        match c.sent_on {
            None => breaches.push(format!("claim {n}: issued without the day it was sent")),
            Some(d) if d <= c.last_month.last_day() => breaches.push(format!(
                "claim {n}: sent on {d}, before its last month {} was over",
                c.last_month
            )),
            Some(_) => {}
        }
        if c.esf_requested_ore < Ore::ZERO {
            breaches.push(format!(
                "claim {}: it requests {} SEK, less than nothing",
                c.number.unwrap_or_default(),
                c.esf_requested_ore
            ));
        }
    }
    use crate::store::entries as entry_store;
    for (kind, below) in [
        (
            "premises",
            entry_store::premises_entries::corrected_below_zero(conn)?,
        ),
        (
            "other cost",
            entry_store::other_cost_entries::corrected_below_zero(conn)?,
        ),
        (
            "cash co-financing",
            entry_store::cash_entries::corrected_below_zero(conn)?,
        ),
        (
            "compensation",
            entry_store::compensation_entries::corrected_below_zero(conn)?,
        ),
    ] {
        for (id, total) in below {
            breaches.push(format!(
                "{kind} entry {id}: its corrections take it below zero ({} SEK)",
                crate::domain::money::from_ore(i64::try_from(total).unwrap_or(i64::MIN))
            ));
        }
    }
    // Closed months' stored figures against their entries and their reports' states.
    breaches.extend(super::frozen::check(conn)?);
    Ok(VerifyReport {
        issued_claims: claims.len(),
        payments: payments.len(),
        breaches,
    })
}

/// The claim's frozen figures against its frozen lines and the entries as they stand;
/// returns its figures.
fn check_claim(
    conn: &mut DbConnection,
    c: &ClaimRow,
    n: i32,
    breaches: &mut Vec<String>,
) -> AppResult<ClaimFigures> {
    let rows = store::figures(conn, c.id)?;
    let mut total = ClaimFigures::default();
    let mut stored: BTreeMap<(i64, Category), i64> = BTreeMap::new();
    for r in &rows {
        let f = r.figures();
        if total.add(&f).is_none() {
            breaches.push(format!("claim {n}: its figures overflow when added up"));
        }
        for cat in Category::ALL {
            if f.get(cat) != 0 {
                stored.insert((r.organisation_id, cat), f.get(cat));
            }
        }
    }
    let mut summed: BTreeMap<(i64, Category), i64> = BTreeMap::new();
    for (org, cat, sum) in store::frozen_sums(conn, c.id)? {
        if sum != 0 {
            summed.insert((org, cat), sum);
        }
    }
    let differing: std::collections::BTreeSet<&(i64, Category)> = stored
        .keys()
        .chain(summed.keys())
        .filter(|k| stored.get(k) != summed.get(k))
        .collect();
    if !differing.is_empty() {
        breaches.push(format!(
            "claim {n}: its figures no longer equal the sum of its lines ({} organisation/category figures differ)",
            differing.len()
        ));
    }
    let frozen = store::frozen_lines(conn, c.id, &LineFilter::default(), i64::MAX, 0)?;
    if lines_sha256(&frozen) != c.lines_sha256 {
        breaches.push(format!(
            "claim {n}: its lines were altered after it was issued"
        ));
    }
    let now = store::entry_lines(
        conn,
        c.first_month.to_key(),
        c.last_month.to_key(),
        &LineFilter::default(),
    )?;
    compare_entries(n, &frozen, &now, breaches);
    Ok(total)
}

fn key(x: &LineRow) -> (LineSource, i64) {
    (x.source, x.source_id)
}

/// Entries of the claim's months now against the lines frozen at issue.
fn compare_entries(n: i32, frozen: &[LineRow], now: &[LineRow], breaches: &mut Vec<String>) {
    let then: HashMap<(LineSource, i64), &LineRow> = frozen
        .iter()
        .filter(|x| x.source != LineSource::Indirect)
        .map(|x| (key(x), x))
        .collect();
    let current: HashMap<(LineSource, i64), &LineRow> = now.iter().map(|x| (key(x), x)).collect();
    let mut found = Vec::new();
    for (k, x) in &current {
        match then.get(k) {
            None => found.push(format!(
                "claim {n}: {} {} of {} was added after the claim was issued ({})",
                k.0,
                k.1,
                x.month,
                from_ore(x.amount_ore.get())
            )),
            Some(old)
                if old.amount_ore != x.amount_ore
                    || old.category != x.category
                    || old.organisation_id != x.organisation_id
                    || old.month != x.month =>
            {
                found.push(format!(
                    "claim {n}: {} {} of {} changed after the claim was issued ({} → {})",
                    k.0,
                    k.1,
                    x.month,
                    from_ore(old.amount_ore.get()),
                    from_ore(x.amount_ore.get())
                ))
            }
            _ => {}
        }
    }
    for (k, x) in &then {
        if !current.contains_key(k) {
            found.push(format!(
                "claim {n}: {} {} of {} was removed after the claim was issued ({})",
                k.0,
                k.1,
                x.month,
                from_ore(x.amount_ore.get())
            ));
        }
    }
    found.sort();
    breaches.extend(found);
}

/// The claim's cumulative figures against the claims before it.
fn check_chain(
    c: &ClaimRow,
    n: i32,
    earlier: &ClaimFigures,
    requested_earlier: i64,
    period: &ClaimFigures,
    breaches: &mut Vec<String>,
) {
    let sums = (|| {
        let mut cumulative = *earlier;
        cumulative.add(period)?;
        Some((
            earlier.eligible()?,
            earlier.cofinancing()?,
            cumulative.eligible()?,
            cumulative.cofinancing()?,
        ))
    })();
    let Some((earlier_eligible, earlier_cofinancing, eligible, cofinancing)) = sums else {
        breaches.push(format!(
            "claim {n}: its cumulative figures overflow when added up"
        ));
        return;
    };
    if c.earlier_eligible_ore != Ore::new(earlier_eligible)
        || c.earlier_cofinancing_ore != Ore::new(earlier_cofinancing)
        || c.earlier_requested_ore != Ore::new(requested_earlier)
    {
        breaches.push(format!(
            "claim {n}: its cumulative start (eligible {}, co-financing {}, requested {}) does not follow the claims before it ({}, {}, {})",
            from_ore(c.earlier_eligible_ore.get()),
            from_ore(c.earlier_cofinancing_ore.get()),
            from_ore(c.earlier_requested_ore.get()),
            from_ore(earlier_eligible),
            from_ore(earlier_cofinancing),
            from_ore(requested_earlier)
        ));
    }
    let due = EsfBasis {
        support_rate: c.support_rate_ppm,
        total_eligible: Ore::new(eligible),
        cofinancing: Ore::new(cofinancing),
        approved_budget: c.approved_budget_ore,
    }
    .due_cumulative()
    .get();
    if due != c.esf_due_cumulative_ore.get()
        || c.esf_requested_ore.get() != due.saturating_sub(requested_earlier)
    {
        breaches.push(format!(
            "claim {n}: ESF due cumulative {} / requested {} do not follow from its figures ({} / {})",
            from_ore(c.esf_due_cumulative_ore.get()),
            from_ore(c.esf_requested_ore.get()),
            from_ore(due),
            from_ore(due.saturating_sub(requested_earlier))
        ));
    }
}
