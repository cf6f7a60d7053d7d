//! The importer: one core for the command line and the HTTP endpoint.
//!
//! A producer thread walks the inputs, reads and renders each post (the
//! CPU-bound part) and hands it over a bounded channel to the writer, which
//! applies it to SQLite. The channel's bound keeps memory flat whatever the
//! corpus size, and the two stages use both cores.
//!
//! Atomic (the default): the whole import is one transaction; the first
//! failed item rolls it back and the rest are only checked, so the report
//! still names every problem. Not atomic: good items are committed in
//! batches and failed ones are left out. A dry run writes nothing and
//! reports what would happen.

use std::collections::HashSet;
use std::ops::ControlFlow;
use std::path::PathBuf;

use chrono::Utc;
use chrono_tz::Tz;
use sqlx::{Sqlite, SqliteConnection, SqlitePool, Transaction};
use tokio::sync::mpsc;

use super::report::{ImportReport, ItemError, ItemReport, ItemStatus, Summary};
use super::source::{self, Extra, Found, Limits, RawItem};
use crate::db::{self, articles, import_runs, taxonomy};
use crate::domain::{CategoryPath, Email, NewArticle, Role, TagName};
use crate::hexo::{self, ReadContext};
use crate::render::{self, Rendered};

/// What to do with an item whose slug already names a different article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, clap::ValueEnum)]
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

#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub dry_run: bool,
    pub on_conflict: OnConflict,
    pub atomic: bool,
    /// The zone of front-matter dates written without one.
    pub zone: Tz,
    pub limits: Limits,
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
    article: NewArticle,
    /// `None` in a dry run, which does not render.
    rendered: Option<Rendered>,
    hash: [u8; 32],
}

enum Message {
    Item {
        source: String,
        result: Result<Box<Prepared>, ItemError>,
    },
    Extra(Extra),
}

/// Items a non-atomic import commits together.
const BATCH: usize = 500;

/// Runs an import to the end and reports on every item. `progress` is
/// called with the number of items done so far.
pub async fn run(
    pool: &SqlitePool,
    inputs: Vec<Input>,
    options: ImportOptions,
    origin: Origin,
    progress: &(dyn Fn(u64) + Send + Sync),
) -> Result<ImportReport, ImportError> {
    let started = Utc::now();
    let run_id = import_runs::start(
        &mut *pool.acquire().await?,
        import_runs::NewRun {
            user_id: origin.user_id,
            origin: origin.kind,
            dry_run: options.dry_run,
            atomic: options.atomic,
            on_conflict: options.on_conflict.as_str(),
        },
        started,
    )
    .await?;
    let outcome = write_all(pool, inputs, &options, progress).await;
    let mut conn = pool.acquire().await?;
    match &outcome {
        Ok(report) => {
            let summary = serde_json::to_string(&report.summary).unwrap_or_default();
            let full = serde_json::to_string(report).unwrap_or_default();
            import_runs::finish(
                &mut conn,
                run_id,
                report.summary.total as i64,
                &summary,
                &full,
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
                };
                db::audit::record(&mut conn, entry, Utc::now()).await?;
            }
        }
        Err(e) => import_runs::fail(&mut conn, run_id, &e.to_string(), Utc::now()).await?,
    }
    outcome
}

