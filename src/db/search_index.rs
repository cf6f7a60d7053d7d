//! The full-text index (FTS5, see `search` for the tokens) and the
//! queries that read it.

use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

use crate::derived::Derived;
use crate::search;

/// An article's entry in the full-text index.
#[derive(Debug, Clone)]
pub struct IndexRow {
    pub id: i64,
    pub title: String,
    pub body: String,
    pub title_chars: String,
    pub body_chars: String,
}

impl IndexRow {
    pub fn new(id: i64, derived: Derived) -> IndexRow {
        IndexRow {
            id,
            title: derived.search_title,
            body: derived.search_body,
            title_chars: derived.search_title_chars,
            body_chars: derived.search_body_chars,
        }
    }

    /// [`IndexRow::new`] from borrowed values (an edit's, kept by its caller).
    pub fn of(id: i64, derived: &Derived) -> IndexRow {
        IndexRow {
            id,
            title: derived.search_title.clone(),
            body: derived.search_body.clone(),
            title_chars: derived.search_title_chars.clone(),
            body_chars: derived.search_body_chars.clone(),
        }
    }
}

/// Adds articles to the full-text index. The writes of `article_writes` leave this
/// to the caller because FTS5 writes its pending terms out as a new segment
/// at every savepoint, and SQLite opens one for nearly every other write:
/// indexing each article between its row writes makes one tiny segment per
/// article and endless merging (2 ms an article instead of 0.5). Rows given
/// here in one call go in back to back, as one segment, and in one
/// statement when they are few enough to bind: a statement that writes
/// several rows opens a savepoint too, so splitting them would split the
/// segment, and one statement a row was a round trip to sqlx's SQLite
/// thread each.
///
/// The rows are taken by value: their texts become the statement's
/// arguments as they are, not copies (1,000 rows are ~30 MB).
pub async fn add(conn: &mut SqliteConnection, mut rows: Vec<IndexRow>) -> Result<(), sqlx::Error> {
    while !rows.is_empty() {
        let rest = rows.split_off(rows.len().min(MAX_ROWS_A_STATEMENT));
        let mut insert: QueryBuilder<Sqlite> = QueryBuilder::new(
            "INSERT INTO article_fts (rowid, title, body, title_chars, body_chars) ",
        );
        insert.push_values(rows, |mut b, row| {
            b.push_bind(row.id)
                .push_bind(row.title)
                .push_bind(row.body)
                .push_bind(row.title_chars)
                .push_bind(row.body_chars);
        });
        insert.build().execute(&mut *conn).await?;
        rows = rest;
    }
    Ok(())
}

/// Re-indexes every article when the index was built by older tokens than
/// `search::INDEX_VERSION` (migration 0013 marks the first version): once,
/// when folio opens the database. Returns how many articles it indexed.
pub async fn upgrade(pool: &sqlx::SqlitePool) -> Result<u64, sqlx::Error> {
    let version = || sqlx::query_scalar::<_, i64>("SELECT version FROM search_index_version");
    // Read first: the usual answer needs no write lock (an export or a
    // read-only command opening the database while the server writes).
    if version().fetch_one(pool).await? >= search::INDEX_VERSION {
        return Ok(0);
    }
    let mut tx = super::begin_write(pool).await?;
    if version().fetch_one(&mut *tx).await? >= search::INDEX_VERSION {
        return Ok(0);
    }
    sqlx::query("INSERT INTO article_fts (article_fts) VALUES ('delete-all')")
        .execute(&mut *tx)
        .await?;
    let mut after = 0i64;
    let mut done = 0u64;
    loop {
        let batch: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT id, title, body_html FROM articles WHERE id > ?1 ORDER BY id LIMIT 500",
        )
        .bind(after)
        .fetch_all(&mut *tx)
        .await?;
        let Some(last) = batch.last() else {
            break;
        };
        after = last.0;
        done += batch.len() as u64;
        let rows = batch
            .into_iter()
            .map(|(id, title, html)| {
                let t = crate::derived::index_texts(&title, &html);
                IndexRow {
                    id,
                    title: t.title,
                    body: t.body,
                    title_chars: t.title_chars,
                    body_chars: t.body_chars,
                }
            })
            .collect();
        add(&mut tx, rows).await?;
    }
    sqlx::query("UPDATE search_index_version SET version = ?1")
        .bind(search::INDEX_VERSION)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(done)
}

/// SQLite binds at most 32,766 parameters a statement; five a row.
const MAX_ROWS_A_STATEMENT: usize = 6_000;

