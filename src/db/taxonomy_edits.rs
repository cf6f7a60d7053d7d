//! Editing tags and categories: rename, merge, move, delete. Every article
//! a change touches gets a revision first (its tags or category paths
//! change), a new version, and loses its source hash (its exported file is
//! no longer the imported one).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;

use super::category_sql::subtree;
use super::taxonomy::{ensure_category, ensure_tag, free_slug};
use super::{article_writes, taxonomy_redirects, unix};
use crate::domain::{TagName, slugize};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TagRow {
    pub id: i64,
    pub name: String,
    pub slug: String,
    pub articles: i64,
}

/// One tag with its count of articles.
pub async fn tag(conn: &mut SqliteConnection, id: i64) -> Result<Option<TagRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT t.id, t.name, t.slug, (SELECT count(*) FROM article_tags WHERE tag_id = t.id) AS articles \
         FROM tags t WHERE t.id = ?1",
    )
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// `q` as a LIKE pattern matching it anywhere (its `%`, `_` and `\`
/// taken literally).
fn contains_pattern(q: &str) -> String {
    let mut p = String::from("%");
    for c in q.trim().chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

/// A page of the tags whose name or slug holds `q` (all when empty), by
/// name, their counts left at 0 (see [`tag_counts`]); and how many there
/// are in all.
pub async fn tags_page(
    conn: &mut SqliteConnection,
    q: &str,
    limit: i64,
    offset: i64,
) -> Result<(Vec<TagRow>, i64), sqlx::Error> {
    let pattern = contains_pattern(q);
    let rows = sqlx::query_as(
        "SELECT t.id, t.name, t.slug, 0 AS articles \
         FROM tags t WHERE t.name LIKE ?1 ESCAPE '\\' OR t.slug LIKE ?1 ESCAPE '\\' \
         ORDER BY t.name LIMIT ?2 OFFSET ?3",
    )
    .bind(&pattern)
    .bind(limit)
    .bind(offset)
    .fetch_all(&mut *conn)
    .await?;
    let total = sqlx::query_scalar(
        "SELECT count(*) FROM tags t WHERE t.name LIKE ?1 ESCAPE '\\' OR t.slug LIKE ?1 ESCAPE '\\'",
    )
    .bind(&pattern)
    .fetch_one(conn)
    .await?;
    Ok((rows, total))
}

/// Every tag's count of articles, in one pass over the links (counting a
/// page of popular tags one by one cost more than the rest of the page).
pub async fn tag_counts(conn: &mut SqliteConnection) -> Result<HashMap<i64, i64>, sqlx::Error> {
    let counts: Vec<(i64, i64)> =
        sqlx::query_as("SELECT tag_id, count(*) FROM article_tags GROUP BY tag_id")
            .fetch_all(conn)
            .await?;
    Ok(counts.into_iter().collect())
}

pub async fn tags_with_counts(conn: &mut SqliteConnection) -> Result<Vec<TagRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT t.id, t.name, t.slug, count(at.article_id) AS articles FROM tags t \
         LEFT JOIN article_tags at ON at.tag_id = t.id GROUP BY t.id ORDER BY t.name",
    )
    .fetch_all(conn)
    .await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CategoryRow {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub name: String,
    pub slug: String,
    pub articles: i64,
}

/// Every category with its own count of articles and the count of
/// articles in it or under it (each article once).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CategoryCount {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub name: String,
    pub own: i64,
    pub total: i64,
}

