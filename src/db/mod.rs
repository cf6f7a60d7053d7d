//! Every SQL statement folio runs, as functions over a SQLite connection
//! (`&mut SqliteConnection`, which a pool connection and a transaction both
//! give), so a caller decides what shares a transaction.
//!
//! Queries are checked by the integration tests against the real schema
//! rather than by `query!` at compile time: SQLite's type inference for
//! expressions is too weak for the macros to help much, and the build then
//! needs neither a database nor `.sqlx/` data.

pub mod article_edits;
pub mod article_list;
pub mod article_writes;
pub mod articles;
pub mod audit;
pub mod autosaves;
pub(crate) mod category_sql;
pub mod import_runs;
pub mod integrity;
pub mod media;
pub mod public;
pub mod search_index;
pub mod sessions;
pub mod site_paths;
pub mod taxonomy;
pub mod taxonomy_edits;
pub mod taxonomy_redirects;
pub mod throttle;
pub mod tokens;
pub mod users;

use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, Utc};
use sqlx::migrate::Migrator;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{Connection, Sqlite, SqliteConnection, Transaction};

/// The schema and the data migration that loads the sample posts.
pub static MIGRATOR: Migrator = sqlx::migrate!("./migrations");

/// Opens (creating if absent) the database behind `url` with the settings
/// every connection needs: WAL so readers never wait for the writer,
/// `synchronous=FULL` so a committed import survives a power cut, foreign
/// keys on, and a busy timeout instead of instant `SQLITE_BUSY`.
pub async fn connect(url: &str) -> Result<SqlitePool, sqlx::Error> {
    pool(options(url)?).await
}

/// [`connect`] for the server: no checkpoint inside a request's commit.
/// SQLite's automatic checkpoint copies the WAL back into the database
/// (and syncs it) in whichever commit crosses 1,000 pages, which made one
/// editor's save in fifty take 50 ms; [`checkpoint`] does it from a
/// background task instead.
///
/// And a smaller page cache a connection (8 MiB): the server's eight
/// connections each filled 32 MiB reading exports, and the OS caches the
/// file anyway. An import's writer takes a larger one while it writes
/// (`swap_cache_size`).
pub async fn connect_server(url: &str) -> Result<SqlitePool, sqlx::Error> {
    pool(
        options(url)?
            .pragma("wal_autocheckpoint", "0")
            .pragma("cache_size", "-8000"),
    )
    .await
}

/// A pool for a command-line import that has the database to itself:
/// rollback journal instead of WAL, so each page is written once rather
/// than to the WAL and then copied back by a checkpoint (a 100,000-post
/// import writes 3.5 GB; the copy took 17 s of its 81). Still atomic and
/// durable: SQLite journals the pages a transaction changes and a hot
/// journal left by a killed process is rolled back by the next opener.
///
/// Leaving WAL needs every other connection closed, so the switch is
/// tried once without waiting: `None` when a server or another command
/// has the database open, and the caller imports through WAL beside it.
/// While the import writes, other processes cannot read; [`leave_bulk`]
/// sets WAL back.
pub async fn connect_bulk(url: &str) -> Result<Option<SqlitePool>, sqlx::Error> {
    let probe = options(url)?
        .journal_mode(SqliteJournalMode::Delete)
        .busy_timeout(Duration::ZERO);
    let Ok(mut probe) = SqliteConnection::connect_with(&probe).await else {
        return Ok(None);
    };
    if journal_mode(&mut probe).await? != "delete" {
        return Ok(None);
    }
    let pool = pool(options(url)?.journal_mode(SqliteJournalMode::Delete)).await?;
    probe.close().await?;
    Ok(Some(pool))
}

/// Why a database could not be opened, for a person: SQLite's "database
/// is locked" when a `folio import` has it to itself says what to do.
pub fn open_error(url: &str, error: &sqlx::Error) -> String {
    let locked = error
        .as_database_error()
        .and_then(|e| e.code())
        .is_some_and(|code| code == "5" || code == "6");
    if locked {
        format!(
            "cannot open the database {url}: another process holds it (a `folio import` has the \
             database to itself while it writes); try again when it ends"
        )
    } else {
        format!("cannot open the database {url}: {error}")
    }
}

/// Closes a [`connect_bulk`] pool and puts the database back in WAL mode.
pub async fn leave_bulk(pool: SqlitePool, url: &str) -> Result<(), sqlx::Error> {
    pool.close().await;
    let mut conn = SqliteConnection::connect_with(&options(url)?).await?;
    let mode = journal_mode(&mut conn).await?;
    conn.close().await?;
    if mode == "wal" {
        Ok(())
    } else {
        Err(sqlx::Error::Protocol(format!(
            "the database stayed in {mode} journal mode"
        )))
    }
}

