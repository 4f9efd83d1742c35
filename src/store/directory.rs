//! The directory's generation: one number the database raises (by trigger) whenever an
//! organisation changes or a user's access does (migration 22). A process that caches
//! actors compares it with the generation each actor was loaded at.

use diesel::prelude::*;

use super::schema::directory_generation::dsl as g;
use super::{DbConnection, StoreError};

/// The current generation (one primary-key read).
pub fn generation(conn: &mut DbConnection) -> Result<i64, StoreError> {
    Ok(g::directory_generation
        .find(1)
        .select(g::generation)
        .first(conn)?)
}
