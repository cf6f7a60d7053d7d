//! Field-by-field comparison of what Hexo and folio read from the same
//! posts. Hexo's side comes from `tests/hexo/read.js` (Hexo itself, run on
//! the site); folio's from `folio::hexo::read` with the site's zone.
//!
//! Shared by the parity test (`tests/api/hexo_parity.rs`, on fixtures)
//! and the parity run over real blogs (`bench/hexo_parity`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{DateTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;
use folio::domain::ArticleStatus;
use folio::hexo::{ReadContext, read};
use serde::Deserialize;

/// One post as Hexo read it.
#[derive(Debug, Clone, Deserialize)]
pub struct HexoPost {
    pub source: String,
    pub title: String,
    pub date: Option<String>,
    pub updated: Option<String>,
    pub published: bool,
    pub tags: Vec<String>,
    pub categories: Vec<Vec<String>>,
    pub body: String,
}

#[derive(Debug, Deserialize)]
struct HexoSite {
    posts: Vec<HexoPost>,
}

/// Where `read.js` and Hexo's packages are (`npm ci --prefix tests/hexo`).
pub fn hexo_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hexo")
}

/// Is Hexo installed for `read.js`?
pub fn hexo_installed() -> bool {
    hexo_dir().join("node_modules/hexo/package.json").exists()
}

