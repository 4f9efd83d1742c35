//! Importing filled premises, other-costs and cash co-financing workbooks. Each row goes
//! through the same service rules (and audit) as a JSON entry; a natural key finds the
//! entry a row was imported as before, so importing a file again creates no duplicates:
//! identical rows are left alone, changed ones replace their entry while its month is
//! open. Any error anywhere and nothing is written.

use crate::domain::entered::Entered;
use crate::domain::money::Ore;
use crate::domain::period::Date;
use std::collections::HashSet;

use super::audit::{self, Change};
use super::entries::{cash_service, other_cost_service, premises_service};
use super::imports::{import_problem, import_target, record_import, workbook_problem, Upload};
use super::ChangedBy;
use crate::domain::access::Actor;
use crate::domain::names::Named;
use crate::domain::validation::FieldError;
use crate::domain::{money, rate};
use crate::error::{AppError, AppResult};
use crate::excel::grid::WorkbookError;
use crate::excel::{cash, other_costs, premises, CellError, ImportErrors};
use crate::store::entries::{self as store, CashRow, OtherCostRow, PremisesRow};
use crate::store::organisations::OrganisationRow;
use crate::store::DbConnection;
use crate::views::entries::{CashInput, OtherCostInput, PremisesInput, Versioned};

/// One kind of entry workbook: how its rows are read, keyed, compared and applied.
pub(crate) trait EntrySheet: Sized {
    /// The stored entry a row is matched with.
    type Stored;
    const SHEET: &'static str;
    const HEADERS: &'static [&'static str];
    /// The audit entity of the import as a whole.
    const ENTITY: &'static str;
    /// The column that names the key in a duplicate-row error.
    const KEY_COLUMN: usize;

    /// The organisation the workbook is imported for, once the actor may import it:
    /// by default, one whose data the actor enters.
    fn target(
        conn: &mut DbConnection,
        actor: &Actor,
        organisation_id: i64,
    ) -> AppResult<OrganisationRow> {
        import_target(conn, actor, organisation_id)
    }
    fn read(bytes: &[u8]) -> Result<Result<Vec<Self>, ImportErrors>, WorkbookError>;
    fn row(&self) -> u32;
    /// What identifies the row's entry within the organisation (never shown: errors
    /// show `value(KEY_COLUMN)`).
    fn key(&self) -> String;
    /// The column a field of the JSON entry comes from.
    fn column(field: &str) -> usize;
    /// The row's value in a column, as read, for error messages.
    fn value(&self, col: usize) -> String;
    fn existing(&self, conn: &mut DbConnection, org: i64) -> AppResult<Option<Self::Stored>>;
    fn same_as(&self, stored: &Self::Stored) -> bool;
    fn create(&self, conn: &mut DbConnection, actor: &Actor, org: i64) -> AppResult<()>;
    fn replace(
        &self,
        conn: &mut DbConnection,
        actor: &Actor,
        org: i64,
        stored: &Self::Stored,
    ) -> AppResult<()>;
    /// Whether the entry remembers the file and row it was written from.
    const TRACKS_SOURCE: bool = false;
    fn mark_imported(
        &self,
        _conn: &mut DbConnection,
        _stored: &Self::Stored,
        _import_id: i64,
    ) -> AppResult<()> {
        Ok(())
    }
}

/// `mark_imported` for a sheet whose stored entry has an `id` in `$table`.
macro_rules! tracks_source {
    ($table:expr) => {
        const TRACKS_SOURCE: bool = true;
        fn mark_imported(
            &self,
            conn: &mut DbConnection,
            stored: &Self::Stored,
            import_id: i64,
        ) -> AppResult<()> {
            let row = i32::try_from(self.row()).unwrap_or(i32::MAX);
            Ok(crate::store::imports::mark(
                conn, $table, stored.id, import_id, row,
            )?)
        }
    };
}
pub(crate) use tracks_source;

