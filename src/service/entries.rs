//! Premises, other direct costs and cash co-financing: entered by the organisation's
//! economists while the month is open; later corrections are adjustments in an open
//! month that reference the original and give a reason.

use crate::domain::entered::Entered;
use crate::domain::money::Ore;
use crate::domain::period::Date;
use crate::domain::premises::Area;

use super::audit::{self, Change};
use super::{authorize_found, expect_version, periods, scope_of, ChangedBy};
use crate::domain::access::{Action, Actor};
use crate::domain::names::Named;
use crate::domain::period::Month;
use crate::domain::premises::{self, PremisesCost};
use crate::domain::rate::Ppm;
use crate::domain::validation::{required_text, Violations};
use crate::error::{AppError, AppResult};
use crate::store::entries::{self as store, CashRow, CompensationRow, OtherCostRow, PremisesRow};
use crate::store::organisations::{self as orgs, OrganisationRow};
use crate::store::{projects, DbConnection};
use crate::views::entries::{
    Adjustment, CashCofinancing, CashInput, Compensation, CompensationInput, EntryQuery, OtherCost,
    OtherCostInput, Premises, PremisesInput, Versioned,
};
use crate::views::{Page, PageParams};

/// Amount rules: at most two decimals, within i64 öre, and negative only in an adjustment.
fn check_amount(v: &mut Violations, field: &str, amount: Entered<Ore>, adjustment: bool) -> i64 {
    let Some(ore) = v.check(field, amount.check().map(Ore::get)) else {
        return 0;
    };
    if ore < 0 && !adjustment {
        v.add(
            field,
            format!("{amount} is negative; only an adjustment may lower a total"),
        );
    }
    if ore == 0 {
        v.add(field, "must not be 0");
    }
    ore
}

fn check_adjustment(v: &mut Violations, adjustment: &Option<Adjustment>) -> Option<(i64, String)> {
    adjustment.as_ref().and_then(|a| {
        v.check("adjustment.reason", required_text(&a.reason, 500))
            .map(|r| (a.adjusts_id, r))
    })
}

/// The organisation, the actor's right to enter data for it, the month inside the
/// project and still open.
fn open_month_of(
    conn: &mut DbConnection,
    actor: &Actor,
    org_id: i64,
    month: Month,
) -> AppResult<OrganisationRow> {
    let missing = || {
        AppError::validation(
            "organisation_id",
            format!("no organisation {org_id} exists"),
        )
    };
    let org = orgs::find(conn, org_id)?.ok_or_else(missing)?;
    authorize_found(actor, Action::EnterData, &org, missing)?;
    let project = projects::get(conn)?
        .ok_or_else(|| AppError::conflict("project", "no project is configured yet"))?;
    if month.last_day() < project.start_date || month.first_day() > project.end_date {
        return Err(AppError::validation(
            "month",
            format!(
                "{month} is outside the project ({} to {})",
                project.start_date, project.end_date
            ),
        ));
    }
    periods::ensure_editable(conn, &org, month)?;
    Ok(org)
}

/// An adjustment must correct an entry of the same organisation whose month is closed.
fn check_original(
    conn: &mut DbConnection,
    org_id: i64,
    original: Option<(i64, Month)>,
    adjusts_id: i64,
) -> AppResult<()> {
    let (original_org, original_month) = original.ok_or_else(|| {
        AppError::validation(
            "adjustment.adjusts_id",
            format!("no entry {adjusts_id} of this kind exists"),
        )
    })?;
    if original_org != org_id {
        return Err(AppError::validation(
            "adjustment.adjusts_id",
            "the original belongs to another organisation",
        ));
    }
    let month = original_month;
    if periods::report_state(conn, org_id, month)?.is_editable() {
        return Err(AppError::validation(
            "adjustment.adjusts_id",
            format!("the original's month {month} is still open; change the entry itself"),
        ));
    }
    Ok(())
}

