//! Importing participant, attendance and compensation workbooks through the generic
//! entry import: every row goes through the same service rules as its JSON endpoint,
//! the natural keys (identity + start date; identity + month; identity + month + kind)
//! make re-imports change nothing, and identity numbers appear only masked in errors.

use super::attendance::{self};
use super::entries::compensation_service;
use super::entry_imports::{import, EntrySheet};
use super::imports::Upload;
use super::participants::{self};
use crate::domain::access::Actor;
use crate::domain::entered::Entered;
use crate::domain::identity::{self, IdKind, Identity};
use crate::domain::names::Named;
use crate::domain::period::Date;
use crate::domain::period::Month;
use crate::error::{AppError, AppResult};
use crate::excel::grid::WorkbookError;
use crate::excel::participants::{
    self as sheet, AttendanceRowIn, CompensationRowIn, EnrolmentRowIn,
};
use crate::excel::ImportErrors;
use crate::store::entries::{self as entry_store, CompensationRow};
use crate::store::participants::{self as store, AttendanceRow, EnrolmentRow};
use crate::store::DbConnection;
use crate::views::attendance::AttendanceInput;
use crate::views::entries::{CompensationInput, Versioned};
use crate::views::entry_imports::EntryImportReport;
use crate::views::participants::{EnrolmentInput, EnrolmentPatch};

pub fn import_participants(
    conn: &mut DbConnection,
    actor: &Actor,
    organisation_id: i64,
    upload: Upload<'_>,
) -> AppResult<EntryImportReport> {
    import::<EnrolmentRowIn>(conn, actor, organisation_id, upload)
}

pub fn import_attendance(
    conn: &mut DbConnection,
    actor: &Actor,
    organisation_id: i64,
    upload: Upload<'_>,
) -> AppResult<EntryImportReport> {
    import::<AttendanceRowIn>(conn, actor, organisation_id, upload)
}

pub fn import_compensation(
    conn: &mut DbConnection,
    actor: &Actor,
    organisation_id: i64,
    upload: Upload<'_>,
) -> AppResult<EntryImportReport> {
    import::<CompensationRowIn>(conn, actor, organisation_id, upload)
}

/// The identity in a row, validated; errors never repeat it.
fn identity_of(text: &str, reference: chrono::NaiveDate) -> AppResult<Identity> {
    identity::parse_any(text, reference)
        .map_err(|m| AppError::validation("identity_number", format!("the number {m}")))
}

/// The enrolment of the row's person in the organisation during `month`.
fn enrolment_for(
    conn: &mut DbConnection,
    org: i64,
    text: &str,
    month: Month,
) -> AppResult<EnrolmentRow> {
    let id = identity_of(text, month.first_day())?;
    let mut found = store::enrolments_of_identity(
        conn,
        &id.stored,
        org,
        month.first_day(),
        month.last_day(),
        None,
    )?;
    match found.len() {
        1 => Ok(found.remove(0)),
        0 => Err(AppError::validation(
            "month",
            format!("{} is not enrolled here in {month}", id.masked()),
        )),
        _ => Err(AppError::validation(
            "identity_number",
            format!(
                "{} is shared by several participants enrolled here in {month}; enter this one through the API by enrolment id",
                id.masked()
            ),
        )),
    }
}

/// The stored form of a written identity (the duplicate key), or the text itself.
fn stored_form(text: &str, reference: chrono::NaiveDate) -> String {
    identity::parse_any(text, reference)
        .map(|id| id.stored)
        .unwrap_or_else(|_| bare(text))
}

/// An identity as written, masked: the birth date only, whatever form it was written in.
fn masked(text: &str) -> String {
    crate::excel::participants::mask_written(text)
}

/// The written identity with separators and spaces removed (the duplicate key).
fn bare(text: &str) -> String {
    text.chars().filter(|c| c.is_ascii_alphanumeric()).collect()
}

