//! What the public site and `/api/*` read: published, live articles only,
//! each as one JSON object built by SQLite (one row for a whole page: rows
//! through sqlx's channel cost more than the query).

use serde::Deserialize;
use sqlx::SqliteConnection;

use super::category_sql::{path_up, subtree};

/// Published and not in the trash: what a public page may show.
const PUBLIC: &str = "a.status = 'published' AND a.deleted_at IS NULL";
/// ... and a post: what the lists, feeds, archives and sitemap hold. Pages
/// (a Hexo site's `about/index.md`) have their own paths and no place in
/// lists; migration 0021's `articles_published_shown` has this condition.
const PUBLISHED: &str = "a.status = 'published' AND a.deleted_at IS NULL AND a.kind = 'post'";

// Lists of ids join as `json_each(?1) AS r CROSS JOIN articles a`: CROSS
// JOIN keeps the ids the outer loop. With a plain JOIN SQLite walked every
// published article and scanned the ids for each (25 ms against 0.3 ms
// for 20 ids among 10,000 articles).

fn decode(e: serde_json::Error) -> sqlx::Error {
    sqlx::Error::Decode(Box::new(e))
}

/// The current slug of the published article an old slug named.
pub async fn redirect(
    conn: &mut SqliteConnection,
    old_slug: &str,
) -> Result<Option<String>, sqlx::Error> {
    let sql = format!(
        "SELECT a.slug FROM slug_redirects s JOIN articles a ON a.id = s.article_id \
         WHERE s.old_slug = ?1 AND {PUBLIC}"
    );
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .bind(old_slug)
        .fetch_optional(conn)
        .await
}

/// The order of every public list and feed: a republish (which sets
/// `updated`) brings an article back to the top; `date` stays as it was.
/// Migration 0005 indexes it.
pub const SHOWN_ORDER: &str = "coalesce(a.updated, a.date) DESC, a.id DESC";

/// A name and the slug its URL uses.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Named {
    pub name: String,
    pub slug: String,
}

/// A published article as a site page shows it. Dates are Unix seconds.
#[derive(Debug, Clone, Deserialize)]
pub struct SiteArticle {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub date: i64,
    pub updated: Option<i64>,
    pub published_at: Option<i64>,
    pub modified_at: i64,
    pub created_at: i64,
    pub author: Option<String>,
    pub headimg: Option<String>,
    pub thumbnail: Option<String>,
    pub excerpt_html: String,
    /// Front-matter keys folio does not model, as written.
    pub extra: serde_json::Map<String, serde_json::Value>,
    pub tags: Vec<Named>,
    /// Category paths, each from the top.
    pub categories: Vec<Vec<Named>>,
    /// The sanitised body; only when asked for.
    #[serde(default)]
    pub html: Option<String>,
    /// The images of folio's store it shows, with their sizes and
    /// copies; with the body.
    #[serde(default)]
    pub media: Vec<crate::media::responsive::Sizes>,
    /// The files of its asset folder (an imported Hexo site's), which
    /// its body names relatively; with the body.
    #[serde(default)]
    pub assets: Vec<crate::media::assets::Asset>,
}

fn site_object_of(with_body: bool) -> String {
    format!(
        "json_object('id', a.id, 'slug', a.slug, 'title', a.title, 'date', a.date, 'updated', a.updated, \
           'published_at', a.published_at, 'modified_at', a.modified_at, 'created_at', a.created_at, 'author', a.author, \
           'headimg', a.headimg, 'thumbnail', a.thumbnail, 'excerpt_html', a.excerpt_html, \
           'extra', json(a.extra), {body} \
           'tags', (SELECT json_group_array(json_object('name', name, 'slug', slug)) FROM ( \
              SELECT t.name, t.slug FROM article_tags at JOIN tags t ON t.id = at.tag_id \
              WHERE at.article_id = a.id ORDER BY at.position)), \
           'categories', (SELECT json_group_array(json(path)) FROM ( \
              SELECT (WITH RECURSIVE {up} \
                      SELECT json_group_array(json_object('name', name, 'slug', slug)) \
                      FROM (SELECT name, slug FROM up ORDER BY depth DESC)) AS path \
              FROM article_categories ac WHERE ac.article_id = a.id ORDER BY ac.position)))",
        up = path_up!("ac.category_id"),
        body = if with_body {
            "'html', a.body_html, \
             'media', (SELECT json_group_array(json_object('hash', m.hash, 'mime', m.mime, \
                 'width', m.width, 'height', m.height, 'derived', m.derived)) \
               FROM article_media am JOIN media m ON m.hash = am.hash WHERE am.article_id = a.id), \
             'assets', (SELECT json_group_array(json_object('name', s.name, 'hash', m.hash, \
                 'mime', m.mime, 'width', m.width, 'height', m.height, 'derived', m.derived)) \
               FROM article_assets s JOIN media m ON m.hash = s.hash WHERE s.article_id = a.id),"
        } else {
            ""
        },
    )
}