/// Corrections may lower an entry to zero, never below (issue 13.4): the original, its
/// other adjustments and `amount` (this adjustment's new amount; zero when it is being
/// deleted) must add up to zero or more.
fn check_corrected_total(
    field: &str,
    adjusts_id: i64,
    corrected: Option<(Ore, Vec<Ore>)>,
    amount: Ore,
) -> AppResult<()> {
    let Some((original, others)) = corrected else {
        return Ok(());
    };
    let so_far = Ore::checked_sum(std::iter::once(original).chain(others.iter().copied()))
        .ok_or_else(|| AppError::validation(field, "the corrections are too large to add up"))?;
    let total = so_far
        .checked_add(amount)
        .ok_or_else(|| AppError::validation(field, "the corrections are too large to add up"))?;
    if total < Ore::ZERO {
        return Err(AppError::validation(
            field,
            format!(
                "the corrections would take entry {adjusts_id} below zero: it stands at {so_far} SEK with its other corrections, and {amount} SEK makes {total} SEK"
            ),
        ));
    }
    Ok(())
}

fn adjustment_of(adjusts_id: Option<i64>, reason: Option<String>) -> Option<Adjustment> {
    adjusts_id.map(|id| Adjustment {
        adjusts_id: id,
        reason: reason.unwrap_or_default(),
    })
}

// ---- premises ----

fn premises_view(r: PremisesRow) -> AppResult<Premises> {
    Ok(Premises {
        id: r.id,
        amount: r.amount_ore,
        version: r.version,
        input: PremisesInput {
            organisation_id: r.organisation_id,
            month: r.month,
            description: r.description,
            monthly_cost: r.monthly_cost_ore.map(|c| Ore::new(c.get()).into()),
            area_m2: r.area_centi_m2.map(|a| Area::from_centi_m2(a).into()),
            annual_rent_per_m2: r.annual_rent_per_m2_ore.map(|c| Ore::new(c.get()).into()),
            share_percent: r.share_ppm.into(),
            financing: r.financing,
            adjustment: adjustment_of(r.adjusts_id, r.reason),
        },
    })
}

fn premises_row(
    conn: &mut DbConnection,
    actor: &Actor,
    input: &PremisesInput,
    id: i64,
    version: i64,
) -> AppResult<PremisesRow> {
    let mut v = Violations::new();
    let description = v.check("description", required_text(&input.description, 500));
    let adjusting = input.adjustment.is_some();
    let cost = match (input.monthly_cost, input.area_m2, input.annual_rent_per_m2) {
        (Some(c), None, None) => Some(PremisesCost::Monthly {
            cost_ore: check_amount(&mut v, "monthly_cost", c, adjusting),
        }),
        (None, Some(a), Some(r)) => {
            let area = v.check("area_m2", a.check().map(Area::centi_m2));
            let rent = check_amount(&mut v, "annual_rent_per_m2", r, adjusting);
            area.map(|area_centi_m2| PremisesCost::Area {
                area_centi_m2,
                annual_rent_per_m2_ore: rent,
            })
        }
        _ => {
            v.add(
                "monthly_cost",
                "give either the monthly cost, or the area with the annual rent per m²",
            );
            None
        }
    };
    let share = v.check("share_percent", input.share_percent.check().map(Ppm::get));
    if share == Some(0) {
        v.add("share_percent", "must be more than 0 %");
    }
    let adjustment = check_adjustment(&mut v, &input.adjustment);
    v.into_result()?;
    let (cost, share) = (
        cost.ok_or_else(|| AppError::Internal("cost".into()))?,
        share.unwrap_or_default(),
    );
    let amount = premises::amount(cost, Ppm::new(share))
        .map_err(|m| AppError::validation("monthly_cost", m))?
        .get();
    open_month_of(conn, actor, input.organisation_id, input.month)?;
    let description = description.unwrap_or_default();
    if let Some((adjusts, _)) = &adjustment {
        let original =
            store::premises_entries::find(conn, *adjusts)?.map(|o| (o.organisation_id, o.month));
        check_original(conn, input.organisation_id, original, *adjusts)?;
        check_corrected_total(
            "monthly_cost",
            *adjusts,
            store::premises_entries::corrected_without(conn, *adjusts, id)?,
            Ore::new(amount),
        )?;
    } else if store::premises_with_key(
        conn,
        input.organisation_id,
        input.month.to_key(),
        &description,
        input.financing.as_str(),
    )?
    .is_some_and(|other| other.id != id)
    {
        return Err(AppError::conflict(
            "description",
            format!(
                "premises '{description}' are already entered for {} with this financing; change that entry",
                input.month
            ),
        ));
    }
    let (monthly_cost_ore, area_centi_m2, annual_rent_per_m2_ore) = match cost {
        PremisesCost::Monthly { cost_ore } => (Some(cost_ore), None, None),
        PremisesCost::Area {
            area_centi_m2,
            annual_rent_per_m2_ore,
        } => (None, Some(area_centi_m2), Some(annual_rent_per_m2_ore)),
    };
    let now = crate::store::now();
    Ok(PremisesRow {
        id,
        organisation_id: input.organisation_id,
        month: input.month,
        description,
        monthly_cost_ore: monthly_cost_ore.map(Ore::new),
        area_centi_m2,
        annual_rent_per_m2_ore: annual_rent_per_m2_ore.map(Ore::new),
        share_ppm: Ppm::new(share),
        financing: input.financing,
        amount_ore: Ore::new(amount),
        adjusts_id: adjustment.as_ref().map(|a| a.0),
        reason: adjustment.map(|a| a.1),
        created_by: actor.user_id,
        version,
        created_at: now,
        updated_at: now,
    })
}