/// Runs Hexo on the site: every post (drafts included) as it read them.
/// Hexo runs in the site's zone, as on its author's machine: Hexo moves a
/// date that names its zone (`… GMT`, `+08:00`) by the difference between
/// the machine's zone and `timezone` (`adjustDateForTimezone`), so only
/// there does it read such a date as written, which folio always does.
pub fn hexo_posts(site: &Path, zone: Tz) -> Result<Vec<HexoPost>, String> {
    let out = Command::new("node")
        .env("TZ", zone.name())
        .arg(hexo_dir().join("read.js"))
        .arg(site)
        .output()
        .map_err(|e| format!("node: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "hexo failed on {}: {}",
            site.display(),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let site: HexoSite = serde_json::from_slice(&out.stdout).map_err(|e| e.to_string())?;
    Ok(site.posts)
}

/// How folio's reading of one post compares with Hexo's.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// Fields that differ where folio means to agree.
    pub differ: Vec<String>,
    /// Fields that differ by a documented decision (DECISIONS, "Whole Hexo
    /// blogs").
    pub by_decision: Vec<String>,
    /// folio refused the post (Hexo read it).
    pub failed: Option<String>,
}

/// The zone Hexo's `_config.yml` names, or UTC.
pub fn site_zone(site: &Path) -> Tz {
    std::fs::read_to_string(site.join("_config.yml"))
        .ok()
        .and_then(|text| {
            text.lines()
                .find_map(|l| l.strip_prefix("timezone:"))
                .map(|z| z.trim().trim_matches(['"', '\'']).to_owned())
        })
        .and_then(|z| z.parse().ok())
        .unwrap_or(Tz::UTC)
}

/// Compares folio's reading of the post's file with Hexo's. Only what the
/// front matter holds is compared: a missing `date` or `updated` is the
/// file's time in both, taken from different clocks (Hexo's birth time).
pub fn compare(site: &Path, hexo: &HexoPost, zone: Tz) -> Verdict {
    let file = site.join("source").join(&hexo.source);
    let mut verdict = Verdict::default();
    let bytes = match std::fs::read(&file) {
        Ok(b) => b,
        Err(e) => {
            verdict.failed = Some(format!("cannot read {}: {e}", file.display()));
            return verdict;
        }
    };
    let stem = file.file_stem().map(|s| s.to_string_lossy().into_owned());
    let ctx = ReadContext {
        zone,
        now: Utc::now(),
    };
    let read = match read(&stem.unwrap_or_default(), &bytes, &ctx) {
        Ok(r) => r,
        Err(e) => {
            verdict.failed = Some(format!("{} [{}]", e.message, e.code));
            return verdict;
        }
    };
    let folio = &read.article;
    let unreadable = |key: &str| {
        read.warnings
            .iter()
            .any(|w| w.code == "unreadable_date" && w.message.starts_with(&format!("`{key}`")))
    };
    let mut differ = |field: &str, hexo: String, folio: String| {
        if hexo != folio {
            verdict
                .differ
                .push(format!("{field}: hexo {hexo:?}, folio {folio:?}"));
        }
    };
    differ("title", hexo.title.clone(), folio.fields.title.clone());
    differ(
        "published",
        hexo.published.to_string(),
        (folio.fields.status != ArticleStatus::Draft && !hexo.source.starts_with("_drafts/"))
            .to_string(),
    );
    differ("body", hexo.body.clone(), folio.body.clone());
    let has_key = |key: &str| {
        folio
            .front_matter
            .lines()
            .any(|l| l.starts_with(&format!("{key}:")) || l.starts_with(&format!("\"{key}\"")))
    };
    let mut by_decision = Vec::new();
    for (key, hexo_value, folio_value) in [
        ("date", hexo.date.as_deref(), Some(folio.fields.date)),
        ("updated", hexo.updated.as_deref(), folio.fields.updated),
    ] {
        if !has_key(key) || unreadable(key) {
            continue;
        }
        let hexo_time = parse_iso(hexo_value);
        // A YAML timestamp naming its zone (`…T03:04:05+08:00`): Hexo
        // moves it by the site zone's offset (hexo-front-matter's "convert
        // timezone", then `adjustDateForTimezone`); folio reads it as
        // written.
        let moved = hexo_time.zip(folio_value).is_some_and(|(h, f)| {
            let offset = zone
                .offset_from_utc_datetime(&f.naive_utc())
                .fix()
                .local_minus_utc();
            offset != 0 && (f - h).num_seconds() == i64::from(offset)
        });
        if moved {
            by_decision.push(format!(
                "{key} naming its zone, which Hexo moves by the site's"
            ));
        } else {
            differ(key, millis_of(hexo_time), millis_of(folio_value));
        }
    }
    let mut categories: Vec<Vec<String>> = folio
        .fields
        .categories
        .iter()
        .map(|c| c.names().to_vec())
        .collect();
    categories.sort();
    let mut hexo_categories = hexo.categories.clone();
    hexo_categories.sort();
    differ(
        "categories",
        format!("{hexo_categories:?}"),
        format!("{categories:?}"),
    );

    verdict.by_decision.extend(by_decision);
    let mut folio_tags: Vec<String> = folio.fields.tags.iter().map(|t| t.to_string()).collect();
    folio_tags.sort();
    let mut hexo_tags = hexo.tags.clone();
    hexo_tags.sort();
    if hexo_tags != folio_tags {
        // folio makes one tag of names that differ only in ASCII case.
        let mut merged: Vec<String> = Vec::new();
        for t in &hexo.tags {
            if !merged.iter().any(|m| m.eq_ignore_ascii_case(t)) {
                merged.push(t.clone());
            }
        }
        merged.sort();
        if merged == folio_tags {
            verdict
                .by_decision
                .push(format!("tags differing only in case: {:?}", hexo.tags));
        } else {
            verdict
                .differ
                .push(format!("tags: hexo {hexo_tags:?}, folio {folio_tags:?}"));
        }
    }
    verdict
}

fn parse_iso(iso: Option<&str>) -> Option<DateTime<Utc>> {
    iso.and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .map(|d| d.with_timezone(&Utc))
}

fn millis_of(t: Option<DateTime<Utc>>) -> String {
    t.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
        .unwrap_or_default()
}

/// A blog's tally.
#[derive(Debug, Default)]
pub struct Tally {
    pub posts: usize,
    pub agree: usize,
    /// Agree but for documented decisions.
    pub by_decision: usize,
    pub differ: usize,
    pub failed: usize,
    /// Source path → what differed, for the report.
    pub details: BTreeMap<String, Vec<String>>,
}

impl Tally {
    pub fn add(&mut self, source: &str, verdict: Verdict) {
        self.posts += 1;
        if let Some(f) = verdict.failed {
            self.failed += 1;
            self.details
                .insert(source.to_owned(), vec![format!("folio failed: {f}")]);
        } else if !verdict.differ.is_empty() {
            self.differ += 1;
            self.details.insert(source.to_owned(), verdict.differ);
        } else if !verdict.by_decision.is_empty() {
            self.by_decision += 1;
            self.details.insert(
                source.to_owned(),
                verdict
                    .by_decision
                    .into_iter()
                    .map(|d| format!("by decision: {d}"))
                    .collect(),
            );
        } else {
            self.agree += 1;
        }
    }
}
