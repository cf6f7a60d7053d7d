//! What folio derives from an article's source and stores beside it: the
//! rendered HTML and excerpt, and the search index's tokens (made from the
//! plain text, which is not kept).
//! Computed apart from the database so the importer can do it on another
//! thread than the one writing to SQLite, and an edit before its write
//! transaction ([`Prepared`]): rendering a body may take up to a second,
//! which must hold up neither the other writers nor an async worker.

use crate::domain::{ArticleState, NewArticle};
use crate::render::{self, Rendered};
use crate::search;

/// The most of an article's text the search index takes: 1 MiB, some
/// 350,000 Chinese characters, a hundred times a long article. FTS5 holds a
/// document's terms in memory while it indexes it; the 15 MiB posts an
/// import may carry made 35 MiB of tokens each.
pub const MAX_INDEXED_BYTES: usize = 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Derived {
    pub rendered: Rendered,
    /// The title and plain text as FTS5 tokens (`search::index_text`)
    /// and as their distinct characters (`search::index_chars`).
    pub search_title: String,
    pub search_body: String,
    pub search_title_chars: String,
    pub search_body_chars: String,
}

impl Derived {
    pub fn of(article: &NewArticle) -> Derived {
        Self::make(
            &article.fields.title,
            &article.body,
            article.fields.excerpt.as_deref(),
        )
    }

    /// The bytes of its search index tokens.
    pub fn index_bytes(&self) -> usize {
        self.search_title.len()
            + self.search_body.len()
            + self.search_title_chars.len()
            + self.search_body_chars.len()
    }

    fn make(title: &str, body: &str, excerpt: Option<&str>) -> Derived {
        let rendered = render::render(body, excerpt);
        let texts = index_texts(title, &rendered.html);
        Derived {
            search_title: texts.title,
            search_body: texts.body,
            search_title_chars: texts.title_chars,
            search_body_chars: texts.body_chars,
            rendered,
        }
    }
}

/// The four texts an article gives the search index.
pub struct IndexTexts {
    pub title: String,
    pub body: String,
    pub title_chars: String,
    pub body_chars: String,
}

/// The index's texts of a title and a rendered body (the first
/// [`MAX_INDEXED_BYTES`] of its plain text).
pub fn index_texts(title: &str, html: &str) -> IndexTexts {
    // The plain text is only a step to the tokens: it is not stored, and
    // not kept (a tenth of what an import holds an item in memory).
    let mut plain_text = render::plain_text(html);
    let mut end = plain_text.len().min(MAX_INDEXED_BYTES);
    while !plain_text.is_char_boundary(end) {
        end -= 1;
    }
    plain_text.truncate(end);
    IndexTexts {
        title: search::index_text(title),
        body: search::index_text(&plain_text),
        title_chars: search::index_chars(title),
        body_chars: search::index_chars(&plain_text),
    }
}

/// What an article's derived values are made from: nothing else changes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sources {
    pub title: String,
    pub body: String,
    pub excerpt: Option<String>,
}

impl Sources {
    pub fn of(article: &NewArticle) -> Sources {
        Sources {
            title: article.fields.title.clone(),
            body: article.body.clone(),
            excerpt: article.fields.excerpt.clone(),
        }
    }

    /// Of `state` as it will be saved ([`ArticleState::to_article`]'s
    /// trimming and line endings); `None` when it could not be saved.
    pub fn of_state(state: &ArticleState) -> Option<Sources> {
        if state.slug.trim().is_empty() {
            // The write path makes an empty slug from the title; the
            // sources do not depend on it.
            let named = ArticleState {
                slug: "untitled".into(),
                ..state.clone()
            };
            return named.to_article(None).ok().map(|a| Sources::of(&a));
        }
        state.to_article(None).ok().map(|a| Sources::of(&a))
    }

    fn are_of(&self, article: &NewArticle) -> bool {
        self.title == article.fields.title
            && self.body == article.body
            && self.excerpt == article.fields.excerpt
    }
}

/// Derived values made ahead of a save, for the sources it expects to write.
/// A save whose state turns out to have other sources (a merge took the
/// body from the other side, a restore loaded an old one) is refused by
/// `db::article_edits` with those sources, rendered outside the
/// transaction, and tried again.
#[derive(Debug, Default)]
pub struct Prepared(Option<(Sources, Derived)>);

impl Prepared {
    /// Nothing prepared: for saves that change no sources (tags, status).
    pub fn none() -> Prepared {
        Prepared(None)
    }

    /// Renders `sources` on a blocking thread.
    pub async fn make(sources: Sources) -> Result<Prepared, tokio::task::JoinError> {
        tokio::task::spawn_blocking(move || {
            let derived = Derived::make(&sources.title, &sources.body, sources.excerpt.as_deref());
            Prepared(Some((sources, derived)))
        })
        .await
    }

    /// [`Prepared::make`] for `state`'s sources; none when it is invalid (its
    /// save will say why).
    pub async fn for_state(state: &ArticleState) -> Result<Prepared, tokio::task::JoinError> {
        match Sources::of_state(state) {
            Some(sources) => Self::make(sources).await,
            None => Ok(Prepared::none()),
        }
    }

    /// The derived values of `article`, when they were prepared.
    pub fn get(&self, article: &NewArticle) -> Option<&Derived> {
        self.0
            .as_ref()
            .filter(|(sources, _)| sources.are_of(article))
            .map(|(_, derived)| derived)
    }
}