// ---- other costs ----

fn other_view(r: OtherCostRow) -> AppResult<OtherCost> {
    Ok(OtherCost {
        id: r.id,
        month: r.month,
        version: r.version,
        input: OtherCostInput {
            organisation_id: r.organisation_id,
            date: Date::from(r.cost_date),
            category: r.category,
            amount: r.amount_ore.into(),
            supplier: r.supplier,
            voucher_number: r.voucher_number,
            description: r.description,
            adjustment: adjustment_of(r.adjusts_id, r.reason),
        },
    })
}

pub(crate) fn other_row(
    conn: &mut DbConnection,
    actor: &Actor,
    input: &OtherCostInput,
    id: i64,
    version: i64,
) -> AppResult<OtherCostRow> {
    let mut v = Violations::new();
    let amount = check_amount(&mut v, "amount", input.amount, input.adjustment.is_some());
    let supplier = v.check("supplier", required_text(&input.supplier, 200));
    let voucher = v.check("voucher_number", required_text(&input.voucher_number, 60));
    let description = v.check("description", required_text(&input.description, 500));
    let adjustment = check_adjustment(&mut v, &input.adjustment);
    v.into_result()?;
    let month = Month::of(input.date.get());
    open_month_of(conn, actor, input.organisation_id, month)?;
    let voucher = voucher.unwrap_or_default();
    if store::id_with_voucher(conn, input.organisation_id, &voucher)?
        .is_some_and(|other| other != id)
    {
        return Err(AppError::conflict(
            "voucher_number",
            format!("voucher {voucher} is already entered for this organisation"),
        ));
    }
    if let Some((adjusts, _)) = &adjustment {
        let original =
            store::other_cost_entries::find(conn, *adjusts)?.map(|o| (o.organisation_id, o.month));
        check_original(conn, input.organisation_id, original, *adjusts)?;
        check_corrected_total(
            "amount",
            *adjusts,
            store::other_cost_entries::corrected_without(conn, *adjusts, id)?,
            Ore::new(amount),
        )?;
    }
    let now = crate::store::now();
    Ok(OtherCostRow {
        id,
        organisation_id: input.organisation_id,
        month,
        cost_date: input.date.get(),
        category: input.category,
        amount_ore: Ore::new(amount),
        supplier: supplier.unwrap_or_default(),
        voucher_number: voucher,
        description: description.unwrap_or_default(),
        adjusts_id: adjustment.as_ref().map(|a| a.0),
        reason: adjustment.map(|a| a.1),
        created_by: actor.user_id,
        version,
        created_at: now,
        updated_at: now,
    })
}

// ---- cash co-financing ----

fn cash_view(r: CashRow) -> AppResult<CashCofinancing> {
    Ok(CashCofinancing {
        id: r.id,
        version: r.version,
        input: CashInput {
            organisation_id: r.organisation_id,
            month: r.month,
            kind: r.kind,
            amount: r.amount_ore.into(),
            paid_by: r.paid_by,
            adjustment: adjustment_of(r.adjusts_id, r.reason),
        },
    })
}

