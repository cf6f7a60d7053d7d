//! The task inside the server that publishes scheduled articles when their
//! time comes, and at start catches up on those due while it was down
//! (flagging them published late).

use std::time::Duration;

use chrono::Utc;
use sqlx::SqlitePool;

use crate::db;

/// How often the scheduler looks for due articles.
pub const TICK: Duration = Duration::from_secs(15);
/// Published later than this after its time counts as late.
pub const GRACE_SECS: i64 = 120;

/// One pass: publishes what is due now. Returns the ids published.
pub async fn run_once(pool: &SqlitePool) -> Result<Vec<i64>, sqlx::Error> {
    let now = Utc::now();
    let mut tx = db::begin_write(pool).await?;
    let published = db::article_edits::publish_due(&mut tx, now, GRACE_SECS).await?;
    for id in &published {
        let target = format!("article:{id}");
        let entry = db::audit::Entry {
            user_id: None,
            actor: "scheduler",
            action: "publish",
            target: Some(&target),
            detail: serde_json::json!({ "scheduled": true }),
            ip: None,
        };
        db::audit::record(&mut tx, entry, now).await?;
    }
    tx.commit().await?;
    Ok(published)
}

/// Runs forever: a pass at once (the catch-up), then one every [`TICK`].
/// Also sweeps expired sessions and old throttle counters, checkpoints the
/// WAL every second, and for a minute after each content change merges a
/// little of the search index every second (work the server's requests
/// never do inside their commits: see `db::connect_server` and
/// `search_index::merge_step`).
pub async fn run(
    pool: SqlitePool,
    lifetimes: crate::auth::session::Lifetimes,
    site: std::sync::Arc<crate::site_cache::SiteCache>,
) {
    tokio::spawn(maintenance(pool.clone(), site));
    let mut interval = tokio::time::interval(TICK);
    loop {
        interval.tick().await;
        match run_once(&pool).await {
            Ok(ids) if !ids.is_empty() => tracing::info!(?ids, "published scheduled articles"),
            Ok(_) => {}
            Err(e) => tracing::error!(error = %e, "the scheduler could not run"),
        }
        if let Err(e) = sweep(&pool, lifetimes).await {
            tracing::error!(error = %e, "could not sweep expired sessions");
        }
    }
}

async fn sweep(
    pool: &SqlitePool,
    lifetimes: crate::auth::session::Lifetimes,
) -> Result<(), sqlx::Error> {
    let now = Utc::now();
    let idle = chrono::Duration::from_std(lifetimes.idle).unwrap_or_default();
    let absolute = chrono::Duration::from_std(lifetimes.absolute).unwrap_or_default();
    let mut conn = pool.acquire().await?;
    db::sessions::sweep(&mut conn, now - idle, now - absolute).await?;
    use crate::auth::throttle::{KNOWN_FOR, LONGEST_LOCK, WINDOW};
    db::throttle::sweep(&mut conn, now - WINDOW - LONGEST_LOCK, now - KNOWN_FOR).await?;
    Ok(())
}

/// Seconds of index merging after each change of the content: enough to
/// fold the small segments saves leave; none while nothing changes, so an
/// idle or read-only server spends nothing on it.
const MERGE_SECONDS_AFTER_A_CHANGE: u32 = 60;

/// Every second: a WAL checkpoint, an index merge step while the content
/// changed within the last minute, and the public site's pages dropped
/// when it changed (in this process, that was done at once; this catches
/// the scheduler's publishing and other processes' writes).
async fn maintenance(pool: SqlitePool, site: std::sync::Arc<crate::site_cache::SiteCache>) {
    let mut interval = tokio::time::interval(Duration::from_secs(1));
    let mut seen = None;
    let mut merge_budget = 0;
    loop {
        interval.tick().await;
        let generation = match pool.acquire().await {
            Ok(mut conn) => db::content_generation(&mut conn).await.ok(),
            Err(_) => None,
        };
        if let Some(generation) = generation {
            site.observe(generation);
        }
        if generation.is_some() && generation != seen {
            if seen.is_some() {
                merge_budget = MERGE_SECONDS_AFTER_A_CHANGE;
            }
            seen = generation;
        }
        // A step of the index merging that saves no longer do themselves:
        // 16 pages, so a save that arrives meanwhile waits a few ms at most
        // (200 pages made one save in a hundred wait 40 ms).
        if merge_budget > 0 {
            merge_budget -= 1;
            if let Err(e) = db::search_index::merge_step(&pool, 16).await {
                tracing::warn!(error = %e, "index merge step failed");
            }
        }
        if let Err(e) = db::checkpoint(&pool).await {
            tracing::warn!(error = %e, "WAL checkpoint failed");
        }
    }
}
