//! Where imported Hexo sites' things were and are (migration 0021): an
//! article's kind, file and page path, the addresses the site had (each
//! answered with 301), and the files of posts' asset folders.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::SqliteConnection;

use super::category_sql::path_up;
use super::unix;

/// What an old address leads to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Target {
    Article(i64),
    Tag(i64),
    Category(i64),
    /// An image of the media library, by its hash.
    Media(String),
    /// A folio page (`/archives/2020`).
    Location(String),
}

/// An article's place in its site.
#[derive(Debug, Clone, Serialize)]
pub struct Place<'a> {
    pub id: i64,
    pub kind: &'a str,
    pub source_path: &'a str,
    pub page_path: Option<&'a str>,
}

/// Sets the kind, file and page path of imported articles, in one
/// statement.
pub async fn set_places(
    conn: &mut SqliteConnection,
    places: &[Place<'_>],
) -> Result<(), sqlx::Error> {
    if places.is_empty() {
        return Ok(());
    }
    sqlx::query(
        "UPDATE articles SET kind = p.value ->> 'kind', source_path = p.value ->> 'source_path', \
           page_path = p.value ->> 'page_path' \
         FROM json_each(?1) AS p WHERE articles.id = p.value ->> 'id'",
    )
    .bind(serde_json::to_string(places).unwrap_or_default())
    .execute(conn)
    .await?;
    Ok(())
}

/// The live article other than `except` whose page path is `path`.
pub async fn page_owner(
    conn: &mut SqliteConnection,
    path: &str,
    except: Option<i64>,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT slug FROM articles WHERE page_path = ?1 AND id IS NOT ?2")
        .bind(path)
        .bind(except)
        .fetch_optional(conn)
        .await
}

/// Adds old addresses; one already known keeps what it led to (the first
/// import that had it), so an address never changes its answer.
pub async fn add(
    conn: &mut SqliteConnection,
    paths: &[(String, Target)],
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    if paths.is_empty() {
        return Ok(());
    }
    let rows: Vec<serde_json::Value> = paths
        .iter()
        .map(|(path, target)| {
            let (article, tag, category, media, location) = match target {
                Target::Article(id) => (Some(*id), None, None, None, None),
                Target::Tag(id) => (None, Some(*id), None, None, None),
                Target::Category(id) => (None, None, Some(*id), None, None),
                Target::Media(hash) => (None, None, None, Some(hash.as_str()), None),
                Target::Location(l) => (None, None, None, None, Some(l.as_str())),
            };
            serde_json::json!([path, article, tag, category, media, location])
        })
        .collect();
    sqlx::query(
        "INSERT OR IGNORE INTO legacy_paths \
           (path, article_id, tag_id, category_id, media_hash, location, created_at) \
         SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, ?2 \
         FROM json_each(?1)",
    )
    .bind(serde_json::Value::Array(rows).to_string())
    .bind(unix(now))
    .execute(conn)
    .await?;
    Ok(())
}

/// Names files of posts' asset folders by the names their bodies use:
/// `(article, name, hash)`, in one statement.
pub async fn add_assets(
    conn: &mut SqliteConnection,
    assets: &[(i64, String, String)],
) -> Result<(), sqlx::Error> {
    if assets.is_empty() {
        return Ok(());
    }
    sqlx::query(
        "INSERT OR REPLACE INTO article_assets (article_id, name, hash) \
         SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?1)",
    )
    .bind(serde_json::to_string(assets).unwrap_or_default())
    .execute(conn)
    .await?;
    Ok(())
}

/// An article's asset files: name, hash and type, by name.
pub async fn assets(
    conn: &mut SqliteConnection,
    article_id: i64,
) -> Result<Vec<(String, String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.name, s.hash, m.mime FROM article_assets s JOIN media m ON m.hash = s.hash \
         WHERE s.article_id = ?1 ORDER BY s.name",
    )
    .bind(article_id)
    .fetch_all(conn)
    .await
}

/// What a request's path (percent-decoded) is on the public site beyond
/// folio's own routes: a page, or an old address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// A published page, by its slug.
    Page(String),
    /// An old address: 301 to this (not yet percent-encoded) location
    /// part, made by the caller (`Moved`).
    Moved(Moved),
}

/// Where an old address leads now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Moved {
    /// A published article: its slug, and a page's own path.
    Article {
        slug: String,
        page_path: Option<String>,
    },
    Tag {
        slug: String,
    },
    /// A category by the slugs of its path, from the top.
    Category {
        path: Vec<String>,
    },
    Media {
        name: String,
    },
    Location(String),
}

