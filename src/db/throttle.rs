//! Failed-login counters of the login throttle (policy in `auth::throttle`).

use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;

use super::unix;

#[derive(Debug, Clone, Copy, sqlx::FromRow)]
pub struct Counter {
    pub failures: i64,
    pub window_start: i64,
    pub locked_until: Option<i64>,
}

pub async fn get(conn: &mut SqliteConnection, key: &str) -> Result<Option<Counter>, sqlx::Error> {
    sqlx::query_as("SELECT failures, window_start, locked_until FROM login_throttle WHERE key = ?1")
        .bind(key)
        .fetch_optional(conn)
        .await
}

pub async fn put(
    conn: &mut SqliteConnection,
    key: &str,
    counter: Counter,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO login_throttle (key, failures, window_start, locked_until) VALUES (?1, ?2, ?3, ?4) \
         ON CONFLICT (key) DO UPDATE SET failures = ?2, window_start = ?3, locked_until = ?4",
    )
    .bind(key)
    .bind(counter.failures)
    .bind(counter.window_start)
    .bind(counter.locked_until)
    .execute(conn)
    .await?;
    Ok(())
}

/// When `account` last logged in from `ip`, if it ever did.
pub async fn known_since(
    conn: &mut SqliteConnection,
    account: &str,
    ip: &str,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT last_login_at FROM login_known WHERE account = ?1 AND ip = ?2")
        .bind(account)
        .bind(ip)
        .fetch_optional(conn)
        .await
}

pub async fn mark_known(
    conn: &mut SqliteConnection,
    account: &str,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO login_known (account, ip, last_login_at) VALUES (?1, ?2, ?3) \
         ON CONFLICT (account, ip) DO UPDATE SET last_login_at = ?3",
    )
    .bind(account)
    .bind(ip)
    .bind(unix(now))
    .execute(conn)
    .await?;
    Ok(())
}

/// Forgets every counter whose key starts with `prefix` (an account's own
/// and its per-address ones: a password reset).
pub async fn clear_prefixed(conn: &mut SqliteConnection, prefix: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM login_throttle WHERE substr(key, 1, length(?1)) = ?1")
        .bind(prefix)
        .execute(conn)
        .await?;
    Ok(())
}

/// Forgets the failures of `keys` (a successful login, a password reset).
pub async fn clear(conn: &mut SqliteConnection, keys: &[&str]) -> Result<(), sqlx::Error> {
    for key in keys {
        sqlx::query("DELETE FROM login_throttle WHERE key = ?1")
            .bind(key)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Drops counters whose window and lock are both over before `before`,
/// and addresses not used since `forgotten`.
pub async fn sweep(
    conn: &mut SqliteConnection,
    before: DateTime<Utc>,
    forgotten: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "DELETE FROM login_throttle WHERE window_start < ?1 AND coalesce(locked_until, 0) < ?1",
    )
    .bind(unix(before))
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM login_known WHERE last_login_at < ?1")
        .bind(unix(forgotten))
        .execute(conn)
        .await?;
    Ok(())
}
