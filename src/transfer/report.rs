//! The import report of SPEC: a summary and one line per item.

use serde::{Deserialize, Serialize};

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
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Summary {
    pub total: u64,
    pub created: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub skipped: u64,
    pub failed: u64,
}

impl Summary {
    pub fn count(&mut self, status: ItemStatus) {
        self.total += 1;
        match status {
            ItemStatus::Created => self.created += 1,
            ItemStatus::Updated => self.updated += 1,
            ItemStatus::Unchanged => self.unchanged += 1,
            ItemStatus::Skipped => self.skipped += 1,
            ItemStatus::Failed => self.failed += 1,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ImportReport {
    pub dry_run: bool,
    /// False when nothing was written: a dry run, or an atomic import that
    /// a failed item rolled back. The items then say what would have been.
    pub committed: bool,
    pub summary: Summary,
    pub items: Vec<ItemReport>,
}

impl ImportReport {
    /// The report as lines for a terminal: one per item, then the summary.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for item in &self.items {
            let status = format!("{:?}", item.status).to_lowercase();
            let slug = item
                .slug
                .as_deref()
                .map(|s| format!(" ({s})"))
                .unwrap_or_default();
            out.push_str(&format!("{status:<9} {}{slug}", item.source));
            if let Some(e) = &item.error {
                let line = e.line.map(|l| format!(" line {l}:")).unwrap_or_default();
                out.push_str(&format!(" —{line} {} [{}]", e.message, e.code));
            }
            out.push('\n');
        }
        let s = &self.summary;
        out.push_str(&format!(
            "{} items: {} created, {} updated, {} unchanged, {} skipped, {} failed{}\n",
            s.total,
            s.created,
            s.updated,
            s.unchanged,
            s.skipped,
            s.failed,
            match (self.dry_run, self.committed) {
                (true, _) => " (dry run: nothing written)",
                (false, false) => " (rolled back: nothing written)",
                _ => "",
            }
        ));
        out
    }
}
