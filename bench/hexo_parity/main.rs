//! Parity over real Hexo blogs (issue 18's target): for each blog folder
//! given, Hexo itself and folio read every post, field by field; then the
//! posts are imported into an empty database and exported as a Hexo zip,
//! and each exported file is compared with its original, byte for byte.
//!
//!   cargo run --release --example hexo_parity -- BLOG_DIR...
//!
//! `bench/hexo_parity/run` fetches the blogs and calls this. Prints one
//! table row a blog, then every difference.

#[path = "compare.rs"]
mod compare;

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use folio::db;
use folio::media::{Location, MediaStore};
use folio::transfer::export::{ImageUrls, write_hexo_zip};
use folio::transfer::import::{self, ImportOptions, Input, OnConflict, OnDuplicateSlug, Origin};
use folio::transfer::report::ItemStatus;
use folio::transfer::source::Limits;

/// How the export of one blog compared with its files.
#[derive(Default)]
struct Exported {
    posts: usize,
    exact: usize,
    /// Equal once a BOM and CRLF are taken away (DECISIONS: only those
    /// are normalised on import).
    normalised: usize,
    differ: Vec<String>,
    failed: Vec<String>,
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> anyhow::Result<()> {
    let blogs: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    anyhow::ensure!(!blogs.is_empty(), "usage: hexo_parity BLOG_DIR...");
    anyhow::ensure!(
        compare::hexo_installed(),
        "Hexo is not installed: npm ci --prefix tests/hexo --ignore-scripts"
    );
    let mut rows = Vec::new();
    let mut details = Vec::new();
    for blog in &blogs {
        let name = blog
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let (config, zone) = compare::site_config(blog);
        let hexo = compare::hexo_site(blog, zone).map_err(anyhow::Error::msg)?;
        let mut tally = compare::Tally::default();
        for post in hexo
            .posts
            .iter()
            .filter(|p| p.source.starts_with("_posts/"))
        {
            tally.add(&post.source, compare::compare(blog, &config, post, zone));
        }
        let (terms_agree, terms_differ) = compare::compare_terms(&config, &hexo);
        let exported = export_round_trip(blog, zone).await?;
        rows.push(format!(
            "| {name} | {} | {} | {} | {:.2}% | {} | {} | {} | {} | {:.2}% | {}/{} |",
            tally.posts,
            tally.agree,
            tally.by_decision,
            percent(tally.agree + tally.by_decision, tally.posts),
            tally.differ,
            tally.failed,
            exported.exact,
            exported.normalised,
            percent(exported.exact + exported.normalised, exported.posts),
            terms_agree,
            terms_agree + terms_differ.len(),
        ));
        for (term, hexo_url, folio_url) in &terms_differ {
            details.push(format!(
                "{name} address of {term:?}: hexo {hexo_url:?}, folio {folio_url:?}"
            ));
        }
        for (source, what) in &tally.details {
            details.push(format!("{name} {source}: {}", what.join("; ")));
        }
        for d in exported.differ.iter().chain(&exported.failed) {
            details.push(format!("{name} export: {d}"));
        }
    }
    println!(
        "| blog | posts | fields agree | by decision | agreement | differ | folio failed | export exact | exact after BOM/CRLF | export | tag & category addresses |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for row in rows {
        println!("{row}");
    }
    println!();
    for d in details {
        println!("- {d}");
    }
    Ok(())
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        100.0
    } else {
        part as f64 * 100.0 / whole as f64
    }
}

/// Imports the blog's `source/_posts` into an empty database, exports it as
/// a Hexo zip, and compares every exported post with its file.
async fn export_round_trip(blog: &Path, zone: chrono_tz::Tz) -> anyhow::Result<Exported> {
    let work = tempfile::tempdir()?;
    let url = format!("sqlite://{}", work.path().join("folio.db").display());
    let pool = db::connect(&url).await?;
    db::migrate(&pool).await?;
    let store = MediaStore::open(&Location::Dir(work.path().join("media")))?;
    let options = ImportOptions {
        dry_run: false,
        on_conflict: OnConflict::Fail,
        on_duplicate_slug: OnDuplicateSlug::Rename,
        atomic: false,
        zone,
        limits: Limits::default(),
        media: Some(store.clone()),
    };
    let origin = Origin {
        kind: "cli",
        user_id: None,
        actor: "parity".into(),
    };
    let posts = blog.join("source/_posts");
    let report = import::run(&pool, vec![Input::Path(posts)], options, origin, &|_| {})
        .await?
        .unpack();
    let zip_path = work.path().join("hexo.zip");
    write_hexo_zip(
        &pool,
        &store,
        std::fs::File::create(&zip_path)?,
        zone,
        ImageUrls::Local,
    )
    .await?;
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip_path)?)?;
    let mut files: HashMap<String, Vec<u8>> = HashMap::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i)?;
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes)?;
        files.insert(entry.name()?.into_owned(), bytes);
    }
    let mut out = Exported::default();
    for item in &report.items {
        if item.status == ItemStatus::Failed {
            let why = item
                .error
                .as_ref()
                .map_or(String::new(), |e| e.message.clone());
            // Files Hexo does not read as posts either are not counted.
            if folio::transfer::source::FileKind::of(&item.source).is_some() {
                out.failed.push(format!("{} failed: {why}", item.source));
            }
            continue;
        }
        let Some(slug) = &item.slug else { continue };
        out.posts += 1;
        let original = std::fs::read(&item.source)?;
        let Some(exported) = files.get(&format!("source/_posts/{slug}.md")) else {
            out.differ.push(format!("{} not exported", item.source));
            continue;
        };
        if *exported == original {
            out.exact += 1;
        } else if exported[..] == normalised(&original)[..] {
            out.normalised += 1;
        } else {
            out.differ
                .push(format!("{} differs on export", item.source));
        }
    }
    pool.close().await;
    Ok(out)
}

fn normalised(bytes: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(bytes);
    folio::hexo::normalise(&text).into_bytes()
}
