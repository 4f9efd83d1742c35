//! What the ESF paid for a claim and its distribution (fördelning) among every
//! organisation with eligible costs in the claim, by the project's key, in öre by the
//! largest-remainder method. Each organisation reads its own part; regions read theirs
//! and their municipalities'; the owner reads all.

use crate::domain::entered::ShownPercent;
use crate::domain::money::Ore;
use std::collections::{BTreeMap, HashMap};

use rust_decimal::Decimal;

use super::audit::{self, Change};
use super::claims::{load, owner};
use super::ChangedBy;
use crate::domain::access::{authorize_project, Action, Actor};
use crate::domain::distribution::{largest_remainder, Basis};
use crate::domain::money;
use crate::domain::project::DistributionKey;
use crate::error::{AppError, AppResult};
use crate::store::claims::{self as store, ClaimRow, FiguresRow, PaymentRow};
use crate::store::organisations as orgs;
use crate::store::DbConnection;
use crate::views::claims::OrganisationFigures;
use crate::views::payments::{Distribution, Part, Payment, PaymentInput, RegionPart, Statement};
use crate::views::Render;

fn payment_view(row: &PaymentRow, claim: &ClaimRow) -> Payment {
    Payment {
        claim_id: claim.id,
        claim_number: claim.number.unwrap_or_default(),
        amount: row.amount_ore,
        requested: claim.esf_requested_ore,
        paid_on: row.paid_on,
        recorded_by: row.recorded_by,
        recorded_at: row.recorded_at.and_utc(),
    }
}

/// Each organisation's basis by the claim's key, ordered by code. Only organisations
/// with eligible costs in the claim take part (a period of only corrections gives none);
/// one whose key amount is not positive (in kind only, under the direct-cash key) takes
/// part with a basis of zero.
fn bases(claim: &ClaimRow, rows: &[FiguresRow]) -> AppResult<Vec<(i64, Basis)>> {
    let key = claim.distribution_key;
    let overflow = || AppError::Internal("a claim's stored figures overflow".into());
    let mut out: Vec<(i64, Basis)> = Vec::with_capacity(rows.len());
    for r in rows {
        let f = r.figures();
        let eligible = f.eligible().ok_or_else(overflow)?;
        if eligible <= 0 {
            continue;
        }
        let basis_ore = match key {
            DistributionKey::TotalEligible => eligible,
            DistributionKey::DirectCash => f.direct_cash().ok_or_else(overflow)?.max(0),
        };
        let code = r.code.clone();
        out.push((r.organisation_id, Basis { code, basis_ore }));
    }
    out.sort_by(|a, b| a.1.code.as_bytes().cmp(b.1.code.as_bytes()));
    Ok(out)
}

fn live_paths(conn: &mut DbConnection) -> AppResult<HashMap<i64, String>> {
    let root = owner(conn)?;
    Ok(orgs::subtree(conn, &root.path)?
        .into_iter()
        .map(|o| (o.id, o.path))
        .collect())
}

/// Records what the ESF paid for an issued claim and distributes it, in one step.
pub fn record_payment(
    conn: &mut DbConnection,
    actor: &Actor,
    claim_id: i64,
    input: PaymentInput,
) -> AppResult<Distribution> {
    authorize_project(actor, Action::MakeClaims)?;
    let amount = input
        .amount
        .check()
        .map(Ore::get)
        .map_err(|m| AppError::validation("amount", m))?;
    if amount < 0 {
        return Err(AppError::validation(
            "amount",
            format!("{} is negative; a payment is 0 or more", input.amount),
        ));
    }
    conn.write_tx(|conn| {
        let c = load(conn, claim_id)?;
        let Some(number) = c.number else {
            return Err(AppError::conflict(
                "claim",
                format!("claim {claim_id} is a draft; only an issued claim is paid"),
            ));
        };
        if store::payment(conn, claim_id)?.is_some() {
            return Err(AppError::conflict(
                "claim",
                format!("the payment of claim {number} is already recorded"),
            ));
        }
        if amount > c.esf_requested_ore.get() {
            return Err(AppError::validation(
                "amount",
                format!(
                    "{} is more than claim {number} requested ({})",
                    input.amount,
                    money::from_ore(c.esf_requested_ore.get())
                ),
            ));
        }
        // Issue 13.16: the money comes after the claim was sent (a historical claim's
        // own day, not the day it was recorded here).
        if let Some(sent) = c.sent_on.or(c.issued_at.map(|t| t.date())) {
            if input.paid_on.get() < sent {
                return Err(AppError::validation(
                    "paid_on",
                    format!(
                        "{} is before claim {number} was sent ({sent})",
                        input.paid_on
                    ),
                ));
            }
        }
        if input.paid_on.get() > chrono::Utc::now().date_naive() {
            return Err(AppError::validation(
                "paid_on",
                format!("{} is in the future", input.paid_on),
            ));
        }
        let rows = store::figures(conn, claim_id)?;
        let bases = bases(&c, &rows)?;
        let only: Vec<Basis> = bases.iter().map(|(_, b)| b.clone()).collect();
        let parts = largest_remainder(amount, &only).map_err(|m| {
            AppError::conflict(
                "claim",
                format!("claim {number} cannot be distributed: {m}"),
            )
        })?;
        let rows: Vec<(i64, i64, i64)> = bases
            .iter()
            .zip(&parts)
            .map(|((org, b), part)| (*org, b.basis_ore, *part))
            .collect();
        let payment_id = store::insert_payment(
            conn,
            claim_id,
            amount,
            input.paid_on.get(),
            actor.user_id,
            &rows,
        )?;
        let root = owner(conn)?;
        audit::created(
            conn,
            &ChangedBy::of(actor),
            Change::of("payment", payment_id, root.id, "record_payment"),
            &(claim_id, money::from_ore(amount), input.paid_on),
        )?;
        build(conn, &c, &root.path)
    })
}

