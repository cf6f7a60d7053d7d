//! The folio/v1 JSON format: what `export --format json` writes and the
//! importer reads back, streamed one article at a time.

use std::fmt;
use std::io::Read;
use std::ops::ControlFlow;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use super::report::ItemError;
use super::source::{Emit, Extra, Found, RawItem};
use crate::db::articles::StoredArticle;
use crate::db::from_unix;
use crate::domain::{ArticleFields, ArticleStatus, CategoryPath, NewArticle, Slug, TagName};
use crate::hexo::Format;

pub const FORMAT: &str = "folio/v1";

/// One article of a folio/v1 export. Times are RFC 3339.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ArticleDoc {
    pub slug: String,
    pub title: String,
    pub status: ArticleStatus,
    pub date: String,
    #[serde(default)]
    pub updated: Option<String>,
    #[serde(default)]
    pub published_at: Option<String>,
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub categories: Vec<Vec<String>>,
    #[serde(default)]
    pub headimg: Option<String>,
    #[serde(default)]
    pub thumbnail: Option<String>,
    #[serde(default)]
    pub comments: Option<bool>,
    #[serde(default)]
    pub permalink: Option<String>,
    #[serde(default)]
    pub excerpt: Option<String>,
    /// The body source.
    pub body: String,
    /// Front-matter keys folio does not model.
    #[serde(default)]
    #[schema(value_type = Object)]
    pub extra: Map<String, Value>,
    /// The original text before the body, so a Hexo export after a JSON
    /// round trip is still byte for byte.
    #[serde(default)]
    pub front_matter: String,
    #[serde(default = "yaml")]
    pub front_matter_format: String,
    /// `page` for a page of an imported Hexo site; absent for a post.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// The file it came from in an imported Hexo site, under `source/`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_path: Option<String>,
    /// A page's own public path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_path: Option<String>,
}

/// An address an imported Hexo site had, and what it leads to now: one of
/// an article (by slug), a tag (by name), a category (by path), an image
/// (by hash), a folio page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SitePathDoc {
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
}

/// A file of a post's asset folder: the post (by slug), its name there,
/// the image (by hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AssetDoc {
    pub article: String,
    pub name: String,
    pub hash: String,
}

fn yaml() -> String {
    "yaml".into()
}

/// A user in an export: no password hash, ever.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserDoc {
    pub email: String,
    #[serde(default)]
    pub display_name: String,
    pub role: String,
    #[serde(default)]
    pub disabled: bool,
}

pub fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

impl ArticleDoc {
    /// A stored article as its document: its state (`StoredArticle::state`,
    /// the one reading of a row) and when it was published.
    pub fn from_stored(a: &StoredArticle) -> ArticleDoc {
        let s = a.state();
        ArticleDoc {
            slug: s.slug,
            title: s.title,
            status: s.status,
            date: rfc3339(s.date),
            updated: s.updated.map(rfc3339),
            published_at: a.row.published_at.map(|t| rfc3339(from_unix(t))),
            author: s.author,
            tags: s.tags,
            categories: s.categories,
            headimg: s.headimg,
            thumbnail: s.thumbnail,
            comments: s.comments,
            permalink: s.permalink,
            excerpt: s.excerpt,
            body: s.body,
            extra: s.extra,
            front_matter: s.front_matter,
            front_matter_format: s.front_matter_format,
            kind: (a.row.kind != "post").then(|| a.row.kind.clone()),
            source_path: a.row.source_path.clone(),
            page_path: a.row.page_path.clone(),
        }
    }

    /// Its place in the Hexo site it was imported from, if it was.
    pub fn place(&self) -> Option<crate::transfer::import::site_items::SiteArticle> {
        use crate::transfer::import::site_items::{Kind, SiteArticle};
        let kind = match self.kind.as_deref() {
            Some("page") => Kind::Page,
            _ => Kind::Post,
        };
        if kind == Kind::Post && self.source_path.is_none() {
            return None;
        }
        Some(SiteArticle {
            kind,
            source_path: self.source_path.clone().unwrap_or_default(),
            page_path: self.page_path.clone(),
            addresses: Vec::new(),
            tags: Vec::new(),
            categories: Vec::new(),
            archives: Vec::new(),
        })
    }

