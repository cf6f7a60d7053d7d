//! Bringing images home: every remote image an article shows (its body's,
//! `media::remote`, and its cover and thumbnail) downloaded
//! (`outbound::fetch`, on the public internet only), kept in the media
//! library, and the article rewritten to show folio's copy, its original
//! kept beside it. Each image gets a line in the report: fetched, already
//! had, or failed and why; a failure leaves that image as it was and the
//! rest of the run goes on.
//!
//! Used by `folio media fetch`, `folio import --fetch-images`, the
//! editor's button, the list's bulk action and the API.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::Utc;
use futures_util::{StreamExt, TryStreamExt};
use serde::{Deserialize, Serialize};
use sqlx::SqlitePool;

use crate::db::article_edits::{self, SaveError};
use crate::db::{self, articles};
use crate::derived::Prepared;
use crate::media::{MediaError, remote};
use crate::media_library::{KeepError, Keeper, Library, Origin};
use crate::outbound::{Failure, Fetcher};

/// The downloader's settings for this site: folio's limits, the
/// configured largest image and allowed addresses, and a `User-Agent`
/// naming the site, so its owner can be reached by the hosts it fetches
/// from.
pub fn fetch_settings(config: &crate::config::Config) -> crate::outbound::Settings {
    let defaults = crate::outbound::Settings::default();
    crate::outbound::Settings {
        max_bytes: config.max_media_bytes,
        rules: config.media_fetch_allow.clone(),
        user_agent: format!("{} (+{})", defaults.user_agent, config.public_url),
        ..defaults
    }
}

/// Articles worked on at once (their images share the fetcher's limits:
/// 2 a host, 8 in all).
const ARTICLES_AT_ONCE: usize = 4;
/// Tries to write an article an editor keeps changing meanwhile.
const WRITE_ATTEMPTS: usize = 3;

/// What became of one image.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Fetched,
    /// Brought home before (from this address, or the same bytes).
    Had,
    Failed,
}

/// One image of one article.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct FetchItem {
    /// The article's slug.
    pub article: String,
    pub url: String,
    pub outcome: Outcome,
    /// folio's URL for it, when it was brought home.
    pub media: Option<String>,
    /// Why it failed: `http_status`, `timeout`, `too_big`, `not_image`,
    /// `damaged`, `too_many_pixels`, `refused_address`, `redirects`,
    /// `network`, `bad_url`, `store`.
    pub code: Option<String>,
    /// The HTTP status, for `http_status`.
    pub status: Option<u16>,
    /// The failure in English, for logs and programs.
    pub reason: Option<String>,
}

/// A run's report.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
pub struct FetchReport {
    /// Articles looked at, and those rewritten to show folio's copies.
    pub articles: usize,
    pub rewritten: usize,
    pub fetched: usize,
    pub had: usize,
    pub failed: usize,
    pub items: Vec<FetchItem>,
}

/// How far a run is, for a progress bar or page.
#[derive(Debug, Default)]
pub struct Progress {
    pub articles: AtomicUsize,
    pub articles_done: AtomicUsize,
    pub images_done: AtomicUsize,
}

