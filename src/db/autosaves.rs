//! Each editor's autosaved form, one slot per user and article (0 for a new
//! article): written while they type, offered back when the editor opens
//! again (after a crash, or on another machine), cleared by a save.

use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;

use super::unix;

/// An autosaved form: its fields as JSON and when it was saved.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Autosave {
    pub fields: String,
    pub saved_at: i64,
}

/// Replaces the slot. `fields` must be a JSON object (the table checks).
pub async fn put(
    conn: &mut SqliteConnection,
    user_id: i64,
    article_id: i64,
    fields: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO autosaves (user_id, article_id, fields, saved_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (user_id, article_id) DO UPDATE SET fields = excluded.fields, saved_at = excluded.saved_at",
    )
    .bind(user_id)
    .bind(article_id)
    .bind(fields)
    .bind(unix(now))
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn get(
    conn: &mut SqliteConnection,
    user_id: i64,
    article_id: i64,
) -> Result<Option<Autosave>, sqlx::Error> {
    sqlx::query_as("SELECT fields, saved_at FROM autosaves WHERE user_id = ?1 AND article_id = ?2")
        .bind(user_id)
        .bind(article_id)
        .fetch_optional(conn)
        .await
}

pub async fn clear(
    conn: &mut SqliteConnection,
    user_id: i64,
    article_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM autosaves WHERE user_id = ?1 AND article_id = ?2")
        .bind(user_id)
        .bind(article_id)
        .execute(conn)
        .await?;
    Ok(())
}
