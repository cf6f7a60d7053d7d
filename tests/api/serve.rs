//! `folio serve` as a real process on 127.0.0.1, and what a killed process
//! leaves behind.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::helpers::{TestDb, write_files};

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub fn spawn_serve(t: &TestDb, port: u16) -> Child {
    spawn_serve_with(t, port, &[])
}

pub fn spawn_serve_with(t: &TestDb, port: u16, env: &[(&str, &str)]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_folio"))
        .arg("serve")
        .envs(env.iter().copied())
        .current_dir(t.dir.path())
        .env("FOLIO_DATABASE_URL", &t.url)
        .env("FOLIO_BIND", format!("127.0.0.1:{port}"))
        .env("RUST_LOG", "warn")
        .env_remove("FOLIO_ADMIN_EMAIL")
        .env_remove("FOLIO_ADMIN_PASSWORD")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("folio serve")
}

pub async fn wait_healthy(port: u16) -> reqwest::Response {
    let client = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Ok(r) = client
            .get(format!("http://127.0.0.1:{port}/healthz"))
            .send()
            .await
        {
            return r;
        }
        assert!(Instant::now() < deadline, "folio did not start");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn serve_answers_healthz_creates_the_first_admin_and_stops_on_sigterm() {
    let t = TestDb::new().await;
    let port = free_port();
    let child = spawn_serve(&t, port);
    let r = wait_healthy(port).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<serde_json::Value>().await.unwrap()["status"], "ok");
    let missing = reqwest::get(format!("http://127.0.0.1:{port}/no/such/page"))
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    // In FOLIO_SITE_LANG (zh-CN by default).
    assert!(
        missing
            .text()
            .await
            .unwrap()
            .contains("<h1>找不到页面</h1>")
    );
    let missing = reqwest::Client::new()
        .get(format!("http://127.0.0.1:{port}/no/such/page"))
        .header("Accept", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    assert_eq!(
        missing.json::<serde_json::Value>().await.unwrap()["error"]["code"],
        "not_found"
    );

    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "graceful stop: {:?}", out.status);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("created the first admin admin@localhost with password: "),
        "{err}"
    );
    let hash: String = sqlx::query_scalar("SELECT password_hash FROM users WHERE role = 'admin'")
        .fetch_one(&t.pool)
        .await
        .unwrap();
    let password = err
        .split("password: ")
        .nth(1)
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .trim();
    assert!(folio::auth::password::verify(password, &hash));

    // A second start finds the admin and prints no password.
    let port = free_port();
    let child = spawn_serve(&t, port);
    wait_healthy(port).await;
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("password"));
}

/// 3,000 posts of ~10 KB: an import that lasts long enough to be killed.
fn many_posts(t: &TestDb) -> std::path::PathBuf {
    let dir = t.folder("many");
    let body = "<p>金融科技的底色</p>\n".repeat(400);
    let posts: Vec<(String, Vec<u8>)> = (0..3000)
        .map(|i| {
            (
                format!("p{i:05}.md"),
                format!("---\ntitle: Post {i}\ntags: [t{}]\n---\n{body}", i % 50).into_bytes(),
            )
        })
        .collect();
    let refs: Vec<(&str, &[u8])> = posts
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    write_files(&dir, &refs);
    dir
}

fn spawn_import(t: &TestDb, dir: &std::path::Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["import", dir.to_str().unwrap()])
        .env("FOLIO_DATABASE_URL", &t.url)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

async fn journal_mode(pool: &sqlx::SqlitePool) -> String {
    sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(pool)
        .await
        .unwrap()
}

/// With the database to itself, `folio import` writes through a rollback
/// journal (no WAL to copy back) and sets WAL again when it is done.
#[tokio::test]
async fn an_import_with_the_database_to_itself_writes_once_and_sets_wal_back() {
    let mut t = TestDb::new().await;
    let dir = many_posts(&t);
    t.pool.close().await;
    let db_path = t.dir.path().join("folio.db");
    let mut child = spawn_import(&t, &dir);
    let deadline = Instant::now() + Duration::from_secs(60);
    let (mut journal, mut wal) = (false, false);
    while child.try_wait().unwrap().is_none() {
        journal |= db_path.with_extension("db-journal").exists();
        wal |= std::fs::metadata(db_path.with_extension("db-wal")).is_ok_and(|m| m.len() > 0);
        assert!(Instant::now() < deadline, "the import never ended");
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(child.wait().unwrap().success());
    assert!(journal, "the import wrote through a rollback journal");
    assert!(!wal, "nothing went through the WAL");

    t.pool = folio::db::connect(&t.url).await.unwrap();
    assert_eq!(journal_mode(&t.pool).await, "wal");
    assert_eq!(t.count("articles").await, 3002);
    let query = folio::search::SearchQuery::parse("底色").unwrap();
    let mut conn = t.pool.acquire().await.unwrap();
    let hits = folio::db::search_index::search(&mut conn, &query, false, 20, 0)
        .await
        .unwrap();
    assert_eq!(hits.len(), 20);
}

/// The same import killed half-way: the next opener rolls the journal
/// back, and the database is exactly as before, in WAL mode again.
#[tokio::test]
async fn a_killed_import_with_the_database_to_itself_leaves_it_as_it_was() {
    let mut t = TestDb::new().await;
    let before = t.snapshot().await;
    let dir = many_posts(&t);
    t.pool.close().await;
    let journal = t.dir.path().join("folio.db-journal");
    let mut child = spawn_import(&t, &dir);
    let deadline = Instant::now() + Duration::from_secs(30);
    while !journal.exists() {
        assert!(
            Instant::now() < deadline,
            "the import never started writing"
        );
        assert!(
            child.try_wait().unwrap().is_none(),
            "the import ended first"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    std::thread::sleep(Duration::from_millis(700));
    assert!(
        child.try_wait().unwrap().is_none(),
        "the import finished before it could be killed"
    );
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(journal.exists(), "a hot journal is left behind");

    t.pool = folio::db::connect(&t.url).await.unwrap();
    let check: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&t.pool)
        .await
        .unwrap();
    assert_eq!(check, "ok");
    assert_eq!(journal_mode(&t.pool).await, "wal");
    assert_eq!(t.count("articles").await, 2);
    assert_eq!(t.snapshot().await, before);
}

/// Killed while another connection holds the database open (so the import
/// writes through WAL beside it).
#[tokio::test]
async fn a_killed_atomic_import_leaves_the_database_as_it_was() {
    let t = TestDb::new().await;
    let before = t.snapshot().await;
    let dir = many_posts(&t);
    let mut child = spawn_import(&t, &dir);
    // Wait until the import is under way, then SIGKILL it mid-transaction.
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let running: i64 =
            sqlx::query_scalar("SELECT count(*) FROM import_runs WHERE state = 'running'")
                .fetch_one(&t.pool)
                .await
                .unwrap();
        if running > 0 {
            break;
        }
        assert!(Instant::now() < deadline, "the import never started");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert!(
        child.try_wait().unwrap().is_none(),
        "the import finished before it could be killed"
    );
    child.kill().unwrap();
    child.wait().unwrap();

    let check: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&t.pool)
        .await
        .unwrap();
    assert_eq!(check, "ok");
    let of_batch: i64 = sqlx::query_scalar("SELECT count(*) FROM articles WHERE slug LIKE 'p0%'")
        .fetch_one(&t.pool)
        .await
        .unwrap();
    assert_eq!(of_batch, 0);
    assert_eq!(t.snapshot().await, before);
}
