//! Importing a whole Hexo site with its images against importing its
//! posts alone (issue 18's target: within 1.5 times).
//!
//! Writes a site of N seed-like posts (`bench/gen_corpus.py`'s, placed in
//! `source/_posts`), each with an asset folder holding one JPEG of ~40 KB
//! that its body shows, plus `_config.yml`; then imports, each into an
//! empty database, (1) the posts alone (`source/_posts/*.md`, as a folder
//! of posts) and (2) the whole site, and prints both times and their ratio.
//! Best of `ROUNDS` runs each, alternating.
//!
//! usage: cargo run --release --example bench_hexo_site -- CORPUS_DIR [ROUNDS]
//! where CORPUS_DIR is `gen_corpus.py N CORPUS_DIR`'s output.

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use folio::db;
use folio::media::{Location, MediaStore};
use folio::transfer::import::{self, ImportOptions, Input, OnConflict, Origin};
use folio::transfer::source::Limits;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let corpus = PathBuf::from(
        args.next()
            .ok_or_else(|| anyhow::anyhow!("usage: bench_hexo_site CORPUS_DIR [ROUNDS]"))?,
    );
    let rounds: usize = args.next().map_or(Ok(3), |r| r.parse())?;
    let work = tempfile::tempdir()?;
    let (posts, site, image_bytes) = make_site(&corpus, work.path())?;
    println!(
        "site: {} posts, each with a JPEG in its asset folder ({:.1} MiB of images, {:.1} KiB each)",
        posts.len(),
        image_bytes as f64 / 1048576.0,
        image_bytes as f64 / 1024.0 / posts.len().max(1) as f64
    );
    // The same site without its images: what reading a site costs alone.
    let bare = work.path().join("bare");
    std::fs::create_dir_all(bare.join("source/_posts"))?;
    std::fs::copy(site.join("_config.yml"), bare.join("_config.yml"))?;
    for p in &posts {
        std::fs::copy(
            p,
            bare.join("source/_posts")
                .join(p.file_name().unwrap_or_default()),
        )?;
    }

    let mut alone = Vec::new();
    let mut bare_site = Vec::new();
    let mut whole = Vec::new();
    for round in 0..rounds {
        let posts_dir = work.path().join("posts-only");
        if !posts_dir.exists() {
            std::fs::create_dir_all(&posts_dir)?;
            for p in &posts {
                std::fs::copy(p, posts_dir.join(p.file_name().unwrap_or_default()))?;
            }
        }
        let (t, created) =
            import_into(&work.path().join(format!("alone{round}")), &posts_dir).await?;
        println!(
            "round {round}: posts alone: {created} created in {:.2}s",
            t.as_secs_f64()
        );
        alone.push(t);
        let (t, created) = import_into(&work.path().join(format!("bare{round}")), &bare).await?;
        println!(
            "round {round}: the site without images: {created} created in {:.2}s",
            t.as_secs_f64()
        );
        bare_site.push(t);
        let (t, created) = import_into(&work.path().join(format!("whole{round}")), &site).await?;
        println!(
            "round {round}: the site:    {created} created in {:.2}s",
            t.as_secs_f64()
        );
        whole.push(t);
    }
    let best = |v: &[Duration]| v.iter().min().copied().unwrap_or_default().as_secs_f64();
    let (a, w) = (best(&alone), best(&whole));
    println!(
        "best: the site without its images {:.2}s: {:.2}x the posts alone",
        best(&bare_site),
        best(&bare_site) / a
    );
    println!(
        "best: posts alone {a:.2}s ({:.0} posts/s), the site with its images {w:.2}s ({:.0} posts/s): {:.2}x (target ≤ 1.5)",
        posts.len() as f64 / a,
        posts.len() as f64 / w,
        w / a
    );
    Ok(())
}

/// Imports `input` into an empty database (and media folder) in `dir`, as
/// `folio import` does: the database to itself.
async fn import_into(dir: &Path, input: &Path) -> anyhow::Result<(Duration, u64)> {
    std::fs::create_dir_all(dir)?;
    let url = format!("sqlite://{}", dir.join("folio.db").display());
    let (pool, bulk) = match db::connect_bulk(&url).await? {
        Some(pool) => (pool, true),
        None => (db::connect(&url).await?, false),
    };
    db::migrate(&pool).await?;
    let store = MediaStore::open(&Location::Dir(dir.join("media")))?;
    let options = ImportOptions {
        dry_run: false,
        on_conflict: OnConflict::Skip,
        on_duplicate_slug: Default::default(),
        atomic: true,
        zone: chrono_tz::Asia::Shanghai,
        limits: Limits::default(),
        media: Some(store),
    };
    let origin = Origin {
        kind: "cli",
        user_id: None,
        actor: "bench".into(),
    };
    let started = Instant::now();
    let report = import::run(
        &pool,
        vec![Input::Path(input.to_owned())],
        options,
        origin,
        &|_| {},
    )
    .await?;
    let took = started.elapsed();
    anyhow::ensure!(report.summary.failed == 0, "{:?}", report.summary);
    if bulk {
        db::leave_bulk(pool, &url).await?;
    } else {
        pool.close().await;
    }
    Ok((took, report.summary.created))
}

/// The corpus's posts as a site: each post's body gains an image of its
/// asset folder. Returns the posts' paths and the site's folder.
fn make_site(corpus: &Path, work: &Path) -> anyhow::Result<(Vec<PathBuf>, PathBuf, u64)> {
    let site = work.join("site");
    let posts_dir = site.join("source/_posts");
    std::fs::create_dir_all(&posts_dir)?;
    std::fs::write(
        site.join("_config.yml"),
        "title: bench\ntimezone: Asia/Shanghai\npermalink: :year/:month/:day/:title/\npost_asset_folder: true\n",
    )?;
    let mut sources: Vec<PathBuf> = std::fs::read_dir(corpus.join("source/_posts"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    sources.sort();
    let mut posts = Vec::with_capacity(sources.len());
    let mut image_bytes = 0u64;
    for (n, source) in sources.iter().enumerate() {
        let stem = source
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let mut text = std::fs::read_to_string(source)?;
        text.push_str("\n![figure](figure.jpg)\n");
        let post = posts_dir.join(format!("{stem}.md"));
        std::fs::write(&post, text)?;
        let assets = posts_dir.join(&stem);
        std::fs::create_dir_all(&assets)?;
        let image = jpeg(n as u32);
        image_bytes += image.len() as u64;
        std::fs::write(assets.join("figure.jpg"), image)?;
        posts.push(post);
    }
    Ok((posts, site, image_bytes))
}

/// A distinct 400 × 300 JPEG of ~40 KB (noise, so it does not compress
/// away).
fn jpeg(seed: u32) -> Vec<u8> {
    let mut state = seed.wrapping_mul(2_654_435_761).wrapping_add(1);
    let img = image::RgbImage::from_fn(400, 300, |x, y| {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        let noise = (state & 0x3f) as u8;
        image::Rgb([
            (x % 256) as u8 ^ noise,
            (y % 256) as u8,
            noise.wrapping_mul(3),
        ])
    });
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Jpeg)
        .unwrap_or_default();
    out.into_inner()
}
