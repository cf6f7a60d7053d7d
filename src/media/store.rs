//! Where media bytes live, behind one interface (`object_store`): a local
//! folder (`FOLIO_MEDIA_DIR`, default `media/` beside the database) or
//! S3-compatible object storage (`FOLIO_MEDIA_URL=s3://bucket/prefix`,
//! credentials and an endpoint override from the usual `AWS_*` variables,
//! which `Config` reads with the rest). Objects are named by content: an original
//! is `{sha256}.{ext}`, so writing the same bytes twice changes nothing.

use std::path::PathBuf;
use std::sync::Arc;

use bytes::Bytes;
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};

/// Where the store is, as configured. Its `Debug` names the S3 settings
/// without their values (a secret key must not reach a log).
#[derive(Clone, PartialEq, Eq)]
pub enum Location {
    Dir(PathBuf),
    /// `s3://bucket` or `s3://bucket/prefix`, and the `AWS_*` settings
    /// (lower-cased names, `object_store`'s keys: `aws_access_key_id`,
    /// `aws_endpoint`, `aws_allow_http`…).
    S3 {
        url: String,
        settings: Vec<(String, String)>,
    },
}

impl std::fmt::Debug for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Location::Dir(dir) => f.debug_tuple("Dir").field(dir).finish(),
            Location::S3 { url, settings } => f
                .debug_struct("S3")
                .field("url", url)
                .field(
                    "settings",
                    &settings.iter().map(|(k, _)| k).collect::<Vec<_>>(),
                )
                .finish(),
        }
    }
}

/// The `AWS_*` variables the S3 backend reads (`Config` reads them once).
pub const S3_VARIABLES: &[&str] = &[
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_ENDPOINT",
    "AWS_ENDPOINT_URL",
    "AWS_ALLOW_HTTP",
    "AWS_VIRTUAL_HOSTED_STYLE_REQUEST",
];

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the media location {0:?} is not s3://bucket[/prefix]")]
    BadUrl(String),
    #[error("cannot create the media folder {0}: {1}")]
    Folder(PathBuf, std::io::Error),
    #[error("media store: {0}")]
    Store(#[from] object_store::Error),
}

#[derive(Clone)]
pub struct MediaStore {
    store: Arc<dyn ObjectStore>,
    prefix: Option<Path>,
    location: Location,
}

/// Its location only: the backend's own `Debug` may hold credentials.
impl std::fmt::Debug for MediaStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MediaStore")
            .field("location", &self.location)
            .finish_non_exhaustive()
    }
}

impl MediaStore {
    pub fn open(location: &Location) -> Result<MediaStore, StoreError> {
        let (store, prefix): (Arc<dyn ObjectStore>, Option<Path>) = match location {
            Location::Dir(dir) => {
                std::fs::create_dir_all(dir).map_err(|e| StoreError::Folder(dir.clone(), e))?;
                (Arc::new(LocalFileSystem::new_with_prefix(dir)?), None)
            }
            Location::S3 { url, settings } => {
                let rest = url
                    .strip_prefix("s3://")
                    .filter(|r| !r.is_empty())
                    .ok_or_else(|| StoreError::BadUrl(url.clone()))?;
                let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
                let mut builder = AmazonS3Builder::new().with_bucket_name(bucket);
                for (key, value) in settings {
                    // AWS_DEFAULT_REGION and AWS_ENDPOINT_URL are other
                    // tools' names for region and endpoint.
                    let key = match key.as_str() {
                        "aws_default_region" => "aws_region",
                        "aws_endpoint_url" => "aws_endpoint",
                        other => other,
                    };
                    if let Ok(key) = key.parse() {
                        builder = builder.with_config(key, value);
                    }
                }
                let store = builder.build()?;
                let prefix = prefix.trim_matches('/');
                (
                    Arc::new(store),
                    (!prefix.is_empty()).then(|| Path::from(prefix)),
                )
            }
        };
        Ok(MediaStore {
            store,
            prefix,
            location: location.clone(),
        })
    }

    pub fn location(&self) -> &Location {
        &self.location
    }

    fn path(&self, name: &str) -> Path {
        match &self.prefix {
            Some(p) => p.clone().join(name),
            None => Path::from(name),
        }
    }

    /// Writes an object (the same name always holds the same bytes).
    pub async fn put(&self, name: &str, bytes: Bytes) -> Result<(), StoreError> {
        self.store
            .put(&self.path(name), PutPayload::from_bytes(bytes))
            .await?;
        Ok(())
    }

    /// An object's bytes, or `None` when the store has no such object.
    pub async fn get(&self, name: &str) -> Result<Option<Bytes>, StoreError> {
        match self.store.get(&self.path(name)).await {
            Ok(found) => Ok(Some(found.bytes().await?)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    pub async fn delete(&self, name: &str) -> Result<(), StoreError> {
        match self.store.delete(&self.path(name)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_folder_store_keeps_puts_and_forgets_deletes() {
        let dir = tempfile::tempdir().unwrap();
        let store = MediaStore::open(&Location::Dir(dir.path().join("media"))).unwrap();
        assert_eq!(store.get("a.png").await.unwrap(), None);
        store
            .put("a.png", Bytes::from_static(b"png"))
            .await
            .unwrap();
        assert_eq!(
            store.get("a.png").await.unwrap().as_deref(),
            Some(&b"png"[..])
        );
        assert!(
            dir.path().join("media/a.png").exists(),
            "a file in the folder"
        );
        store.delete("a.png").await.unwrap();
        store.delete("a.png").await.unwrap();
        assert_eq!(store.get("a.png").await.unwrap(), None);
    }

    #[test]
    fn a_locations_debug_shows_no_secret() {
        let shown = format!(
            "{:?}",
            Location::S3 {
                url: "s3://b".into(),
                settings: vec![("aws_secret_access_key".into(), "hunter2".into())],
            }
        );
        assert!(
            shown.contains("aws_secret_access_key") && !shown.contains("hunter2"),
            "{shown}"
        );
    }

    #[test]
    fn only_s3_urls_name_object_storage() {
        for bad in ["s3://", "http://bucket/x", "bucket"] {
            assert!(matches!(
                MediaStore::open(&Location::S3 {
                    url: bad.into(),
                    settings: Vec::new()
                }),
                Err(StoreError::BadUrl(_))
            ));
        }
    }
}
