//! A zip of `source/_posts/{slug}.md` that Hexo builds and folio re-imports
//! to the same articles. An article never edited comes out byte for byte as
//! it was imported (see `hexo::write`).

use std::io::{Seek, Write};

use chrono::Utc;
use chrono_tz::Tz;
use sqlx::SqlitePool;
use zip::write::SimpleFileOptions;

use super::{ExportError, PAGE};
use std::collections::{HashMap, HashSet};

use crate::db::{articles, from_unix, taxonomy};
use crate::domain::{ArticleFields, CategoryPath, NewArticle, Slug, TagName};
use crate::hexo::{Format, PostSource, ReadContext, write_post};
use crate::media::{self, MediaStore, MediaType};

/// Which addresses the exported posts show for images brought home.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ImageUrls {
    /// folio's copies (`/media/…`).
    #[default]
    Local,
    /// The addresses they were brought home from (`--original-urls`): an
    /// article not otherwise edited comes out as the file it was imported
    /// from, byte for byte.
    Original,
}

/// Writes the zip. The images the posts show from folio's library go in
/// too, as `source/images/{hash}.{ext}` (where Hexo serves `/images/…`),
/// the posts pointing to them there.
pub async fn write_hexo_zip<W: Write + Seek>(
    pool: &SqlitePool,
    store: &MediaStore,
    out: W,
    zone: Tz,
    urls: ImageUrls,
) -> Result<u64, ExportError> {
    let mut zip = zip::ZipWriter::new(out);
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(false);
    let mut tx = pool.begin().await?;
    let tree = taxonomy::category_tree(&mut tx).await?;
    let (mut after, mut count) = (0i64, 0u64);
    let mut images_written: HashSet<String> = HashSet::new();
    let mut files_written: HashSet<String> = HashSet::new();
    loop {
        let page = articles::page(&mut tx, after, PAGE, &tree).await?;
        let Some(last) = page.last() else { break };
        after = last.row.id;
        for article in &page {
            let Some(mut stored) = domain_view(article) else {
                continue;
            };
            if urls == ImageUrls::Original {
                with_original_urls(&mut tx, &mut stored).await?;
            }
            let images = to_exported_folder(&mut stored);
            // The entry's time is the article's date: Hexo (and folio) date a
            // post without a `date` key by its file's time. Where the entry
            // can hold the date exactly, an edited post without `date` gets
            // none added (its "now" is the date, so no date agrees with it).
            let date = stored.fields.date;
            let entry_options = match zip_time(date) {
                Some(time) => options.last_modified_time(time),
                None => options,
            };
            let ctx = ReadContext {
                zone,
                now: if entry_holds(date) { date } else { Utc::now() },
            };
            // An article of an imported site goes back to its file (a
            // sub-folder of `_posts`, `_drafts`, a page's folder); others,
            // and a file another article took, to `_posts/{slug}.md`.
            let name = export_path(&article.row, &stored, &mut files_written);
            zip.start_file(format!("source/{name}"), entry_options)?;
            // Never edited since its import: the file exactly as it came.
            if article.row.source_hash.as_deref() == Some(&stored.content_hash()[..]) {
                zip.write_all(stored.front_matter.as_bytes())?;
                zip.write_all(stored.body.as_bytes())?;
            } else {
                zip.write_all(write_post(&PostSource::of(&stored), &ctx).as_bytes())?;
            }
            count += 1;
            // Its asset folder, beside it, as the site had it.
            let folder = crate::hexo::site::without_extension(&name);
            for (asset, hash, mime) in
                crate::db::site_paths::assets(&mut tx, article.row.id).await?
            {
                let Some(kind) = MediaType::from_mime(&mime) else {
                    continue;
                };
                let Some(bytes) = store.get(&format!("{hash}.{}", kind.ext())).await? else {
                    tracing::warn!(hash, "an exported post's asset is missing from the store");
                    continue;
                };
                let path = format!("{folder}/{asset}");
                if files_written.insert(path.clone()) {
                    zip.start_file(format!("source/{path}"), options)?;
                    zip.write_all(&bytes)?;
                }
            }
            for name in images {
                if !images_written.insert(name.clone()) {
                    continue;
                }
                let Some(bytes) = store.get(&name).await? else {
                    tracing::warn!(
                        name,
                        "an exported post shows an image missing from the store"
                    );
                    continue;
                };
                zip.start_file(format!("source/images/{name}"), options)?;
                zip.write_all(&bytes)?;
            }
        }
    }
    tx.commit().await?;
    zip.finish()?.flush()?;
    Ok(count)
}

