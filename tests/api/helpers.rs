//! Shared test setup: a real SQLite file per test, the real `folio` binary,
//! and small builders for posts and archives.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use folio::db::{self, articles, taxonomy};
use folio::transfer::export;
use folio::transfer::import::{self, ImportOptions, Input, OnConflict, Origin};
use folio::transfer::report::ImportReport;
use folio::transfer::source::Limits;
use sqlx::SqlitePool;
use tempfile::TempDir;

/// A migrated database in its own folder, deleted with the value.
pub struct TestDb {
    pub dir: TempDir,
    pub url: String,
    pub pool: SqlitePool,
}

impl TestDb {
    /// A fresh install: the schema and the two seed posts.
    pub async fn new() -> TestDb {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("folio.db").display());
        let pool = db::connect(&url).await.expect("connect");
        db::migrate(&pool).await.expect("migrate");
        TestDb { dir, url, pool }
    }

    /// A migrated database with no articles, tags or categories.
    pub async fn empty() -> TestDb {
        let t = TestDb::new().await;
        sqlx::raw_sql(
            "DELETE FROM articles; DELETE FROM tags; DELETE FROM categories; \
             INSERT INTO article_fts (article_fts) VALUES ('delete-all');",
        )
        .execute(&t.pool)
        .await
        .expect("empty the database");
        t
    }

    /// A folder inside the test's temp dir.
    pub fn folder(&self, name: &str) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::create_dir_all(&p).expect("mkdir");
        p
    }

    /// Runs the `folio` binary against this database.
    pub fn folio(&self, args: &[&str]) -> Output {
        self.folio_with_stdin(args, None)
    }

    pub fn folio_with_stdin(&self, args: &[&str], stdin: Option<&str>) -> Output {
        folio_command(&self.url, self.dir.path(), args, stdin)
    }

    /// `folio` with these settings added to its environment.
    pub fn folio_with_env(&self, env: &[(&str, &str)], args: &[&str]) -> Output {
        let mut cmd = folio_process(&self.url, self.dir.path(), args);
        cmd.envs(env.iter().copied());
        cmd.output().expect("run folio")
    }

    pub async fn import(&self, paths: &[PathBuf], options: ImportOptions) -> ImportReport {
        let origin = Origin {
            kind: "cli",
            user_id: None,
            actor: "test".into(),
        };
        let inputs = paths.iter().cloned().map(Input::Path).collect();
        import::run(&self.pool, inputs, options, origin, &|_| ())
            .await
            .expect("import runs")
            .unpack()
    }

    /// Everything an operator gets back out, without the export's own time:
    /// two equal snapshots mean the content is the same.
    pub async fn snapshot(&self) -> serde_json::Value {
        let mut out = Vec::new();
        export::write_json(&self.pool, &mut out, export::Holding::Everything)
            .await
            .expect("export");
        let mut value: serde_json::Value = serde_json::from_slice(&out).expect("json");
        value.as_object_mut().expect("object").remove("exported_at");
        value
    }

    pub async fn article(&self, slug: &str) -> articles::StoredArticle {
        let id: i64 = sqlx::query_scalar("SELECT id FROM articles WHERE slug = ?1")
            .bind(slug)
            .fetch_one(&self.pool)
            .await
            .unwrap_or_else(|_| panic!("no article {slug}"));
        articles::load(&mut self.pool.acquire().await.unwrap(), id)
            .await
            .unwrap()
            .unwrap()
    }

    pub async fn count(&self, table: &str) -> i64 {
        let sql = format!("SELECT count(*) FROM {table}");
        sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .fetch_one(&self.pool)
            .await
            .unwrap()
    }

    pub async fn category_paths(&self) -> Vec<Vec<String>> {
        taxonomy::category_tree(&mut self.pool.acquire().await.unwrap())
            .await
            .unwrap()
            .paths()
    }
}

/// The `folio` binary over the database at `url`, run in `cwd`.
fn folio_process(url: &str, cwd: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_folio"));
    cmd.args(args)
        .current_dir(cwd)
        .env("FOLIO_DATABASE_URL", url)
        // The test servers' (`app::test_config`): a static export's
        // absolute links then match theirs.
        .env("FOLIO_PUBLIC_URL", "http://folio.test")
        .env("RUST_LOG", "warn")
        .env_remove("FOLIO_TIMEZONE");
    cmd
}

pub fn folio_command(url: &str, cwd: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut cmd = folio_process(url, cwd, args);
    cmd.stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().expect("run folio");
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("folio finished")
}

pub fn options() -> ImportOptions {
    ImportOptions {
        dry_run: false,
        on_conflict: OnConflict::Skip,
        on_duplicate_slug: Default::default(),
        atomic: true,
        zone: chrono_tz::UTC,
        limits: Limits::default(),
        media: None,
    }
}

/// Writes files into `dir`, creating sub-folders.
pub fn write_files(dir: &Path, files: &[(&str, &[u8])]) -> Vec<PathBuf> {
    files
        .iter()
        .map(|(name, bytes)| {
            let path = dir.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, bytes).unwrap();
            path
        })
        .collect()
}

/// A zip holding `entries`.
pub fn zip_of(path: &Path, entries: &[(&str, &[u8])]) -> PathBuf {
    let file = std::fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default();
    for (name, bytes) in entries {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
    path.to_owned()
}

/// A tar.gz holding `entries` (regular files).
pub fn tar_gz_of(path: &Path, entries: &[(&str, &[u8])]) -> PathBuf {
    let file = std::fs::File::create(path).unwrap();
    let gz = flate2::write::GzEncoder::new(file, flate2::Compression::fast());
    let mut tar = tar::Builder::new(gz);
    for (name, bytes) in entries {
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_mtime(1_600_000_000);
        header.set_entry_type(tar::EntryType::Regular);
        tar.append_data(&mut header, name, *bytes).unwrap();
    }
    tar.into_inner().unwrap().finish().unwrap();
    path.to_owned()
}

pub fn seed_paths() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    paths
}

/// A small valid post.
pub fn post(title: &str, extra: &str) -> Vec<u8> {
    format!(
        "---\ntitle: {title}\ndate: 2021-06-02 12:00:00\n{extra}---\n\n<p>{title} 金融科技</p>\n"
    )
    .into_bytes()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
