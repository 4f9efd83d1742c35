//! Participants and their enrolments. The identity number is parsed and validated on
//! the way in, stored as 12 digits (or SCB's substitute code for a protected identity),
//! shown in full only to those `sees_identity` admits, and masked in every message,
//! list and audit record.

use super::audit::{self, record, Change};
use super::{expect_version, list_root, ChangedBy};
use crate::domain::access::{sees_identity, Action, Actor};
use crate::domain::identity::{self, IdKind, Identity};
use crate::domain::names::Named;
use crate::domain::organisation::OrgKind;
use crate::domain::participant::{self as rules};
use crate::domain::period::Date;
use crate::domain::period::Month;
use crate::domain::validation::{required_text, Violations};
use crate::error::{AppError, AppResult};
use crate::store::organisations::{self as orgs, Directory, OrganisationRow};
use crate::store::participants::{
    self as store, EnrolmentFilter, EnrolmentRow, ParticipantRow, WorkshopRow,
};
use crate::store::{projects, DbConnection};
use crate::views::participants::{
    Enrolment, EnrolmentInput, EnrolmentPatch, EnrolmentQuery, Workshop, WorkshopInput,
    WorkshopQuery,
};
use crate::views::{Page, PageParams};

/// The enrolment as `actor` may see it; `None` shows it masked to everyone (audit).
fn view(e: EnrolmentRow, p: ParticipantRow, actor: Option<&Actor>) -> AppResult<Enrolment> {
    let kind = p.id_kind;
    let full = actor.is_some_and(|a| sees_identity(a, e.organisation_id));
    Ok(Enrolment {
        id: e.id,
        participant_id: p.id,
        id_kind: kind,
        identity: if full {
            identity::display(kind, &p.identity)
        } else {
            identity::mask(&p.identity)
        },
        identity_masked: !full,
        birth_date: p.birth_date,
        sex: p.sex,
        organisation_id: e.organisation_id,
        workshop_id: e.workshop_id,
        start_date: e.start_date,
        end_date: e.end_date,
        status_at_start: e.status_at_start,
        education_level: e.education_level,
        labour_status: e.labour_status,
        in_education_at_start: e.in_education_at_start,
        outcome: e.outcome,
        qualification_gained: e.qualification_gained,
        version: e.version,
    })
}

fn workshop_view(w: WorkshopRow) -> Workshop {
    Workshop {
        id: w.id,
        organisation_id: w.organisation_id,
        name: w.name,
    }
}

/// The municipality an enrolment is for, once the actor may enter its data.
fn municipality(conn: &mut DbConnection, actor: &Actor, id: i64) -> AppResult<OrganisationRow> {
    let missing =
        || AppError::validation("organisation_id", format!("no organisation {id} exists"));
    let org = orgs::find(conn, id)?.ok_or_else(missing)?;
    super::authorize_found(actor, Action::EnterData, &org, missing)?;
    if org.kind != OrgKind::Municipality {
        return Err(AppError::validation(
            "organisation_id",
            "participants are enrolled in a municipality",
        ));
    }
    if org.municipality_code.is_none() {
        return Err(AppError::validation(
            "organisation_id",
            format!(
                "{} has no municipality code, which SCB's file needs; an admin sets it first",
                org.name
            ),
        ));
    }
    Ok(org)
}

fn check_workshop(
    conn: &mut DbConnection,
    v: &mut Violations,
    workshop_id: Option<i64>,
    org_id: i64,
) -> AppResult<()> {
    if let Some(id) = workshop_id {
        match store::find_workshop(conn, id)? {
            Some(w) if w.organisation_id == org_id => {}
            Some(_) => v.add(
                "workshop_id",
                "the workshop belongs to another municipality",
            ),
            None => v.add("workshop_id", format!("no workshop {id} exists")),
        }
    }
    Ok(())
}

