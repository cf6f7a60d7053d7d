//! Rendering costs time linear in a body's size whatever its shape, on
//! every path a body takes: preview, save, import, API create and update,
//! restore.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::app::TestApp;

/// End tags that match nothing: the parser ignores them, so each `<div>`
/// nests inside the last. A guard that counted them as closing saw depth 1.
fn unmatched_ends(bytes: usize) -> String {
    "<div></span>".repeat(bytes / 12)
}

async fn create(app: &TestApp, token: &str, slug: &str, body: &str) -> (Duration, Value) {
    let started = Instant::now();
    let r = app
        .api_create_article(token, &json!({ "title": slug, "slug": slug, "body": body }))
        .await;
    let took = started.elapsed();
    assert_eq!(r.status(), 201, "create {slug}");
    (took, r.json().await.unwrap())
}

#[tokio::test]
async fn a_body_whose_end_tags_match_nothing_costs_time_linear_in_its_size() {
    let app = TestApp::spawn().await;
    let token = app.token_for(2).await;
    let (small, large) = (unmatched_ends(128 * 1024), unmatched_ends(256 * 1024));
    let mut best = [Duration::MAX; 2];
    for round in 0..3 {
        for (i, body) in [&small, &large].into_iter().enumerate() {
            let (took, article) = create(&app, &token, &format!("deep-{round}-{i}"), body).await;
            best[i] = best[i].min(took);
            let html = article["html"].as_str().unwrap();
            assert!(
                html.starts_with("<pre>&lt;div&gt;&lt;/span&gt;"),
                "shown escaped, not parsed: {}",
                &html[..60]
            );
        }
    }
    // Quadratic (the fooled guard): 4x for twice the input, seconds each in
    // a debug build; linear: 2x of a few milliseconds, where a request's
    // own cost and the machine's noise weigh as much as the body (hence
    // the allowance).
    let allowance = Duration::from_millis(100);
    assert!(
        best[1] < best[0] * 3 + allowance && best[1] < Duration::from_secs(30),
        "128 KiB took {:?}, 256 KiB {:?}",
        best[0],
        best[1]
    );
}

#[tokio::test]
async fn every_path_a_body_takes_goes_through_the_same_guard() {
    let app = TestApp::spawn().await;
    let token = app.token_for(2).await;
    let deep = unmatched_ends(64 * 1024);
    let escaped = |html: &str| html.starts_with("<pre>&lt;div&gt;");
    let editor = app.login("editor").await;

    // Preview.
    let r: Value = editor
        .client
        .post(format!("{}/admin/preview", app.base))
        .header("X-CSRF-Token", &editor.csrf)
        .json(&json!({ "body": deep }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(escaped(r["html"].as_str().unwrap()), "preview");

    // Import.
    let document = json!({"format": "folio/v1", "articles": [{
        "slug": "imported-deep", "title": "t", "status": "draft",
        "date": "2026-01-01T00:00:00Z", "body": deep,
    }]});
    let (status, report) = app
        .api_import(
            &token,
            "",
            "application/json",
            document.to_string().into_bytes(),
        )
        .await;
    assert_eq!(status, 200, "{report}");
    let html = |slug: &'static str| {
        let pool = app.db.pool.clone();
        async move {
            sqlx::query_scalar::<_, String>("SELECT body_html FROM articles WHERE slug = ?1")
                .bind(slug)
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };
    assert!(escaped(&html("imported-deep").await), "import");

    // The editor's save, then a restore of the version before it.
    let id = app.article_id("imported-deep").await;
    let form = editor.edit_form(id).await;
    let r = editor.save(id, &form, &[("body", "<p>shallow</p>")]).await;
    assert_eq!(r.status(), 303);
    assert_eq!(html("imported-deep").await, "<p>shallow</p>");
    let r = editor
        .post(&format!("/admin/articles/{id}/revisions/1/restore"), &[])
        .await;
    assert_eq!(r.status(), 303);
    assert!(escaped(&html("imported-deep").await), "restore");
    let form = editor.edit_form(id).await;
    let r = editor.save(id, &form, &[("body", &deep)]).await;
    assert_eq!(r.status(), 303);
    assert!(escaped(&html("imported-deep").await), "editor save");

    // API update.
    let (_, created) = create(&app, &token, "api-shallow", "<p>x</p>").await;
    let r: Value = app
        .api_update_article(
            &token,
            &created["id"],
            &json!({ "version": created["version"], "body": deep }),
        )
        .await
        .json()
        .await
        .unwrap();
    assert!(escaped(r["html"].as_str().unwrap()), "API update: {r}");
}
