//! Edits from the admin: saving an edited state (with the version check and
//! the three-way merge), creating, publishing, scheduling, the trash, and
//! reading revisions. Every change keeps the state it replaces as a
//! revision and moves the version on.

use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;

use super::article_writes;
use super::articles::{self, StoredArticle};
use super::search_index::{self, IndexRow};
use super::taxonomy::TaxonomyCache;
use super::unix;
use crate::derived::{Derived, Prepared, Sources};
use crate::domain::{ArticleState, ArticleStatus, NewArticle, Slug, StateError, merge};

#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error(transparent)]
    Invalid(#[from] StateError),
    #[error("slug: {0:?} is already another article's slug")]
    SlugTaken(String),
    /// Saved by someone else since `mine` was loaded, in the same fields.
    #[error("the article was changed by someone else (fields: {})", fields.join(", "))]
    Conflict {
        current: Box<StoredArticle>,
        fields: Vec<String>,
    },
    /// The state to save has sources nothing was rendered for: render
    /// them outside the transaction and save again.
    #[error("the article's body was not rendered before its save")]
    Unprepared(Box<Sources>),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Saves `mine`, an edit of version `edited` of `current` (loaded in the
/// same transaction). When the article moved on since, the edit is merged
/// with what changed; only a field both sides changed is a conflict, and
/// nothing is written then. What it renders to must be `prepared` unless
/// its sources are `current`'s. Returns the new version.
pub async fn save(
    conn: &mut SqliteConnection,
    current: &StoredArticle,
    edited: i64,
    mine: ArticleState,
    prepared: &Prepared,
    user_id: i64,
    now: DateTime<Utc>,
) -> Result<i64, SaveError> {
    let id = current.row.id;
    let state = if current.row.version == edited {
        mine
    } else {
        let theirs = current.state();
        // Without the edited version's revision there is nothing to merge
        // against: the whole version is the conflict.
        let merged = match revision_state(conn, id, edited).await? {
            Some(base) => merge(&base, &theirs, &mine),
            None => Err(vec!["version".into()]),
        };
        match merged {
            Ok(merged) => merged,
            Err(fields) => {
                return Err(SaveError::Conflict {
                    current: Box::new(current.clone()),
                    fields,
                });
            }
        }
    };
    write_state(conn, current, state, prepared, Some(user_id), None, now).await?;
    Ok(current.row.version + 1)
}

/// Writes an article with its images brought home (`media_fetch`):
/// `state` is `current`'s with folio's URLs for remote ones, made in the
/// same transaction as `current` was read. Not an editor's edit: an
/// article never edited keeps the hash of the file it was imported from,
/// so an export asked for the original form (`media::remote::restore`)
/// still knows to give that file back byte for byte.
pub async fn save_images_home(
    conn: &mut SqliteConnection,
    current: &StoredArticle,
    state: ArticleState,
    prepared: &Prepared,
    saved_by: Option<i64>,
    now: DateTime<Utc>,
) -> Result<i64, SaveError> {
    let source = current.row.source_hash.clone();
    write_state(
        conn,
        current,
        state,
        prepared,
        saved_by,
        source.as_deref(),
        now,
    )
    .await?;
    Ok(current.row.version + 1)
}

/// Writes `state` over the article (revision first), keeping the old slug
/// as a redirect when it changes.
async fn write_state(
    conn: &mut SqliteConnection,
    current: &StoredArticle,
    state: ArticleState,
    prepared: &Prepared,
    saved_by: Option<i64>,
    source_hash: Option<&[u8]>,
    now: DateTime<Utc>,
) -> Result<(), SaveError> {
    let id = current.row.id;
    let published_at = current.row.published_at.map(super::from_unix);
    let article = state.to_article(published_at)?;
    // The same sources: the stored HTML and index entry stay as they are.
    let derived = if same_sources(current, &article) {
        None
    } else {
        Some(prepared_for(prepared, &article)?)
    };
    let new_slug = article.slug.as_str();
    if new_slug != current.row.slug {
        let taken: Option<i64> =
            sqlx::query_scalar("SELECT id FROM articles WHERE slug = ?1 AND id <> ?2")
                .bind(new_slug)
                .bind(id)
                .fetch_optional(&mut *conn)
                .await?;
        if taken.is_some() {
            return Err(SaveError::SlugTaken(new_slug.to_owned()));
        }
        sqlx::query(
            "INSERT INTO slug_redirects (old_slug, article_id, created_at) VALUES (?1, ?2, ?3) \
             ON CONFLICT (old_slug) DO UPDATE SET article_id = ?2, created_at = ?3",
        )
        .bind(&current.row.slug)
        .bind(id)
        .bind(unix(now))
        .execute(&mut *conn)
        .await?;
        // The new slug is live again: it no longer redirects anywhere.
        sqlx::query("DELETE FROM slug_redirects WHERE old_slug = ?1")
            .bind(new_slug)
            .execute(&mut *conn)
            .await?;
    }
    let mut cache = TaxonomyCache::default();
    // An edited article no longer equals its imported file: the export
    // writes it from its fields (keeping unchanged entries' raw text).
    article_writes::replace(
        conn,
        id,
        &article,
        derived,
        article_writes::Provenance {
            source_hash,
            saved_by,
            previous: Some(current),
        },
        now,
        &mut cache,
    )
    .await?;
    if let Some(derived) = derived {
        search_index::add(conn, vec![IndexRow::of(id, derived)]).await?;
    }
    Ok(())
}

fn same_sources(current: &StoredArticle, article: &NewArticle) -> bool {
    current.row.title == article.fields.title
        && current.row.body == article.body
        && current.row.excerpt_source == article.fields.excerpt
}

fn prepared_for<'a>(
    prepared: &'a Prepared,
    article: &NewArticle,
) -> Result<&'a Derived, SaveError> {
    prepared
        .get(article)
        .ok_or_else(|| SaveError::Unprepared(Box::new(Sources::of(article))))
}