async fn write_all(
    pool: &SqlitePool,
    inputs: Vec<Input>,
    options: &ImportOptions,
    progress: &(dyn Fn(u64) + Send + Sync),
) -> Result<ImportReport, ImportError> {
    let (sender, mut receiver) = mpsc::channel::<Message>(64);
    let reader = {
        let options = options.clone();
        std::thread::Builder::new()
            .name("folio-import-reader".into())
            .spawn(move || produce(inputs, &options, &sender))
            .map_err(|_| ImportError::Reader)?
    };

    let writing = !options.dry_run;
    let mut tx: Option<Transaction<'static, Sqlite>> = if writing {
        Some(db::begin_write(pool).await?)
    } else {
        None
    };
    let mut check_conn = pool.acquire().await?;
    let mut report = ImportReport {
        dry_run: options.dry_run,
        committed: writing,
        summary: Summary::default(),
        items: Vec::new(),
    };
    let mut seen: HashSet<String> = HashSet::new();
    let mut in_batch = 0usize;

    while let Some(message) = receiver.recv().await {
        let (source, result) = match message {
            Message::Extra(extra) => {
                if let Some(tx) = tx.as_mut() {
                    apply_extra(tx, extra, &mut report).await?;
                }
                continue;
            }
            Message::Item { source, result } => (source, result),
        };
        let written = tx.is_some();
        let conn: &mut SqliteConnection = match tx.as_mut() {
            Some(tx) => tx,
            None => &mut check_conn,
        };
        let (status, slug, error) = match result {
            Err(error) => (ItemStatus::Failed, None, Some(error)),
            Ok(prepared) => {
                let slug = prepared.article.slug.to_string();
                if !seen.insert(slug.to_lowercase()) {
                    let error = ItemError::new(
                        "duplicate_slug",
                        format!("another item of this import already has the slug {slug:?}"),
                    );
                    (ItemStatus::Failed, Some(slug), Some(error))
                } else {
                    let (status, error) =
                        apply(conn, *prepared, options.on_conflict, written).await?;
                    (status, Some(slug), error)
                }
            }
        };
        report.summary.count(status);
        report.items.push(ItemReport {
            source,
            status,
            slug,
            error,
        });
        progress(report.summary.total);

        if status == ItemStatus::Failed && options.atomic {
            // Nothing of an atomic import is written once an item fails:
            // roll back now and only check the rest.
            if let Some(open) = tx.take() {
                open.rollback().await?;
                report.committed = false;
            }
        }
        if !options.atomic && tx.is_some() {
            in_batch += 1;
            if in_batch >= BATCH {
                if let Some(open) = tx.take() {
                    open.commit().await?;
                }
                tx = Some(db::begin_write(pool).await?);
                in_batch = 0;
            }
        }
    }
    if let Some(open) = tx.take() {
        open.commit().await?;
    }
    reader.join().map_err(|_| ImportError::Reader)?;
    Ok(report)
}

/// Decides an item's status against the database and, when `write`, stores it.
async fn apply(
    conn: &mut SqliteConnection,
    prepared: Prepared,
    on_conflict: OnConflict,
    write: bool,
) -> Result<(ItemStatus, Option<ItemError>), sqlx::Error> {
    let now = Utc::now();
    let existing = articles::find_by_slug(conn, prepared.article.slug.as_str()).await?;
    let rendered = prepared.rendered.as_ref();
    match existing {
        None => {
            if let (true, Some(rendered)) = (write, rendered) {
                articles::insert(conn, &prepared.article, rendered, Some(&prepared.hash), now)
                    .await?;
            }
            Ok((ItemStatus::Created, None))
        }
        Some(e) if e.source_hash.as_deref() == Some(&prepared.hash[..]) => {
            Ok((ItemStatus::Unchanged, None))
        }
        Some(e) => match on_conflict {
            OnConflict::Skip => Ok((ItemStatus::Skipped, None)),
            OnConflict::Fail => Ok((
                ItemStatus::Failed,
                Some(ItemError::new(
                    "conflict",
                    format!(
                        "an article with the slug {:?} already exists",
                        prepared.article.slug.as_str()
                    ),
                )),
            )),
            OnConflict::Update => {
                if let (true, Some(rendered)) = (write, rendered) {
                    articles::replace(
                        conn,
                        e.id,
                        &prepared.article,
                        rendered,
                        Some(&prepared.hash),
                        now,
                    )
                    .await?;
                }
                Ok((ItemStatus::Updated, None))
            }
        },
    }
}