    /// Validates the document through the same domain constructors as the
    /// Hexo reader.
    pub fn into_article(self) -> Result<NewArticle, ItemError> {
        let invalid =
            |field: &str, why: String| ItemError::new("invalid_field", format!("`{field}`: {why}"));
        let time = |field: &str, v: &str| {
            DateTime::parse_from_rfc3339(v)
                .map(|d| d.with_timezone(&Utc))
                .map_err(|e| invalid(field, format!("{v:?} is not an RFC 3339 time ({e})")))
        };
        let slug = Slug::parse(&self.slug).map_err(|e| invalid("slug", e.to_string()))?;
        let tags = self
            .tags
            .iter()
            .map(|t| TagName::parse(t))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| invalid("tags", e.to_string()))?;
        let categories = self
            .categories
            .iter()
            .map(|p| CategoryPath::parse(p))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| invalid("categories", e.to_string()))?;
        let front_matter_format = Format::parse(&self.front_matter_format)
            .ok_or_else(|| invalid("front_matter_format", "expected yaml or json".into()))?;
        NewArticle {
            slug,
            fields: ArticleFields {
                title: self.title,
                status: self.status,
                date: time("date", &self.date)?,
                updated: self
                    .updated
                    .as_deref()
                    .map(|u| time("updated", u))
                    .transpose()?,
                published_at: self
                    .published_at
                    .as_deref()
                    .map(|p| time("published_at", p))
                    .transpose()?,
                author: self.author,
                headimg: self.headimg,
                thumbnail: self.thumbnail,
                comments: self.comments,
                permalink: self.permalink,
                excerpt: self.excerpt,
                tags,
                categories,
            },
            front_matter: self.front_matter,
            front_matter_format,
            extra: self.extra,
            body: self.body,
        }
        .checked()
        .map_err(|(field, e)| invalid(field, e.to_string()))
    }
}

/// An image of an export with its media, as its document lists it (its
/// bytes are files beside the document: `media/{hash}.{ext}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediaMetaDoc {
    pub hash: String,
    pub file_name: Option<String>,
    pub original_url: Option<String>,
    /// RFC 3339.
    pub created_at: String,
}

/// Marks the early end a caller asked for, as opposed to a syntax error.
const STOPPED: &str = "folio: import stopped";

/// Streams a folio/v1 document: each article is emitted as it is parsed.
pub fn stream(reader: impl Read, name: &str, emit: &mut Emit<'_>) -> ControlFlow<()> {
    let mut de = serde_json::Deserializer::from_reader(reader);
    let mut top = Top {
        name,
        emit,
        stopped: false,
        saw_format: false,
    };
    let result = (&mut top).deserialize(&mut de).and_then(|()| de.end());
    if top.stopped {
        return ControlFlow::Break(());
    }
    let error = match result {
        Err(e) => ItemError {
            code: "malformed_json".into(),
            message: format!("{name}: {e}"),
            line: Some(e.line()).filter(|l| *l > 0),
        },
        Ok(()) if !top.saw_format => {
            ItemError::new("not_folio_json", format!("{name}: not a {FORMAT} export"))
        }
        Ok(()) => return ControlFlow::Continue(()),
    };
    (top.emit)(Found::Item(RawItem::Failed {
        source: name.to_owned(),
        error,
    }))
}

struct Top<'a, 'e> {
    name: &'a str,
    emit: &'a mut Emit<'e>,
    stopped: bool,
    saw_format: bool,
}

impl Top<'_, '_> {
    fn send<E: de::Error>(&mut self, found: Found) -> Result<(), E> {
        if (self.emit)(found).is_break() {
            self.stopped = true;
            return Err(E::custom(STOPPED));
        }
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for &mut Top<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for &mut Top<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "a {FORMAT} export object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "format" => {
                    let format: String = map.next_value()?;
                    if format != FORMAT {
                        return Err(de::Error::custom(format!(
                            "format {format:?} is not {FORMAT}"
                        )));
                    }
                    self.saw_format = true;
                }
                "articles" => map.next_value_seed(Articles { top: &mut *self })?,
                "tags" => {
                    let tags: Vec<String> = map.next_value()?;
                    self.send(Found::Extra(Extra::Tags(tags)))?;
                }
                "categories" => {
                    let categories: Vec<Vec<String>> = map.next_value()?;
                    self.send(Found::Extra(Extra::Categories(categories)))?;
                }
                "users" => {
                    let users: Vec<UserDoc> = map.next_value()?;
                    self.send(Found::Extra(Extra::Users(users)))?;
                }
                "media" => {
                    let media: Vec<MediaMetaDoc> = map.next_value()?;
                    self.send(Found::Extra(Extra::MediaMeta(media)))?;
                }
                "legacy_paths" => {
                    let paths: Vec<SitePathDoc> = map.next_value()?;
                    self.send(Found::Extra(Extra::SitePaths(paths)))?;
                }
                "assets" => {
                    let assets: Vec<AssetDoc> = map.next_value()?;
                    self.send(Found::Extra(Extra::Assets(assets)))?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

struct Articles<'t, 'a, 'e> {
    top: &'t mut Top<'a, 'e>,
}

impl<'de> DeserializeSeed<'de> for Articles<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Articles<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of articles")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0;
        // Each element is read as a JSON value first, so one malformed
        // article fails alone instead of ending the file.
        while let Some(value) = seq.next_element::<Value>()? {
            let source = format!("{}#articles[{index}]", self.top.name);
            let found = match serde_json::from_value::<ArticleDoc>(value) {
                Ok(doc) => RawItem::Document {
                    source,
                    doc: Box::new(doc),
                },
                Err(e) => RawItem::Failed {
                    source,
                    error: ItemError::new(
                        "invalid_document",
                        format!("not a {FORMAT} article: {e}"),
                    ),
                },
            };
            self.top.send(Found::Item(found))?;
            index += 1;
        }
        Ok(())
    }
}
