//! Organisations: the visible tree, creation and edits by admins.

use std::collections::HashMap;

use serde::Deserialize;

use super::audit::{self, Change};
use super::{expect_version, stale, ChangedBy};
use crate::domain::access::{Action, Actor};
use crate::domain::names::Named;
use crate::domain::organisation::{self as rules, EmployerKind, OrgKind};
use crate::domain::validation::{required_text, Violations};
use crate::error::{AppError, AppResult};
use crate::store::organisations::{
    self as store, NewOrganisation, OrganisationChanges, OrganisationFilter, OrganisationRow,
};
use crate::store::DbConnection;
use crate::views::organisations::{
    NewOrganisationInput, Organisation, OrganisationNode, OrganisationPatch, OrganisationQuery,
};
use crate::views::{Page, PageParams};

pub const MAX_NAME_CHARS: usize = 200;

impl Organisation {
    pub fn from_row(row: OrganisationRow) -> AppResult<Self> {
        let kind = row.kind;
        let employer_kind = row.employer_kind;
        Ok(Self {
            employer_kind,
            depth: row.path.matches('/').count().saturating_sub(2),
            id: row.id,
            parent_id: row.parent_id,
            kind,
            code: row.code,
            name: row.name,
            municipality_code: row.municipality_code,
            organisation_number: row.organisation_number,
            version: row.version,
            created_at: row.created_at.and_utc(),
            updated_at: row.updated_at.and_utc(),
        })
    }
}

/// Field values after normalisation, shared by create and edit.
struct CheckedFields {
    code: String,
    name: String,
    municipality_code: Option<String>,
    organisation_number: Option<String>,
}

fn check_fields(
    kind: OrgKind,
    code: Option<&str>,
    name: &str,
    municipality_code: Option<&str>,
    organisation_number: Option<&str>,
) -> Result<CheckedFields, Violations> {
    let mut v = Violations::new();
    let name = v.check("name", required_text(name, MAX_NAME_CHARS));
    let municipality_code = match municipality_code {
        Some(_) if kind != OrgKind::Municipality => {
            v.add(
                "municipality_code",
                format!(
                    "only municipalities have a municipality code, not a {}",
                    kind.as_str()
                ),
            );
            None
        }
        Some(c) => v.check("municipality_code", rules::normalize_municipality_code(c)),
        None => None,
    };
    let organisation_number = organisation_number.and_then(|n| {
        v.check(
            "organisation_number",
            rules::normalize_organisation_number(n),
        )
    });
    let code = match (code, &municipality_code) {
        (Some(c), _) => v.check("code", rules::normalize_code(c)),
        (None, Some(m)) => Some(m.clone()),
        (None, None) => {
            v.add("code", "is required when there is no municipality code");
            None
        }
    };
    v.into_result()?;
    Ok(CheckedFields {
        code: code.unwrap_or_default(),
        name: name.unwrap_or_default(),
        municipality_code,
        organisation_number,
    })
}

/// Refuses values another organisation already holds, naming the field.
fn check_unique(
    conn: &mut DbConnection,
    fields: &CheckedFields,
    parent_id: Option<i64>,
    self_id: Option<i64>,
) -> AppResult<()> {
    let taken = |found: Option<i64>| found.is_some_and(|id| Some(id) != self_id);
    if taken(store::id_with_code(conn, &fields.code)?) {
        return Err(AppError::conflict(
            "code",
            format!("another organisation has the code '{}'", fields.code),
        ));
    }
    if let Some(m) = &fields.municipality_code {
        if taken(store::id_with_municipality_code(conn, m)?) {
            return Err(AppError::conflict(
                "municipality_code",
                format!("another organisation has the municipality code {m}"),
            ));
        }
    }
    if let Some(n) = &fields.organisation_number {
        if taken(store::id_with_organisation_number(conn, n)?) {
            return Err(AppError::conflict(
                "organisation_number",
                format!("another organisation has the organisation number {n}"),
            ));
        }
    }
    if taken(store::id_with_sibling_name(conn, parent_id, &fields.name)?) {
        return Err(AppError::conflict(
            "name",
            format!(
                "the parent already has an organisation named '{}'",
                fields.name
            ),
        ));
    }
    Ok(())
}

fn missing(id: i64) -> AppError {
    AppError::NotFound(format!("no organisation {id}"))
}

fn missing_parent(id: i64) -> AppError {
    AppError::validation("parent_id", format!("no organisation {id} exists"))
}

fn load(conn: &mut DbConnection, id: i64) -> AppResult<OrganisationRow> {
    store::find(conn, id)?.ok_or_else(|| missing(id))
}

