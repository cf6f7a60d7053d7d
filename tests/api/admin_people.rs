//! Users, the account page, API tokens and the audit log over real HTTP.

use scraper::Html;

use crate::app::{PASSWORD, TestApp, select_texts};

#[tokio::test]
async fn admins_create_users_with_a_password_shown_once_and_manage_roles() {
    let app = TestApp::spawn().await;
    let admin = app.login("admin").await;
    let r = admin
        .post(
            "/admin/users",
            &[
                ("email", "new@folio.test"),
                ("role", "editor"),
                ("password", ""),
            ],
        )
        .await;
    assert_eq!(r.status(), 200);
    let html = Html::parse_document(&r.text().await.unwrap());
    let secret = select_texts(&html, "#generated-password").concat();
    assert_eq!(secret.len(), 20);
    assert_eq!(
        app.post_login(&app.client(), "new@folio.test", &secret)
            .await
            .status(),
        303
    );
    // A second account for the same email is refused, naming the field.
    let r = admin
        .post(
            "/admin/users",
            &[
                ("email", "NEW@folio.test"),
                ("role", "author"),
                ("password", ""),
            ],
        )
        .await;
    assert_eq!(r.status(), 422);

    let id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = 'new@folio.test'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    admin
        .post(&format!("/admin/users/{id}/role"), &[("role", "author")])
        .await;
    let role: String = sqlx::query_scalar("SELECT role FROM users WHERE id = ?1")
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(role, "author");

    // The last enabled admin can be neither demoted nor disabled.
    assert_eq!(
        admin
            .post("/admin/users/1/role", &[("role", "editor")])
            .await
            .status(),
        422
    );
    assert_eq!(
        admin.post("/admin/users/1/disable", &[]).await.status(),
        422
    );

    // A reset shows a new password once and ends the user's sessions.
    let editor = app.login("editor").await;
    let r = admin.post("/admin/users/2/password", &[]).await;
    let html = Html::parse_document(&r.text().await.unwrap());
    let secret = select_texts(&html, "#generated-password").concat();
    assert_eq!(editor.get("/admin").await.status(), 303);
    assert_eq!(
        app.post_login(&app.client(), "editor@folio.test", &secret)
            .await
            .status(),
        303
    );

    let editor = app.login("author").await;
    assert_eq!(editor.get("/admin/users").await.status(), 403);
    assert_eq!(
        editor
            .post("/admin/users", &[("email", "x@y.z"), ("role", "admin")])
            .await
            .status(),
        403
    );
}

#[tokio::test]
async fn changing_ones_password_rotates_this_session_ends_the_others_and_lists_tokens() {
    let app = TestApp::spawn().await;
    let here = app.login("author").await;
    let elsewhere = app.login("author").await;
    let token = app.token_for(3).await;
    let cookie_before = here.cookies();
    let new = "a-new-long-password-42";
    let r = here
        .post(
            "/admin/account/password",
            &[("current", "wrong"), ("new", new), ("confirm", new)],
        )
        .await;
    assert_eq!(r.status(), 422);
    // The policy: long enough is not enough.
    let r = here
        .post(
            "/admin/account/password",
            &[
                ("current", PASSWORD),
                ("new", "password1234"),
                ("confirm", "password1234"),
            ],
        )
        .await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("太容易被猜到"));
    let r = here
        .post(
            "/admin/account/password",
            &[("current", PASSWORD), ("new", new), ("confirm", new)],
        )
        .await;
    assert_eq!(r.status(), 200);
    let html = Html::parse_document(&r.text().await.unwrap());
    assert_eq!(
        select_texts(&html, "#tokens-after-change tr[data-name] td:first-child"),
        ["test"],
        "the user's tokens are listed to revoke"
    );
    // This browser goes on under a new session id; the old id is dead.
    assert_ne!(here.cookies(), cookie_before);
    assert_eq!(here.get("/admin").await.status(), 200);
    let stale = app.client();
    let r = stale
        .get(format!("{}/admin", app.base))
        .header("cookie", &cookie_before)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303, "the old session id no longer works");
    assert_eq!(elsewhere.get("/admin").await.status(), 303);
    // The token still works until revoked.
    let r = reqwest::Client::new()
        .get(format!("{}/admin/api/articles", app.base))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(
        app.post_login(&app.client(), "author@folio.test", new)
            .await
            .status(),
        303
    );
}

#[tokio::test]
async fn tokens_are_shown_once_stored_as_hashes_and_revocable() {
    let app = TestApp::spawn().await;
    let editor = app.login("editor").await;
    let r = editor.post("/admin/tokens", &[("name", "crawler")]).await;
    assert_eq!(r.status(), 400, "a token needs the password again");
    assert_eq!(app.db.count("api_tokens").await, 0);
    let r = editor
        .post(
            "/admin/tokens",
            &[("name", "crawler"), ("password", "not the password")],
        )
        .await;
    assert_eq!(r.status(), 422);
    let r = editor
        .post(
            "/admin/tokens",
            &[("name", "crawler"), ("password", PASSWORD)],
        )
        .await;
    let html = Html::parse_document(&r.text().await.unwrap());
    let secret = select_texts(&html, "#new-token").concat();
    assert!(secret.starts_with("folio_"), "{secret}");
    let stored: Vec<u8> = sqlx::query_scalar("SELECT token_hash FROM api_tokens")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(stored, folio::auth::token::hash(&secret));
    let html = editor.html("/admin/tokens").await;
    assert!(!html.html().contains(&secret), "never shown again");
    // Another (non-admin) user cannot revoke it; its owner can.
    let author = app.login("author").await;
    assert_eq!(
        author
            .post("/admin/tokens/1/revoke", &[("confirm", "1")])
            .await
            .status(),
        404
    );
    assert_eq!(
        editor
            .post("/admin/tokens/1/revoke", &[("confirm", "1")])
            .await
            .status(),
        303
    );
    assert_eq!(
        app.db
            .count("api_tokens WHERE revoked_at IS NOT NULL")
            .await,
        1
    );
}

#[tokio::test]
async fn the_audit_log_shows_who_did_what_to_admins_only() {
    let app = TestApp::spawn().await;
    app.post_login(&app.client(), "editor@folio.test", "wrong")
        .await;
    let editor = app.login("editor").await;
    let id = app.seed_ids().await[0];
    editor
        .post(&format!("/admin/articles/{id}/unpublish"), &[])
        .await;
    editor.get("/admin/export/download?format=json").await;
    let admin = app.login("admin").await;
    admin
        .post("/admin/users/3/role", &[("role", "editor")])
        .await;
    let html = admin.html("/admin/audit").await;
    let actions: Vec<String> = html
        .select(&scraper::Selector::parse("#audit tr[data-action]").unwrap())
        .filter_map(|tr| tr.value().attr("data-action").map(str::to_owned))
        .collect();
    // Each said in the reader's language.
    let said = select_texts(&html, "#audit tr[data-action] .action");
    assert!(said.contains(&"设置角色".to_owned()), "{said:?}");
    for expected in ["login_failed", "login", "unpublish", "export", "set_role"] {
        assert!(
            actions.contains(&expected.to_owned()),
            "{expected} in {actions:?}"
        );
    }
    let html = admin.html("/admin/audit?action=login_failed").await;
    assert_eq!(select_texts(&html, "#audit tr[data-action]").len(), 1);
    assert_eq!(editor.get("/admin/audit").await.status(), 403);
}
