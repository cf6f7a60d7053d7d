//! Large imports over HTTP: `202 Accepted`, the run's progress at
//! `/admin/api/imports/{id}`, the import page that follows it, and the
//! import lane (one writing import at a time).

use std::time::{Duration, Instant};

use serde_json::Value;

use crate::app::TestApp;
use crate::helpers::zip_of;

/// A zip of `n` posts, each with a body of some size.
pub fn many_posts_zip(path: &std::path::Path, n: usize, prefix: &str) -> Vec<u8> {
    let body = "<p>金融科技的底色，是数字化的再思考。</p>\n".repeat(40);
    let posts: Vec<(String, Vec<u8>)> = (0..n)
        .map(|i| {
            (
                format!("{prefix}{i:05}.md"),
                format!(
                    "---\ntitle: {prefix} {i}\ndate: 2021-06-02 12:00:00\ntags: [t{}]\n---\n{body}",
                    i % 20
                )
                .into_bytes(),
            )
        })
        .collect();
    let refs: Vec<(&str, &[u8])> = posts
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    std::fs::read(zip_of(path, &refs)).unwrap()
}

/// A zip to `POST /admin/api/import{query}` of the server at `base`
/// (another process's too).
pub async fn post_zip(base: &str, token: &str, query: &str, zip: Vec<u8>) -> reqwest::Response {
    reqwest::Client::new()
        .post(format!("{base}/admin/api/import{query}"))
        .bearer_auth(token)
        .header("content-type", "application/zip")
        .body(zip)
        .send()
        .await
        .unwrap()
}

