//! Domain types: values that are valid once constructed (parse, don't
//! validate). The admin forms, the JSON API and the importer all go through
//! these constructors, so each rule is written once.

mod article;
mod article_state;
mod slug;
mod status;
mod taxonomy;
mod text;
mod user;

pub use article::{ArticleFields, NewArticle};
pub use article_state::{ArticleState, StateError, StateReason, merge};
pub use slug::{Slug, SlugError, slugize};
pub use status::{ArticleStatus, UnknownStatus};
pub use taxonomy::{CategoryPath, TagName, TaxonomyError};
pub use text::{TextError, check_name, check_text};
pub use user::{Email, EmailError, Role, UnknownRole};
