//! Exports: a consistent SQLite snapshot, folio/v1 JSON, and a zip of Hexo
//! posts. Each reads inside one transaction (a WAL snapshot), so it is
//! consistent while folio keeps serving and writing.

mod hexo_zip;
mod json;
mod site;
mod sqlite;

pub use hexo_zip::{ImageUrls, write_hexo_zip};
pub use json::{write_json, write_json_with_media};
pub use site::{SiteExport, write_site};
pub use sqlite::snapshot;

/// What an export holds beside the content (articles, revisions, tags,
/// categories): never a password hash, session or token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holding {
    /// Users (without password hashes) and the audit log too: an admin's,
    /// or an operator's on the command line.
    Everything,
    /// No users and no audit log: what an editor may see.
    Content,
}

/// Articles read per query while streaming an export.
const PAGE: i64 = 500;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    Sqlite,
    Json,
    Hexo,
    /// The public site as static files (command line only).
    Site,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("database error during export")]
    Database(#[from] sqlx::Error),
    #[error("cannot write the export")]
    Io(#[from] std::io::Error),
    #[error("cannot write the zip")]
    Zip(#[from] zip::result::ZipError),
    #[error("cannot take the SQLite snapshot")]
    Snapshot(#[from] rusqlite::Error),
    #[error("the export's worker thread failed")]
    Worker,
    #[error("cannot read an image from the media store")]
    Media(#[from] crate::media::StoreError),
}