/// The published articles among `ids`, in that order; with their bodies
/// when `with_body`.
pub async fn site_articles(
    conn: &mut SqliteConnection,
    ids: &[i64],
    with_body: bool,
) -> Result<Vec<SiteArticle>, sqlx::Error> {
    let sql = format!(
        "SELECT json_group_array(json(o)) FROM ( \
           SELECT {} AS o FROM json_each(?1) AS r CROSS JOIN articles a ON a.id = r.value \
           WHERE {PUBLIC} ORDER BY r.key)",
        site_object_of(with_body)
    );
    let json: String = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .bind(serde_json::to_string(ids).unwrap_or_default())
        .fetch_one(conn)
        .await?;
    serde_json::from_str(&json).map_err(decode)
}

/// Any article not in the trash, whatever its status, with its body: the
/// editor's preview of the page it will be.
pub async fn preview_article(
    conn: &mut SqliteConnection,
    id: i64,
) -> Result<Option<SiteArticle>, sqlx::Error> {
    let sql = format!(
        "SELECT {} FROM articles a WHERE a.id = ?1 AND a.deleted_at IS NULL",
        site_object_of(true)
    );
    let json: Option<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(conn)
        .await?;
    json.map(|j| serde_json::from_str(&j).map_err(decode))
        .transpose()
}

/// A published article by its slug, with its body.
pub async fn site_article(
    conn: &mut SqliteConnection,
    slug: &str,
) -> Result<Option<SiteArticle>, sqlx::Error> {
    let sql = format!(
        "SELECT {} FROM articles a WHERE a.slug = ?1 AND {PUBLIC}",
        site_object_of(true)
    );
    let json: Option<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .bind(slug)
        .fetch_optional(conn)
        .await?;
    json.map(|j| serde_json::from_str(&j).map_err(decode))
        .transpose()
}

/// Whether `slug` (current or old) names an article that was published
/// once and is not now: unpublished, or in the trash. Such pages are 410
/// Gone; a slug never published is 404.
pub async fn was_published(conn: &mut SqliteConnection, slug: &str) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM articles a WHERE a.published_at IS NOT NULL AND \
           (a.slug = ?1 OR a.id = (SELECT article_id FROM slug_redirects WHERE old_slug = ?1)))",
    )
    .bind(slug)
    .fetch_one(conn)
    .await
}

/// Which published articles a list holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    All,
    Tag(i64),
    /// A category and every category under it.
    Category(i64),
    /// Original dates in `[from, to)`, oldest last.
    Dates {
        from: i64,
        to: i64,
    },
}

impl Scope {
    /// `FROM … WHERE …` of the scope's articles `a`, and its bound value.
    fn sql_from_where(&self) -> (String, Vec<i64>) {
        match self {
            // Pinned: with statistics from before migration 0005 (or from a
            // smaller database) SQLite sorted every published article for
            // each page instead (24 ms against 0.3 ms at 10,000).
            Scope::All => (
                format!("FROM articles a INDEXED BY articles_published_shown WHERE {PUBLISHED}"),
                vec![],
            ),
            Scope::Tag(id) => (
                format!(
                    "FROM article_tags t JOIN articles a ON a.id = t.article_id \
                     WHERE t.tag_id = ?1 AND {PUBLISHED}"
                ),
                vec![*id],
            ),
            Scope::Category(id) => (
                format!(
                    "FROM articles a WHERE {PUBLISHED} AND a.id IN ( \
                       WITH RECURSIVE {sub} \
                       SELECT ac.article_id FROM article_categories ac WHERE ac.category_id IN (SELECT id FROM sub))",
                    sub = subtree!("SELECT ?1"),
                ),
                vec![*id],
            ),
            Scope::Dates { from, to } => (
                format!("FROM articles a WHERE {PUBLISHED} AND a.date >= ?1 AND a.date < ?2"),
                vec![*from, *to],
            ),
        }
    }

    fn order(&self) -> &'static str {
        match self {
            // Archives follow the original dates.
            Scope::Dates { .. } => "a.date DESC, a.id DESC",
            _ => SHOWN_ORDER,
        }
    }
}

