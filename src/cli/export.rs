//! `folio export`.

use std::fs::File;
use std::io::BufWriter;
use std::path::Path;
use std::process::ExitCode;
use std::str::FromStr;

use anyhow::Context;
use sqlx::sqlite::SqliteConnectOptions;

use super::serve::open_migrated;
use crate::config::Config;
use crate::transfer::export::{self, ExportFormat, Holding};

/// `folio export`'s options besides the format and the output.
pub struct CliExport {
    /// For `site`.
    pub base_url: String,
    /// For `hexo`.
    pub urls: export::ImageUrls,
    /// For `json`.
    pub with_media: bool,
}

pub async fn export(
    config: &Config,
    format: ExportFormat,
    output: &Path,
    options: CliExport,
) -> anyhow::Result<ExitCode> {
    let CliExport {
        base_url,
        urls,
        with_media,
    } = options;
    let file_format = match format {
        ExportFormat::Site => return export_site(config, output, &base_url).await,
        file_format => file_format,
    };
    let pool = open_migrated(config).await?;
    // Written beside the target and renamed at the end: a failed export
    // never leaves half a file under the requested name.
    let dir = output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let temp = tempfile::Builder::new()
        .prefix(".folio-export-")
        .tempfile_in(dir)
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    let what = match file_format {
        ExportFormat::Sqlite => {
            let source = SqliteConnectOptions::from_str(&config.database_url)?
                .get_filename()
                .to_owned();
            let temp_path = temp.into_temp_path();
            // The backup wants to create its file.
            std::fs::remove_file(&temp_path)?;
            export::snapshot(&source, &temp_path, Holding::Everything).await?;
            temp_path
                .persist(output)
                .with_context(|| format!("cannot write {}", output.display()))?;
            "a snapshot of the database".to_owned()
        }
        ExportFormat::Json if with_media => {
            let store = crate::media::MediaStore::open(&config.media)?;
            let file: File = temp.reopen()?;
            let n = export::write_json_with_media(
                &pool,
                &store,
                BufWriter::new(file),
                Holding::Everything,
            )
            .await?;
            temp.persist(output)
                .with_context(|| format!("cannot write {}", output.display()))?;
            format!("{n} articles as folio/v1 JSON, with the media library, zipped")
        }
        ExportFormat::Json => {
            let mut writer = BufWriter::new(temp.reopen()?);
            let n = export::write_json(&pool, &mut writer, Holding::Everything).await?;
            drop(writer);
            temp.persist(output)
                .with_context(|| format!("cannot write {}", output.display()))?;
            format!("{n} articles as folio/v1 JSON")
        }
        ExportFormat::Hexo => {
            let file: File = temp.reopen()?;
            let store = crate::media::MediaStore::open(&config.media)?;
            let n =
                export::write_hexo_zip(&pool, &store, BufWriter::new(file), config.timezone, urls)
                    .await?;
            temp.persist(output)
                .with_context(|| format!("cannot write {}", output.display()))?;
            format!("{n} Hexo posts")
        }
        // A folder, not a file: handled above.
        ExportFormat::Site => unreachable!("the site export returned above"),
    };
    pool.close().await;
    eprintln!("exported {what} to {}", output.display());
    Ok(ExitCode::SUCCESS)
}

/// The public site into the folder `output`: only what changed since the
/// last export into it is written.
async fn export_site(config: &Config, output: &Path, base_url: &str) -> anyhow::Result<ExitCode> {
    let pool = open_migrated(config).await?;
    let site = crate::site::Site {
        base: base_url.trim_end_matches('/').to_owned(),
        live: false,
        ..crate::site::Site::live(config)
    };
    let store = crate::media::MediaStore::open(&config.media)?;
    let done = export::write_site(&pool, &store, &site, output)
        .await
        .with_context(|| format!("cannot write the site into {}", output.display()))?;
    pool.close().await;
    eprintln!(
        "exported the site to {}: {} files, {} written, {} removed",
        output.display(),
        done.files,
        done.written,
        done.removed
    );
    Ok(ExitCode::SUCCESS)
}