/// The slug of an article whose editor named none: its title's
/// (`Slug::from_title`: pinyin for Chinese); a title with nothing a URL
/// can carry ("？！") gets one from the time, as WordPress falls back to
/// the id.
fn slug_for_title(title: &str, now: DateTime<Utc>) -> String {
    Slug::from_title(title).map_or_else(
        |_| format!("article-{}", now.timestamp_millis()),
        Slug::into_string,
    )
}

/// `base`, or `base-2`, `base-3`… the first no article has.
pub async fn free_slug(conn: &mut SqliteConnection, base: &str) -> Result<String, sqlx::Error> {
    let base: String = base.chars().take(Slug::MAX_CHARS - 8).collect();
    let mut candidate = base.clone();
    for n in 2.. {
        let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM articles WHERE slug = ?1")
            .bind(&candidate)
            .fetch_optional(&mut *conn)
            .await?;
        if taken.is_none() {
            break;
        }
        candidate = format!("{base}-{n}");
    }
    Ok(candidate)
}

/// Creates an article from `state`, owned by `owner`, with what `prepared`
/// rendered of it. Returns its id.
pub async fn create(
    conn: &mut SqliteConnection,
    state: ArticleState,
    prepared: &Prepared,
    owner: i64,
    now: DateTime<Utc>,
) -> Result<i64, SaveError> {
    let mut state = state;
    if state.slug.trim().is_empty() {
        state.slug = free_slug(conn, &slug_for_title(&state.title, now)).await?;
    }
    let published_at = (state.status == ArticleStatus::Published).then_some(now);
    let article = state.to_article(published_at)?;
    let derived = prepared_for(prepared, &article)?;
    let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM articles WHERE slug = ?1")
        .bind(article.slug.as_str())
        .fetch_optional(&mut *conn)
        .await?;
    if taken.is_some() {
        return Err(SaveError::SlugTaken(article.slug.to_string()));
    }
    let id = articles::next_id(conn).await?;
    let row = article_writes::NewRow {
        id,
        article: &article,
        derived,
        source_hash: None,
    };
    let mut cache = TaxonomyCache::default();
    article_writes::insert_many(conn, &[row], now, &mut cache).await?;
    sqlx::query("UPDATE articles SET owner_id = ?2, modified_by = ?2 WHERE id = ?1")
        .bind(id)
        .bind(owner)
        .execute(&mut *conn)
        .await?;
    search_index::add(conn, vec![IndexRow::of(id, derived)]).await?;
    Ok(id)
}

/// A publishing step (SPEC "Articles").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    /// Public now; `published_at` = now, `date` kept.
    Publish,
    /// Taken down: the public site answers 410.
    Unpublish,
    /// Public again and re-issued: `updated` = now, `date` kept.
    Republish,
    /// Publishes itself at the given time.
    Schedule(DateTime<Utc>),
}

/// Whether live article `id` has `status` now.
pub async fn has_status(
    conn: &mut SqliteConnection,
    id: i64,
    status: &str,
) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT count(*) > 0 FROM articles WHERE id = ?1 AND status = ?2 AND deleted_at IS NULL",
    )
    .bind(id)
    .bind(status)
    .fetch_one(conn)
    .await
}