/// The ids of the scope's articles in list order: `limit` from `offset`,
/// or all of them (`limit` < 0), as the static export pages through them.
pub async fn scope_ids(
    conn: &mut SqliteConnection,
    scope: &Scope,
    limit: i64,
    offset: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    let (from_where, binds) = scope.sql_from_where();
    let n = binds.len();
    let sql = format!(
        "SELECT json_group_array(id) FROM (SELECT a.id {from_where} ORDER BY {} LIMIT ?{} OFFSET ?{})",
        scope.order(),
        n + 1,
        n + 2
    );
    let mut query = sqlx::query_scalar(sqlx::AssertSqlSafe(sql));
    for b in binds {
        query = query.bind(b);
    }
    let json: String = query.bind(limit).bind(offset).fetch_one(conn).await?;
    serde_json::from_str(&json).map_err(decode)
}

/// How many articles the scope holds.
pub async fn scope_count(conn: &mut SqliteConnection, scope: &Scope) -> Result<i64, sqlx::Error> {
    if *scope == Scope::All {
        // The counts are by status; the few live pages are not listed.
        return sqlx::query_scalar(
            "SELECT live - (SELECT count(*) FROM articles INDEXED BY articles_pages \
               WHERE kind = 'page' AND status = 'published' AND deleted_at IS NULL) \
             FROM article_counts WHERE status = 'published'",
        )
        .fetch_one(conn)
        .await;
    }
    let (from_where, binds) = scope.sql_from_where();
    let sql = format!("SELECT count(*) {from_where}");
    let mut query = sqlx::query_scalar(sqlx::AssertSqlSafe(sql));
    for b in binds {
        query = query.bind(b);
    }
    query.fetch_one(conn).await
}

/// A title and slug: a previous or next link.
#[derive(Debug, Clone, Deserialize)]
pub struct Link {
    pub slug: String,
    pub title: String,
}

/// The published articles before (older) and after (newer) `a` in the
/// home page's order.
pub async fn neighbours(
    conn: &mut SqliteConnection,
    a: &SiteArticle,
) -> Result<(Option<Link>, Option<Link>), sqlx::Error> {
    let shown = a.updated.unwrap_or(a.date);
    let side = |cmp: &str, order: &str| {
        format!(
            "(SELECT json_object('slug', a.slug, 'title', a.title) FROM articles a \
              INDEXED BY articles_published_shown WHERE {PUBLISHED} AND (coalesce(a.updated, a.date), a.id) {cmp} (?1, ?2) \
              ORDER BY coalesce(a.updated, a.date) {order}, a.id {order} LIMIT 1)"
        )
    };
    let sql = format!("SELECT {}, {}", side("<", "DESC"), side(">", "ASC"));
    let (older, newer): (Option<String>, Option<String>) = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(shown)
        .bind(a.id)
        .fetch_one(conn)
        .await?;
    let parse = |j: Option<String>| {
        j.map(|j| serde_json::from_str::<Link>(&j).map_err(decode))
            .transpose()
    };
    Ok((parse(older)?, parse(newer)?))
}

/// A tag or category with its number of published articles.
#[derive(Debug, Clone, Deserialize)]
pub struct Counted {
    pub id: i64,
    pub name: String,
    pub slug: String,
    pub parent_id: Option<i64>,
    pub count: i64,
}

/// Tags with at least one published article, by name.
pub async fn tags(conn: &mut SqliteConnection) -> Result<Vec<Counted>, sqlx::Error> {
    let sql = format!(
        "SELECT json_group_array(json_object('id', id, 'name', name, 'slug', slug, 'parent_id', NULL, 'count', n)) \
         FROM (SELECT t.id, t.name, t.slug, count(*) AS n FROM tags t \
               JOIN article_tags at ON at.tag_id = t.id JOIN articles a ON a.id = at.article_id \
               WHERE {PUBLISHED} GROUP BY t.id ORDER BY t.name)"
    );
    let json: String = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .fetch_one(conn)
        .await?;
    serde_json::from_str(&json).map_err(decode)
}

/// Every category, with the published articles filed directly under it.
pub async fn categories(conn: &mut SqliteConnection) -> Result<Vec<Counted>, sqlx::Error> {
    let sql = format!(
        "SELECT json_group_array(json_object('id', id, 'name', name, 'slug', slug, 'parent_id', parent_id, 'count', n)) \
         FROM (SELECT c.id, c.name, c.slug, c.parent_id, \
                 (SELECT count(*) FROM article_categories ac JOIN articles a ON a.id = ac.article_id \
                  WHERE ac.category_id = c.id AND {PUBLISHED}) AS n \
               FROM categories c ORDER BY c.name)"
    );
    let json: String = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .fetch_one(conn)
        .await?;
    serde_json::from_str(&json).map_err(decode)
}

/// The original dates of every published article: the archives count
/// them by month in the site's zone.
pub async fn published_dates(conn: &mut SqliteConnection) -> Result<Vec<i64>, sqlx::Error> {
    let sql = format!("SELECT json_group_array(a.date) FROM articles a WHERE {PUBLISHED}");
    let json: String = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .fetch_one(conn)
        .await?;
    serde_json::from_str(&json).map_err(decode)
}

