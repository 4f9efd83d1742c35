//! ESF payment claims: the claim rows, their frozen figures and lines, the entry lines
//! behind a run of months (for drafts and for checking issued claims), payments and
//! their distribution.

use crate::domain::money::Ore;
use crate::domain::period::Month;
use crate::domain::rate::Ppm;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::BigInt;

use super::schema::claim_budgets::dsl as cb;
use super::schema::claim_figures::{self, dsl as f};
use super::schema::claim_lines::{self, dsl as l};
use super::schema::claims::{self, dsl as c};
use super::schema::distribution_parts::{self, dsl as d};
use super::schema::imports::dsl as im;
use super::schema::monthly_reports::dsl as r;
use super::schema::payments::{self, dsl as p};
use super::{DbConnection, StoreError};
use crate::domain::claim::{Category, ClaimFigures, ClaimState, LineSource};
use crate::domain::entry::{CashKind, CompensationKind, Funding, OtherCategory, PremisesFinancing};
use crate::domain::names::Named;
use crate::domain::project::DistributionKey;
use crate::domain::project::IndirectBase;
use crate::domain::workflow::{ReportState, TimesheetState};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = claims)]
pub struct ClaimRow {
    pub id: i64,
    pub number: Option<i32>,
    pub state: ClaimState,
    pub first_month: Month,
    pub last_month: Month,
    pub support_rate_ppm: Ppm,
    pub approved_budget_ore: Ore,
    pub indirect_rate_ppm: Ppm,
    pub indirect_base: IndirectBase,
    pub distribution_key: DistributionKey,
    pub earlier_eligible_ore: Ore,
    pub earlier_cofinancing_ore: Ore,
    pub earlier_requested_ore: Ore,
    pub esf_due_cumulative_ore: Ore,
    pub esf_requested_ore: Ore,
    pub lines_sha256: String,
    pub created_by: i64,
    pub created_at: NaiveDateTime,
    pub computed_at: NaiveDateTime,
    pub issued_by: Option<i64>,
    pub issued_at: Option<NaiveDateTime>,
    pub version: i64,
    /// The day the claim was sent to the ESF (set when it is issued).
    pub sent_on: Option<chrono::NaiveDate>,
}

/// The computed part of a claim (everything but identity, state and authorship).
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = claims)]
pub struct Computed {
    pub support_rate_ppm: i64,
    pub approved_budget_ore: i64,
    pub indirect_rate_ppm: i64,
    pub indirect_base: IndirectBase,
    pub distribution_key: DistributionKey,
    pub earlier_eligible_ore: i64,
    pub earlier_cofinancing_ore: i64,
    pub earlier_requested_ore: i64,
    pub esf_due_cumulative_ore: i64,
    pub esf_requested_ore: i64,
    pub computed_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = claim_figures)]
pub struct FiguresRow {
    pub claim_id: i64,
    pub organisation_id: i64,
    pub staff_ore: Ore,
    pub services_ore: Ore,
    pub premises_ore: Ore,
    pub travel_ore: Ore,
    pub materials_ore: Ore,
    pub indirect_ore: Ore,
    pub in_kind_ore: Ore,
    pub participant_compensation_ore: Ore,
    pub public_cash_ore: Ore,
    pub owner_cash_ore: Ore,
    /// The organisation as it was when the claim was computed.
    pub code: String,
    pub name: String,
    pub region_code: Option<String>,
}

/// Who an organisation was when a claim was computed: code, name, region's code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgSnapshot {
    pub code: String,
    pub name: String,
    pub region_code: Option<String>,
}

impl FiguresRow {
    pub fn new(claim_id: i64, organisation_id: i64, x: &ClaimFigures, who: OrgSnapshot) -> Self {
        FiguresRow {
            claim_id,
            organisation_id,
            code: who.code,
            name: who.name,
            region_code: who.region_code,
            staff_ore: Ore::new(x.staff),
            services_ore: Ore::new(x.services),
            premises_ore: Ore::new(x.premises),
            travel_ore: Ore::new(x.travel),
            materials_ore: Ore::new(x.materials),
            indirect_ore: Ore::new(x.indirect),
            in_kind_ore: Ore::new(x.in_kind),
            participant_compensation_ore: Ore::new(x.participant_compensation),
            public_cash_ore: Ore::new(x.public_cash),
            owner_cash_ore: Ore::new(x.owner_cash),
        }
    }