fn cash_row(
    conn: &mut DbConnection,
    actor: &Actor,
    input: &CashInput,
    id: i64,
    version: i64,
) -> AppResult<CashRow> {
    let mut v = Violations::new();
    let amount = check_amount(&mut v, "amount", input.amount, input.adjustment.is_some());
    let paid_by = v.check("paid_by", required_text(&input.paid_by, 200));
    let adjustment = check_adjustment(&mut v, &input.adjustment);
    v.into_result()?;
    open_month_of(conn, actor, input.organisation_id, input.month)?;
    let paid_by = paid_by.unwrap_or_default();
    if let Some((adjusts, _)) = &adjustment {
        let original =
            store::cash_entries::find(conn, *adjusts)?.map(|o| (o.organisation_id, o.month));
        check_original(conn, input.organisation_id, original, *adjusts)?;
        check_corrected_total(
            "amount",
            *adjusts,
            store::cash_entries::corrected_without(conn, *adjusts, id)?,
            Ore::new(amount),
        )?;
    } else if store::cash_with_key(
        conn,
        input.organisation_id,
        input.month.to_key(),
        input.kind.as_str(),
        &paid_by,
    )?
    .is_some_and(|other| other.id != id)
    {
        return Err(AppError::conflict(
            "paid_by",
            format!(
                "{} from {paid_by} is already entered for {}; change that entry",
                input.kind.as_str(),
                input.month
            ),
        ));
    }
    let now = crate::store::now();
    Ok(CashRow {
        id,
        organisation_id: input.organisation_id,
        month: input.month,
        kind: input.kind,
        amount_ore: Ore::new(amount),
        paid_by,
        adjusts_id: adjustment.as_ref().map(|a| a.0),
        reason: adjustment.map(|a| a.1),
        created_by: actor.user_id,
        version,
        created_at: now,
        updated_at: now,
    })
}

// ---- participant compensation ----

fn compensation_view(r: CompensationRow) -> AppResult<Compensation> {
    Ok(Compensation {
        id: r.id,
        version: r.version,
        counted: r.certificate_confirmed,
        input: CompensationInput {
            organisation_id: r.organisation_id,
            enrolment_id: r.enrolment_id,
            month: r.month,
            kind: r.kind,
            amount: r.amount_ore.into(),
            payer: r.payer,
            certificate_confirmed: r.certificate_confirmed,
            adjustment: adjustment_of(r.adjusts_id, r.reason),
        },
    })
}

