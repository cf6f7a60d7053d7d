//! Reading articles: one, a page for a streaming export, or what an import
//! needs to know of the slugs it brings. Writes are in `article_writes`.

use std::collections::HashMap;

use serde_json::{Map, Value};
use sqlx::SqliteConnection;

use super::category_sql::path_up;
use super::from_unix;
use super::taxonomy::CategoryTree;
use crate::domain::{ArticleState, ArticleStatus};

/// An article's stored columns, without the derived HTML.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ArticleRow {
    pub id: i64,
    pub slug: String,
    pub title: String,
    #[sqlx(try_from = "String")]
    pub status: ArticleStatus,
    pub date: i64,
    pub updated: Option<i64>,
    pub published_at: Option<i64>,
    pub author: Option<String>,
    pub headimg: Option<String>,
    pub thumbnail: Option<String>,
    pub comments: Option<bool>,
    pub permalink: Option<String>,
    pub excerpt_source: Option<String>,
    pub front_matter: String,
    pub front_matter_format: String,
    pub extra: String,
    pub body: String,
    pub source_hash: Option<Vec<u8>>,
    pub version: i64,
    pub owner_id: Option<i64>,
    pub scheduled_at: Option<i64>,
    pub published_late: bool,
    /// Who made the current version (NULL: an import or the scheduler),
    /// and when.
    pub modified_by: Option<i64>,
    pub modified_at: i64,
    /// `post` or `page` (migration 0021).
    pub kind: String,
    /// The file it came from in an imported Hexo site, under `source/`.
    pub source_path: Option<String>,
    /// A page's own public path.
    pub page_path: Option<String>,
}

const ROW_COLUMNS: &str = "id, slug, title, status, date, updated, published_at, author, headimg, thumbnail, \
     comments, permalink, excerpt_source, front_matter, front_matter_format, extra, body, source_hash, version, \
          owner_id, scheduled_at, published_late, modified_by, modified_at, kind, source_path, page_path";

/// An article with its tags (in order) and category paths.
#[derive(Debug, Clone)]
pub struct StoredArticle {
    pub row: ArticleRow,
    pub tags: Vec<String>,
    pub categories: Vec<Vec<String>>,
}

impl StoredArticle {
    pub fn extra(&self) -> Map<String, Value> {
        serde_json::from_str(&self.row.extra).unwrap_or_default()
    }

    /// The whole editable state (what a revision keeps).
    pub fn state(&self) -> ArticleState {
        let r = &self.row;
        ArticleState {
            slug: r.slug.clone(),
            title: r.title.clone(),
            status: r.status,
            date: from_unix(r.date),
            updated: r.updated.map(from_unix),
            author: r.author.clone(),
            headimg: r.headimg.clone(),
            thumbnail: r.thumbnail.clone(),
            comments: r.comments,
            permalink: r.permalink.clone(),
            excerpt: r.excerpt_source.clone(),
            tags: self.tags.clone(),
            categories: self.categories.clone(),
            front_matter: r.front_matter.clone(),
            front_matter_format: r.front_matter_format.clone(),
            extra: self.extra(),
            body: r.body.clone(),
        }
    }
}

/// What an import needs to know of an existing article with that slug.
pub struct Existing {
    pub id: i64,
    pub source_hash: Option<Vec<u8>>,
}

/// What the database holds of each of `slugs`, by slug: one query for a
/// whole import batch.
pub async fn find_by_slugs(
    conn: &mut SqliteConnection,
    slugs: &[&str],
) -> Result<HashMap<String, Existing>, sqlx::Error> {
    // The plan is pinned to the slug index (the UNIQUE constraint's): with
    // statistics taken while the table was small (the server analyses at
    // start), SQLite chose to scan every article for every batch, and a
    // 100,000-post import through the server ran at 0.4× the command
    // line's rate.
    let rows: Vec<(String, i64, Option<Vec<u8>>)> = sqlx::query_as(
        "SELECT slug, id, source_hash FROM articles INDEXED BY sqlite_autoindex_articles_1 \
         WHERE slug IN (SELECT value FROM json_each(?1))",
    )
    .bind(serde_json::to_string(slugs).unwrap_or_default())
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(slug, id, source_hash)| (slug, Existing { id, source_hash }))
        .collect())
}

/// The next free article id: an import holding the write lock numbers its
/// rows itself, so it can insert many in one statement and link their tags
/// without reading ids back.
pub async fn next_id(conn: &mut SqliteConnection) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT coalesce(max(id), 0) + 1 FROM articles")
        .fetch_one(conn)
        .await
}

/// An article's row with its tags and category paths as JSON arrays.
#[derive(sqlx::FromRow)]
struct LoadedRow {
    #[sqlx(flatten)]
    row: ArticleRow,
    tags: String,
    categories: String,
}