impl EntrySheet for EnrolmentRowIn {
    /// The enrolment with its workshop's name.
    type Stored = (EnrolmentRow, Option<String>);
    const SHEET: &'static str = sheet::PARTICIPANT_SHEET;
    const HEADERS: &'static [&'static str] = &sheet::PARTICIPANT_HEADERS;
    const ENTITY: &'static str = "participant_import";
    const KEY_COLUMN: usize = 1;

    fn read(bytes: &[u8]) -> Result<Result<Vec<Self>, ImportErrors>, WorkbookError> {
        sheet::read_participants(bytes)
    }
    fn row(&self) -> u32 {
        self.row
    }
    fn key(&self) -> String {
        let who = match (&self.identity_number, self.birth_date, self.sex) {
            (Some(n), _, _) => stored_form(n, self.start_date),
            (None, Some(b), Some(sex)) => identity::protected(b, sex).stored,
            _ => String::new(),
        };
        format!("{who} {}", self.start_date)
    }
    fn column(field: &str) -> usize {
        match field {
            "id_kind" => 0,
            "identity_number" => 1,
            "birth_date" => 2,
            "sex" => 3,
            "start_date" => 4,
            "workshop_id" => 5,
            "end_date" => 10,
            "outcome" => 11,
            _ => 1,
        }
    }
    fn value(&self, col: usize) -> String {
        match col {
            1 => self
                .identity_number
                .as_deref()
                .map(masked)
                .unwrap_or_default(),
            2 => self.birth_date.map(|d| d.to_string()).unwrap_or_default(),
            4 => self.start_date.to_string(),
            5 => self.workshop.clone().unwrap_or_default(),
            10 => self.end_date.map(|d| d.to_string()).unwrap_or_default(),
            _ => String::new(),
        }
    }
    fn existing(&self, conn: &mut DbConnection, org: i64) -> AppResult<Option<Self::Stored>> {
        let stored = match (
            self.id_kind,
            &self.identity_number,
            self.birth_date,
            self.sex,
        ) {
            (IdKind::Protected, _, Some(b), Some(s)) => identity::protected(b, s).stored,
            (_, Some(n), _, _) => match identity::parse(n, self.id_kind, self.start_date) {
                Ok(id) => id.stored,
                Err(_) => return Ok(None), // the create path reports it
            },
            _ => return Ok(None),
        };
        let mut found = store::enrolments_of_identity(
            conn,
            &stored,
            org,
            self.start_date,
            self.start_date,
            Some(self.start_date),
        )?;
        // None, or (two protected identities sharing a code and a start day) ambiguous:
        // the row is entered as a new enrolment.
        if found.len() != 1 {
            return Ok(None);
        }
        let e = found.remove(0);
        let workshop = match e.workshop_id {
            Some(id) => store::find_workshop(conn, id)?.map(|w| w.name),
            None => None,
        };
        Ok(Some((e, workshop)))
    }
    fn same_as(&self, (s, workshop): &Self::Stored) -> bool {
        s.status_at_start == self.status_at_start
            && s.education_level == self.education_level
            && s.labour_status == self.labour_status
            && s.in_education_at_start == self.in_education_at_start
            && s.end_date == self.end_date
            && s.outcome == self.outcome
            && s.qualification_gained == self.qualification_gained
            && &self.workshop == workshop
    }
    fn create(&self, conn: &mut DbConnection, actor: &Actor, org: i64) -> AppResult<()> {
        let workshop_id = self.workshop_id(conn, org)?;
        let created = participants::enrol_in(
            conn,
            actor,
            EnrolmentInput {
                id_kind: self.id_kind,
                identity_number: self.identity_number.clone(),
                birth_date: self.birth_date.map(Date::from),
                sex: self.sex,
                organisation_id: org,
                workshop_id,
                start_date: Date::from(self.start_date),
                status_at_start: self.status_at_start,
                education_level: self.education_level,
                labour_status: self.labour_status,
                in_education_at_start: self.in_education_at_start,
            },
        )?;
        if self.end_date.is_some() || self.outcome.is_some() || self.qualification_gained {
            participants::update_in(
                conn,
                actor,
                created.id,
                self.patch(created.version, workshop_id),
            )?;
        }
        Ok(())
    }
    fn replace(
        &self,
        conn: &mut DbConnection,
        actor: &Actor,
        org: i64,
        (s, _): &Self::Stored,
    ) -> AppResult<()> {
        let workshop_id = self.workshop_id(conn, org)?;
        participants::update_in(conn, actor, s.id, self.patch(s.version, workshop_id)).map(drop)
    }
}

impl EnrolmentRowIn {
    fn workshop_id(&self, conn: &mut DbConnection, org: i64) -> AppResult<Option<i64>> {
        match &self.workshop {
            None => Ok(None),
            Some(name) => store::workshop_named(conn, org, name)?
                .map(|w| Some(w.id))
                .ok_or_else(|| {
                    AppError::validation(
                        "workshop_id",
                        format!("no workshop named {name} here; add it under /workshops first"),
                    )
                }),
        }
    }

    fn patch(&self, version: i64, workshop_id: Option<i64>) -> EnrolmentPatch {
        EnrolmentPatch {
            version,
            workshop_id: Some(workshop_id),
            start_date: None,
            end_date: Some(self.end_date.map(Date::from)),
            outcome: Some(self.outcome),
            qualification_gained: Some(self.qualification_gained),
            status_at_start: Some(self.status_at_start),
            education_level: Some(self.education_level),
            labour_status: Some(self.labour_status),
            in_education_at_start: Some(self.in_education_at_start),
        }
    }
}

