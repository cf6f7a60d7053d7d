//! Writing articles: inserting a batch of new ones, replacing one, and
//! keeping the state a save replaces as a revision.

use chrono::{DateTime, Utc};
use serde_json::Value;
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

use super::articles;
use super::taxonomy::{self, TaxonomyCache};
use super::unix;
use crate::derived::Derived;
use crate::domain::NewArticle;

/// A new article with the id its writer gave it.
pub struct NewRow<'a> {
    pub id: i64,
    pub article: &'a NewArticle,
    pub derived: &'a Derived,
    pub source_hash: Option<&'a [u8]>,
}

/// Columns a new article's INSERT sets, in bind order.
const INSERT_COLUMNS: &str = "INSERT INTO articles (id, slug, title, status, date, updated, published_at, author, \
     headimg, thumbnail, comments, permalink, excerpt_source, front_matter, front_matter_format, extra, body, \
     source_hash, body_html, excerpt_html, created_at, modified_at) ";

/// Inserts new articles with their tags and categories, in three
/// statements whatever their number (`rows` share one transaction that
/// holds the write lock; ids come from [`articles::next_id`]). Index
/// entries are added by `search_index::add`.
pub async fn insert_many(
    conn: &mut SqliteConnection,
    rows: &[NewRow<'_>],
    now: DateTime<Utc>,
    cache: &mut TaxonomyCache,
) -> Result<(), sqlx::Error> {
    if rows.is_empty() {
        return Ok(());
    }
    let mut links = Links::default();
    for row in rows {
        links.add(conn, cache, row.id, row.article).await?;
    }
    let mut insert: QueryBuilder<Sqlite> = QueryBuilder::new(INSERT_COLUMNS);
    insert.push_values(rows, |mut b, row| {
        let f = &row.article.fields;
        let published_at = f.published_at_or_date().map(unix);
        b.push_bind(row.id)
            .push_bind(row.article.slug.as_str())
            .push_bind(f.title.as_str())
            .push_bind(f.status.as_str())
            .push_bind(unix(f.date))
            .push_bind(f.updated.map(unix))
            .push_bind(published_at)
            .push_bind(f.author.as_deref())
            .push_bind(f.headimg.as_deref())
            .push_bind(f.thumbnail.as_deref())
            .push_bind(f.comments)
            .push_bind(f.permalink.as_deref())
            .push_bind(f.excerpt.as_deref())
            .push_bind(row.article.front_matter.as_str())
            .push_bind(row.article.front_matter_format.as_str())
            .push_bind(Value::Object(row.article.extra.clone()).to_string())
            .push_bind(row.article.body.as_str())
            .push_bind(row.source_hash)
            .push_bind(row.derived.rendered.html.as_str())
            .push_bind(row.derived.rendered.excerpt_html.as_str())
            .push_bind(unix(now))
            .push_bind(unix(now));
    });
    insert.build().execute(&mut *conn).await?;
    links.insert(&mut *conn).await?;
    for row in rows {
        link_media(conn, row.id, row.article, true).await?;
    }
    Ok(())
}

/// Inserts tag links given as a JSON array of `[article, tag, position]`.
/// A link carries its article's status and date for the tag listing
/// (0006), read here from the article's row: the trigger that would
/// otherwise fill them updates each link once more (0007). CROSS JOIN keeps
/// the links the outer loop: with statistics taken while the table was
/// small (a server's, analysed at start), SQLite walked every article for
/// each batch instead (an HTTP import of 10,000 posts: 50 s, not 4.5).
pub const TAG_LINKS_INSERT: &str = "INSERT OR IGNORE INTO article_tags \
     (article_id, tag_id, position, live_status, article_date) \
     SELECT link.value ->> 0, link.value ->> 1, link.value ->> 2, \
     CASE WHEN a.deleted_at IS NULL THEN a.status END, a.date \
     FROM json_each(?1) link CROSS JOIN articles a ON a.id = link.value ->> 0";

/// Articles' links to their tags and category leaves, in order, as
/// `(article, target, position)` triples.
#[derive(Default)]
struct Links {
    tags: Vec<(i64, i64, usize)>,
    categories: Vec<(i64, i64, usize)>,
}

impl Links {
    async fn add(
        &mut self,
        conn: &mut SqliteConnection,
        cache: &mut TaxonomyCache,
        id: i64,
        article: &NewArticle,
    ) -> Result<(), sqlx::Error> {
        for (position, tag) in article.fields.tags.iter().enumerate() {
            self.tags
                .push((id, taxonomy::tag_id(conn, cache, tag).await?, position));
        }
        for (position, path) in article.fields.categories.iter().enumerate() {
            let leaf = taxonomy::category_leaf(conn, cache, path).await?;
            self.categories.push((id, leaf, position));
        }
        Ok(())
    }

    /// Two statements whatever the number of links: the triples go in as
    /// one JSON array each, so the statement text never changes.
    /// OR IGNORE: `Rust` and `rust` in one post are one tag.
    async fn insert(&self, conn: &mut SqliteConnection) -> Result<(), sqlx::Error> {
        let statements = [
            (&self.tags, TAG_LINKS_INSERT),
            (
                &self.categories,
                "INSERT OR IGNORE INTO article_categories (article_id, category_id, position) \
                 SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?1)",
            ),
        ];
        for (links, sql) in statements {
            if !links.is_empty() {
                sqlx::query(sql)
                    .bind(serde_json::to_string(links).unwrap_or_default())
                    .execute(&mut *conn)
                    .await?;
            }
        }
        Ok(())
    }
}

/// Where a replacing version comes from: an import (the content hash of
/// the imported source) or an editor (who saved it; no source hash, as the
/// article no longer equals any file).
#[derive(Debug, Clone, Copy)]
pub struct Provenance<'a> {
    pub source_hash: Option<&'a [u8]>,
    pub saved_by: Option<i64>,
    /// The article as it stands, when the caller has loaded it already
    /// (its revision is written from it rather than read again).
    pub previous: Option<&'a articles::StoredArticle>,
}

