//! The actors this process has verified, so an authenticated request needs no database
//! round trip of its own for its actor (issue 17, item 3): only the ones its handler makes.
//!
//! The database keeps a *directory generation* that a trigger raises in the transaction
//! of every change to an organisation and of every change to what a user may do
//! (organisation, name, roles, active, token generation) or a user's removal (migration
//! 22). This process reads it, each read through [`ActorCache::read_generation`], which
//! counts it as of when the read began, and this cache keeps the highest it has seen. It
//! is read
//! - by a watcher thread with its own connection ([`ActorCache::watching`]), every
//!   [`POLL_MS`] while requests come in, and not at all while none do;
//! - after the work of every database hop of a request that may write (any method but
//!   GET, HEAD and OPTIONS: `api::middleware::mark_writes`), in the same hop, so before
//!   its response goes out;
//! - before the actor, when a request loads it from the database.
//!
//! A cached actor is used only when
//! - it was loaded under the token generation the request's token carries (a password
//!   change, reset, role change or disabling raises the user's token generation);
//! - it was loaded at the generation this process last read, so nothing in the directory
//!   has changed since;
//! - that read began recently ([`FRESH_MS`]) and after the last read that failed: on an
//!   idle process, or after a failed read, the next request takes the database path;
//! - and it is younger than [`KEEP_MS`].
//!
//! A change made through this process is therefore seen by the very next request: the
//! request that wrote it reads the raised generation before its response is sent, and if
//! that read fails, no cached actor is trusted until a later read succeeds. A change
//! made by another process (another instance on PostgreSQL, or a command on the same
//! SQLite file) is seen once a read that began after the change has finished: under load
//! within a poll or two, and at most [`FRESH_MS`] later, since an older read is not
//! trusted longer.
//!
//! The generation only rises. After a database is restored from a backup its counter
//! may be lower than before: restart the servers with it (a restore means one anyway).
//!
//! The same trust covers the organisations: at the generation it goes by, the cache
//! keeps every organisation ([`ActorCache::directory`]), loaded in the hop that first
//! asks at a new generation, after reading it. `AppState::db_read` hands them to reads
//! that find organisations by id, only in requests that cannot write (a write that
//! changes an organisation reads it back in its own transaction).
//!
//! Memory: one entry per user, replaced when the user's token generation changes, so
//! the cache holds at most as many actors as there are users, and one copy of the
//! organisation tree (a few hundred rows at most).

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, RwLock, Weak};
use std::time::{Duration, Instant};

use crate::auth::token::Subject;
use crate::domain::access::Actor;
use crate::error::{AppError, AppResult};
use crate::store::db::Manager;
use crate::store::organisations::Directory;
use crate::store::{DatabaseTarget, DbConnection};

/// How recent the process's last read of the directory generation must be for a cached
/// actor to be used, in milliseconds. Under load, reads are far more frequent than this.
pub const FRESH_MS: u64 = 100;

/// How long an actor stays cached at most, in milliseconds.
pub const KEEP_MS: u64 = 60_000;

/// How often the watcher reads the directory generation while requests come in, in
/// milliseconds: well within [`FRESH_MS`], and 50 small reads a second per process.
pub const POLL_MS: u64 = 20;

struct Entry {
    token_generation: i64,
    directory_generation: i64,
    loaded_at: u64,
    actor: Actor,
}

struct Inner {
    started: Instant,
    /// The highest directory generation this process has read (0: none yet).
    generation: AtomicI64,
    /// When the last successful read began, in milliseconds since `started` (0: never).
    read_at: AtomicU64,
    /// When the last failed read ended: no read that began before it is trusted.
    failed_at: AtomicU64,
    /// A request asked for an actor since the watcher last read: it should read again.
    wanted: AtomicBool,
    actors: RwLock<HashMap<i64, Entry>>,
    /// The organisations at one generation, for reads (`directory`).
    directory: RwLock<Option<Arc<Directory>>>,
}

/// Cheap to clone: every clone is the same cache.
#[derive(Clone)]
pub struct ActorCache(Arc<Inner>);

impl Default for ActorCache {
    fn default() -> Self {
        ActorCache(Arc::new(Inner {
            started: Instant::now(),
            generation: AtomicI64::new(0),
            read_at: AtomicU64::new(0),
            failed_at: AtomicU64::new(0),
            wanted: AtomicBool::new(false),
            actors: RwLock::new(HashMap::new()),
            directory: RwLock::new(None),
        }))
    }
}

impl ActorCache {
    /// Milliseconds since the cache was made, at least 1 (0 stands for "never").
    fn now(&self) -> u64 {
        u64::try_from(self.0.started.elapsed().as_millis())
            .unwrap_or(u64::MAX)
            .max(1)
    }

