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

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TokenRow {
    pub id: i64,
    pub name: String,
    pub user_email: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

/// Tokens of one user, or of everyone (`None`, for admins), newest first.
pub async fn list(
    conn: &mut SqliteConnection,
    user_id: Option<i64>,
) -> Result<Vec<TokenRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT t.id, t.name, u.email AS user_email, t.created_at, t.last_used_at, t.revoked_at \
         FROM api_tokens t JOIN users u ON u.id = t.user_id \
         WHERE ?1 IS NULL OR t.user_id = ?1 ORDER BY t.id DESC",
    )
    .bind(user_id)
    .fetch_all(conn)
    .await
}

/// The name of a live token, if `owner` (when given) holds it.
pub async fn live_name(
    conn: &mut SqliteConnection,
    id: i64,
    owner: Option<i64>,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT name FROM api_tokens WHERE id = ?1 AND (?2 IS NULL OR user_id = ?2) AND revoked_at IS NULL",
    )
    .bind(id)
    .bind(owner)
    .fetch_optional(conn)
    .await
}

/// Revokes a token; `owner` limits it to that user's tokens. Returns
/// whether a live token was revoked.
pub async fn revoke(
    conn: &mut SqliteConnection,
    id: i64,
    owner: Option<i64>,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE api_tokens SET revoked_at = ?3 WHERE id = ?1 AND (?2 IS NULL OR user_id = ?2) AND revoked_at IS NULL",
    )
    .bind(id)
    .bind(owner)
    .bind(unix(now))
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The live token with this hash and its enabled user.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TokenUser {
    pub token_id: i64,
    pub last_used_at: Option<i64>,
    pub user_id: i64,
    pub email: String,
    pub display_name: String,
    pub role: String,
    /// The user's language, when they chose one.
    pub lang: Option<String>,
    /// The user's time zone (IANA name), when they chose one.
    pub time_zone: Option<String>,
}

pub async fn find_live(
    conn: &mut SqliteConnection,
    token_hash: &[u8],
) -> Result<Option<TokenUser>, sqlx::Error> {
    sqlx::query_as(
        "SELECT t.id AS token_id, t.last_used_at, u.id AS user_id, u.email, u.display_name, u.role, u.lang, u.time_zone \
         FROM api_tokens t JOIN users u ON u.id = t.user_id \
         WHERE t.token_hash = ?1 AND t.revoked_at IS NULL AND u.disabled_at IS NULL",
    )
    .bind(token_hash)
    .fetch_optional(conn)
    .await
}

pub async fn mark_used(
    conn: &mut SqliteConnection,
    id: i64,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE api_tokens SET last_used_at = ?2 WHERE id = ?1")
        .bind(id)
        .bind(unix(now))
        .execute(conn)
        .await?;
    Ok(())
}
