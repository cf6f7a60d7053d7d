//! Every page is valid HTML: the Nu Html Checker (`vnu.jar`, from npm in
//! `tests/a11y`, on the machine's Java) finds no error on any admin page,
//! in either language, nor on the public site's pages. Without the checker
//! installed (`npm ci --prefix tests/a11y`) the test says so and skips;
//! with `FOLIO_REQUIRE_A11Y` set (CI) it fails instead.

use std::io::Write;
use std::path::PathBuf;
use std::process::Command;

use crate::app::{Session, TestApp};

/// Where `npm ci --prefix tests/a11y` puts a checker's file.
pub fn a11y_file(path: &str) -> Option<PathBuf> {
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/a11y/node_modules")
        .join(path);
    if file.exists() {
        return Some(file);
    }
    let why = format!(
        "{} is missing: run npm ci --prefix tests/a11y",
        file.display()
    );
    assert!(std::env::var_os("FOLIO_REQUIRE_A11Y").is_none(), "{why}");
    let _ = writeln!(std::io::stderr(), "SKIPPED: {why}");
    None
}

/// The HTML `path` answers (any status: error pages are pages too).
async fn fetch(client: &reqwest::Client, base: &str, path: &str) -> String {
    client
        .get(format!("{base}{path}"))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// The admin pages to check, with what they need made first.
async fn admin_pages(app: &TestApp, s: &Session) -> Vec<String> {
    let id = app.seed_ids().await[0];
    s.post(
        "/admin/tokens",
        &[("name", "检查"), ("password", crate::app::PASSWORD)],
    )
    .await;
    let token = app.token_for(1).await;
    let zip = crate::helpers::zip_of(
        &app.db.folder("markup").join("posts.zip"),
        &[("bad.md", b"---\ntitle: [x\n---\n")],
    );
    app.api_import(&token, "", "application/zip", std::fs::read(zip).unwrap())
        .await;
    let category: i64 = sqlx::query_scalar("SELECT min(id) FROM categories")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    [
        "/admin".to_owned(),
        "/admin/articles".to_owned(),
        "/admin/articles?q=%E9%87%91%E8%9E%8D".to_owned(),
        "/admin/articles?trash=1".to_owned(),
        "/admin/articles/new".to_owned(),
        format!("/admin/articles/{id}"),
        format!("/admin/articles/{id}/revisions"),
        format!("/admin/articles/{id}/revisions/compare?from=1&to=1"),
        "/admin/tags".to_owned(),
        "/admin/categories".to_owned(),
        format!("/admin/categories/{category}"),
        "/admin/import".to_owned(),
        "/admin/imports/1".to_owned(),
        "/admin/export".to_owned(),
        "/admin/users".to_owned(),
        "/admin/audit".to_owned(),
        "/admin/tokens".to_owned(),
        "/admin/account".to_owned(),
        "/admin/no-such-page".to_owned(),
    ]
    .into_iter()
    .chain(crate::media_pages::media_pages(&app.db.pool).await)
    .collect()
}

#[tokio::test]
async fn every_page_is_valid_html() {
    let Some(jar) = a11y_file("vnu-jar/build/dist/vnu.jar") else {
        return;
    };
    let app = TestApp::spawn().await;
    let admin = app.login("admin").await;
    let mut pages: Vec<(String, String)> = Vec::new();
    let paths = admin_pages(&app, &admin).await;
    for path in &paths {
        pages.push((
            format!("zh {path}"),
            fetch(&admin.client, &app.base, path).await,
        ));
    }
    // A confirmation page, a page with a form refused, and the login page.
    let asked = admin.post("/admin/articles/trash/empty", &[]).await;
    pages.push(("confirm".into(), asked.text().await.unwrap()));
    let refused = admin
        .post(
            "/admin/account/preferences",
            &[("lang", "xx"), ("time_zone", "UTC")],
        )
        .await;
    pages.push(("error page".into(), refused.text().await.unwrap()));
    pages.push((
        "login".into(),
        fetch(&app.client(), &app.base, "/admin/login").await,
    ));
    // English.
    admin
        .post(
            "/admin/account/preferences",
            &[("lang", "en"), ("time_zone", "Asia/Shanghai")],
        )
        .await;
    for path in &paths {
        pages.push((
            format!("en {path}"),
            fetch(&admin.client, &app.base, path).await,
        ));
    }
    // The public site.
    let public = app.client();
    for path in [
        "/",
        "/archives",
        "/tags",
        "/categories",
        "/search?q=%E9%87%91%E8%9E%8D",
        "/search",
        "/no/such/page",
    ] {
        pages.push((
            format!("site {path}"),
            fetch(&public, &app.base, path).await,
        ));
    }
    let slug: String =
        sqlx::query_scalar("SELECT slug FROM articles WHERE status = 'published' LIMIT 1")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    pages.push((
        "site article".into(),
        fetch(&public, &app.base, &format!("/articles/{slug}")).await,
    ));

    for (page, html) in &pages {
        assert!(
            html.contains("<main"),
            "{page} is a page: {}",
            &html[..html.len().min(200)]
        );
    }
    assert!(
        pages
            .iter()
            .any(|(p, html)| p == "site article" && html.contains("<article")),
        "the article page itself"
    );
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<PathBuf> = pages
        .iter()
        .enumerate()
        .map(|(i, (_, html))| {
            let file = dir.path().join(format!("{i:03}.html"));
            std::fs::write(&file, html).unwrap();
            file
        })
        .collect();
    let out = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--format", "json", "--stdout"])
        .args(&files)
        .output()
        .expect("java runs the Nu Html Checker");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    let errors: Vec<String> = report["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["type"] == "error")
        .map(|m| {
            let url = m["url"].as_str().unwrap_or_default();
            let n: usize = url
                .rsplit('/')
                .next()
                .and_then(|f| f.strip_suffix(".html"))
                .and_then(|n| n.parse().ok())
                .unwrap_or(usize::MAX);
            let page = pages.get(n).map_or("?", |(p, _)| p.as_str());
            format!(
                "{page} line {}: {} [{}]",
                m["lastLine"],
                m["message"].as_str().unwrap_or_default(),
                m["extract"].as_str().unwrap_or_default()
            )
        })
        .collect();
    assert!(pages.len() > 40, "{}", pages.len());
    assert!(
        errors.is_empty(),
        "{} errors:\n{}",
        errors.len(),
        errors.join("\n")
    );
}
