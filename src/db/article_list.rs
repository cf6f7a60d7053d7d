//! The admin's article list: filters, sorting and pages over live (or
//! trashed) articles, and the dashboard's counts.

use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

use super::category_sql::subtree;
use crate::search_cache::SearchCache;

/// What the list shows of an article (small columns only).
#[derive(Debug, Clone, serde::Deserialize)]
pub struct ListRow {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub status: String,
    pub date: i64,
    pub updated: Option<i64>,
    pub modified_at: i64,
    pub scheduled_at: Option<i64>,
    pub published_late: bool,
    pub author: Option<String>,
    pub owner_email: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    DateDesc,
    DateAsc,
    ModifiedDesc,
    TitleAsc,
}

impl Sort {
    pub fn parse(s: &str) -> Sort {
        match s {
            "date_asc" => Sort::DateAsc,
            "modified" => Sort::ModifiedDesc,
            "title" => Sort::TitleAsc,
            _ => Sort::DateDesc,
        }
    }

    /// `ORDER BY` of the list `f`: a tag's live articles by date come in
    /// the order of its listing index (migration 0006).
    fn order_by_for(self, f: &Filter) -> &'static str {
        match self {
            Sort::DateDesc if f.tag_listing() => {
                " ORDER BY ft.article_date DESC, ft.article_id DESC"
            }
            Sort::DateAsc if f.tag_listing() => " ORDER BY ft.article_date ASC, ft.article_id ASC",
            other => other.order_by(),
        }
    }

    fn order_by(self) -> &'static str {
        match self {
            Sort::DateDesc => " ORDER BY a.date DESC, a.id DESC",
            Sort::DateAsc => " ORDER BY a.date ASC, a.id ASC",
            Sort::ModifiedDesc => " ORDER BY a.modified_at DESC, a.id DESC",
            Sort::TitleAsc => " ORDER BY a.title, a.id",
        }
    }
}

/// The list's filters; `None` means any.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Ranked ids from the full-text index, when searching: the list keeps
    /// their order unless another sort is asked for.
    pub ids: Option<Vec<i64>>,
    pub status: Option<String>,
    /// A tag name (any case).
    pub tag: Option<String>,
    /// A category id: articles filed under it or any sub-category.
    pub category: Option<i64>,
    /// The front-matter `author` credit.
    pub author: Option<String>,
    /// Only articles this user owns (an author's view).
    pub owner: Option<i64>,
    /// The trash instead of live articles.
    pub trash: bool,
    /// Keyset pagination for the date orders: only articles past this
    /// `(date, id)`, so the 1,000th page costs what the first does
    /// (OFFSET walks every row it skips).
    pub after: Option<(i64, i64)>,
    /// Set with `after` for the oldest-first order.
    pub ascending: bool,
}

impl Filter {
    /// A tag's live articles, not a search: read from the tag's listing
    /// index (`ft`), whose links carry their article's status and date.
    fn tag_listing(&self) -> bool {
        self.tag.is_some() && self.ids.is_none() && !self.trash
    }
}

