//! Which articles a user may open in the editor: the one check every page
//! and route about one article makes first.

use super::guard::CurrentUser;
use crate::auth::permissions::{self, ArticleAccess};
use crate::db::articles;
use crate::error::AppError;

/// The article, if this user may edit it; 404 when absent or not theirs.
pub async fn editable(
    conn: &mut sqlx::SqliteConnection,
    user: &CurrentUser,
    id: i64,
) -> Result<articles::StoredArticle, AppError> {
    let article = articles::load(conn, id).await?.ok_or(AppError::NotFound)?;
    let access = ArticleAccess {
        owner_id: article.row.owner_id,
        status: article.row.status,
    };
    // Another author's article answers as a missing one: the status must
    // not tell which ids exist (issue 14).
    if !permissions::can_edit(user.role, user.id, access) {
        return Err(AppError::NotFound);
    }
    Ok(article)
}