/// `create` and `replace` of a row through its JSON entry service, for rows whose
/// entry `self.input(org)` builds: the same rules and audit as the endpoint.
macro_rules! through_service {
    ($service:ident) => {
        fn create(&self, conn: &mut DbConnection, actor: &Actor, org: i64) -> AppResult<()> {
            $service::create_in(conn, actor, self.input(org)).map(drop)
        }
        fn replace(
            &self,
            conn: &mut DbConnection,
            actor: &Actor,
            org: i64,
            stored: &Self::Stored,
        ) -> AppResult<()> {
            let entry = self.input(org);
            let version = stored.version;
            $service::replace_in(conn, actor, stored.id, Versioned { version, entry }).map(drop)
        }
    };
}

pub fn import_premises(
    conn: &mut DbConnection,
    actor: &Actor,
    organisation_id: i64,
    upload: Upload<'_>,
) -> AppResult<EntryImportReport> {
    import::<premises::PremisesRow>(conn, actor, organisation_id, upload)
}

pub fn import_other_costs(
    conn: &mut DbConnection,
    actor: &Actor,
    organisation_id: i64,
    upload: Upload<'_>,
) -> AppResult<EntryImportReport> {
    import::<other_costs::OtherCostRow>(conn, actor, organisation_id, upload)
}

pub fn import_cash(
    conn: &mut DbConnection,
    actor: &Actor,
    organisation_id: i64,
    upload: Upload<'_>,
) -> AppResult<EntryImportReport> {
    import::<cash::CashRow>(conn, actor, organisation_id, upload)
}

pub(crate) fn import<R: EntrySheet>(
    conn: &mut DbConnection,
    actor: &Actor,
    organisation_id: i64,
    upload: Upload<'_>,
) -> AppResult<EntryImportReport> {
    let org = R::target(conn, actor, organisation_id)?;
    let rows = R::read(upload.bytes)
        .map_err(workbook_problem)?
        .map_err(import_problem)?;
    conn.write_tx(|conn| {
        let import_id = record_import(conn, actor, R::ENTITY, org.id, &upload, rows.len())?;
        let mut errors = ImportErrors::default();
        let mut report = EntryImportReport {
            rows: rows.len(),
            created: 0,
            updated: 0,
            unchanged: 0,
        };
        let mut seen = HashSet::new();
        for r in &rows {
            if !seen.insert(r.key()) {
                errors.push(cell(
                    R::SHEET,
                    R::HEADERS,
                    r.row(),
                    R::KEY_COLUMN,
                    r.value(R::KEY_COLUMN),
                    "this entry appears twice in the file".into(),
                ));
                continue;
            }
            // Ok(true) when the row wrote its entry.
            let outcome = match r.existing(conn, org.id)? {
                Some(stored) if r.same_as(&stored) => {
                    report.unchanged += 1;
                    Ok(false)
                }
                Some(stored) => r.replace(conn, actor, org.id, &stored).map(|_| {
                    report.updated += 1;
                    true
                }),
                None => r.create(conn, actor, org.id).map(|_| {
                    report.created += 1;
                    true
                }),
            };
            let written = matches!(outcome, Ok(true));
            let outcome = outcome.map(drop);
            if written && R::TRACKS_SOURCE {
                if let Some(stored) = r.existing(conn, org.id)? {
                    r.mark_imported(conn, &stored, import_id)?;
                }
            }
            match outcome {
                Ok(()) => {}
                // A storage failure is not the row's fault: give it up whole.
                Err(
                    e @ (AppError::Unavailable(_)
                    | AppError::StorageUnavailable { .. }
                    | AppError::Internal(_)
                    | AppError::Failure { .. }),
                ) => return Err(e),
                Err(e) => {
                    for c in row_errors(e, r) {
                        errors.push(c);
                    }
                }
            }
        }
        if !errors.is_empty() {
            return Err(import_problem(errors));
        }
        audit::created(
            conn,
            &ChangedBy::of(actor),
            Change::of(R::ENTITY, org.id, org.id, "import"),
            &report,
        )?;
        Ok(report)
    })
}

