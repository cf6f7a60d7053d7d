//! Old public addresses of tags and categories, kept when an edit changes
//! them (rename, move, merge) so they answer 301 with the current one.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;

use super::category_sql::subtree;
use super::unix;

/// Remembers that `old_slug` was tag `tag_id`'s address.
pub async fn remember_tag(
    conn: &mut SqliteConnection,
    old_slug: &str,
    tag_id: i64,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT OR REPLACE INTO tag_redirects (old_slug, tag_id, created_at) VALUES (?1, ?2, ?3)",
    )
    .bind(old_slug)
    .bind(tag_id)
    .bind(unix(now))
    .execute(conn)
    .await?;
    Ok(())
}

/// A tag merged into another: its address, and the old addresses that
/// led to it, lead to `into` now.
pub async fn tag_merged(
    conn: &mut SqliteConnection,
    from: i64,
    into: i64,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE tag_redirects SET tag_id = ?2 WHERE tag_id = ?1")
        .bind(from)
        .bind(into)
        .execute(&mut *conn)
        .await?;
    let slug: Option<String> = sqlx::query_scalar("SELECT slug FROM tags WHERE id = ?1")
        .bind(from)
        .fetch_optional(&mut *conn)
        .await?;
    if let Some(slug) = slug {
        remember_tag(conn, &slug, into, now).await?;
    }
    Ok(())
}

/// The current slug of the tag `old_slug` used to name.
pub async fn tag_now(
    conn: &mut SqliteConnection,
    old_slug: &str,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT t.slug FROM tag_redirects r JOIN tags t ON t.id = r.tag_id WHERE r.old_slug = ?1",
    )
    .bind(old_slug)
    .fetch_optional(conn)
    .await
}

/// A category's address: its slugs from the top, joined by '/'.
const SLUG_PATH: &str = "WITH RECURSIVE up(id, parent_id, path) AS ( \
       SELECT id, parent_id, slug FROM categories WHERE id = ?1 \
       UNION ALL SELECT c.id, c.parent_id, c.slug || '/' || up.path FROM categories c JOIN up ON c.id = up.parent_id) \
     SELECT path FROM up WHERE parent_id IS NULL";

/// The address of category `id`, if it exists.
pub async fn category_path(
    conn: &mut SqliteConnection,
    id: i64,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(SLUG_PATH)
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// Category `id` and those under it, each with its address now: taken
/// before an edit that changes them.
pub async fn subtree(
    conn: &mut SqliteConnection,
    id: i64,
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    let ids: Vec<i64> = sqlx::query_scalar(concat!(
        "WITH RECURSIVE ",
        subtree!("SELECT ?1"),
        " SELECT id FROM sub"
    ))
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(path) = category_path(conn, id).await? {
            out.push((id, path));
        }
    }
    Ok(out)
}

/// Before category `from` is merged away into `into`: the old addresses
/// that led to it lead to `into`.
pub async fn category_merged(
    conn: &mut SqliteConnection,
    from: i64,
    into: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE category_redirects SET category_id = ?2 WHERE category_id = ?1")
        .bind(from)
        .bind(into)
        .execute(conn)
        .await?;
    Ok(())
}

/// After an edit: each address in `before` whose category now has another
/// (or was merged: `merged` maps it to the one that took it in) leads
/// there.
pub async fn categories_changed(
    conn: &mut SqliteConnection,
    before: &[(i64, String)],
    merged: &HashMap<i64, i64>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    for (id, old) in before {
        let mut target = *id;
        while let Some(&next) = merged.get(&target) {
            target = next;
        }
        let Some(now_path) = category_path(conn, target).await? else {
            continue;
        };
        if &now_path != old {
            sqlx::query(
                "INSERT OR REPLACE INTO category_redirects (old_path, category_id, created_at) VALUES (?1, ?2, ?3)",
            )
            .bind(old)
            .bind(target)
            .bind(unix(now))
            .execute(&mut *conn)
            .await?;
        }
    }
    Ok(())
}

/// The current address (slugs from the top) of the category `old_path`
/// used to name.
pub async fn category_now(
    conn: &mut SqliteConnection,
    old_path: &str,
) -> Result<Option<Vec<String>>, sqlx::Error> {
    let id: Option<i64> =
        sqlx::query_scalar("SELECT category_id FROM category_redirects WHERE old_path = ?1")
            .bind(old_path)
            .fetch_optional(&mut *conn)
            .await?;
    let Some(id) = id else {
        return Ok(None);
    };
    Ok(category_path(conn, id)
        .await?
        .map(|p| p.split('/').map(str::to_owned).collect()))
}
