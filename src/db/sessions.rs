//! Server-side sessions of the admin UI. Only the SHA-256 of a session's
//! cookie token is stored.

use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;

use super::unix;

/// A session joined with its user, as the admin guard needs it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
    pub id: i64,
    pub user_id: i64,
    pub csrf_token: String,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub email: String,
    pub display_name: String,
    pub role: String,
    pub disabled_at: Option<i64>,
    /// The user's language, when they chose one.
    pub lang: Option<String>,
    /// The user's time zone (IANA name), when they chose one.
    pub time_zone: Option<String>,
    /// The message waiting for the next page (JSON, see `Flash`).
    pub flash: Option<String>,
}

pub struct NewSession<'a> {
    pub token_hash: &'a [u8],
    pub user_id: i64,
    pub csrf_token: &'a str,
    pub ip: Option<&'a str>,
    pub user_agent: Option<&'a str>,
}

pub async fn insert(
    conn: &mut SqliteConnection,
    s: NewSession<'_>,
    now: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, ip, user_agent) \
         VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6) RETURNING id",
    )
    .bind(s.token_hash)
    .bind(s.user_id)
    .bind(s.csrf_token)
    .bind(unix(now))
    .bind(s.ip)
    .bind(s.user_agent)
    .fetch_one(conn)
    .await
}

pub async fn find(
    conn: &mut SqliteConnection,
    token_hash: &[u8],
) -> Result<Option<SessionRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.id, s.user_id, s.csrf_token, s.created_at, s.last_seen_at, \
                u.email, u.display_name, u.role, u.disabled_at, u.lang, u.time_zone, s.flash \
         FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?1",
    )
    .bind(token_hash)
    .fetch_optional(conn)
    .await
}

/// Marks the session used now (the idle timeout counts from here).
pub async fn touch(
    conn: &mut SqliteConnection,
    id: i64,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET last_seen_at = ?2 WHERE id = ?1")
        .bind(id)
        .bind(unix(now))
        .execute(conn)
        .await?;
    Ok(())
}

/// Leaves `flash` (JSON) for the session's next page, replacing any
/// message still waiting.
pub async fn set_flash(
    conn: &mut SqliteConnection,
    id: i64,
    flash: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET flash = ?2 WHERE id = ?1")
        .bind(id)
        .bind(flash)
        .execute(conn)
        .await?;
    Ok(())
}

/// Clears the session's message once a page has shown it — unless another
/// action left a new one meanwhile.
pub async fn clear_flash(
    conn: &mut SqliteConnection,
    id: i64,
    shown: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET flash = NULL WHERE id = ?1 AND flash = ?2")
        .bind(id)
        .bind(shown)
        .execute(conn)
        .await?;
    Ok(())
}

/// Deletes the session whose cookie token hashes to `token_hash` (the
/// browser's previous session, replaced at login).
pub async fn delete_by_token(
    conn: &mut SqliteConnection,
    token_hash: &[u8],
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = ?1")
        .bind(token_hash)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn delete(conn: &mut SqliteConnection, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE id = ?1")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Removes sessions idle since before `idle_before` or created before
/// `created_before`.
pub async fn sweep(
    conn: &mut SqliteConnection,
    idle_before: DateTime<Utc>,
    created_before: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM sessions WHERE last_seen_at < ?1 OR created_at < ?2")
        .bind(unix(idle_before))
        .bind(unix(created_before))
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}