/// One live article with its tags and categories, in one statement (the
/// editor page, every save and the API read articles one at a time: each
/// statement is a round trip to SQLite's thread). Category paths are
/// walked up the tree in SQL.
pub async fn load(
    conn: &mut SqliteConnection,
    id: i64,
) -> Result<Option<StoredArticle>, sqlx::Error> {
    let sql = format!(
        "SELECT {ROW_COLUMNS}, {} AS tags, {} AS categories \
         FROM articles WHERE id = ?1 AND deleted_at IS NULL",
        tags_json("articles.id"),
        category_paths_json("articles.id"),
    );
    let Some(loaded): Option<LoadedRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(conn)
        .await?
    else {
        return Ok(None);
    };
    let decode = |e: serde_json::Error| sqlx::Error::Decode(Box::new(e));
    Ok(Some(StoredArticle {
        tags: serde_json::from_str(&loaded.tags).map_err(decode)?,
        categories: serde_json::from_str(&loaded.categories).map_err(decode)?,
        row: loaded.row,
    }))
}

/// SQL: the tags of the article whose id is `article_id` (an expression),
/// in order, as a JSON array of names.
pub(super) fn tags_json(article_id: &str) -> String {
    format!(
        "(SELECT json_group_array(name) FROM ( \
           SELECT t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id \
           WHERE at.article_id = {article_id} ORDER BY at.position))"
    )
}

/// SQL: the category paths of that article, in order, each from the top,
/// as a JSON array of arrays of names.
pub(super) fn category_paths_json(article_id: &str) -> String {
    format!(
        "(SELECT json_group_array(json(path)) FROM ( \
           SELECT (WITH RECURSIVE {up} \
                   SELECT json_group_array(name) FROM (SELECT name FROM up ORDER BY depth DESC)) AS path \
           FROM article_categories ac WHERE ac.article_id = {article_id} ORDER BY ac.position))",
        up = path_up!("ac.category_id"),
    )
}

/// Up to `limit` articles with ids above `after_id`, in id order, with their
/// tags and categories: three queries a page, whatever its size, so a
/// streaming export stays fast and bounded in memory.
pub async fn page(
    conn: &mut SqliteConnection,
    after_id: i64,
    limit: i64,
    tree: &CategoryTree,
) -> Result<Vec<StoredArticle>, sqlx::Error> {
    let sql = format!(
        "SELECT {ROW_COLUMNS} FROM articles WHERE id > ?1 AND deleted_at IS NULL ORDER BY id LIMIT ?2"
    );
    let rows: Vec<ArticleRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(after_id)
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?;
    let (Some(first), Some(last)) = (rows.first().map(|r| r.id), rows.last().map(|r| r.id)) else {
        return Ok(Vec::new());
    };
    let tag_rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT at.article_id, t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id \
         WHERE at.article_id BETWEEN ?1 AND ?2 ORDER BY at.article_id, at.position",
    )
    .bind(first)
    .bind(last)
    .fetch_all(&mut *conn)
    .await?;
    let cat_rows: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT article_id, category_id FROM article_categories \
         WHERE article_id BETWEEN ?1 AND ?2 ORDER BY article_id, position",
    )
    .bind(first)
    .bind(last)
    .fetch_all(&mut *conn)
    .await?;
    let mut tags: HashMap<i64, Vec<String>> = HashMap::new();
    for (id, name) in tag_rows {
        tags.entry(id).or_default().push(name);
    }
    let mut cats: HashMap<i64, Vec<Vec<String>>> = HashMap::new();
    for (id, leaf) in cat_rows {
        cats.entry(id).or_default().push(tree.path(leaf));
    }
    Ok(rows
        .into_iter()
        .map(|row| StoredArticle {
            tags: tags.remove(&row.id).unwrap_or_default(),
            categories: cats.remove(&row.id).unwrap_or_default(),
            row,
        })
        .collect())
}

/// A trashed article, as its page in the trash shows it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TrashedArticle {
    pub id: i64,
    pub title: String,
    pub slug: String,
    pub owner_id: Option<i64>,
    pub deleted_at: i64,
}

/// The article `id` if it is in the trash.
pub async fn trashed(
    conn: &mut SqliteConnection,
    id: i64,
) -> Result<Option<TrashedArticle>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, title, slug, owner_id, deleted_at FROM articles WHERE id = ?1 AND deleted_at IS NOT NULL",
    )
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// The sanitised bodies of `ids` (a page of search hits, for their
/// passages).
pub async fn bodies_html(
    conn: &mut SqliteConnection,
    ids: &[i64],
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT a.id, a.body_html FROM json_each(?1) AS r JOIN articles a ON a.id = r.value",
    )
    .bind(serde_json::to_string(ids).unwrap_or_default())
    .fetch_all(conn)
    .await
}
