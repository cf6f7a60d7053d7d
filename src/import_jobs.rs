//! Imports run in the background: those an HTTP request answered with
//! `202 Accepted` (too large to finish within a request's time), and the
//! choice, for each import an upload starts, of now or in the background
//! ([`start`]).
//!
//! One import writes at a time: an atomic import holds SQLite's write lock
//! for its whole run, so a second one would only wait on it and time out.
//! The lane is a queue instead: a run waits in it as `queued`. The progress
//! of a run is kept here, in memory, because its own transaction hides any
//! progress it could write to the database until it commits; the database
//! has the run's row (state, and the report at the end), which is what
//! stays after the run and after a restart.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use sqlx::SqlitePool;
use tokio::sync::{Mutex as AsyncMutex, OwnedMutexGuard};

use crate::config::Config;
use crate::transfer::import::{self, ImportOptions, Input, OnConflict, OnDuplicateSlug, Origin};
use crate::transfer::report::PackedReport;
use crate::transfer::source::Limits;

/// Where a background run is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Waiting for the import before it to end.
    Queued,
    Running,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Queued => "queued",
            Phase::Running => "running",
        }
    }
}

/// A live run's progress as last seen.
#[derive(Debug, Clone, Copy)]
pub struct Snapshot {
    pub phase: Phase,
    pub done: u64,
    /// `None` until the inputs have been counted.
    pub total: Option<u64>,
}

#[derive(Default)]
struct Progress {
    running: AtomicBool,
    done: AtomicU64,
    /// The count plus one; 0 while counting.
    total_plus_one: AtomicU64,
}

impl Progress {
    fn snapshot(&self) -> Snapshot {
        let total = self.total_plus_one.load(Ordering::Relaxed);
        Snapshot {
            phase: if self.running.load(Ordering::Relaxed) {
                Phase::Running
            } else {
                Phase::Queued
            },
            done: self.done.load(Ordering::Relaxed),
            total: total.checked_sub(1),
        }
    }

    fn set_total(&self, total: u64) {
        self.total_plus_one.store(total + 1, Ordering::Relaxed);
    }
}

/// The import lane and the progress of the runs in the background.
#[derive(Default)]
pub struct ImportJobs {
    lane: Arc<AsyncMutex<()>>,
    live: Mutex<HashMap<i64, Arc<Progress>>>,
}

/// A background run: its recorded run, inputs and options.
pub struct Job {
    pub run_id: i64,
    pub inputs: Vec<Input>,
    pub options: ImportOptions,
    pub origin: Origin,
    /// The inputs' item count, when the caller has counted them already.
    pub total: Option<u64>,
    /// Dropped when the run ends: the upload's folder, which then goes.
    pub keep_until_done: Box<dyn std::any::Any + Send>,
}

impl ImportJobs {
    /// The live runs (a panic elsewhere while it was held leaves it usable).
    fn live(&self) -> std::sync::MutexGuard<'_, HashMap<i64, Arc<Progress>>> {
        self.live.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The lane, if no import holds it now.
    pub fn try_lane(&self) -> Option<OwnedMutexGuard<()>> {
        Arc::clone(&self.lane).try_lock_owned().ok()
    }

    /// The lane, once the import holding it has ended.
    pub async fn lane(&self) -> OwnedMutexGuard<()> {
        Arc::clone(&self.lane).lock_owned().await
    }

    /// A live run's progress; `None` once it ended (or if it is not one of
    /// this process's).
    pub fn progress(&self, run_id: i64) -> Option<Snapshot> {
        self.live().get(&run_id).map(|p| p.snapshot())
    }

    /// The runs waiting or running now.
    pub fn live_runs(&self) -> Vec<i64> {
        self.live().keys().copied().collect()
    }