/// Applies `step` to article `id`, keeping the state it replaces as a
/// revision. Returns false when there is no such live article.
pub async fn transition(
    conn: &mut SqliteConnection,
    id: i64,
    step: Transition,
    user_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    article_writes::save_revision(conn, id).await?;
    let now_s = unix(now);
    let (status, published_at, updated, scheduled_at) = match step {
        Transition::Publish => ("published", Some(now_s), None, None),
        Transition::Unpublish => ("unpublished", None, None, None),
        Transition::Republish => ("published", Some(now_s), Some(now_s), None),
        Transition::Schedule(at) => ("scheduled", None, None, Some(unix(at))),
    };
    let done = sqlx::query(
        "UPDATE articles SET status = ?2, published_at = coalesce(?3, published_at), \
             updated = coalesce(?4, updated), scheduled_at = ?5, published_late = 0, \
             source_hash = NULL, version = version + 1, modified_at = ?6, modified_by = ?7 \
         WHERE id = ?1 AND deleted_at IS NULL",
    )
    .bind(id)
    .bind(status)
    .bind(published_at)
    .bind(updated)
    .bind(scheduled_at)
    .bind(now_s)
    .bind(user_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Moves an article to the trash, or back (`trashed` false).
pub async fn set_trashed(
    conn: &mut SqliteConnection,
    id: i64,
    trashed: bool,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE articles SET deleted_at = CASE WHEN ?2 THEN ?3 END, modified_at = ?3 \
         WHERE id = ?1 AND (deleted_at IS NULL) = ?2",
    )
    .bind(id)
    .bind(trashed)
    .bind(unix(now))
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// How many articles are in the trash.
pub async fn trash_count(conn: &mut SqliteConnection) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT count(*) FROM articles WHERE deleted_at IS NOT NULL")
        .fetch_one(conn)
        .await
}

/// Deletes every trashed article for good. Returns how many.
pub async fn empty_trash(conn: &mut SqliteConnection) -> Result<u64, sqlx::Error> {
    sqlx::query(
        "DELETE FROM article_fts WHERE rowid IN (SELECT id FROM articles WHERE deleted_at IS NOT NULL)",
    )
    .execute(&mut *conn)
    .await?;
    let done = sqlx::query("DELETE FROM articles WHERE deleted_at IS NOT NULL")
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}

/// A revision as the history lists it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RevisionRow {
    pub id: i64,
    pub version: i64,
    pub saved_at: i64,
    pub saved_by: Option<String>,
}

pub async fn revisions(
    conn: &mut SqliteConnection,
    article_id: i64,
) -> Result<Vec<RevisionRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT r.id, r.version, r.saved_at, u.email AS saved_by FROM article_revisions r \
         LEFT JOIN users u ON u.id = r.saved_by WHERE r.article_id = ?1 ORDER BY r.version DESC",
    )
    .bind(article_id)
    .fetch_all(conn)
    .await
}

/// The article as it was at `version`, if a revision holds it.
pub async fn revision_state(
    conn: &mut SqliteConnection,
    article_id: i64,
    version: i64,
) -> Result<Option<ArticleState>, sqlx::Error> {
    let snapshot: Option<String> = sqlx::query_scalar(
        "SELECT snapshot FROM article_revisions WHERE article_id = ?1 AND version = ?2",
    )
    .bind(article_id)
    .bind(version)
    .fetch_optional(conn)
    .await?;
    Ok(snapshot.and_then(|s| serde_json::from_str(&s).ok()))
}

/// Publishes every scheduled article whose time has come, flagging as
/// late those more than `grace` seconds past it (the server was down).
/// Returns their ids.
pub async fn publish_due(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    grace_secs: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    let due: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM articles WHERE status = 'scheduled' AND scheduled_at <= ?1 AND deleted_at IS NULL",
    )
    .bind(unix(now))
    .fetch_all(&mut *conn)
    .await?;
    for &id in &due {
        article_writes::save_revision(conn, id).await?;
        sqlx::query(
            "UPDATE articles SET status = 'published', published_at = scheduled_at, \
                 published_late = (?2 - scheduled_at > ?3), source_hash = NULL, \
                 version = version + 1, modified_at = ?2, modified_by = NULL \
             WHERE id = ?1",
        )
        .bind(id)
        .bind(unix(now))
        .bind(grace_secs)
        .execute(&mut *conn)
        .await?;
    }
    Ok(due)
}
