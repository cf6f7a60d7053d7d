//! Reading and writing Hexo posts: front matter, dates, categories.
//!
//! [`read_post`] turns a file's bytes into a [`NewArticle`] by Hexo's own
//! rules (SPEC, "Reading a Hexo post"); [`write_post`] turns an article back
//! into a file Hexo can build.

mod dates;
mod front_matter;
pub mod site;
mod split;
pub mod tags;
mod write;

pub use dates::parse_date;
pub use front_matter::KNOWN_KEYS;
pub use split::{Format, normalise, split};
pub use write::{PostSource, write_post};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::domain::{
    ArticleFields, ArticleStatus, CategoryPath, NewArticle, Slug, TagName, TextError,
};
use front_matter::{Outcome, Parsed};
use serde::Deserialize;

/// Why a post could not be read: a stable code, a message for people, and
/// the 1-based line of the file when there is one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ReadError {
    pub code: &'static str,
    pub message: String,
    pub line: Option<usize>,
}

impl ReadError {
    fn new(code: &'static str, message: impl Into<String>, line: Option<usize>) -> Self {
        ReadError {
            code,
            message: message.into(),
            line,
        }
    }
}

/// Something Hexo reads past that a person should still hear of: the post
/// is read, and the report lists it beside the item. Same shape as an
/// error (a stable code, a message, the file's line).
pub type ReadWarning = ReadError;

/// A post as read, with what the reading noticed.
#[derive(Debug, Clone)]
pub struct ReadPost {
    pub article: NewArticle,
    pub warnings: Vec<ReadWarning>,
    /// Its date is the file's time (no `date`, or one Hexo cannot read).
    pub file_dated: bool,
}

/// What a read needs besides the bytes.
#[derive(Debug, Clone, Copy)]
pub struct ReadContext {
    /// The zone of dates written without one (`FOLIO_TIMEZONE`).
    pub zone: Tz,
    /// The date of a post that has none (Hexo would take the file's time).
    pub now: DateTime<Utc>,
}

/// Reads one Hexo post. `stem` is the file name without its extension, the
/// slug when the front matter gives none.
pub fn read_post(stem: &str, bytes: &[u8], ctx: &ReadContext) -> Result<NewArticle, ReadError> {
    read(stem, bytes, ctx).map(|read| read.article)
}

/// Reads one Hexo post, with the warnings of what Hexo reads past.
pub fn read(stem: &str, bytes: &[u8], ctx: &ReadContext) -> Result<ReadPost, ReadError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1;
        ReadError::new(
            "invalid_utf8",
            format!(
                "the file is not valid UTF-8 (byte offset {})",
                e.valid_up_to()
            ),
            Some(line),
        )
    })?;
    let text = normalise(text);
    let parts = split(&text);
    let file_line = |l: usize| parts.front_matter_line + l - 1;

    let outcome = front_matter::parse(parts.front_matter, parts.format)
        .map_err(|e| ReadError::new(e.code, e.message, e.line.map(file_line)))?;
    let (parsed, head, body) = match outcome {
        Outcome::Mapping(parsed) => (*parsed, parts.head, parts.body),
        // Hexo reads a front matter that is not a mapping as part of the body.
        Outcome::NotAMapping => (Parsed::default(), "", text.as_str()),
    };
    let find_line = |key: &str| key_line(parts.front_matter, key).map(file_line);
    let mut warnings = Vec::new();
    let (fields, file_dated) = fields_of(&parsed, ctx, &find_line, &mut warnings)?;
    let slug_source = parsed.known.slug.as_ref().map_or(stem, |s| s.0.as_str());
    let slug = Slug::parse(slug_source).map_err(|e| {
        ReadError::new(
            "invalid_slug",
            format!("slug {slug_source:?}: {e}"),
            find_line("slug"),
        )
    })?;

    let article = NewArticle {
        slug,
        fields,
        front_matter: head.to_owned(),
        front_matter_format: parts.format,
        extra: parsed.extra,
        body: body.to_owned(),
    };
    article.check_texts().map_err(|(field, e)| {
        let (code, line) = match e {
            TextError::Nul => {
                let at = text.find('\0').unwrap_or_default();
                ("nul_byte", text[..at].matches('\n').count() + 1)
            }
            TextError::BidiControl(_) => ("bidi_control", find_line(field).unwrap_or(1)),
        };
        ReadError::new(code, format!("`{field}`: {e}"), Some(line))
    })?;
    Ok(ReadPost {
        article,
        warnings,
        file_dated,
    })
}