#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error(transparent)]
    Db(#[from] sqlx::Error),
    #[error(transparent)]
    Save(#[from] SaveError),
    #[error("rendering stopped: {0}")]
    Join(#[from] tokio::task::JoinError),
}

/// A run: what it keeps images with, downloads with, and who runs it.
pub struct Bringer<'a> {
    pub library: Library<'a>,
    pub fetcher: &'a Fetcher,
    pub by: Keeper<'a>,
    pub progress: &'a Progress,
}

impl FetchReport {
    /// The report for people: each image that failed, then the counts.
    pub fn write_text(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        for item in self.items.iter().filter(|i| i.outcome == Outcome::Failed) {
            writeln!(
                out,
                "failed  {}  {}  {}",
                item.article,
                item.url,
                item.reason.as_deref().unwrap_or_default()
            )?;
        }
        writeln!(
            out,
            "{} articles, {} rewritten; images: {} fetched, {} already had, {} failed",
            self.articles, self.rewritten, self.fetched, self.had, self.failed
        )
    }
}

impl Bringer<'_> {
    fn pool(&self) -> &SqlitePool {
        self.library.pool
    }

    /// Brings home the images of the articles `ids` (those in the trash or
    /// gone are passed over).
    pub async fn run(&self, ids: &[i64]) -> Result<FetchReport, FetchError> {
        self.progress.articles.store(ids.len(), Ordering::Relaxed);
        let done: Vec<(Vec<FetchItem>, bool)> = futures_util::stream::iter(ids.to_vec())
            .map(|id| self.article(id))
            .buffered(ARTICLES_AT_ONCE)
            .try_collect()
            .await?;
        let mut report = FetchReport {
            articles: done.len(),
            ..FetchReport::default()
        };
        for (items, rewritten) in done {
            report.rewritten += usize::from(rewritten);
            for item in items {
                match item.outcome {
                    Outcome::Fetched => report.fetched += 1,
                    Outcome::Had => report.had += 1,
                    Outcome::Failed => report.failed += 1,
                }
                report.items.push(item);
            }
        }
        Ok(report)
    }

    async fn article(&self, id: i64) -> Result<(Vec<FetchItem>, bool), FetchError> {
        let loaded = articles::load(&mut *self.pool().acquire().await?, id).await?;
        let Some(article) = loaded else {
            self.progress.articles_done.fetch_add(1, Ordering::Relaxed);
            return Ok((Vec::new(), false));
        };
        let row = &article.row;
        let urls = remote::article_images(&row.body, [&row.headimg, &row.thumbnail]);
        let items =
            futures_util::future::try_join_all(urls.iter().map(|url| self.image(&row.slug, url)))
                .await?;
        let local: HashMap<String, String> = items
            .iter()
            .filter_map(|i| Some((i.url.clone(), i.media.clone()?)))
            .collect();
        let rewritten = !local.is_empty() && self.write(id, &local).await?;
        self.progress.articles_done.fetch_add(1, Ordering::Relaxed);
        Ok((items, rewritten))
    }

    async fn image(&self, slug: &str, url: &str) -> Result<FetchItem, FetchError> {
        let item = |outcome, media: Option<String>| FetchItem {
            article: slug.to_owned(),
            url: url.to_owned(),
            outcome,
            media,
            code: None,
            status: None,
            reason: None,
        };
        let had = db::media::by_original_url(&mut *self.pool().acquire().await?, url).await?;
        if let Some(row) = had {
            self.progress.images_done.fetch_add(1, Ordering::Relaxed);
            let ext = crate::media::MediaType::from_mime(&row.mime).map_or("bin", |k| k.ext());
            return Ok(item(
                Outcome::Had,
                Some(format!("/media/{}.{ext}", row.hash)),
            ));
        }
        let fetched = self.fetcher.get(url).await;
        self.progress.images_done.fetch_add(1, Ordering::Relaxed);
        let failed = |code: &str, status: Option<u16>, reason: String| FetchItem {
            code: Some(code.to_owned()),
            status,
            reason: Some(reason),
            ..item(Outcome::Failed, None)
        };
        let bytes = match fetched {
            Ok(bytes) => bytes,
            Err(e) => {
                let status = match e {
                    Failure::Status(s) => Some(s),
                    _ => None,
                };
                return Ok(failed(e.code(), status, e.to_string()));
            }
        };
        let origin = Origin {
            file_name: file_name_of(url),
            original_url: Some(url.to_owned()),
        };
        match self.library.keep(bytes, origin, self.by).await {
            Ok(kept) => {
                let outcome = if kept.new {
                    Outcome::Fetched
                } else {
                    Outcome::Had
                };
                Ok(item(outcome, Some(kept.examined.url())))
            }
            Err(KeepError::Refused(e)) => Ok(failed(refused_code(&e), None, e.to_string())),
            Err(KeepError::Store(e)) => Ok(failed("store", None, e.to_string())),
            Err(KeepError::Db(e)) => Err(e.into()),
            Err(KeepError::Join(e)) => Err(e.into()),
        }
    }

    /// Rewrites the article to show folio's copies, as it is when written
    /// (an editor may have saved meanwhile: their edit stays).
    async fn write(&self, id: i64, local: &HashMap<String, String>) -> Result<bool, FetchError> {
        for _ in 0..WRITE_ATTEMPTS {
            let Some(read) = articles::load(&mut *self.pool().acquire().await?, id).await? else {
                return Ok(false);
            };
            let Some(state) = brought_home(&read, local) else {
                return Ok(false);
            };
            let prepared = Prepared::for_state(&state).await?;
            let mut tx = db::begin_write(self.pool()).await?;
            let Some(current) = articles::load(&mut tx, id).await? else {
                return Ok(false);
            };
            if current.row.version != read.row.version {
                continue;
            }
            let now = Utc::now();
            match article_edits::save_images_home(
                &mut tx,
                &current,
                state,
                &prepared,
                self.by.user_id,
                now,
            )
            .await
            {
                Ok(version) => {
                    let target = format!("article:{id}");
                    let entry = db::audit::Entry {
                        user_id: self.by.user_id,
                        actor: self.by.actor,
                        action: "images_home",
                        target: Some(&target),
                        detail: serde_json::json!({ "version": version, "images": local.len() }),
                        ip: None,
                    };
                    db::audit::record(&mut tx, entry, now).await?;
                    tx.commit().await?;
                    return Ok(true);
                }
                Err(SaveError::Unprepared(_)) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Ok(false)
    }
}

/// The article's state with folio's URLs for the remote images `local`
/// maps; `None` when nothing changes.
fn brought_home(
    article: &articles::StoredArticle,
    local: &HashMap<String, String>,
) -> Option<crate::domain::ArticleState> {
    let mut state = article.state();
    let body = remote::rewrite(&state.body, local);
    let cover = |field: &Option<String>| {
        field.as_ref().map(|c| {
            remote::cover_url(c)
                .and_then(|u| local.get(&u).cloned())
                .unwrap_or_else(|| c.clone())
        })
    };
    let (headimg, thumbnail) = (cover(&state.headimg), cover(&state.thumbnail));
    if body == state.body && headimg == state.headimg && thumbnail == state.thumbnail {
        return None;
    }
    state.body = body;
    state.headimg = headimg;
    state.thumbnail = thumbnail;
    Some(state)
}

/// The last part of a URL's path, when it makes a file name.
fn file_name_of(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next()?;
    let last = path.rsplit('/').next()?;
    let decoded = percent_encoding::percent_decode_str(last)
        .decode_utf8()
        .ok()?;
    crate::media::inspect::file_name(&decoded).ok()
}

fn refused_code(e: &MediaError) -> &'static str {
    match e {
        MediaError::TooLarge { .. } => "too_big",
        MediaError::TooManyPixels { .. } => "too_many_pixels",
        MediaError::Damaged(_) => "damaged",
        MediaError::Empty
        | MediaError::Svg
        | MediaError::NotAnImage(_)
        | MediaError::BadName(..) => "not_image",
    }
}

/// The runs under way in the server (their reports are kept in
/// `media_fetch_runs` when they end), and the downloader they share, so
/// that two runs together still keep to 2 connections a host, 8 in all.
pub struct FetchRuns {
    fetcher: Fetcher,
    running: std::sync::Mutex<HashMap<i64, std::sync::Arc<Progress>>>,
}

/// What a run in the background needs to own.
pub struct Background {
    pub pool: SqlitePool,
    pub store: crate::media::MediaStore,
    pub derivatives: std::sync::Arc<crate::media_jobs::Derivatives>,
    pub max_bytes: u64,
    pub user_id: Option<i64>,
    pub actor: String,
}

impl FetchRuns {
    pub fn new(fetcher: Fetcher) -> FetchRuns {
        FetchRuns {
            fetcher,
            running: std::sync::Mutex::new(HashMap::new()),
        }
    }

    /// How far run `id` is, while it runs.
    pub fn progress(&self, id: i64) -> Option<std::sync::Arc<Progress>> {
        self.running.lock().expect("not poisoned").get(&id).cloned()
    }

    /// Starts bringing home the images of `ids` in the background; the
    /// run's id, for its page and its report.
    pub async fn start(
        self: std::sync::Arc<Self>,
        with: Background,
        ids: Vec<i64>,
    ) -> Result<i64, sqlx::Error> {
        let run =
            db::media::start_fetch_run(&mut *with.pool.acquire().await?, with.user_id, Utc::now())
                .await?;
        let progress = std::sync::Arc::new(Progress::default());
        progress.articles.store(ids.len(), Ordering::Relaxed);
        self.running
            .lock()
            .expect("not poisoned")
            .insert(run, progress.clone());
        tokio::spawn(async move {
            let bringer = Bringer {
                library: Library {
                    pool: &with.pool,
                    store: &with.store,
                    derivatives: &with.derivatives,
                    max_bytes: with.max_bytes,
                },
                fetcher: &self.fetcher,
                by: Keeper {
                    user_id: with.user_id,
                    actor: &with.actor,
                },
                progress: &progress,
            };
            let report = match bringer.run(&ids).await {
                Ok(report) => serde_json::to_string(&report).unwrap_or_default(),
                Err(e) => {
                    tracing::error!(error = %e, run, "bringing images home stopped");
                    serde_json::json!({ "error": e.to_string() }).to_string()
                }
            };
            let finished = match with.pool.acquire().await {
                Ok(mut conn) => {
                    db::media::finish_fetch_run(&mut conn, run, Utc::now(), &report).await
                }
                Err(e) => Err(e),
            };
            if let Err(e) = finished {
                tracing::error!(error = %e, run, "could not record the end of a run");
            }
            self.running.lock().expect("not poisoned").remove(&run);
        });
        Ok(run)
    }
}

/// Where a run stands, as its page and the API show it.
#[derive(Debug)]
pub enum RunState {
    /// Articles done, of, and images done so far.
    Running {
        articles_done: usize,
        articles: usize,
        images_done: usize,
    },
    Finished(FetchReport),
    /// The run itself stopped (the database failed): why.
    Failed(String),
    /// Neither running nor finished: folio stopped during it.
    Interrupted,
}

impl FetchRuns {
    /// Run `id`'s state; `None` when there is no such run.
    pub async fn state(&self, pool: &SqlitePool, id: i64) -> Result<Option<RunState>, sqlx::Error> {
        let Some((finished, report)) =
            db::media::fetch_run(&mut *pool.acquire().await?, id).await?
        else {
            return Ok(None);
        };
        if let Some(p) = self.progress(id) {
            return Ok(Some(RunState::Running {
                articles_done: p.articles_done.load(Ordering::Relaxed),
                articles: p.articles.load(Ordering::Relaxed),
                images_done: p.images_done.load(Ordering::Relaxed),
            }));
        }
        if finished.is_none() {
            return Ok(Some(RunState::Interrupted));
        }
        let parsed: serde_json::Value = serde_json::from_str(&report).unwrap_or_default();
        if let Some(error) = parsed["error"].as_str() {
            return Ok(Some(RunState::Failed(error.to_owned())));
        }
        Ok(Some(match serde_json::from_value(parsed) {
            Ok(report) => RunState::Finished(report),
            Err(e) => RunState::Failed(e.to_string()),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_name_is_the_urls_last_part() {
        assert_eq!(
            file_name_of("https://x.example/wp/2021/%E5%9B%BE.png?w=1#a").as_deref(),
            Some("图.png")
        );
        assert_eq!(file_name_of("https://x.example/"), None);
        assert_eq!(file_name_of("https://x.example/a/..").as_deref(), None);
    }
}
