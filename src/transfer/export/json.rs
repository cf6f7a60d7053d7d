//! folio/v1 JSON, written as it is read: one page of articles in memory at
//! a time, one article per line.

use std::io::Write;

use chrono::Utc;
use sqlx::SqlitePool;

use super::{ExportError, Holding, PAGE};
use crate::db::{articles, taxonomy, users};
use crate::transfer::document::{ArticleDoc, FORMAT, rfc3339};

pub async fn write_json(
    pool: &SqlitePool,
    out: &mut impl Write,
    holding: Holding,
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
    tx.commit().await?;
    write!(out, "\n],\"tags\":")?;
    serde_json::to_writer(&mut *out, &tags).map_err(std::io::Error::from)?;
    write!(out, ",\"categories\":")?;
    serde_json::to_writer(&mut *out, &categories).map_err(std::io::Error::from)?;
    write!(out, ",\"users\":")?;
    serde_json::to_writer(&mut *out, &users).map_err(std::io::Error::from)?;
    writeln!(out, "}}")?;
    out.flush()?;
    Ok(count)
}
