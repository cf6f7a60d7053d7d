//! An import report's items, kept gzip-compressed while an import runs and
//! after it: one JSON line an item. 300,000 items take ~6 MiB this way and
//! ~130 MiB as structs; held as structs, then serialised for the run's row
//! and again for the answer, they took a server importing a 1.1 GiB upload
//! to 380 MiB (issue 4's target is < 300). They are decoded one at a time,
//! when a report is shown.

use std::io::{BufRead, BufReader, Write};

use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;

use super::report::ItemReport;

/// The items of a running import, added as they are decided.
pub struct ItemLog {
    encoder: GzEncoder<Vec<u8>>,
    /// One item's JSON line, reused.
    line: Vec<u8>,
}

impl Default for ItemLog {
    fn default() -> Self {
        ItemLog {
            // The fastest level still makes the log ~9x smaller than its
            // JSON; it costs ~10 ms for 1,000 items.
            encoder: GzEncoder::new(Vec::new(), Compression::fast()),
            line: Vec::new(),
        }
    }
}

impl ItemLog {
    pub fn push(&mut self, item: &ItemReport) {
        self.line.clear();
        // Neither can fail: an ItemReport is strings and numbers, and both
        // writers write to memory.
        serde_json::to_writer(&mut self.line, item).expect("an item serialises");
        self.line.push(b'\n');
        self.encoder
            .write_all(&self.line)
            .expect("writing to memory");
    }

    pub fn finish(self) -> PackedItems {
        PackedItems {
            gz: self.encoder.finish().expect("writing to memory"),
        }
    }
}

/// The items of a finished import, as `ItemLog` packed them.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct PackedItems {
    gz: Vec<u8>,
}

impl PackedItems {
    /// Items packed by an `ItemLog`, as stored in an import run's row.
    pub fn from_gzip(gz: Vec<u8>) -> PackedItems {
        PackedItems { gz }
    }

    pub fn pack<'a>(items: impl IntoIterator<Item = &'a ItemReport>) -> PackedItems {
        let mut log = ItemLog::default();
        items.into_iter().for_each(|item| log.push(item));
        log.finish()
    }

    /// The compressed bytes, to store.
    pub fn gzip(&self) -> &[u8] {
        &self.gz
    }

    /// The items in the order they were added, decoded one at a time. A
    /// damaged log (only a changed database row could hold one) ends at
    /// the damage; what was decoded before it is kept.
    pub fn iter(&self) -> impl Iterator<Item = ItemReport> + '_ {
        let mut lines = BufReader::new(GzDecoder::new(&self.gz[..])).split(b'\n');
        std::iter::from_fn(move || {
            let line = lines.next()?.ok()?;
            match serde_json::from_slice(&line) {
                Ok(item) => Some(item),
                Err(e) => {
                    tracing::warn!(error = %e, "an import report's item log is damaged");
                    None
                }
            }
        })
    }
}

impl std::fmt::Debug for PackedItems {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PackedItems({} bytes)", self.gz.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transfer::report::{ItemError, ItemStatus};

    fn item(n: usize) -> ItemReport {
        ItemReport {
            source: format!("posts.zip:{n:06}_文章.md"),
            status: if n.is_multiple_of(3) {
                ItemStatus::Failed
            } else {
                ItemStatus::Created
            },
            slug: Some(format!("post-{n}")),
            error: n.is_multiple_of(3).then(|| ItemError {
                code: "invalid_yaml".into(),
                message: "line 2: a \"quoted\"\nmessage".into(),
                line: Some(2),
            }),
            warnings: (n % 5 == 1)
                .then(|| ItemError::new("tag_case", "\"chatGpt\" is the tag \"ChatGPT\""))
                .into_iter()
                .collect(),
        }
    }

    #[test]
    fn items_come_back_as_they_went_in() {
        let items: Vec<ItemReport> = (0..5_000).map(item).collect();
        let packed = PackedItems::pack(&items);
        assert_eq!(packed.iter().collect::<Vec<_>>(), items);
        assert!(
            packed.gzip().len() * 5 < serde_json::to_vec(&items).unwrap().len(),
            "{packed:?}"
        );
    }

    #[test]
    fn an_empty_log_has_no_items() {
        assert_eq!(ItemLog::default().finish().iter().count(), 0);
        assert_eq!(PackedItems::default().iter().count(), 0);
    }

    #[test]
    fn a_damaged_log_ends_at_the_damage() {
        let packed = PackedItems::pack(&[item(1), item(2)]);
        let mut gz = packed.gzip().to_vec();
        let cut = gz.len() - 12;
        gz.truncate(cut);
        assert!(PackedItems::from_gzip(gz).iter().count() <= 2);
        assert_eq!(
            PackedItems::from_gzip(b"not gzip".to_vec()).iter().count(),
            0
        );
    }
}
