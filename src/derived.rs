//! What folio derives from an article's source and stores beside it: the
//! rendered HTML and excerpt, and the search index's tokens (made from the
//! plain text, which is not kept).
//! Computed apart from the database so the importer can do it on another
//! thread than the one writing to SQLite.

use crate::domain::NewArticle;
use crate::render::{self, Rendered};
use crate::search;

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
        let rendered = render::render(&article.body, article.fields.excerpt.as_deref());
        // The plain text is only a step to the tokens: it is not stored,
        // and not kept (a tenth of what an import holds an item in memory).
        let plain_text = render::plain_text(&rendered.html);
        Derived {
            search_title: search::index_text(&article.fields.title),
            search_body: search::index_text(&plain_text),
            search_title_chars: search::index_chars(&article.fields.title),
            search_body_chars: search::index_chars(&plain_text),
            rendered,
        }
    }
}