    pub fn figures(&self) -> ClaimFigures {
        ClaimFigures {
            staff: self.staff_ore.get(),
            services: self.services_ore.get(),
            premises: self.premises_ore.get(),
            travel: self.travel_ore.get(),
            materials: self.materials_ore.get(),
            indirect: self.indirect_ore.get(),
            in_kind: self.in_kind_ore.get(),
            participant_compensation: self.participant_compensation_ore.get(),
            public_cash: self.public_cash_ore.get(),
            owner_cash: self.owner_cash_ore.get(),
        }
    }
}

/// One entry behind a claim figure.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = claim_lines)]
pub struct LineRow {
    pub category: Category,
    pub organisation_id: i64,
    pub month: Month,
    pub source: LineSource,
    pub source_id: i64,
    pub subject: String,
    pub amount_ore: Ore,
    pub import_file: Option<String>,
    pub import_row: Option<i32>,
}

#[derive(Insertable)]
#[diesel(table_name = claim_lines)]
struct NewLine<'a> {
    claim_id: i64,
    category: Category,
    organisation_id: i64,
    month: Month,
    source: LineSource,
    source_id: i64,
    subject: &'a str,
    amount_ore: Ore,
    import_file: Option<&'a str>,
    import_row: Option<i32>,
}

/// Which lines to list.
#[derive(Debug, Clone, Default)]
pub struct LineFilter {
    pub category: Option<Category>,
    pub organisation_id: Option<i64>,
}

