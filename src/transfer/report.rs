//! The import report of SPEC: a summary and one line per item.

use serde::{Deserialize, Serialize};

use super::item_log::PackedItems;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ItemStatus {
    Created,
    Updated,
    Unchanged,
    Skipped,
    Failed,
}

impl std::fmt::Display for ItemStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ItemStatus::Created => "created",
            ItemStatus::Updated => "updated",
            ItemStatus::Unchanged => "unchanged",
            ItemStatus::Skipped => "skipped",
            ItemStatus::Failed => "failed",
        })
    }
}

/// Why an item failed: a stable code, a message naming the problem, and the
/// file's line where there is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ItemError {
    pub code: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

impl ItemError {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        ItemError {
            code: code.to_owned(),
            message: message.into(),
            line: None,
        }
    }
}

/// Something an imported item holds that a person should hear of, though
/// the item was imported (SPEC's `warnings`): the shape of an error.
pub type ItemWarning = ItemError;

impl From<crate::hexo::ReadError> for ItemError {
    fn from(e: crate::hexo::ReadError) -> Self {
        ItemError {
            code: e.code.to_owned(),
            message: e.message,
            line: e.line,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ItemReport {
    pub source: String,
    pub status: ItemStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ItemError>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<ItemWarning>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Summary {
    pub total: u64,
    pub created: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub skipped: u64,
    pub failed: u64,
    /// Items (of any status) that carry warnings.
    #[serde(default)]
    pub warned: u64,
}

impl Summary {
    pub fn count(&mut self, status: ItemStatus, warned: bool) {
        self.total += 1;
        self.warned += u64::from(warned);
        match status {
            ItemStatus::Created => self.created += 1,
            ItemStatus::Updated => self.updated += 1,
            ItemStatus::Unchanged => self.unchanged += 1,
            ItemStatus::Skipped => self.skipped += 1,
            ItemStatus::Failed => self.failed += 1,
        }
    }
}

/// SPEC's report, as a client reads it: the summary and every item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ImportReport {
    pub dry_run: bool,
    /// False when nothing was written: a dry run, or an atomic import that
    /// a failed item rolled back. The items then say what would have been.
    pub committed: bool,
    pub summary: Summary,
    /// Absent from the report column of an import run, which stores its
    /// items apart (`PackedReport`).
    #[serde(default)]
    pub items: Vec<ItemReport>,
}

impl ImportReport {
    /// The report as lines for a terminal: one per item, then the summary.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for item in &self.items {
            out.push_str(&item.to_line());
        }
        out.push_str(&summary_line(self.dry_run, self.committed, &self.summary));
        out
    }
}

/// The report an import makes, with its items packed (`item_log`): what
/// the importer returns, an import run stores and the endpoints answer.
/// It serialises to the same JSON as `ImportReport`, an item at a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackedReport {
    pub dry_run: bool,
    pub committed: bool,
    pub summary: Summary,
    pub items: PackedItems,
}

impl PackedReport {
    pub fn pack(report: &ImportReport) -> PackedReport {
        PackedReport {
            dry_run: report.dry_run,
            committed: report.committed,
            summary: report.summary.clone(),
            items: PackedItems::pack(&report.items),
        }
    }

    /// A report as an import run's row stores it: the JSON without items
    /// and the packed items, or (rows older than migration 0004) the whole
    /// report as JSON.
    pub fn from_stored(
        report: &str,
        items: Option<Vec<u8>>,
    ) -> Result<PackedReport, serde_json::Error> {
        let stored: ImportReport = serde_json::from_str(report)?;
        Ok(match items {
            Some(gz) => PackedReport {
                dry_run: stored.dry_run,
                committed: stored.committed,
                summary: stored.summary,
                items: PackedItems::from_gzip(gz),
            },
            None => PackedReport::pack(&stored),
        })
    }

    /// Every item decoded: for tests and small reports.
    pub fn unpack(&self) -> ImportReport {
        ImportReport {
            dry_run: self.dry_run,
            committed: self.committed,
            summary: self.summary.clone(),
            items: self.items.iter().collect(),
        }
    }

    /// The report without its items, as JSON: the run row's `report`.
    pub fn head_json(&self) -> String {
        serde_json::json!({
            "dry_run": self.dry_run,
            "committed": self.committed,
            "summary": self.summary,
        })
        .to_string()
    }

