//! Background imports in a real `folio serve` process that is stopped
//! under them: killed (SIGKILL) or stopped (SIGTERM). Nothing of an atomic
//! run is written, a non-atomic one leaves whole articles only, and the
//! run is reported failed — never left "running".

use std::process::{Child, Command};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::admin_api_async::{many_posts_zip, wait_for_run};
use crate::helpers::TestDb;
use crate::serve::{free_port, spawn_serve_with, wait_healthy};

const ENV: &[(&str, &str)] = &[("FOLIO_ASYNC_IMPORT_ITEMS", "100")];

async fn editor_token(t: &TestDb) -> String {
    let mut conn = t.pool.acquire().await.unwrap();
    let email = folio::domain::Email::parse("editor@folio.test").unwrap();
    let id = folio::db::users::insert(
        &mut conn,
        &email,
        folio::domain::Role::Editor,
        "not a hash: no one logs in",
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    let secret = folio::auth::token::new_api_token();
    let hash = folio::auth::token::hash(&secret);
    folio::db::tokens::insert(&mut conn, "test", &hash, id, chrono::Utc::now())
        .await
        .unwrap();
    secret
}

/// Starts a background import of `zip` and waits until it has written
/// at least `done` items; returns the run's location.
async fn import_under_way(port: u16, token: &str, query: &str, zip: Vec<u8>, done: u64) -> String {
    let base = format!("http://127.0.0.1:{port}");
    let r = reqwest::Client::new()
        .post(format!("{base}/admin/api/import{query}"))
        .bearer_auth(token)
        .header("content-type", "application/zip")
        .body(zip)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 202);
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let run: Value = reqwest::Client::new()
            .get(format!("{base}{location}"))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(run["state"], "running", "the run ended too soon: {run}");
        if run["progress"]["done"].as_u64().unwrap() >= done {
            return location;
        }
        assert!(Instant::now() < deadline, "the import did not progress");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn stop(child: Child, signal: &str) {
    Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    child.wait_with_output().unwrap();
}

async fn count(t: &TestDb, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&t.pool).await.unwrap()
}

async fn integrity_ok(t: &TestDb) {
    let check: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&t.pool)
        .await
        .unwrap();
    assert_eq!(check, "ok");
}

#[tokio::test]
async fn a_server_killed_during_background_imports_leaves_no_half_import_and_failed_runs() {
    let t = TestDb::new().await;
    let token = editor_token(&t).await;
    let before = count(&t, "SELECT count(*) FROM articles").await;
    let zip = many_posts_zip(&t.folder("in").join("a.zip"), 4000, "kill");

    // Atomic: killed mid-transaction, nothing of it is there.
    let port = free_port();
    let child = spawn_serve_with(&t, port, ENV);
    wait_healthy(port).await;
    let atomic = import_under_way(port, &token, "", zip.clone(), 200).await;
    stop(child, "-KILL");
    integrity_ok(&t).await;
    assert_eq!(count(&t, "SELECT count(*) FROM articles").await, before);

    // Non-atomic: killed after some batches were committed.
    let port = free_port();
    let child = spawn_serve_with(&t, port, ENV);
    wait_healthy(port).await;
    let base = format!("http://127.0.0.1:{port}");
    // After the restart, the killed run is failed, not running.
    let (run, _) = wait_for_run(&base, &token, &atomic).await;
    assert_eq!(run["state"], "failed", "{run}");
    assert!(
        run["error"].as_str().unwrap().contains("interrupted"),
        "{run}"
    );
    let partial = import_under_way(port, &token, "?atomic=false", zip, 1200).await;
    stop(child, "-KILL");
    integrity_ok(&t).await;
    let written = count(&t, "SELECT count(*) FROM articles WHERE slug LIKE 'kill%'").await;
    assert!(written > 0 && written < 4000, "{written}");
    // Whole articles only: each has its rendering, its tag and its index row.
    let torn = count(
        &t,
        "SELECT count(*) FROM articles a WHERE a.slug LIKE 'kill%' AND ( \
           a.body_html NOT LIKE '%金融科技%' \
           OR NOT EXISTS (SELECT 1 FROM article_tags g WHERE g.article_id = a.id) \
           OR NOT EXISTS (SELECT 1 FROM article_fts f WHERE f.rowid = a.id))",
    )
    .await;
    assert_eq!(torn, 0);

    let port = free_port();
    let child = spawn_serve_with(&t, port, ENV);
    wait_healthy(port).await;
    let (run, _) = wait_for_run(&format!("http://127.0.0.1:{port}"), &token, &partial).await;
    assert_eq!(run["state"], "failed", "{run}");
    stop(child, "-TERM");
}

#[tokio::test]
async fn a_server_stopped_during_a_background_import_marks_its_run_failed() {
    let t = TestDb::new().await;
    let token = editor_token(&t).await;
    let before = count(&t, "SELECT count(*) FROM articles").await;
    let zip = many_posts_zip(&t.folder("in").join("a.zip"), 4000, "term");
    let port = free_port();
    let child = spawn_serve_with(&t, port, ENV);
    wait_healthy(port).await;
    let location = import_under_way(port, &token, "", zip, 200).await;
    stop(child, "-TERM");
    // No restart: the stopping server recorded the run's end itself.
    let id: i64 = location.rsplit('/').next().unwrap().parse().unwrap();
    let (state, error): (String, Option<String>) =
        sqlx::query_as("SELECT state, error FROM import_runs WHERE id = ?1")
            .bind(id)
            .fetch_one(&t.pool)
            .await
            .unwrap();
    assert_eq!(state, "failed");
    assert!(error.unwrap().contains("server stopped"));
    integrity_ok(&t).await;
    assert_eq!(count(&t, "SELECT count(*) FROM articles").await, before);
}