    /// Starts `job` in the background: it waits for the lane (a dry run
    /// writes nothing and does not), counts its items beside the import,
    /// runs, and records its end in its `import_runs` row.
    pub fn spawn(self: &Arc<Self>, pool: SqlitePool, job: Job) {
        let progress = Arc::new(Progress::default());
        if let Some(total) = job.total {
            progress.set_total(total);
        }
        self.live().insert(job.run_id, Arc::clone(&progress));
        let jobs = Arc::clone(self);
        tokio::spawn(async move {
            let _lane = if job.options.dry_run {
                None
            } else {
                Some(jobs.lane().await)
            };
            progress.running.store(true, Ordering::Relaxed);
            if job.total.is_none() {
                let (inputs, limits, counted) = (
                    job.inputs.clone(),
                    job.options.limits,
                    Arc::clone(&progress),
                );
                tokio::task::spawn_blocking(move || {
                    counted.set_total(import::count_items(&inputs, &limits));
                });
            }
            let reported = Arc::clone(&progress);
            let outcome = import::run_begun(
                &pool,
                job.run_id,
                job.inputs,
                job.options,
                job.origin,
                &move |done| reported.done.store(done, Ordering::Relaxed),
            )
            .await;
            if let Err(e) = outcome {
                tracing::error!(run = job.run_id, error = %e, "background import failed");
            }
            drop(job.keep_until_done);
            jobs.live().remove(&job.run_id);
        });
    }
}

/// The options of an import, as a form or a query gives them.
pub struct Options {
    pub dry_run: bool,
    pub on_conflict: OnConflict,
    pub on_duplicate_slug: OnDuplicateSlug,
    pub atomic: bool,
}

/// Whether the caller waits for the import's end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wait {
    /// Small imports answer with their report; large ones (past
    /// `FOLIO_ASYNC_IMPORT_ITEMS` / `_BYTES`), and those that would queue
    /// behind another import, run in the background.
    Auto,
    /// The caller waits, whatever the size.
    Always,
    /// Always in the background.
    Never,
}

/// How an import started: finished already (with what the caller asked to
/// keep until then, an upload's folder), or running in the background
/// (which keeps it until the run ends).
pub enum Started<K> {
    Finished {
        run_id: i64,
        report: PackedReport,
        kept: K,
    },
    Background {
        run_id: i64,
    },
}

/// Why an import could not start or run (the items' own problems are in
/// its report, not here).
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("counting the items failed")]
    Count(#[from] tokio::task::JoinError),
    #[error(transparent)]
    Import(#[from] import::ImportError),
    #[error(transparent)]
    Media(#[from] crate::media::StoreError),
}

/// What to import, for whom, and what to keep until the run ends (an
/// upload's folder, whose files the inputs are).
pub struct Batch<K> {
    pub origin: Origin,
    pub inputs: Vec<Input>,
    /// The inputs' size in all.
    pub bytes: u64,
    pub kept: K,
}

/// Imports a batch now or in the background (see `Wait`).
pub async fn start<K: Send + 'static>(
    pool: &SqlitePool,
    config: &Config,
    jobs: &Arc<ImportJobs>,
    batch: Batch<K>,
    options: &Options,
    wait: Wait,
) -> Result<Started<K>, StartError> {
    let Batch {
        origin,
        inputs,
        bytes,
        kept,
    } = batch;
    let import_options = ImportOptions {
        dry_run: options.dry_run,
        on_conflict: options.on_conflict,
        on_duplicate_slug: options.on_duplicate_slug,
        atomic: options.atomic,
        zone: config.timezone,
        limits: Limits::default(),
        media: Some(crate::media::MediaStore::open(&config.media)?),
    };
    let mut total = None;
    let mut background = match wait {
        Wait::Never => true,
        Wait::Always => false,
        Wait::Auto if bytes > config.async_import_bytes => true,
        Wait::Auto => {
            // Small enough to count first: a walk of the files, no parsing.
            let (counted, limits) = (inputs.clone(), import_options.limits);
            let n =
                tokio::task::spawn_blocking(move || import::count_items(&counted, &limits)).await?;
            total = Some(n);
            n > config.async_import_items
        }
    };
    // A writing import waits for the one before it; rather than hold the
    // request open behind it, it is queued in the background.
    let lane = if background || options.dry_run {
        None
    } else if wait == Wait::Always {
        Some(jobs.lane().await)
    } else {
        let lane = jobs.try_lane();
        background = lane.is_none();
        lane
    };
    let run_id = import::begin(pool, &import_options, &origin).await?;
    if background {
        jobs.spawn(
            pool.clone(),
            Job {
                run_id,
                inputs,
                options: import_options,
                origin,
                total,
                keep_until_done: Box::new(kept),
            },
        );
        return Ok(Started::Background { run_id });
    }
    let report = import::run_begun(pool, run_id, inputs, import_options, origin, &|_| ()).await;
    drop(lane);
    Ok(Started::Finished {
        run_id,
        report: report?,
        kept,
    })
}
