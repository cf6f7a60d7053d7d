//! Articles: storing what the importer (and later the editor) produces,
//! with their tags, categories, search index and revisions.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};
use sqlx::SqliteConnection;

use super::taxonomy::{self, CategoryTree};
use super::{from_unix, unix};
use crate::domain::{ArticleStatus, NewArticle};
use crate::render::Rendered;
use crate::search;

/// An article's stored columns, without the derived HTML.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ArticleRow {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub status: String,
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
}

const ROW_COLUMNS: &str = "id, slug, title, status, date, updated, published_at, author, headimg, thumbnail, \
     comments, permalink, excerpt_source, front_matter, front_matter_format, extra, body, source_hash, version";

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
}

/// What an import needs to know of an existing article with that slug.
pub struct Existing {
    pub id: i64,
    pub source_hash: Option<Vec<u8>>,
}

pub async fn find_by_slug(
    conn: &mut SqliteConnection,
    slug: &str,
) -> Result<Option<Existing>, sqlx::Error> {
    let row: Option<(i64, Option<Vec<u8>>)> =
        sqlx::query_as("SELECT id, source_hash FROM articles WHERE slug = ?1")
            .bind(slug)
            .fetch_optional(conn)
            .await?;
    Ok(row.map(|(id, source_hash)| Existing { id, source_hash }))
}

/// Inserts a new article with its tags, categories and index entry.
pub async fn insert(
    conn: &mut SqliteConnection,
    article: &NewArticle,
    rendered: &Rendered,
    source_hash: Option<&[u8]>,
    now: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    let f = &article.fields;
    let published_at = f
        .published_at
        .or((f.status == ArticleStatus::Published).then_some(f.date))
        .map(unix);
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO articles (slug, title, status, date, updated, published_at, author, headimg, thumbnail, \
             comments, permalink, excerpt_source, front_matter, front_matter_format, extra, body, source_hash, \
             body_html, excerpt_html, plain_text, created_at, modified_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?21) \
         RETURNING id",
    )
    .bind(article.slug.as_str())
    .bind(&f.title)
    .bind(f.status.as_str())
    .bind(unix(f.date))
    .bind(f.updated.map(unix))
    .bind(published_at)
    .bind(&f.author)
    .bind(&f.headimg)
    .bind(&f.thumbnail)
    .bind(f.comments)
    .bind(&f.permalink)
    .bind(&f.excerpt)
    .bind(&article.front_matter)
    .bind(article.front_matter_format.as_str())
    .bind(Value::Object(article.extra.clone()).to_string())
    .bind(&article.body)
    .bind(source_hash)
    .bind(&rendered.html)
    .bind(&rendered.excerpt_html)
    .bind(&rendered.plain_text)
    .bind(unix(now))
    .fetch_one(&mut *conn)
    .await?;
    set_taxonomy(conn, id, article).await?;
    index(conn, id, &f.title, &rendered.plain_text).await?;
    Ok(id)
}