/// Dates inside the project, the end not before the start, an outcome exactly when
/// there is an end, and no overlap with the person's other enrolments.
fn check_period(
    conn: &mut DbConnection,
    v: &mut Violations,
    row: &EnrolmentRow,
    masked: &str,
) -> AppResult<()> {
    let project = projects::get(conn)?
        .ok_or_else(|| AppError::conflict("project", "no project is configured yet"))?;
    if row.start_date < project.start_date || row.start_date > project.end_date {
        v.add(
            "start_date",
            format!(
                "{} is outside the project ({} to {})",
                row.start_date, project.start_date, project.end_date
            ),
        );
    }
    if let Some(end) = row.end_date {
        if end < row.start_date {
            v.add(
                "end_date",
                format!("{end} is before the start date {}", row.start_date),
            );
        } else if end > project.end_date {
            v.add(
                "end_date",
                format!("{end} is after the project's end {}", project.end_date),
            );
        }
    }
    match (row.end_date, &row.outcome) {
        (Some(_), None) => v.add("outcome", "a participant who leaves has an outcome"),
        (None, Some(_)) => v.add(
            "end_date",
            "an outcome is given when the participant leaves",
        ),
        _ => {}
    }
    for other in store::enrolments_of(conn, row.participant_id, row.id)? {
        if rules::overlaps(
            (row.start_date, row.end_date),
            (other.start_date, other.end_date),
        ) {
            // Another municipality's enrolment is not this user's to see: no dates.
            let message = if other.organisation_id == row.organisation_id {
                let until = other
                    .end_date
                    .map_or_else(|| "with no end".to_string(), |d| format!("to {d}"));
                format!(
                    "{masked} is already enrolled from {} {until}; enrolments may not overlap",
                    other.start_date
                )
            } else {
                format!("{masked} is enrolled in another municipality during this period")
            };
            v.add("start_date", message);
        }
    }
    Ok(())
}

fn identity_of(v: &mut Violations, input: &EnrolmentInput) -> Option<Identity> {
    match input.id_kind {
        IdKind::Protected => {
            if input.identity_number.is_some() {
                v.add(
                    "identity_number",
                    "a protected identity's number is never stored; give birth date and sex",
                );
            }
            match (input.birth_date, input.sex) {
                (Some(b), Some(s)) => Some(identity::protected(b.get(), s)),
                _ => {
                    v.add(
                        "birth_date",
                        "a protected identity needs birth date and sex",
                    );
                    None
                }
            }
        }
        kind => {
            if input.birth_date.is_some() || input.sex.is_some() {
                v.add(
                    "birth_date",
                    "birth date and sex come from the identity number",
                );
            }
            let number = input.identity_number.as_deref().unwrap_or("");
            if number.trim().is_empty() {
                v.add("identity_number", "is required");
                return None;
            }
            v.check(
                "identity_number",
                identity::parse(number, kind, input.start_date.get())
                    .map_err(|m| format!("the {} {m}", kind.as_str())),
            )
        }
    }
}

pub fn enrol(
    conn: &mut DbConnection,
    actor: &Actor,
    input: EnrolmentInput,
) -> AppResult<Enrolment> {
    conn.write_tx(|conn| enrol_in(conn, actor, input))
}

