//! The import's floor: every post read, rendered and tokenised first, then
//! all of them written, each half timed. `folio import` does both at once
//! on the machine's cores; the writing half alone is SQLite's one writing
//! thread (rows, tag links, the search index) with nothing beside it, the
//! best an import can do whatever the reading side costs. Opens the
//! database as `folio import` does (the rollback journal when it has the
//! file to itself). Holds the whole corpus in memory, ~50 KB a post.
//!
//! usage: cargo run --release --example bench_writer -- DB_URL PATH...

use folio::db;
use folio::transfer::import::{self, ImportOptions, Input, OnConflict};
use folio::transfer::source::Limits;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let url = args
        .next()
        .ok_or_else(|| anyhow::anyhow!("usage: bench_writer DB_URL PATH..."))?;
    let inputs: Vec<Input> = args.map(|p| Input::Path(p.into())).collect();
    let (pool, bulk) = match db::connect_bulk(&url).await? {
        Some(pool) => (pool, true),
        None => (db::connect(&url).await?, false),
    };
    db::migrate(&pool).await?;
    let options = ImportOptions {
        dry_run: false,
        on_conflict: OnConflict::Skip,
        on_duplicate_slug: Default::default(),
        atomic: true,
        zone: chrono_tz::UTC,
        limits: Limits::default(),
        media: None,
    };
    let (report, times) = import::read_all_then_write(&pool, inputs, &options).await?;
    if bulk {
        db::leave_bulk(pool, &url).await?;
    } else {
        pool.close().await;
    }
    let created = report.summary.created;
    let seconds = times.writing.as_secs_f64();
    println!(
        "read {created} posts in {:.2}s, then wrote them in {seconds:.2}s: {:.0} posts/s",
        times.reading.as_secs_f64(),
        created as f64 / seconds.max(1e-9),
    );
    Ok(())
}
