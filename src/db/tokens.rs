//! API tokens: only a hash is stored.

use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;

use super::unix;

pub async fn insert(
    conn: &mut SqliteConnection,
    name: &str,
    token_hash: &[u8],
    user_id: i64,
    now: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO api_tokens (name, token_hash, user_id, created_at) VALUES (?1, ?2, ?3, ?4) RETURNING id",
    )
    .bind(name)
    .bind(token_hash)
    .bind(user_id)
    .bind(unix(now))
    .fetch_one(conn)
    .await
}
