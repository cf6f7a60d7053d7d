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

/// Drops counters whose window and lock are both over.
pub async fn sweep(conn: &mut SqliteConnection, before: DateTime<Utc>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "DELETE FROM login_throttle WHERE window_start < ?1 AND coalesce(locked_until, 0) < ?1",
    )
    .bind(unix(before))
    .execute(conn)
    .await?;
    Ok(())
}
