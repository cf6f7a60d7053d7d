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