/// Looks a path up among pages and old addresses. Only what is public
/// answers: an article must be published, a page live.
pub async fn find(conn: &mut SqliteConnection, path: &str) -> Result<Option<Found>, sqlx::Error> {
    let page: Option<String> = sqlx::query_scalar(
        "SELECT slug FROM articles WHERE page_path = ?1 AND status = 'published' AND deleted_at IS NULL",
    )
    .bind(path)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(slug) = page {
        return Ok(Some(Found::Page(slug)));
    }
    type Row = (
        Option<i64>,
        Option<i64>,
        Option<i64>,
        Option<String>,
        Option<String>,
    );
    let row: Option<Row> =
        sqlx::query_as(
            "SELECT article_id, tag_id, category_id, media_hash, location FROM legacy_paths WHERE path = ?1",
        )
        .bind(path)
        .fetch_optional(&mut *conn)
        .await?;
    let Some((article, tag, category, media, location)) = row else {
        return Ok(None);
    };
    let moved = if let Some(id) = article {
        let found: Option<(String, Option<String>)> = sqlx::query_as(
            "SELECT slug, page_path FROM articles WHERE id = ?1 AND status = 'published' AND deleted_at IS NULL",
        )
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
        found.map(|(slug, page_path)| Moved::Article { slug, page_path })
    } else if let Some(id) = tag {
        sqlx::query_scalar("SELECT slug FROM tags WHERE id = ?1")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?
            .map(|slug| Moved::Tag { slug })
    } else if let Some(id) = category {
        let json: Option<String> = sqlx::query_scalar(concat!(
            "WITH RECURSIVE ",
            path_up!("?1"),
            " SELECT json_group_array(slug) FROM (SELECT slug FROM up ORDER BY depth DESC)"
        ))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
        json.and_then(|j| serde_json::from_str::<Vec<String>>(&j).ok())
            .filter(|p| !p.is_empty())
            .map(|path| Moved::Category { path })
    } else if let Some(hash) = media {
        let mime: Option<String> = sqlx::query_scalar("SELECT mime FROM media WHERE hash = ?1")
            .bind(&hash)
            .fetch_optional(&mut *conn)
            .await?;
        mime.and_then(|m| crate::media::MediaType::from_mime(&m))
            .map(|kind| Moved::Media {
                name: format!("{hash}.{}", kind.ext()),
            })
    } else {
        location.map(Moved::Location)
    };
    Ok(moved.map(Found::Moved))
}

/// Every old address, by path, with what it leads to by name (a folio/v1
/// export's `legacy_paths`).
pub async fn all_for_export(
    conn: &mut SqliteConnection,
) -> Result<Vec<crate::transfer::document::SitePathDoc>, sqlx::Error> {
    let json: String = sqlx::query_scalar(concat!(
        "SELECT json_group_array(json_object('path', l.path, 'article', a.slug, 'tag', t.name, \
           'category', (SELECT CASE WHEN l.category_id IS NULL THEN NULL ELSE json_group_array(name) END \
                        FROM (WITH RECURSIVE ",
        path_up!("l.category_id"),
        " SELECT name FROM up ORDER BY depth DESC)), \
           'media', l.media_hash, 'location', l.location)) \
         FROM (SELECT * FROM legacy_paths ORDER BY path) l \
         LEFT JOIN articles a ON a.id = l.article_id LEFT JOIN tags t ON t.id = l.tag_id"
    ))
    .fetch_one(conn)
    .await?;
    let rows: Vec<serde_json::Value> =
        serde_json::from_str(&json).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
    // `json_object` writes absent targets as nulls; a category's list
    // arrives as text.
    Ok(rows
        .into_iter()
        .filter_map(|mut row| {
            if let Some(c) = row.get_mut("category")
                && let Some(text) = c.as_str()
            {
                *c = serde_json::from_str(text).unwrap_or(serde_json::Value::Null);
            }
            serde_json::from_value(row).ok()
        })
        .collect())
}

/// Every asset folder's file, by article and name (a folio/v1 export's
/// `assets`).
pub async fn all_assets_for_export(
    conn: &mut SqliteConnection,
) -> Result<Vec<crate::transfer::document::AssetDoc>, sqlx::Error> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT a.slug, s.name, s.hash FROM article_assets s JOIN articles a ON a.id = s.article_id \
         ORDER BY a.slug, s.name",
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(article, name, hash)| crate::transfer::document::AssetDoc {
                article,
                name,
                hash,
            },
        )
        .collect())
}
