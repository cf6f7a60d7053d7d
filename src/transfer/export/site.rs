//! `folio export --format site`: the public site as static files, made by
//! the live site's renderer (`crate::site`), so that the folder served by
//! any web server shows what `folio serve` does.
//!
//! Incremental: a manifest (`.folio-site.json`) keeps each file's hash; a
//! run writes only files whose content changed and removes those of pages
//! the site no longer has (an unpublished article). Articles are read in
//! batches, in the home page's order, their neighbours taken from that
//! order; the lists and feeds are rendered as the live site renders them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};

use sqlx::SqlitePool;

use super::ExportError;
use crate::db::public::{self, Scope};
use crate::media::derive::Variant;
use crate::media::{MediaStore, MediaType};
use crate::search_cache::SearchCache;
use crate::site::{self, Route, Site};

const MANIFEST: &str = ".folio-site.json";
/// Articles read per query.
const BATCH: usize = 200;

/// What a run did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SiteExport {
    /// Files the site has.
    pub files: usize,
    /// Of those, written by this run (new or changed).
    pub written: usize,
    /// Files of an earlier run that the site no longer has.
    pub removed: usize,
}

/// Writes the site into `dir` (created if absent). `site.base` is put
/// before every link between pages: empty for root-relative links.
pub async fn write_site(
    pool: &SqlitePool,
    store: &MediaStore,
    site: &Site,
    dir: &Path,
) -> Result<SiteExport, ExportError> {
    std::fs::create_dir_all(dir)?;
    let old: BTreeMap<String, String> = std::fs::read(dir.join(MANIFEST))
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default();
    let mut out = Output {
        dir,
        old: &old,
        new: BTreeMap::new(),
        written: 0,
    };
    let mut conn = pool.acquire().await?;
    // One read transaction: every file from the same state of the site.
    let mut tx = sqlx::Connection::begin(&mut *conn).await?;

    let search = SearchCache::default();
    for route in site::all_routes(&mut tx, site).await? {
        match route {
            Route::Article { .. } => {}
            // Every page of a list at once, from one read of its ids.
            ref list if list.is_list() => {
                if list.page() == 1 {
                    site::list_pages(&mut tx, site, list, |page_route, page| {
                        out.write(&page_route, &page.body)
                    })
                    .await?;
                }
            }
            _ => {
                let page = site::render(&mut tx, site, &search, &route).await?;
                if page.status == 200 {
                    out.write(&route, &page.body)?;
                }
            }
        }
    }

    let mut images: BTreeSet<String> = BTreeSet::new();
    let links = public::all_links(&mut tx).await?;
    let ids: Vec<i64> = public::scope_ids(&mut tx, &Scope::All, -1, 0).await?;
    for (chunk_no, chunk) in ids.chunks(BATCH).enumerate() {
        let articles = public::site_articles(&mut tx, chunk, true).await?;
        for (i, a) in articles.into_iter().enumerate() {
            // `links` and `ids` share the home page's order.
            let at = chunk_no * BATCH + i;
            let newer = at
                .checked_sub(1)
                .and_then(|n| links.get(n))
                .map(|l| l.1.clone());
            let older = links.get(at + 1).map(|l| l.1.clone());
            let route = Route::Article {
                slug: a.slug.clone(),
            };
            images.extend(media_files(&a));
            let page = site::article_page(site, a, older, newer);
            out.write(&route, &page.body)?;
        }
    }
    tx.commit().await?;

    // The images the pages show, their copies and, for posts that name
    // them so, under `images/` too: named by content, so a file the last
    // run wrote is not read again.
    for file in &images {
        out.write_immutable(file, store).await?;
    }

    for (name, _, body) in crate::routes::assets::FILES
        .iter()
        .filter(|f| f.0.starts_with("site."))
    {
        out.write_file(&format!("static/{name}"), body.as_bytes())?;
    }

    let mut removed = 0;
    for gone in old.keys().filter(|k| !out.new.contains_key(*k)) {
        if let Some(path) = safe_join(dir, gone) {
            match std::fs::remove_file(path) {
                Ok(()) => removed += 1,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(e.into()),
            }
        }
    }
    let manifest = serde_json::to_vec_pretty(&out.new).unwrap_or_default();
    std::fs::write(dir.join(MANIFEST), manifest)?;
    Ok(SiteExport {
        files: out.new.len(),
        written: out.written,
        removed,
    })
}

struct Output<'a> {
    dir: &'a Path,
    old: &'a BTreeMap<String, String>,
    new: BTreeMap<String, String>,
    written: usize,
}

impl Output<'_> {
    /// Copies an image (`media/{name}` or `images/{name}`) from the store
    /// unless the last run did: its name is its content.
    async fn write_immutable(&mut self, file: &str, store: &MediaStore) -> Result<(), ExportError> {
        let name = file.rsplit('/').next().unwrap_or(file);
        let Some(path) = safe_join(self.dir, file) else {
            return Ok(());
        };
        if self.old.get(file).map(String::as_str) != Some(name) || !path.exists() {
            let Some(bytes) = store.get(name).await? else {
                tracing::warn!(name, "a page shows an image missing from the store");
                return Ok(());
            };
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&path, &bytes)?;
            self.written += 1;
        }
        self.new.insert(file.to_owned(), name.to_owned());
        Ok(())
    }

    fn write(&mut self, route: &Route, body: &[u8]) -> std::io::Result<()> {
        match route.file() {
            Some(file) => self.write_file(&file, body),
            None => Ok(()),
        }
    }

    /// Writes `body` to `file` unless the last run wrote the same bytes
    /// there and the file is still present.
    fn write_file(&mut self, file: &str, body: &[u8]) -> std::io::Result<()> {
        use sha2::{Digest, Sha256};
        let Some(path) = safe_join(self.dir, file) else {
            tracing::warn!(file, "a page's file name leaves the export folder: skipped");
            return Ok(());
        };
        let hash = hex::encode(Sha256::digest(body));
        if self.old.get(file) != Some(&hash) || !path.exists() {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&path, body)?;
            self.written += 1;
        }
        self.new.insert(file.to_owned(), hash);
        Ok(())
    }
}

/// The files of folio's images an article's page shows: each original
/// and its smaller copies under `media/`, and the original under `images/`
/// when the body names it there (an imported Hexo export).
fn media_files(a: &public::SiteArticle) -> Vec<String> {
    let html = a.html.as_deref().unwrap_or_default();
    let mut files = Vec::new();
    for image in &a.media {
        let Some(kind) = MediaType::from_mime(&image.mime) else {
            continue;
        };
        let original = format!("{}.{}", image.hash, kind.ext());
        files.push(format!("media/{original}"));
        if html.contains(&format!("/images/{original}")) {
            files.push(format!("images/{original}"));
        }
        for copy in Variant::parse_list(image.derived.as_deref().unwrap_or("")) {
            files.push(format!("media/{}", copy.name(&image.hash)));
        }
    }
    files
}

/// `dir/file`, when `file` stays inside `dir` (slugs are checked when
/// they are made; a file name is checked again before anything is
/// written or removed).
fn safe_join(dir: &Path, file: &str) -> Option<PathBuf> {
    let relative = Path::new(file);
    relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
        .then(|| dir.join(relative))
}

impl From<site::SiteError> for ExportError {
    fn from(e: site::SiteError) -> Self {
        match e {
            site::SiteError::Database(e) => ExportError::Database(e),
            site::SiteError::Io(e) => ExportError::Io(e),
        }
    }
}
