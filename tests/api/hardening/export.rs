//! Exports hold no secret, not even a deleted one, and only what the
//! exporting role may see; a browser asks for the password before the
//! whole database.

use reqwest::{Method, StatusCode};

use crate::app::{PASSWORD, TestApp};

/// Every secret the database holds or held: password hashes (current and
/// replaced), session token hashes and CSRF tokens (live and ended), API
/// token hashes. Read as stored, so the export can be searched for them.
async fn secrets(app: &TestApp) -> Vec<Vec<u8>> {
    let pool = &app.db.pool;
    let mut found: Vec<Vec<u8>> = Vec::new();
    for sql in [
        "SELECT CAST(password_hash AS BLOB) FROM users",
        "SELECT token_hash FROM sessions",
        "SELECT CAST(csrf_token AS BLOB) FROM sessions",
        "SELECT token_hash FROM api_tokens",
    ] {
        let rows: Vec<Vec<u8>> = sqlx::query_scalar(sql).fetch_all(pool).await.unwrap();
        found.extend(rows);
    }
    found
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(haystack, needle).is_some()
}

async fn api_export(app: &TestApp, token: &str) -> Vec<u8> {
    let r = app
        .api(Method::GET, token, "/admin/api/export?format=sqlite")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r.bytes().await.unwrap().to_vec()
}

#[tokio::test]
async fn an_export_holds_no_secret_of_its_source_not_even_a_deleted_one() {
    let app = TestApp::spawn().await;
    let admin_token = app.token_for(1).await;
    let editor_token = app.token_for(2).await;
    // Secrets that are then replaced or ended: a password changed, a
    // session logged out, sessions ended by the change. Three hundred
    // sessions fill pages that their ending frees: free pages are where a
    // page-by-page copy kept them.
    let mut conn = app.db.pool.acquire().await.unwrap();
    for _ in 0..300 {
        let secret = folio::auth::session::new_token();
        let session = folio::db::sessions::NewSession {
            token_hash: &folio::auth::token::hash(&secret),
            user_id: 3,
            csrf_token: &folio::auth::session::new_csrf_token(),
            ip: Some("192.0.2.1"),
            user_agent: Some("a browser of the past"),
        };
        folio::db::sessions::insert(&mut conn, session, chrono::Utc::now())
            .await
            .unwrap();
    }
    drop(conn);
    let author = app.login("author").await;
    let editor = app.login("editor").await;
    let mut all = secrets(&app).await;
    let new = "a-new-long-password-42";
    let r = author
        .post(
            "/admin/account/password",
            &[("current", PASSWORD), ("new", new), ("confirm", new)],
        )
        .await;
    assert_eq!(r.status(), 200);
    assert_eq!(editor.post("/admin/logout", &[]).await.status(), 303);
    let _admin = app.login("admin").await;
    all.extend(secrets(&app).await);
    assert!(all.len() > 10, "{}", all.len());

    for token in [&admin_token, &editor_token] {
        let bytes = api_export(&app, token).await;
        for secret in &all {
            assert!(
                !contains(&bytes, secret),
                "the export holds {:?}",
                String::from_utf8_lossy(secret)
            );
        }
    }
}

#[tokio::test]
async fn an_editors_export_holds_no_users_or_audit_log() {
    let app = TestApp::spawn().await;
    let _ = app.login("admin").await;
    let bytes = api_export(&app, &app.token_for(2).await).await;
    for email in ["admin@folio.test", "editor@folio.test", "author@folio.test"] {
        assert!(!contains(&bytes, email.as_bytes()), "{email}");
    }
    let path = app.db.folder("out").join("editor.sqlite");
    std::fs::write(&path, &bytes).unwrap();
    let copy = folio::db::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    for table in ["users", "audit_log", "login_known"] {
        let n: i64 =
            sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT count(*) FROM {table}")))
                .fetch_one(&copy)
                .await
                .unwrap();
        assert_eq!(n, 0, "{table}");
    }
    let articles: i64 = sqlx::query_scalar("SELECT count(*) FROM articles")
        .fetch_one(&copy)
        .await
        .unwrap();
    assert_eq!(articles, 2);
    // An admin's export keeps them (without hashes).
    let bytes = api_export(&app, &app.token_for(1).await).await;
    assert!(contains(&bytes, b"editor@folio.test"));
    // And the JSON export follows the same rule.
    let json: serde_json::Value = app
        .api(
            Method::GET,
            &app.token_for(2).await,
            "/admin/api/export?format=json",
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(json["users"], serde_json::json!([]));
}

#[tokio::test]
async fn a_browser_asks_for_the_password_before_the_whole_database() {
    let app = TestApp::spawn().await;
    let s = app.login("editor").await;
    let r = s.get("/admin/export/download?format=sqlite").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = s
        .client
        .get(format!("{}/admin/api/export?format=sqlite", app.base))
        .header("X-CSRF-Token", &s.csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a session, not a token"
    );
    let r = s
        .post("/admin/export/sqlite", &[("password", "wrong")])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = s
        .post("/admin/export/sqlite", &[("password", PASSWORD)])
        .await;
    assert_eq!(r.status(), 200);
    assert!(r.bytes().await.unwrap().starts_with(b"SQLite format 3\0"));
}