fn fields_of(
    parsed: &Parsed,
    ctx: &ReadContext,
    find_line: &dyn Fn(&str) -> Option<usize>,
    warnings: &mut Vec<ReadWarning>,
) -> Result<(ArticleFields, bool), ReadError> {
    let known = &parsed.known;
    // A date Hexo cannot read is as good as none: Hexo takes the file's
    // time for `date` (folio too) and leaves `updated` to the file's too
    // (folio: no `updated`). The post is kept, with a warning.
    let mut date_of = |key: &str, raw: Option<&front_matter::Scalar>| {
        let raw = raw?;
        let date = parse_date(&raw.0, ctx.zone);
        if date.is_none() {
            warnings.push(ReadWarning::new(
                "unreadable_date",
                format!(
                    "`{key}`: Hexo cannot read {:?} as a date; {}",
                    raw.0,
                    if key == "date" {
                        "the file's time is taken instead"
                    } else {
                        "it is left out"
                    }
                ),
                find_line(key),
            ));
        }
        date
    };
    let date = date_of("date", known.date.as_ref());
    let file_dated = date.is_none();
    let date = date.unwrap_or(ctx.now);
    let updated = date_of("updated", known.updated.as_ref());

    // Hexo reads `tag` and `category` as `tags` and `categories` where
    // those are absent (its post processor); the keys stay in `extra`, so
    // the front matter is written back as it was.
    let alias = |key: &str| parsed.extra.get(key).filter(|v| !v.is_object());
    let tag_alias = match &known.tags {
        None => alias("tag").and_then(|v| front_matter::StringList::deserialize(v).ok()),
        Some(_) => None,
    };
    let category_alias = match &known.categories {
        None => alias("category").and_then(|v| front_matter::Categories::deserialize(v).ok()),
        Some(_) => None,
    };
    let (tags_key, categories_key) = (
        if tag_alias.is_some() { "tag" } else { "tags" },
        if category_alias.is_some() {
            "category"
        } else {
            "categories"
        },
    );
    let tags = known
        .tags
        .iter()
        .chain(tag_alias.iter())
        .flat_map(|t| t.0.iter())
        .filter(|t| !t.trim().is_empty())
        .map(|t| TagName::parse(t))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| {
            ReadError::new(
                "invalid_tag",
                format!("`{tags_key}`: {e}"),
                find_line(tags_key),
            )
        })?;
    // `Rust` and `rust` are one tag (`TagName`'s equality): the first
    // spelling is kept, and the other heard of.
    for (i, tag) in tags.iter().enumerate() {
        if let Some(first) = tags[..i].iter().find(|t| *t == tag)
            && first.as_str() != tag.as_str()
        {
            warnings.push(ReadWarning::new(
                "tag_case",
                format!(
                    "`{tags_key}`: {:?} and {:?} differ only in case: they are one tag, {:?}",
                    first.as_str(),
                    tag.as_str(),
                    first.as_str()
                ),
                find_line(tags_key),
            ));
        }
    }
    let categories = known
        .categories
        .iter()
        .chain(category_alias.iter())
        .flat_map(|c| c.0.iter())
        .map(|path| CategoryPath::parse(path))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| {
            ReadError::new(
                "invalid_category",
                format!("`{categories_key}`: {e}"),
                find_line(categories_key),
            )
        })?;

    let status = if known.published == Some(false) {
        ArticleStatus::Draft
    } else {
        ArticleStatus::Published
    };
    let fields = ArticleFields {
        title: known.title.clone().unwrap_or_default(),
        status,
        date,
        updated,
        published_at: None,
        author: known.author.clone(),
        headimg: known.headimg.clone(),
        thumbnail: known.thumbnail.clone(),
        comments: known.comments,
        permalink: known.permalink.clone(),
        excerpt: known.excerpt.clone(),
        tags: dedup(tags),
        categories: dedup(categories),
    };
    Ok((fields, file_dated))
}

fn dedup<T: PartialEq>(items: Vec<T>) -> Vec<T> {
    let mut out: Vec<T> = Vec::with_capacity(items.len());
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

/// The 1-based line within the front matter where a top-level key starts.
fn key_line(front_matter: &str, key: &str) -> Option<usize> {
    front_matter
        .lines()
        .position(|line| {
            let line = line.trim_start_matches(['"', '\'']);
            line.strip_prefix(key).is_some_and(|rest| {
                rest.trim_start_matches(['"', '\''])
                    .trim_start()
                    .starts_with(':')
            })
        })
        .map(|i| i + 1)
}
