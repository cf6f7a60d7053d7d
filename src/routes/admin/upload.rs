//! Uploads for an import, from the import page or `POST /admin/api/import`:
//! streamed to a folder on disk (nothing of a request is held in memory),
//! then handed to `import_jobs::start` (at once or, when large, in the
//! background: SPEC's 202).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use actix_web::web;
use futures_util::StreamExt;
use sqlx::SqlitePool;
use tokio::io::AsyncWriteExt;

use super::guard::CurrentUser;
use crate::config::Config;
use crate::error::AppError;
use crate::i18n::Message;
use crate::import_jobs::{self, Batch, ImportJobs};
pub use crate::import_jobs::{Options, Started, Wait};
use crate::transfer::import::{Input, OnConflict, OnDuplicateSlug, Origin};

/// Uploads live in folders named so under the system's temporary directory.
const UPLOAD_PREFIX: &str = "folio-upload-";
/// In each, the id of the process that made it. Uploaded files are named
/// `00001-…`: this name is never one of them.
const OWNER_FILE: &str = ".owner";

/// An upload's folder, removed when dropped unless kept (a dry run on the
/// import page keeps it for the real import that follows).
pub struct UploadFolder {
    path: PathBuf,
    kept: bool,
    /// Bytes received into it.
    bytes: u64,
}

impl UploadFolder {
    pub fn create() -> Result<UploadFolder, AppError> {
        let dir = tempfile::Builder::new().prefix(UPLOAD_PREFIX).tempdir()?;
        // Whose it is: a folder whose process is gone is swept at start.
        std::fs::write(dir.path().join(OWNER_FILE), std::process::id().to_string())?;
        Ok(UploadFolder {
            path: dir.keep(),
            kept: false,
            bytes: 0,
        })
    }

    /// The folder of an upload kept by `keep`, if it is still there.
    pub fn reopen(id: &str) -> Option<UploadFolder> {
        if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric()) {
            return None;
        }
        let path = std::env::temp_dir().join(format!("{UPLOAD_PREFIX}{id}"));
        let bytes = std::fs::read_dir(&path)
            .ok()?
            .filter_map(Result::ok)
            .filter(|e| e.file_name() != OWNER_FILE)
            .filter_map(|e| e.metadata().ok())
            .map(|m| m.len())
            .sum();
        path.is_dir().then_some(UploadFolder {
            path,
            kept: false,
            bytes,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Keeps the folder; its id reopens it.
    pub fn keep(mut self) -> String {
        let id = self
            .path
            .file_name()
            .and_then(|n| n.to_str())
            .map(|n| n.trim_start_matches(UPLOAD_PREFIX).to_owned())
            .unwrap_or_default();
        self.kept = true;
        id
    }

    /// The uploaded files, in the order they were sent, under the names
    /// they were sent with.
    fn inputs(&self) -> Result<Vec<Input>, AppError> {
        let mut inputs: Vec<(PathBuf, String)> = std::fs::read_dir(&self.path)?
            .filter_map(Result::ok)
            .filter(|e| e.file_name() != OWNER_FILE)
            .map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                let shown = name
                    .split_once('-')
                    .map_or(name.clone(), |(_, n)| n.to_owned());
                (e.path(), shown)
            })
            .collect();
        inputs.sort();
        Ok(inputs
            .into_iter()
            .map(|(path, name)| Input::Upload { path, name })
            .collect())
    }
}

impl Drop for UploadFolder {
    fn drop(&mut self) {
        if !self.kept {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

/// Removes upload folders from `temp` whose process is gone (a server
/// killed during an import: run at start, before this one makes any) or
/// that are older than `max_age` (dry runs never imported). Another
/// server's live uploads stay. Returns how many went.
pub fn sweep_stale(temp: &Path, max_age: std::time::Duration) -> usize {
    let Ok(entries) = std::fs::read_dir(temp) else {
        return 0;
    };
    let now = std::time::SystemTime::now();
    entries
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(UPLOAD_PREFIX))
        .filter(|e| {
            let old = e
                .metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| now.duration_since(t).unwrap_or_default() > max_age);
            old || owner_gone(&e.path())
        })
        .filter(|e| std::fs::remove_dir_all(e.path()).is_ok())
        .count()
}

/// Whether the process that made the upload folder `dir` has ended, as
/// `/proc` tells. Without `/proc` (or an owner file), only age counts.
fn owner_gone(dir: &Path) -> bool {
    let Some(pid) = std::fs::read_to_string(dir.join(OWNER_FILE))
        .ok()
        .and_then(|s| s.trim().parse::<u32>().ok())
    else {
        return false;
    };
    Path::new("/proc/self").exists() && !Path::new(&format!("/proc/{pid}")).exists()
}

/// Writes an upload's stream to the file `name` of `folder`, counting its
/// bytes against `max` (413 past it, for all the folder's files together).
pub async fn save_stream<S, E>(
    stream: &mut S,
    folder: &mut UploadFolder,
    name: &str,
    max: u64,
) -> Result<(), AppError>
where
    S: futures_util::Stream<Item = Result<web::Bytes, E>> + Unpin,
    E: std::fmt::Display,
{
    let mut out = tokio::fs::File::create(folder.path.join(name)).await?;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(upload_unreadable)?;
        folder.bytes += chunk.len() as u64;
        if folder.bytes > max {
            return Err(AppError::PayloadTooLarge);
        }
        out.write_all(&chunk).await?;
    }
    out.flush().await.map_err(AppError::from)
}

