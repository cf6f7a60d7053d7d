//! Users.

use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;

use super::unix;
use crate::domain::{Email, Role};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub role: String,
    pub disabled_at: Option<i64>,
}

pub async fn insert(
    conn: &mut SqliteConnection,
    email: &Email,
    role: Role,
    password_hash: &str,
    now: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO users (email, role, password_hash, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4) RETURNING id",
    )
    .bind(email.as_str())
    .bind(role.as_str())
    .bind(password_hash)
    .bind(unix(now))
    .fetch_one(conn)
    .await
}

pub async fn find_by_email(
    conn: &mut SqliteConnection,
    email: &Email,
) -> Result<Option<UserRow>, sqlx::Error> {
    sqlx::query_as("SELECT id, email, role, disabled_at FROM users WHERE email = ?1")
        .bind(email.as_str())
        .fetch_optional(conn)
        .await
}

/// What a login checks: the id, the password hash, and whether the user
/// is disabled.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Credentials {
    pub id: i64,
    pub password_hash: String,
    pub disabled_at: Option<i64>,
}

pub async fn credentials(
    conn: &mut SqliteConnection,
    email: &str,
) -> Result<Option<Credentials>, sqlx::Error> {
    sqlx::query_as("SELECT id, password_hash, disabled_at FROM users WHERE email = ?1")
        .bind(email.trim())
        .fetch_optional(conn)
        .await
}

/// Sets a new password hash, ends every session of the user but `keep`
/// (the one that changed its own password), and forgets the account's
/// failed logins: a new password always lifts the login throttle.
pub async fn set_password(
    conn: &mut SqliteConnection,
    id: i64,
    password_hash: &str,
    keep: Option<i64>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let email: String = sqlx::query_scalar(
        "UPDATE users SET password_hash = ?2, updated_at = ?3 WHERE id = ?1 RETURNING email",
    )
    .bind(id)
    .bind(password_hash)
    .bind(unix(now))
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM sessions WHERE user_id = ?1 AND id IS NOT ?2")
        .bind(id)
        .bind(keep)
        .execute(&mut *conn)
        .await?;
    let key = crate::auth::throttle::account_key(&email);
    super::throttle::clear_prefixed(conn, &key).await
}

/// Disables a user: no login, no session, no API token works any more.
pub async fn disable(
    conn: &mut SqliteConnection,
    id: i64,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE users SET disabled_at = coalesce(disabled_at, ?2), updated_at = ?2 WHERE id = ?1",
    )
    .bind(id)
    .bind(unix(now))
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE api_tokens SET revoked_at = coalesce(revoked_at, ?2) WHERE user_id = ?1")
        .bind(id)
        .bind(unix(now))
        .execute(&mut *conn)
        .await?;
    end_sessions(conn, id).await
}

async fn end_sessions(conn: &mut SqliteConnection, user_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE user_id = ?1")
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Users for the JSON export: no password hashes.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct ExportedUser {
    pub email: String,
    pub display_name: String,
    pub role: String,
    pub disabled: bool,
}

pub async fn all_for_export(conn: &mut SqliteConnection) -> Result<Vec<ExportedUser>, sqlx::Error> {
    sqlx::query_as(
        "SELECT email, display_name, role, disabled_at IS NOT NULL AS disabled FROM users ORDER BY id",
    )
    .fetch_all(conn)
    .await
}

/// A user as the admin's list shows it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ListedUser {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: String,
    pub disabled_at: Option<i64>,
    pub created_at: i64,
}

pub async fn list(conn: &mut SqliteConnection) -> Result<Vec<ListedUser>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, email, display_name, role, disabled_at, created_at FROM users ORDER BY email",
    )
    .fetch_all(conn)
    .await
}

pub async fn find(conn: &mut SqliteConnection, id: i64) -> Result<Option<ListedUser>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, email, display_name, role, disabled_at, created_at FROM users WHERE id = ?1",
    )
    .bind(id)
    .fetch_optional(conn)
    .await
}

pub async fn set_role(
    conn: &mut SqliteConnection,
    id: i64,
    role: Role,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET role = ?2, updated_at = ?3 WHERE id = ?1")
        .bind(id)
        .bind(role.as_str())
        .bind(unix(now))
        .execute(conn)
        .await?;
    Ok(())
}

/// Enabled admins: the last one may not be demoted or disabled.
pub async fn active_admins(conn: &mut SqliteConnection) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT count(*) FROM users WHERE role = 'admin' AND disabled_at IS NULL")
        .fetch_one(conn)
        .await
}

pub async fn enable(
    conn: &mut SqliteConnection,
    id: i64,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET disabled_at = NULL, updated_at = ?2 WHERE id = ?1")
        .bind(id)
        .bind(unix(now))
        .execute(conn)
        .await?;
    Ok(())
}

/// The stored hash of a user's password, to check the current one.
pub async fn password_hash(conn: &mut SqliteConnection, id: i64) -> Result<String, sqlx::Error> {
    sqlx::query_scalar("SELECT password_hash FROM users WHERE id = ?1")
        .bind(id)
        .fetch_one(conn)
        .await
}

/// The user's language (`None`: the browser's) and time zone (`None`:
/// `FOLIO_TIMEZONE`), as chosen on the account page.
pub async fn set_preferences(
    conn: &mut SqliteConnection,
    id: i64,
    lang: Option<&str>,
    time_zone: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET lang = ?2, time_zone = ?3 WHERE id = ?1")
        .bind(id)
        .bind(lang)
        .bind(time_zone)
        .execute(conn)
        .await?;
    Ok(())
}
