//! An article's whole editable state — what an editor edits, what a
//! revision keeps (fields, tags, categories, slug, front matter) — and the
//! three-way merge that spares editors false conflicts.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{
    ArticleFields, ArticleStatus, CategoryPath, NewArticle, Slug, SlugError, TagName, TaxonomyError,
};
use crate::hexo::Format;

/// Everything an article is, as plain values. Serialised, it is a
/// revision's snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleState {
    pub slug: String,
    pub title: String,
    pub status: ArticleStatus,
    pub date: DateTime<Utc>,
    pub updated: Option<DateTime<Utc>>,
    pub author: Option<String>,
    pub headimg: Option<String>,
    pub thumbnail: Option<String>,
    pub comments: Option<bool>,
    pub permalink: Option<String>,
    pub excerpt: Option<String>,
    pub tags: Vec<String>,
    pub categories: Vec<Vec<String>>,
    /// The original text before the body (kept so an export can keep the
    /// raw form of every entry that did not change).
    pub front_matter: String,
    pub front_matter_format: String,
    pub extra: Map<String, Value>,
    pub body: String,
}

/// Why a state cannot become an article: the field and the reason.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{field}: {reason}")]
pub struct StateError {
    pub field: &'static str,
    pub reason: StateReason,
}

/// What was wrong with the field.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum StateReason {
    #[error("the title is empty")]
    EmptyTitle,
    #[error(transparent)]
    Slug(#[from] SlugError),
    #[error(transparent)]
    Name(#[from] TaxonomyError),
    #[error(transparent)]
    Text(#[from] super::TextError),
}

fn field_error(field: &'static str, e: impl Into<StateReason>) -> StateError {
    StateError {
        field,
        reason: e.into(),
    }
}

impl ArticleState {
    /// A new, empty draft dated `now`, as the editor and the API start one.
    pub fn blank(now: DateTime<Utc>) -> ArticleState {
        ArticleState {
            slug: String::new(),
            title: String::new(),
            status: ArticleStatus::Draft,
            date: now,
            updated: None,
            author: None,
            headimg: None,
            thumbnail: None,
            comments: None,
            permalink: None,
            excerpt: None,
            tags: Vec::new(),
            categories: Vec::new(),
            front_matter: String::new(),
            front_matter_format: "yaml".into(),
            extra: Map::new(),
            body: String::new(),
        }
    }

    /// The state as the domain's validated article: the one constructor the
    /// editor, the JSON API and a revision restore share with the importer.
    pub fn to_article(
        &self,
        published_at: Option<DateTime<Utc>>,
    ) -> Result<NewArticle, StateError> {
        let title = self.title.trim();
        if title.is_empty() {
            return Err(field_error("title", StateReason::EmptyTitle));
        }
        let slug = Slug::parse(&self.slug).map_err(|e: SlugError| field_error("slug", e))?;
        let tags = self
            .tags
            .iter()
            .map(|t| TagName::parse(t))
            .collect::<Result<Vec<_>, TaxonomyError>>()
            .map_err(|e| field_error("tags", e))?;
        let categories = self
            .categories
            .iter()
            .map(|p| CategoryPath::parse(p))
            .collect::<Result<Vec<_>, TaxonomyError>>()
            .map_err(|e| field_error("categories", e))?;
        let format = Format::parse(&self.front_matter_format).unwrap_or(Format::Yaml);
        let text = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        let article = NewArticle {
            slug,
            fields: ArticleFields {
                title: title.to_owned(),
                status: self.status,
                date: self.date,
                updated: self.updated,
                published_at,
                author: text(&self.author),
                headimg: text(&self.headimg),
                thumbnail: text(&self.thumbnail),
                comments: self.comments,
                permalink: text(&self.permalink),
                excerpt: text(&self.excerpt),
                tags,
                categories,
            },
            front_matter: self.front_matter.clone(),
            front_matter_format: format,
            extra: self.extra.clone(),
            body: self.body.replace("\r\n", "\n"),
        };
        article
            .check_texts()
            .map_err(|(field, e)| field_error(field, e))?;
        Ok(article)
    }
}

/// A three-way merge of an edit made on `base` with the changes saved
/// since (`theirs`): each field takes whichever side changed it. Only a
/// field both changed, differently, is a conflict — so a publish or a tag
/// added elsewhere while someone edits the body is no conflict at all.
pub fn merge(
    base: &ArticleState,
    theirs: &ArticleState,
    mine: &ArticleState,
) -> Result<ArticleState, Vec<String>> {
    let as_map = |s: &ArticleState| match serde_json::to_value(s) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    };
    let (b, t, m) = (as_map(base), as_map(theirs), as_map(mine));
    let mut merged = Map::new();
    let mut conflicts = Vec::new();
    for (key, mine_value) in &m {
        let base_value = b.get(key);
        let their_value = t.get(key);
        let value = if Some(mine_value) == base_value {
            their_value.unwrap_or(mine_value)
        } else if their_value == base_value || their_value == Some(mine_value) {
            mine_value
        } else {
            conflicts.push(key.clone());
            mine_value
        };
        merged.insert(key.clone(), value.clone());
    }
    if !conflicts.is_empty() {
        return Err(conflicts);
    }
    serde_json::from_value(Value::Object(merged)).map_err(|e| vec![e.to_string()])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> ArticleState {
        ArticleState {
            slug: "a".into(),
            title: "金融".into(),
            body: "one".into(),
            ..ArticleState::blank(DateTime::from_timestamp(1_622_606_820, 0).unwrap())
        }
    }

    #[test]
    fn changes_to_different_fields_merge_without_a_conflict() {
        let base = state();
        let theirs = ArticleState {
            status: ArticleStatus::Published,
            tags: vec!["x".into()],
            ..base.clone()
        };
        let mine = ArticleState {
            body: "two".into(),
            ..base.clone()
        };
        let merged = merge(&base, &theirs, &mine).unwrap();
        assert_eq!(merged.status, ArticleStatus::Published);
        assert_eq!(merged.tags, vec!["x".to_owned()]);
        assert_eq!(merged.body, "two");
    }

    #[test]
    fn the_same_field_changed_differently_is_a_conflict() {
        let base = state();
        let theirs = ArticleState {
            body: "theirs".into(),
            ..base.clone()
        };
        let mine = ArticleState {
            body: "mine".into(),
            ..base.clone()
        };
        assert_eq!(merge(&base, &theirs, &mine), Err(vec!["body".to_owned()]));
        let same = ArticleState {
            body: "theirs".into(),
            ..base.clone()
        };
        assert!(merge(&base, &theirs, &same).is_ok());
    }

    #[test]
    fn a_state_needs_a_title_and_a_valid_slug() {
        let s = ArticleState {
            title: " ".into(),
            ..state()
        };
        assert_eq!(s.to_article(None).unwrap_err().field, "title");
        let s = ArticleState {
            slug: "".into(),
            ..state()
        };
        assert_eq!(s.to_article(None).unwrap_err().field, "slug");
    }
}