/// `FROM` and `WHERE` of the list's queries. Searched ids are joined as a
/// table `r` (`r.key` is the rank), so their order costs nothing.
fn push_from_where(q: &mut QueryBuilder<Sqlite>, f: &Filter) {
    if f.tag_listing() {
        let tag = f.tag.clone().unwrap_or_default();
        q.push(
            " FROM article_tags ft CROSS JOIN articles a ON a.id = ft.article_id \
             WHERE ft.tag_id = (SELECT id FROM tags WHERE name = ",
        )
        .push_bind(tag)
        .push(")");
        match &f.status {
            Some(status) => q.push(" AND ft.live_status = ").push_bind(status.clone()),
            None => q.push(" AND ft.live_status IS NOT NULL"),
        };
        if let Some((date, id)) = f.after {
            let op = if f.ascending { ">" } else { "<" };
            q.push(format!(" AND (ft.article_date, ft.article_id) {op} ("))
                .push_bind(date)
                .push(", ")
                .push_bind(id)
                .push(")");
        }
        push_other_filters(q, f);
        return;
    }
    if let Some(ids) = &f.ids {
        q.push(" FROM json_each(")
            .push_bind(serde_json::to_string(ids).unwrap_or_default())
            .push(") AS r CROSS JOIN articles a ON a.id = r.value");
    } else {
        q.push(" FROM articles a");
    }
    if let Some(tag) = &f.tag {
        // A join, not `IN (…)`: SQLite then starts from the tag's few
        // links instead of testing every article of the status index.
        q.push(
            " JOIN article_tags ft ON ft.article_id = a.id AND ft.tag_id = (SELECT id FROM tags WHERE name = ",
        )
        .push_bind(tag.clone())
        .push(")");
    }
    q.push(if f.trash {
        " WHERE a.deleted_at IS NOT NULL"
    } else {
        " WHERE a.deleted_at IS NULL"
    });
    if let Some(status) = &f.status {
        q.push(" AND a.status = ").push_bind(status.clone());
    }
    if let Some((date, id)) = f.after {
        let op = if f.ascending { ">" } else { "<" };
        q.push(format!(" AND (a.date, a.id) {op} ("))
            .push_bind(date)
            .push(", ")
            .push_bind(id)
            .push(")");
    }
    push_other_filters(q, f);
}

/// The filters on the article itself, whichever table the list starts from.
fn push_other_filters(q: &mut QueryBuilder<Sqlite>, f: &Filter) {
    if let Some(category) = f.category {
        q.push(
            " AND a.id IN (SELECT ac.article_id FROM article_categories ac WHERE ac.category_id IN ( \
               WITH RECURSIVE start(id) AS (SELECT ",
        )
        .push_bind(category)
        .push(concat!(
            "), ",
            subtree!("SELECT id FROM start"),
            " SELECT id FROM sub))"
        ));
    }
    if let Some(author) = &f.author {
        q.push(" AND a.author = ").push_bind(author.clone());
    }
    if let Some(owner) = f.owner {
        q.push(" AND a.owner_id = ").push_bind(owner);
    }
}

/// Totals above this are shown as "more than": counting a filtered list
/// walks its index, and a bound keeps every page view cheap.
pub const COUNT_CAP: i64 = 200;

/// How many articles match: exact from `article_counts` when the filter is
/// at most a status; else counted, up to [`COUNT_CAP`] + 1.
async fn total(conn: &mut SqliteConnection, f: &Filter) -> Result<i64, sqlx::Error> {
    let plain = f.ids.is_none()
        && f.tag.is_none()
        && f.category.is_none()
        && f.author.is_none()
        && f.owner.is_none();
    if plain {
        return sqlx::query_scalar(
            "SELECT coalesce(sum(CASE WHEN ?1 THEN trashed ELSE live END), 0) FROM article_counts \
             WHERE ?2 IS NULL OR status = ?2",
        )
        .bind(f.trash)
        .bind(f.status.as_deref())
        .fetch_one(conn)
        .await;
    }
    let mut count = QueryBuilder::new("SELECT count(*) FROM (SELECT 1");
    push_from_where(&mut count, f);
    count.push(" LIMIT ").push_bind(COUNT_CAP + 1).push(")");
    count.build_query_scalar().fetch_one(conn).await
}

/// A numbered page of a list, or the page after `Filter::after`.
pub struct ListPage {
    pub rows: Vec<ListRow>,
    /// Matching articles (capped, see [`COUNT_CAP`]).
    pub total: i64,
    /// Where the next page starts (`after=date.id`): set when the page is
    /// full and its order allows keyset paging, which continues from this
    /// page's last row, so paging deep costs what page 1 does.
    pub next_cursor: Option<String>,
}

