//! Recently ranked searches, kept until the database changes, and the
//! [`DbFiles`] stamp that tells when it did. Ranking the
//! matches of a common Chinese word costs 10–40 ms at 100,000 articles; an
//! editor paging through results, or several asking the same, repeats it.
//! An entry is valid while the database file and its WAL are unchanged:
//! any commit, by this process or another (`folio import`), invalidates
//! every entry at once. A commit grows the WAL, or, once SQLite restarts
//! the WAL from its start, changes the salts in the WAL's header, so the
//! stamp (sizes, modification times and those salts) always moves.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

const CAPACITY: usize = 64;

/// What the database files looked like when a result was computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp([(Option<SystemTime>, u64); 2], [u8; 8]);

/// A query's key, the stamp it was computed at, and its ranked ids.
type Entry = (String, Stamp, Arc<Vec<i64>>);

/// The database file and its WAL, whose [`Stamp`] changes with every
/// commit by any process.
#[derive(Debug, Clone)]
pub struct DbFiles([PathBuf; 2]);

impl DbFiles {
    pub fn new(db_path: PathBuf) -> DbFiles {
        let mut wal = db_path.clone().into_os_string();
        wal.push("-wal");
        DbFiles([db_path, PathBuf::from(wal)])
    }

    /// The files' state now; take it before reading what it will stamp.
    pub fn stamp(&self) -> Stamp {
        let files = self
            .0
            .clone()
            .map(|f| std::fs::metadata(f).map_or((None, 0), |m| (m.modified().ok(), m.len())));
        Stamp(files, wal_salts(&self.0[1]))
    }
}

pub struct SearchCache {
    files: DbFiles,
    entries: Mutex<VecDeque<Entry>>,
    /// Held while a missing result is computed, so thirty editors asking
    /// the same new question at once rank it once, not thirty times (two
    /// cores gain nothing from ranking in parallel anyway).
    pub computing: tokio::sync::Mutex<()>,
}

impl SearchCache {
    /// A cache for the database behind `files`.
    pub fn new(files: DbFiles) -> SearchCache {
        SearchCache {
            files,
            entries: Mutex::new(VecDeque::with_capacity(CAPACITY)),
            computing: tokio::sync::Mutex::new(()),
        }
    }

    /// The files' state now; take it before running the query.
    pub fn stamp(&self) -> Stamp {
        self.files.stamp()
    }

    /// The ids ranked for `key`, if computed since the last change.
    pub fn get(&self, key: &str) -> Option<Arc<Vec<i64>>> {
        let now = self.stamp();
        let entries = self.entries.lock().ok()?;
        entries
            .iter()
            .find(|(k, stamp, _)| k == key && *stamp == now)
            .map(|(_, _, ids)| ids.clone())
    }

    /// Keeps `ids` for `key`, computed when the files were at `stamp`.
    pub fn put(&self, key: String, stamp: Stamp, ids: Arc<Vec<i64>>) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.retain(|(k, s, _)| k != &key && *s == stamp);
            if entries.len() == CAPACITY {
                entries.pop_front();
            }
            entries.push_back((key, stamp, ids));
        }
    }
}

/// The two salts of the WAL header (bytes 16..24), new at every restart
/// of the WAL (https://www.sqlite.org/fileformat2.html#walformat).
fn wal_salts(wal: &std::path::Path) -> [u8; 8] {
    use std::io::Read;
    let mut header = [0u8; 24];
    let read = std::fs::File::open(wal).and_then(|mut f| f.read_exact(&mut header));
    let mut salts = [0u8; 8];
    if read.is_ok() {
        salts.copy_from_slice(&header[16..24]);
    }
    salts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_lives_until_the_database_file_changes() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("f.db");
        std::fs::write(&db, b"one").unwrap();
        let cache = SearchCache::new(DbFiles::new(db.clone()));
        let stamp = cache.stamp();
        cache.put("金融".into(), stamp, Arc::new(vec![3, 1, 2]));
        assert_eq!(cache.get("金融").as_deref(), Some(&vec![3, 1, 2]));
        assert_eq!(cache.get("融"), None);
        std::fs::write(format!("{}-wal", db.display()), b"a commit").unwrap();
        assert_eq!(cache.get("金融"), None);
    }
}
