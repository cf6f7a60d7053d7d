//! What the tags and categories pages share: their errors, their name
//! rule, and how their actions are recorded and told.

use serde::Deserialize;

use super::guard::CurrentUser;
use crate::db::taxonomy_edits::TaxonomyEditError;
use crate::domain::TagName;
use crate::error::AppError;
use crate::i18n::Message;

impl From<TaxonomyEditError> for AppError {
    fn from(e: TaxonomyEditError) -> Self {
        match e {
            TaxonomyEditError::NotFound => AppError::NotFound,
            TaxonomyEditError::SiblingNamed { field, name } => AppError::invalid(
                field,
                Message::new("error-sibling-named").quoting("name", &name),
            ),
            TaxonomyEditError::UnderItself => {
                AppError::invalid("parent", Message::new("error-under-itself"))
            }
            TaxonomyEditError::NotEmpty => {
                AppError::Conflict(Message::new("error-category-not-empty"))
            }
            TaxonomyEditError::Database(e) => AppError::Database(e),
        }
    }
}

#[derive(Deserialize)]
pub struct NameForm {
    pub name: String,
}

pub(super) async fn record(
    conn: &mut sqlx::SqliteConnection,
    user: &CurrentUser,
    action: &str,
    detail: serde_json::Value,
) -> Result<(), AppError> {
    user.record(conn, action, None, detail).await
}

pub(super) fn tag_name(raw: &str) -> Result<TagName, AppError> {
    TagName::parse(raw).map_err(|e| AppError::invalid("name", e))
}
