//! The media table: each image kept, by the SHA-256 of its bytes.

use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;

use super::unix;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MediaRow {
    pub hash: String,
    pub mime: String,
    pub bytes: i64,
    pub width: i64,
    pub height: i64,
    pub file_name: Option<String>,
    pub original_url: Option<String>,
    pub created_by: Option<i64>,
    pub created_at: i64,
    /// Its smaller copies (`media::derive::Variant::parse_list`); `None`
    /// while they are still to be made.
    pub derived: Option<String>,
}

/// Records an image; `false` when it was there already (the same bytes).
pub async fn insert(
    conn: &mut SqliteConnection,
    row: &MediaRow,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO media (hash, mime, bytes, width, height, file_name, original_url, created_by, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (hash) DO NOTHING",
    )
    .bind(&row.hash)
    .bind(&row.mime)
    .bind(row.bytes)
    .bind(row.width)
    .bind(row.height)
    .bind(&row.file_name)
    .bind(&row.original_url)
    .bind(row.created_by)
    .bind(unix(now))
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn get(conn: &mut SqliteConnection, hash: &str) -> Result<Option<MediaRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT hash, mime, bytes, width, height, file_name, original_url, created_by, created_at, derived \
         FROM media WHERE hash = ?1",
    )
    .bind(hash)
    .fetch_optional(conn)
    .await
}

/// The oldest image whose copies are still to be made, if any.
pub async fn next_to_derive(
    conn: &mut SqliteConnection,
) -> Result<Option<(String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT hash, mime FROM media WHERE derived IS NULL ORDER BY created_at, hash LIMIT 1",
    )
    .fetch_optional(conn)
    .await
}

/// Records an image's copies as made. When an article shows it, the
/// content's generation moves, so the public pages are made again with
/// the copies in their `srcset`.
pub async fn set_derived(
    conn: &mut SqliteConnection,
    hash: &str,
    derived: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE media SET derived = ?2 WHERE hash = ?1")
        .bind(hash)
        .bind(derived)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "UPDATE content_generation SET value = value + 1 \
         WHERE id = 1 AND EXISTS (SELECT 1 FROM article_media WHERE hash = ?1)",
    )
    .bind(hash)
    .execute(conn)
    .await?;
    Ok(())
}