/// Page `page` (from 1) of `per_page` rows, or, with `f.after`, the
/// `per_page` rows after it.
pub async fn read_page(
    conn: &mut SqliteConnection,
    cache: &SearchCache,
    f: &Filter,
    sort: Option<Sort>,
    page: i64,
    per_page: i64,
) -> Result<ListPage, sqlx::Error> {
    let offset = if f.after.is_some() {
        0
    } else {
        (page - 1).saturating_mul(per_page)
    };
    let keyset = f.ids.is_none() && matches!(sort, None | Some(Sort::DateDesc | Sort::DateAsc));
    // A deep page by number: start from the nearest mark before it.
    let marks = if keyset && offset >= MARK_STRIDE {
        Some(marks(conn, cache, f).await?)
    } else {
        None
    };
    let (rows, total) = match marks.filter(|m| m.len() >= 2) {
        Some(marks) => {
            let k = ((offset / MARK_STRIDE) as usize).min(marks.len() / 2);
            let from_mark = Filter {
                after: Some((marks[2 * k - 2], marks[2 * k - 1])),
                ..f.clone()
            };
            let skip = offset - k as i64 * MARK_STRIDE;
            let (rows, _) = self::page(conn, &from_mark, sort, per_page, skip).await?;
            (rows, total(conn, f).await?)
        }
        None => self::page(conn, f, sort, per_page, offset).await?,
    };
    let next_cursor = rows
        .last()
        .filter(|_| keyset && rows.len() as i64 == per_page)
        .map(|r| format!("{}.{}", r.date, r.id));
    Ok(ListPage {
        rows,
        total,
        next_cursor,
    })
}

/// Rows between two page marks (see `marks`).
const MARK_STRIDE: i64 = 500;

/// The `(date, id)` of every `MARK_STRIDE`-th row of a date-ordered list,
/// flattened (`[date, id, date, id, …]`), kept with the ranked searches
/// until the content changes: page 1,000 by number then walks at most
/// `MARK_STRIDE` rows from the mark before it, not the 50,000 before it
/// (OFFSET walked them all: 40 ms a page at 100,000 articles). Reading
/// the marks walks the list once.
async fn marks(
    conn: &mut SqliteConnection,
    cache: &SearchCache,
    f: &Filter,
) -> Result<std::sync::Arc<Vec<i64>>, sqlx::Error> {
    let key = format!(
        "marks|{:?}|{:?}|{:?}|{:?}|{:?}|{}|{}",
        f.status, f.tag, f.category, f.author, f.owner, f.trash, f.ascending
    );
    let now = super::content_generation(conn).await?;
    if let Some(marks) = cache.get(&key, now) {
        return Ok(marks);
    }
    // One request reads them; the others asking meanwhile wait for it
    // (32 reading at once took 300 ms each).
    let _one_at_a_time = cache.computing.lock().await;
    if let Some(marks) = cache.get(&key, now) {
        return Ok(marks);
    }
    let whole = Filter {
        after: None,
        ..f.clone()
    };
    let order = if f.ascending {
        "a.date ASC, a.id ASC"
    } else {
        "a.date DESC, a.id DESC"
    };
    let mut q = QueryBuilder::new(format!(
        "SELECT json_group_array(json(v)) FROM (SELECT json_array(d, i) AS v FROM (SELECT a.date AS d, a.id AS i, \
         row_number() OVER (ORDER BY {order}) AS n"
    ));
    push_from_where(&mut q, &whole);
    q.push(format!(
        " ORDER BY {order}) WHERE n % {MARK_STRIDE} = 0 ORDER BY n)"
    ));
    let json: String = q.build_query_scalar().fetch_one(&mut *conn).await?;
    let pairs: Vec<(i64, i64)> =
        serde_json::from_str(&json).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
    let flat = std::sync::Arc::new(pairs.into_iter().flat_map(|(d, i)| [d, i]).collect());
    cache.put(key, now, std::sync::Arc::clone(&flat));
    Ok(flat)
}

