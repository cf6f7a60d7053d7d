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
        "SELECT hash, mime, bytes, width, height, file_name, original_url, created_by, created_at \
         FROM media WHERE hash = ?1",
    )
    .bind(hash)
    .fetch_optional(conn)
    .await
}
