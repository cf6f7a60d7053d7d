//! What the public site and `/api/*` read: published, live articles only,
//! each as one JSON object built by SQLite (one row for a whole page: rows
//! through sqlx's channel cost more than the query).

use serde::Deserialize;
use sqlx::SqliteConnection;

use super::articles::{category_paths_json, tags_json};

/// A published article as the public reads it. Dates are Unix seconds.
#[derive(Debug, Clone, Deserialize)]
pub struct PublicArticle {
    pub slug: String,
    pub title: String,
    pub date: i64,
    pub updated: Option<i64>,
    pub published_at: Option<i64>,
    pub author: Option<String>,
    pub headimg: Option<String>,
    pub thumbnail: Option<String>,
    pub excerpt_html: String,
    pub tags: Vec<String>,
    pub categories: Vec<Vec<String>>,
    /// The sanitised body; only when one article is read.
    #[serde(default)]
    pub html: Option<String>,
}

/// `json_object(…)` of article `a`, with its body when `with_body`.
fn object_of(with_body: bool) -> String {
    format!(
        "json_object('slug', a.slug, 'title', a.title, 'date', a.date, 'updated', a.updated, \
           'published_at', a.published_at, 'author', a.author, 'headimg', a.headimg, \
           'thumbnail', a.thumbnail, 'excerpt_html', a.excerpt_html, {body} \
           'tags', json({tags}), 'categories', json({categories}))",
        body = if with_body {
            "'html', a.body_html,"
        } else {
            ""
        },
        tags = tags_json("a.id"),
        categories = category_paths_json("a.id"),
    )
}

const PUBLISHED: &str = "a.status = 'published' AND a.deleted_at IS NULL";

fn decode(e: serde_json::Error) -> sqlx::Error {
    sqlx::Error::Decode(Box::new(e))
}

/// The published articles among `ids`, in that order, without bodies.
pub async fn summaries(
    conn: &mut SqliteConnection,
    ids: &[i64],
) -> Result<Vec<PublicArticle>, sqlx::Error> {
    let sql = format!(
        "SELECT json_group_array(json(o)) FROM ( \
           SELECT {} AS o FROM json_each(?1) AS r JOIN articles a ON a.id = r.value \
           WHERE {PUBLISHED} ORDER BY r.key)",
        object_of(false)
    );
    let json: String = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .bind(serde_json::to_string(ids).unwrap_or_default())
        .fetch_one(conn)
        .await?;
    serde_json::from_str(&json).map_err(decode)
}

/// A published article by its slug, with its body.
pub async fn by_slug(
    conn: &mut SqliteConnection,
    slug: &str,
) -> Result<Option<PublicArticle>, sqlx::Error> {
    let sql = format!(
        "SELECT {} FROM articles a WHERE a.slug = ?1 AND {PUBLISHED}",
        object_of(true)
    );
    let json: Option<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .bind(slug)
        .fetch_optional(conn)
        .await?;
    json.map(|j| serde_json::from_str(&j).map_err(decode))
        .transpose()
}

/// The current slug of the published article an old slug named.
pub async fn redirect(
    conn: &mut SqliteConnection,
    old_slug: &str,
) -> Result<Option<String>, sqlx::Error> {
    let sql = format!(
        "SELECT a.slug FROM slug_redirects s JOIN articles a ON a.id = s.article_id \
         WHERE s.old_slug = ?1 AND {PUBLISHED}"
    );
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .bind(old_slug)
        .fetch_optional(conn)
        .await
}