/// Loads a parent named in the input; a missing one is an input error on `parent_id`.
fn load_parent(conn: &mut DbConnection, id: i64) -> AppResult<OrganisationRow> {
    store::find(conn, id)?.ok_or_else(|| missing_parent(id))
}

pub fn get(conn: &mut DbConnection, actor: &Actor, id: i64) -> AppResult<Organisation> {
    let row = load(conn, id)?;
    super::authorize_found(actor, Action::Read, &row, || missing(id))?;
    Organisation::from_row(row)
}

/// The organisations the actor sees (their own and everything under it).
pub fn list(
    conn: &mut DbConnection,
    actor: &Actor,
    q: OrganisationQuery,
) -> AppResult<Page<Organisation>> {
    let (limit, offset) = PageParams {
        limit: q.limit,
        offset: q.offset,
    }
    .resolve()?;
    let filter = OrganisationFilter {
        kind: q.kind,
        parent_id: q.parent_id,
    };
    let (rows, total) =
        store::list_subtree(conn, &actor.organisation_path, &filter, limit, offset)?;
    Ok(Page {
        items: rows
            .into_iter()
            .map(Organisation::from_row)
            .collect::<AppResult<_>>()?,
        total,
        limit,
        offset,
    })
}

/// The visible tree, nested, rooted at the actor's organisation.
pub fn tree(conn: &mut DbConnection, actor: &Actor) -> AppResult<OrganisationNode> {
    let rows = store::subtree(conn, &actor.organisation_path)?;
    // Rows come parents first (ordered by path); group children by parent in one pass.
    let mut root = None;
    let mut children: HashMap<i64, Vec<Organisation>> = HashMap::new();
    for row in rows {
        let org = Organisation::from_row(row)?;
        match org.parent_id {
            _ if org.id == actor.organisation_id => root = Some(org),
            Some(parent) => children.entry(parent).or_default().push(org),
            None => {}
        }
    }
    let root = root.ok_or_else(|| AppError::Internal("actor's organisation missing".into()))?;
    Ok(build_node(root, &mut children))
}

fn build_node(
    org: Organisation,
    children: &mut HashMap<i64, Vec<Organisation>>,
) -> OrganisationNode {
    let own = children.remove(&org.id).unwrap_or_default();
    OrganisationNode {
        organisation: org,
        children: own.into_iter().map(|c| build_node(c, children)).collect(),
    }
}

pub fn create(
    conn: &mut DbConnection,
    actor: &Actor,
    input: NewOrganisationInput,
) -> AppResult<Organisation> {
    let fields = check_fields(
        input.kind,
        input.code.as_deref(),
        &input.name,
        input.municipality_code.as_deref(),
        input.organisation_number.as_deref(),
    )?;
    conn.write_tx(|conn| {
        let parent = load_parent(conn, input.parent_id)?;
        super::authorize_found(actor, Action::ManageOrganisations, &parent, || {
            missing_parent(input.parent_id)
        })?;
        let parent_kind = parent.kind;
        rules::check_placement(input.kind, Some(parent_kind))
            .map_err(|m| AppError::validation("parent_id", m))?;
        let employer = input.employer_kind.unwrap_or(EmployerKind::Municipality);
        insert_checked(
            conn,
            &ChangedBy::of(actor),
            (input.kind, employer),
            fields,
            Some(&parent),
        )
    })
}

/// Inserts an organisation whose fields and placement are already checked.
fn insert_checked(
    conn: &mut DbConnection,
    by: &ChangedBy,
    (kind, employer_kind): (OrgKind, EmployerKind),
    fields: CheckedFields,
    parent: Option<&OrganisationRow>,
) -> AppResult<Organisation> {
    check_unique(conn, &fields, parent.map(|p| p.id), None)?;
    let now = crate::store::now();
    let id = store::insert(
        conn,
        NewOrganisation {
            parent_id: parent.map(|p| p.id),
            kind,
            code: fields.code,
            name: fields.name,
            municipality_code: fields.municipality_code,
            organisation_number: fields.organisation_number,
            path: String::new(),
            employer_kind,
            version: 1,
            created_at: now,
            updated_at: now,
        },
        parent.map(|p| p.path.as_str()),
    )?;
    let created = Organisation::from_row(load(conn, id)?)?;
    audit::created(
        conn,
        by,
        Change::of("organisation", id, id, "create"),
        &created,
    )?;
    Ok(created)
}