fn compensation_row(
    conn: &mut DbConnection,
    actor: &Actor,
    input: &CompensationInput,
    id: i64,
    version: i64,
) -> AppResult<CompensationRow> {
    // Who may enter data here comes before anything about the enrolment is read.
    let missing = || {
        AppError::validation(
            "organisation_id",
            format!("no organisation {} exists", input.organisation_id),
        )
    };
    let org = orgs::find(conn, input.organisation_id)?.ok_or_else(missing)?;
    authorize_found(actor, Action::EnterData, &org, missing)?;
    let mut v = Violations::new();
    let amount = check_amount(&mut v, "amount", input.amount, input.adjustment.is_some());
    let payer = v.check("payer", required_text(&input.payer, 200));
    // Without a confirmed certificate the compensation is recorded as pending and counts
    // nowhere (issue 13.17); a correction of a closed month changes counted figures, so
    // it needs the certificate.
    if !input.certificate_confirmed && input.adjustment.is_some() {
        v.add(
            "certificate_confirmed",
            "a correction counts at once, so it needs a confirmed attendance certificate (närvarointyg)",
        );
    }
    let adjustment = check_adjustment(&mut v, &input.adjustment);
    let enrolment = match crate::store::participants::find_enrolment(conn, input.enrolment_id)? {
        // An enrolment outside the actor's sight is one that does not exist to them.
        Some((e, p)) => match orgs::find(conn, e.organisation_id)? {
            Some(o) if actor.sees(&scope_of(&o)) => Some((e, p)),
            _ => None,
        },
        None => None,
    };
    match enrolment {
        None => v.add(
            "enrolment_id",
            format!("no enrolment {} exists", input.enrolment_id),
        ),
        Some((e, _)) if e.organisation_id != input.organisation_id => v.add(
            "enrolment_id",
            "the participant is enrolled in another municipality",
        ),
        Some((e, _)) => {
            let enrolled = crate::domain::participant::overlaps(
                (e.start_date, e.end_date),
                (input.month.first_day(), Some(input.month.last_day())),
            );
            if !enrolled {
                v.add(
                    "month",
                    format!("the participant is not enrolled in {}", input.month),
                );
            }
        }
    }
    v.into_result()?;
    open_month_of(conn, actor, input.organisation_id, input.month)?;
    if let Some((adjusts, _)) = &adjustment {
        let found = store::compensation_entries::find(conn, *adjusts)?;
        let original = found.as_ref().map(|o| (o.organisation_id, o.month));
        check_original(conn, input.organisation_id, original, *adjusts)?;
        // A pending original counts nothing: its corrections start from zero (booking its
        // amount as a confirmed correction is how a certificate that came after the
        // month closed is counted).
        let counted_from = store::compensation_entries::corrected_without(conn, *adjusts, id)?.map(
            |(amount, corrections)| match found.as_ref() {
                Some(o) if !o.certificate_confirmed => (Ore::ZERO, corrections),
                _ => (amount, corrections),
            },
        );
        check_corrected_total("amount", *adjusts, counted_from, Ore::new(amount))?;
    } else if store::compensation_with_key(
        conn,
        input.enrolment_id,
        input.month.to_key(),
        input.kind.as_str(),
    )?
    .is_some_and(|other| other.id != id)
    {
        return Err(AppError::conflict(
            "kind",
            format!(
                "{} for {} is already entered for this participant; change that entry",
                input.kind.as_str(),
                input.month
            ),
        ));
    }
    let now = crate::store::now();
    Ok(CompensationRow {
        id,
        enrolment_id: input.enrolment_id,
        organisation_id: input.organisation_id,
        month: input.month,
        kind: input.kind,
        amount_ore: Ore::new(amount),
        payer: payer.unwrap_or_default(),
        certificate_confirmed: input.certificate_confirmed,
        adjusts_id: adjustment.as_ref().map(|a| a.0),
        reason: adjustment.map(|a| a.1),
        created_by: actor.user_id,
        version,
        created_at: now,
        updated_at: now,
    })
}

