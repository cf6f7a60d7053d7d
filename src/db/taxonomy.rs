//! Tags and the category tree.

use std::collections::HashMap;

use sqlx::SqliteConnection;

use crate::domain::{CategoryPath, TagName, slugize};

/// Tag and category ids already looked up or made, so a bulk import asks
/// the database once per name rather than once per use. Valid for one
/// connection's view: drop it with a rolled-back transaction.
#[derive(Debug, Default)]
pub struct TaxonomyCache {
    /// By [`tag_key`] (tags compare without regard to ASCII case).
    tags: HashMap<String, i64>,
    /// The spelling each tag has here, by [`tag_key`]: the stored one,
    /// or the first one this import brought.
    spellings: HashMap<String, String>,
    /// By (parent id or 0, name).
    categories: HashMap<(i64, String), i64>,
}

/// The tag's id through the cache.
pub async fn tag_id(
    conn: &mut SqliteConnection,
    cache: &mut TaxonomyCache,
    name: &TagName,
) -> Result<i64, sqlx::Error> {
    let key = tag_key(name);
    if let Some(id) = cache.tags.get(&key) {
        return Ok(*id);
    }
    let id = ensure_tag(conn, name).await?;
    cache.tags.insert(key, id);
    Ok(id)
}

/// What makes two tag names one tag: the ASCII case folded, as the tags
/// table's `COLLATE NOCASE` does (`TagName`'s equality too).
fn tag_key(name: &TagName) -> String {
    name.as_str().to_ascii_lowercase()
}

/// The spelling the tag `name` has here: the stored tag's when there is
/// one (`ChatGPT` for `chatGpt`), else the first this cache was asked
/// about, which is the one an import will create. Writes nothing.
pub async fn tag_spelling(
    conn: &mut SqliteConnection,
    cache: &mut TaxonomyCache,
    name: &TagName,
) -> Result<String, sqlx::Error> {
    let key = tag_key(name);
    if let Some(spelling) = cache.spellings.get(&key) {
        return Ok(spelling.clone());
    }
    let stored: Option<String> = sqlx::query_scalar("SELECT name FROM tags WHERE name = ?1")
        .bind(name.as_str())
        .fetch_optional(conn)
        .await?;
    let spelling = stored.unwrap_or_else(|| name.as_str().to_owned());
    cache.spellings.insert(key, spelling.clone());
    Ok(spelling)
}

/// The id of the path's leaf through the cache, creating missing categories.
pub async fn category_leaf(
    conn: &mut SqliteConnection,
    cache: &mut TaxonomyCache,
    path: &CategoryPath,
) -> Result<i64, sqlx::Error> {
    let mut parent: Option<i64> = None;
    for name in path.names() {
        let key = (parent.unwrap_or(0), name.clone());
        let id = match cache.categories.get(&key) {
            Some(id) => *id,
            None => {
                let id = ensure_category(conn, parent, name).await?;
                cache.categories.insert(key, id);
                id
            }
        };
        parent = Some(id);
    }
    // CategoryPath is never empty, so a leaf was found or made.
    Ok(parent.unwrap_or_default())
}

/// The tag's id, creating it when new. A tag whose slug is taken by another
/// name (`C` and `C++` both slugize to `c`) gets a numbered slug.
pub(crate) async fn ensure_tag(
    conn: &mut SqliteConnection,
    name: &TagName,
) -> Result<i64, sqlx::Error> {
    if let Some(id) = sqlx::query_scalar("SELECT id FROM tags WHERE name = ?1")
        .bind(name.as_str())
        .fetch_optional(&mut *conn)
        .await?
    {
        return Ok(id);
    }
    let slug = free_slug(conn, "tags", &slugize(name.as_str()), None).await?;
    sqlx::query_scalar("INSERT INTO tags (name, slug) VALUES (?1, ?2) RETURNING id")
        .bind(name.as_str())
        .bind(slug)
        .fetch_one(conn)
        .await
}

