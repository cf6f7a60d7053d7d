//! `folio media fetch`: brings the remote images of articles home (all of
//! them, or those named), with a progress bar on a terminal, then makes
//! the new images' smaller copies before it exits.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::sync::atomic::Ordering;
use std::time::Duration;

use chrono::Utc;
use indicatif::{ProgressBar, ProgressStyle};
use sqlx::SqlitePool;

use super::serve::open_migrated;
use crate::config::Config;
use crate::db;
use crate::media::MediaStore;
use crate::media_fetch::{Bringer, FetchReport, Progress, fetch_settings};
use crate::media_jobs::{self, Derivatives};
use crate::media_library::{Keeper, Library};
use crate::outbound::Fetcher;

/// Which articles: every one not in the trash, or these slugs.
pub enum Which {
    All,
    Slugs(Vec<String>),
}

pub async fn fetch(config: &Config, which: Which, json: bool) -> anyhow::Result<ExitCode> {
    let pool = open_migrated(config).await?;
    let report = bring_home(config, &pool, which).await;
    pool.close().await;
    let report = report?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if json {
        serde_json::to_writer(&mut out, &report)?;
        writeln!(out)?;
    } else {
        report.write_text(&mut out)?;
    }
    out.flush()?;
    Ok(if report.failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Runs over `which` on an open database (`folio import --fetch-images`
/// calls it after its import), and records the run.
pub async fn bring_home(
    config: &Config,
    pool: &SqlitePool,
    which: Which,
) -> anyhow::Result<FetchReport> {
    let ids: Vec<i64> = match which {
        Which::All => {
            sqlx::query_scalar("SELECT id FROM articles WHERE deleted_at IS NULL ORDER BY id")
                .fetch_all(pool)
                .await?
        }
        Which::Slugs(slugs) => {
            let mut ids = Vec::new();
            for slug in slugs {
                let id: Option<i64> = sqlx::query_scalar("SELECT id FROM articles WHERE slug = ?1")
                    .bind(&slug)
                    .fetch_optional(pool)
                    .await?;
                ids.push(id.ok_or_else(|| anyhow::anyhow!("no article has the slug {slug:?}"))?);
            }
            ids
        }
    };
    let store = MediaStore::open(&config.media)?;
    let fetcher = Fetcher::new(fetch_settings(config))?;
    let derivatives = Derivatives::default();
    let progress = Progress::default();
    let bringer = Bringer {
        library: Library {
            pool,
            store: &store,
            derivatives: &derivatives,
            max_bytes: config.max_media_bytes,
        },
        fetcher: &fetcher,
        by: Keeper {
            user_id: None,
            actor: "cli",
        },
        progress: &progress,
    };
    let started = Utc::now();
    let run = db::media::start_fetch_run(&mut *pool.acquire().await?, None, started).await?;
    let bar = progress_bar(ids.len() as u64);
    let report = {
        let work = bringer.run(&ids);
        tokio::pin!(work);
        loop {
            tokio::select! {
                done = &mut work => break done?,
                () = tokio::time::sleep(Duration::from_millis(200)) => {
                    bar.set_position(progress.articles_done.load(Ordering::Relaxed) as u64);
                    bar.set_message(format!("{} images", progress.images_done.load(Ordering::Relaxed)));
                }
            }
        }
    };
    bar.finish_and_clear();
    db::media::finish_fetch_run(
        &mut *pool.acquire().await?,
        run,
        Utc::now(),
        &serde_json::to_string(&report)?,
    )
    .await?;
    // The new images' copies, made here rather than left for a server.
    media_jobs::drain(pool, &store).await?;
    Ok(report)
}

fn progress_bar(articles: u64) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(articles);
    bar.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} articles, {msg} ({elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}