/// Polls a run until it has ended; returns its last status and every
/// state seen on the way.
pub async fn wait_for_run(base: &str, token: &str, location: &str) -> (Value, Vec<Value>) {
    let client = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut seen = Vec::new();
    loop {
        let r = client
            .get(format!("{base}{location}"))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let run: Value = r.json().await.unwrap();
        let state = run["state"].as_str().unwrap().to_owned();
        seen.push(run.clone());
        if state == "finished" || state == "failed" {
            return (run, seen);
        }
        assert!(Instant::now() < deadline, "the run did not end: {run}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_large_import_answers_202_and_its_run_reports_progress_then_the_report() {
    let app = TestApp::spawn_with(&[("FOLIO_ASYNC_IMPORT_ITEMS", "100")]).await;
    let token = app.token_for(2).await;
    let zip = many_posts_zip(&app.db.folder("in").join("big.zip"), 600, "big");

    let r = post_zip(&app.base, &token, "", zip.clone()).await;
    assert_eq!(r.status(), 202);
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.starts_with("/admin/api/imports/"), "{location}");
    let accepted: Value = r.json().await.unwrap();
    assert_eq!(accepted["location"], location.as_str());
    assert!(matches!(
        accepted["state"].as_str(),
        Some("queued" | "running")
    ));
    // Counted before the answer (the upload is small), so the total is known.
    assert_eq!(accepted["progress"]["total"], 600);

    let (run, seen) = wait_for_run(&app.base, &token, &location).await;
    assert_eq!(run["state"], "finished", "{run}");
    assert_eq!(run["report"]["summary"]["created"], 600, "{run}");
    assert_eq!(run["progress"]["done"], 600);
    assert!(run["finished_at"].is_string());
    // Progress only grows, and never past the total.
    let dones: Vec<u64> = seen
        .iter()
        .map(|s| s["progress"]["done"].as_u64().unwrap())
        .collect();
    assert!(dones.windows(2).all(|w| w[0] <= w[1]), "{dones:?}");
    assert!(dones.iter().all(|&d| d <= 600));
    let stored: i64 = sqlx::query_scalar("SELECT count(*) FROM articles WHERE slug LIKE 'big%'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(stored, 600);

    // The same upload again, waited for: every item unchanged.
    let r = post_zip(&app.base, &token, "?async=false", zip).await;
    assert_eq!(r.status(), 200);
    let report: Value = r.json().await.unwrap();
    assert_eq!(report["summary"]["unchanged"], 600, "{report}");

    // The run's page in the admin UI shows the report.
    let editor = app.login("editor").await;
    let id = location.rsplit('/').next().unwrap();
    let page = editor.html(&format!("/admin/imports/{id}")).await;
    let state = crate::app::select_texts(&page, "#run-state");
    assert_eq!(state, ["已完成"]);
    let created = crate::app::select_texts(&page, "#summary td.created");
    assert_eq!(created, ["600"]);
}

#[tokio::test]
async fn a_small_import_can_be_sent_to_the_background_and_an_atomic_failure_is_reported() {
    let app = TestApp::spawn().await;
    let token = app.token_for(1).await;
    let dir = app.db.folder("in");
    let zip = std::fs::read(zip_of(
        &dir.join("bad.zip"),
        &[
            ("good.md", &crate::helpers::post("好", "")),
            ("bad.md", b"---\ntitle: [unclosed\n---\nbody\n"),
        ],
    ))
    .unwrap();
    let r = post_zip(&app.base, &token, "?async=true", zip).await;
    assert_eq!(r.status(), 202);
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    let (run, _) = wait_for_run(&app.base, &token, &location).await;
    // The run ended; its report says the atomic import wrote nothing.
    assert_eq!(run["state"], "finished");
    assert_eq!(run["report"]["committed"], false, "{run}");
    assert_eq!(run["report"]["summary"]["failed"], 1);
    let failed = run["report"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["status"] == "failed")
        .unwrap()
        .clone();
    assert!(
        failed["error"]["message"]
            .as_str()
            .unwrap()
            .contains("bad.md"),
        "{failed}"
    );
    let good: i64 = sqlx::query_scalar("SELECT count(*) FROM articles WHERE title = '好'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(good, 0);
}

#[tokio::test]
async fn runs_are_for_editors_and_admins_and_unknown_ones_are_404() {
    let app = TestApp::spawn().await;
    let author = app.token_for(3).await;
    let editor = app.token_for(2).await;
    let get = |token: String, path: &'static str| {
        let base = app.base.clone();
        async move {
            let r = reqwest::Client::new()
                .get(format!("{base}{path}"))
                .bearer_auth(token)
                .send()
                .await
                .unwrap();
            let status = r.status().as_u16();
            (status, r.json::<Value>().await.unwrap())
        }
    };
    let (status, body) = get(author, "/admin/api/imports/1").await;
    assert_eq!(status, 403);
    assert_eq!(body["error"]["code"], "forbidden");
    let (status, body) = get(editor, "/admin/api/imports/999").await;
    assert_eq!(status, 404);
    assert_eq!(body["error"]["code"], "not_found");
}

#[tokio::test]
async fn the_import_page_sends_a_large_upload_to_the_run_page() {
    let app = TestApp::spawn_with(&[("FOLIO_ASYNC_IMPORT_ITEMS", "10")]).await;
    let zip = many_posts_zip(&app.db.folder("in").join("ui.zip"), 50, "ui");
    let editor = app.login("editor").await;
    let form = reqwest::multipart::Form::new()
        .text("csrf", editor.csrf.clone())
        .text("on_conflict", "skip")
        .text("atomic", "1")
        .part(
            "file",
            reqwest::multipart::Part::bytes(zip).file_name("ui.zip"),
        );
    let r = editor
        .client
        .post(format!("{}/admin/import", app.base))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let page = r.headers()["location"].to_str().unwrap().to_owned();
    assert!(page.starts_with("/admin/imports/"), "{page}");
    let id = page.rsplit('/').next().unwrap();
    let token = app.token_for(2).await;
    let (run, _) = wait_for_run(&app.base, &token, &format!("/admin/api/imports/{id}")).await;
    assert_eq!(run["report"]["summary"]["created"], 50, "{run}");
    let html = editor.html(&page).await;
    assert_eq!(crate::app::select_texts(&html, "#run-state"), ["已完成"]);
}
