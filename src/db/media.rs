//! The media table: each image kept, by the SHA-256 of its bytes.

use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;

use super::unix;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MediaRow {
    pub hash: String,
    pub mime: String,
    pub bytes: i64,
    pub width: i64,
    pub height: i64,
    pub file_name: Option<String>,
    pub original_url: Option<String>,
    pub created_by: Option<i64>,
    pub created_at: i64,
    /// Its smaller copies (`media::derive::Variant::parse_list`); `None`
    /// while they are still to be made.
    pub derived: Option<String>,
}

/// Records an image; `false` when it was there already (the same bytes).
pub async fn insert(
    conn: &mut SqliteConnection,
    row: &MediaRow,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    Ok(!insert_many(conn, std::slice::from_ref(row), now)
        .await?
        .is_empty())
}

/// Records images in four statements whatever their number (an import
/// keeps thousands); the hashes of those that were not there already.
pub async fn insert_many(
    conn: &mut SqliteConnection,
    rows: &[MediaRow],
    now: DateTime<Utc>,
) -> Result<Vec<String>, sqlx::Error> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let values: Vec<serde_json::Value> = rows
        .iter()
        .map(|r| {
            serde_json::json!([
                r.hash,
                r.mime,
                r.bytes,
                r.width,
                r.height,
                r.file_name,
                r.original_url,
                r.created_by
            ])
        })
        .collect();
    // `WHERE true`: an upsert's SELECT needs a WHERE to parse.
    let new: Vec<String> = sqlx::query_scalar(
        "INSERT INTO media (hash, mime, bytes, width, height, file_name, original_url, created_by, created_at) \
         SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, \
                value ->> 6, value ->> 7, ?2 FROM json_each(?1) WHERE true \
         ON CONFLICT (hash) DO NOTHING RETURNING hash",
    )
    .bind(serde_json::Value::Array(values).to_string())
    .bind(unix(now))
    .fetch_all(&mut *conn)
    .await?;
    if new.is_empty() {
        return Ok(new);
    }
    // Their numbers for the search index, the index's rows, and the
    // articles that showed them before they came (migrations 0019, 0020).
    let hashes = serde_json::to_string(&new).unwrap_or_default();
    let base: i64 = sqlx::query_scalar("SELECT coalesce(max(seq), 0) FROM media")
        .fetch_one(&mut *conn)
        .await?;
    sqlx::query(
        "UPDATE media SET seq = ?2 + n.key + 1, \
           uses = (SELECT count(*) FROM article_media am WHERE am.hash = media.hash) \
         FROM json_each(?1) AS n WHERE media.hash = n.value",
    )
    .bind(&hashes)
    .bind(base)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO media_fts (rowid, name) \
         SELECT seq, coalesce(file_name, '') || ' ' || coalesce(original_url, '') FROM media \
         WHERE hash IN (SELECT value FROM json_each(?1))",
    )
    .bind(&hashes)
    .execute(conn)
    .await?;
    Ok(new)
}

pub async fn get(conn: &mut SqliteConnection, hash: &str) -> Result<Option<MediaRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM media WHERE hash = ?1"
    )))
    .bind(hash)
    .fetch_optional(conn)
    .await
}

/// The oldest image whose copies are still to be made, if any.
pub async fn next_to_derive(
    conn: &mut SqliteConnection,
) -> Result<Option<(String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT hash, mime FROM media WHERE derived IS NULL ORDER BY created_at, hash LIMIT 1",
    )
    .fetch_optional(conn)
    .await
}

/// Records an image's copies as made. When an article shows it, the
/// content's generation moves, so the public pages are made again with
/// the copies in their `srcset`.
pub async fn set_derived(
    conn: &mut SqliteConnection,
    hash: &str,
    derived: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE media SET derived = ?2 WHERE hash = ?1")
        .bind(hash)
        .bind(derived)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "UPDATE content_generation SET value = value + 1 \
         WHERE id = 1 AND EXISTS (SELECT 1 FROM article_media WHERE hash = ?1)",
    )
    .bind(hash)
    .execute(conn)
    .await?;
    Ok(())
}

const COLUMNS: &str =
    "hash, mime, bytes, width, height, file_name, original_url, created_by, created_at, derived";

/// Removes an image's row if no article uses it; the row removed.
pub async fn delete_unused(
    conn: &mut SqliteConnection,
    hash: &str,
) -> Result<Option<MediaRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "DELETE FROM media WHERE hash = ?1 \
         AND NOT EXISTS (SELECT 1 FROM article_media WHERE hash = ?1) RETURNING {COLUMNS}"
    )))
    .bind(hash)
    .fetch_optional(conn)
    .await
}

/// What the library's grid shows of an image.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LibraryItem {
    #[sqlx(flatten)]
    pub media: MediaRow,
    /// How many articles use it.
    pub uses: i64,
}

/// Which images the library lists.
#[derive(Debug, Clone, Default)]
pub struct LibraryFilter {
    /// Part of a file name, an origin address or host, or an article's
    /// title, or an article's slug (case-insensitive).
    pub q: String,
    /// Only those no article uses.
    pub unused: bool,
}