/// Saves the `n`th file part of a multipart upload under its (sanitised)
/// name, numbered so the report keeps the order files were sent in.
pub async fn save_file_part(
    field: &mut actix_multipart::Field,
    folder: &mut UploadFolder,
    n: usize,
    max: u64,
) -> Result<(), AppError> {
    let original = field
        .content_disposition()
        .and_then(|d| d.get_filename())
        .map(base_name)
        .unwrap_or_else(|| "upload".into());
    // File systems take 255 bytes a name; the folder's own prefix is 6.
    if original.len() > MAX_NAME_BYTES {
        let shown: String = original.chars().take(40).collect();
        return Err(AppError::BadRequest(
            Message::new("error-file-name-long")
                .quoting("name", &shown)
                .with("max", MAX_NAME_BYTES),
        ));
    }
    save_stream(field, folder, &format!("{n:05}-{original}"), max).await
}

/// The longest name an uploaded file may have.
pub const MAX_NAME_BYTES: usize = 249;

/// The last component of an uploaded file's name, without anything that
/// could leave the upload folder.
fn base_name(raw: &str) -> String {
    let name = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = name
        .chars()
        .filter(|c| !c.is_control())
        .collect::<String>()
        .trim_start_matches('.')
        .to_owned();
    if clean.is_empty() {
        "upload".into()
    } else {
        clean
    }
}

/// A multipart field's bytes, at most `max` (past it: 413, read no
/// further).
pub async fn read_field(field: &mut actix_multipart::Field, max: u64) -> Result<Vec<u8>, AppError> {
    let mut bytes = Vec::new();
    while let Some(chunk) = futures_util::StreamExt::next(field).await {
        let chunk = chunk.map_err(upload_unreadable)?;
        if (bytes.len() + chunk.len()) as u64 > max {
            return Err(AppError::PayloadTooLarge);
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

/// An upload whose multipart body broke off or did not parse.
pub fn upload_unreadable(e: impl std::fmt::Display) -> AppError {
    AppError::BadRequest(Message::new("error-upload-unreadable").with("detail", e.to_string()))
}

/// An import's `on_conflict` as a form or a query gives it.
pub fn parse_conflict(raw: &str) -> Result<OnConflict, AppError> {
    match raw {
        "" | "skip" => Ok(OnConflict::Skip),
        "update" => Ok(OnConflict::Update),
        "fail" => Ok(OnConflict::Fail),
        other => Err(AppError::invalid(
            "on_conflict",
            Message::new("error-on-conflict").quoting("given", other),
        )),
    }
}

/// An import's `on_duplicate_slug` as a form or a query gives it.
pub fn parse_duplicate_slug(raw: &str) -> Result<OnDuplicateSlug, AppError> {
    match raw {
        "" | "fail" => Ok(OnDuplicateSlug::Fail),
        "rename" => Ok(OnDuplicateSlug::Rename),
        other => Err(AppError::invalid(
            "on_duplicate_slug",
            Message::new("error-on-duplicate-slug").quoting("given", other),
        )),
    }
}

/// Imports an upload, now or in the background (`import_jobs::start`),
/// on behalf of `user`.
pub async fn start_import(
    pool: &SqlitePool,
    config: &Config,
    jobs: &Arc<ImportJobs>,
    user: &CurrentUser,
    folder: UploadFolder,
    options: &Options,
    wait: Wait,
) -> Result<Started<UploadFolder>, AppError> {
    let batch = Batch {
        origin: Origin {
            kind: "http",
            user_id: Some(user.id),
            actor: user.email.clone(),
        },
        inputs: folder.inputs()?,
        bytes: folder.bytes,
        kept: folder,
    };
    // An import that cannot begin or run is folio's failure: the items'
    // own problems are in the report.
    import_jobs::start(pool, config, jobs, batch, options, wait)
        .await
        .map_err(|e| AppError::Internal(e.into()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, SystemTime};

    #[test]
    fn only_old_upload_folders_are_swept() {
        let temp = tempfile::tempdir().unwrap();
        let make = |name: &str, age: Duration| {
            let dir = temp.path().join(name);
            std::fs::create_dir(&dir).unwrap();
            std::fs::write(dir.join("00001-a.md"), "x").unwrap();
            let then = SystemTime::now() - age;
            std::fs::File::open(&dir)
                .unwrap()
                .set_modified(then)
                .unwrap();
            dir
        };
        let day = Duration::from_secs(86_400);
        let old = make("folio-upload-old", 2 * day);
        let fresh = make("folio-upload-new", Duration::ZERO);
        let other = make("someone-else", 2 * day);
        // A fresh folder of a process that is gone (an id past the
        // largest Linux gives, 2^22), and one of this live process.
        let orphan = make("folio-upload-orphan", Duration::ZERO);
        std::fs::write(orphan.join(OWNER_FILE), "4194305").unwrap();
        let live = make("folio-upload-live", Duration::ZERO);
        std::fs::write(live.join(OWNER_FILE), std::process::id().to_string()).unwrap();
        assert_eq!(sweep_stale(temp.path(), day), 2);
        assert!(!old.exists() && fresh.exists() && other.exists());
        assert!(!orphan.exists() && live.exists());
    }
}
