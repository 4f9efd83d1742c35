//! Uploading a filled workbook (issue 14): the import of its kind runs (all rows or
//! none), and the upload is kept with its outcome either way: the counts, or the first
//! 1 000 errors and how many in all. The record is written after the import's own
//! transaction, so a refused workbook leaves exactly this row and nothing else.

use super::imports::{self, Upload};
use super::{authorize_found, entry_imports, participant_imports};
use crate::domain::access::{Action, Actor};
use crate::domain::upload::{UploadKind, UploadOutcome};
use crate::domain::validation::FieldError;
use crate::error::{AppError, AppResult};
use crate::store::uploads::{self as store, UploadRow};
use crate::store::{organisations as orgs, DbConnection};
use crate::views::uploads::{Counts, UploadError, UploadRecord};

/// The rule of a workbook error, without the cell and value its message starts with.
fn upload_error(f: FieldError) -> UploadError {
    let rule = match (&f.sheet, f.row, &f.column, &f.value) {
        (Some(sheet), Some(row), Some(column), Some(value)) => f
            .message
            .strip_prefix(&format!("{sheet}!{column}{row} '{value}': "))
            .map(str::to_string),
        _ => None,
    }
    .unwrap_or_else(|| f.message.clone());
    UploadError {
        sheet: f.sheet,
        row: f.row,
        column: f.column,
        header: f.field,
        value: f.value,
        rule,
    }
}

/// A refusal that concerns the whole file (not a workbook, too large, no project).
fn file_error(rule: String) -> UploadError {
    UploadError {
        sheet: None,
        row: None,
        column: None,
        header: String::new(),
        value: None,
        rule,
    }
}

fn run(
    conn: &mut DbConnection,
    actor: &Actor,
    kind: UploadKind,
    org: i64,
    upload: Upload<'_>,
) -> AppResult<Counts> {
    let entries = |r: crate::views::entry_imports::EntryImportReport| Counts {
        rows: r.rows as i64,
        created: r.created as i64,
        updated: r.updated as i64,
        unchanged: r.unchanged as i64,
        without_hours: 0,
    };
    Ok(match kind {
        UploadKind::Timesheets => {
            let r = imports::import_timesheets(conn, actor, org, upload)?;
            Counts {
                rows: r.rows as i64,
                created: r.timesheets_created as i64,
                updated: r.timesheets_updated as i64,
                unchanged: r.timesheets_unchanged as i64,
                without_hours: r.rows_without_hours as i64,
            }
        }
        UploadKind::Premises => entries(entry_imports::import_premises(conn, actor, org, upload)?),
        UploadKind::OtherCosts => {
            entries(entry_imports::import_other_costs(conn, actor, org, upload)?)
        }
        UploadKind::CashCofinancing => {
            entries(entry_imports::import_cash(conn, actor, org, upload)?)
        }
        UploadKind::Participants => entries(participant_imports::import_participants(
            conn, actor, org, upload,
        )?),
        UploadKind::Attendance => entries(participant_imports::import_attendance(
            conn, actor, org, upload,
        )?),
        UploadKind::Budget => entries(super::budgets::import(conn, actor, upload)?),
        UploadKind::Compensation => entries(participant_imports::import_compensation(
            conn, actor, org, upload,
        )?),
    })
}