/// How FTS5 writes while a bulk import runs, and after.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteMode {
    /// An import: pending terms are held up to 16 MiB before they are
    /// written out as a segment, and a level of segments is merged when it
    /// holds 16. With FTS5's defaults (1 MiB, merge at 4) a 100,000-post
    /// import wrote a segment every ~70 posts and merged them into bigger
    /// ones five levels deep, rewriting the 1.2 GB index about five times:
    /// 106 s against 81 s. The segments left behind are merged by the
    /// server in small steps (`merge_step`); searches at 100,000 posts
    /// stay under 15 ms with them.
    Bulk,
    /// Everything else: no merge inside a commit (see `merge_step`) and
    /// FTS5's default 1 MiB of pending terms.
    Normal,
}

/// Sets FTS5's write settings for `mode`. They are stored in the index's
/// config table, so they belong to the transaction that sets them: an
/// import sets `Bulk` after its `BEGIN` and `Normal` before its commit, and
/// a rolled-back import leaves them as they were.
pub async fn set_write_mode(
    conn: &mut SqliteConnection,
    mode: WriteMode,
) -> Result<(), sqlx::Error> {
    let settings = match mode {
        WriteMode::Bulk => {
            // Index leaves as large as a database page less its headers,
            // as FTS5's default (4,050) is for 4 KiB pages: on 16 KiB
            // pages a quarter of the leaves, each one B-tree row. It stays
            // for the merges that follow.
            let page_size: i64 = sqlx::query_scalar("PRAGMA page_size")
                .fetch_one(&mut *conn)
                .await?;
            vec![
                ("automerge", 16),
                ("hashsize", 16 * 1024 * 1024),
                ("pgsz", page_size - 46),
            ]
        }
        WriteMode::Normal => vec![("automerge", 0), ("hashsize", 1024 * 1024)],
    };
    for (key, value) in settings {
        sqlx::query("INSERT INTO article_fts (article_fts, rank) VALUES (?1, ?2)")
            .bind(key)
            .bind(value)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// One small step of merging the index's segments (at most `pages` pages
/// written), in its own short write transaction. Saves leave merging to
/// this (the migration turned FTS5's automerge off), so no editor's save
/// pays for it.
pub async fn merge_step(pool: &sqlx::SqlitePool, pages: i64) -> Result<(), sqlx::Error> {
    let mut tx = super::begin_write(pool).await?;
    sqlx::query("INSERT INTO article_fts (article_fts, rank) VALUES ('merge', ?1)")
        .bind(pages)
        .execute(&mut *tx)
        .await?;
    tx.commit().await
}

/// A search hit: the article and the HTML to cut a snippet from.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SearchHit {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub status: String,
    pub body_html: String,
}

/// How many of the newest matches are ranked. Ranking costs a few
/// microseconds a match, so ranking all of 100,000 matches (a common
/// character in a Chinese corpus) would take half a second; the newest
/// `RANK_WINDOW` matches are read in index order, which stops early.
pub const RANK_WINDOW: i64 = 1000;

/// A phrase query is ranked by BM25 only when its rarest token is in at
/// most this many articles: FTS5's bm25() weighs a phrase by counting all
/// its matches, position by position (190 ms for `数字科技` in 50,000 of
/// 100,000 articles). Past it, matches in the title come first, then the
/// newest — the order WordPress and Ghost give search results.
pub const BM25_PHRASE_LIMIT: i64 = 3000;

/// Articles matching `query`, best first. `published_only` is the public
/// site's view.
pub async fn search(
    conn: &mut SqliteConnection,
    query: &search::SearchQuery,
    published_only: bool,
    limit: i64,
    offset: i64,
) -> Result<Vec<SearchHit>, sqlx::Error> {
    search_ranked(
        conn,
        query,
        published_only,
        limit,
        offset,
        BM25_PHRASE_LIMIT,
    )
    .await
}

/// [`search`] with the phrase limit given, so both orders can be tested.
pub async fn search_ranked(
    conn: &mut SqliteConnection,
    query: &search::SearchQuery,
    published_only: bool,
    limit: i64,
    offset: i64,
    bm25_phrase_limit: i64,
) -> Result<Vec<SearchHit>, sqlx::Error> {
    let ranked = ranked_sql(conn, query, bm25_phrase_limit).await?;
    // Ranked on small columns first; body_html is read only for the page
    // of hits, never for the whole window.
    let sql = format!(
        "WITH ranked AS ({ranked}) \
         SELECT a.id, a.slug, a.title, a.status, a.body_html \
         FROM ranked JOIN articles a ON a.id = ranked.id ORDER BY ranked.position"
    );
    sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(query.to_fts())
        .bind(published_only)
        .bind(limit)
        .bind(offset)
        .bind(RANK_WINDOW)
        .bind(query.main_needle())
        .bind(query.main_needle_as_typed())
        .fetch_all(conn)
        .await
}

/// The ids of every live article matching `query` within the ranking
/// window, best first: the admin's list filters and pages these.
pub async fn ranked_ids(
    conn: &mut SqliteConnection,
    query: &search::SearchQuery,
) -> Result<Vec<i64>, sqlx::Error> {
    let ranked = ranked_sql(conn, query, BM25_PHRASE_LIMIT).await?;
    // One JSON row rather than up to a thousand rows through sqlx's
    // channel (see `taxonomy::json_rows`).
    let sql = format!(
        "WITH ranked AS ({ranked}) SELECT json_group_array(id) FROM (SELECT id FROM ranked ORDER BY position)"
    );
    let json: String = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .bind(query.to_fts())
        .bind(false)
        .bind(RANK_WINDOW)
        .bind(0)
        .bind(RANK_WINDOW)
        .bind(query.main_needle())
        .bind(query.main_needle_as_typed())
        .fetch_one(&mut *conn)
        .await?;
    let text_hits: Vec<i64> =
        serde_json::from_str(&json).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
    // Articles carrying a tag the query names come first (newest first),
    // then the text's matches: a tag is what an editor filed them under.
    let mut ids = tagged_ids(conn, query).await?;
    let seen: std::collections::HashSet<i64> = ids.iter().copied().collect();
    ids.extend(text_hits.into_iter().filter(|id| !seen.contains(id)));
    ids.truncate(RANK_WINDOW as usize);
    Ok(ids)
}

/// The live articles, newest first, carrying a tag whose name holds every
/// part of `query` (folded as the index folds: `数字` finds the tag 數字).
async fn tagged_ids(
    conn: &mut SqliteConnection,
    query: &search::SearchQuery,
) -> Result<Vec<i64>, sqlx::Error> {
    let needles = query.needles();
    let tags: Vec<(i64, String)> = sqlx::query_as("SELECT id, name FROM tags")
        .fetch_all(&mut *conn)
        .await?;
    let matching: Vec<i64> = tags
        .into_iter()
        .filter(|(_, name)| {
            let name = search::folded_lower(name);
            needles.iter().all(|n| name.contains(n.as_str()))
        })
        .map(|(id, _)| id)
        .collect();
    if matching.is_empty() {
        return Ok(Vec::new());
    }
    let json: String = sqlx::query_scalar(
        "SELECT json_group_array(id) FROM (SELECT DISTINCT a.id FROM article_tags at \
           JOIN articles a ON a.id = at.article_id \
           WHERE at.tag_id IN (SELECT value FROM json_each(?1)) AND a.deleted_at IS NULL \
           ORDER BY a.date DESC, a.id DESC LIMIT ?2)",
    )
    .bind(serde_json::to_string(&matching).unwrap_or_default())
    .bind(RANK_WINDOW)
    .fetch_one(conn)
    .await?;
    serde_json::from_str(&json).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

/// The ranking query: `(id, position)` of the matches, best first, for
/// parameters ?1 the FTS5 expression, ?2 published only, ?3 limit,
/// ?4 offset, ?5 the window, ?6 and ?7 the needle looked for in titles,
/// folded and as typed.
async fn ranked_sql(
    conn: &mut SqliteConnection,
    query: &search::SearchQuery,
    bm25_phrase_limit: i64,
) -> Result<&'static str, sqlx::Error> {
    let phrase_tokens = query.phrase_tokens();
    let bm25 = phrase_tokens.is_empty() || rarest(conn, &phrase_tokens).await? <= bm25_phrase_limit;
    Ok(if bm25 {
        "SELECT a.id, row_number() OVER (ORDER BY hits.score) AS position FROM ( \
             SELECT rowid AS id, bm25(article_fts, 10.0, 1.0, 10.0, 1.0) AS score FROM article_fts \
             WHERE article_fts MATCH ?1 ORDER BY rowid DESC LIMIT ?5) AS hits \
         JOIN articles a ON a.id = hits.id \
         WHERE a.deleted_at IS NULL AND (?2 = 0 OR a.status = 'published') \
         ORDER BY hits.score LIMIT ?3 OFFSET ?4"
    } else {
        "SELECT a.id, row_number() OVER (ORDER BY (instr(lower(a.title), ?6) = 0 AND instr(lower(a.title), ?7) = 0), a.date DESC) AS position FROM ( \
             SELECT rowid AS id FROM article_fts \
             WHERE article_fts MATCH ?1 ORDER BY rowid DESC LIMIT ?5) AS hits \
         JOIN articles a ON a.id = hits.id \
         WHERE a.deleted_at IS NULL AND (?2 = 0 OR a.status = 'published') \
         ORDER BY position LIMIT ?3 OFFSET ?4"
    })
}

/// In how many articles the rarest of `tokens` is (0 when one is absent).
async fn rarest(conn: &mut SqliteConnection, tokens: &[&str]) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT CASE WHEN count(*) < (SELECT count(DISTINCT value) FROM json_each(?1)) THEN 0 ELSE min(doc) END \
         FROM article_fts_vocab WHERE term IN (SELECT value FROM json_each(?1))",
    )
    .bind(serde_json::to_string(tokens).unwrap_or_default())
    .fetch_one(conn)
    .await
}
