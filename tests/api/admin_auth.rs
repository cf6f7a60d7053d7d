//! Logging in and out, sessions, CSRF, the login throttle and the admin's
//! security headers, over real HTTP.

use crate::app::{PASSWORD, TestApp, select_texts};
use scraper::Html;

fn location(r: &reqwest::Response) -> String {
    r.headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

#[tokio::test]
async fn anonymous_visitors_are_sent_to_the_login_page_and_back_afterwards() {
    let app = TestApp::spawn().await;
    let client = app.client();
    let r = client
        .get(format!("{}/admin/articles?q=x", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(
        location(&r),
        "/admin/login?next=%2Fadmin%2Farticles%3Fq%3Dx"
    );
    let r = client
        .post(format!("{}/admin/login", app.base))
        .form(&[
            ("email", "editor@folio.test"),
            ("password", PASSWORD),
            ("next", "/admin/articles?q=x"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/admin/articles?q=x");
    // Never off-site.
    let r = client
        .post(format!("{}/admin/login", app.base))
        .form(&[
            ("email", "editor@folio.test"),
            ("password", PASSWORD),
            ("next", "//evil.example/admin"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&r), "/admin");
}

#[tokio::test]
async fn login_sets_a_hardened_cookie_rotates_the_session_and_logout_ends_it() {
    let app = TestApp::spawn().await;
    let s = app.login("editor").await;
    let first_hash: Vec<u8> = sqlx::query_scalar("SELECT token_hash FROM sessions")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    // A second login from the same browser replaces the session.
    let r = app
        .post_login(&s.client, "editor@folio.test", PASSWORD)
        .await;
    let cookie = r
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.starts_with("folio_session="), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let hashes: Vec<Vec<u8>> = sqlx::query_scalar("SELECT token_hash FROM sessions")
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(hashes.len(), 1);
    assert_ne!(hashes[0], first_hash);
    // Only a hash of the token is stored.
    let token = cookie.split(';').next().unwrap().split_once('=').unwrap().1;
    assert_eq!(hashes[0], folio::auth::token::hash(token));

    let s = app.login("editor").await;
    let r = s.post("/admin/logout", &[]).await;
    assert_eq!(r.status(), 303);
    assert_eq!(s.get("/admin").await.status(), 303);
    assert_eq!(
        app.db.count("sessions WHERE user_id = 2").await,
        1,
        "only the first browser's session is left"
    );
}

#[tokio::test]
async fn cookies_are_secure_and_host_prefixed_when_served_over_https() {
    let app = TestApp::spawn_with(&[("FOLIO_PUBLIC_URL", "https://folio.test")]).await;
    let r = app
        .post_login(&app.client(), "admin@folio.test", PASSWORD)
        .await;
    let cookie = r.headers().get("set-cookie").unwrap().to_str().unwrap();
    assert!(cookie.starts_with("__Host-folio_session="), "{cookie}");
    assert!(
        cookie.contains("Secure") && cookie.contains("Path=/"),
        "{cookie}"
    );
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_email_get_the_same_answer() {
    let app = TestApp::spawn().await;
    let client = app.client();
    let wrong = app.post_login(&client, "editor@folio.test", "nope").await;
    let unknown = app.post_login(&client, "nobody@folio.test", "nope").await;
    assert_eq!(wrong.status(), 401);
    assert_eq!(unknown.status(), 401);
    let a = select_texts(
        &Html::parse_document(&wrong.text().await.unwrap()),
        "#login-error",
    );
    let b = select_texts(
        &Html::parse_document(&unknown.text().await.unwrap()),
        "#login-error",
    );
    assert_eq!(a, b);
    assert_eq!(
        app.db
            .count("audit_log WHERE action = 'login_failed'")
            .await,
        2
    );
}

#[tokio::test]
async fn five_failures_throttle_the_account_here_a_success_resets_and_passwd_lifts_it() {
    let app = TestApp::spawn().await;
    let client = app.client();
    for _ in 0..4 {
        assert_eq!(
            app.post_login(&client, "author@folio.test", "bad")
                .await
                .status(),
            401
        );
    }
    // A success resets the count.
    assert_eq!(
        app.post_login(&client, "author@folio.test", PASSWORD)
            .await
            .status(),
        303
    );
    for _ in 0..5 {
        assert_eq!(
            app.post_login(&client, "author@folio.test", "bad")
                .await
                .status(),
            401
        );
    }
    let r = app.post_login(&client, "author@folio.test", PASSWORD).await;
    assert_eq!(r.status(), 429, "even the right password waits");
    let retry: i64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    // Another account from the same address is not held (the address's
    // own limit is 20).
    assert_eq!(
        app.post_login(&client, "editor@folio.test", PASSWORD)
            .await
            .status(),
        303
    );
    // An operator's reset lifts the account's locks.
    let out = app.db.folio_with_stdin(
        &["user", "passwd", "author@folio.test"],
        Some("blue-kettle-morning-7\n"),
    );
    assert!(out.status.success(), "{}", crate::helpers::stderr(&out));
    assert_eq!(
        app.post_login(&client, "author@folio.test", "blue-kettle-morning-7")
            .await
            .status(),
        303
    );
}

#[tokio::test]
async fn idle_and_absolute_lifetimes_end_sessions() {
    let app = TestApp::spawn().await;
    let s = app.login("editor").await;
    sqlx::query("UPDATE sessions SET last_seen_at = last_seen_at - 7201")
        .execute(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(s.get("/admin").await.status(), 303, "idle for over 2 h");
    assert_eq!(app.db.count("sessions").await, 0, "and deleted");

    let s = app.login("editor").await;
    sqlx::query("UPDATE sessions SET created_at = created_at - 43201")
        .execute(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(s.get("/admin").await.status(), 303, "older than 12 h");
}

#[tokio::test]
async fn a_password_change_or_a_disabled_account_ends_every_session() {
    let app = TestApp::spawn().await;
    let s = app.login("author").await;
    let out = app.db.folio_with_stdin(
        &["user", "passwd", "author@folio.test"],
        Some("quiet-harbor-lamp-19\n"),
    );
    assert!(out.status.success());
    assert_eq!(s.get("/admin").await.status(), 303);

    let s = app.login("editor").await;
    let out = app.db.folio(&["user", "disable", "editor@folio.test"]);
    assert!(out.status.success());
    assert_eq!(s.get("/admin").await.status(), 303);
    let r = app
        .post_login(&app.client(), "editor@folio.test", PASSWORD)
        .await;
    assert_eq!(r.status(), 401, "a disabled user cannot log in");
}

#[tokio::test]
async fn state_changes_without_the_csrf_token_or_from_another_origin_are_refused() {
    let app = TestApp::spawn().await;
    let s = app.login("editor").await;
    let id = app.seed_ids().await[0];
    let path = format!("/admin/articles/{id}/unpublish");
    assert_eq!(s.post_raw(&path, &[]).await.status(), 403, "no token");
    assert_eq!(
        s.post_raw(&path, &[("csrf", "forged")]).await.status(),
        403,
        "wrong token"
    );
    let foreign = s
        .client
        .post(format!("{}{path}", s.base))
        .header("Origin", "https://evil.example")
        .form(&[("csrf", s.csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(foreign.status(), 403, "foreign origin");
    let header = s
        .client
        .post(format!("{}/admin/preview", s.base))
        .header("X-CSRF-Token", &s.csrf)
        .json(&serde_json::json!({ "body": "<b>x</b>" }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        header.status(),
        200,
        "the header carries the token for scripts"
    );
    let status: String = sqlx::query_scalar("SELECT status FROM articles WHERE id = ?1")
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(status, "published", "nothing changed");
    assert_eq!(
        s.post(&path, &[]).await.status(),
        303,
        "with the token it works"
    );
}

#[tokio::test]
async fn every_admin_response_carries_the_security_headers() {
    let app = TestApp::spawn().await;
    let s = app.login("author").await;
    let anonymous = app.client();
    let responses = vec![
        anonymous
            .get(format!("{}/admin/login", app.base))
            .send()
            .await
            .unwrap(),
        anonymous
            .get(format!("{}/admin", app.base))
            .send()
            .await
            .unwrap(),
        s.get("/admin").await,
        s.get("/admin/articles").await,
        s.get("/admin/no/such/page").await,
        s.post(
            &format!("/admin/articles/{}/publish", app.seed_ids().await[0]),
            &[],
        )
        .await,
    ];
    let statuses: Vec<u16> = responses.iter().map(|r| r.status().as_u16()).collect();
    assert_eq!(statuses, [200, 303, 200, 200, 404, 403]);
    for r in responses {
        let h = r.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
            "{csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["referrer-policy"], "same-origin");
        assert_eq!(h["cache-control"], "no-store");
    }
}

#[tokio::test]
async fn errors_are_html_pages_for_the_browser() {
    let app = TestApp::spawn().await;
    let s = app.login("author").await;
    let r = s.get("/admin/articles/999999").await;
    assert_eq!(r.status(), 404);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let html = Html::parse_document(&r.text().await.unwrap());
    // In the admin's language (FOLIO_ADMIN_LANG: no Accept-Language here).
    assert_eq!(select_texts(&html, "h1"), ["找不到页面 (404)"]);
    assert_eq!(
        select_texts(&html, "#error-message"),
        ["找不到该页面或对象"]
    );
}