/// Imports the workbook as `kind` for `organisation_id` and keeps the upload with its
/// outcome; returns the upload's id. Who may not enter the organisation's data gets the
/// refusal and nothing is kept (the organisation is out of their sight or hands).
pub fn upload(
    conn: &mut DbConnection,
    actor: &Actor,
    kind: UploadKind,
    organisation_id: i64,
    upload: Upload<'_>,
) -> AppResult<i64> {
    let org = match kind {
        // The budget is the project's: set by the owner's admins for every organisation,
        // and kept with the owner.
        UploadKind::Budget => {
            crate::domain::access::authorize_project(actor, Action::SetBudgets)?;
            crate::store::organisations::owner(conn)?
                .ok_or_else(|| AppError::conflict("organisation", "no project owner exists yet"))?
        }
        _ => imports::import_target(conn, actor, organisation_id)?,
    };
    let (outcome, counts, errors, total) = match run(conn, actor, kind, org.id, upload) {
        Ok(counts) => (UploadOutcome::Imported, counts, Vec::new(), 0),
        Err(AppError::ImportFailed { errors, total, .. }) => (
            UploadOutcome::Refused,
            Counts::default(),
            errors.into_iter().map(upload_error).collect(),
            total as i64,
        ),
        Err(
            AppError::UnsupportedMediaType(m)
            | AppError::PayloadTooLarge(m)
            | AppError::Conflict { detail: m, .. },
        ) => (
            UploadOutcome::Refused,
            Counts::default(),
            vec![file_error(m)],
            1,
        ),
        Err(AppError::Validation(v)) => {
            let errors: Vec<UploadError> = v.0.into_iter().map(upload_error).collect();
            let total = errors.len() as i64;
            (UploadOutcome::Refused, Counts::default(), errors, total)
        }
        Err(e) => return Err(e),
    };
    use sha2::{Digest, Sha256};
    let row = UploadRow {
        id: 0,
        organisation_id: org.id,
        kind,
        file_name: match upload.file_name {
            Some(n) if !n.trim().is_empty() => n.trim().chars().take(200).collect(),
            _ => format!("{}.xlsx", kind.label()),
        },
        sha256: hex::encode(Sha256::digest(upload.bytes)),
        uploaded_by: actor.user_id,
        uploaded_at: crate::store::now(),
        outcome,
        row_count: counts.rows,
        created_count: counts.created,
        updated_count: counts.updated,
        unchanged_count: counts.unchanged,
        error_total: total,
        without_hours_count: counts.without_hours,
        errors: serde_json::to_string(&errors).map_err(|e| AppError::Failure {
            context: "cannot keep the upload's errors",
            source: Box::new(e),
        })?,
    };
    conn.write_tx(|conn| Ok(store::insert(conn, &row)?))
}

fn record(found: store::Named, with_errors: bool) -> AppResult<UploadRecord> {
    let (row, organisation_name, uploaded_by) = found;
    let errors = if with_errors {
        serde_json::from_str(&row.errors).map_err(|e| AppError::Failure {
            context: "an upload's errors cannot be read",
            source: Box::new(e),
        })?
    } else {
        Vec::new()
    };
    Ok(UploadRecord {
        id: row.id,
        organisation_id: row.organisation_id,
        organisation_name,
        kind: row.kind,
        file_name: row.file_name,
        uploaded_by,
        uploaded_at: row.uploaded_at.and_utc(),
        outcome: row.outcome,
        rows: row.row_count,
        created: row.created_count,
        updated: row.updated_count,
        unchanged: row.unchanged_count,
        without_hours: row.without_hours_count,
        error_total: row.error_total,
        errors,
    })
}

/// One upload with its errors, for whoever reads its organisation.
pub fn get(conn: &mut DbConnection, actor: &Actor, id: i64) -> AppResult<UploadRecord> {
    let missing = || AppError::NotFound(format!("no upload {id}"));
    let found = store::find(conn, id)?.ok_or_else(missing)?;
    let org = orgs::find(conn, found.0.organisation_id)?.ok_or_else(missing)?;
    authorize_found(actor, Action::Read, &org, missing)?;
    record(found, true)
}

/// The latest uploads of the actor's part of the project, newest first, and the total.
pub fn latest(
    conn: &mut DbConnection,
    actor: &Actor,
    limit: i64,
) -> AppResult<(Vec<UploadRecord>, i64)> {
    let (rows, total) = store::latest_in_subtree(conn, &actor.organisation_path, limit)?;
    let items = rows
        .into_iter()
        .map(|r| record(r, false))
        .collect::<AppResult<_>>()?;
    Ok((items, total))
}
