//! Import runs: a row per import, so a run killed half-way is visible.

use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;

use super::unix;

pub struct NewRun<'a> {
    pub user_id: Option<i64>,
    pub origin: &'a str,
    pub dry_run: bool,
    pub atomic: bool,
    pub on_conflict: &'a str,
}

pub async fn start(
    conn: &mut SqliteConnection,
    run: NewRun<'_>,
    now: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO import_runs (user_id, origin, state, dry_run, atomic, on_conflict, started_at) \
         VALUES (?1, ?2, 'running', ?3, ?4, ?5, ?6) RETURNING id",
    )
    .bind(run.user_id)
    .bind(run.origin)
    .bind(run.dry_run)
    .bind(run.atomic)
    .bind(run.on_conflict)
    .bind(unix(now))
    .fetch_one(conn)
    .await
}

/// What a finished run's row keeps.
pub struct Finished<'a> {
    pub total: i64,
    /// The summary counts, as JSON.
    pub summary: &'a str,
    /// The report without its items, as JSON.
    pub report: &'a str,
    /// The items, packed (`transfer::item_log`).
    pub items: &'a [u8],
}

pub async fn finish(
    conn: &mut SqliteConnection,
    id: i64,
    run: Finished<'_>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE import_runs SET state = 'finished', total = ?2, done = ?2, summary = ?3, report = ?4, \
         items = ?5, finished_at = ?6 WHERE id = ?1",
    )
    .bind(id)
    .bind(run.total)
    .bind(run.summary)
    .bind(run.report)
    .bind(run.items)
    .bind(unix(now))
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn fail(
    conn: &mut SqliteConnection,
    id: i64,
    error: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE import_runs SET state = 'failed', error = ?2, finished_at = ?3 \
         WHERE id = ?1 AND state = 'running'",
    )
    .bind(id)
    .bind(error)
    .bind(unix(now))
    .execute(conn)
    .await?;
    Ok(())
}

/// Marks runs left 'running' by a process that died as failed. Called at
/// start, before any new import can begin.
pub async fn fail_abandoned(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE import_runs SET state = 'failed', error = 'interrupted: the process stopped before the run ended; \
         nothing of an atomic run was written', finished_at = ?1 WHERE state = 'running'",
    )
    .bind(unix(now))
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

/// An import run as the dashboard lists it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RunRow {
    pub id: i64,
    pub origin: String,
    pub state: String,
    pub summary: Option<String>,
    pub error: Option<String>,
    pub started_at: i64,
}

/// The newest runs that failed, or finished with failed items. Dry runs
/// are not failures: finding the problems is what they are for.
pub async fn recent_failed(
    conn: &mut SqliteConnection,
    limit: i64,
) -> Result<Vec<RunRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, origin, state, summary, error, started_at FROM import_runs \
                  WHERE NOT dry_run AND (state = 'failed' OR coalesce(summary ->> '$.failed', 0) > 0) \
         ORDER BY started_at DESC, id DESC LIMIT ?1",
    )
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// One import run, whole: what `GET /admin/api/imports/{id}` shows.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Run {
    pub id: i64,
    pub user_id: Option<i64>,
    pub origin: String,
    pub state: String,
    pub dry_run: bool,
    pub atomic: bool,
    pub on_conflict: String,
    pub total: i64,
    pub done: i64,
    /// The report without its items (or, in rows older than migration
    /// 0004, with them), as JSON.
    pub report: Option<String>,
    /// The report's items, packed (`transfer::item_log`).
    pub items: Option<Vec<u8>>,
    pub error: Option<String>,
    pub started_at: i64,
    pub finished_at: Option<i64>,
}

pub async fn get(conn: &mut SqliteConnection, id: i64) -> Result<Option<Run>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, user_id, origin, state, dry_run, atomic, on_conflict, total, done, report, items, \
         error, started_at, finished_at FROM import_runs WHERE id = ?1",
    )
    .bind(id)
    .fetch_optional(conn)
    .await
}
