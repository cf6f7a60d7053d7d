//! An article as folio stores it: the fields it models and the lossless
//! source it came from.

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::{ArticleStatus, CategoryPath, Slug, TagName};
use crate::hexo::Format;

/// The fields folio models, named after Hexo's front-matter keys.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleFields {
    pub title: String,
    pub status: ArticleStatus,
    /// The original publication date; a republish never changes it.
    pub date: DateTime<Utc>,
    pub updated: Option<DateTime<Utc>>,
    /// When folio last made it public; `None` takes `date` for a published
    /// article (an imported post went public on its own date).
    pub published_at: Option<DateTime<Utc>>,
    /// A credit (often the source publication), not a folio user.
    pub author: Option<String>,
    pub headimg: Option<String>,
    pub thumbnail: Option<String>,
    pub comments: Option<bool>,
    pub permalink: Option<String>,
    pub excerpt: Option<String>,
    pub tags: Vec<TagName>,
    pub categories: Vec<CategoryPath>,
}

/// An article ready to be stored: fields plus the lossless source.
#[derive(Debug, Clone, PartialEq)]
pub struct NewArticle {
    pub slug: Slug,
    pub fields: ArticleFields,
    /// The text before the body, byte for byte (see `hexo::split`).
    pub front_matter: String,
    pub front_matter_format: Format,
    /// Front-matter keys folio does not model, in file order.
    pub extra: Map<String, Value>,
    /// The body source after line endings are normalised to LF.
    pub body: String,
}

impl NewArticle {
    /// A digest of everything the article is, however it arrived (a file,
    /// an archive entry, a JSON export): the same article always hashes the
    /// same, so a re-import can say `unchanged`, and an export can tell an
    /// article never edited since its import.
    pub fn content_hash(&self) -> [u8; 32] {
        let f = &self.fields;
        let time = |t: DateTime<Utc>| t.to_rfc3339_opts(SecondsFormat::Secs, true);
        let published_at = f
            .published_at
            .or((f.status == ArticleStatus::Published).then_some(f.date));
        let canonical = serde_json::json!([
            self.slug.as_str(),
            f.title,
            f.status.as_str(),
            time(f.date),
            f.updated.map(time),
            published_at.map(time),
            f.author,
            f.headimg,
            f.thumbnail,
            f.comments,
            f.permalink,
            f.excerpt,
            f.tags.iter().map(|t| t.as_str()).collect::<Vec<_>>(),
            f.categories.iter().map(|c| c.names()).collect::<Vec<_>>(),
            self.front_matter,
            self.front_matter_format.as_str(),
            self.extra,
            self.body,
        ]);
        Sha256::digest(canonical.to_string().as_bytes()).into()
    }
}