/// The distribution of the claim's payment as seen from `scope_path`: who is in scope
/// is decided by today's tree; codes, names and regions are the claim's own.
fn build(conn: &mut DbConnection, c: &ClaimRow, scope_path: &str) -> AppResult<Distribution> {
    let number = c.number.unwrap_or_default();
    let payment = store::payment(conn, c.id)?.ok_or_else(|| {
        AppError::conflict(
            "claim",
            format!("no payment is recorded for claim {number}; record what the ESF paid first"),
        )
    })?;
    let paths = live_paths(conn)?;
    let who: HashMap<i64, FiguresRow> = store::figures(conn, c.id)?
        .into_iter()
        .map(|r| (r.organisation_id, r))
        .collect();
    let rows = store::parts(conn, payment.id)?;
    let total = Ore::checked_sum(rows.iter().map(|r| r.basis_ore))
        .ok_or_else(|| AppError::Internal("the distribution's basis overflows".into()))?
        .get();
    let mut parts = Vec::new();
    // region code → (own part, municipalities' part, basis)
    let mut regions: BTreeMap<String, (i64, i64, i64)> = BTreeMap::new();
    for r in &rows {
        let in_scope = paths
            .get(&r.organisation_id)
            .is_some_and(|p| p.starts_with(scope_path));
        let Some(o) = who.get(&r.organisation_id).filter(|_| in_scope) else {
            continue;
        };
        if let Some(region) = &o.region_code {
            let e = regions.entry(region.clone()).or_default();
            // Parts add up to the payment and bases to `total`, both held in i64 öre.
            let overflow = || AppError::Internal("the distribution's parts overflow".into());
            let slot = if region == &o.code {
                &mut e.0
            } else {
                &mut e.1
            };
            *slot = slot.checked_add(r.part_ore.get()).ok_or_else(overflow)?;
            e.2 = e.2.checked_add(r.basis_ore.get()).ok_or_else(overflow)?;
        }
        parts.push(Part {
            organisation_id: o.organisation_id,
            code: o.code.clone(),
            name: o.name.clone(),
            region_code: o.region_code.clone(),
            basis: r.basis_ore,
            share_percent: ShownPercent::new(share_percent(r.basis_ore.get(), total)),
            part: r.part_ore,
        });
    }
    parts.sort_by(|a, b| a.code.as_bytes().cmp(b.code.as_bytes()));
    let mut region_parts = Vec::with_capacity(regions.len());
    for (code, (own, municipalities, basis)) in regions {
        let (id, name) = match who.values().find(|r| r.code == code) {
            Some(r) => (r.organisation_id, r.name.clone()),
            None => orgs::find_by_code(conn, &code)?
                .map(|o| (o.id, o.name))
                .unwrap_or((0, code.clone())),
        };
        region_parts.push(RegionPart {
            organisation_id: id,
            code,
            name,
            own_part: Ore::new(own),
            municipalities_part: Ore::new(municipalities),
            basis: Ore::new(basis),
            part: Ore::new(
                own.checked_add(municipalities).ok_or_else(|| {
                    AppError::Internal("the distribution's parts overflow".into())
                })?,
            ),
        });
    }
    Ok(Distribution {
        claim_id: c.id,
        claim_number: number,
        from: c.first_month,
        to: c.last_month,
        key: c.distribution_key,
        payment: payment_view(&payment, c),
        total_basis: Ore::new(total),
        regions: region_parts,
        organisations: parts,
    })
}