    /// A cache whose watcher thread reads the directory generation of `target` every
    /// [`POLL_MS`] while requests ask for actors, over a connection of its own (a busy
    /// pool does not delay it). The thread ends when the last clone of the cache is
    /// dropped.
    pub fn watching(target: DatabaseTarget) -> std::io::Result<Self> {
        let cache = Self::default();
        let weak = Arc::downgrade(&cache.0);
        std::thread::Builder::new()
            .name("directory-watch".into())
            .spawn(move || watch(&weak, &target))?;
        Ok(cache)
    }

    /// The actor `subject` names, if a cached one may be used now.
    pub fn get(&self, subject: &Subject) -> Option<Actor> {
        self.0.wanted.store(true, Ordering::Relaxed);
        self.get_at(subject, self.now())
    }

    /// The generation this process may go by at `now`: its last read began recently
    /// ([`FRESH_MS`]) and after the last read that failed.
    fn trusted_generation(&self, now: u64) -> Option<i64> {
        let read_at = self.0.read_at.load(Ordering::Acquire);
        if read_at == 0
            || read_at <= self.0.failed_at.load(Ordering::Acquire)
            || now.saturating_sub(read_at) > FRESH_MS
        {
            return None;
        }
        Some(self.0.generation.load(Ordering::Acquire))
    }

    fn get_at(&self, subject: &Subject, now: u64) -> Option<Actor> {
        let generation = self.trusted_generation(now)?;
        let actors = self.0.actors.read().ok()?;
        let entry = actors.get(&subject.user_id)?;
        (entry.token_generation == subject.generation
            && entry.directory_generation == generation
            && now.saturating_sub(entry.loaded_at) <= KEEP_MS)
            .then(|| entry.actor.clone())
    }

    /// Every organisation at the generation this process goes by now, loaded over
    /// `conn` when the one kept is older (the generation is read first, in the same
    /// hop, so the rows are at least as new as their label); `None` when no recent read
    /// is trusted (an idle process, or after a failed read): then the caller queries.
    pub fn directory(&self, conn: &mut DbConnection) -> AppResult<Option<Arc<Directory>>> {
        self.0.wanted.store(true, Ordering::Relaxed);
        let Some(generation) = self.trusted_generation(self.now()) else {
            return Ok(None);
        };
        if let Some(kept) = self.kept_directory(generation) {
            return Ok(Some(kept));
        }
        let generation = self.read_generation(conn)?;
        let loaded = Arc::new(Directory::load(conn, generation)?);
        if let Ok(mut slot) = self.0.directory.write() {
            if slot.as_ref().is_none_or(|d| d.generation() < generation) {
                *slot = Some(loaded.clone());
            }
        }
        Ok(Some(loaded))
    }

    fn kept_directory(&self, generation: i64) -> Option<Arc<Directory>> {
        let slot = self.0.directory.read().ok()?;
        slot.as_ref()
            .filter(|d| d.generation() == generation)
            .cloned()
    }

    /// Keeps `actor`, loaded for `subject` by a read that began at directory generation
    /// `directory_generation` (read before the actor, so a change between the two
    /// leaves the entry older than the generation, not newer).
    pub fn put(&self, subject: &Subject, actor: Actor, directory_generation: i64) {
        self.put_at(subject, actor, directory_generation, self.now());
    }

    fn put_at(&self, subject: &Subject, actor: Actor, directory_generation: i64, now: u64) {
        if let Ok(mut actors) = self.0.actors.write() {
            actors.insert(
                subject.user_id,
                Entry {
                    token_generation: subject.generation,
                    directory_generation,
                    loaded_at: now,
                    actor,
                },
            );
        }
    }

    /// Reads the directory generation over `conn` and keeps it as of when the read
    /// began, not when it was handed over. The highest read is kept: a read of an older
    /// generation that finishes later does not undo a newer one. If the read fails (the
    /// hop's own work may have changed the directory), no cached actor is trusted until a
    /// read that begins after now succeeds.
    pub fn read_generation(&self, conn: &mut DbConnection) -> AppResult<i64> {
        let began = self.now();
        match crate::service::auth::directory_generation(conn) {
            Ok(generation) => {
                self.observe_at(generation, began);
                Ok(generation)
            }
            Err(e) => {
                self.failed_at(self.now());
                Err(e)
            }
        }
    }

    fn observe_at(&self, generation: i64, began: u64) {
        self.0.generation.fetch_max(generation, Ordering::AcqRel);
        self.0.read_at.fetch_max(began, Ordering::AcqRel);
    }

    fn failed_at(&self, now: u64) {
        self.0.failed_at.fetch_max(now, Ordering::AcqRel);
    }
}