/// A published article as the sitemap lists it.
#[derive(Debug, Clone, Deserialize)]
pub struct SitemapEntry {
    pub slug: String,
    pub modified_at: i64,
}

/// Every published article, newest change first.
pub async fn sitemap_entries(
    conn: &mut SqliteConnection,
) -> Result<Vec<SitemapEntry>, sqlx::Error> {
    let sql = format!(
        "SELECT json_group_array(json_object('slug', slug, 'modified_at', modified_at)) FROM ( \
           SELECT a.slug, a.modified_at FROM articles a WHERE {PUBLISHED} ORDER BY a.id)"
    );
    let json: String = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .fetch_one(conn)
        .await?;
    serde_json::from_str(&json).map_err(decode)
}

/// The published articles among ranked `ids`, in their order.
pub async fn published_among(
    conn: &mut SqliteConnection,
    ids: &[i64],
) -> Result<Vec<i64>, sqlx::Error> {
    let sql = format!(
        "SELECT json_group_array(id) FROM (SELECT a.id FROM json_each(?1) AS r \
         CROSS JOIN articles a ON a.id = r.value WHERE {PUBLISHED} ORDER BY r.key)"
    );
    let json: String = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .bind(serde_json::to_string(ids).unwrap_or_default())
        .fetch_one(conn)
        .await?;
    serde_json::from_str(&json).map_err(decode)
}

/// Every published article's link, in the home page's order: the static
/// export's previous and next links.
pub async fn all_links(conn: &mut SqliteConnection) -> Result<Vec<(i64, Link)>, sqlx::Error> {
    #[derive(Deserialize)]
    struct Row {
        id: i64,
        slug: String,
        title: String,
    }
    let sql = format!(
        "SELECT json_group_array(json_object('id', id, 'slug', slug, 'title', title)) FROM ( \
           SELECT a.id, a.slug, a.title FROM articles a INDEXED BY articles_published_shown \
           WHERE {PUBLISHED} ORDER BY {SHOWN_ORDER})"
    );
    let json: String = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .fetch_one(conn)
        .await?;
    let rows: Vec<Row> = serde_json::from_str(&json).map_err(decode)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            (
                r.id,
                Link {
                    slug: r.slug,
                    title: r.title,
                },
            )
        })
        .collect())
}

/// A tag by its slug (with no count).
pub async fn tag_by_slug(
    conn: &mut SqliteConnection,
    slug: &str,
) -> Result<Option<Counted>, sqlx::Error> {
    let json: Option<String> = sqlx::query_scalar(
        "SELECT json_object('id', id, 'name', name, 'slug', slug, 'parent_id', NULL, 'count', 0) \
         FROM tags WHERE slug = ?1",
    )
    .bind(slug)
    .fetch_optional(conn)
    .await?;
    json.map(|j| serde_json::from_str(&j).map_err(decode))
        .transpose()
}

/// The category under `parent` (the top when `None`) with that slug.
pub async fn category_child(
    conn: &mut SqliteConnection,
    parent: Option<i64>,
    slug: &str,
) -> Result<Option<(i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, name FROM categories WHERE ifnull(parent_id, 0) = ifnull(?1, 0) AND slug = ?2",
    )
    .bind(parent)
    .bind(slug)
    .fetch_optional(conn)
    .await
}

/// The categories right under `parent`, with the published articles filed
/// directly under each, by name.
pub async fn subcategories(
    conn: &mut SqliteConnection,
    parent: i64,
) -> Result<Vec<Counted>, sqlx::Error> {
    let sql = format!(
        "SELECT json_group_array(json_object('id', id, 'name', name, 'slug', slug, 'parent_id', parent_id, 'count', n)) \
         FROM (SELECT c.id, c.name, c.slug, c.parent_id, \
                 (SELECT count(*) FROM article_categories ac JOIN articles a ON a.id = ac.article_id \
                  WHERE ac.category_id = c.id AND {PUBLISHED}) AS n \
               FROM categories c WHERE c.parent_id = ?1 ORDER BY c.name)"
    );
    let json: String = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .bind(parent)
        .fetch_one(conn)
        .await?;
    serde_json::from_str(&json).map_err(decode)
}

/// The category a path of slugs from the top names: its id and its path
/// of names.
pub async fn category_by_slugs(
    conn: &mut SqliteConnection,
    slugs: &[String],
) -> Result<Option<(i64, Vec<String>)>, sqlx::Error> {
    let mut parent = None;
    let mut names = Vec::new();
    for slug in slugs {
        let Some((id, name)) = category_child(conn, parent, slug).await? else {
            return Ok(None);
        };
        names.push(name);
        parent = Some(id);
    }
    Ok(parent.map(|id| (id, names)))
}
