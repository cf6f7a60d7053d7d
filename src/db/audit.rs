//! The audit log: who did what when.

use chrono::{DateTime, Utc};
use serde_json::Value;
use sqlx::SqliteConnection;

use super::unix;

/// One entry; `actor` is kept as text so the trail outlives the user.
pub struct Entry<'a> {
    pub user_id: Option<i64>,
    pub actor: &'a str,
    pub action: &'a str,
    pub target: Option<&'a str>,
    pub detail: Value,
    /// The client's address, for logins.
    pub ip: Option<&'a str>,
}

pub async fn record(
    conn: &mut SqliteConnection,
    entry: Entry<'_>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO audit_log (at, user_id, actor, action, target, detail, ip) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
        .bind(unix(now))
        .bind(entry.user_id)
        .bind(entry.actor)
        .bind(entry.action)
        .bind(entry.target)
        .bind(entry.detail.to_string())
        .bind(entry.ip)
        .execute(conn)
        .await?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AuditRow {
    pub id: i64,
    pub at: i64,
    pub actor: String,
    pub action: String,
    pub target: Option<String>,
    pub detail: String,
    pub ip: Option<String>,
}

/// Entries older than `before_id` (all when `None`), newest first, for one
/// action or all.
pub async fn page(
    conn: &mut SqliteConnection,
    before_id: Option<i64>,
    action: Option<&str>,
    limit: i64,
) -> Result<Vec<AuditRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, at, actor, action, target, detail, ip FROM audit_log \
         WHERE (?1 IS NULL OR id < ?1) AND (?2 IS NULL OR action = ?2) ORDER BY id DESC LIMIT ?3",
    )
    .bind(before_id)
    .bind(action)
    .bind(limit)
    .fetch_all(conn)
    .await
}