/// create / get / list / replace / delete for one kind of entry, all with the same
/// scope, open-month and audit rules.
macro_rules! entry_service {
    ($module:ident, $store:ident, $input:ty, $view:ty, $entity:literal, $to_row:ident, $to_view:ident) => {
        pub mod $module {
            use super::*;

            pub fn create(
                conn: &mut DbConnection,
                actor: &Actor,
                input: $input,
            ) -> AppResult<$view> {
                conn.write_tx(|conn| create_in(conn, actor, input))
            }

            /// `create` inside the caller's transaction (imports apply many at once).
            pub(crate) fn create_in(
                conn: &mut DbConnection,
                actor: &Actor,
                input: $input,
            ) -> AppResult<$view> {
                {
                    let row = $to_row(conn, actor, &input, 0, 1)?;
                    let stored = store::$store::insert(conn, &row)?;
                    let (id, organisation_id) = (stored.id, stored.organisation_id);
                    let created = $to_view(stored)?;
                    audit::created(
                        conn,
                        &ChangedBy::of(actor),
                        Change::of($entity, id, organisation_id, "create"),
                        &created,
                    )?;
                    Ok(created)
                }
            }

            fn load(conn: &mut DbConnection, id: i64) -> AppResult<$view> {
                let row = store::$store::find(conn, id)?
                    .ok_or_else(|| AppError::NotFound(format!("no {} {id}", $entity)))?;
                $to_view(row)
            }

            fn load_scoped(
                conn: &mut DbConnection,
                actor: &Actor,
                id: i64,
                action: Action,
            ) -> AppResult<(OrganisationRow, Month)> {
                let missing = || AppError::NotFound(format!("no {} {id}", $entity));
                let row = store::$store::find(conn, id)?.ok_or_else(missing)?;
                let org = orgs::find(conn, row.organisation_id)?
                    .ok_or_else(|| AppError::Internal("entry without organisation".into()))?;
                authorize_found(actor, action, &org, missing)?;
                Ok((org, row.month))
            }

            pub fn get(conn: &mut DbConnection, actor: &Actor, id: i64) -> AppResult<$view> {
                load_scoped(conn, actor, id, Action::Read)?;
                load(conn, id)
            }

            pub fn list(
                conn: &mut DbConnection,
                actor: &Actor,
                q: EntryQuery,
            ) -> AppResult<Page<$view>> {
                let (limit, offset) = PageParams {
                    limit: q.limit,
                    offset: q.offset,
                }
                .resolve()?;
                // One organisation's entries, or without one the caller's whole scope.
                let root = crate::service::list_root(conn, actor, q.organisation_id, Action::Read)?;
                let (rows, total) = store::$store::list(
                    conn,
                    q.organisation_id.map(|_| root.id),
                    &root.path,
                    q.month.map(Month::to_key),
                    limit,
                    offset,
                )?;
                let items = rows.into_iter().map($to_view).collect::<AppResult<_>>()?;
                Ok(Page {
                    items,
                    total,
                    limit,
                    offset,
                })
            }

            /// Replaces the entry while its month (and the new month) is open.
            pub fn replace(
                conn: &mut DbConnection,
                actor: &Actor,
                id: i64,
                input: Versioned<$input>,
            ) -> AppResult<$view> {
                conn.write_tx(|conn| replace_in(conn, actor, id, input))
            }

            /// `replace` inside the caller's transaction.
            pub(crate) fn replace_in(
                conn: &mut DbConnection,
                actor: &Actor,
                id: i64,
                input: Versioned<$input>,
            ) -> AppResult<$view> {
                {
                    let (org, month) = load_scoped(conn, actor, id, Action::EnterData)?;
                    let org_id = org.id;
                    if input.entry.organisation_id != org_id {
                        return Err(AppError::validation(
                            "organisation_id",
                            "an entry cannot move to another organisation",
                        ));
                    }
                    periods::ensure_editable(conn, &org, month)?;
                    if store::$store::is_adjusted(conn, id)? {
                        return Err(AppError::conflict(
                            "id",
                            "the entry has adjustments referring to it",
                        ));
                    }
                    let before = load(conn, id)?;
                    let row = $to_row(conn, actor, &input.entry, id, input.version)?;
                    expect_version(
                        store::$store::update(conn, input.version, &row)?,
                        $entity,
                        input.version,
                    )?;
                    let after = load(conn, id)?;
                    audit::updated(
                        conn,
                        &ChangedBy::of(actor),
                        Change::of($entity, id, org_id, "update"),
                        &before,
                        &after,
                    )?;
                    Ok(after)
                }
            }

            pub fn delete(
                conn: &mut DbConnection,
                actor: &Actor,
                id: i64,
                version: i64,
            ) -> AppResult<()> {
                conn.write_tx(|conn| {
                    let (org, month) = load_scoped(conn, actor, id, Action::EnterData)?;
                    periods::ensure_editable(conn, &org, month)?;
                    if store::$store::is_adjusted(conn, id)? {
                        return Err(AppError::conflict(
                            "id",
                            "the entry has adjustments referring to it",
                        ));
                    }
                    let before = load(conn, id)?;
                    // Deleting an adjustment must not leave its original below zero.
                    if let Some(original) =
                        store::$store::find(conn, id)?.and_then(|r| r.adjusts_id)
                    {
                        check_corrected_total(
                            "id",
                            original,
                            store::$store::corrected_without(conn, original, id)?,
                            Ore::ZERO,
                        )?;
                    }
                    expect_version(store::$store::delete(conn, id, version)?, $entity, version)?;
                    audit::deleted(
                        conn,
                        &ChangedBy::of(actor),
                        Change::of($entity, id, org.id, "delete"),
                        &before,
                    )
                })
            }
        }
    };
}

entry_service!(
    premises_service,
    premises_entries,
    PremisesInput,
    Premises,
    "premises",
    premises_row,
    premises_view
);
entry_service!(
    other_cost_service,
    other_cost_entries,
    OtherCostInput,
    OtherCost,
    "other_cost",
    other_row,
    other_view
);
entry_service!(
    cash_service,
    cash_entries,
    CashInput,
    CashCofinancing,
    "cash_cofinancing",
    cash_row,
    cash_view
);
entry_service!(
    compensation_service,
    compensation_entries,
    CompensationInput,
    Compensation,
    "compensation",
    compensation_row,
    compensation_view
);

