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
use folio::hexo::site::{SiteConfig, requested_paths};
use folio::hexo::{ReadContext, read};
use folio::transfer::import::site_items;
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
    /// Its address, percent-decoded.
    pub url: String,
}

/// A tag or category as Hexo read it, with its address.
#[derive(Debug, Clone, Deserialize)]
pub struct HexoTerm {
    pub name: String,
    pub url: String,
}

/// What Hexo made of a site.
#[derive(Debug, Deserialize)]
pub struct HexoSite {
    pub posts: Vec<HexoPost>,
    pub tags: Vec<HexoTerm>,
    pub categories: Vec<HexoTerm>,
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
pub fn hexo_site(site: &Path, zone: Tz) -> Result<HexoSite, String> {
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
    serde_json::from_slice(&out.stdout).map_err(|e| e.to_string())
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

/// The site's `_config.yml` as folio reads it (Hexo's defaults without
/// one), and the zone its dates are in: its `timezone`, or UTC.
pub fn site_config(site: &Path) -> (SiteConfig, Tz) {
    let text = std::fs::read_to_string(site.join("_config.yml")).unwrap_or_default();
    let config = SiteConfig::parse(&text).unwrap_or_else(|e| panic!("{}: {e:?}", site.display()));
    let zone = config.timezone.unwrap_or(Tz::UTC);
    (config, zone)
}

/// Compares folio's reading of the post's file with Hexo's. Only what the
/// front matter holds is compared: a missing `date` or `updated` is the
/// file's time in both, taken from different clocks (Hexo's birth time).
pub fn compare(site: &Path, config: &SiteConfig, hexo: &HexoPost, zone: Tz) -> Verdict {
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
    // The address Hexo gave it, from folio's reading. A date from the
    // file's time differs by clock, one naming its zone by decision (see
    // above): Hexo's is used then.
    let date_moved = verdict
        .by_decision
        .iter()
        .any(|d| d.starts_with("date naming"));
    let date = if has_key("date") && !unreadable("date") && !date_moved {
        folio.fields.date
    } else {
        parse_iso(hexo.date.as_deref()).unwrap_or(folio.fields.date)
    };
    let posts_path = hexo.source.split_once('/').map_or("", |(_, rest)| rest);
    let url = site_items::post_url(config, posts_path, folio, date, zone);
    let url = requested_paths(&url).swap_remove(0);
    if url != hexo.url {
        verdict
            .differ
            .push(format!("url: hexo {:?}, folio {url:?}", hexo.url));
    }
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

/// The tags and categories whose addresses folio gives as Hexo does, and
/// those it does not (name, Hexo's, folio's).
pub fn compare_terms(
    config: &SiteConfig,
    site: &HexoSite,
) -> (usize, Vec<(String, String, String)>) {
    let mut agree = 0;
    let mut differ = Vec::new();
    for tag in &site.tags {
        let url = config.tag_url(&tag.name);
        if url == tag.url {
            agree += 1;
        } else {
            differ.push((tag.name.clone(), tag.url.clone(), url));
        }
    }
    // A category's address from Hexo's: its names are the path's (the
    // parity of the names themselves is the posts' `categories`).
    for category in &site.categories {
        let Some(path) = hexo_category_path(config, site, category) else {
            continue;
        };
        let url = config.category_url(&path);
        if url == category.url {
            agree += 1;
        } else {
            differ.push((category.name.clone(), category.url.clone(), url));
        }
    }
    (agree, differ)
}

/// The names from the top category down to `category`, found by the
/// address prefixes of the categories Hexo listed.
fn hexo_category_path(
    config: &SiteConfig,
    site: &HexoSite,
    category: &HexoTerm,
) -> Option<Vec<String>> {
    let mut path = vec![category.name.clone()];
    let mut url = category.url.clone();
    loop {
        let trimmed = url.trim_end_matches('/');
        let parent_url = format!("{}/", &trimmed[..trimmed.rfind('/')?]);
        if parent_url == config.category_url(&[]).trim_end_matches('/').to_owned() + "/"
            || !parent_url.contains(&config.category_dir)
        {
            return Some(path);
        }
        let parent = site.categories.iter().find(|c| c.url == parent_url)?;
        path.insert(0, parent.name.clone());
        url = parent_url;
    }
}
