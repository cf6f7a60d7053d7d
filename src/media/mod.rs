//! Media (issue 17): images kept by folio, content-addressed (the SHA-256
//! of their bytes names them, so the same image is stored once), the
//! original bytes kept as they came.
//!
//! `inspect` says what a file is from its bytes, before anything is
//! decoded; `store` keeps the bytes (a folder or S3-compatible storage).

pub mod inspect;
pub mod store;

pub use inspect::{Inspected, MediaError, MediaType, inspect};
pub use store::{Location, MediaStore, StoreError};

use sha2::{Digest, Sha256};

/// An image examined and ready to keep: its content address and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Examined {
    /// The SHA-256 of its bytes, in hex.
    pub hash: String,
    pub image: Inspected,
}

impl Examined {
    /// Its object's name in the store, and the last part of its URL.
    pub fn name(&self) -> String {
        format!("{}.{}", self.hash, self.image.kind.ext())
    }

    /// Where the public site serves it.
    pub fn url(&self) -> String {
        format!("/media/{}", self.name())
    }
}

/// What `bytes` are, with their content address; refused as `inspect`
/// refuses. Hashing 20 MiB is a few tens of milliseconds: run it off the
/// async threads.
pub fn examine(bytes: &[u8], max_bytes: u64) -> Result<Examined, MediaError> {
    let image = inspect(bytes, max_bytes)?;
    Ok(Examined {
        hash: hex::encode(Sha256::digest(bytes)),
        image,
    })
}

/// The hash and type an object name (`{hash}.{ext}`) says, if it is one.
pub fn parse_name(name: &str) -> Option<(&str, MediaType)> {
    let (hash, ext) = name.split_once('.')?;
    let hex = hash.len() == 64 && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    Some((hash, MediaType::from_ext(ext)?)).filter(|_| hex)
}
