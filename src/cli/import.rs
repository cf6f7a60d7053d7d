//! `folio import`.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

use super::serve::{cannot_open, migrated, open_migrated};
use crate::config::Config;
use crate::db;
use crate::transfer::import::{self, ImportOptions, Input, OnConflict, OnDuplicateSlug, Origin};
use crate::transfer::report::ItemStatus;
use crate::transfer::source::Limits;

/// `folio import`'s options.
pub struct CliImport {
    pub dry_run: bool,
    pub on_conflict: OnConflict,
    pub on_duplicate_slug: OnDuplicateSlug,
    pub atomic: bool,
    pub json: bool,
    /// Bring the imported articles' images home after.
    pub fetch_images: bool,
}

pub async fn import(
    config: &Config,
    paths: Vec<PathBuf>,
    options: CliImport,
) -> anyhow::Result<ExitCode> {
    let CliImport {
        dry_run,
        on_conflict,
        on_duplicate_slug,
        atomic,
        json,
        fetch_images,
    } = options;
    for path in &paths {
        if !path.exists() {
            anyhow::bail!("{}: no such file or folder", path.display());
        }
    }
    // A real import takes the database to itself when it can (see
    // `db::connect_bulk`); a dry run writes nothing worth it.
    let bulk_pool = if dry_run {
        None
    } else {
        db::connect_bulk(&config.database_url)
            .await
            .map_err(cannot_open(&config.database_url))?
    };
    let bulk = bulk_pool.is_some();
    let pool = match bulk_pool {
        Some(pool) => migrated(pool).await?,
        None => open_migrated(config).await?,
    };
    let store = crate::media::MediaStore::open(&config.media)?;
    let options = ImportOptions {
        dry_run,
        on_conflict,
        on_duplicate_slug,
        atomic,
        zone: config.timezone,
        limits: Limits::default(),
        media: Some(store.clone()),
    };
    let bar = if std::io::stderr().is_terminal() {
        let bar = ProgressBar::new_spinner();
        bar.set_style(
            ProgressStyle::with_template("{spinner} {pos} items read ({per_sec}) {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.enable_steady_tick(Duration::from_millis(120));
        bar
    } else {
        ProgressBar::hidden()
    };
    let progress = |done: u64| bar.set_position(done);
    let origin = Origin {
        kind: "cli",
        user_id: None,
        actor: "cli".into(),
    };
    let inputs = paths.into_iter().map(Input::Path).collect();
    let report = import::run(&pool, inputs, options, origin, &progress).await;
    bar.finish_and_clear();
    // The smaller copies of the images it brought, made before it ends
    // (or by the server later, which finds them waiting).
    if !dry_run
        && report.is_ok()
        && let Err(e) = crate::media_jobs::drain(&pool, &store).await
    {
        eprintln!("warning: the images' smaller copies are left for the server: {e}");
    }
    if bulk {
        if let Err(e) = db::leave_bulk(pool, &config.database_url).await {
            // What was imported is committed; the next folio to open
            // the database sets WAL again.
            eprintln!("warning: the database could not be set back to WAL mode: {e}");
        }
    } else {
        pool.close().await;
    }
    let report = report?;
    // The images of what was written, once the import is committed (and
    // the database back in WAL mode: the run shares it like a server).
    let images = if fetch_images && !dry_run && report.committed {
        let slugs: Vec<String> = report
            .items
            .iter()
            .filter(|i| matches!(i.status, ItemStatus::Created | ItemStatus::Updated))
            .filter_map(|i| i.slug.clone())
            .collect();
        let pool = open_migrated(config).await?;
        let images =
            super::media::bring_home(config, &pool, super::media::Which::Slugs(slugs)).await;
        pool.close().await;
        Some(images?)
    } else {
        None
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if json {
        match &images {
            Some(images) => serde_json::to_writer(
                &mut out,
                &serde_json::json!({ "import": report, "images": images }),
            )?,
            None => serde_json::to_writer(&mut out, &report)?,
        }
        writeln!(out)?;
    } else {
        report.write_text(&mut out)?;
        if let Some(images) = &images {
            images.write_text(&mut out)?;
        }
    }
    out.flush()?;
    let images_failed = images.as_ref().is_some_and(|i| i.failed > 0);
    Ok(if report.summary.failed == 0 && !images_failed {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