pub async fn category_counts(
    conn: &mut SqliteConnection,
) -> Result<Vec<CategoryCount>, sqlx::Error> {
    let categories: Vec<(i64, Option<i64>, String)> =
        sqlx::query_as("SELECT id, parent_id, name FROM categories")
            .fetch_all(&mut *conn)
            .await?;
    // Every filing, by article: each article counted once under each of
    // its categories' ancestors (one pass here; the recursive SQL for the
    // same took a second at 100,000 articles).
    // One JSON row rather than a row each through sqlx's channel (see
    // `taxonomy::json_rows`): a third of the time at 100,000 articles.
    let json: String = sqlx::query_scalar(
        "SELECT json_group_array(json_array(article_id, category_id)) FROM \
           (SELECT article_id, category_id FROM article_categories ORDER BY article_id)",
    )
    .fetch_one(&mut *conn)
    .await?;
    let filings: Vec<(i64, i64)> =
        serde_json::from_str(&json).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
    let parent: HashMap<i64, Option<i64>> = categories.iter().map(|(id, p, _)| (*id, *p)).collect();
    let mut own: HashMap<i64, i64> = HashMap::new();
    let mut total: HashMap<i64, i64> = HashMap::new();
    let mut under: Vec<i64> = Vec::new();
    for group in filings.chunk_by(|a, b| a.0 == b.0) {
        under.clear();
        for &(_, category) in group {
            *own.entry(category).or_default() += 1;
            let mut at = Some(category);
            let mut steps = 0;
            while let Some(id) = at {
                under.push(id);
                at = parent.get(&id).copied().flatten();
                steps += 1;
                if steps > 64 {
                    break;
                }
            }
        }
        under.sort_unstable();
        under.dedup();
        for id in &under {
            *total.entry(*id).or_default() += 1;
        }
    }
    Ok(categories
        .into_iter()
        .map(|(id, parent_id, name)| CategoryCount {
            id,
            parent_id,
            name,
            own: own.get(&id).copied().unwrap_or(0),
            total: total.get(&id).copied().unwrap_or(0),
        })
        .collect())
}

/// Deletes a category with nothing filed in it or under it (its empty
/// sub-categories go with it).
pub async fn delete_empty_category(
    conn: &mut SqliteConnection,
    id: i64,
) -> Result<(), TaxonomyEditError> {
    let filed: Vec<i64> = sqlx::query_scalar(FILED)
        .bind(serde_json::to_string(&[id]).unwrap_or_default())
        .fetch_all(&mut *conn)
        .await?;
    if !filed.is_empty() {
        return Err(TaxonomyEditError::NotEmpty);
    }
    let done = sqlx::query("DELETE FROM categories WHERE id = ?1")
        .bind(id)
        .execute(conn)
        .await?;
    if done.rows_affected() == 0 {
        return Err(TaxonomyEditError::NotFound);
    }
    Ok(())
}

pub async fn categories_with_counts(
    conn: &mut SqliteConnection,
) -> Result<Vec<CategoryRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.id, c.parent_id, c.name, c.slug, count(ac.article_id) AS articles FROM categories c \
         LEFT JOIN article_categories ac ON ac.category_id = c.id GROUP BY c.id ORDER BY c.name",
    )
    .fetch_all(conn)
    .await
}

/// Revisions for, then a new version of, every article linked to one of
/// the given tags (or categories, and their sub-categories).
async fn touch_articles(
    conn: &mut SqliteConnection,
    link_sql: &'static str,
    ids: &[i64],
    user_id: i64,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    let articles: Vec<i64> = sqlx::query_scalar(link_sql)
        .bind(serde_json::to_string(ids).unwrap_or_default())
        .fetch_all(&mut *conn)
        .await?;
    for &id in &articles {
        article_writes::save_revision(conn, id).await?;
    }
    sqlx::query(
        "UPDATE articles SET version = version + 1, source_hash = NULL, modified_at = ?2, \
             modified_by = ?3 \
         WHERE id IN (SELECT value FROM json_each(?1))",
    )
    .bind(serde_json::to_string(&articles).unwrap_or_default())
    .bind(unix(now))
    .bind(user_id)
    .execute(&mut *conn)
    .await?;
    Ok(articles.len() as u64)
}

const TAGGED: &str = "SELECT DISTINCT article_id FROM article_tags WHERE tag_id IN (SELECT value FROM json_each(?1))";
const FILED: &str = concat!(
    "WITH RECURSIVE ",
    subtree!("SELECT value FROM json_each(?1)"),
    " SELECT DISTINCT article_id FROM article_categories WHERE category_id IN (SELECT id FROM sub)"
);

