//! The background worker that makes images' smaller copies
//! (`media::derive`), off every request's path: an upload answers as soon
//! as its original is kept.
//!
//! The queue is the database (`media.derived IS NULL`), so a stop loses
//! nothing: the next start finishes what was left. One image at a time:
//! decoding a 50-megapixel image holds 200 MB, and the machine's other
//! core keeps serving.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use sqlx::SqlitePool;
use tokio::sync::Notify;

use crate::db;
use crate::media::derive::{self, Variant};
use crate::media::{MediaStore, StoreError, inspect};

/// How long the worker sleeps when nobody wakes it: other processes
/// (`folio import`, `folio media fetch`) keep images too.
const IDLE_LOOK: Duration = Duration::from_secs(30);

/// Wakes the worker when an image is kept.
#[derive(Debug, Default)]
pub struct Derivatives {
    wake: Notify,
}

impl Derivatives {
    /// Says there is work (a permit is kept if the worker is busy).
    pub fn wake(&self) {
        self.wake.notify_one();
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DeriveError {
    #[error(transparent)]
    Db(#[from] sqlx::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the copies' worker stopped: {0}")]
    Join(#[from] tokio::task::JoinError),
}

/// Runs as long as the server does.
pub async fn run(queue: Arc<Derivatives>, pool: SqlitePool, store: MediaStore) {
    loop {
        if let Err(e) = drain(&pool, &store).await {
            // The store or the database is away: try again at the next
            // wake or look, not in a busy loop.
            tracing::warn!(error = %e, "image copies: will try again");
        }
        let _ = tokio::time::timeout(IDLE_LOOK, queue.wake.notified()).await;
    }
}

/// Makes the copies of every image waiting for them; how many images.
pub async fn drain(pool: &SqlitePool, store: &MediaStore) -> Result<usize, DeriveError> {
    let mut done = 0;
    loop {
        let next = db::media::next_to_derive(&mut *pool.acquire().await?).await?;
        let Some((hash, mime)) = next else {
            return Ok(done);
        };
        derive_one(pool, store, &hash, &mime).await?;
        done += 1;
    }
}

async fn derive_one(
    pool: &SqlitePool,
    store: &MediaStore,
    hash: &str,
    mime: &str,
) -> Result<(), DeriveError> {
    let kind = crate::media::MediaType::from_mime(mime);
    let original = match kind {
        Some(kind) => store.get(&format!("{hash}.{}", kind.ext())).await?,
        None => None,
    };
    let made = match original {
        Some(bytes) => tokio::task::spawn_blocking(move || copies(&bytes)).await?,
        None => {
            tracing::warn!(hash, "image copies: the original is not in the store");
            Vec::new()
        }
    };
    let list: Vec<Variant> = made.iter().map(|(v, _)| *v).collect();
    for (variant, bytes) in made {
        store.put(&variant.name(hash), Bytes::from(bytes)).await?;
    }
    let mut tx = db::begin_write(pool).await?;
    db::media::set_derived(&mut tx, hash, &Variant::format_list(&list)).await?;
    tx.commit().await?;
    Ok(())
}

/// The copies of an original, or none when it cannot be decoded (it was
/// checked when kept, so this is a damage its header did not show): the
/// page shows the original, and the log says why.
fn copies(bytes: &[u8]) -> Vec<(Variant, Vec<u8>)> {
    let made = inspect(bytes, u64::MAX).and_then(|image| {
        let plan = derive::plan(&image, bytes);
        derive::make(bytes, &image, &plan)
    });
    made.unwrap_or_else(|e| {
        tracing::warn!(error = %e, "image copies: cannot make them");
        Vec::new()
    })
}
