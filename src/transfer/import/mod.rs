//! The importer: one core for the command line and the HTTP endpoint.
//!
//! A producer thread (`produce`) walks the inputs, reads and renders each
//! post (the CPU-bound part) and hands it over a bounded channel to the
//! writer (`write`), which applies it to SQLite in batches. The channel's
//! bound keeps memory flat whatever the corpus size, and the two stages use
//! both cores.
//!
//! Atomic (the default): the whole import is one transaction; the first
//! failed item rolls it back and the rest are only checked, so the report
//! still names every problem. Not atomic: good items are committed in
//! batches and failed ones are left out. A dry run writes nothing and
//! reports what would happen.

mod produce;
pub mod site_items;
mod write;

use std::path::PathBuf;

use chrono::Utc;
use chrono_tz::Tz;
use sqlx::SqlitePool;
use tokio::sync::mpsc;

use super::report::{ItemError, ItemWarning, PackedReport};
use super::source::{self, Extra, Limits};
use crate::db::{self, import_runs};
use crate::derived::Derived;
use crate::domain::NewArticle;

/// What to do with an item whose slug already names a different article.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Default,
    serde::Deserialize,
    clap::ValueEnum,
    utoipa::ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum OnConflict {
    #[default]
    Skip,
    Update,
    Fail,
}

impl OnConflict {
    pub fn as_str(self) -> &'static str {
        match self {
            OnConflict::Skip => "skip",
            OnConflict::Update => "update",
            OnConflict::Fail => "fail",
        }
    }
}

/// What to do with a second item of one import that has a slug an earlier
/// one has (`slug:` twice, or two files of one name in two folders).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Default,
    serde::Deserialize,
    clap::ValueEnum,
    utoipa::ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum OnDuplicateSlug {
    /// The second fails (and an atomic import with it).
    #[default]
    Fail,
    /// The second gets the first free suffix (`-2`, `-3`…) and a warning.
    Rename,
}

impl OnDuplicateSlug {
    pub fn as_str(self) -> &'static str {
        match self {
            OnDuplicateSlug::Fail => "fail",
            OnDuplicateSlug::Rename => "rename",
        }
    }
}

#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub dry_run: bool,
    pub on_conflict: OnConflict,
    pub on_duplicate_slug: OnDuplicateSlug,
    pub atomic: bool,
    /// The zone of front-matter dates written without one.
    pub zone: Tz,
    pub limits: Limits,
    /// Where image files of the input are kept (a Hexo export's
    /// `source/images/`); without, they fail as items.
    pub media: Option<crate::media::MediaStore>,
}

/// Something to import: a path (file or folder), or an uploaded file kept
/// under a temporary path with the name it was sent as.
#[derive(Debug, Clone)]
pub enum Input {
    Path(PathBuf),
    Upload { path: PathBuf, name: String },
}

/// Who started an import, for the import run and the audit log.
#[derive(Debug, Clone)]
pub struct Origin {
    pub kind: &'static str,
    pub user_id: Option<i64>,
    pub actor: String,
}

/// The run failed as a whole (the database, not an item).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("database error during import")]
    Database(#[from] sqlx::Error),
    #[error("the import's reader thread stopped unexpectedly")]
    Reader,
}

/// An item ready to write: parsed, rendered, hashed.
struct Prepared {
    pub article: NewArticle,
    /// `None` in a dry run, which does not render.
    pub derived: Option<Derived>,
    pub hash: [u8; 32],
    /// What reading it noticed (`hexo::ReadWarning`).
    pub warnings: Vec<ItemWarning>,
    /// Its place in the Hexo site it came in, if it did.
    pub site: Option<Box<site_items::SiteArticle>>,
    /// Its share of the reading side's memory budget, until it is written.
    pub _held: produce::Held,
}

enum Message {
    Item {
        source: String,
        result: Result<Box<Prepared>, ItemError>,
    },
    /// Not kept (a site's stylesheet): skipped, with why.
    Passed {
        source: String,
        warning: ItemWarning,
    },
    Extra(Extra),
}

/// Runs an import to the end and reports on every item. `progress` is
/// called with the number of items done so far.
pub async fn run(
    pool: &SqlitePool,
    inputs: Vec<Input>,
    options: ImportOptions,
    origin: Origin,
    progress: &(dyn Fn(u64) + Send + Sync),
) -> Result<PackedReport, ImportError> {
    let run_id = begin(pool, &options, &origin).await?;
    run_begun(pool, run_id, inputs, options, origin, progress).await
}

/// Records an import run as started, before any of it is read, so that
/// an answer can name the run (SPEC's 202 path) and a process that dies
/// during it leaves a trace (`import_runs::fail_abandoned`).
pub async fn begin(
    pool: &SqlitePool,
    options: &ImportOptions,
    origin: &Origin,
) -> Result<i64, ImportError> {
    let id = import_runs::start(
        &mut *pool.acquire().await?,
        import_runs::NewRun {
            user_id: origin.user_id,
            origin: origin.kind,
            dry_run: options.dry_run,
            atomic: options.atomic,
            on_conflict: options.on_conflict.as_str(),
        },
        Utc::now(),
    )
    .await?;
    Ok(id)
}