/// One page of the list and the number of matching articles (capped, see
/// [`COUNT_CAP`]).
pub async fn page(
    conn: &mut SqliteConnection,
    f: &Filter,
    sort: Option<Sort>,
    limit: i64,
    offset: i64,
) -> Result<(Vec<ListRow>, i64), sqlx::Error> {
    let search_only = f.status.is_none()
        && f.tag.is_none()
        && f.category.is_none()
        && f.author.is_none()
        && f.owner.is_none()
        && !f.trash;
    let (total, page_ids) = match (&f.ids, sort) {
        // The search already dropped trashed articles and ranked the rest:
        // its ids are the list.
        (Some(ranked), None) if search_only => {
            let start = (offset.max(0) as usize).min(ranked.len());
            let end = (start + limit.max(0) as usize).min(ranked.len());
            (ranked.len() as i64, ranked[start..end].to_vec())
        }
        _ => {
            // The page's ids first, from the indexes alone; then their rows.
            let mut ids = QueryBuilder::new("SELECT a.id");
            push_from_where(&mut ids, f);
            match (sort, &f.ids) {
                (None, Some(_)) => ids.push(" ORDER BY r.key"),
                (sort, _) => ids.push(sort.unwrap_or_default().order_by_for(f)),
            };
            ids.push(" LIMIT ").push_bind(limit);
            ids.push(" OFFSET ").push_bind(offset);
            let page_ids: Vec<i64> = ids.build_query_scalar().fetch_all(&mut *conn).await?;
            let unpaged = Filter {
                after: None,
                ..f.clone()
            };
            (total(conn, &unpaged).await?, page_ids)
        }
    };
    // One JSON row for the page (see `taxonomy::json_rows`).
    let json: String = sqlx::query_scalar(
        "SELECT json_group_array(json_object( \
             'id', a.id, 'slug', a.slug, 'title', a.title, 'status', a.status, 'date', a.date, \
             'updated', a.updated, 'modified_at', a.modified_at, 'scheduled_at', a.scheduled_at, \
             'published_late', json(CASE WHEN a.published_late THEN 'true' ELSE 'false' END), \
             'author', a.author, 'owner_email', u.email)) \
         FROM (SELECT key, value FROM json_each(?1) ORDER BY key) AS p JOIN articles a ON a.id = p.value \
         LEFT JOIN users u ON u.id = a.owner_id",
    )
    .bind(serde_json::to_string(&page_ids).unwrap_or_default())
    .fetch_one(&mut *conn)
    .await?;
    let mut rows: Vec<ListRow> =
        serde_json::from_str(&json).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
    // An aggregate's order is not promised: put the rows in the page's.
    rows.sort_by_key(|r| page_ids.iter().position(|id| *id == r.id));
    Ok((rows, total))
}

/// Live articles by status, and the trash's size.
pub async fn counts(conn: &mut SqliteConnection) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT status, live FROM article_counts \
         UNION ALL SELECT 'trash', sum(trashed) FROM article_counts",
    )
    .fetch_all(conn)
    .await
}

/// The distinct front-matter author credits, for the list's filter.
pub async fn authors(conn: &mut SqliteConnection) -> Result<Vec<String>, sqlx::Error> {
    // A loose index scan: each step seeks the next distinct value.
    super::taxonomy::json_rows(
        conn,
        "SELECT json_group_array(name) FROM (WITH RECURSIVE a(name) AS ( \
             SELECT min(author) FROM articles WHERE deleted_at IS NULL AND author IS NOT NULL \
             UNION ALL SELECT (SELECT min(author) FROM articles \
                               WHERE deleted_at IS NULL AND author IS NOT NULL AND author > a.name) \
             FROM a WHERE a.name IS NOT NULL) \
         SELECT name FROM a WHERE name IS NOT NULL LIMIT 500)",
    )
    .await
}