#[derive(Debug, thiserror::Error)]
pub enum TaxonomyEditError {
    #[error("no such tag or category")]
    NotFound,
    /// Another category under the same parent has the name.
    #[error("{field}: a sibling is already called {name:?}; merge them instead")]
    SiblingNamed { field: &'static str, name: String },
    #[error("parent: a category cannot move under itself")]
    UnderItself,
    /// Articles are filed in it or under it.
    #[error("the category is not empty")]
    NotEmpty,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Renames a tag; a name another tag has already merges the two.
pub async fn rename_tag(
    conn: &mut SqliteConnection,
    id: i64,
    name: &TagName,
    user_id: i64,
    now: DateTime<Utc>,
) -> Result<(), TaxonomyEditError> {
    let other: Option<i64> = sqlx::query_scalar("SELECT id FROM tags WHERE name = ?1 AND id <> ?2")
        .bind(name.as_str())
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    if other.is_some() {
        return merge_tags(conn, &[id], name, user_id, now).await;
    }
    let old_slug: String = sqlx::query_scalar("SELECT slug FROM tags WHERE id = ?1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(TaxonomyEditError::NotFound)?;
    touch_articles(conn, TAGGED, &[id], user_id, now).await?;
    let slug = free_slug(conn, "tags", &slugize(name.as_str()), None).await?;
    sqlx::query("UPDATE tags SET name = ?2, slug = ?3 WHERE id = ?1")
        .bind(id)
        .bind(name.as_str())
        .bind(&slug)
        .execute(&mut *conn)
        .await?;
    if slug != old_slug {
        taxonomy_redirects::remember_tag(conn, &old_slug, id, now).await?;
    }
    Ok(())
}

/// Merges tags into the one named `into` (made if new): their articles
/// carry it instead, each once, and the merged tags are gone.
pub async fn merge_tags(
    conn: &mut SqliteConnection,
    ids: &[i64],
    into: &TagName,
    user_id: i64,
    now: DateTime<Utc>,
) -> Result<(), TaxonomyEditError> {
    touch_articles(conn, TAGGED, ids, user_id, now).await?;
    let target = ensure_tag(conn, into).await?;
    for &id in ids.iter().filter(|&&id| id != target) {
        sqlx::query(
            "INSERT OR IGNORE INTO article_tags (article_id, tag_id, position) \
             SELECT article_id, ?2, position FROM article_tags WHERE tag_id = ?1",
        )
        .bind(id)
        .bind(target)
        .execute(&mut *conn)
        .await?;
        taxonomy_redirects::tag_merged(conn, id, target, now).await?;
        sqlx::query("DELETE FROM tags WHERE id = ?1")
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

pub async fn delete_tag(
    conn: &mut SqliteConnection,
    id: i64,
    user_id: i64,
    now: DateTime<Utc>,
) -> Result<(), TaxonomyEditError> {
    touch_articles(conn, TAGGED, &[id], user_id, now).await?;
    let done = sqlx::query("DELETE FROM tags WHERE id = ?1")
        .bind(id)
        .execute(conn)
        .await?;
    if done.rows_affected() == 0 {
        return Err(TaxonomyEditError::NotFound);
    }
    Ok(())
}

/// Renames a category (among its siblings, names are unique).
pub async fn rename_category(
    conn: &mut SqliteConnection,
    id: i64,
    name: &str,
    user_id: i64,
    now: DateTime<Utc>,
) -> Result<(), TaxonomyEditError> {
    let parent = parent_of(conn, id).await?;
    if sibling_named(conn, parent, name, id).await?.is_some() {
        return Err(TaxonomyEditError::SiblingNamed {
            field: "name",
            name: name.to_owned(),
        });
    }
    touch_articles(conn, FILED, &[id], user_id, now).await?;
    let before = taxonomy_redirects::subtree(conn, id).await?;
    let slug = free_slug(conn, "categories", &slugize(name), parent).await?;
    sqlx::query("UPDATE categories SET name = ?2, slug = ?3 WHERE id = ?1")
        .bind(id)
        .bind(name)
        .bind(slug)
        .execute(&mut *conn)
        .await?;
    taxonomy_redirects::categories_changed(conn, &before, &HashMap::new(), now).await?;
    Ok(())
}

/// Moves a category (with its sub-categories) under `parent`, or to the
/// top when `None`. A category cannot move under itself.
pub async fn move_category(
    conn: &mut SqliteConnection,
    id: i64,
    parent: Option<i64>,
    user_id: i64,
    now: DateTime<Utc>,
) -> Result<(), TaxonomyEditError> {
    let name: String = sqlx::query_scalar("SELECT name FROM categories WHERE id = ?1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(TaxonomyEditError::NotFound)?;
    if let Some(p) = parent {
        let inside: bool = sqlx::query_scalar(concat!(
            "WITH RECURSIVE ",
            subtree!("SELECT ?1"),
            " SELECT count(*) > 0 FROM sub WHERE id = ?2"
        ))
        .bind(id)
        .bind(p)
        .fetch_one(&mut *conn)
        .await?;
        if inside {
            return Err(TaxonomyEditError::UnderItself);
        }
    }
    if sibling_named(conn, parent, &name, id).await?.is_some() {
        return Err(TaxonomyEditError::SiblingNamed {
            field: "parent",
            name: name.clone(),
        });
    }
    touch_articles(conn, FILED, &[id], user_id, now).await?;
    let before = taxonomy_redirects::subtree(conn, id).await?;
    sqlx::query("UPDATE categories SET parent_id = ?2 WHERE id = ?1")
        .bind(id)
        .bind(parent)
        .execute(&mut *conn)
        .await?;
    taxonomy_redirects::categories_changed(conn, &before, &HashMap::new(), now).await?;
    Ok(())
}

/// Merges category `id` into `into`: its articles and sub-categories move
/// there (same-named sub-categories merge in turn), then it is gone.
pub async fn merge_category(
    conn: &mut SqliteConnection,
    id: i64,
    into: i64,
    user_id: i64,
    now: DateTime<Utc>,
) -> Result<(), TaxonomyEditError> {
    if id == into {
        return Ok(());
    }
    touch_articles(conn, FILED, &[id], user_id, now).await?;
    let before = taxonomy_redirects::subtree(conn, id).await?;
    let mut merged = HashMap::new();
    let mut pending = vec![(id, into)];
    while let Some((from, to)) = pending.pop() {
        merged.insert(from, to);
        sqlx::query(
            "INSERT OR IGNORE INTO article_categories (article_id, category_id, position) \
             SELECT article_id, ?2, position FROM article_categories WHERE category_id = ?1",
        )
        .bind(from)
        .bind(to)
        .execute(&mut *conn)
        .await?;
        let children: Vec<(i64, String)> =
            sqlx::query_as("SELECT id, name FROM categories WHERE parent_id = ?1")
                .bind(from)
                .fetch_all(&mut *conn)
                .await?;
        for (child, name) in children {
            match sibling_named(conn, Some(to), &name, child).await? {
                Some(twin) => pending.push((child, twin)),
                None => {
                    sqlx::query("UPDATE categories SET parent_id = ?2 WHERE id = ?1")
                        .bind(child)
                        .bind(to)
                        .execute(&mut *conn)
                        .await?;
                }
            }
        }
        taxonomy_redirects::category_merged(conn, from, to).await?;
        sqlx::query("DELETE FROM categories WHERE id = ?1")
            .bind(from)
            .execute(&mut *conn)
            .await?;
    }
    taxonomy_redirects::categories_changed(conn, &before, &merged, now).await?;
    Ok(())
}

async fn parent_of(conn: &mut SqliteConnection, id: i64) -> Result<Option<i64>, TaxonomyEditError> {
    let row: Option<(Option<i64>,)> =
        sqlx::query_as("SELECT parent_id FROM categories WHERE id = ?1")
            .bind(id)
            .fetch_optional(conn)
            .await?;
    row.map(|(p,)| p).ok_or(TaxonomyEditError::NotFound)
}

async fn sibling_named(
    conn: &mut SqliteConnection,
    parent: Option<i64>,
    name: &str,
    except: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT id FROM categories WHERE ifnull(parent_id, 0) = ifnull(?1, 0) AND name = ?2 AND id <> ?3",
    )
    .bind(parent)
    .bind(name)
    .bind(except)
    .fetch_optional(conn)
    .await
}

/// The id of a category path, creating what is missing.
pub async fn category_by_path(
    conn: &mut SqliteConnection,
    path: &crate::domain::CategoryPath,
) -> Result<i64, sqlx::Error> {
    let mut parent = None;
    for name in path.names() {
        parent = Some(ensure_category(conn, parent, name).await?);
    }
    Ok(parent.unwrap_or_default())
}
