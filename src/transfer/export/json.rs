//! folio/v1 JSON, written as it is read: one page of articles in memory at
//! a time, one article per line.

use std::io::{Seek, Write};

use chrono::Utc;
use sqlx::SqlitePool;
use zip::write::SimpleFileOptions;

use super::{ExportError, Holding, PAGE};
use crate::db::{articles, from_unix, media, site_paths, taxonomy, users};
use crate::media::{MediaStore, MediaType};
use crate::transfer::document::{ArticleDoc, FORMAT, MediaMetaDoc, rfc3339};
use crate::transfer::source::EXPORT_DOCUMENT;

pub async fn write_json(
    pool: &SqlitePool,
    out: &mut impl Write,
    holding: Holding,
) -> Result<u64, ExportError> {
    write_document(pool, out, holding, None).await
}

/// `folio export --format json --with-media`: a zip of the images
/// (`media/{hash}.{ext}`, first, so an import has them before the articles
/// that show them) and the folio/v1 document (`folio.json`), which lists
/// each image's name, origin and age under `media`. `folio import` reads it
/// back whole.
pub async fn write_json_with_media<W: Write + Seek>(
    pool: &SqlitePool,
    store: &MediaStore,
    out: W,
    holding: Holding,
) -> Result<u64, ExportError> {
    let mut zip = zip::ZipWriter::new(out);
    let rows = media::all_for_export(&mut *pool.acquire().await?).await?;
    // Images are compressed already.
    let stored = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .large_file(false);
    for row in &rows {
        let Some(kind) = MediaType::from_mime(&row.mime) else {
            continue;
        };
        let name = format!("{}.{}", row.hash, kind.ext());
        let Some(bytes) = store.get(&name).await? else {
            tracing::warn!(
                name,
                "an image is missing from the store: left out of the export"
            );
            continue;
        };
        zip.start_file(format!("media/{name}"), stored)?;
        zip.write_all(&bytes)?;
    }
    let deflated = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    zip.start_file(EXPORT_DOCUMENT, deflated)?;
    let count = write_document(pool, &mut zip, holding, Some(&rows)).await?;
    zip.finish()?.flush()?;
    Ok(count)
}

async fn write_document(
    pool: &SqlitePool,
    out: &mut impl Write,
    holding: Holding,
    // The images whose files the export carries, listed in the document.
    images: Option<&[media::MediaRow]>,
) -> Result<u64, ExportError> {
    let mut tx = pool.begin().await?;
    let tree = taxonomy::category_tree(&mut tx).await?;
    write!(
        out,
        "{{\"format\":{},\"exported_at\":{},\"articles\":[",
        serde_json::to_string(FORMAT).unwrap_or_default(),
        serde_json::to_string(&rfc3339(Utc::now())).unwrap_or_default()
    )?;
    let (mut after, mut count) = (0i64, 0u64);
    loop {
        let page = articles::page(&mut tx, after, PAGE, &tree).await?;
        let Some(last) = page.last() else { break };
        after = last.row.id;
        for article in &page {
            out.write_all(if count == 0 { b"\n" } else { b",\n" })?;
            serde_json::to_writer(&mut *out, &ArticleDoc::from_stored(article))
                .map_err(std::io::Error::from)?;
            count += 1;
        }
    }
    let tags = taxonomy::tag_names(&mut tx).await?;
    let categories = tree.paths();
    let users = match holding {
        Holding::Everything => users::all_for_export(&mut tx).await?,
        // The user list is an admin's page.
        Holding::Content => Vec::new(),
    };
    let legacy_paths = site_paths::all_for_export(&mut tx).await?;
    let assets = site_paths::all_assets_for_export(&mut tx).await?;
    tx.commit().await?;
    write!(out, "\n],\"tags\":")?;
    serde_json::to_writer(&mut *out, &tags).map_err(std::io::Error::from)?;
    write!(out, ",\"categories\":")?;
    serde_json::to_writer(&mut *out, &categories).map_err(std::io::Error::from)?;
    write!(out, ",\"users\":")?;
    serde_json::to_writer(&mut *out, &users).map_err(std::io::Error::from)?;
    if let Some(rows) = images {
        let listed: Vec<MediaMetaDoc> = rows
            .iter()
            .map(|m| MediaMetaDoc {
                hash: m.hash.clone(),
                file_name: m.file_name.clone(),
                original_url: m.original_url.clone(),
                created_at: rfc3339(from_unix(m.created_at)),
            })
            .collect();
        write!(out, ",\"media\":")?;
        serde_json::to_writer(&mut *out, &listed).map_err(std::io::Error::from)?;
    }
    // An imported Hexo site's old addresses and asset folders (issue 18),
    // after the articles they name.
    if !legacy_paths.is_empty() || !assets.is_empty() {
        write!(out, ",\"legacy_paths\":")?;
        serde_json::to_writer(&mut *out, &legacy_paths).map_err(std::io::Error::from)?;
        write!(out, ",\"assets\":")?;
        serde_json::to_writer(&mut *out, &assets).map_err(std::io::Error::from)?;
    }
    writeln!(out, "}}")?;
    out.flush()?;
    Ok(count)
}