use crate::excel::grid::error as cell;
use crate::views::entry_imports::EntryImportReport;

/// The errors of a rejected row, each placed in the column its field comes from.
fn row_errors<R: EntrySheet>(e: AppError, r: &R) -> Vec<CellError> {
    let detail = e.problem().detail;
    let fields: Vec<FieldError> = match e {
        AppError::Validation(v) => v.0,
        AppError::Conflict { errors, .. } => errors,
        _ => Vec::new(),
    };
    if fields.is_empty() {
        return vec![cell(R::SHEET, R::HEADERS, r.row(), 0, r.value(0), detail)];
    }
    fields
        .into_iter()
        .map(|f| {
            let col = R::column(&f.field);
            cell(R::SHEET, R::HEADERS, r.row(), col, r.value(col), f.message)
        })
        .collect()
}

fn ore(amount: rust_decimal::Decimal) -> Option<i64> {
    money::to_ore(amount).ok()
}

impl EntrySheet for premises::PremisesRow {
    tracks_source!(crate::store::imports::Imported::Premises);
    type Stored = PremisesRow;
    const SHEET: &'static str = premises::SHEET;
    const HEADERS: &'static [&'static str] = &premises::HEADERS;
    const ENTITY: &'static str = "premises_import";
    const KEY_COLUMN: usize = 1;

    fn read(bytes: &[u8]) -> Result<Result<Vec<Self>, ImportErrors>, WorkbookError> {
        premises::read(bytes)
    }
    fn row(&self) -> u32 {
        self.row
    }
    fn key(&self) -> String {
        format!(
            "{} {} ({})",
            self.month,
            self.description,
            premises::financing_label(self.financing)
        )
    }
    fn column(field: &str) -> usize {
        match field {
            "month" => 0,
            "description" => 1,
            "financing" => 2,
            "monthly_cost" => 3,
            "area_m2" => 4,
            "annual_rent_per_m2" => 5,
            "share_percent" => 6,
            _ => 0,
        }
    }
    fn value(&self, col: usize) -> String {
        let shown = |d: Option<rust_decimal::Decimal>| d.map(|d| d.to_string()).unwrap_or_default();
        match col {
            0 => self.month.to_string(),
            1 => self.description.clone(),
            2 => premises::financing_label(self.financing).into(),
            3 => shown(self.monthly_cost),
            4 => shown(self.area_m2),
            5 => shown(self.annual_rent_per_m2),
            _ => self.share_percent.to_string(),
        }
    }
    fn existing(&self, conn: &mut DbConnection, org: i64) -> AppResult<Option<PremisesRow>> {
        Ok(store::premises_with_key(
            conn,
            org,
            self.month.to_key(),
            &self.description,
            self.financing.as_str(),
        )?)
    }
    fn same_as(&self, s: &PremisesRow) -> bool {
        self.monthly_cost.and_then(ore) == s.monthly_cost_ore.map(Ore::get)
            && self.area_m2.and_then(ore) == s.area_centi_m2
            && self.annual_rent_per_m2.and_then(ore) == s.annual_rent_per_m2_ore.map(Ore::get)
            && rate::percent_to_ppm(self.share_percent).ok() == Some(s.share_ppm.get())
    }
    through_service!(premises_service);
}

impl premises::PremisesRow {
    fn input(&self, organisation_id: i64) -> PremisesInput {
        PremisesInput {
            organisation_id,
            month: self.month,
            description: self.description.clone(),
            monthly_cost: self.monthly_cost.map(Entered::new),
            area_m2: self.area_m2.map(Entered::new),
            annual_rent_per_m2: self.annual_rent_per_m2.map(Entered::new),
            share_percent: Entered::new(self.share_percent),
            financing: self.financing,
            adjustment: None,
        }
    }
}