/// Runs the import `begin` recorded as `run_id`, and records its end.
pub async fn run_begun(
    pool: &SqlitePool,
    run_id: i64,
    inputs: Vec<Input>,
    options: ImportOptions,
    origin: Origin,
    progress: &(dyn Fn(u64) + Send + Sync),
) -> Result<PackedReport, ImportError> {
    let outcome = read_and_write(pool, inputs, &options, progress).await;
    let mut conn = pool.acquire().await?;
    match &outcome {
        Ok(report) => {
            let summary = serde_json::to_string(&report.summary).unwrap_or_default();
            import_runs::finish(
                &mut conn,
                run_id,
                import_runs::Finished {
                    total: report.summary.total as i64,
                    summary: &summary,
                    report: &report.head_json(),
                    items: report.items.gzip(),
                },
                Utc::now(),
            )
            .await?;
            if !options.dry_run {
                let entry = db::audit::Entry {
                    user_id: origin.user_id,
                    actor: &origin.actor,
                    action: "import",
                    target: Some(&format!("import_run:{run_id}")),
                    detail: serde_json::json!({ "summary": report.summary, "committed": report.committed }),
                    ip: None,
                };
                db::audit::record(&mut conn, entry, Utc::now()).await?;
                db::optimize(&mut conn).await?;
            }
        }
        Err(e) => import_runs::fail(&mut conn, run_id, &e.to_string(), Utc::now()).await?,
    }
    outcome
}

/// How many items (posts, documents, unreadable entries) the inputs hold,
/// as the import will count them, without parsing or rendering any: a
/// walk of the files, so an archive is unpacked once more.
pub fn count_items(inputs: &[Input], limits: &Limits) -> u64 {
    let mut items = 0u64;
    let mut emit = |found: source::Found| {
        if matches!(found, source::Found::Item(_)) {
            items += 1;
        }
        std::ops::ControlFlow::Continue(())
    };
    for input in inputs {
        let _ = match input {
            Input::Path(path) => source::walk_path(path, limits, &mut emit),
            Input::Upload { path, name } => source::walk_file(path, name, limits, &mut emit),
        };
    }
    items
}

/// Runs the producer thread and the writer until the inputs are exhausted.
async fn read_and_write(
    pool: &SqlitePool,
    inputs: Vec<Input>,
    options: &ImportOptions,
    progress: &(dyn Fn(u64) + Send + Sync),
) -> Result<PackedReport, ImportError> {
    let (sender, receiver) = mpsc::channel::<Message>(256);
    let reader = spawn_reader(inputs, options, sender)?;
    let report = write::write_all(pool, receiver, options, progress).await?;
    reader.join().map_err(|_| ImportError::Reader)?;
    Ok(report)
}

/// Starts the reading side on its own thread, sending to `sender`.
fn spawn_reader(
    inputs: Vec<Input>,
    options: &ImportOptions,
    sender: mpsc::Sender<Message>,
) -> Result<std::thread::JoinHandle<()>, ImportError> {
    let options = options.clone();
    std::thread::Builder::new()
        .name("folio-import-reader".into())
        .spawn(move || produce::produce(inputs, &options, &sender))
        .map_err(|_| ImportError::Reader)
}

/// How long each half of [`read_all_then_write`] took.
#[derive(Debug, Clone, Copy)]
pub struct PhaseTimes {
    pub reading: std::time::Duration,
    pub writing: std::time::Duration,
}

/// An import done in two halves: every item read, rendered and tokenised
/// first, then all of them written. The writing half is what an import
/// costs when reading is free: the floor no work on the reading side can
/// go below (`bench/writer.rs`). It holds the whole corpus in memory
/// (~50 KB a post), so nothing but that benchmark calls it; an import
/// records no run and no audit entry here.
pub async fn read_all_then_write(
    pool: &SqlitePool,
    inputs: Vec<Input>,
    options: &ImportOptions,
) -> Result<(PackedReport, PhaseTimes), ImportError> {
    let started = std::time::Instant::now();
    let (sender, mut receiver) = mpsc::channel::<Message>(256);
    let reader = spawn_reader(inputs, options, sender)?;
    let mut read = Vec::new();
    while let Some(message) = receiver.recv().await {
        read.push(message);
    }
    reader.join().map_err(|_| ImportError::Reader)?;
    let reading = started.elapsed();

    let started = std::time::Instant::now();
    let (sender, receiver) = mpsc::channel::<Message>(read.len().max(1));
    for message in read {
        // Cannot fail: the channel holds them all and its receiver is here.
        let _ = sender.try_send(message);
    }
    drop(sender);
    let report = write::write_all(pool, receiver, options, &|_| {}).await?;
    let writing = started.elapsed();
    Ok((report, PhaseTimes { reading, writing }))
}