pub fn find(conn: &mut DbConnection, id: i64) -> Result<Option<ClaimRow>, StoreError> {
    Ok(c::claims
        .find(id)
        .select(ClaimRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn list(conn: &mut DbConnection) -> Result<Vec<ClaimRow>, StoreError> {
    Ok(c::claims
        .order((c::first_month.asc(), c::id.asc()))
        .select(ClaimRow::as_select())
        .load(conn)?)
}

/// Issued claims in number order.
pub fn issued(conn: &mut DbConnection) -> Result<Vec<ClaimRow>, StoreError> {
    Ok(c::claims
        .filter(c::state.eq(ClaimState::Issued))
        .order(c::number.asc())
        .select(ClaimRow::as_select())
        .load(conn)?)
}

/// Drafts whose months overlap `first..=last`.
pub fn overlapping_drafts(
    conn: &mut DbConnection,
    first: i32,
    last: i32,
) -> Result<Vec<ClaimRow>, StoreError> {
    Ok(c::claims
        .filter(c::state.eq(ClaimState::Draft))
        .filter(c::first_month.le(last))
        .filter(c::last_month.ge(first))
        .select(ClaimRow::as_select())
        .load(conn)?)
}

pub fn insert(conn: &mut DbConnection, row: &ClaimRow) -> Result<i64, StoreError> {
    Ok(diesel::insert_into(c::claims)
        .values((
            c::state.eq(&row.state),
            c::first_month.eq(row.first_month),
            c::last_month.eq(row.last_month),
            c::support_rate_ppm.eq(row.support_rate_ppm),
            c::approved_budget_ore.eq(row.approved_budget_ore),
            c::indirect_rate_ppm.eq(row.indirect_rate_ppm),
            c::indirect_base.eq(&row.indirect_base),
            c::distribution_key.eq(&row.distribution_key),
            c::earlier_eligible_ore.eq(row.earlier_eligible_ore),
            c::earlier_cofinancing_ore.eq(row.earlier_cofinancing_ore),
            c::earlier_requested_ore.eq(row.earlier_requested_ore),
            c::esf_due_cumulative_ore.eq(row.esf_due_cumulative_ore),
            c::esf_requested_ore.eq(row.esf_requested_ore),
            c::lines_sha256.eq(&row.lines_sha256),
            c::created_by.eq(row.created_by),
            c::created_at.eq(row.created_at),
            c::computed_at.eq(row.computed_at),
            c::version.eq(1),
        ))
        .returning(c::id)
        .get_result(conn)?)
}

/// Stores a recomputation of a draft if it is still at `version`.
pub fn update_draft(
    conn: &mut DbConnection,
    id: i64,
    version: i64,
    computed: &Computed,
) -> Result<bool, StoreError> {
    let n = diesel::update(
        c::claims
            .filter(c::id.eq(id))
            .filter(c::state.eq(ClaimState::Draft))
            .filter(c::version.eq(version)),
    )
    .set((computed, c::version.eq(super::next_version(version))))
    .execute(conn)?;
    Ok(n == 1)
}

/// Issues the draft as `number` if it is still a draft at `version`.
pub fn mark_issued(
    conn: &mut DbConnection,
    id: i64,
    version: i64,
    number: i32,
    lines_sha256: &str,
    by: i64,
    sent_on: chrono::NaiveDate,
) -> Result<bool, StoreError> {
    let n = diesel::update(
        c::claims
            .filter(c::id.eq(id))
            .filter(c::state.eq(ClaimState::Draft))
            .filter(c::version.eq(version)),
    )
    .set((
        c::state.eq(ClaimState::Issued),
        c::number.eq(Some(number)),
        c::lines_sha256.eq(lines_sha256),
        c::issued_by.eq(Some(by)),
        c::issued_at.eq(Some(super::now())),
        c::sent_on.eq(Some(sent_on)),
        c::version.eq(super::next_version(version)),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

pub fn delete_draft(conn: &mut DbConnection, id: i64, version: i64) -> Result<bool, StoreError> {
    diesel::delete(f::claim_figures.filter(f::claim_id.eq(id))).execute(conn)?;
    diesel::delete(cb::claim_budgets.filter(cb::claim_id.eq(id))).execute(conn)?;
    let n = diesel::delete(
        c::claims
            .filter(c::id.eq(id))
            .filter(c::state.eq(ClaimState::Draft))
            .filter(c::version.eq(version)),
    )
    .execute(conn)?;
    Ok(n == 1)
}

/// Holds the project row until the transaction ends, so that claim writers on any
/// number of server instances run one after the other.
pub fn lock_claims(conn: &mut DbConnection) -> Result<(), StoreError> {
    use super::schema::projects::dsl as pr;
    diesel::update(pr::projects.filter(pr::id.eq(super::projects::PROJECT_ID)))
        .set(pr::last_claim_number.eq(pr::last_claim_number))
        .execute(conn)?;
    Ok(())
}

/// Takes the next claim number. The update also holds the project row until the
/// transaction ends, so issuers on any number of server instances queue up here.
pub fn take_claim_number(conn: &mut DbConnection) -> Result<i32, StoreError> {
    use super::schema::projects::dsl as pr;
    diesel::update(pr::projects.filter(pr::id.eq(super::projects::PROJECT_ID)))
        .set(pr::last_claim_number.eq(pr::last_claim_number + 1))
        .execute(conn)?;
    Ok(pr::projects
        .filter(pr::id.eq(super::projects::PROJECT_ID))
        .select(pr::last_claim_number)
        .first(conn)?)
}

pub fn replace_figures(
    conn: &mut DbConnection,
    claim_id: i64,
    rows: &[FiguresRow],
) -> Result<(), StoreError> {
    diesel::delete(f::claim_figures.filter(f::claim_id.eq(claim_id))).execute(conn)?;
    crate::insert_batch!(conn, f::claim_figures, rows, 500)?;
    Ok(())
}

pub fn figures(conn: &mut DbConnection, claim_id: i64) -> Result<Vec<FiguresRow>, StoreError> {
    Ok(f::claim_figures
        .filter(f::claim_id.eq(claim_id))
        .order(f::organisation_id.asc())
        .select(FiguresRow::as_select())
        .load(conn)?)
}

/// Figures of every issued claim numbered below `number`, summed (for the cumulative
/// columns), and what they requested.
pub fn earlier_totals(
    conn: &mut DbConnection,
    before_number: Option<i32>,
) -> Result<(ClaimFigures, i64), StoreError> {
    // Summed by the database, which refuses a sum past BIGINT (SQLite's integer SUM
    // and PostgreSQL's CAST both raise an error) rather than wrapping.
    let total =
        |column: &str| sql::<BigInt>(&format!("CAST(COALESCE(SUM({column}), 0) AS BIGINT)"));
    let mut q = f::claim_figures
        .inner_join(c::claims.on(c::id.eq(f::claim_id)))
        .filter(c::state.eq(ClaimState::Issued))
        .select((
            total("claim_figures.staff_ore"),
            total("claim_figures.services_ore"),
            total("claim_figures.premises_ore"),
            total("claim_figures.travel_ore"),
            total("claim_figures.materials_ore"),
            total("claim_figures.indirect_ore"),
            total("claim_figures.in_kind_ore"),
            total("claim_figures.participant_compensation_ore"),
            total("claim_figures.public_cash_ore"),
            total("claim_figures.owner_cash_ore"),
        ))
        .into_boxed();
    let mut r = c::claims
        .filter(c::state.eq(ClaimState::Issued))
        .select(sql::<BigInt>(
            "CAST(COALESCE(SUM(esf_requested_ore), 0) AS BIGINT)",
        ))
        .into_boxed();
    if let Some(n) = before_number {
        q = q.filter(c::number.lt(n));
        r = r.filter(c::number.lt(n));
    }
    type Sums = (i64, i64, i64, i64, i64, i64, i64, i64, i64, i64);
    let (staff, services, premises, travel, materials, indirect, in_kind, pc, public, owner): Sums =
        q.first(conn)?;
    let sum = ClaimFigures {
        staff,
        services,
        premises,
        travel,
        materials,
        indirect,
        in_kind,
        participant_compensation: pc,
        public_cash: public,
        owner_cash: owner,
    };
    Ok((sum, r.first(conn)?))
}

pub fn insert_lines(
    conn: &mut DbConnection,
    claim_id: i64,
    lines: &[LineRow],
) -> Result<(), StoreError> {
    let rows: Vec<NewLine> = lines
        .iter()
        .map(|x| NewLine {
            claim_id,
            category: x.category,
            organisation_id: x.organisation_id,
            month: x.month,
            source: x.source,
            source_id: x.source_id,
            subject: &x.subject,
            amount_ore: x.amount_ore,
            import_file: x.import_file.as_deref(),
            import_row: x.import_row,
        })
        .collect();
    // 3 000 rows × 10 columns stays under both backends' limit on bound parameters.
    crate::insert_batch!(conn, l::claim_lines, rows, 3000)?;
    Ok(())
}

/// The frozen lines of an issued claim, in the order they were stored.
pub fn frozen_lines(
    conn: &mut DbConnection,
    claim_id: i64,
    filter: &LineFilter,
    limit: i64,
    offset: i64,
) -> Result<Vec<LineRow>, StoreError> {
    let mut q = l::claim_lines
        .filter(l::claim_id.eq(claim_id))
        .order(l::id.asc())
        .select(LineRow::as_select())
        .into_boxed();
    if let Some(cat) = filter.category {
        q = q.filter(l::category.eq(cat.as_str()));
    }
    if let Some(org) = filter.organisation_id {
        q = q.filter(l::organisation_id.eq(org));
    }
    Ok(q.limit(limit).offset(offset).load(conn)?)
}

/// Sums of the frozen lines per organisation and category.
pub fn frozen_sums(
    conn: &mut DbConnection,
    claim_id: i64,
) -> Result<Vec<(i64, Category, i64)>, StoreError> {
    Ok(l::claim_lines
        .filter(l::claim_id.eq(claim_id))
        .group_by((l::organisation_id, l::category))
        .select((
            l::organisation_id,
            l::category,
            sql::<BigInt>("CAST(SUM(amount_ore) AS BIGINT)"),
        ))
        .load(conn)?)
}

fn wants(filter: &LineFilter, categories: &[Category]) -> bool {
    filter.category.is_none_or(|c| categories.contains(&c))
}

/// The entries behind the figures of months `first..=last` as they stand now, in the
/// order organisation, month, source. Indirect costs are not entries (see the service).
pub fn entry_lines(
    conn: &mut DbConnection,
    first: i32,
    last: i32,
    filter: &LineFilter,
) -> Result<Vec<LineRow>, StoreError> {
    let mut out = Vec::new();
    if wants(filter, &[Category::Staff, Category::InKind]) {
        timesheet_lines(conn, first, last, filter, &mut out)?;
    }
    if wants(filter, &[Category::Premises, Category::InKind]) {
        premises_lines(conn, first, last, filter, &mut out)?;
    }
    if wants(
        filter,
        &[Category::Services, Category::Travel, Category::Materials],
    ) {
        other_cost_lines(conn, first, last, filter, &mut out)?;
    }
    if wants(filter, &[Category::PublicCash, Category::OwnerCash]) {
        cash_lines(conn, first, last, filter, &mut out)?;
    }
    if wants(filter, &[Category::ParticipantCompensation]) {
        compensation_lines(conn, first, last, filter, &mut out)?;
    }
    if let Some(cat) = filter.category {
        out.retain(|x| x.category == cat);
    }
    out.sort_by(|a, b| {
        (
            a.organisation_id,
            a.month,
            a.category.as_str(),
            a.source.as_str(),
            a.source_id,
        )
            .cmp(&(
                b.organisation_id,
                b.month,
                b.category.as_str(),
                b.source.as_str(),
                b.source_id,
            ))
    });
    Ok(out)
}

/// id, organisation, month, funding, staff name, employee number, amount, file, row.
type TimesheetSource = (
    i64,
    i64,
    Month,
    Funding,
    String,
    String,
    Option<i64>,
    Option<String>,
    Option<i32>,
);

fn timesheet_lines(
    conn: &mut DbConnection,
    first: i32,
    last: i32,
    filter: &LineFilter,
    out: &mut Vec<LineRow>,
) -> Result<(), StoreError> {
    use super::schema::staff::dsl as s;
    use super::schema::timesheet_adjustments::dsl as a;
    use super::schema::timesheets::dsl as t;
    let mut q = t::timesheets
        .inner_join(s::staff.on(s::id.eq(t::staff_id)))
        .left_join(im::imports.on(t::import_id.eq(im::id.nullable())))
        .filter(t::month.between(first, last))
        .filter(t::state.eq(TimesheetState::Attested))
        .select((
            t::id,
            t::organisation_id,
            t::month,
            t::funding,
            s::name,
            s::employee_number,
            t::cost_ore,
            im::file_name.nullable(),
            t::import_row,
        ))
        .into_boxed();
    let mut qa = a::timesheet_adjustments
        .inner_join(s::staff.on(s::id.eq(a::staff_id)))
        .filter(a::month.between(first, last))
        .filter(a::state.eq(TimesheetState::Attested))
        .select((
            a::id,
            a::organisation_id,
            a::month,
            a::funding,
            s::name,
            s::employee_number,
            a::amount_ore,
            a::work_date,
            a::reason,
        ))
        .into_boxed();
    match filter.category {
        Some(Category::InKind) => {
            q = q.filter(t::funding.eq(Funding::InKind));
            qa = qa.filter(a::funding.eq(Funding::InKind));
        }
        Some(Category::Staff) => {
            q = q.filter(t::funding.eq(Funding::Project));
            qa = qa.filter(a::funding.eq(Funding::Project));
        }
        _ => {}
    }
    if let Some(org) = filter.organisation_id {
        q = q.filter(t::organisation_id.eq(org));
        qa = qa.filter(a::organisation_id.eq(org));
    }
    for (id, org, month, funding, name, number, cost, file, row) in
        q.load::<TimesheetSource>(conn)?
    {
        out.push(LineRow {
            category: funding.category(),
            organisation_id: org,
            month,
            source: LineSource::Timesheet,
            source_id: id,
            subject: format!("{name} ({number})"),
            amount_ore: Ore::new(cost.unwrap_or(0)),
            import_file: file,
            import_row: row,
        });
    }
    type AdjustmentSource = (
        i64,
        i64,
        Month,
        Funding,
        String,
        String,
        i64,
        NaiveDate,
        String,
    );
    for (id, org, month, funding, name, number, amount, day, reason) in
        qa.load::<AdjustmentSource>(conn)?
    {
        out.push(LineRow {
            category: funding.category(),
            organisation_id: org,
            month,
            source: LineSource::TimesheetAdjustment,
            source_id: id,
            subject: format!("{name} ({number}), rättelse {day}: {reason}"),
            amount_ore: Ore::new(amount),
            import_file: None,
            import_row: None,
        });
    }
    Ok(())
}

/// Lines of a simple entry table whose grouping column holds a `$kind` (which knows its
/// category).
macro_rules! entry_source {
    ($conn:expr, $table:ident, $source:expr, $first:expr, $last:expr, $filter:expr, $out:expr,
     ($group:ident, $kind:ty, $subject:expr)) => {{
        use super::schema::$table::dsl as x;
        let mut q = x::$table
            .left_join(im::imports.on(x::import_id.eq(im::id.nullable())))
            .filter(x::month.between($first, $last))
            .select((
                x::id,
                x::organisation_id,
                x::month,
                x::$group,
                $subject,
                x::amount_ore,
                im::file_name.nullable(),
                x::import_row,
            ))
            .into_boxed();
        if let Some(org) = $filter.organisation_id {
            q = q.filter(x::organisation_id.eq(org));
        }
        type Source = (
            i64,
            i64,
            Month,
            $kind,
            String,
            i64,
            Option<String>,
            Option<i32>,
        );
        for (id, org, month, kind, subject, amount, file, row) in q.load::<Source>($conn)? {
            $out.push(LineRow {
                category: kind.category(),
                organisation_id: org,
                month,
                source: $source,
                source_id: id,
                subject,
                amount_ore: Ore::new(amount),
                import_file: file,
                import_row: row,
            });
        }
        Ok::<(), StoreError>(())
    }};
}

fn premises_lines(
    conn: &mut DbConnection,
    first: i32,
    last: i32,
    filter: &LineFilter,
    out: &mut Vec<LineRow>,
) -> Result<(), StoreError> {
    entry_source!(
        conn,
        premises,
        LineSource::Premises,
        first,
        last,
        filter,
        out,
        (financing, PremisesFinancing, x::description)
    )
}

fn other_cost_lines(
    conn: &mut DbConnection,
    first: i32,
    last: i32,
    filter: &LineFilter,
    out: &mut Vec<LineRow>,
) -> Result<(), StoreError> {
    entry_source!(
        conn,
        other_costs,
        LineSource::OtherCost,
        first,
        last,
        filter,
        out,
        (
            category,
            OtherCategory,
            sql::<diesel::sql_types::Text>(
                "other_costs.supplier || ', ver. ' || other_costs.voucher_number || ': ' || other_costs.description"
            )
        )
    )
}

fn cash_lines(
    conn: &mut DbConnection,
    first: i32,
    last: i32,
    filter: &LineFilter,
    out: &mut Vec<LineRow>,
) -> Result<(), StoreError> {
    entry_source!(
        conn,
        cash_cofinancing,
        LineSource::Cash,
        first,
        last,
        filter,
        out,
        (kind, CashKind, x::paid_by)
    )
}

fn compensation_lines(
    conn: &mut DbConnection,
    first: i32,
    last: i32,
    filter: &LineFilter,
    out: &mut Vec<LineRow>,
) -> Result<(), StoreError> {
    use super::schema::compensation::dsl as x;
    use super::schema::enrolments::dsl as e;
    use super::schema::participants::dsl as pa;
    let mut q = x::compensation
        .inner_join(e::enrolments.on(e::id.eq(x::enrolment_id)))
        .inner_join(pa::participants.on(pa::id.eq(e::participant_id)))
        .left_join(im::imports.on(x::import_id.eq(im::id.nullable())))
        .filter(x::month.between(first, last))
        // Pending compensation (no confirmed certificate) is behind no figure.
        .filter(x::certificate_confirmed.eq(true))
        .select((
            x::id,
            x::organisation_id,
            x::month,
            x::kind,
            pa::identity,
            x::amount_ore,
            im::file_name.nullable(),
            x::import_row,
        ))
        .into_boxed();
    if let Some(org) = filter.organisation_id {
        q = q.filter(x::organisation_id.eq(org));
    }
    type Source = (
        i64,
        i64,
        Month,
        CompensationKind,
        String,
        i64,
        Option<String>,
        Option<i32>,
    );
    for (id, org, month, kind, identity, amount, file, row) in q.load::<Source>(conn)? {
        out.push(LineRow {
            category: kind.category(),
            organisation_id: org,
            month,
            source: LineSource::Compensation,
            source_id: id,
            // Claims are read beyond the enrolling municipality: never the full number.
            subject: format!(
                "{} ({})",
                crate::domain::identity::mask(&identity),
                kind.label().to_lowercase()
            ),
            amount_ore: Ore::new(amount),
            import_file: file,
            import_row: row,
        });
    }
    Ok(())
}

/// Organisations with a report for a month of `first..=last` in one of `states`,
/// as (organisation, month, state).
pub fn report_states(
    conn: &mut DbConnection,
    first: Month,
    last: Month,
) -> Result<Vec<(i64, Month, ReportState)>, StoreError> {
    Ok(r::monthly_reports
        .filter(r::month.between(first, last))
        .select((r::organisation_id, r::month, r::state))
        .load(conn)?)
}

/// Closes the months for every organisation: consolidated and open reports become
/// claimed, and organisations with no report row for a month get a claimed one, so no
/// entry can be added to a claimed month anywhere.
pub fn mark_months_claimed(conn: &mut DbConnection, months: &[i32]) -> Result<usize, StoreError> {
    use super::schema::organisations::dsl as o;
    let (Some(first), Some(last)) = (months.first().copied(), months.last().copied()) else {
        return Ok(0);
    };
    let now = super::now();
    let changed = diesel::update(
        r::monthly_reports
            .filter(r::month.between(first, last))
            .filter(r::state.eq_any([ReportState::Consolidated, ReportState::Open])),
    )
    .set((
        r::state.eq(ReportState::Claimed),
        r::version.eq(r::version + 1),
        r::updated_at.eq(now),
    ))
    .execute(conn)?;
    let existing: std::collections::HashSet<(i64, i32)> = r::monthly_reports
        .filter(r::month.between(first, last))
        .select((r::organisation_id, r::month))
        .load::<(i64, i32)>(conn)?
        .into_iter()
        .collect();
    let organisations: Vec<i64> = o::organisations.select(o::id).load(conn)?;
    let missing: Vec<_> = organisations
        .iter()
        .flat_map(|org| months.iter().map(move |m| (*org, *m)))
        .filter(|key| !existing.contains(key))
        .map(|(org, m)| {
            (
                r::organisation_id.eq(org),
                r::month.eq(m),
                r::state.eq(ReportState::Claimed),
                r::version.eq(1i64),
                r::updated_at.eq(now),
            )
        })
        .collect();
    let inserted = crate::insert_batch!(conn, r::monthly_reports, missing, 1000)?;
    Ok(changed + inserted)
}

/// The budget per category as the claim showed it.
pub fn replace_budgets(
    conn: &mut DbConnection,
    claim_id: i64,
    budgets: &[(Category, i64)],
) -> Result<(), StoreError> {
    diesel::delete(cb::claim_budgets.filter(cb::claim_id.eq(claim_id))).execute(conn)?;
    let rows: Vec<_> = budgets
        .iter()
        .map(|(c, amount)| {
            (
                cb::claim_id.eq(claim_id),
                cb::category.eq(*c),
                cb::amount_ore.eq(*amount),
            )
        })
        .collect();
    crate::insert_batch!(conn, cb::claim_budgets, rows, 100)?;
    Ok(())
}

pub fn budgets(conn: &mut DbConnection, claim_id: i64) -> Result<Vec<(Category, i64)>, StoreError> {
    Ok(cb::claim_budgets
        .filter(cb::claim_id.eq(claim_id))
        .select((cb::category, cb::amount_ore))
        .load(conn)?)
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = payments)]
pub struct PaymentRow {
    pub id: i64,
    pub claim_id: i64,
    pub amount_ore: Ore,
    pub paid_on: NaiveDate,
    pub recorded_by: i64,
    pub recorded_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = distribution_parts)]
pub struct PartRow {
    pub payment_id: i64,
    pub organisation_id: i64,
    pub basis_ore: Ore,
    pub part_ore: Ore,
}

pub fn payment(conn: &mut DbConnection, claim_id: i64) -> Result<Option<PaymentRow>, StoreError> {
    Ok(p::payments
        .filter(p::claim_id.eq(claim_id))
        .select(PaymentRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn all_payments(conn: &mut DbConnection) -> Result<Vec<PaymentRow>, StoreError> {
    Ok(p::payments
        .order(p::id.asc())
        .select(PaymentRow::as_select())
        .load(conn)?)
}

/// Records the payment and its distribution parts.
pub fn insert_payment(
    conn: &mut DbConnection,
    claim_id: i64,
    amount_ore: i64,
    paid_on: NaiveDate,
    by: i64,
    parts: &[(i64, i64, i64)],
) -> Result<i64, StoreError> {
    let id: i64 = diesel::insert_into(p::payments)
        .values((
            p::claim_id.eq(claim_id),
            p::amount_ore.eq(amount_ore),
            p::paid_on.eq(paid_on),
            p::recorded_by.eq(by),
            p::recorded_at.eq(super::now()),
        ))
        .returning(p::id)
        .get_result(conn)?;
    let rows: Vec<PartRow> = parts
        .iter()
        .map(|&(org, basis, part)| PartRow {
            payment_id: id,
            organisation_id: org,
            basis_ore: Ore::new(basis),
            part_ore: Ore::new(part),
        })
        .collect();
    crate::insert_batch!(conn, d::distribution_parts, rows, 500)?;
    Ok(id)
}

pub fn parts(conn: &mut DbConnection, payment_id: i64) -> Result<Vec<PartRow>, StoreError> {
    Ok(d::distribution_parts
        .filter(d::payment_id.eq(payment_id))
        .order(d::organisation_id.asc())
        .select(PartRow::as_select())
        .load(conn)?)
}

/// Every (organisation, month) of `first..=last` with an entry that counts in a claim
/// (of the organisation `only`, when given).
pub fn months_with_entries(
    conn: &mut DbConnection,
    first: Month,
    last: Month,
    only: Option<&[i64]>,
) -> Result<Vec<(i64, Month)>, StoreError> {
    macro_rules! distinct_months {
        ($table:ident) => {{
            use super::schema::$table::dsl as x;
            let mut q = x::$table
                .filter(x::month.between(first, last))
                .select((x::organisation_id, x::month))
                .distinct()
                .into_boxed();
            if let Some(ids) = only {
                q = q.filter(x::organisation_id.eq_any(ids));
            }
            q.load::<(i64, Month)>(conn)?
        }};
    }
    let mut out = distinct_months!(timesheets);
    out.extend(distinct_months!(timesheet_adjustments));
    out.extend(distinct_months!(premises));
    out.extend(distinct_months!(other_costs));
    out.extend(distinct_months!(cash_cofinancing));
    out.extend(distinct_months!(compensation));
    out.sort_unstable();
    out.dedup();
    Ok(out)
}