pub fn update(
    conn: &mut DbConnection,
    actor: &Actor,
    id: i64,
    patch: OrganisationPatch,
) -> AppResult<Organisation> {
    conn.write_tx(|conn| {
        let current = load(conn, id)?;
        super::authorize_found(actor, Action::ManageOrganisations, &current, || missing(id))?;
        let kind = current.kind;
        let fields = check_fields(
            kind,
            patch.code.as_deref().or(Some(current.code.as_str())),
            patch.name.as_deref().unwrap_or(&current.name),
            patch
                .municipality_code
                .clone()
                .unwrap_or(current.municipality_code.clone())
                .as_deref(),
            patch
                .organisation_number
                .clone()
                .unwrap_or(current.organisation_number.clone())
                .as_deref(),
        )?;

        let new_parent = match patch.parent_id {
            Some(p) if Some(p) != current.parent_id => {
                let parent = load_parent(conn, p)?;
                super::authorize_found(actor, Action::ManageOrganisations, &parent, || {
                    missing_parent(p)
                })?;
                if rules::would_make_cycle(&current.path, &parent.path) {
                    return Err(AppError::validation(
                        "parent_id",
                        format!(
                            "moving '{}' under organisation {p} would make a cycle: it is the organisation itself or one of its descendants",
                            current.name
                        ),
                    ));
                }
                let parent_kind = parent.kind;
                rules::check_placement(kind, Some(parent_kind))
                    .map_err(|m| AppError::validation("parent_id", m))?;
                Some(parent)
            }
            _ => None,
        };
        let parent_id = new_parent.as_ref().map(|p| p.id).or(current.parent_id);
        check_unique(conn, &fields, parent_id, Some(id))?;
        if patch.version != current.version {
            return Err(stale("organisation", patch.version));
        }

        let before = Organisation::from_row(current.clone())?;
        let changes = OrganisationChanges {
            parent_id,
            code: fields.code,
            name: fields.name,
            municipality_code: fields.municipality_code,
            organisation_number: fields.organisation_number,
            employer_kind: patch.employer_kind.unwrap_or(current.employer_kind),
            updated_at: crate::store::now(),
        };
        expect_version(store::update(conn, id, patch.version, &changes)?, "organisation", patch.version)?;
        if let Some(parent) = &new_parent {
            let new_path = rules::child_path(Some(&parent.path), id);
            store::move_subtree(conn, &current.path, &new_path)?;
        }
        let after = Organisation::from_row(load(conn, id)?)?;
        // The SCB file shows municipality codes, workshops and regional totals: a change
        // to them alters every month sent since the subtree's first enrolment.
        if before.municipality_code != after.municipality_code
            || before.parent_id != after.parent_id
            || before.name != after.name
        {
            let path = load(conn, id)?.path;
            if let Some(first) = crate::store::participants::first_start_under(conn, &path)? {
                super::scb::mark_changed(conn, crate::domain::period::Month::of(first))?;
            }
        }
        audit::updated(conn, &ChangedBy::of(actor), Change::of("organisation", id, id, "update"), &before, &after)?;
        Ok(after)
    })
}

/// A row of the organisation fixture, as `seed` reads it.
#[derive(Debug, Clone, Deserialize)]
pub struct FixtureOrganisation {
    pub kind: String,
    pub code: String,
    pub name: String,
    pub parent_code: Option<String>,
    pub municipality_code: Option<String>,
    pub organisation_number: Option<String>,
    pub employer_kind: String,
}

/// Creates the organisation unless one with its code exists (seeding is idempotent).
/// Returns whether it was created. Parents must come before their children.
pub fn ensure_from_fixture(conn: &mut DbConnection, row: &FixtureOrganisation) -> AppResult<bool> {
    if store::find_by_code(conn, &row.code)?.is_some() {
        return Ok(false);
    }
    let kind = OrgKind::parse(&row.kind).map_err(|m| AppError::validation("kind", m))?;
    let fields = check_fields(
        kind,
        Some(&row.code),
        &row.name,
        row.municipality_code.as_deref(),
        row.organisation_number.as_deref(),
    )?;
    let parent = match &row.parent_code {
        Some(code) => Some(store::find_by_code(conn, code)?.ok_or_else(|| {
            AppError::validation("parent_code", format!("no organisation with code {code}"))
        })?),
        None => None,
    };
    let parent_kind = parent.as_ref().map(|p| p.kind);
    rules::check_placement(kind, parent_kind)
        .map_err(|m| AppError::validation("parent_code", m))?;
    if kind == OrgKind::Owner && store::owner(conn)?.is_some() {
        return Err(AppError::conflict(
            "kind",
            "the project already has an owner",
        ));
    }
    let employer = EmployerKind::parse(&row.employer_kind)
        .map_err(|m| AppError::validation("employer_kind", m))?;
    insert_checked(
        conn,
        &ChangedBy::Cli,
        (kind, employer),
        fields,
        parent.as_ref(),
    )?;
    Ok(true)
}