impl EntrySheet for other_costs::OtherCostRow {
    tracks_source!(crate::store::imports::Imported::OtherCost);
    type Stored = OtherCostRow;
    const SHEET: &'static str = other_costs::SHEET;
    const HEADERS: &'static [&'static str] = &other_costs::HEADERS;
    const ENTITY: &'static str = "other_cost_import";
    const KEY_COLUMN: usize = 4;

    fn read(bytes: &[u8]) -> Result<Result<Vec<Self>, ImportErrors>, WorkbookError> {
        other_costs::read(bytes)
    }
    fn row(&self) -> u32 {
        self.row
    }
    fn key(&self) -> String {
        self.voucher_number.clone()
    }
    fn column(field: &str) -> usize {
        match field {
            "category" => 1,
            "amount" => 2,
            "supplier" => 3,
            "voucher_number" => 4,
            "description" => 5,
            _ => 0,
        }
    }
    fn value(&self, col: usize) -> String {
        match col {
            0 => self.date.to_string(),
            1 => self.category.as_str().into(),
            2 => self.amount.to_string(),
            3 => self.supplier.clone(),
            4 => self.voucher_number.clone(),
            _ => self.description.clone(),
        }
    }
    fn existing(&self, conn: &mut DbConnection, org: i64) -> AppResult<Option<OtherCostRow>> {
        match store::id_with_voucher(conn, org, &self.voucher_number)? {
            Some(id) => Ok(store::other_cost_entries::find(conn, id)?),
            None => Ok(None),
        }
    }
    fn same_as(&self, s: &OtherCostRow) -> bool {
        s.cost_date == self.date
            && s.category == self.category
            && ore(self.amount) == Some(s.amount_ore.get())
            && s.supplier == self.supplier
            && s.description == self.description
    }
    through_service!(other_cost_service);
}

impl other_costs::OtherCostRow {
    fn input(&self, organisation_id: i64) -> OtherCostInput {
        OtherCostInput {
            organisation_id,
            date: Date::from(self.date),
            category: self.category,
            amount: Entered::new(self.amount),
            supplier: self.supplier.clone(),
            voucher_number: self.voucher_number.clone(),
            description: self.description.clone(),
            adjustment: None,
        }
    }
}

impl EntrySheet for cash::CashRow {
    tracks_source!(crate::store::imports::Imported::Cash);
    type Stored = CashRow;
    const SHEET: &'static str = cash::SHEET;
    const HEADERS: &'static [&'static str] = &cash::HEADERS;
    const ENTITY: &'static str = "cash_cofinancing_import";
    const KEY_COLUMN: usize = 3;

    fn read(bytes: &[u8]) -> Result<Result<Vec<Self>, ImportErrors>, WorkbookError> {
        cash::read(bytes)
    }
    fn row(&self) -> u32 {
        self.row
    }
    fn key(&self) -> String {
        format!("{} {} {}", self.month, self.kind.as_str(), self.paid_by)
    }
    fn column(field: &str) -> usize {
        match field {
            "month" => 0,
            "kind" => 1,
            "amount" => 2,
            "paid_by" => 3,
            _ => 0,
        }
    }
    fn value(&self, col: usize) -> String {
        match col {
            0 => self.month.to_string(),
            1 => self.kind.as_str().into(),
            2 => self.amount.to_string(),
            _ => self.paid_by.clone(),
        }
    }
    fn existing(&self, conn: &mut DbConnection, org: i64) -> AppResult<Option<CashRow>> {
        Ok(store::cash_with_key(
            conn,
            org,
            self.month.to_key(),
            self.kind.as_str(),
            &self.paid_by,
        )?)
    }
    fn same_as(&self, s: &CashRow) -> bool {
        ore(self.amount) == Some(s.amount_ore.get())
    }
    through_service!(cash_service);
}

impl cash::CashRow {
    fn input(&self, organisation_id: i64) -> CashInput {
        CashInput {
            organisation_id,
            month: self.month,
            kind: self.kind,
            amount: Entered::new(self.amount),
            paid_by: self.paid_by.clone(),
            adjustment: None,
        }
    }
}
