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

impl ArticleFields {
    /// When the article went public: `published_at`, or for a published
    /// article that has none (an imported post), its own `date`.
    pub fn published_at_or_date(&self) -> Option<DateTime<Utc>> {
        self.published_at
            .or((self.status == ArticleStatus::Published).then_some(self.date))
    }
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
    /// The texts that may name images: the body, the cover and the
    /// thumbnail.
    pub fn image_texts(&self) -> impl Iterator<Item = &str> {
        [
            Some(self.body.as_str()),
            self.fields.headimg.as_deref(),
            self.fields.thumbnail.as_deref(),
        ]
        .into_iter()
        .flatten()
    }

    /// The first of its texts that holds what no text may
    /// (`domain::text`): a NUL anywhere, a bidirectional control in the
    /// title. Slugs, tags and categories were checked when parsed.
    pub fn check_texts(&self) -> Result<(), (&'static str, super::TextError)> {
        let f = &self.fields;
        super::check_name(&f.title).map_err(|e| ("title", e))?;
        let texts = [
            ("body", Some(&self.body)),
            ("front_matter", Some(&self.front_matter)),
            ("excerpt", f.excerpt.as_ref()),
            ("author", f.author.as_ref()),
            ("headimg", f.headimg.as_ref()),
            ("thumbnail", f.thumbnail.as_ref()),
            ("permalink", f.permalink.as_ref()),
        ];
        for (field, text) in texts {
            if let Some(text) = text {
                super::check_text(text).map_err(|e| (field, e))?;
            }
        }
        // JSON writes a NUL in a string as `\u0000`.
        if Value::Object(self.extra.clone())
            .to_string()
            .contains("\\u0000")
        {
            return Err(("extra", super::TextError::Nul));
        }
        Ok(())
    }

    /// Itself, once [`NewArticle::check_texts`] passed.
    pub fn checked(self) -> Result<NewArticle, (&'static str, super::TextError)> {
        self.check_texts()?;
        Ok(self)
    }

    /// A digest of everything the article is, however it arrived (a file,
    /// an archive entry, a JSON export): the same article always hashes the
    /// same, so a re-import can say `unchanged`, and an export can tell an
    /// article never edited since its import. Fields are streamed into the
    /// hash, each with its length, so no two articles share a preimage.
    pub fn content_hash(&self) -> [u8; 32] {
        let f = &self.fields;
        let mut h = Sha256::new();
        let mut field = |bytes: &[u8]| {
            h.update((bytes.len() as u64).to_le_bytes());
            h.update(bytes);
        };
        let time = |t: Option<DateTime<Utc>>| {
            t.map_or(String::new(), |t| {
                t.to_rfc3339_opts(SecondsFormat::Secs, true)
            })
        };
        let text = |t: &Option<String>| {
            t.as_deref()
                .map_or(b"\0".to_vec(), |s| [b"\x01", s.as_bytes()].concat())
        };
        let published_at = f.published_at_or_date();
        field(self.slug.as_str().as_bytes());
        field(f.title.as_bytes());
        field(f.status.as_str().as_bytes());
        field(time(Some(f.date)).as_bytes());
        field(time(f.updated).as_bytes());
        field(time(published_at).as_bytes());
        field(&text(&f.author));
        field(&text(&f.headimg));
        field(&text(&f.thumbnail));
        field(&[f.comments.map_or(0, |c| 1 + u8::from(c))]);
        field(&text(&f.permalink));
        field(&text(&f.excerpt));
        field(&(f.tags.len() as u64).to_le_bytes());
        for tag in &f.tags {
            field(tag.as_str().as_bytes());
        }
        field(&(f.categories.len() as u64).to_le_bytes());
        for path in &f.categories {
            field(&(path.names().len() as u64).to_le_bytes());
            for name in path.names() {
                field(name.as_bytes());
            }
        }
        field(self.front_matter.as_bytes());
        field(self.front_matter_format.as_str().as_bytes());
        field(Value::Object(self.extra.clone()).to_string().as_bytes());
        field(self.body.as_bytes());
        h.finalize().into()
    }
}