/// Where an article goes under `source/`: an imported site's article to
/// the file it came from (a sub-folder of `_posts`, `_drafts` while it is
/// a draft, a page's own folder), others to `_posts/{slug}.md`; a path
/// another article took already to `_posts/{slug}.md`, then to
/// `_posts/{slug}-{id}.md`.
fn export_path(
    row: &articles::ArticleRow,
    article: &NewArticle,
    taken: &mut HashSet<String>,
) -> String {
    let draft = article.fields.status != crate::domain::ArticleStatus::Published;
    let site = row.source_path.as_deref().map(|p| {
        match (p.strip_prefix("_drafts/"), p.strip_prefix("_posts/")) {
            (Some(rest), _) if !draft => format!("_posts/{rest}"),
            (_, Some(rest)) if draft && row.kind == "post" => format!("_drafts/{rest}"),
            _ => p.to_owned(),
        }
    });
    let candidates = site.into_iter().chain([
        format!("_posts/{}.md", article.slug),
        format!("_posts/{}-{}.md", article.slug, row.id),
    ]);
    for candidate in candidates {
        if taken.insert(candidate.clone()) {
            return candidate;
        }
    }
    format!("_posts/{}-{}.md", article.slug, row.id)
}

/// Points the article's images from folio's library at `/images/`, where
/// the export puts them; the names of those images.
fn to_exported_folder(article: &mut NewArticle) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for text in article.image_texts() {
        for name in media::original_names(text) {
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    let moved = |text: &mut String| {
        for name in &names {
            *text = text.replace(&format!("/media/{name}"), &format!("/images/{name}"));
        }
    };
    moved(&mut article.body);
    if let Some(h) = article.fields.headimg.as_mut() {
        moved(h);
    }
    if let Some(t) = article.fields.thumbnail.as_mut() {
        moved(t);
    }
    names
}

/// Puts back the addresses an article's images were brought home from:
/// the body's kept in `data-origin-*` (`media::remote::restore`), the
/// cover's, thumbnail's and Markdown images' from the media library.
async fn with_original_urls(
    conn: &mut sqlx::SqliteConnection,
    article: &mut NewArticle,
) -> Result<(), sqlx::Error> {
    let hashes = media::references(article.image_texts());
    if hashes.is_empty() && !article.body.contains(media::remote::ORIGIN_PREFIX) {
        return Ok(());
    }
    let mut originals = HashMap::new();
    for (hash, mime, url) in crate::db::media::original_urls(conn, &hashes).await? {
        if let Some(kind) = MediaType::from_mime(&mime) {
            originals.insert(format!("/media/{hash}.{}", kind.ext()), url);
        }
    }
    article.body = media::remote::restore(&article.body, &originals);
    let back = |field: &mut Option<String>| {
        if let Some(original) = field.as_ref().and_then(|v| originals.get(v.trim())) {
            *field = Some(original.clone());
        }
    };
    back(&mut article.fields.headimg);
    back(&mut article.fields.thumbnail);
    Ok(())
}

/// Does `t`'s zip entry time hold it exactly? Whole even seconds (a zip
/// keeps two-second steps), 1980 to 2107.
fn entry_holds(t: chrono::DateTime<Utc>) -> bool {
    use chrono::Timelike;
    t.nanosecond() == 0 && t.second().is_multiple_of(2) && zip_time(t).is_some()
}

fn zip_time(t: chrono::DateTime<Utc>) -> Option<zip::DateTime> {
    use chrono::{Datelike, Timelike};
    zip::DateTime::from_date_and_time(
        u16::try_from(t.year()).ok()?,
        t.month() as u8,
        t.day() as u8,
        t.hour() as u8,
        t.minute() as u8,
        t.second() as u8,
    )
    .ok()
}

/// The stored article as domain values, from its state (`StoredArticle::
/// state`, the one reading of a row), as stored: nothing trimmed. Rows were
/// validated on the way in, so `None` means a row written by hand, which
/// is left out.
fn domain_view(a: &articles::StoredArticle) -> Option<NewArticle> {
    let s = a.state();
    let fields = ArticleFields {
        title: s.title,
        status: s.status,
        date: s.date,
        updated: s.updated,
        published_at: a.row.published_at.map(from_unix),
        author: s.author,
        headimg: s.headimg,
        thumbnail: s.thumbnail,
        comments: s.comments,
        permalink: s.permalink,
        excerpt: s.excerpt,
        tags: s
            .tags
            .iter()
            .filter_map(|t| TagName::parse(t).ok())
            .collect(),
        categories: s
            .categories
            .iter()
            .filter_map(|c| CategoryPath::parse(c).ok())
            .collect(),
    };
    Some(NewArticle {
        slug: Slug::parse(&s.slug).ok()?,
        fields,
        front_matter: s.front_matter,
        front_matter_format: Format::parse(&s.front_matter_format).unwrap_or(Format::Yaml),
        extra: s.extra,
        body: s.body,
    })
}
