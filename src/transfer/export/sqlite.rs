//! A consistent copy of the live database that folio can run on directly,
//! holding no secret and no deleted byte.
//!
//! `VACUUM INTO` writes the copy from one read transaction (a consistent
//! snapshot while folio serves and writes) into fresh pages: what was ever
//! deleted or overwritten in the live file (a user's old password hash, an
//! ended session's secret) is not carried over, as the online backup API's
//! page-by-page copy carried it in free pages and free space. The copy's
//! secrets are then deleted with `secure_delete` on, which zeroes what they
//! occupied. The backup API was ~8× faster; a copy anyone may be handed
//! must not hold what its source thought deleted.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::{ExportError, Holding};

/// Removed from every copy: sessions (their secrets and CSRF tokens), API
/// tokens, the login throttle and the addresses users logged in from.
const SECRETS: &str = "DELETE FROM sessions;
     DELETE FROM api_tokens;
     DELETE FROM login_throttle;
     DELETE FROM login_known;
     UPDATE users SET password_hash = '!';";

/// Removed from a copy of the content only: the audit log (addresses,
/// failed logins' emails), the users' autosaved forms, and the users (articles lose their owner; folio
/// makes a first admin when it starts on the copy). An admin's pages.
const PEOPLE: &str = "DELETE FROM audit_log;
     DELETE FROM autosaves;
     DELETE FROM users;";

/// Copies the database at `source` to `dest` (which must not exist),
/// keeping what `holding` allows.
pub async fn snapshot(source: &Path, dest: &Path, holding: Holding) -> Result<(), ExportError> {
    let (source, dest): (PathBuf, PathBuf) = (source.into(), dest.into());
    tokio::task::spawn_blocking(move || snapshot_blocking(&source, &dest, holding))
        .await
        .map_err(|_| ExportError::Worker)?
}

fn snapshot_blocking(source: &Path, dest: &Path, holding: Holding) -> Result<(), ExportError> {
    if dest.exists() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            format!("{} already exists", dest.display()),
        )
        .into());
    }
    let src = Connection::open_with_flags(
        source,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    // A checkpoint may hold a lock for a moment.
    src.busy_timeout(std::time::Duration::from_secs(30))?;
    let dest_name = dest.to_str().ok_or_else(|| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "the export's path is not UTF-8",
        )
    })?;
    src.execute("VACUUM INTO ?1", [dest_name])?;
    drop(src);
    let dst = Connection::open(dest)?;
    // A rollback journal for the scrub: its pages go with the journal,
    // never into a WAL beside the copy. WAL again at the end, as folio
    // runs its databases.
    dst.execute_batch("PRAGMA journal_mode = DELETE; PRAGMA secure_delete = ON;")?;
    let people = match holding {
        Holding::Everything => "",
        Holding::Content => PEOPLE,
    };
    // Foreign keys on: a deleted user's articles and revisions keep their
    // rows, with no owner (ON DELETE SET NULL).
    dst.execute_batch(&format!(
        "PRAGMA foreign_keys = ON; BEGIN; {SECRETS} {people} COMMIT;"
    ))?;
    dst.execute_batch("PRAGMA journal_mode = WAL;")?;
    Ok(())
}
