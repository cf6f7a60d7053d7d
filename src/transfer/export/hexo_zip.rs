//! A zip of `source/_posts/{slug}.md` that Hexo builds and folio re-imports
//! to the same articles. An article never edited comes out byte for byte as
//! it was imported (see `hexo::write`).

use std::io::{Seek, Write};

use chrono::Utc;
use chrono_tz::Tz;
use sqlx::SqlitePool;
use zip::write::SimpleFileOptions;

use super::{ExportError, PAGE};
use crate::db::{articles, from_unix, taxonomy};
use crate::domain::{ArticleFields, ArticleStatus, CategoryPath, Slug, TagName};
use crate::hexo::{Format, PostSource, ReadContext, write_post};

pub async fn write_hexo_zip<W: Write + Seek>(
    pool: &SqlitePool,
    out: W,
    zone: Tz,
) -> Result<u64, ExportError> {
    let mut zip = zip::ZipWriter::new(out);
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(false);
    let ctx = ReadContext {
        zone,
        now: Utc::now(),
    };
    let mut tx = pool.begin().await?;
    let tree = taxonomy::category_tree(&mut tx).await?;
    let (mut after, mut count) = (0i64, 0u64);
    loop {
        let page = articles::page(&mut tx, after, PAGE, &tree).await?;
        let Some(last) = page.last() else { break };
        after = last.row.id;
        for article in &page {
            let Some((slug, fields)) = domain_view(article) else {
                continue;
            };
            let extra = article.extra();
            let post = PostSource {
                slug: &slug,
                fields: &fields,
                front_matter: &article.row.front_matter,
                format: Format::parse(&article.row.front_matter_format).unwrap_or(Format::Yaml),
                extra: &extra,
                body: &article.row.body,
            };
            zip.start_file(format!("source/_posts/{slug}.md"), options)?;
            zip.write_all(write_post(&post, &ctx).as_bytes())?;
            count += 1;
        }
    }
    tx.commit().await?;
    zip.finish()?.flush()?;
    Ok(count)
}

/// The stored row as domain values; rows were validated on the way in, so
/// `None` means a row written by hand, which is left out.
fn domain_view(a: &articles::StoredArticle) -> Option<(Slug, ArticleFields)> {
    let r = &a.row;
    let fields = ArticleFields {
        title: r.title.clone(),
        status: r.status.parse().unwrap_or(ArticleStatus::Draft),
        date: from_unix(r.date),
        updated: r.updated.map(from_unix),
        published_at: r.published_at.map(from_unix),
        author: r.author.clone(),
        headimg: r.headimg.clone(),
        thumbnail: r.thumbnail.clone(),
        comments: r.comments,
        permalink: r.permalink.clone(),
        excerpt: r.excerpt_source.clone(),
        tags: a
            .tags
            .iter()
            .filter_map(|t| TagName::parse(t).ok())
            .collect(),
        categories: a
            .categories
            .iter()
            .filter_map(|c| CategoryPath::parse(c).ok())
            .collect(),
    };
    Some((Slug::parse(&r.slug).ok()?, fields))
}
