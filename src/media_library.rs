//! Keeping and removing images, whoever asks: an upload (the API, the
//! library page, the editor), an image brought home from the web, an
//! import. One place for the steps: examine the bytes, store them under
//! their hash, record them (and who did it) in one transaction, and wake
//! the worker that makes their smaller copies.

use bytes::Bytes;
use chrono::Utc;
use sqlx::SqlitePool;

use crate::db;
use crate::media::derive::Variant;
use crate::media::{self, Examined, MediaError, MediaStore, StoreError};
use crate::media_jobs::Derivatives;

/// Who keeps an image, for its row and the audit log.
#[derive(Debug, Clone, Copy)]
pub struct Keeper<'a> {
    pub user_id: Option<i64>,
    /// The user's email, or the command (`folio media fetch`).
    pub actor: &'a str,
}

/// Where an image came from.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    /// The name it was uploaded with, already checked
    /// (`media::inspect::file_name`).
    pub file_name: Option<String>,
    /// The address it was fetched from.
    pub original_url: Option<String>,
}

/// An image kept.
#[derive(Debug, Clone)]
pub struct Kept {
    pub examined: Examined,
    pub bytes: u64,
    /// False when folio had it already (the same bytes).
    pub new: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum KeepError {
    #[error(transparent)]
    Refused(#[from] MediaError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
    #[error("examining the image stopped: {0}")]
    Join(#[from] tokio::task::JoinError),
}

/// The names of an image's objects in the store: its original and its
/// smaller copies.
pub fn object_names(row: &db::media::MediaRow) -> Vec<String> {
    let mut names: Vec<String> = Variant::parse_list(row.derived.as_deref().unwrap_or(""))
        .into_iter()
        .map(|v| v.name(&row.hash))
        .collect();
    if let Some(kind) = media::MediaType::from_mime(&row.mime) {
        names.push(format!("{}.{}", row.hash, kind.ext()));
    }
    names
}

/// What the library needs to keep and remove images.
#[derive(Clone, Copy)]
pub struct Library<'a> {
    pub pool: &'a SqlitePool,
    pub store: &'a MediaStore,
    pub derivatives: &'a Derivatives,
    /// `FOLIO_MAX_MEDIA_BYTES`.
    pub max_bytes: u64,
}

impl Library<'_> {
    /// Keeps `bytes` if they are an image folio keeps; refused otherwise,
    /// with nothing stored.
    pub async fn keep(
        &self,
        bytes: Vec<u8>,
        origin: Origin,
        by: Keeper<'_>,
    ) -> Result<Kept, KeepError> {
        let max = self.max_bytes;
        // Hashing and reading headers of 20 MiB: off the async threads.
        let (examined, bytes) =
            tokio::task::spawn_blocking(move || media::examine(&bytes, max).map(|e| (e, bytes)))
                .await??;
        let size = bytes.len() as u64;
        // Stored before it is recorded: a row never names missing bytes
        // (bytes without a row are harmless, and the same on a retry).
        self.store.put(&examined.name(), Bytes::from(bytes)).await?;
        let image = examined.image;
        let row = db::media::MediaRow {
            hash: examined.hash.clone(),
            mime: image.kind.mime().into(),
            bytes: size as i64,
            width: i64::from(image.width),
            height: i64::from(image.height),
            file_name: origin.file_name.clone(),
            original_url: origin.original_url.clone(),
            created_by: by.user_id,
            created_at: 0,
            derived: None,
        };
        let mut tx = db::begin_write(self.pool).await?;
        let new = db::media::insert(&mut tx, &row, Utc::now()).await?;
        let target = format!("media:{}", examined.hash);
        let entry = db::audit::Entry {
            user_id: by.user_id,
            actor: by.actor,
            action: if origin.original_url.is_some() {
                "media_fetch"
            } else {
                "media_upload"
            },
            target: Some(&target),
            detail: serde_json::json!({
                "file_name": origin.file_name,
                "original_url": origin.original_url,
                "new": new,
            }),
            ip: None,
        };
        db::audit::record(&mut tx, entry, Utc::now()).await?;
        tx.commit().await?;
        if new {
            self.derivatives.wake();
        }
        Ok(Kept {
            examined,
            bytes: size,
            new,
        })
    }

    /// Removes an image no article uses: its row, then its original and
    /// copies from the store. `None` when there is no such image, or an
    /// article uses it (nothing removed).
    pub async fn delete_unused(
        &self,
        hash: &str,
        by: Keeper<'_>,
    ) -> Result<Option<db::media::MediaRow>, KeepError> {
        let mut tx = db::begin_write(self.pool).await?;
        let Some(row) = db::media::delete_unused(&mut tx, hash).await? else {
            return Ok(None);
        };
        let target = format!("media:{hash}");
        let entry = db::audit::Entry {
            user_id: by.user_id,
            actor: by.actor,
            action: "media_delete",
            target: Some(&target),
            detail: serde_json::json!({ "file_name": row.file_name, "bytes": row.bytes }),
            ip: None,
        };
        db::audit::record(&mut tx, entry, Utc::now()).await?;
        tx.commit().await?;
        // After the commit: a failed removal leaves files no row names
        // (harmless), never a row without its file.
        for name in object_names(&row) {
            if let Err(e) = self.store.delete(&name).await {
                tracing::warn!(error = %e, name, "could not remove a deleted image's file");
            }
        }
        Ok(Some(row))
    }
}
