//! The social-fee table (PO-pålägg per year and employer kind): everyone reads it,
//! admins enter the years that are not sourced yet.

use super::audit::{record, Change};
use super::{expect_version, scope_of, ChangedBy};
use crate::domain::access::{authorize, Action, Actor};
use crate::domain::names::Named;
use crate::domain::organisation::EmployerKind;
use crate::domain::rate::Ppm;
use crate::domain::validation::{required_text, Violations};
use crate::error::{AppError, AppResult};
use crate::store::social_fees::{self as store, SocialFeeRow};
use crate::store::{organisations, DbConnection};
use crate::views::social_fees::{SocialFeeInput, SocialFeeRate};

impl SocialFeeRate {
    fn from_row(r: SocialFeeRow) -> AppResult<Self> {
        Ok(Self {
            year: r.year,
            employer_kind: r.employer_kind,
            rate_percent: r.rate_ppm,
            source: r.source,
            version: r.version,
        })
    }
}

pub fn list(conn: &mut DbConnection) -> AppResult<Vec<SocialFeeRate>> {
    store::list(conn)?
        .into_iter()
        .map(SocialFeeRate::from_row)
        .collect()
}

pub fn put(
    conn: &mut DbConnection,
    actor: &Actor,
    year: i32,
    employer_kind: EmployerKind,
    input: SocialFeeInput,
) -> AppResult<SocialFeeRate> {
    let mut v = Violations::new();
    if !(1990..=2100).contains(&year) {
        v.add("year", format!("{year} is outside 1990-2100"));
    }
    if employer_kind == EmployerKind::Other {
        v.add(
            "employer_kind",
            "'other' employers have no default rate; set it per salary record",
        );
    }
    let ppm = v.check("rate_percent", input.rate_percent.check().map(Ppm::get));
    let source = v.check("source", required_text(&input.source, 200));
    v.into_result()?;
    let (ppm, source) = (ppm.unwrap_or_default(), source.unwrap_or_default());
    conn.write_tx(|conn| {
        let owner = organisations::owner(conn)?
            .ok_or_else(|| AppError::Internal("no owner organisation".into()))?;
        authorize(actor, Action::ManageProject, &scope_of(&owner))?;
        let before = store::find(conn, year, employer_kind.as_str())?;
        match &before {
            Some(row) => {
                let expected = input.version.ok_or_else(|| {
                    AppError::validation("version", "is required when changing an existing rate")
                })?;
                expect_version(
                    store::update(conn, row.id, expected, ppm, &source)?,
                    "social fee rate",
                    expected,
                )?;
            }
            None => store::insert(conn, year, employer_kind.as_str(), ppm, &source)?,
        }
        let after = store::find(conn, year, employer_kind.as_str())?
            .ok_or_else(|| AppError::Internal("rate vanished".into()))?;
        let before = before.map(SocialFeeRate::from_row).transpose()?;
        let after_view = SocialFeeRate::from_row(after.clone())?;
        record(
            conn,
            &ChangedBy::of(actor),
            Change::of(
                "social_fee_rate",
                after.id,
                owner.id,
                if before.is_some() { "update" } else { "create" },
            ),
            before.as_ref(),
            Some(&after_view),
        )?;
        Ok(after_view)
    })
}