impl EntrySheet for AttendanceRowIn {
    type Stored = AttendanceRow;
    const SHEET: &'static str = sheet::ATTENDANCE_SHEET;
    const HEADERS: &'static [&'static str] = &sheet::ATTENDANCE_HEADERS;
    const ENTITY: &'static str = "attendance_import";
    const KEY_COLUMN: usize = 0;

    fn read(bytes: &[u8]) -> Result<Result<Vec<Self>, ImportErrors>, WorkbookError> {
        sheet::read_attendance(bytes)
    }
    fn row(&self) -> u32 {
        self.row
    }
    fn key(&self) -> String {
        format!(
            "{} {}",
            stored_form(&self.identity, self.month.first_day()),
            self.month
        )
    }
    fn column(field: &str) -> usize {
        match field {
            "identity_number" | "enrolment_id" => 0,
            "month" => 1,
            "hours" => 2,
            _ => 0,
        }
    }
    fn value(&self, col: usize) -> String {
        match col {
            0 => masked(&self.identity),
            1 => self.month.to_string(),
            _ => self.hours.to_string(),
        }
    }
    fn existing(&self, conn: &mut DbConnection, org: i64) -> AppResult<Option<AttendanceRow>> {
        match enrolment_for(conn, org, &self.identity, self.month) {
            Ok(e) => Ok(store::attendance_of(conn, e.id, self.month.to_key())?),
            Err(_) => Ok(None),
        }
    }
    fn same_as(&self, s: &AttendanceRow) -> bool {
        crate::domain::hours::to_centi(self.hours).ok() == Some(s.hours_centi.get())
    }
    fn create(&self, conn: &mut DbConnection, actor: &Actor, org: i64) -> AppResult<()> {
        self.set(conn, actor, org, None)
    }
    fn replace(
        &self,
        conn: &mut DbConnection,
        actor: &Actor,
        org: i64,
        s: &AttendanceRow,
    ) -> AppResult<()> {
        self.set(conn, actor, org, Some(s.version))
    }
}

impl AttendanceRowIn {
    fn set(
        &self,
        conn: &mut DbConnection,
        actor: &Actor,
        org: i64,
        version: Option<i64>,
    ) -> AppResult<()> {
        let enrolment = enrolment_for(conn, org, &self.identity, self.month)?;
        attendance::set_in(
            conn,
            actor,
            AttendanceInput {
                enrolment_id: enrolment.id,
                month: self.month,
                hours: Entered::new(self.hours),
                version,
            },
        )
        .map(drop)
    }
}

impl EntrySheet for CompensationRowIn {
    super::entry_imports::tracks_source!(crate::store::imports::Imported::Compensation);
    type Stored = CompensationRow;
    const SHEET: &'static str = sheet::COMPENSATION_SHEET;
    const HEADERS: &'static [&'static str] = &sheet::COMPENSATION_HEADERS;
    const ENTITY: &'static str = "compensation_import";
    const KEY_COLUMN: usize = 0;

    fn read(bytes: &[u8]) -> Result<Result<Vec<Self>, ImportErrors>, WorkbookError> {
        sheet::read_compensation(bytes)
    }
    fn row(&self) -> u32 {
        self.row
    }
    fn key(&self) -> String {
        format!(
            "{} {} {}",
            bare(&self.identity),
            self.month,
            self.kind.as_str()
        )
    }
    fn column(field: &str) -> usize {
        match field {
            "identity_number" | "enrolment_id" => 0,
            "month" => 1,
            "kind" => 2,
            "amount" => 3,
            "payer" => 4,
            "certificate_confirmed" => 5,
            _ => 0,
        }
    }
    fn value(&self, col: usize) -> String {
        match col {
            0 => masked(&self.identity),
            1 => self.month.to_string(),
            2 => self.kind.as_str().into(),
            3 => self.amount.to_string(),
            4 => self.payer.clone(),
            _ => if self.certificate_confirmed {
                "ja"
            } else {
                "nej"
            }
            .into(),
        }
    }
    fn existing(&self, conn: &mut DbConnection, org: i64) -> AppResult<Option<CompensationRow>> {
        match enrolment_for(conn, org, &self.identity, self.month) {
            Ok(e) => Ok(entry_store::compensation_with_key(
                conn,
                e.id,
                self.month.to_key(),
                self.kind.as_str(),
            )?),
            Err(_) => Ok(None),
        }
    }
    fn same_as(&self, s: &CompensationRow) -> bool {
        crate::domain::money::to_ore(self.amount).ok() == Some(s.amount_ore.get())
            && s.payer == self.payer
            && s.certificate_confirmed == self.certificate_confirmed
    }
    fn create(&self, conn: &mut DbConnection, actor: &Actor, org: i64) -> AppResult<()> {
        let input = self.input(conn, org)?;
        compensation_service::create_in(conn, actor, input).map(drop)
    }
    fn replace(
        &self,
        conn: &mut DbConnection,
        actor: &Actor,
        org: i64,
        s: &CompensationRow,
    ) -> AppResult<()> {
        let entry = self.input(conn, org)?;
        compensation_service::replace_in(
            conn,
            actor,
            s.id,
            Versioned {
                version: s.version,
                entry,
            },
        )
        .map(drop)
    }
}

impl CompensationRowIn {
    fn input(&self, conn: &mut DbConnection, org: i64) -> AppResult<CompensationInput> {
        let enrolment = enrolment_for(conn, org, &self.identity, self.month)?;
        Ok(CompensationInput {
            organisation_id: org,
            enrolment_id: enrolment.id,
            month: self.month,
            kind: self.kind,
            amount: Entered::new(self.amount),
            payer: self.payer.clone(),
            certificate_confirmed: self.certificate_confirmed,
            adjustment: None,
        })
    }
}