/// The id of the category `name` under `parent`, creating it when new.
pub(crate) async fn ensure_category(
    conn: &mut SqliteConnection,
    parent: Option<i64>,
    name: &str,
) -> Result<i64, sqlx::Error> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM categories WHERE ifnull(parent_id, 0) = ifnull(?1, 0) AND name = ?2",
    )
    .bind(parent)
    .bind(name)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(id) = found {
        return Ok(id);
    }
    let slug = free_slug(conn, "categories", &slugize(name), parent).await?;
    sqlx::query_scalar(
        "INSERT INTO categories (parent_id, name, slug) VALUES (?1, ?2, ?3) RETURNING id",
    )
    .bind(parent)
    .bind(name)
    .bind(slug)
    .fetch_one(conn)
    .await
}

/// A slug not yet used among tags, or among a category's siblings.
pub(crate) async fn free_slug(
    conn: &mut SqliteConnection,
    table: &'static str,
    base: &str,
    parent: Option<i64>,
) -> Result<String, sqlx::Error> {
    let base = if base.is_empty() { "x" } else { base };
    let sql = match table {
        "tags" => "SELECT count(*) FROM tags WHERE slug = ?1",
        _ => {
            "SELECT count(*) FROM categories WHERE slug = ?1 AND ifnull(parent_id, 0) = ifnull(?2, 0)"
        }
    };
    let mut candidate = base.to_owned();
    for n in 2.. {
        let taken: i64 = sqlx::query_scalar(sql)
            .bind(&candidate)
            .bind(parent)
            .fetch_one(&mut *conn)
            .await?;
        if taken == 0 {
            break;
        }
        candidate = format!("{base}-{n}");
    }
    Ok(candidate)
}

/// Every category as id → (parent, name), to build paths without a query
/// per article. Categories number in the hundreds, not the thousands.
pub async fn category_tree(conn: &mut SqliteConnection) -> Result<CategoryTree, sqlx::Error> {
    let rows: Vec<(i64, Option<i64>, String)> = json_rows(
        conn,
        "SELECT json_group_array(json_array(id, parent_id, name)) FROM categories",
    )
    .await?;
    Ok(CategoryTree(
        rows.into_iter().map(|(id, p, n)| (id, (p, n))).collect(),
    ))
}

/// Runs a query that aggregates its rows into one JSON array and decodes
/// it. sqlx hands each result row from SQLite's thread to the caller's
/// through a channel; for the few hundred tags or categories a page shows,
/// one row instead of hundreds is most of the page's cost saved.
pub async fn json_rows<T: serde::de::DeserializeOwned>(
    conn: &mut SqliteConnection,
    sql: &'static str,
) -> Result<Vec<T>, sqlx::Error> {
    let json: String = sqlx::query_scalar(sql).fetch_one(conn).await?;
    serde_json::from_str(&json).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

pub struct CategoryTree(HashMap<i64, (Option<i64>, String)>);

impl CategoryTree {
    /// The names from the root down to `leaf`.
    pub fn path(&self, leaf: i64) -> Vec<String> {
        let mut names = Vec::new();
        let mut at = Some(leaf);
        while let Some(id) = at {
            let Some((parent, name)) = self.0.get(&id) else {
                break;
            };
            names.push(name.clone());
            at = *parent;
            if names.len() > 64 {
                break;
            }
        }
        names.reverse();
        names
    }

    /// Every category with its path, by id.
    pub fn entries(&self) -> Vec<(i64, Vec<String>)> {
        let mut ids: Vec<i64> = self.0.keys().copied().collect();
        ids.sort();
        ids.into_iter().map(|id| (id, self.path(id))).collect()
    }

    pub fn paths(&self) -> Vec<Vec<String>> {
        let mut ids: Vec<&i64> = self.0.keys().collect();
        ids.sort();
        ids.into_iter().map(|id| self.path(*id)).collect()
    }
}

/// All tags, by name.
pub async fn tag_names(conn: &mut SqliteConnection) -> Result<Vec<String>, sqlx::Error> {
    json_rows(
        conn,
        "SELECT json_group_array(name) FROM (SELECT name FROM tags ORDER BY name)",
    )
    .await
}