/// The watcher's loop: sleeps [`POLL_MS`], and reads the generation if a request asked
/// for an actor meanwhile. A failed read (or connection) counts as failed, and the next
/// read connects anew.
fn watch(cache: &Weak<Inner>, target: &DatabaseTarget) {
    let mut conn: Option<DbConnection> = None;
    let mut failing = false;
    loop {
        std::thread::sleep(Duration::from_millis(POLL_MS));
        let Some(inner) = cache.upgrade() else {
            return;
        };
        let cache = ActorCache(inner);
        if !cache.0.wanted.swap(false, Ordering::Relaxed) {
            continue;
        }
        let read = match conn.take() {
            Some(c) => Ok(c),
            None => Manager::connect_once(target).map_err(AppError::from),
        }
        .and_then(|mut c| cache.read_generation(&mut c).map(|_| c));
        match read {
            Ok(c) => {
                conn = Some(c);
                failing = false;
            }
            Err(e) => {
                // A failed connection is a failed read too.
                cache.failed_at(cache.now());
                if !failing {
                    tracing::warn!(error = %e, "cannot read the directory generation");
                }
                failing = true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::organisation::OrgKind;
    use crate::domain::roles::RoleSet;

    fn actor(name: &str) -> Actor {
        Actor {
            user_id: 7,
            name: name.into(),
            organisation_id: 3,
            organisation_kind: OrgKind::Municipality,
            organisation_path: "/1/2/3/".into(),
            roles: RoleSet::default(),
        }
    }

    const SUBJECT: Subject = Subject {
        user_id: 7,
        generation: 2,
    };

    fn name(cache: &ActorCache, subject: &Subject, now: u64) -> Option<String> {
        cache.get_at(subject, now).map(|a| a.name)
    }

    /// Generation 5 read at 10 ms, and Eva loaded at it then.
    fn eva_cached_at_generation_5() -> ActorCache {
        let cache = ActorCache::default();
        cache.observe_at(5, 10);
        cache.put_at(&SUBJECT, actor("Eva"), 5, 10);
        cache
    }

    #[test]
    fn nothing_is_used_before_the_generation_is_read() {
        let cache = ActorCache::default();
        cache.put_at(&SUBJECT, actor("Eva"), 5, 10);
        assert_eq!(name(&cache, &SUBJECT, 10), None);
        cache.observe_at(5, 10);
        assert_eq!(name(&cache, &SUBJECT, 10).as_deref(), Some("Eva"));
    }

    #[test]
    fn a_raised_directory_generation_ends_every_cached_actor() {
        let cache = eva_cached_at_generation_5();
        assert!(name(&cache, &SUBJECT, 20).is_some());
        cache.observe_at(6, 20);
        assert_eq!(name(&cache, &SUBJECT, 20), None);
        // An older read finishing later does not bring the old generation back.
        cache.observe_at(5, 30);
        assert_eq!(name(&cache, &SUBJECT, 30), None);
        // Loaded anew at the new generation, it is used again.
        cache.put_at(&SUBJECT, actor("Eva Berg"), 6, 30);
        assert_eq!(name(&cache, &SUBJECT, 30).as_deref(), Some("Eva Berg"));
    }

    #[test]
    fn an_actor_loaded_before_a_change_is_not_used_after_it() {
        // Generation read (5), then the directory changed (6) and this process's hop saw
        // it, then the actor read finished: the entry says 5 and is never used.
        let cache = ActorCache::default();
        cache.observe_at(6, 10);
        cache.put_at(&SUBJECT, actor("Eva"), 5, 11);
        assert_eq!(name(&cache, &SUBJECT, 12), None);
    }

    #[test]
    fn after_a_failed_read_only_a_later_read_is_trusted() {
        let cache = eva_cached_at_generation_5();
        cache.failed_at(12);
        assert_eq!(name(&cache, &SUBJECT, 13), None);
        // A read that began before the failure, handed over after it, is not enough.
        cache.observe_at(5, 11);
        assert_eq!(name(&cache, &SUBJECT, 13), None);
        cache.observe_at(5, 14);
        assert_eq!(name(&cache, &SUBJECT, 14).as_deref(), Some("Eva"));
    }

    #[test]
    fn another_token_generation_is_not_this_entry() {
        let cache = eva_cached_at_generation_5();
        let older = Subject {
            generation: 1,
            ..SUBJECT
        };
        let newer = Subject {
            generation: 3,
            ..SUBJECT
        };
        assert_eq!(name(&cache, &older, 10), None);
        assert_eq!(name(&cache, &newer, 10), None);
        let someone_else = Subject {
            user_id: 8,
            ..SUBJECT
        };
        assert_eq!(name(&cache, &someone_else, 10), None);
    }

    #[test]
    fn a_stale_read_or_an_old_entry_sends_the_request_to_the_database() {
        let cache = eva_cached_at_generation_5();
        assert!(name(&cache, &SUBJECT, 10 + FRESH_MS).is_some());
        assert_eq!(name(&cache, &SUBJECT, 11 + FRESH_MS), None);
        // Kept fresh by other hops, the entry still ends after KEEP_MS.
        cache.observe_at(5, 10 + KEEP_MS);
        assert!(name(&cache, &SUBJECT, 10 + KEEP_MS).is_some());
        cache.observe_at(5, 11 + KEEP_MS);
        assert_eq!(name(&cache, &SUBJECT, 11 + KEEP_MS), None);
    }
}