    /// The report as lines for a terminal, like `ImportReport::to_text`.
    pub fn write_text(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        for item in self.items.iter() {
            out.write_all(item.to_line().as_bytes())?;
        }
        out.write_all(summary_line(self.dry_run, self.committed, &self.summary).as_bytes())
    }
}

impl Serialize for PackedReport {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;

        struct Items<'a>(&'a PackedItems);
        impl Serialize for Items<'_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_seq(self.0.iter())
            }
        }

        let mut report = serializer.serialize_struct("ImportReport", 4)?;
        report.serialize_field("dry_run", &self.dry_run)?;
        report.serialize_field("committed", &self.committed)?;
        report.serialize_field("summary", &self.summary)?;
        report.serialize_field("items", &Items(&self.items))?;
        report.end()
    }
}

impl ItemReport {
    fn to_line(&self) -> String {
        let status = format!("{:?}", self.status).to_lowercase();
        let slug = self
            .slug
            .as_deref()
            .map(|s| format!(" ({s})"))
            .unwrap_or_default();
        let mut out = format!("{status:<9} {}{slug}", self.source);
        if let Some(e) = &self.error {
            let line = e.line.map(|l| format!(" line {l}:")).unwrap_or_default();
            out.push_str(&format!(" —{line} {} [{}]", e.message, e.code));
        }
        out.push('\n');
        for w in &self.warnings {
            let line = w.line.map(|l| format!(" line {l}:")).unwrap_or_default();
            out.push_str(&format!("  warning:{line} {} [{}]\n", w.message, w.code));
        }
        out
    }
}

fn summary_line(dry_run: bool, committed: bool, s: &Summary) -> String {
    let warned = match s.warned {
        0 => String::new(),
        1 => "; 1 with warnings".to_owned(),
        n => format!("; {n} with warnings"),
    };
    format!(
        "{} items: {} created, {} updated, {} unchanged, {} skipped, {} failed{warned}{}\n",
        s.total,
        s.created,
        s.updated,
        s.unchanged,
        s.skipped,
        s.failed,
        match (dry_run, committed) {
            (true, _) => " (dry run: nothing written)",
            (false, false) => " (rolled back: nothing written)",
            _ => "",
        }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report() -> ImportReport {
        let mut summary = Summary::default();
        let items: Vec<ItemReport> = (0..3)
            .map(|n| {
                let status = if n == 1 {
                    ItemStatus::Failed
                } else {
                    ItemStatus::Created
                };
                summary.count(status, n == 2);
                ItemReport {
                    source: format!("posts/{n}.md"),
                    status,
                    slug: (n != 1).then(|| format!("post-{n}")),
                    error: (n == 1).then(|| ItemError::new("invalid_yaml", "bad")),
                    warnings: (n == 2)
                        .then(|| ItemError::new("unreadable_date", "odd"))
                        .into_iter()
                        .collect(),
                }
            })
            .collect();
        ImportReport {
            dry_run: false,
            committed: false,
            summary,
            items,
        }
    }

    #[test]
    fn a_packed_report_serialises_as_the_report() {
        let report = report();
        let packed = PackedReport::pack(&report);
        assert_eq!(
            serde_json::to_string(&packed).unwrap(),
            serde_json::to_string(&report).unwrap()
        );
        assert_eq!(packed.unpack(), report);
    }

    #[test]
    fn stored_reports_of_both_shapes_read_back() {
        let report = report();
        let packed = PackedReport::pack(&report);
        let stored =
            PackedReport::from_stored(&packed.head_json(), Some(packed.items.gzip().to_vec()));
        assert_eq!(stored.unwrap(), packed, "head and packed items");
        let whole = serde_json::to_string(&report).unwrap();
        assert_eq!(
            PackedReport::from_stored(&whole, None).unwrap(),
            packed,
            "a whole report (before migration 0004)"
        );
    }

    #[test]
    fn text_lists_items_then_the_summary() {
        let report = report();
        let mut text = Vec::new();
        PackedReport::pack(&report).write_text(&mut text).unwrap();
        assert_eq!(String::from_utf8(text).unwrap(), report.to_text());
        assert!(
            report
                .to_text()
                .contains("created   posts/2.md (post-2)\n  warning: odd [unreadable_date]\n")
        );
        assert!(report.to_text().ends_with("3 items: 2 created, 0 updated, 0 unchanged, 0 skipped, 1 failed; 1 with warnings (rolled back: nothing written)\n"));
    }
}
