//! Organisation rows and subtree queries (by materialised path).

use diesel::prelude::*;

use super::schema::organisations::{self, dsl as o};
use super::{DbConnection, StoreError};
use crate::domain::organisation::EmployerKind;
use crate::domain::organisation::OrgKind;

#[derive(Debug, Clone, Queryable, Selectable, PartialEq, Eq)]
#[diesel(table_name = organisations)]
pub struct OrganisationRow {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub kind: OrgKind,
    pub code: String,
    pub name: String,
    pub municipality_code: Option<String>,
    pub organisation_number: Option<String>,
    pub path: String,
    pub employer_kind: EmployerKind,
    pub version: i64,
    pub created_at: chrono::NaiveDateTime,
    pub updated_at: chrono::NaiveDateTime,
}

/// The one subtree filter: the organisations at or under the node whose materialised
/// path is `path` (`/1/2/`). Paths hold only digits and '/', so LIKE needs no escaping;
/// `path` is indexed, so the prefix pattern is a range scan.
pub fn in_subtree(path: &str) -> diesel::dsl::Like<o::path, String> {
    o::path.like(format!("{path}%"))
}

impl OrganisationRow {
    /// The region whose figures include this organisation's: itself for a region, its
    /// parent for a municipality, none for the owner.
    pub fn region_id(&self) -> Option<i64> {
        match self.kind {
            OrgKind::Region => Some(self.id),
            OrgKind::Municipality => self.parent_id,
            OrgKind::Owner => None,
        }
    }
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = organisations)]
pub struct NewOrganisation {
    pub parent_id: Option<i64>,
    pub kind: OrgKind,
    pub code: String,
    pub name: String,
    pub municipality_code: Option<String>,
    pub organisation_number: Option<String>,
    pub path: String,
    pub employer_kind: EmployerKind,
    pub version: i64,
    pub created_at: chrono::NaiveDateTime,
    pub updated_at: chrono::NaiveDateTime,
}

/// The editable fields, written together with a version bump.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = organisations, treat_none_as_null = true)]
pub struct OrganisationChanges {
    pub parent_id: Option<i64>,
    pub code: String,
    pub name: String,
    pub municipality_code: Option<String>,
    pub organisation_number: Option<String>,
    pub employer_kind: EmployerKind,
    pub updated_at: chrono::NaiveDateTime,
}

#[derive(Debug, Clone, Default)]
pub struct OrganisationFilter {
    pub kind: Option<OrgKind>,
    pub parent_id: Option<i64>,
}