fn share_percent(basis: i64, total: i64) -> Decimal {
    crate::domain::rate::percent_of(basis, total, 4).unwrap_or(Decimal::ZERO)
}

/// The distribution within the reader's part of the tree.
pub fn distribution(
    conn: &mut DbConnection,
    actor: &Actor,
    claim_id: i64,
) -> AppResult<Distribution> {
    let c = load(conn, claim_id)?;
    if c.number.is_none() {
        return Err(AppError::conflict(
            "claim",
            format!("claim {claim_id} is a draft; it has no payment to distribute"),
        ));
    }
    build(conn, &c, &actor.organisation_path)
}

pub fn get_payment(conn: &mut DbConnection, actor: &Actor, claim_id: i64) -> AppResult<Payment> {
    let d = distribution(conn, actor, claim_id)?;
    Ok(d.payment)
}

/// One organisation's statement (its own users, its region's, the owner's).
pub fn statement(
    conn: &mut DbConnection,
    actor: &Actor,
    claim_id: i64,
    organisation_id: Option<i64>,
) -> AppResult<Statement> {
    let org = super::list_root(
        conn,
        actor,
        organisation_id,
        crate::domain::access::Action::Read,
    )?;
    let d = distribution(conn, actor, claim_id)?;
    let c = load(conn, claim_id)?;
    let part = d
        .organisations
        .iter()
        .find(|p| p.organisation_id == org.id)
        .cloned()
        .ok_or_else(|| {
            AppError::NotFound(format!(
                "{} had no eligible costs in claim {} and takes no part of its payment",
                org.name, d.claim_number
            ))
        })?;
    let row = store::figures(conn, c.id)?
        .into_iter()
        .find(|r| r.organisation_id == org.id)
        .ok_or_else(|| AppError::Internal(format!("claim {} lost {}", c.id, org.name)))?;
    let key_words = d.key.basis_words();
    use crate::domain::swedish::{kronor, share};
    let explanation = format!(
        "ESF betalade {} för ansökan nr {} ({}) den {}. Beloppet fördelas efter andel av {key_words}: {} hade {} av sammanlagt {} ({}) och får {}.",
        kronor(d.payment.amount),
        d.claim_number,
        d.from.run_in_words(d.to),
        d.payment.paid_on,
        org.name,
        kronor(part.basis),
        kronor(d.total_basis),
        share(part.share_percent),
        kronor(part.part)
    );
    Ok(Statement {
        claim_number: d.claim_number,
        from: d.from,
        to: d.to,
        key: d.key,
        payment: d.payment.clone(),
        total_basis: d.total_basis,
        figures: OrganisationFigures::of(&row)?,
        part,
        explanation,
    })
}

/// The distribution as a workbook with a chart of the shares.
pub fn export_distribution(
    conn: &mut DbConnection,
    actor: &Actor,
    claim_id: i64,
    render: Render<Distribution>,
) -> AppResult<(Vec<u8>, String)> {
    let d = distribution(conn, actor, claim_id)?;
    let bytes = render(&d)?;
    Ok((bytes, format!("fordelning-ansokan-{}.xlsx", d.claim_number)))
}

/// One organisation's statement as a one-page workbook.
pub fn export_statement(
    conn: &mut DbConnection,
    actor: &Actor,
    claim_id: i64,
    organisation_id: Option<i64>,
    render: Render<Statement>,
) -> AppResult<(Vec<u8>, String)> {
    let s = statement(conn, actor, claim_id, organisation_id)?;
    let bytes = render(&s)?;
    Ok((
        bytes,
        format!("besked-ansokan-{}-{}.xlsx", s.claim_number, s.part.code),
    ))
}

/// The payments received, newest claim first, for every signed-in user: the claim and
/// what the ESF paid (each user then reads their own part of the distribution).
pub fn received(
    conn: &mut DbConnection,
    _actor: &Actor,
) -> AppResult<Vec<crate::views::payments::Received>> {
    let claims: HashMap<i64, crate::store::claims::ClaimRow> =
        store::list(conn)?.into_iter().map(|c| (c.id, c)).collect();
    let mut out: Vec<crate::views::payments::Received> = store::all_payments(conn)?
        .into_iter()
        .filter_map(|p| {
            let c = claims.get(&p.claim_id)?;
            Some(crate::views::payments::Received {
                claim_id: c.id,
                claim_number: c.number.unwrap_or_default(),
                from: c.first_month,
                to: c.last_month,
                requested: c.esf_requested_ore,
                amount: p.amount_ore,
                paid_on: p.paid_on,
            })
        })
        .collect();
    out.sort_by_key(|r| std::cmp::Reverse(r.claim_number));
    Ok(out)
}