async fn journal_mode(conn: &mut SqliteConnection) -> Result<String, sqlx::Error> {
    sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(conn)
        .await
}

/// Sets this connection's page cache (`PRAGMA cache_size` units: negative
/// KiB, or pages) and returns what it was, to be set back.
pub async fn swap_cache_size(conn: &mut SqliteConnection, size: i64) -> Result<i64, sqlx::Error> {
    let previous: i64 = sqlx::query_scalar("PRAGMA cache_size")
        .fetch_one(&mut *conn)
        .await?;
    sqlx::query(sqlx::AssertSqlSafe(format!("PRAGMA cache_size = {size}")))
        .execute(conn)
        .await?;
    Ok(previous)
}

/// The page size of a database folio creates (an existing one keeps its
/// own: SQLite fixes it at creation in WAL mode). An article is ~37 KB
/// (source, sanitised HTML, front matter), nine 4 KiB pages but three of
/// 16 KiB: a third of the WAL frames to write, look up and copy back.
/// Measured on a 100,000-post import: 90.6 s with 4 KiB pages, 77.2 s with
/// 16 KiB, the same file size (64 KiB: 74.9 s but a file 24% larger).
const PAGE_SIZE: u32 = 16 * 1024;

/// The most a WAL (or a kept journal) is left holding once written back:
/// 64 MiB.
const JOURNAL_SIZE_LIMIT: &str = "67108864";

fn options(url: &str) -> Result<SqliteConnectOptions, sqlx::Error> {
    Ok(SqliteConnectOptions::from_str(url)?
        .page_size(PAGE_SIZE)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10))
        // A WAL grown by a large transaction (an import rolled back wrote
        // 1.8 GB of it) is cut back to this when it next starts over.
        .pragma("journal_size_limit", JOURNAL_SIZE_LIMIT)
        .pragma("cache_size", "-32000")
        .pragma("temp_store", "memory"))
}

async fn pool(options: SqliteConnectOptions) -> Result<SqlitePool, sqlx::Error> {
    SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await
}

/// Copies what it can of the WAL into the database without waiting for
/// readers (`PASSIVE`); the server runs it every second.
pub async fn checkpoint(pool: &SqlitePool) -> Result<(), sqlx::Error> {
    sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
        .execute(pool)
        .await?;
    Ok(())
}

/// Applies pending migrations.
pub async fn migrate(pool: &SqlitePool) -> Result<(), sqlx::migrate::MigrateError> {
    MIGRATOR.run(pool).await?;
    // An index built by older tokens is rebuilt (see `search::fold`).
    let reindexed = search_index::upgrade(pool).await?;
    if reindexed > 0 {
        tracing::info!(
            articles = reindexed,
            "the search index was rebuilt with folding"
        );
    }
    Ok(())
}

/// Starts a write transaction that takes the write lock at once
/// (`BEGIN IMMEDIATE`), so two writers never deadlock upgrading read locks.
pub async fn begin_write(pool: &SqlitePool) -> Result<Transaction<'static, Sqlite>, sqlx::Error> {
    pool.begin_with("BEGIN IMMEDIATE").await
}

/// Seconds since the epoch, as folio stores times.
pub fn unix(t: DateTime<Utc>) -> i64 {
    t.timestamp()
}

/// The inverse of [`unix`]; out-of-range values clamp to the epoch.
pub fn from_unix(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).unwrap_or_default()
}

/// Refreshes the query planner's statistics where they went stale (after
/// an import, at start), so it picks the right index for a filter: a rare
/// tag is read from its links, not by walking every article by date.
/// `analysis_limit` bounds the cost on large tables. `0x10002`: every
/// table, not only those this connection has read: the server's import
/// runs on other connections, and statistics of the table as it was at
/// start (2 articles) made a list count scan 100,000 rows.
pub async fn optimize(conn: &mut SqliteConnection) -> Result<(), sqlx::Error> {
    sqlx::raw_sql("PRAGMA analysis_limit = 1000; PRAGMA optimize = 0x10002;")
        .execute(conn)
        .await?;
    Ok(())
}

/// The content's generation: moved by triggers on every change of
/// articles, tags or categories, by any process (migration 0003). Caches
/// of what pages show are valid while it stands still.
pub async fn content_generation(conn: &mut SqliteConnection) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT value FROM content_generation WHERE id = 1")
        .fetch_one(conn)
        .await
}

/// True when the database holds no users yet.
pub async fn has_no_users(conn: &mut SqliteConnection) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM users")
        .fetch_one(conn)
        .await?;
    Ok(n == 0)
}
