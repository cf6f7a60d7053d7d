//! Recently ranked searches, kept while the content stands still. Ranking
//! the matches of a common Chinese word costs 10–40 ms at 100,000
//! articles; an editor paging through results, or several asking the
//! same, repeats it. An entry is valid while `content_generation` (moved
//! by triggers on every change of articles, tags or categories, from any
//! process, `folio import` included) has the value it was computed at.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

const CAPACITY: usize = 64;

/// A query's key, the generation it was computed at, and its ranked ids.
type Entry = (String, i64, Arc<Vec<i64>>);

#[derive(Default)]
pub struct SearchCache {
    entries: Mutex<VecDeque<Entry>>,
    /// The passages cut for hits (the admin list's): a page of 50 bodies
    /// read and cut costs more than the rest of the page, and editors
    /// page back and forth through the same results.
    pub passages: PassageCache,
    /// Held while a missing result is computed, so thirty editors asking
    /// the same new question at once rank it once, not thirty times (two
    /// cores gain nothing from ranking in parallel anyway).
    pub computing: tokio::sync::Mutex<()>,
}

impl SearchCache {
    /// The ids ranked for `key` at generation `now`, if computed.
    pub fn get(&self, key: &str, now: i64) -> Option<Arc<Vec<i64>>> {
        let entries = self.entries.lock().ok()?;
        entries
            .iter()
            .find(|(k, at, _)| k == key && *at == now)
            .map(|(_, _, ids)| ids.clone())
    }

    /// Keeps `ids` for `key`, computed at generation `at`; entries of
    /// older generations go.
    pub fn put(&self, key: String, at: i64, ids: Arc<Vec<i64>>) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.retain(|(k, a, _)| k != &key && *a == at);
            if entries.len() == CAPACITY {
                entries.pop_front();
            }
            entries.push_back((key, at, ids));
        }
    }
}

/// Passages of hits by query and article, of one content generation.
/// Passages by (query, article).
type Passages = HashMap<(String, i64), String>;

#[derive(Default)]
pub struct PassageCache {
    /// The generation they belong to, and the passages.
    kept: Mutex<(i64, Passages)>,
}

/// Passages kept at most (a few pages of a few dozen searches).
const PASSAGES: usize = 4096;

impl PassageCache {
    /// The passage of article `id` for the query `key`, cut at generation
    /// `at`.
    pub fn get(&self, at: i64, key: &str, id: i64) -> Option<String> {
        let kept = self.kept.lock().ok()?;
        (kept.0 == at)
            .then(|| kept.1.get(&(key.to_owned(), id)).cloned())
            .flatten()
    }

    pub fn put(&self, at: i64, key: &str, id: i64, passage: String) {
        if let Ok(mut kept) = self.kept.lock() {
            if kept.0 != at || kept.1.len() >= PASSAGES {
                *kept = (at, HashMap::new());
            }
            kept.1.insert((key.to_owned(), id), passage);
        }
    }
}

/// The ranked ids of a search, from the cache when the database has not
/// changed since it was last run.
pub async fn ranked(
    conn: &mut sqlx::SqliteConnection,
    cache: &SearchCache,
    query: &crate::search::SearchQuery,
) -> Result<Vec<i64>, sqlx::Error> {
    let key = query.to_fts();
    if let Some(ids) = cache.get(&key, crate::db::content_generation(conn).await?) {
        return Ok(ids.as_ref().clone());
    }
    let _one_at_a_time = cache.computing.lock().await;
    // One read transaction: the ids belong to the generation read, which
    // another request may have ranked while this one waited.
    let mut tx = sqlx::Connection::begin(&mut *conn).await?;
    let now = crate::db::content_generation(&mut tx).await?;
    if let Some(ids) = cache.get(&key, now) {
        return Ok(ids.as_ref().clone());
    }
    let ids = crate::db::search_index::ranked_ids(&mut tx, query).await?;
    tx.commit().await?;
    cache.put(key, now, std::sync::Arc::new(ids.clone()));
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_serves_only_its_generation() {
        let cache = SearchCache::default();
        cache.put("金融".into(), 7, Arc::new(vec![3, 1, 2]));
        assert_eq!(cache.get("金融", 7).as_deref(), Some(&vec![3, 1, 2]));
        assert_eq!(cache.get("融", 7), None);
        assert_eq!(cache.get("金融", 8), None);
        cache.put("融".into(), 8, Arc::new(vec![1]));
        assert_eq!(cache.get("金融", 7), None, "older generations are dropped");
    }
}