/// `enrol` inside the caller's transaction (imports apply many at once).
pub(crate) fn enrol_in(
    conn: &mut DbConnection,
    actor: &Actor,
    input: EnrolmentInput,
) -> AppResult<Enrolment> {
    let org = municipality(conn, actor, input.organisation_id)?;
    let mut v = Violations::new();
    let id = identity_of(&mut v, &input);
    if let Some(id) = &id {
        let age = identity::age_on(id.birth_date, input.start_date.get());
        if age < rules::MIN_AGE {
            v.add(
                "start_date",
                format!(
                    "the participant is {age} at start; the project takes those {} or older",
                    rules::MIN_AGE
                ),
            );
        }
    }
    check_workshop(conn, &mut v, input.workshop_id, org.id)?;
    let Some(id) = id else {
        v.into_result()?;
        return Err(AppError::Internal("identity".into()));
    };
    let now = crate::store::now();
    // A protected identity's code is shared by everyone born that day of that sex:
    // each enrolment under one is its own person.
    let known = match id.kind {
        IdKind::Protected => None,
        _ => store::participant_with_identity(conn, &id.stored)?,
    };
    let participant = match known {
        Some(p) => p,
        None => {
            let mut row = ParticipantRow {
                id: 0,
                id_kind: id.kind,
                identity: id.stored.clone(),
                birth_date: id.birth_date,
                sex: id.sex,
                created_at: now,
            };
            row.id = store::insert_participant(conn, &row)?;
            row
        }
    };
    let mut row = EnrolmentRow {
        id: 0,
        participant_id: participant.id,
        organisation_id: org.id,
        workshop_id: input.workshop_id,
        start_date: input.start_date.get(),
        end_date: None,
        status_at_start: input.status_at_start,
        education_level: input.education_level,
        labour_status: input.labour_status,
        in_education_at_start: input.in_education_at_start,
        outcome: None,
        qualification_gained: false,
        created_by: actor.user_id,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    check_period(conn, &mut v, &row, &id.masked())?;
    // Nothing is written unless every rule holds (the participant row above is
    // rolled back with the transaction).
    v.into_result()?;
    row.id = store::insert_enrolment(conn, &row)?;
    super::scb::mark_changed(conn, Month::of(row.start_date))?;
    let audited = view(row.clone(), participant.clone(), None)?;
    audit(conn, actor, "create", org.id, row.id, None, Some(&audited))?;
    view(row, participant, Some(actor))
}

fn audit(
    conn: &mut DbConnection,
    actor: &Actor,
    action: &'static str,
    org: i64,
    id: i64,
    before: Option<&Enrolment>,
    after: Option<&Enrolment>,
) -> AppResult<()> {
    record(
        conn,
        &ChangedBy::of(actor),
        Change::of("enrolment", id, org, action),
        before,
        after,
    )
}

fn load_scoped(
    conn: &mut DbConnection,
    actor: &Actor,
    id: i64,
    action: Action,
) -> AppResult<(EnrolmentRow, ParticipantRow)> {
    let missing = || AppError::NotFound(format!("no participant enrolment {id}"));
    let (e, p) = store::find_enrolment(conn, id)?.ok_or_else(missing)?;
    let org = orgs::find(conn, e.organisation_id)?
        .ok_or_else(|| AppError::Internal("enrolment without organisation".into()))?;
    super::authorize_found(actor, action, &org, missing)?;
    Ok((e, p))
}

pub fn get(conn: &mut DbConnection, actor: &Actor, id: i64) -> AppResult<Enrolment> {
    let (e, p) = load_scoped(conn, actor, id, Action::Read)?;
    view(e, p, Some(actor))
}

/// A page of the enrolments under the organisation the query names (the actor's own
/// when none); `directory`: the organisations, when the caller holds them
/// (`service::list_root_in`).
pub fn list(
    conn: &mut DbConnection,
    directory: Option<&Directory>,
    actor: &Actor,
    q: EnrolmentQuery,
) -> AppResult<Page<Enrolment>> {
    let (limit, offset) = PageParams {
        limit: q.limit,
        offset: q.offset,
    }
    .resolve()?;
    let root = super::list_root_in(conn, directory, actor, q.organisation_id, Action::Read)?;
    let filter = EnrolmentFilter {
        active_between: q.active_in.map(|m| (m.first_day(), m.last_day())),
    };
    let members = super::subtree_ids(conn, directory, &root)?;
    let (rows, total) = store::list_enrolments(conn, &members, &filter, limit, offset)?;
    Ok(Page {
        items: rows
            .into_iter()
            .map(|(e, p)| view(e, p, Some(actor)))
            .collect::<AppResult<_>>()?,
        total,
        limit,
        offset,
    })
}

pub fn update(
    conn: &mut DbConnection,
    actor: &Actor,
    id: i64,
    patch: EnrolmentPatch,
) -> AppResult<Enrolment> {
    conn.write_tx(|conn| update_in(conn, actor, id, patch))
}

/// `update` inside the caller's transaction (imports apply many at once).
pub(crate) fn update_in(
    conn: &mut DbConnection,
    actor: &Actor,
    id: i64,
    patch: EnrolmentPatch,
) -> AppResult<Enrolment> {
    let (old, participant) = load_scoped(conn, actor, id, Action::EnterData)?;
    let mut row = old.clone();
    if let Some(w) = patch.workshop_id {
        row.workshop_id = w;
    }
    if let Some(d) = patch.start_date {
        row.start_date = d.get();
    }
    if let Some(d) = patch.end_date {
        row.end_date = d.map(Date::get);
    }
    if let Some(o) = patch.outcome {
        row.outcome = o;
    }
    if let Some(q) = patch.qualification_gained {
        row.qualification_gained = q;
    }
    if let Some(s) = patch.status_at_start {
        row.status_at_start = s;
    }
    if let Some(l) = patch.education_level {
        row.education_level = l;
    }
    if let Some(l) = patch.labour_status {
        row.labour_status = l;
    }
    if let Some(b) = patch.in_education_at_start {
        row.in_education_at_start = b;
    }
    row.updated_at = crate::store::now();
    let mut v = Violations::new();
    check_workshop(conn, &mut v, row.workshop_id, row.organisation_id)?;
    let age = identity::age_on(participant.birth_date, row.start_date);
    if age < rules::MIN_AGE {
        v.add(
            "start_date",
            format!("the participant would be {age} at start"),
        );
    }
    check_period(conn, &mut v, &row, &identity::mask(&participant.identity))?;
    for month in store::recorded_months(conn, row.id)? {
        if !rules::overlaps(
            (row.start_date, row.end_date),
            (month.first_day(), Some(month.last_day())),
        ) {
            v.add(
                "end_date",
                format!(
                    "attendance or compensation is recorded for {month}, outside the new period"
                ),
            );
        }
    }
    v.into_result()?;
    expect_version(
        store::update_enrolment(conn, patch.version, &row)?,
        "enrolment",
        patch.version,
    )?;
    let (new, participant) = store::find_enrolment(conn, id)?
        .ok_or_else(|| AppError::Internal("enrolment vanished".into()))?;
    super::scb::mark_changed(conn, Month::of(old.start_date.min(new.start_date)))?;
    let before = view(old, participant.clone(), None)?;
    let after = view(new.clone(), participant.clone(), None)?;
    audit(
        conn,
        actor,
        "update",
        new.organisation_id,
        id,
        Some(&before),
        Some(&after),
    )?;
    view(new, participant, Some(actor))
}

pub fn create_workshop(
    conn: &mut DbConnection,
    actor: &Actor,
    input: WorkshopInput,
) -> AppResult<Workshop> {
    conn.write_tx(|conn| {
        let org = municipality(conn, actor, input.organisation_id)?;
        let name = required_text(&input.name, 200).map_err(|m| AppError::validation("name", m))?;
        if store::workshop_named(conn, org.id, &name)?.is_some() {
            return Err(AppError::conflict(
                "name",
                format!("{} already has a workshop named {name}", org.name),
            ));
        }
        let id = store::insert_workshop(conn, org.id, &name)?;
        let created = workshop_view(
            store::find_workshop(conn, id)?.ok_or_else(|| AppError::Internal("workshop".into()))?,
        );
        audit::created(
            conn,
            &ChangedBy::of(actor),
            Change::of("workshop", id, org.id, "create"),
            &created,
        )?;
        Ok(created)
    })
}

pub fn workshops(
    conn: &mut DbConnection,
    actor: &Actor,
    q: WorkshopQuery,
) -> AppResult<Vec<Workshop>> {
    let root = list_root(conn, actor, q.organisation_id, Action::Read)?;
    Ok(store::workshops_under(conn, &root.path)?
        .into_iter()
        .map(workshop_view)
        .collect())
}