/// Replaces an article's content with an imported version, keeping its id
/// and first saving the state it replaces as a revision. With `derived`,
/// its old index entry is removed (the new one is added by
/// `search_index::add`); without, the sources did not change and the HTML
/// and index entry stay.
pub async fn replace(
    conn: &mut SqliteConnection,
    id: i64,
    article: &NewArticle,
    derived: Option<&Derived>,
    by: Provenance<'_>,
    now: DateTime<Utc>,
    cache: &mut TaxonomyCache,
) -> Result<(), sqlx::Error> {
    let Provenance {
        source_hash,
        saved_by,
        previous,
    } = by;
    match previous {
        Some(article) => save_revision_of(conn, article).await?,
        None => save_revision(conn, id).await?,
    }
    let f = &article.fields;
    sqlx::query(
        "UPDATE articles SET title = ?2, status = ?3, date = ?4, updated = ?5, \
             published_at = coalesce(?20, CASE WHEN ?3 = 'published' THEN coalesce(published_at, ?4) ELSE published_at END), \
             author = ?6, headimg = ?7, thumbnail = ?8, comments = ?9, permalink = ?10, excerpt_source = ?11, \
             front_matter = ?12, front_matter_format = ?13, extra = ?14, body = ?15, source_hash = ?16, \
             slug = ?21, \
             body_html = coalesce(?17, body_html), excerpt_html = coalesce(?18, excerpt_html), version = version + 1, modified_at = ?19, \
             modified_by = ?22 \
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
    .bind(derived.map(|d| d.rendered.html.as_str()))
    .bind(derived.map(|d| d.rendered.excerpt_html.as_str()))
    .bind(unix(now))
    .bind(f.published_at.map(unix))
    .bind(article.slug.as_str())
    .bind(saved_by)
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
    let mut links = Links::default();
    links.add(conn, cache, id, article).await?;
    links.insert(conn).await?;
    link_media(conn, id, article, false).await?;
    if derived.is_some() {
        sqlx::query("DELETE FROM article_fts WHERE rowid = ?1")
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Records which of folio's images `article` uses (`article_media`): those
/// its body, cover and thumbnail name, whether or not folio has them yet
/// (an import may bring the image after the post; migration 0019).
/// `fresh`: a new article, with no links yet to drop.
async fn link_media(
    conn: &mut SqliteConnection,
    id: i64,
    article: &NewArticle,
    fresh: bool,
) -> Result<(), sqlx::Error> {
    let hashes = crate::media::references(article.image_texts());
    if !fresh {
        sqlx::query("DELETE FROM article_media WHERE article_id = ?1")
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    if !hashes.is_empty() {
        sqlx::query(
            "INSERT OR IGNORE INTO article_media (article_id, hash) SELECT ?1, value FROM json_each(?2)",
        )
        .bind(id)
        .bind(serde_json::to_string(&hashes).unwrap_or_default())
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Copies the article's current state into its revisions.
pub async fn save_revision(conn: &mut SqliteConnection, id: i64) -> Result<(), sqlx::Error> {
    match articles::load(conn, id).await? {
        Some(article) => save_revision_of(conn, &article).await,
        None => Ok(()),
    }
}

/// [`save_revision`] of an article already loaded: the state it holds,
/// stamped with who made that version and when (the save replacing it
/// stamps the article row, `modified_by`/`modified_at`).
pub async fn save_revision_of(
    conn: &mut SqliteConnection,
    article: &articles::StoredArticle,
) -> Result<(), sqlx::Error> {
    let snapshot = serde_json::to_string(&article.state()).unwrap_or_default();
    sqlx::query(
        "INSERT INTO article_revisions (article_id, version, snapshot, saved_by, saved_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )
    .bind(article.row.id)
    .bind(article.row.version)
    .bind(snapshot)
    .bind(article.row.modified_by)
    .bind(article.row.modified_at)
    .execute(conn)
    .await?;
    Ok(())
}