pub fn find(conn: &mut DbConnection, id: i64) -> Result<Option<OrganisationRow>, StoreError> {
    Ok(o::organisations
        .find(id)
        .select(OrganisationRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn find_by_code(
    conn: &mut DbConnection,
    code: &str,
) -> Result<Option<OrganisationRow>, StoreError> {
    Ok(o::organisations
        .filter(o::code.eq(code))
        .select(OrganisationRow::as_select())
        .first(conn)
        .optional()?)
}

/// Which existing organisation (other than `except_id`) already holds one of the
/// unique values; each is checked separately so the error can name the field.
pub fn id_with_municipality_code(
    conn: &mut DbConnection,
    code: &str,
) -> Result<Option<i64>, StoreError> {
    Ok(o::organisations
        .filter(o::municipality_code.eq(code))
        .select(o::id)
        .first(conn)
        .optional()?)
}

pub fn id_with_organisation_number(
    conn: &mut DbConnection,
    number: &str,
) -> Result<Option<i64>, StoreError> {
    Ok(o::organisations
        .filter(o::organisation_number.eq(number))
        .select(o::id)
        .first(conn)
        .optional()?)
}

pub fn id_with_code(conn: &mut DbConnection, code: &str) -> Result<Option<i64>, StoreError> {
    Ok(o::organisations
        .filter(o::code.eq(code))
        .select(o::id)
        .first(conn)
        .optional()?)
}

pub fn id_with_sibling_name(
    conn: &mut DbConnection,
    parent_id: Option<i64>,
    name: &str,
) -> Result<Option<i64>, StoreError> {
    let query = o::organisations
        .filter(o::name.eq(name))
        .select(o::id)
        .into_boxed();
    let query = match parent_id {
        Some(p) => query.filter(o::parent_id.eq(p)),
        None => query.filter(o::parent_id.is_null()),
    };
    Ok(query.first(conn).optional()?)
}

/// Holds the owner's row until the transaction ends: changes that must see each other
/// (who remains an admin) queue up here, on any number of server instances.
pub fn lock_owner(conn: &mut DbConnection) -> Result<(), StoreError> {
    diesel::update(o::organisations.filter(o::kind.eq(OrgKind::Owner)))
        .set(o::version.eq(o::version))
        .execute(conn)?;
    Ok(())
}

pub fn owner(conn: &mut DbConnection) -> Result<Option<OrganisationRow>, StoreError> {
    Ok(o::organisations
        .filter(o::kind.eq(OrgKind::Owner))
        .select(OrganisationRow::as_select())
        .first(conn)
        .optional()?)
}

/// Every organisation under (and including) the node at `path`, parents before their
/// children (ordered by path): the whole list, with no count.
pub fn subtree(conn: &mut DbConnection, path: &str) -> Result<Vec<OrganisationRow>, StoreError> {
    Ok(o::organisations
        .filter(in_subtree(path))
        .order((o::path.asc(), o::id.asc()))
        .select(OrganisationRow::as_select())
        .load(conn)?)
}

/// Every organisation as of one directory generation (issue 17, item 3): a process
/// keeps one between requests, so a read that only needs organisations by id needs no
/// query for them. Whoever keeps it must stop using it once the generation has risen
/// (`api::actors`).
#[derive(Debug)]
pub struct Directory {
    generation: i64,
    by_id: std::collections::HashMap<i64, OrganisationRow>,
}

impl Directory {
    /// Every organisation, labelled with `generation`: the caller read that before
    /// these rows, so they are at least as new as it (a change between the two leaves
    /// the label older than the rows, and the next read of the generation retires them).
    pub fn load(conn: &mut DbConnection, generation: i64) -> Result<Directory, StoreError> {
        let rows: Vec<OrganisationRow> = o::organisations
            .select(OrganisationRow::as_select())
            .load(conn)?;
        Ok(Directory {
            generation,
            by_id: rows.into_iter().map(|r| (r.id, r)).collect(),
        })
    }

    pub fn generation(&self) -> i64 {
        self.generation
    }

    pub fn find(&self, id: i64) -> Option<&OrganisationRow> {
        self.by_id.get(&id)
    }

    /// The ids of the organisations under (and including) the node at `path`, in no
    /// particular order.
    pub fn ids_in_subtree(&self, path: &str) -> Vec<i64> {
        self.by_id
            .values()
            .filter(|o| crate::domain::organisation::is_in_subtree(path, &o.path))
            .map(|o| o.id)
            .collect()
    }
}

/// The ids of the organisations under (and including) the node at `path`.
pub fn ids_in_subtree(conn: &mut DbConnection, path: &str) -> Result<Vec<i64>, StoreError> {
    Ok(o::organisations
        .filter(in_subtree(path))
        .select(o::id)
        .load(conn)?)
}

/// The organisations under (and including) the node at `path`, ordered by path so
/// that parents come before their children, one page at a time, with the total count.
pub fn list_subtree(
    conn: &mut DbConnection,
    path: &str,
    filter: &OrganisationFilter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<OrganisationRow>, i64), StoreError> {
    let build = || {
        let mut q = o::organisations.filter(in_subtree(path)).into_boxed();
        if let Some(kind) = &filter.kind {
            q = q.filter(o::kind.eq(*kind));
        }
        if let Some(parent) = filter.parent_id {
            q = q.filter(o::parent_id.eq(parent));
        }
        q
    };
    let total: i64 = build().count().get_result(conn)?;
    let rows = build()
        .order((o::path.asc(), o::id.asc()))
        .limit(limit)
        .offset(offset)
        .select(OrganisationRow::as_select())
        .load(conn)?;
    Ok((rows, total))
}

pub fn count(conn: &mut DbConnection) -> Result<i64, StoreError> {
    Ok(o::organisations.count().get_result(conn)?)
}

/// Inserts the row and sets its path, which needs the new id.
pub fn insert(
    conn: &mut DbConnection,
    mut new: NewOrganisation,
    parent_path: Option<&str>,
) -> Result<i64, StoreError> {
    new.path = format!("pending:{}", uuid::Uuid::new_v4());
    let id: i64 = diesel::insert_into(o::organisations)
        .values(&new)
        .returning(o::id)
        .get_result(conn)?;
    let path = crate::domain::organisation::child_path(parent_path, id);
    diesel::update(o::organisations.find(id))
        .set(o::path.eq(path))
        .execute(conn)?;
    Ok(id)
}

/// Applies the changes if the stored version is `expected_version`; returns whether a
/// row was updated (false means someone else changed it meanwhile).
pub fn update(
    conn: &mut DbConnection,
    id: i64,
    expected_version: i64,
    changes: &OrganisationChanges,
) -> Result<bool, StoreError> {
    let n = diesel::update(
        o::organisations
            .filter(o::id.eq(id))
            .filter(o::version.eq(expected_version)),
    )
    .set((
        changes,
        o::version.eq(super::next_version(expected_version)),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

diesel::define_sql_function! {
    /// SQL `SUBSTR(text, start)`, the same on SQLite and PostgreSQL.
    fn substr(text: diesel::sql_types::Text, start: diesel::sql_types::Integer) -> diesel::sql_types::Text;
}

/// Rewrites the paths of a moved subtree: `old_prefix...` becomes `new_prefix...`.
pub fn move_subtree(
    conn: &mut DbConnection,
    old_prefix: &str,
    new_prefix: &str,
) -> Result<usize, StoreError> {
    let start = i32::try_from(old_prefix.len() + 1).unwrap_or(i32::MAX);
    Ok(
        diesel::update(o::organisations.filter(in_subtree(old_prefix)))
            .set(
                o::path.eq(new_prefix
                    .to_string()
                    .into_sql::<diesel::sql_types::Text>()
                    .concat(substr(o::path, start))),
            )
            .execute(conn)?,
    )
}

/// The ids of every organisation.
pub fn all_ids(conn: &mut DbConnection) -> Result<Vec<i64>, StoreError> {
    Ok(o::organisations.select(o::id).load(conn)?)
}