/// Issue 13.18: one premises line for every month from `from` to `to`, made in one
/// transaction through the same checks as a single entry (all or none). A month that
/// breaks a rule is named in the error; the `month` rules answer on `from`.
pub fn create_recurring(
    conn: &mut DbConnection,
    actor: &Actor,
    input: crate::views::entries::RecurringPremisesInput,
) -> AppResult<Vec<Premises>> {
    use crate::views::entries::MAX_RECURRING_MONTHS;
    let months: Vec<Month> = input.from.through(input.to).collect();
    if input.to < input.from {
        return Err(AppError::validation(
            "to",
            format!("{} is before from ({})", input.to, input.from),
        ));
    }
    if months.len() > MAX_RECURRING_MONTHS {
        return Err(AppError::validation(
            "to",
            format!(
                "{} to {} is {} months; a recurring line covers at most {MAX_RECURRING_MONTHS}",
                input.from,
                input.to,
                months.len()
            ),
        ));
    }
    conn.write_tx(|conn| {
        let mut made = Vec::with_capacity(months.len());
        for month in months {
            let one = PremisesInput {
                organisation_id: input.organisation_id,
                month,
                description: input.description.clone(),
                monthly_cost: input.monthly_cost,
                area_m2: input.area_m2,
                annual_rent_per_m2: input.annual_rent_per_m2,
                share_percent: input.share_percent,
                financing: input.financing,
                adjustment: None,
            };
            made.push(
                premises_service::create_in(conn, actor, one).map_err(|e| in_month(month, e))?,
            );
        }
        Ok(made)
    })
}

/// An error of one month's entry, as the recurring line's: a rule about the month (on
/// `month`, answered on `from`) or a conflict with what is entered says which month; the
/// others hold for every month and keep their words.
fn in_month(month: Month, e: AppError) -> AppError {
    let named = |message: String| {
        if message.contains(&month.to_string()) {
            message
        } else {
            format!("{month}: {message}")
        }
    };
    let on_from = |errors: Vec<crate::domain::validation::FieldError>, all: bool| {
        errors
            .into_iter()
            .map(|mut f| {
                if f.field == "month" || all {
                    if f.field == "month" {
                        f.field = "from".into();
                    }
                    f.message = named(f.message);
                }
                f
            })
            .collect::<Vec<_>>()
    };
    match e {
        AppError::Validation(v) => AppError::Validation(Violations(on_from(v.0, false))),
        AppError::Conflict { detail, errors } => AppError::Conflict {
            detail: named(detail),
            errors: on_from(errors, true),
        },
        other => other,
    }
}

/// The entries of an organisation's month, kind by kind (at most 1 000 of each), with
/// whether the month is open and whether the user enters the organisation's data.
pub fn of_month(
    conn: &mut DbConnection,
    actor: &Actor,
    organisation_id: i64,
    month: Month,
) -> AppResult<crate::views::entries::MonthEntries> {
    let q = || EntryQuery {
        organisation_id: Some(organisation_id),
        month: Some(month),
        limit: Some(1000),
        offset: None,
    };
    let premises = premises_service::list(conn, actor, q())?.items;
    let other_costs = other_cost_service::list(conn, actor, q())?.items;
    let cash = cash_service::list(conn, actor, q())?.items;
    let timesheets = super::timesheets::staff_month(conn, actor, Some(organisation_id), month)?
        .into_iter()
        .filter(|s| s.timesheet.is_some())
        .collect();
    let org = orgs::find(conn, organisation_id)?
        .ok_or_else(|| AppError::NotFound(format!("no organisation {organisation_id}")))?;
    let month_open = match periods::ensure_editable(conn, &org, month) {
        Ok(()) => true,
        Err(AppError::Conflict { .. }) => false,
        Err(e) => return Err(e),
    };
    Ok(crate::views::entries::MonthEntries {
        premises,
        other_costs,
        cash,
        timesheets,
        month_open,
        enters_data: crate::domain::access::authorize(actor, Action::EnterData, &scope_of(&org))
            .is_ok(),
    })
}