/// Replaces an article's content with an imported version, keeping its id
/// and first saving the state it replaces as a revision.
pub async fn replace(
    conn: &mut SqliteConnection,
    id: i64,
    article: &NewArticle,
    rendered: &Rendered,
    source_hash: Option<&[u8]>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    save_revision(conn, id, None, now).await?;
    let f = &article.fields;
    sqlx::query(
        "UPDATE articles SET title = ?2, status = ?3, date = ?4, updated = ?5, \
             published_at = coalesce(?21, CASE WHEN ?3 = 'published' THEN coalesce(published_at, ?4) ELSE published_at END), \
             author = ?6, headimg = ?7, thumbnail = ?8, comments = ?9, permalink = ?10, excerpt_source = ?11, \
             front_matter = ?12, front_matter_format = ?13, extra = ?14, body = ?15, source_hash = ?16, \
             body_html = ?17, excerpt_html = ?18, plain_text = ?19, version = version + 1, modified_at = ?20 \
         WHERE id = ?1",
    )
    .bind(id)
    .bind(&f.title)
    .bind(f.status.as_str())
    .bind(unix(f.date))
    .bind(f.updated.map(unix))
    .bind(&f.author)
    .bind(&f.headimg)
    .bind(&f.thumbnail)
    .bind(f.comments)
    .bind(&f.permalink)
    .bind(&f.excerpt)
    .bind(&article.front_matter)
    .bind(article.front_matter_format.as_str())
    .bind(Value::Object(article.extra.clone()).to_string())
    .bind(&article.body)
    .bind(source_hash)
    .bind(&rendered.html)
    .bind(&rendered.excerpt_html)
    .bind(&rendered.plain_text)
    .bind(unix(now))
    .bind(f.published_at.map(unix))
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM article_tags WHERE article_id = ?1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM article_categories WHERE article_id = ?1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    set_taxonomy(conn, id, article).await?;
    sqlx::query("DELETE FROM article_fts WHERE rowid = ?1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    index(conn, id, &f.title, &rendered.plain_text).await
}

async fn set_taxonomy(
    conn: &mut SqliteConnection,
    id: i64,
    article: &NewArticle,
) -> Result<(), sqlx::Error> {
    for (position, tag) in article.fields.tags.iter().enumerate() {
        let tag_id = taxonomy::ensure_tag(conn, tag).await?;
        // OR IGNORE: `Rust` and `rust` in one post are one tag.
        sqlx::query(
            "INSERT OR IGNORE INTO article_tags (article_id, tag_id, position) VALUES (?1, ?2, ?3)",
        )
        .bind(id)
        .bind(tag_id)
        .bind(position as i64)
        .execute(&mut *conn)
        .await?;
    }
    for (position, path) in article.fields.categories.iter().enumerate() {
        let leaf = taxonomy::ensure_category_path(conn, path).await?;
        sqlx::query("INSERT OR IGNORE INTO article_categories (article_id, category_id, position) VALUES (?1, ?2, ?3)")
            .bind(id)
            .bind(leaf)
            .bind(position as i64)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

async fn index(
    conn: &mut SqliteConnection,
    id: i64,
    title: &str,
    plain_text: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO article_fts (rowid, title, body) VALUES (?1, ?2, ?3)")
        .bind(id)
        .bind(search::index_text(title))
        .bind(search::index_text(plain_text))
        .execute(conn)
        .await?;
    Ok(())
}

/// Copies the article's current state into its revisions.
pub async fn save_revision(
    conn: &mut SqliteConnection,
    id: i64,
    saved_by: Option<i64>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let Some(article) = load(conn, id).await? else {
        return Ok(());
    };
    let snapshot = serde_json::json!({
        "slug": article.row.slug,
        "title": article.row.title,
        "status": article.row.status,
        "date": from_unix(article.row.date).to_rfc3339(),
        "updated": article.row.updated.map(|u| from_unix(u).to_rfc3339()),
        "author": article.row.author,
        "headimg": article.row.headimg,
        "thumbnail": article.row.thumbnail,
        "comments": article.row.comments,
        "permalink": article.row.permalink,
        "excerpt": article.row.excerpt_source,
        "tags": article.tags,
        "categories": article.categories,
        "front_matter": article.row.front_matter,
        "front_matter_format": article.row.front_matter_format,
        "extra": article.extra(),
        "body": article.row.body,
    });
    sqlx::query(
        "INSERT INTO article_revisions (article_id, version, snapshot, saved_by, saved_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )
    .bind(id)
    .bind(article.row.version)
    .bind(snapshot.to_string())
    .bind(saved_by)
    .bind(unix(now))
    .execute(conn)
    .await?;
    Ok(())
}

/// One article with its tags and categories.
pub async fn load(
    conn: &mut SqliteConnection,
    id: i64,
) -> Result<Option<StoredArticle>, sqlx::Error> {
    let tree = taxonomy::category_tree(conn).await?;
    Ok(page(conn, id - 1, 1, &tree)
        .await?
        .into_iter()
        .next()
        .filter(|a| a.row.id == id))
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

/// A search hit: the article and the text to cut a snippet from.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SearchHit {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub status: String,
    pub plain_text: String,
}

/// Articles matching `query`, best first (BM25, the title weighing ten
/// times the body). `published_only` is the public site's view.
pub async fn search(
    conn: &mut SqliteConnection,
    query: &search::SearchQuery,
    published_only: bool,
    limit: i64,
    offset: i64,
) -> Result<Vec<SearchHit>, sqlx::Error> {
    sqlx::query_as(
        "SELECT a.id, a.slug, a.title, a.status, a.plain_text \
         FROM (SELECT rowid, rank FROM article_fts WHERE article_fts MATCH ?1 \
               AND rank MATCH 'bm25(10.0, 1.0)' ORDER BY rank) AS hits \
         JOIN articles a ON a.id = hits.rowid \
         WHERE a.deleted_at IS NULL AND (?2 = 0 OR a.status = 'published') \
         ORDER BY hits.rank LIMIT ?3 OFFSET ?4",
    )
    .bind(query.to_fts())
    .bind(published_only)
    .bind(limit)
    .bind(offset)
    .fetch_all(conn)
    .await
}

/// How many live articles there are.
pub async fn count(conn: &mut SqliteConnection) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT count(*) FROM articles WHERE deleted_at IS NULL")
        .fetch_one(conn)
        .await
}