/// A page of the library, newest first, and how many match in all. A
/// search of three characters or more reads the trigram index of names
/// and origins (migration 0020) and the articles' title index; shorter
/// ones read every name.
pub async fn library(
    conn: &mut SqliteConnection,
    filter: &LibraryFilter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<LibraryItem>, i64), sqlx::Error> {
    let q = filter.q.trim().to_lowercase();
    let mut matching = Vec::new();
    if !q.is_empty() {
        let mut any = vec!["m.hash IN (SELECT am.hash FROM article_media am JOIN articles a ON a.id = am.article_id WHERE a.slug = ?1)".to_owned()];
        if q.chars().count() >= 3 {
            any.push("m.seq IN (SELECT rowid FROM media_fts WHERE media_fts MATCH ?2)".into());
        } else {
            any.push(
                "(instr(lower(coalesce(m.file_name, '')), ?1) > 0 \
                  OR instr(lower(coalesce(m.original_url, '')), ?1) > 0)"
                    .into(),
            );
        }
        if crate::search::SearchQuery::parse(&q).is_some() {
            any.push(
                "m.hash IN (SELECT am.hash FROM article_media am WHERE am.article_id IN \
                   (SELECT rowid FROM article_fts WHERE article_fts MATCH ?3))"
                    .into(),
            );
        }
        matching.push(format!("({})", any.join(" OR ")));
    }
    if filter.unused {
        matching.push("m.uses = 0".into());
    }
    let matching = if matching.is_empty() {
        "1".to_owned()
    } else {
        matching.join(" AND ")
    };
    let phrase = format!("\"{}\"", q.replace('"', "\"\""));
    let titles = crate::search::SearchQuery::parse(&q)
        .map(|s| format!("{{title title_chars}} : ({})", s.to_fts()))
        .unwrap_or_default();
    let items = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT m.hash, m.mime, m.bytes, m.width, m.height, m.file_name, m.original_url, \
           m.created_by, m.created_at, m.derived, m.uses \
         FROM media m WHERE {matching} ORDER BY m.created_at DESC, m.hash LIMIT ?4 OFFSET ?5"
    )))
    .bind(&q)
    .bind(&phrase)
    .bind(&titles)
    .bind(limit)
    .bind(offset)
    .fetch_all(&mut *conn)
    .await?;
    // ?4 and ?5 are named so that the values bound to both queries all
    // have a place (SQLite refuses a value past the last parameter).
    let total = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT count(*) FROM media m WHERE {matching} AND ?4 IS NOT NULL AND ?5 IS NOT NULL"
    )))
    .bind(&q)
    .bind(&phrase)
    .bind(&titles)
    .bind(limit)
    .bind(offset)
    .fetch_one(conn)
    .await?;
    Ok((items, total))
}

/// An article that uses an image.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Use {
    pub id: i64,
    pub title: String,
    pub slug: String,
    pub status: String,
    pub deleted: bool,
}

/// The articles that use an image (those in the trash too: they keep it).
pub async fn uses(conn: &mut SqliteConnection, hash: &str) -> Result<Vec<Use>, sqlx::Error> {
    sqlx::query_as(
        "SELECT a.id, a.title, a.slug, a.status, a.deleted_at IS NOT NULL AS deleted \
         FROM article_media am JOIN articles a ON a.id = am.article_id \
         WHERE am.hash = ?1 ORDER BY a.modified_at DESC LIMIT 200",
    )
    .bind(hash)
    .fetch_all(conn)
    .await
}

/// The image brought home from `url` before, if any.
pub async fn by_original_url(
    conn: &mut SqliteConnection,
    url: &str,
) -> Result<Option<MediaRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM media WHERE original_url = ?1 LIMIT 1"
    )))
    .bind(url)
    .fetch_optional(conn)
    .await
}

/// The address each of these images was brought home from: its hash,
/// type and that address.
pub async fn original_urls(
    conn: &mut SqliteConnection,
    hashes: &[String],
) -> Result<Vec<(String, String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT hash, mime, original_url FROM media \
         WHERE hash IN (SELECT value FROM json_each(?1)) AND original_url IS NOT NULL",
    )
    .bind(serde_json::to_string(hashes).unwrap_or_default())
    .fetch_all(conn)
    .await
}

/// Starts the record of a run that brings images home; its id.
pub async fn start_fetch_run(
    conn: &mut SqliteConnection,
    started_by: Option<i64>,
    now: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO media_fetch_runs (started_by, started_at) VALUES (?1, ?2) RETURNING id",
    )
    .bind(started_by)
    .bind(unix(now))
    .fetch_one(conn)
    .await
}

/// Ends a run's record with its report (JSON).
pub async fn finish_fetch_run(
    conn: &mut SqliteConnection,
    id: i64,
    now: DateTime<Utc>,
    report: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE media_fetch_runs SET finished_at = ?2, report = ?3 WHERE id = ?1")
        .bind(id)
        .bind(unix(now))
        .bind(report)
        .execute(conn)
        .await?;
    Ok(())
}

/// A run's record: when it finished (`None`: under way, or cut short) and
/// its report (JSON).
pub async fn fetch_run(
    conn: &mut SqliteConnection,
    id: i64,
) -> Result<Option<(Option<i64>, String)>, sqlx::Error> {
    sqlx::query_as("SELECT finished_at, report FROM media_fetch_runs WHERE id = ?1")
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// Gives an image the name, origin and age an export says it had.
pub async fn restore_meta(
    conn: &mut SqliteConnection,
    hash: &str,
    file_name: Option<&str>,
    original_url: Option<&str>,
    created_at: Option<DateTime<Utc>>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE media SET file_name = ?2, original_url = ?3, created_at = coalesce(?4, created_at) \
         WHERE hash = ?1",
    )
    .bind(hash)
    .bind(file_name)
    .bind(original_url)
    .bind(created_at.map(unix))
    .execute(conn)
    .await?;
    Ok(())
}

/// Every image's name and what an export says of it, by hash.
pub async fn all_for_export(conn: &mut SqliteConnection) -> Result<Vec<MediaRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM media ORDER BY hash"
    )))
    .fetch_all(conn)
    .await
}
