//! The public site's rendered answers, kept in memory and dropped the
//! moment the content changes.
//!
//! Whether it changed is `content_generation`, the counter SQLite's
//! triggers move on every write to articles, tags and categories, by any
//! process (migration 0003). `refresh` compares it with the generation the
//! cache holds pages of and empties the cache when it moved; the server
//! calls it after every state-changing admin request (so a republish is
//! seen by the very next request), at the end of background imports and
//! scheduled publishing, and once a second for writers in other processes
//! (`folio import` on the live database).
//!
//! A page rendered while the content changed must not be kept: each fill
//! carries the epoch it started in, and is dropped if the cache was
//! emptied since (see `insert`).

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};

use quick_cache::Weighter;
use quick_cache::sync::Cache;

use crate::site::Rendered;

/// Memory the cached answers may take, bodies and their compressed forms.
const CAPACITY_BYTES: u64 = 64 * 1024 * 1024;
/// An estimate of the number of answers held, for the cache's tables.
const ESTIMATED_ITEMS: usize = 4_096;

pub struct SiteCache {
    pages: Cache<String, Arc<Rendered>, ByBytes>,
    /// Moves each time the cache is emptied.
    epoch: AtomicU64,
    /// The `content_generation` the held pages were rendered at.
    generation: AtomicI64,
}

#[derive(Clone)]
struct ByBytes;

impl Weighter<String, Arc<Rendered>> for ByBytes {
    fn weight(&self, key: &String, page: &Arc<Rendered>) -> u64 {
        (key.len() + page.weight()) as u64
    }
}

/// The epoch a fill started in.
#[derive(Clone, Copy)]
pub struct Epoch(u64);

impl Default for SiteCache {
    fn default() -> Self {
        SiteCache {
            pages: Cache::with_weighter(ESTIMATED_ITEMS, CAPACITY_BYTES, ByBytes),
            epoch: AtomicU64::new(0),
            generation: AtomicI64::new(-1),
        }
    }
}

impl SiteCache {
    pub fn get(&self, key: &str) -> Option<Arc<Rendered>> {
        self.pages.get(key)
    }

    /// Call before reading what a page shows.
    pub fn epoch(&self) -> Epoch {
        Epoch(self.epoch.load(Ordering::Acquire))
    }

    /// Keeps a page rendered from what was read after `epoch()` returned
    /// `started`, unless the cache was emptied since: the page may then
    /// show content that is no longer current.
    pub fn insert(&self, started: Epoch, key: String, page: Arc<Rendered>) {
        if self.epoch.load(Ordering::Acquire) != started.0 {
            return;
        }
        self.pages.insert(key.clone(), page);
        // Emptied between the check and the insert: take it out again.
        if self.epoch.load(Ordering::Acquire) != started.0 {
            self.pages.remove(&key);
        }
    }

    /// Drops every page.
    pub fn clear(&self) {
        self.epoch.fetch_add(1, Ordering::AcqRel);
        self.pages.clear();
    }

    /// Drops every page when the content changed since they were rendered.
    pub async fn refresh(&self, conn: &mut sqlx::SqliteConnection) -> Result<(), sqlx::Error> {
        self.observe(crate::db::content_generation(conn).await?);
        Ok(())
    }

    /// Drops every page when `generation`, read from the database just
    /// now, is not the one the pages were rendered at.
    pub fn observe(&self, generation: i64) {
        if self.generation.swap(generation, Ordering::AcqRel) != generation {
            self.clear();
        }
    }

    /// What the held pages take, for the benchmark's figures.
    pub fn weight(&self) -> u64 {
        self.pages.weight()
    }
}