/// Tags, categories and users carried by a folio/v1 export, recreated so
/// that a JSON round trip gives the same export back. Users come back
/// without a usable password: an admin sets one (`folio user passwd`).
async fn apply_extra(
    conn: &mut SqliteConnection,
    extra: Extra,
    report: &mut ImportReport,
) -> Result<(), sqlx::Error> {
    match extra {
        Extra::Tags(tags) => {
            for tag in tags.iter().filter_map(|t| TagName::parse(t).ok()) {
                taxonomy::ensure_tag(conn, &tag).await?;
            }
        }
        Extra::Categories(paths) => {
            for path in paths.iter().filter_map(|p| CategoryPath::parse(p).ok()) {
                taxonomy::ensure_category_path(conn, &path).await?;
            }
        }
        Extra::Users(users) => {
            for user in users {
                let parsed = Email::parse(&user.email)
                    .ok()
                    .zip(user.role.parse::<Role>().ok());
                let Some((email, role)) = parsed else {
                    let error = ItemError::new(
                        "invalid_user",
                        format!("user {:?} with role {:?}", user.email, user.role),
                    );
                    report.summary.count(ItemStatus::Failed);
                    report.items.push(ItemReport {
                        source: format!("users/{}", user.email),
                        status: ItemStatus::Failed,
                        slug: None,
                        error: Some(error),
                    });
                    continue;
                };
                if db::users::find_by_email(conn, &email).await?.is_none() {
                    // "!" is not a PHC string, so no password ever matches it.
                    let id = db::users::insert(conn, &email, role, "!", Utc::now()).await?;
                    if user.disabled {
                        db::users::disable(conn, id, Utc::now()).await?;
                    }
                }
            }
        }
    }
    Ok(())
}

/// The producer: walks the inputs and prepares each item.
fn produce(inputs: Vec<Input>, options: &ImportOptions, sender: &mpsc::Sender<Message>) {
    let mut emit = |found: Found| -> ControlFlow<()> {
        let message = match found {
            Found::Extra(extra) => Message::Extra(extra),
            Found::Item(item) => prepare(item, options),
        };
        // The writer is gone (it failed): stop walking.
        match sender.blocking_send(message) {
            Ok(()) => ControlFlow::Continue(()),
            Err(_) => ControlFlow::Break(()),
        }
    };
    for input in inputs {
        let flow = match &input {
            Input::Path(path) => source::walk_path(path, &options.limits, &mut emit),
            Input::Upload { path, name } => {
                source::walk_file(path, name, &options.limits, &mut emit)
            }
        };
        if flow.is_break() {
            break;
        }
    }
}

fn prepare(item: RawItem, options: &ImportOptions) -> Message {
    let (source, result) = match item {
        RawItem::Failed { source, error } => (source, Err(error)),
        RawItem::Post {
            source,
            stem,
            bytes,
            modified,
        } => {
            // A post without a date takes its file's time, as in Hexo; that
            // also keeps a re-import of the same file `unchanged`.
            // Times are kept to two seconds, zip's resolution, so a post
            // read from a folio Hexo export gets back the very same date.
            let file_time = modified.unwrap_or_else(Utc::now);
            let even = file_time.timestamp() - file_time.timestamp().rem_euclid(2);
            let ctx = ReadContext {
                zone: options.zone,
                now: chrono::DateTime::from_timestamp(even, 0).unwrap_or(file_time),
            };
            let result = hexo::read_post(&stem, &bytes, &ctx).map_err(|e| {
                let mut error = ItemError::from(e);
                error.message = format!("{source}: {}", error.message);
                error
            });
            (source, result)
        }
        RawItem::Document { source, doc } => (source, doc.into_article()),
    };
    let result = result.map(|article| {
        let rendered = (!options.dry_run)
            .then(|| render::render(&article.body, article.fields.excerpt.as_deref()));
        let hash = article.content_hash();
        Box::new(Prepared {
            article,
            rendered,
            hash,
        })
    });
    Message::Item { source, result }
}
